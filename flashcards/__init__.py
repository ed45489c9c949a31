"""flashcards: turn AI summaries of long videos and podcasts into Anki decks."""

__version__ = "0.1.0"
