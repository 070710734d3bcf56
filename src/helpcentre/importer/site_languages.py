"""Languages the import found that the site does not have yet, added in progress
(`--add-languages`): an entry in mkdocs.yml's i18n languages, its formatting locale, and
`languages_in_progress`, so the site builds while the interface text is translated."""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale, UnknownLocaleError


def language_entry(code: str) -> str:
    """The i18n entry of a language, as one YAML flow mapping: `{locale: pt, name: ...}`."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{{locale: {code}, name: {name[:1].upper() + name[1:]}, build: true}}"


def languages_line(config_file: Path) -> int:
    """The line of the last language of mkdocs.yml's i18n list (1 when there is none)."""
    lines = config_file.read_text(encoding="utf-8").split("\n")
    found = [n for n, line in enumerate(lines, 1) if re.match(r" *- locale: *\S+ *$", line)]
    return found[-1] if found else 1


def add_languages(config_file: Path, codes: dict[str, str]) -> list[str]:
    """Add each `upstream locale: code` to mkdocs.yml; lines saying what could not be."""
    text = config_file.read_text(encoding="utf-8")
    problems = []
    for locale, code in sorted(codes.items()):
        try:
            name = Locale.parse(code).get_display_name(code) or code
            babel_locale = str(Locale.parse(locale.replace("-", "_")))
        except (ValueError, UnknownLocaleError):
            problems.append(f"'{code}' is not a language Babel knows: add it by hand")
            continue
        entries = list(re.finditer(r"^( *)- locale: *\S+ *$", text, re.MULTILINE))
        if not entries:
            problems.append("mkdocs.yml has no i18n 'languages:' list: add the language by hand")
            break
        indent = entries[-1].group(1)
        end = _end_of_entry(text, entries[-1].end(), len(indent))
        entry = (
            f"{indent}- locale: {code}\n{indent}  name: {name[:1].upper() + name[1:]}\n"
            f"{indent}  build: true\n"
        )
        text = text[:end] + entry + text[end:]
        text = re.sub(
            r"^( *)formatting_locales:\n",
            lambda m, line=f"{code}: {babel_locale}": f"{m.group(0)}{m.group(1)}  {line}\n",
            text,
            count=1,
            flags=re.MULTILINE,
        )
        text, found = re.subn(
            r"^( *languages_in_progress: *)\[([^\]]*)\]",
            lambda m, code=code: f"{m.group(1)}[{', '.join(filter(None, [m.group(2), code]))}]",
            text,
            count=1,
            flags=re.MULTILINE,
        )
        if not found:
            problems.append(
                f"add '{code}' to extra.helpcentre.languages_in_progress in mkdocs.yml by hand"
            )
    config_file.write_text(text, encoding="utf-8")
    return problems


def _end_of_entry(text: str, start: int, indent: int) -> int:
    """Where the list entry starting before `start` ends: the first line indented no more
    than its dash (a blank line ends nothing)."""
    position = text.find("\n", start) + 1
    while 0 < position < len(text):
        line_end = text.find("\n", position)
        line = text[position : line_end if line_end >= 0 else len(text)]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return position
        if line_end < 0:
            return len(text)
        position = line_end + 1
    return len(text)
