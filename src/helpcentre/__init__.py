"""Static multilingual help centres: values, content, interface text, theme, MkDocs edge."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("helpcentre")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
