"""Policy values: the typed data file, its formatting per locale and the markers that quote it."""
