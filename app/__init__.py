"""Collab Explorer: who works with whom in research."""

__version__ = "0.1.0"
