"""Editor checks for the help centre: `python -m helpcentre.checks` (see README, "Checking your changes")."""
