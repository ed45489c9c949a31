"""Matching a build's notes against the record, so that a rebuild updates notes in place.

Anki matches an imported note by its GUID and updates it only when the note's modification
time is newer than its own (see docs/DESIGN.md). So a rebuild must keep each note's GUID, note
id and time unless its content changed. This module gives each note its GUID, note id and time
from the last record, and says what changed. It knows nothing of genanki or Click.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, cast

from flashcards.errors import RecordError
from flashcards.models import NOTE_ID_STEP, Note, Summary, note_key
from flashcards.record.entries import LEGACY_VERSION, Entry, Record, key_parts
from flashcards.record.report import NEW, UNCHANGED, UPDATED, Report
from flashcards.sources.identity import legacy_item_ids, legacy_summary_id_of
from flashcards.support.slugs import UniqueIds

# difflib's ratio between an item's old and new text (case-folded) at or above which
# a reworded item is taken for the same item. A slight rewording of a sentence typically
# scores 0.85 or more; the different items of the sample summary score at most 0.39
# against each other.
SIMILARITY_THRESHOLD = 0.75
# A rewording is taken only when it is clearly the best pairing on both sides: the next best
# candidate of either the new item or the old note scores at least this much less. Otherwise
# the item is a new note: a lost review history can be rebuilt, a note showing another
# item's text under its reviews cannot be noticed.
SIMILARITY_MARGIN = 0.1


class LegacyParts(NamedTuple):
    """What the last release named a summary's notes by: its summary id, and by kind, in order,
    each item's part of the keys (summary id, kind and item id)."""

    summary: str
    items: dict[str, list[str]]


def legacy_parts(summary: Summary, legacy: UniqueIds) -> LegacyParts:
    """The item parts of the keys the last release gave the summary's notes (summary id, kind and
    item id), by kind, in order; legacy: the summary ids of the build so far, as the last release
    made them distinct.

    An editable YAML file names its summary and items itself: their ids are what they were.
    """
    summary_id = legacy.take(legacy_summary_id_of(summary))
    if Path(summary.source).suffix.lower() in (".yaml", ".yml"):
        ideas = [idea.id for idea in summary.ideas]
        quotes = [quote.id for quote in summary.quotes]
    else:
        ideas = legacy_item_ids(idea.headline for idea in summary.ideas)
        quotes = legacy_item_ids(quote.text for quote in summary.quotes)
    return LegacyParts(
        summary_id,
        {
            "idea": [f"{summary_id}/idea/{item_id}" for item_id in ideas],
            "quote": [f"{summary_id}/quote/{item_id}" for item_id in quotes],
        },
    )


# The rewording rule compares the first this many characters of each text: a headline or quote
# is far shorter, and difflib's time grows with the square of the length.
MAX_COMPARED = 1_000


# Remembered: the rule asks once whether a pair is a rewording and again which candidate is best.
@lru_cache(maxsize=256)
def similarity(old: str, new: str, floor: float = SIMILARITY_THRESHOLD) -> float:
    """difflib's ratio of the two texts, ignoring case; any value under floor when the cheaper
    upper bounds of it already are."""
    matcher = difflib.SequenceMatcher(
        None, old[:MAX_COMPARED].casefold(), new[:MAX_COMPARED].casefold(), autojunk=False
    )
    # Each bound is at least ratio() and takes linear time: most pairs that differ stop there.
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        upper = bound()
        if upper < floor:
            return upper
    return matcher.ratio()


def place_of(waiting: Waiting, renamed: Mapping[str, str]) -> tuple[str, str, str]:
    """Where a reworded note may find its old one: the same summary (as the record names it),
    kind of item and card kind."""
    item = waiting.note.item
    summary = waiting.legacy_summary or item.summary
    return (renamed.get(summary, summary), item.kind, item.part)


def clear_winners(scores: Sequence[tuple[float, int, str]]) -> list[tuple[int, str]]:
    """The pairs (new, old) of scores (similarity, new, old) at or above the threshold that are
    each other's best by at least the margin."""
    best: dict[object, list[float]] = {}
    for score, new, old in scores:
        for side in ((0, new), (1, old)):
            best.setdefault(side, []).append(score)
    for values in best.values():
        values.sort(reverse=True)
    winners = []
    for score, new, old in scores:
        if score < SIMILARITY_THRESHOLD:
            continue
        if all(best[side][0] == score and clearly_ahead(best[side]) for side in ((0, new), (1, old))):
            winners.append((new, old))
    return winners


def clearly_ahead(values: Sequence[float]) -> bool:
    return len(values) == 1 or values[1] <= values[0] - SIMILARITY_MARGIN


class Matching:
    """The notes of a build matched against the last record, a source's notes at a time.

    In order: the same GUID, then the same key (a note reworded in an earlier build
    keeps the GUID it was given then), then, for a record of the last release, the key
    that release made, then the rewording rule. Each entry is claimed
    at most once. A note whose GUID is in the record is settled as it comes, and so
    is every note of a first build (nothing to match): a build writes those to its
    package at once. Any other note waits for the whole build, since the other rules
    look only at the entries that no note of the build has the GUID of.

    An entry a note continues is let go at once, so that a rebuild holds the last record
    and the new one together only briefly.
    """

    def __init__(self, record: Record, now: int):
        self.now = now
        # The last record's entries in record order, as far as the other rules still need them:
        # an Entry no note has the GUID of (so far); the key of one whose note's key is another
        # (it hides the earlier entries of its key from the key rule); None for the others.
        self.old: list[Entry | str | None] = list(record.entries)
        self.by_guid = {entry.guid: index for index, entry in enumerate(record.entries)}
        if len(self.by_guid) != len(record.entries):
            raise RecordError(f"GUID {repeated_guid(record)} appears twice")
        self.nothing_to_match = not record.entries
        # The summary ids the last release gave the build's sources so far, when the record is its.
        self.legacy_ids = UniqueIds() if record.version == LEGACY_VERSION else None
        # New note ids come after every id in the record, in Anki's style (milliseconds).
        first_new_id = max([now * 1000, *(entry.note_id + NOTE_ID_STEP for entry in record.entries)])
        self.new_ids = iter(range(first_new_id, 1 << 62, NOTE_ID_STEP))
        # What each note is written with, in build order; None while a note waits.
        self.entries: list[Entry | None] = []
        self.outcomes: list[str] = []
        self.waiting: list[Waiting] = []
        self.reworded: set[int] = set()
        # The summaries of the notes settled so far (a renamed summary is one no note continues).
        self.continued_summaries: set[str] = set()

    def add(
        self, notes: Sequence[Note], digests: Sequence[str], summary: Summary | None = None
    ) -> list[tuple[Note, Entry]]:
        """Take the next notes of the build, a summary's (made from summary); the ones settled
        now, with their entries (stamps)."""
        settled = []
        legacy = None
        if self.legacy_ids is not None and summary is not None:
            legacy = legacy_parts(summary, self.legacy_ids)
        for note, digest in zip(notes, digests, strict=True):
            index = self.by_guid.pop(note.guid, None)
            if index is not None:
                old = cast(Entry, self.old[index])
                self.old[index] = None if old.key == note.key else old.key
                entry: Entry | None
                entry, outcome = self.continued(old, note, digest, note.guid)
            elif self.nothing_to_match:
                entry = new_entry(next(self.new_ids), self.now, note, digest)
                outcome = NEW
            else:
                entry, outcome = None, NEW
                self.waiting.append(waiting_note(len(self.entries), note, digest, legacy))
            self.entries.append(entry)
            self.outcomes.append(outcome)
            if entry is not None:
                settled.append((note, entry))
                self.continued_summaries.add(note.item.summary)
        return settled

    def continued(self, old: Entry, note: Note, digest: str, guid: str) -> tuple[Entry, str]:
        """Unchanged notes keep their time; a changed note's time moves forward, never back.

        Anki updates a note only when the incoming time is newer, so an updated note gets
        the build time, or one second past its old time when the build time is not later
        (a pinned SOURCE_DATE_EPOCH, a fast rebuild).
        """
        unchanged = old.hash == digest
        modified = old.modified if unchanged else max(self.now, old.modified + 1)
        item = note.item
        entry = Entry(old.note_id, modified, guid, digest, note.key, item.kind, item.position, item.text)
        return entry, UNCHANGED if unchanged else UPDATED

    def finish(self) -> tuple[list[tuple[int, Note, Entry]], Report, Record]:
        """Apply the key and rewording rules to the notes that waited; those left are new, with
        fresh note ids. Returns those notes (by index, a matched one with its old GUID) and entries,
        the report and the new record."""
        unclaimed, by_key = self.unclaimed_entries()
        settled = []
        if self.waiting and unclaimed:
            self.match_keys(unclaimed, by_key)
            renamed = self.renamed_summaries(unclaimed)
            self.match_renamed(unclaimed, by_key, renamed)
            self.match_rewordings(unclaimed, renamed)
        for waiting in self.waiting:
            entry = self.entries[waiting.position]
            note = waiting.note
            if entry is None:
                entry = new_entry(next(self.new_ids), self.now, note, waiting.digest)
                self.entries[waiting.position] = entry
            elif entry.guid != note.guid:
                note = replace(note, guid=entry.guid)
            settled.append((waiting.position, note, entry))
        entries = cast(tuple[Entry, ...], tuple(self.entries))
        removed = tuple(unclaimed.values())
        report = Report(entries, tuple(self.outcomes), frozenset(self.reworded), removed)
        return settled, report, Record(entries)

    def unclaimed_entries(self) -> tuple[dict[str, Entry], dict[str, Entry | None]]:
        """The entries no note has the GUID of, by GUID in record order; and each key's last
        entry, or None when that entry's GUID is a note's whose key differs (it still hides the
        earlier entries of its key from the key rule)."""
        unclaimed: dict[str, Entry] = {}
        by_key: dict[str, Entry | None] = {}
        for old in self.old:
            if isinstance(old, Entry):
                unclaimed[old.guid] = old
                by_key[old.key] = old
            elif old is not None:
                by_key[old] = None
        return unclaimed, by_key

    def claim(self, waiting: Waiting, old: Entry, unclaimed: dict[str, Entry]) -> None:
        """The note continues an entry no note has the GUID of: it takes the entry's GUID."""
        del unclaimed[old.guid]
        entry, outcome = self.continued(old, waiting.note, waiting.digest, old.guid)
        self.entries[waiting.position] = entry
        self.outcomes[waiting.position] = outcome

    def match_keys(self, unclaimed: dict[str, Entry], by_key: Mapping[str, Entry | None]) -> None:
        for waiting in self.waiting:
            entry = by_key.get(waiting.note.key)
            if entry is not None and entry.guid in unclaimed:
                self.claim(waiting, entry, unclaimed)
        if self.legacy_ids is None:
            return
        # A record of the last release: each note's key as that release made it.
        for waiting in self.waiting:
            if self.entries[waiting.position] is not None or not waiting.legacy_item:
                continue
            entry = by_key.get(f"{waiting.legacy_item}/{waiting.note.item.part}")
            if entry is not None and entry.guid in unclaimed:
                self.claim(waiting, entry, unclaimed)

    def renamed_summaries(self, unclaimed: Mapping[str, Entry]) -> dict[str, str]:
        """Summaries of this build that the record does not know, each with the one of the record
        it replaces: a summary no note of this build continues, with which it shares most of
        the items of both (item ids hash the items' texts), each the other's only best. A page
        whose title was corrected, or whose first line is cut elsewhere, has a new summary id but
        the same items; two shows that quote the same line share no more than that line.
        """
        if self.legacy_ids is not None:
            return {}  # a record of the last release is matched on the keys it made
        claimed = (
            waiting.note.item.summary
            for waiting in self.waiting
            if self.entries[waiting.position] is not None
        )
        continued = self.continued_summaries.union(claimed)
        gone: dict[str, set[str]] = {}
        for entry in unclaimed.values():
            parts = key_parts(entry.key)
            gone.setdefault(parts.summary, set()).add(parts.item)
        fresh: dict[str, set[str]] = {}
        for waiting in self.waiting:
            item = waiting.note.item
            summary = item.summary
            if self.entries[waiting.position] is None and summary not in continued and summary not in gone:
                fresh.setdefault(summary, set()).add(f"{item.kind}/{item.item}")
        for summary in continued:
            gone.pop(summary, None)
        shared = [
            (count, new, old)
            for new, items in fresh.items()
            for old in gone
            if 2 * (count := len(items & gone[old])) > max(len(items), len(gone[old]))
        ]
        best: dict[str, list[int]] = {}
        for count, new, old in shared:
            best.setdefault(new, []).append(count)
            best.setdefault(old, []).append(count)
        for counts in best.values():
            counts.sort(reverse=True)
        return {
            new: old
            for count, new, old in shared
            if all(best[side][0] == count and best[side][1:2] != [count] for side in (new, old))
        }

    def match_renamed(
        self, unclaimed: dict[str, Entry], by_key: Mapping[str, Entry | None], renamed: Mapping[str, str]
    ) -> None:
        """A note of a renamed summary continues the note of the same item and card kind in the
        summary it replaces."""
        for waiting in self.waiting:
            item = waiting.note.item
            if self.entries[waiting.position] is not None or item.summary not in renamed:
                continue
            entry = by_key.get(note_key(renamed[item.summary], item.kind, item.item, item.part))
            if entry is not None and entry.guid in unclaimed:
                self.claim(waiting, entry, unclaimed)

    def match_rewordings(self, unclaimed: dict[str, Entry], renamed: Mapping[str, str]) -> None:
        """A note still unmatched takes over an unclaimed entry of the same summary, kind and
        card kind whose text is similar, wherever either stands in its list, when the two are
        clearly each other's best match (clear_winners); otherwise it is new."""
        places: dict[tuple[str, str, str], list[Entry]] = {}
        for entry in unclaimed.values():
            parts = key_parts(entry.key)
            places.setdefault((parts.summary, entry.kind, parts.card), []).append(entry)
        scores = [
            # Exact down to the margin below the threshold, so that a runner-up is never overrated.
            (
                similarity(entry.text, waiting.note.item.text, SIMILARITY_THRESHOLD - SIMILARITY_MARGIN),
                number,
                entry.guid,
            )
            for number, waiting in enumerate(self.waiting)
            if self.entries[waiting.position] is None and waiting.note.item.kind
            for entry in places.get(place_of(waiting, renamed), ())
        ]
        for number, guid in clear_winners(scores):
            waiting = self.waiting[number]
            self.claim(waiting, unclaimed[guid], unclaimed)
            self.reworded.add(waiting.position)


class Waiting(NamedTuple):
    """A note the GUID rule did not match, waiting for the other rules: its place in the build
    (position), the note, its content hash; matching a record of the last release, the summary
    id and the item part that release gave the note's key."""

    position: int
    note: Note
    digest: str
    legacy_summary: str = ""
    legacy_item: str = ""


def waiting_note(position: int, note: Note, digest: str, legacy: LegacyParts | None) -> Waiting:
    if legacy is None or note.item.kind not in legacy.items:
        return Waiting(position, note, digest)
    item = legacy.items[note.item.kind][note.item.position - 1]
    return Waiting(position, note, digest, legacy.summary, item)


def new_entry(note_id: int, now: int, note: Note, digest: str) -> Entry:
    item = note.item
    return Entry(note_id, now, note.guid, digest, note.key, item.kind, item.position, item.text)


def repeated_guid(record: Record) -> str:
    seen: set[str] = set()
    for entry in record.entries:
        if entry.guid in seen:
            return entry.guid
        seen.add(entry.guid)
    return ""
