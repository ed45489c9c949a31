"""The card kinds a user picks with --cards, in a module of their own.

The CLI needs these names to parse its options; keeping them apart from cards.py
(and its question rules) keeps `flashcards --help` from importing the whole card stage.
"""

from __future__ import annotations

# The names of the two note types (notetypes.py describes them). They live here so that
# the CLI can name its card kinds without loading the note types: 2.5 ms of `--help`.
QA = "qa"
CLOZE = "cloze"

# For ideas: the headline with its point hidden (cloze), a question written by hand in the
# editable YAML (qa), and the figures of the explanation (fact); for quotes: who said it
# (who) and the quote with its key phrase hidden (complete). Each card is its own note.
IDEA_KINDS = ("qa", "cloze", "fact")
QUOTE_KINDS = ("who", "complete")
CARD_KINDS = IDEA_KINDS + QUOTE_KINDS

# The note type each card kind is written with: who-said-it is a Q&A card, complete-it a cloze.
NOTE_TYPE_OF = {"qa": QA, "cloze": CLOZE, "fact": CLOZE, "who": QA, "complete": CLOZE}

# A note's key ends with its note type rather than its card kind (so the first release's
# notes kept their GUIDs), or with "fact-N" for an explanation's figures; with the item
# kind, that names the card kind.
CARD_KIND_OF = {
    ("idea", QA): "qa",
    ("idea", CLOZE): "cloze",
    ("idea", "fact-1"): "fact",
    ("idea", "fact-2"): "fact",
    ("quote", QA): "who",
    ("quote", CLOZE): "complete",
}
