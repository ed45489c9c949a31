"""Checks that keep a build from losing or merging a user's items.

Anki matches notes by GUID alone and decks by name: two items or two summaries
that end up with the same identity would silently overwrite each other on
import. These checks make identities distinct (with a warning) where the input
repeats itself, and refuse to write a package that would drop an item.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from flashcards.cards import note_key
from flashcards.errors import LostItemError, SourceConflictError
from flashcards.kinds import CARD_KINDS, IDEA_KINDS, QUOTE_KINDS
from flashcards.models import Diagnostic, Note, Summary
from flashcards.slugs import unique_ids


def distinct_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Each input once: the same file named twice would only duplicate its notes."""
    seen: dict[str, Path] = {}
    warnings = []
    for path in paths:
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            warnings.append(Diagnostic(str(path), None, f"is the same file as {seen[key]}; read once"))
        else:
            seen[key] = path
    return list(seen.values()), warnings


def repeated_items(summary: Summary) -> list[Diagnostic]:
    """Warn about an idea or quote that appears twice; both are kept, each with its own note."""
    warnings = []
    for kind, items in (("idea", summary.ideas), ("quote", summary.quotes)):
        first_line: dict[str, int] = {}
        for item in items:
            text = item.headline if kind == "idea" else item.text
            key = " ".join(text.casefold().split())
            if key in first_line:
                message = f"the same {kind} as line {first_line[key]}; kept both, as separate notes"
                warnings.append(Diagnostic(summary.source, item.line, message))
            else:
                first_line[key] = item.line
    return warnings


def distinct_summaries(summaries: Sequence[Summary]) -> tuple[list[Summary], list[Diagnostic]]:
    """Give summaries that share an id (same series number or title) ids of their own.

    Two inputs with the same id that also share an item (a page and the YAML extracted
    from it, or two copies of one page) are the same summary: renaming one would put
    every note in the package twice, so the build is refused instead.
    """
    ids = unique_ids(summary.id for summary in summaries)
    earlier: dict[str, list[Summary]] = {}
    result, warnings = [], []
    for summary, new_id in zip(summaries, ids, strict=True):
        for other in earlier.get(summary.id, []):
            if item_ids(other) & item_ids(summary):
                raise SourceConflictError(
                    f"is the same summary as {other.source} (id {summary.id!r}); build from one of them",
                    summary.source,
                )
        earlier.setdefault(summary.id, []).append(summary)
        if new_id != summary.id:
            first = earlier[summary.id][0].source
            message = (
                f"has the same id {summary.id!r} as {first};"
                f" its notes use the id {new_id!r} so that neither replaces the other"
            )
            warnings.append(Diagnostic(summary.source, None, message))
            summary = dataclasses.replace(summary, id=new_id)
        result.append(summary)
    return result, warnings


def item_ids(summary: Summary) -> set[tuple[str, str]]:
    return {("idea", idea.id) for idea in summary.ideas} | {("quote", quote.id) for quote in summary.quotes}


def distinct_decks(names: Sequence[str], summaries: Sequence[Summary]) -> tuple[list[str], list[Diagnostic]]:
    """Give summaries with the same deck name (same title) decks of their own: "Title (2)"."""
    taken: dict[str, str] = {}
    result, warnings = [], []
    for name, summary in zip(names, summaries, strict=True):
        unique, counter = name, 2
        while unique.casefold() in taken:
            unique = f"{name} ({counter})"
            counter += 1
        if unique != name:
            message = f"has the same deck name as {taken[name.casefold()]}; its deck is {unique!r}"
            warnings.append(Diagnostic(summary.source, None, message))
        taken[unique.casefold()] = summary.source
        result.append(unique)
    return result, warnings


def check_nothing_lost(
    summaries: Sequence[Summary], notes: Sequence[Note], kinds: Sequence[str] = CARD_KINDS
) -> None:
    """Every item has a note of the kinds asked for, unless marked skip, and no two notes share a GUID."""
    # A note's key is its item's key plus the card kind; cut that off to match items in one pass.
    item_keys = {note.key[: note.key.rindex("/") + 1] for note in notes}
    wants_ideas = any(kind in IDEA_KINDS for kind in kinds)
    wants_quotes = any(kind in QUOTE_KINDS for kind in kinds)
    for summary in summaries:
        ideas = [idea for idea in summary.ideas if wants_ideas and not idea.skip]
        quotes = [quote for quote in summary.quotes if wants_quotes and not quote.skip]
        items = [("idea", idea.id, idea.line) for idea in ideas]
        items += [("quote", quote.id, quote.line) for quote in quotes]
        for kind, item_id, line in items:
            if note_key(summary, kind, item_id, "") not in item_keys:
                raise LostItemError(
                    f"this {kind} produced no note; nothing was written", summary.source, line
                )
    owners: dict[str, str] = {}
    for note in notes:
        if note.guid in owners:
            raise LostItemError(
                f"notes {owners[note.guid]!r} and {note.key!r} share a GUID and would overwrite"
                " each other in Anki; nothing was written"
            )
        owners[note.guid] = note.key
