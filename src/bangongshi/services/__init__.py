"""Use cases: each one opens a transaction, applies domain rules and returns plain data."""
