"""Typography per language: no-break spaces and apostrophes in text, never in code or URLs."""

from __future__ import annotations

from helpcentre.typography.html import finish_html
from helpcentre.typography.phones import format_phone
from helpcentre.typography.text import Typesetter, typesetter_for

__all__ = ["Typesetter", "finish_html", "format_phone", "typesetter_for"]
