"""Deck names as Anki reads them: `::` separates a deck from its subdecks."""

from __future__ import annotations

import re

from flashcards.errors import OptionError

SEPARATOR = "::"
COLONS = re.compile(":{2,}")


def nested_deck(name: str) -> str:
    """A deck name a person wrote (--deck, YAML `deck:`): `::` nests, as in Anki; spaces tidied."""
    return SEPARATOR.join(" ".join(part.split()) for part in name.split(SEPARATOR))


def has_blank_part(name: str) -> bool:
    return any(not part.strip() for part in name.split(SEPARATOR))


def parent_deck(name: str) -> str:
    """--deck as typed, checked: a blank name or part is refused rather than replaced silently."""
    if not name.strip():
        raise OptionError("is blank; give a deck name, or leave the option out")
    if has_blank_part(name):
        raise OptionError(f"{name!r} has an empty part between '::'; write Parent::Child")
    return nested_deck(name)


def title_deck(title: str) -> str:
    """A title as one deck: a `::` in it must not create a hierarchy nobody asked for.

    Every run of colons becomes one (replacing "::" once leaves "::" of ":::"), and none may
    end the name, where it would make "::" with the separator of a parent deck.
    """
    return " ".join(COLONS.sub(":", title).split()).strip(":").strip() or "Untitled"
