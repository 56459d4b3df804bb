"""One adapter test suite, run against Flask and Django."""
