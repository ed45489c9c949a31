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

from flashcards.cards.kinds import CARD_KINDS
from flashcards.errors import LostItemError, SourceConflictError
from flashcards.models import Diagnostic, Note, Summary, SummaryItem
from flashcards.support.slugs import UniqueIds


def distinct_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Each input once: the same file named twice would only duplicate its notes."""
    seen: dict[str, Path] = {}
    folders: dict[str, str] = {}
    warnings = []
    for path in paths:
        key = os.path.normcase(real_path(path, folders))
        if key in seen:
            warnings.append(Diagnostic(str(path), None, f"is the same file as {seen[key]}; read once"))
        else:
            seen[key] = path
    return list(seen.values()), warnings


def real_path(path: Path, folders: dict[str, str]) -> str:
    """os.path.realpath(path), with each folder resolved once (folders remembers them).

    The pages of a back catalogue share a few folders: resolving every folder of every
    page again (a system call each) was most of this check. A name that is a link
    itself, and any path elsewhere than POSIX (where realpath also expands short names),
    are left to realpath whole.
    """
    folder, name = os.path.split(path)
    if os.name != "posix" or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)


def repeated_items(summary: Summary) -> list[Diagnostic]:
    """Warn about an idea or quote that appears twice; both are kept, each with its own note."""
    ideas = [(idea.headline, idea.line) for idea in summary.ideas]
    quotes = [(quote.text, quote.line) for quote in summary.quotes]
    return repeats("idea", ideas, summary.source) + repeats("quote", quotes, summary.source)


def repeats(kind: str, items: Sequence[tuple[str, int]], source: str) -> list[Diagnostic]:
    """A warning for each item (text, line) whose text, but for case and spacing, came before."""
    keys = sameness_keys([text for text, _ in items])
    if len(set(keys)) == len(keys):
        return []  # as in almost every summary: a set says so at a third of the cost of the loop
    first_line: dict[str, int] = {}
    warnings = []
    for key, (_, line) in zip(keys, items, strict=True):
        if key in first_line:
            message = f"the same {kind} as line {first_line[key]}; kept both, as separate notes"
            warnings.append(Diagnostic(source, line, message))
        else:
            first_line[key] = line
    return warnings


def sameness_keys(texts: Sequence[str]) -> list[str]:
    """Each text case-folded, with its whitespace made single spaces: equal keys, the same item."""
    joined = " ".join(texts)
    if joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " ":
        # Every text has single spaces between words already (isprintable() is false for any
        # other whitespace, and casefold() makes none): casefold() alone, at 70 % of the time.
        return [text.casefold() for text in texts]
    return [" ".join(text.casefold().split()) for text in texts]


class DistinctSummaries:
    """Give summaries that share an id (same series number or title) ids of their own, a
    summary at a time in build order.

    Two inputs with the same id that also share an item (a page and the YAML extracted
    from it, or two copies of one page) are the same summary: renaming one would put
    every note in the package twice, so the build is refused instead.
    """

    def __init__(self) -> None:
        self.ids = UniqueIds()
        self.earlier: dict[str, list[Summary]] = {}

    def take(self, summary: Summary) -> tuple[Summary, Diagnostic | None]:
        """The summary, renamed if its id is taken, and the warning that says so."""
        new_id = self.ids.take(summary.id)
        for other in self.earlier.get(summary.id, []):
            if item_ids(other) & item_ids(summary):
                raise SourceConflictError(
                    f"is the same summary as {other.source} (id {summary.id!r}); build from one of them",
                    summary.source,
                )
        self.earlier.setdefault(summary.id, []).append(summary)
        if new_id == summary.id:
            return summary, None
        first = self.earlier[summary.id][0].source
        message = (
            f"has the same id {summary.id!r} as {first};"
            f" its notes use the id {new_id!r} so that neither replaces the other"
        )
        return dataclasses.replace(summary, id=new_id), Diagnostic(summary.source, None, message)


def item_ids(summary: Summary) -> set[tuple[str, str]]:
    return {("idea", idea.id) for idea in summary.ideas} | {("quote", quote.id) for quote in summary.quotes}


class DistinctDecks:
    """Give summaries with the same deck name (same title) decks of their own: "Title (2)"."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}

    def take(self, name: str, summary: Summary) -> tuple[str, Diagnostic | None]:
        """The deck name the summary gets, and the warning when it is not name."""
        unique, counter = name, 2
        while unique.casefold() in self.taken:
            unique = f"{name} ({counter})"
            counter += 1
        warning = None
        if unique != name:
            message = f"has the same deck name as {self.taken[name.casefold()]}; its deck is {unique!r}"
            warning = Diagnostic(summary.source, None, message)
        self.taken[unique.casefold()] = summary.source
        return unique, warning


class NothingLost:
    """Every item has a note of the kinds asked for that promise it one, unless marked skip, and
    no two notes share a GUID: checked a summary and its notes at a time.

    A cloze card is made for every idea and a complete-the-quote card for every quote; a
    hand-written question promises its item a qa card (an idea) or a who card (a quote). The
    other cards are made only where the rules find one worth asking (a figure in an
    explanation, a speaker who is no foregone conclusion), so an item may rightly lack them.
    """

    def __init__(self, kinds: Sequence[str] = CARD_KINDS):
        self.kinds = frozenset(kinds)
        # Every GUID so far, with the key of its note, to name both notes of a repeat.
        self.owners: dict[str, str] = {}

    def check(self, summary: Summary, notes: Sequence[Note]) -> None:
        items = {(note.item.summary, note.item.kind, note.item.item) for note in notes}
        check_items(summary, "idea", summary.ideas, items, self.promised("cloze", "qa"))
        check_items(summary, "quote", summary.quotes, items, self.promised("complete", "who"))
        for note in notes:
            if note.guid in self.owners:
                raise LostItemError(
                    f"notes {self.owners[note.guid]!r} and {note.key!r} share a GUID and would overwrite"
                    " each other in Anki; nothing was written"
                )
            self.owners[note.guid] = note.key

    def promised(self, every: str, hand_written: str) -> tuple[bool, bool]:
        """Is a note promised to every item, and to every item with a hand-written question?"""
        return every in self.kinds, hand_written in self.kinds


def check_items(
    summary: Summary,
    kind: str,
    items: Sequence[SummaryItem],
    noted: set[tuple[str, str, str]],
    promised: tuple[bool, bool],
) -> None:
    """Each item promised a note (and not marked skip) is among the noted (summary id, kind, item id)."""
    every, hand_written = promised
    if not every and not hand_written:
        return
    for item in items:
        if item.edits.skip or not (every or (item.edits.question and item.edits.answer)):
            continue
        if (summary.id, kind, item.id) not in noted:
            message = f"this {kind} produced no note; nothing was written"
            raise LostItemError(message, summary.source, item.line)
