"""What a build changes against the record: one change a note it writes, then the notes it removes."""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.cards.kinds import CARD_KIND_OF
from flashcards.record.entries import Entry, key_parts

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
REMOVED = "removed"
CHANGES = (NEW, UPDATED, UNCHANGED, REMOVED)


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the build report: what happened to one note."""

    change: str
    kind: str
    position: int
    card: str
    text: str
    reworded: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    """What a build changes against the record: a change for each note it writes, then the notes it removes.

    Kept as the new record's entries with a word each, not as a line object a note: the
    lines are made only when asked for (a verbose report), not on every build.
    """

    entries: tuple[Entry, ...]
    # NEW, UPDATED or UNCHANGED: one for each entry.
    outcomes: tuple[str, ...]
    # The entries (by index) whose notes the rewording rule matched.
    reworded: frozenset[int] = frozenset()
    # The last record's entries that no note continues: their items are gone from the source.
    removed: tuple[Entry, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        written = (
            change_of(entry, outcome, index in self.reworded)
            for index, (entry, outcome) in enumerate(zip(self.entries, self.outcomes, strict=True))
        )
        return (*written, *(change_of(entry, REMOVED) for entry in self.removed))

    def count(self, change: str) -> int:
        return len(self.removed) if change == REMOVED else self.outcomes.count(change)


def card_kind(kind: str, key: str) -> str:
    # The report names the card kind a user picks with --cards, not the note type.
    card = key_parts(key).card
    return CARD_KIND_OF.get((kind, card), card)


def change_of(entry: Entry, outcome: str, reworded: bool = False) -> Change:
    return Change(outcome, entry.kind, entry.position, card_kind(entry.kind, entry.key), entry.text, reworded)
