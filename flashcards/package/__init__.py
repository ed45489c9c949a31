"""Writing the package: notes into an Anki .apkg, its note types and deck names."""
