"""Helpers the tests share that are not fixtures: paths, screen readers for Pilot, hostile
inputs, a tmux pane. Fixtures live in conftest.py; no test module imports another."""
