"""reader: a terminal reader for news, with entities linked across sources."""

__version__ = "0.1.0"
