"""Matching a build's notes against the record, so that a rebuild updates notes in place.

Anki matches an imported note by its GUID and updates it only when the note's modification
time is newer than its own (see docs/DESIGN.md). So a rebuild must keep each note's GUID, note
id and time unless its content changed. This module gives each note its GUID, note id and time
from the last record, and says what changed. It knows nothing of genanki or Click.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, cast

from flashcards.cards.notes import note_key
from flashcards.errors import RecordError
from flashcards.models import NOTE_ID_STEP, Note, Stamp, Summary
from flashcards.record.entries import LEGACY_VERSION, Entry, Record, card_part, content_hash, summary_part
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


class Item(NamedTuple):
    """The source item a note came from, as the rewording rule compares it.

    A named tuple, not a frozen dataclass: one is made for every item of a build (100,000
    at 10,000 summaries), in a third less time.
    """

    kind: str
    position: int
    text: str
    # The item part of the key the last release gave its notes; "" unless matching a legacy record.
    legacy: str = ""


@dataclass(frozen=True, slots=True)
class Update:
    """The notes as they will be written, their stamps by GUID, the report and the new record."""

    notes: tuple[Note, ...]
    stamps: Mapping[str, Stamp]
    report: Report
    record: Record


# A note whose item is unknown (a key format this module does not know) still gets
# a record; it only misses the rewording rule.
NO_ITEM = Item("", 0, "")


def describe_items(summaries: Iterable[Summary], legacy: UniqueIds | None = None) -> dict[str, Item]:
    """Every item by the item part of its notes' keys, with its kind, position and text; with
    legacy (the summary ids of the build so far, as the last release made them distinct), also
    the item part the last release gave its notes."""
    items: dict[str, Item] = {}
    for summary in summaries:
        old = legacy_parts(summary, legacy) if legacy is not None else None
        # A key with no card kind ends with the "/" before it: without it, the item part.
        for position, idea in enumerate(summary.ideas, start=1):
            was = old["idea"][position - 1] if old else ""
            items[note_key(summary, "idea", idea.id, "")[:-1]] = Item("idea", position, idea.headline, was)
        for position, quote in enumerate(summary.quotes, start=1):
            was = old["quote"][position - 1] if old else ""
            items[note_key(summary, "quote", quote.id, "")[:-1]] = Item("quote", position, quote.text, was)
    return items


def legacy_parts(summary: Summary, legacy: UniqueIds) -> dict[str, list[str]]:
    """The item parts of the keys the last release gave the summary's notes, by kind, in order.

    An editable YAML file names its summary and items itself: their ids are what they were.
    """
    summary_id = legacy.take(legacy_summary_id_of(summary))
    if Path(summary.source).suffix.lower() in (".yaml", ".yml"):
        ideas = [idea.id for idea in summary.ideas]
        quotes = [quote.id for quote in summary.quotes]
    else:
        ideas = legacy_item_ids(idea.headline for idea in summary.ideas)
        quotes = legacy_item_ids(quote.text for quote in summary.quotes)
    return {
        "idea": [f"{summary_id}/idea/{item_id}" for item_id in ideas],
        "quote": [f"{summary_id}/quote/{item_id}" for item_id in quotes],
    }


def item_of(note: Note, items: Mapping[str, Item]) -> Item:
    """The note's item, by its key without the last part (the card kind): an item's notes share it."""
    # A key without a "/" gives "", which is no item's (an item part has two).
    return items.get(note.key.rpartition("/")[0], NO_ITEM)


# The rewording rule compares the first this many characters of each text: a headline or quote
# is far shorter, and difflib's time grows with the square of the length (a 52 kB quote took
# 109 s; 1,000 characters take at most a tenth of a second).
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
    key = waiting.note.key
    summary = summary_part(waiting.item.legacy or key)
    return (renamed.get(summary, summary), waiting.item.kind, card_part(key))


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


def reconcile(
    notes: Sequence[Note],
    summaries: Iterable[Summary],
    record: Record,
    now: int,
    digests: Sequence[str] | None = None,
) -> Update:
    """Give each note its GUID, note id and time from the record, and say what changed.

    The notes have GUIDs and keys of their own (the build checks them). digests are
    their content hashes when the caller has them already (worker processes make them).
    A build matches its notes a source at a time (build.py); this is all of them at once.
    """
    matching = Matching(record, now)
    items = describe_items(summaries, matching.legacy_ids)
    if digests is None:
        digests = [content_hash(note) for note in notes]
    matching.add(notes, [item_of(note, items) for note in notes], digests)
    settled, report, new_record = matching.finish()
    written = list(notes)
    for index, note, _ in settled:
        written[index] = note
    # Each entry is also its note's stamp.
    stamps = {entry.guid: entry for entry in new_record.entries}
    return Update(tuple(written), stamps, report, new_record)


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
    and the new one together only briefly: a rebuild of 10,000 summaries peaked at 391 MB, not 469.
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

    def add(
        self, notes: Sequence[Note], items: Sequence[Item], digests: Sequence[str]
    ) -> list[tuple[Note, Entry]]:
        """Take the next notes of the build; the ones settled now, with their entries (stamps)."""
        settled = []
        for note, item, digest in zip(notes, items, digests, strict=True):
            index = self.by_guid.pop(note.guid, None)
            if index is not None:
                old = cast(Entry, self.old[index])
                self.old[index] = None if old.key == note.key else old.key
                entry: Entry | None
                entry, outcome = self.continued(old, note, item, digest, note.guid)
            elif self.nothing_to_match:
                entry = Entry(next(self.new_ids), self.now, note.guid, digest, note.key, *item[:3])
                outcome = NEW
            else:
                entry, outcome = None, NEW
                self.waiting.append(Waiting(len(self.entries), note, item, digest))
            self.entries.append(entry)
            self.outcomes.append(outcome)
            if entry is not None:
                settled.append((note, entry))
        return settled

    def continued(self, old: Entry, note: Note, item: Item, digest: str, guid: str) -> tuple[Entry, str]:
        """Unchanged notes keep their time; a changed note's time moves forward, never back.

        Anki updates a note only when the incoming time is newer, so an updated note gets
        the build time, or one second past its old time when the build time is not later
        (a pinned SOURCE_DATE_EPOCH, a fast rebuild).
        """
        unchanged = old.hash == digest
        modified = old.modified if unchanged else max(self.now, old.modified + 1)
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
                entry = Entry(
                    next(self.new_ids), self.now, note.guid, waiting.digest, note.key, *waiting.item[:3]
                )
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
        entry, outcome = self.continued(old, waiting.note, waiting.item, waiting.digest, old.guid)
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
            if self.entries[waiting.position] is not None or not waiting.item.legacy:
                continue
            entry = by_key.get(f"{waiting.item.legacy}/{card_part(waiting.note.key)}")
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
        continued = {summary_part(entry.key) for entry in self.entries if entry is not None}
        gone: dict[str, set[str]] = {}
        for entry in unclaimed.values():
            summary, _, rest = entry.key.partition("/")
            gone.setdefault(summary, set()).add(rest.rpartition("/")[0])
        fresh: dict[str, set[str]] = {}
        for waiting in self.waiting:
            summary, _, rest = waiting.note.key.partition("/")
            if self.entries[waiting.position] is None and summary not in continued and summary not in gone:
                fresh.setdefault(summary, set()).add(rest.rpartition("/")[0])
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
            summary, _, rest = waiting.note.key.partition("/")
            if self.entries[waiting.position] is not None or summary not in renamed:
                continue
            entry = by_key.get(f"{renamed[summary]}/{rest}")
            if entry is not None and entry.guid in unclaimed:
                self.claim(waiting, entry, unclaimed)

    def match_rewordings(self, unclaimed: dict[str, Entry], renamed: Mapping[str, str]) -> None:
        """A note still unmatched takes over an unclaimed entry of the same summary, kind and
        card kind whose text is similar, wherever either stands in its list, when the two are
        clearly each other's best match (clear_winners); otherwise it is new."""
        places: dict[tuple[str, str, str], list[Entry]] = {}
        for entry in unclaimed.values():
            places.setdefault((summary_part(entry.key), entry.kind, card_part(entry.key)), []).append(entry)
        scores = [
            # Exact down to the margin below the threshold, so that a runner-up is never overrated.
            (
                similarity(entry.text, waiting.item.text, SIMILARITY_THRESHOLD - SIMILARITY_MARGIN),
                number,
                entry.guid,
            )
            for number, waiting in enumerate(self.waiting)
            if self.entries[waiting.position] is None and waiting.item.kind
            for entry in places.get(place_of(waiting, renamed), ())
        ]
        for number, guid in clear_winners(scores):
            waiting = self.waiting[number]
            self.claim(waiting, unclaimed[guid], unclaimed)
            self.reworded.add(waiting.position)


class Waiting(NamedTuple):
    """A note the GUID rule did not match, waiting for the other rules: its place in the build
    (position), the note, its item and its content hash."""

    position: int
    note: Note
    item: Item
    digest: str


def repeated_guid(record: Record) -> str:
    seen: set[str] = set()
    for entry in record.entries:
        if entry.guid in seen:
            return entry.guid
        seen.add(entry.guid)
    return ""
