"""Collects the help centre's "Did this answer your question?" reactions and unanswered searches."""
