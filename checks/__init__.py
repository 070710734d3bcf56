"""Editor checks for the help centre: `python -m checks` (see README, "Checking your changes")."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "hooks"

# The checks reuse the hooks' plain modules (front matter schema, policy markers...), which
# import each other by module name, as MkDocs loads them by file path.
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
