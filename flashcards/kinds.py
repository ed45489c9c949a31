"""The card kinds a user picks with --cards, in a module of their own.

The CLI needs these names to parse its options; keeping them apart from cards.py
(and its question rules) keeps `flashcards --help` from importing the whole card stage.
"""

from __future__ import annotations

# The names of the two note types (notetypes.py describes them). They live here so that
# the CLI can name its card kinds without loading the note types: 2.5 ms of `--help`.
QA = "qa"
CLOZE = "cloze"

# Question-answer and cloze for ideas, who-said-it and complete-the-quote for quotes.
# Each kind is its own note.
IDEA_KINDS = ("qa", "cloze")
QUOTE_KINDS = ("who", "complete")
CARD_KINDS = IDEA_KINDS + QUOTE_KINDS

# The note type each card kind is written with: who-said-it is a Q&A card, complete-it a cloze.
NOTE_TYPE_OF = {"qa": QA, "cloze": CLOZE, "who": QA, "complete": CLOZE}

# A note's key ends with its note type rather than its card kind (so the first release's
# Q&A notes kept their GUIDs); with the item kind, the note type names the card kind.
CARD_KIND_OF = {("idea" if kind in IDEA_KINDS else "quote", NOTE_TYPE_OF[kind]): kind for kind in CARD_KINDS}
