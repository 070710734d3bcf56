"""What the feedback report and the health page share: one stylesheet, safe `lang` codes."""

import re

STYLE = """\
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; }
body { margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.5rem 0; } figure svg { max-width: 100%; height: auto; }
section { border-top: 2px solid #1f4e79; margin-top: 2rem; }
"""


def lang_attribute(lang: str) -> str:
    """A stored language code fit for a `lang` attribute, or "" when it is not one."""
    return lang if re.fullmatch(r"[A-Za-z0-9-]{1,16}", lang) else ""
