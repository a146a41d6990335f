"""Pure domain logic: no I/O, no wall clock (the caller passes "now")."""
