"""`python -m helpcentre …`: the same command as `helpcentre …`."""

from __future__ import annotations

import sys

from helpcentre.cli import main

if __name__ == "__main__":
    sys.exit(main())
