"""The record kept beside a package, so that a rebuild updates notes in place.

Anki matches an imported note by its GUID and updates it only when the note's
modification time is newer than its own (see DESIGN.md). So a rebuild must keep
each note's GUID, note id and time unless its content changed. The record
(`<package>.lock.yaml`) remembers, per note, what the last build wrote; this
module reads and writes it, matches the new notes against it and says what
changed. It knows nothing of genanki or Click.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

import yaml

from flashcards.cards import note_key
from flashcards.errors import InputError, RecordError
from flashcards.files import write_atomically
from flashcards.kinds import CARD_KIND_OF
from flashcards.models import Note, Summary

RECORD_VERSION = 1
# difflib's ratio between an item's old and new text (case-folded) at or above which
# a reworded item at the same position is taken for the same item. A slight rewording
# of a sentence typically scores 0.85 or more; the different items of the sample
# summary score at most 0.39 against each other.
SIMILARITY_THRESHOLD = 0.75
# New note ids are this far apart, so that card ids (note id + card number) of
# different notes never meet.
NOTE_ID_STEP = 100

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
REMOVED = "removed"
CHANGES = (NEW, UPDATED, UNCHANGED, REMOVED)

TOP_KEYS = ("version", "notes")
ENTRY_KEYS = ("guid", "note_id", "modified", "hash", "key", "kind", "position", "text")
HEADER = (
    "# Written by `flashcards build` beside its package: what the last build wrote for each note.\n"
    "# Keep it with the package; the next build reads it to update notes in place. See README.\n"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the last build wrote for one note, and which item the note came from."""

    guid: str
    note_id: int
    modified: int
    hash: str
    key: str
    kind: str
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class Record:
    """Every note of the last build, in package order."""

    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """The source item a note came from, as the rewording rule compares it."""

    kind: str
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class Stamp:
    """The note id and modification time (seconds) a note is written with."""

    note_id: int
    modified: int


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
    """What a build changes against the record."""

    changes: tuple[Change, ...]

    def count(self, change: str) -> int:
        return sum(line.change == change for line in self.changes)


@dataclass(frozen=True, slots=True)
class Update:
    """The notes as they will be written, their stamps by GUID, the report and the new record."""

    notes: tuple[Note, ...]
    stamps: Mapping[str, Stamp]
    report: Report
    record: Record


# The record file


def record_path(package: Path) -> Path:
    """decks/x.apkg -> decks/x.lock.yaml."""
    return package.with_suffix(".lock.yaml")


# libyaml's safe loader and dumper when PyYAML has them (its wheels do): the pure-Python
# ones took 80 % of a 1,000-summary build to write the record of its 20,000 notes.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_record(path: Path) -> Record:
    """The record at path; an empty one when there is none yet."""
    try:
        # Line by line from the file: the text of 200,000 notes alone is 70 MB.
        with path.open(encoding="utf-8") as lines:
            written = read_as_written(lines)
        if written is not None:
            return written
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Record()
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read the record: {error}", str(path)) from None
    return parse_yaml_record(text, str(path))


def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        # A broken record is rare: read it again the slow way for PyYAML's own wording of the fault.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_record(text: str, source: str) -> Record:
    written = read_as_written(io.StringIO(text))
    return written if written is not None else parse_yaml_record(text, source)


def parse_yaml_record(text: str, source: str) -> Record:
    """The record read as any YAML (edited by hand, or broken), each fault named with its line."""
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise RecordError(f"not valid YAML: {getattr(error, 'problem', error)}", source, line) from None
    if root is None:
        return Record()
    top = mapping(root, source, TOP_KEYS)
    version = number_value(top, "version", source, root)
    if version != RECORD_VERSION:
        raise RecordError(f"record version {version} is not {RECORD_VERSION}", source, line_of(root))
    notes = top.get("notes")
    if notes is None:
        return Record()
    if not isinstance(notes, yaml.SequenceNode):
        raise RecordError("'notes' must be a list", source, line_of(notes))
    entries = tuple(parse_entry(node, source) for node in notes.value)
    check_unique(entries, notes.value, source)
    return Record(entries)


def parse_entry(node: yaml.Node, source: str) -> Entry:
    fields = mapping(node, source, ENTRY_KEYS)
    return Entry(
        guid=text_value(fields, "guid", source, node),
        note_id=number_value(fields, "note_id", source, node),
        modified=number_value(fields, "modified", source, node),
        hash=text_value(fields, "hash", source, node),
        key=text_value(fields, "key", source, node),
        kind=text_value(fields, "kind", source, node),
        position=number_value(fields, "position", source, node),
        text=text_value(fields, "text", source, node),
    )


def mapping(node: yaml.Node, source: str, allowed: Sequence[str]) -> dict[str, yaml.Node]:
    """A YAML mapping as key -> value node; an unknown or repeated key is an error at its line."""
    if not isinstance(node, yaml.MappingNode):
        raise RecordError("expected a mapping of keys to values", source, line_of(node))
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in allowed:
            expected = ", ".join(allowed)
            raise RecordError(f"unknown key {key!r} (expected {expected})", source, line_of(key_node))
        if key in fields:
            raise RecordError(f"key {key!r} appears twice", source, line_of(key_node))
        fields[key] = value_node
    return fields


def text_value(fields: dict[str, yaml.Node], key: str, source: str, parent: yaml.Node) -> str:
    value = value_of(fields, key, source, parent)
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be text", source, line_of(fields[key]))
    return value


def number_value(fields: dict[str, yaml.Node], key: str, source: str, parent: yaml.Node) -> int:
    value = value_of(fields, key, source, parent)
    # bool is an int in Python; a record never holds one.
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordError(f"{key!r} must be a number", source, line_of(fields[key]))
    return value


def value_of(fields: dict[str, yaml.Node], key: str, source: str, parent: yaml.Node) -> object:
    node = fields.get(key)
    if node is None:
        raise RecordError(f"missing key {key!r}", source, line_of(parent))
    return CONSTRUCTOR.construct_document(node)


# construct_document forgets each node once it is built, so that one constructor serves all.
CONSTRUCTOR = yaml.constructor.SafeConstructor()


def check_unique(entries: Sequence[Entry], nodes: Sequence[yaml.Node], source: str) -> None:
    seen: set[str] = set()
    for entry, node in zip(entries, nodes, strict=True):
        if entry.guid in seen:
            raise RecordError(f"GUID {entry.guid} appears twice", source, line_of(node))
        seen.add(entry.guid)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def dump_record(record: Record) -> str:
    """Plain YAML, one block per note in package order, so that a diff shows what changed."""
    return "".join(record_parts(record))


def record_parts(record: Record) -> Iterator[str]:
    """The record's text a piece at a time: written whole, 200,000 notes made a 70 MB string."""
    if not record.entries:
        data = {"version": RECORD_VERSION, "notes": []}
        yield HEADER + yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
        return
    yield HEADER + f"version: {RECORD_VERSION}\nnotes:\n"
    yield from map(dump_entry, record.entries)


def read_as_written(lines: Iterable[str]) -> Record | None:
    """The record, when its lines are exactly what dump_record writes by hand; else None.

    Only such lines are read here, one at a time: each value must be what scalar()
    writes for it, which PyYAML reads back as that very value (tests/test_record_emitter.py).
    Read as YAML, the record of 200,000 notes took a minute and 2 GB.
    """
    stream = iter(lines)
    if "".join(islice(stream, HEADER.count("\n") + 2)) != HEADER + f"version: {RECORD_VERSION}\nnotes:\n":
        return None
    entries = []
    for first in stream:
        group = [first, *islice(stream, len(ENTRY_KEYS) - 1)]
        if len(group) != len(ENTRY_KEYS):
            return None
        values = []
        for prefix, line, read in zip(ENTRY_PREFIXES, group, ENTRY_READERS, strict=True):
            value = read(line[len(prefix) : -1]) if line.startswith(prefix) and line.endswith("\n") else None
            if value is None:
                return None
            values.append(value)
        entries.append(Entry(*values))
    # No notes under "notes:" is YAML's null, which the YAML path reports.
    if not entries or len({entry.guid for entry in entries}) != len(entries):
        return None
    return Record(tuple(entries))


def read_text(raw: str) -> str | None:
    value = raw[1:-1].replace("''", "'") if raw.startswith("'") else raw
    return value if scalar(value) == raw else None


def read_number(raw: str) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if str(value) == raw else None


def dump_entry(entry: Entry) -> str:
    """One note's block, the very lines PyYAML's safe dumper writes for it.

    The record is flat and its values are mostly plain words, so they are written by
    hand here: through PyYAML, the record of 200,000 notes took half of a large build's
    time. A value whose style is not decided below (a line break, a control character,
    a very long line that PyYAML would fold) is left to PyYAML, for that note alone:
    the notes are listed without indent, so a list of one note dumps to its own lines.
    """
    values = (
        scalar(entry.guid),
        str(entry.note_id),
        str(entry.modified),
        scalar(entry.hash),
        scalar(entry.key),
        scalar(entry.kind),
        str(entry.position),
        scalar(entry.text),
    )
    if None in values:
        data = [{key: getattr(entry, key) for key in ENTRY_KEYS}]
        return yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    return ENTRY_FORMAT.format(*values)


ENTRY_PREFIXES = tuple(("- " if index == 0 else "  ") + f"{key}: " for index, key in enumerate(ENTRY_KEYS))
ENTRY_READERS = (read_text, read_number, read_number, read_text, read_text, read_text, read_number, read_text)
ENTRY_FORMAT = "- " + "\n  ".join(f"{key}: {{}}" for key in ENTRY_KEYS) + "\n"
# Characters PyYAML writes as they are with allow_unicode, short of line breaks (it
# escapes the others; "\x85", "\u2028" and "\u2029" are line breaks to YAML). Past
# the BMP (emoji) libyaml escapes and pure-Python PyYAML does not: left to the dumper.
PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
# Well under the width of 1,000 columns past which PyYAML folds a long value.
LONGEST_SCALAR = 900
# Leading characters that make PyYAML quote a value (its emitter's "indicators").
INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
RESOLVER = yaml.resolver.Resolver()
STR_TAG = "tag:yaml.org,2002:str"


def scalar(value: str) -> str | None:
    """value as PyYAML's safe dumper writes it on one line: plain, or in single quotes
    when plain would read back as something else; None when neither is certain."""
    if value == "":
        # Plain, it would read back as null (the kind and text of a note whose item is unknown).
        return "''"
    if len(value) > LONGEST_SCALAR or PRINTABLE.fullmatch(value) is None:
        return None
    if needs_quotes(value):
        return "'" + value.replace("'", "''") + "'"
    return value


def needs_quotes(value: str) -> bool:
    """PyYAML's rules for a one-line printable value in a block mapping: no indicator
    at its start, no ": " or " #" inside, no space at either end, and read back as text."""
    first = value[0]
    return (
        first in INDICATORS
        or (first in "?:-" and (len(value) == 1 or value[1] == " "))
        or value.startswith(("---", "..."))
        or first == " "
        or value[-1] in " :"
        or ": " in value
        or " #" in value
        or RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != STR_TAG
    )


def write_record(record: Record, path: Path) -> None:
    """Replace the record atomically: a failed write leaves the old one in place."""

    def write(temporary: Path) -> None:
        # A note at a time: the text of 200,000 notes whole was the peak of a large build.
        with temporary.open("w", encoding="utf-8", newline="\n") as stream:
            stream.writelines(record_parts(record))

    write_atomically(path, write, ".lock.yaml")


# Matching notes against the record


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return int(time.time())
    try:
        seconds = int(value)
    except ValueError:
        raise InputError(f"must be a whole number of seconds, not {value!r}", "SOURCE_DATE_EPOCH") from None
    if seconds < 0:
        raise InputError(f"must not be negative, not {value!r}", "SOURCE_DATE_EPOCH")
    return seconds


def item_part(key: str) -> str:
    """A note key without its last part (the card kind): the notes of one item share it."""
    return key.rsplit("/", 1)[0]


def card_part(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def card_kind(kind: str, key: str) -> str:
    # The report names the card kind a user picks with --cards, not the note type.
    return CARD_KIND_OF.get((kind, card_part(key)), card_part(key))


def summary_part(key: str) -> str:
    return key.split("/", 1)[0]


def describe_items(summaries: Iterable[Summary]) -> dict[str, Item]:
    """Every item by the item part of its notes' keys, with its kind, position and text."""
    items: dict[str, Item] = {}
    for summary in summaries:
        for position, idea in enumerate(summary.ideas, start=1):
            items[item_part(note_key(summary, "idea", idea.id, ""))] = Item("idea", position, idea.headline)
        for position, quote in enumerate(summary.quotes, start=1):
            items[item_part(note_key(summary, "quote", quote.id, ""))] = Item("quote", position, quote.text)
    return items


def item_of(note: Note, items: Mapping[str, Item]) -> Item:
    # A note whose item is unknown (a key format this module does not know) still gets
    # a record; it only misses the rewording rule.
    return items.get(item_part(note.key), Item("", 0, ""))


# json.dumps would make an encoder per call; the output is the same.
HASH_ENCODER = json.JSONEncoder(ensure_ascii=False)


def content_hash(note: Note) -> str:
    """What Anki stores of a note: its type, fields and tags (the deck belongs to the cards)."""
    data = HASH_ENCODER.encode([note.note_type, list(note.fields), list(note.tags)])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, old.casefold(), new.casefold(), autojunk=False).ratio()


def is_rewording(note: Note, item: Item, entry: Entry) -> bool:
    """The same item reworded: same summary, kind, position and card kind, and similar text."""
    return (
        item.kind != ""
        and (entry.kind, entry.position) == (item.kind, item.position)
        and summary_part(entry.key) == summary_part(note.key)
        and card_part(entry.key) == card_part(note.key)
        and similarity(entry.text, item.text) >= SIMILARITY_THRESHOLD
    )


def place_of(key: str, kind: str, position: int) -> tuple[str, str, int, str]:
    return (summary_part(key), kind, position, card_part(key))


def match_notes(
    notes: Sequence[Note], items: Mapping[str, Item], record: Record
) -> list[tuple[Entry | None, bool]]:
    """For each note, the record entry it continues (or None) and whether it was reworded.

    In order: the same GUID, then the same key (a note reworded in an earlier build
    keeps the GUID it was given then), then the rewording rule. Each entry is
    claimed at most once.
    """
    by_guid = {entry.guid: entry for entry in record.entries}
    by_key = {entry.key: entry for entry in record.entries}
    claimed: set[str] = set()
    found: list[Entry | None] = [None] * len(notes)
    reworded = [False] * len(notes)
    for index, note in enumerate(notes):
        entry = by_guid.get(note.guid)
        if entry is not None:
            found[index] = entry
            claimed.add(entry.guid)
    for index, note in enumerate(notes):
        entry = by_key.get(note.key)
        if found[index] is None and entry is not None and entry.guid not in claimed:
            found[index] = entry
            claimed.add(entry.guid)
    # The rewording rule only ever pairs a note with entries of the same summary, kind,
    # position and card kind: look those up instead of scanning the record for each note.
    places: dict[tuple[str, str, int, str], list[Entry]] = {}
    if None in found:
        for entry in record.entries:
            places.setdefault(place_of(entry.key, entry.kind, entry.position), []).append(entry)
    for index, note in enumerate(notes):
        if found[index] is not None or not places:
            continue
        item = item_of(note, items)
        nearby = places.get(place_of(note.key, item.kind, item.position), ())
        candidates = [e for e in nearby if e.guid not in claimed and is_rewording(note, item, e)]
        if candidates:
            entry = max(candidates, key=lambda e: similarity(e.text, item.text))
            found[index] = entry
            reworded[index] = True
            claimed.add(entry.guid)
    return list(zip(found, reworded, strict=True))


def classify(digest: str, entry: Entry | None) -> str:
    """new (no entry), unchanged (same content hash), or updated."""
    if entry is None:
        return NEW
    return UNCHANGED if entry.hash == digest else UPDATED


def removed_entries(record: Record, matched: Iterable[Entry | None]) -> list[Entry]:
    """Record entries no current note continues: their items are gone from the source."""
    kept = {entry.guid for entry in matched if entry is not None}
    return [entry for entry in record.entries if entry.guid not in kept]


def stamp_for(change: str, entry: Entry | None, now: int, new_ids: Iterator[int]) -> Stamp:
    """Unchanged notes keep their time; a changed note's time moves forward, never back.

    Anki updates a note only when the incoming time is newer, so an updated note gets
    the build time, or one second past its old time when the build time is not later
    (a pinned SOURCE_DATE_EPOCH, a fast rebuild).
    """
    if entry is None:
        return Stamp(note_id=next(new_ids), modified=now)
    if change == UNCHANGED:
        return Stamp(note_id=entry.note_id, modified=entry.modified)
    return Stamp(note_id=entry.note_id, modified=max(now, entry.modified + 1))


def new_note_ids(record: Record, now: int) -> Iterator[int]:
    """Fresh note ids after every id in the record, in Anki's style (milliseconds)."""
    start = max([now * 1000, *(entry.note_id + NOTE_ID_STEP for entry in record.entries)])
    return iter(range(start, 1 << 62, NOTE_ID_STEP))


def reconcile(notes: Sequence[Note], summaries: Iterable[Summary], record: Record, now: int) -> Update:
    """Give each note its GUID, note id and time from the record, and say what changed."""
    items = describe_items(summaries)
    matches = match_notes(notes, items, record)
    ids = new_note_ids(record, now)
    written: list[Note] = []
    stamps: dict[str, Stamp] = {}
    entries: list[Entry] = []
    changes: list[Change] = []
    for note, (entry, reworded) in zip(notes, matches, strict=True):
        note = note if entry is None or entry.guid == note.guid else replace(note, guid=entry.guid)
        digest = content_hash(note)
        change = classify(digest, entry)
        stamp = stamp_for(change, entry, now, ids)
        item = item_of(note, items)
        written.append(note)
        stamps[note.guid] = stamp
        entries.append(
            Entry(
                guid=note.guid,
                note_id=stamp.note_id,
                modified=stamp.modified,
                hash=digest,
                key=note.key,
                kind=item.kind,
                position=item.position,
                text=item.text,
            )
        )
        card = card_kind(item.kind, note.key)
        changes.append(Change(change, item.kind, item.position, card, item.text, reworded))
    for entry in removed_entries(record, (entry for entry, _ in matches)):
        changes.append(
            Change(REMOVED, entry.kind, entry.position, card_kind(entry.kind, entry.key), entry.text)
        )
    return Update(tuple(written), stamps, Report(tuple(changes)), Record(tuple(entries)))


# The report


def report_lines(report: Report, verbose: bool = False) -> list[str]:
    """One summary line; with verbose, one line per note under it."""
    counts = ", ".join(f"{report.count(change)} {change}" for change in CHANGES)
    lines = [f"Notes against the last build: {counts}"]
    if verbose:
        lines += [change_line(change) for change in report.changes]
    return lines


def change_line(change: Change) -> str:
    text = change.text if len(change.text) <= 60 else change.text[:59].rstrip() + "…"
    where = f"{change.kind} {change.position} ({change.card})" if change.kind else change.card
    suffix = " (reworded)" if change.reworded else ""
    return f"  {change.change:<9} {where}: {text}{suffix}"
