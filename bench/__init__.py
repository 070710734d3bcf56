"""Benchmarks of the help-centre build (run with `make bench`, not part of the tests)."""
