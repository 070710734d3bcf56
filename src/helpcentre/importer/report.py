"""What an import did and what is left for the editor, printed at its end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from unicodedata import category

from helpcentre.importer.state import Outcome


@dataclass
class Report:
    collections: int = 0
    articles: Counter[str] = field(default_factory=Counter)  # site language -> articles
    images: int = 0
    redirects: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    # `path:line:col: message` lines that need a decision (a non-zero exit).
    decisions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # done for the editor, worth reading

    def decide(self, where: str, line: int, col: int, message: str) -> None:
        self.decisions.append(_printable(f"{where}:{line}:{col}: {message}"))

    def note(self, where: str, line: int, col: int, message: str) -> None:
        self.notes.append(_printable(f"{where}:{line}:{col}: {message}"))

    @property
    def needs_decision(self) -> bool:
        return bool(self.decisions)

    def summary(self) -> list[str]:
        per_language = ", ".join(f"{lang} {n}" for lang, n in sorted(self.articles.items()))
        files = ", ".join(
            f"{count} {outcome.value}" for outcome, count in sorted(self.outcomes.items())
        )
        return [
            f"imported: {self.collections} collections; articles: {per_language or 'none'}; "
            f"{self.images} images; {self.redirects} old addresses redirected",
            f"files: {files or 'none written'}",
            f"to decide: {len(self.decisions)}"
            + (" (the lines above; the import exits with 1)" if self.decisions else ""),
        ]


def _printable(line: str) -> str:
    """One line, and no control character from an address or a title reaches the terminal."""
    return "".join("\N{REPLACEMENT CHARACTER}" if category(c) == "Cc" else c for c in line)
