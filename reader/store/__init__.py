"""SQLite stores: the index cache (files, linked snapshots), reading state, keys, versions and row formats."""
