"""What only `mkdocs serve` needs: the error page, quicker polling, what rebuilds reuse."""
