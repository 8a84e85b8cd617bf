"""How the team is doing, computed from the records: pure functions, no I/O, no printing."""
