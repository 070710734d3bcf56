"""Editor checks for the help centre: `helpcentre check` (README, "Checking your changes")."""
