"""Collab Explorer: who works with whom in research."""

from importlib.metadata import PackageNotFoundError, version

try:
    # pyproject.toml holds the version; the installed distribution's metadata carries it here.
    __version__ = version("collab-explorer")
except PackageNotFoundError:  # run from a checkout that was never installed: no metadata to read
    __version__ = "0+unknown"
