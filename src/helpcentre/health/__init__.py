"""Content health: owners, review dates, facts changed since a review, and the health page."""
