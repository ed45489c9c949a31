"""Deck names as Anki reads them: `::` separates a deck from its subdecks."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from flashcards.errors import OptionError

if TYPE_CHECKING:  # `flashcards --help` imports this module, and no dataclasses
    from flashcards.models import Summary

DEFAULT_PARENT_DECK = "Summaries"
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


def deck_name(summary: Summary, parent: str | None, alone: bool) -> str:
    """One deck per summary: its title alone, or a subdeck of the parent when there are several.

    A deck a person named (--deck, YAML `deck:`) nests at `::` as in Anki; a title never does.
    """
    own = nested_deck(summary.deck) if summary.deck.strip() else title_deck(summary.title)
    return own if alone else f"{nested_deck(parent or DEFAULT_PARENT_DECK)}::{own}"


def deck_description(summary: Summary) -> str:
    """What Anki shows in a deck's overview, and what people see first of a shared deck: the
    show, the episode, the link when the page has one, and how many ideas and quotes it holds."""
    lines = [f"<b>{html.escape(summary.channel)}</b>"] if summary.channel else []
    series = f" ({html.escape(summary.series)})" if summary.series else ""
    lines.append(f"{html.escape(summary.title)}{series}")
    if summary.link.lower().startswith(("https://", "http://")):  # never a javascript: link
        link = html.escape(summary.link)
        lines.append(f'<a href="{link}">{link}</a>')
    ideas = sum(not idea.edits.skip for idea in summary.ideas)
    quotes = sum(not quote.edits.skip for quote in summary.quotes)
    lines.append(f"{ideas} idea{'s' * (ideas != 1)} and {quotes} quote{'s' * (quotes != 1)}")
    return "<br>".join(lines)
