"""Editor checks for the help centre: `python -m checks` (see README, "Checking your changes")."""
