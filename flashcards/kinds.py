"""The card kinds a user picks with --cards, in a module of their own.

The CLI needs these names to parse its options; keeping them apart from cards.py
(and its question rules) keeps `flashcards --help` from importing the whole card stage.
"""

from __future__ import annotations

# Question-answer and cloze for ideas, who-said-it and complete-the-quote for quotes.
# Each kind is its own note.
IDEA_KINDS = ("qa", "cloze")
QUOTE_KINDS = ("who", "complete")
CARD_KINDS = IDEA_KINDS + QUOTE_KINDS
