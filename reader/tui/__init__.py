"""The Textual shell over the engine: app, widgets, screens. Everything here is display."""
