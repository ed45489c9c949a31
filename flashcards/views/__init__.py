"""Views: the preview of a build, Anki's templates rendered, and any package read back (inspect)."""
