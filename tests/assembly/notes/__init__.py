"""A trivial capability for the assembly's test: one table, one route, one command. It lives
in its own folder only; the test adds it to the one list."""
