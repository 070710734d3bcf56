"""Finds policy values typed by hand in an article's prose, where a marker belongs."""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal, get_currency_symbol

from helpcentre.policies.format import format_plain, home_symbol
from helpcentre.policies.markers import lines_with_code_state, text_segments
from helpcentre.policies.model import Money, PolicyBook, PolicyType

# Types whose values read as a short phrase a writer could copy ("30 jours", "£25.00");
# texts, contacts and tables are sentences or blocks, not facts typed in passing.
# Bare numbers are left out: "5" or "10" in prose is too often a step or a count.
SCALAR_TYPES = (PolicyType.DURATION, PolicyType.MONEY, PolicyType.PERCENT, PolicyType.DATE)
ALLOW_SYNTAX = "<!-- literal: {text} -->"


@dataclass(frozen=True)
class TypedValue:
    """A value of the data file found in prose; `line` and `col` are 1-based."""

    text: str  # as typed in the page, on one line
    keys: tuple[str, ...]  # the policies that have this value (in force or scheduled)
    line: int
    col: int

    def message(self) -> str:
        allow = ALLOW_SYNTAX.format(text=self.text)
        if len(self.keys) == 1:
            key = self.keys[0]
            return (
                f"'{self.text}' is the value of policy '{key}': quote it as "
                f"{{{{ policy.{key} }}}} (or mark a deliberate literal with {allow} "
                "on its line)"
            )
        names = ", ".join(f"'{key}'" for key in self.keys)
        return (
            f"'{self.text}' is the value of policies {names}: quote the one you mean, e.g. "
            f"{{{{ policy.{self.keys[0]} }}}} (or mark a deliberate literal with {allow} "
            "on its line)"
        )


@dataclass(frozen=True)
class ValueIndex:
    """Every scalar value of a data file as a page of one language could type it (in its
    own words and in the other site languages'), with its keys."""

    pattern: re.Pattern[str] | None
    keys: dict[str, tuple[str, ...]]  # by the value's comparison form (_folded)
    # The values alone, without what may stand around them: where this finds nothing in
    # the Markdown, `pattern` finds nothing in its prose (blanking text out only removes).
    loose: re.Pattern[str] | None = None


def value_index(
    book: PolicyBook, lang: str, locale: str, others: Iterable[tuple[str, str]] = ()
) -> ValueIndex:
    """The index of a data file's values as a page in `lang` could type them: as `locale`
    writes them, as `others` (the other languages and their locales) write them, and, for
    amounts, with the symbol or code on either side, with or without decimals."""
    return _build_index(book, [(lang, locale), *others])


@dataclass
class ValueIndexes:
    """One data file's index per language, each built once, and each value as a marker
    writes it, formatted once per language: a build holds one of these, so nothing
    outlives the build that loaded the data file. `locales`: every site language's."""

    book: PolicyBook
    locales: Mapping[str, str] = field(default_factory=dict)
    _built: dict[tuple[str, str], ValueIndex] = field(default_factory=dict)
    _written: dict[tuple[object, ...], str] = field(default_factory=dict)

    def get(self, lang: str, locale: str) -> ValueIndex:
        if (lang, locale) not in self._built:
            others = [(other, loc) for other, loc in sorted(self.locales.items()) if other != lang]
            self._built[(lang, locale)] = value_index(self.book, lang, locale, others)
        return self._built[(lang, locale)]

    def written(self, how: tuple[object, ...], write: Callable[[], str]) -> str:
        """`write()`, called once per `how` (what the text depends on: key, field, date,
        language and locale)."""
        if how not in self._written:
            self._written[how] = write()
        return self._written[how]


def typed_values(markdown: str, index: ValueIndex) -> list[TypedValue]:
    """Each policy value typed in the prose of `markdown` (not in code, markers, links or
    HTML, and not marked as a deliberate literal), in order."""
    if index.pattern is None or (index.loose and not index.loose.search(markdown)):
        return []
    masked = _prose_only(markdown)
    allowed = _allowed(markdown)
    found = []
    for match in index.pattern.finditer(masked):
        folded = _folded(match.group(0))
        line = masked.count("\n", 0, match.start()) + 1
        if folded in allowed.get(line, set()):
            continue
        col = match.start() - (masked.rfind("\n", 0, match.start()) + 1) + 1
        text = " ".join(match.group(0).replace("&nbsp;", " ").split())
        found.append(TypedValue(text, index.keys[folded], line, col))
    return found


def allowance_spans(markdown: str) -> list[tuple[int, int]]:
    """Where the allow-literal comments are, outside code, to remove them from the page
    (a comment alone on its line goes with its line, so no paragraph is split)."""
    spans = []
    for match in _ALLOW.finditer(markdown):
        if _in_code(_code_spans(markdown), match.start()):
            continue
        start, end = match.start(), match.end()
        line_start = markdown.rfind("\n", 0, start) + 1
        line_end = markdown.find("\n", end)
        line_end = len(markdown) if line_end < 0 else line_end
        if not markdown[line_start:start].strip() and not markdown[end:line_end].strip():
            spans.append((line_start, min(line_end + 1, len(markdown))))
        else:
            while start > line_start and markdown[start - 1] in " \t":
                start -= 1
            spans.append((start, end))
    return spans


def _build_index(book: PolicyBook, languages: list[tuple[str, str]]) -> ValueIndex:
    keys: dict[str, list[str]] = {}
    forms: set[str] = set()  # as written: "20 %" and "20%" fold alike, but read apart
    for key, policy in sorted(book.policies.items()):
        if policy.type not in SCALAR_TYPES:
            continue
        # Every value, scheduled ones included: an old value typed by hand is the
        # misleading text this looks for.
        for timed in policy.history:
            for text in _typed_forms(policy.type, timed.value, languages):
                folded = _folded(text)
                if not folded:
                    continue
                if key not in keys.setdefault(folded, []):
                    keys[folded].append(key)
                forms.add(text)
    if not keys:
        return ValueIndex(None, {})
    # One branch per character the forms share, rather than one alternative per form:
    # a page costs the same to search however many values the data file holds.
    body = _trie_pattern(sorted(forms))
    pattern = re.compile(rf"(?<![\w.,])(?:{body})(?![\w]|[.,]\d)", re.IGNORECASE)
    loose = re.compile(body, re.IGNORECASE)
    return ValueIndex(pattern, {folded: tuple(names) for folded, names in keys.items()}, loose)


def _typed_forms(kind: PolicyType, value: Any, languages: list[tuple[str, str]]) -> set[str]:
    """The ways a value may be typed: as each language writes it and, for an amount,
    the number in each language's form (grouped or not, with decimals, or without
    when they are zero) before or after the currency's symbols or code."""
    forms = {format_plain(kind, value, lang, locale) for lang, locale in languages}
    if kind == PolicyType.MONEY:
        assert isinstance(value, Money)
        whole = value.amount == value.amount.to_integral_value()
        patterns = ("#,##0.00", "0.00", "#,##0", "0") if whole else ("#,##0.00", "0.00")
        numbers = {
            format_decimal(value.amount, pattern, locale=locale)
            for _, locale in languages
            for pattern in patterns
        }
        units = {value.currency, home_symbol(value.currency) or value.currency}
        units |= {get_currency_symbol(value.currency, locale=locale) for _, locale in languages}
        forms |= {f"{unit} {number}" for unit in units for number in numbers}
        forms |= {f"{number} {unit}" for unit in units for number in numbers}
    return forms


def _trie_pattern(forms: Iterable[str]) -> str:
    """One regular expression matching each of `forms` as typed (see `_atoms`),
    written as a tree of the characters the forms share."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for atom in _atoms(form):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _branches(trie)


def _branches(node: dict[str, Any]) -> str:
    branches = [atom + _branches(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    if _END in node:  # a form ends here and longer ones go on: the longer ones first
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _atoms(text: str) -> list[str]:
    """A value as typed: any space (none, normal, no-break, `&nbsp;`, or a single line
    break) where Babel put one; letters in either case."""
    atoms = []
    for chunk in re.split(r"(\s+)", text):
        if chunk.isspace():
            atoms.append(_SPACE)
        else:
            atoms += [re.escape(char.lower()) for char in chunk]
    return atoms


def _folded(text: str) -> str:
    """The form values are compared in: lower case, without any kind of space."""
    return re.sub(r"\s+", "", text.replace("&nbsp;", " ")).casefold()


@functools.lru_cache(maxsize=16)  # a pure function of the text, asked for three times a page
def _code_spans(markdown: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) offsets of the code in `markdown` (fenced, indented or inline),
    in order and apart."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for _, line, in_code in lines_with_code_state(markdown):
        if in_code:
            if line:
                spans.append((offset, offset + len(line)))
        else:
            position = 0
            for start, end in text_segments(line):
                if start > position:
                    spans.append((offset + position, offset + start))
                position = end
        offset += len(line) + 1  # the newline is never code
    return tuple(spans)


def _in_code(spans: tuple[tuple[int, int], ...], offset: int) -> bool:
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1  # the last span from here back
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _prose_only(markdown: str) -> str:
    """The Markdown with everything but prose blanked out (line breaks kept), so that
    positions stay those of the file and no value matches across a blank."""
    pieces: list[str] = []
    position = 0
    for start, end in _code_spans(markdown):
        pieces += [markdown[position:start], "\0" * (end - start)]
        position = end
    pieces.append(markdown[position:])
    text = "".join(pieces)
    for pattern in _NOT_PROSE:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", "\0", m.group(0)), text)
    return text


def _allowed(markdown: str) -> dict[int, set[str]]:
    """Per line, the values an allow-literal comment lets through: those on its own line,
    or on the next line when the comment stands alone on its line."""
    allowed: dict[int, set[str]] = {}
    for match in _ALLOW.finditer(markdown):
        if _in_code(_code_spans(markdown), match.start()):
            continue
        line = markdown.count("\n", 0, match.start()) + 1
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        line_end = markdown.find("\n", match.end())
        rest = markdown[match.end() : None if line_end < 0 else line_end]
        alone = not markdown[line_start : match.start()].strip() and not rest.strip()
        value = _folded(match.group("text"))
        allowed.setdefault(line, set()).add(value)
        if alone:
            allowed.setdefault(line + 1, set()).add(value)
    return allowed


_SPACE = r"(?:[^\S\n]|&nbsp;)*\n?(?:[^\S\n]|&nbsp;)*"
_END = ""  # in the tree of forms: a form ends here
_ALLOW = re.compile(r"<!--\s*literal:\s*(?P<text>.*?)\s*-->", re.IGNORECASE)
_NOT_PROSE = (
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments, allow-literal ones included
    re.compile(r"\{[^{}\n]*\}+"),  # markers (filled in later), attr_list braces
    re.compile(r"</?[A-Za-z][^<>\n]*>"),  # HTML tags and their attributes, autolinks
    re.compile(r"\]\([^)\n]*\)"),  # link and image destinations
    re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.MULTILINE),  # link reference definitions
    re.compile(r"https?://\S+"),  # bare addresses
    re.compile(r"^[ \t]*\d{1,9}[.)](?=[ \t])", re.MULTILINE),  # ordered-list numbers
)
