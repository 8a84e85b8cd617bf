"""The SQLite index: a rebuildable cache of the team folder, never the source of truth."""
