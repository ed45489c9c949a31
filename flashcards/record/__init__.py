"""Matching against the record: the file kept beside a package, so that a rebuild updates notes in place."""
