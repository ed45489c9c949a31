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
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple, cast

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
class Stamp:
    """The note id and modification time (seconds) a note is written with."""

    note_id: int
    modified: int


@dataclass(frozen=True, slots=True)
class Entry(Stamp):
    """What the last build wrote for one note (its stamp among it), and which item the note came from.

    An entry is its note's stamp, so that a build's stamps are its record's entries: one
    object a note rather than two (15 MB fewer at 10,000 summaries).
    """

    guid: str
    hash: str
    key: str
    kind: str
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class Record:
    """Every note of the last build, in package order."""

    entries: tuple[Entry, ...] = ()


class Item(NamedTuple):
    """The source item a note came from, as the rewording rule compares it.

    A named tuple, not a frozen dataclass: one is made for every item of a build (100,000
    at 10,000 summaries), in a third less time.
    """

    kind: str
    position: int
    text: str


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
    except FileNotFoundError:
        return Record()
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read the record: {error}", str(path)) from None
    return written if written is not None else read_yaml_record(path)


def read_yaml_record(path: Path) -> Record:
    """The record at path read as YAML, the slow way that names each fault with its line."""
    try:
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
    """The record, when its lines are exactly what dump_record writes by hand; else None."""
    try:
        entries = tuple(entries_as_written(lines))
    except NotAsBuilt:
        return None
    # No notes under "notes:" is YAML's null, which the YAML path reports.
    if not entries or len({entry.guid for entry in entries}) != len(entries):
        return None
    return Record(entries)


def entries_as_written(lines: Iterable[str]) -> Iterator[Entry]:
    """The record's entries one at a time, while its lines are exactly what dump_record writes
    by hand; NotAsBuilt at the first that is not (the caller reads the record as YAML then).

    Only such lines are read here: each value must be what scalar() writes for it, which
    PyYAML reads back as that very value (tests/test_record_emitter.py). Read as YAML, the
    record of 200,000 notes took a minute and 2 GB. It does not check that GUIDs are unique.
    """
    stream = iter(lines)
    if "".join(islice(stream, HEADER.count("\n") + 2)) != HEADER + f"version: {RECORD_VERSION}\nnotes:\n":
        raise NotAsBuilt("not the header a build writes")
    for first in stream:
        # One pattern for a note's lines, rather than a test a line: a third of the time.
        lines_of_entry = ENTRY_LINES.fullmatch(first + "".join(islice(stream, len(ENTRY_KEYS) - 1)))
        if lines_of_entry is None:
            raise NotAsBuilt("not the lines a build writes")
        guid, note_id, modified, digest, key, kind, position, text = lines_of_entry.groups()
        values = (read_text(guid), read_text(digest), read_text(key), read_repeated(kind))
        values += (read_repeated(text),)
        if None in values:
            raise NotAsBuilt("not the values a build writes")
        guid, digest, key, kind, text = cast(tuple[str, str, str, str, str], values)
        yield Entry(int(note_id), read_time(modified), guid, digest, key, kind, int(position), text)


def read_text(raw: str) -> str | None:
    value = raw[1:-1].replace("''", "'") if raw.startswith("'") else raw
    return value if scalar(value) == raw else None


# The kinds, and the text every note of an item repeats, are read and written once for
# all of them; the times of notes unchanged since one build are one number, kept once.
read_repeated = lru_cache(maxsize=64)(read_text)
read_time = lru_cache(maxsize=64)(int)


def dump_entry(entry: Entry) -> str:
    """One note's block, the very lines PyYAML's safe dumper writes for it.

    The record is flat and its values are mostly plain words, so they are written by
    hand here: through PyYAML, the record of 200,000 notes took half of a large build's
    time. A value whose style is not decided below (a line break, a control character,
    a very long line that PyYAML would fold) is left to PyYAML, for that note alone:
    the notes are listed without indent, so a list of one note dumps to its own lines.
    """
    guid, digest, key = scalar(entry.guid), scalar(entry.hash), scalar(entry.key)
    kind, text = repeated_scalar(entry.kind), repeated_scalar(entry.text)
    if guid is None or digest is None or key is None or kind is None or text is None:
        data = [{key: getattr(entry, key) for key in ENTRY_KEYS}]
        return yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    # The keys in ENTRY_KEYS order, one line each (an f-string: a fifth faster than a format).
    return (
        f"- guid: {guid}\n  note_id: {entry.note_id}\n  modified: {entry.modified}\n  hash: {digest}\n"
        f"  key: {key}\n  kind: {kind}\n  position: {entry.position}\n  text: {text}\n"
    )


ENTRY_PREFIXES = tuple(("- " if index == 0 else "  ") + f"{key}: " for index, key in enumerate(ENTRY_KEYS))
# A note's lines: its numbers as str() writes them (so that int() reads each back exactly), any
# other value to the end of its line, for read_text to check.
NUMBER_KEYS = ("note_id", "modified", "position")
ENTRY_LINES = re.compile(
    "".join(
        f"{prefix}({'0|-?[1-9][0-9]*' if key in NUMBER_KEYS else '.*'})\n"
        for prefix, key in zip(ENTRY_PREFIXES, ENTRY_KEYS, strict=True)
    )
)
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
# The first characters resolve() has implicit tags to try for (it looks them up by the first
# character): any other value is text, and asking took a third of writing the record.
IMPLICIT_FIRSTS = frozenset(RESOLVER.yaml_implicit_resolvers)
# Most of a record's values, which no rule above quotes and no implicit type reads as
# anything but text: hex digests with a letter (GUIDs, hashes; "0b" starts a binary
# number) and keys of lower-case words and "/" (no type's pattern has a "/"). Checked
# at once, they took a fifth of the time scalar() took on them.
SURELY_PLAIN = re.compile(r"(?!0b)(?=[0-9]*[a-f])[0-9a-f]+|[0-9a-z][0-9a-z_-]*/[0-9a-z_/-]*")


def scalar(value: str) -> str | None:
    """value as PyYAML's safe dumper writes it on one line: plain, or in single quotes
    when plain would read back as something else; None when neither is certain."""
    if value == "":
        # Plain, it would read back as null (the kind and text of a note whose item is unknown).
        return "''"
    if len(value) > LONGEST_SCALAR:
        return None
    if SURELY_PLAIN.fullmatch(value):
        return value
    if PRINTABLE.fullmatch(value) is None:
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
        or (first in IMPLICIT_FIRSTS and RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != STR_TAG)
    )


repeated_scalar = lru_cache(maxsize=64)(scalar)


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


def card_part(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def card_kind(kind: str, key: str) -> str:
    # The report names the card kind a user picks with --cards, not the note type.
    return CARD_KIND_OF.get((kind, card_part(key)), card_part(key))


def summary_part(key: str) -> str:
    return key.split("/", 1)[0]


# A note whose item is unknown (a key format this module does not know) still gets
# a record; it only misses the rewording rule.
NO_ITEM = Item("", 0, "")


def describe_items(summaries: Iterable[Summary]) -> dict[str, Item]:
    """Every item by the item part of its notes' keys, with its kind, position and text."""
    items: dict[str, Item] = {}
    for summary in summaries:
        # A key with no card kind ends with the "/" before it: without it, the item part.
        for position, idea in enumerate(summary.ideas, start=1):
            items[note_key(summary, "idea", idea.id, "")[:-1]] = Item("idea", position, idea.headline)
        for position, quote in enumerate(summary.quotes, start=1):
            items[note_key(summary, "quote", quote.id, "")[:-1]] = Item("quote", position, quote.text)
    return items


def item_of(note: Note, items: Mapping[str, Item]) -> Item:
    """The note's item, by its key without the last part (the card kind): an item's notes share it."""
    # A key without a "/" gives "", which is no item's (an item part has two).
    return items.get(note.key.rpartition("/")[0], NO_ITEM)


# The JSON text of [note type, fields, tags] as json.dumps writes it (ensure_ascii off), put
# together from its strings: one JSON encoder a note took 30 % longer (its setup per call).
encode_string = json.encoder.encode_basestring


@lru_cache(maxsize=64)
def encode_strings(strings: tuple[str, ...]) -> str:
    """A list of strings as JSON without its brackets; remembered for tags, which notes share."""
    return ", ".join(map(encode_string, strings))


def content_hash(note: Note) -> str:
    """What Anki stores of a note: its type, fields and tags (the deck belongs to the cards)."""
    fields = ", ".join(map(encode_string, note.fields))
    data = f"[{encode_string(note.note_type)}, [{fields}], [{encode_strings(note.tags)}]]"
    # The first 16 hex digits of the digest: its first 8 bytes, without the other 48 digits.
    return hashlib.sha256(data.encode("utf-8")).digest()[:8].hex()


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


class NotAsBuilt(Exception):
    """The record is not line for line what a build writes: read it as YAML, which names any fault."""


def reconcile(
    notes: Sequence[Note],
    summaries: Iterable[Summary],
    record: Record,
    now: int,
    digests: Sequence[str] | None = None,
) -> Update:
    """Give each note its GUID, note id and time from the record, and say what changed.

    The notes have GUIDs and keys of their own (plan_build checks them). digests are
    their content hashes when the caller has them already (worker processes make them).
    """
    try:
        return reconcile_entries(notes, summaries, record.entries, now, digests)
    except NotAsBuilt as error:
        raise RecordError(str(error)) from None


def reconcile_file(
    notes: Sequence[Note],
    summaries: Sequence[Summary],
    path: Path,
    now: int,
    digests: Sequence[str] | None = None,
) -> Update:
    """reconcile against the record at path, read an entry at a time while the notes are matched.

    Read whole, the last record sat beside the new one: 120 MB at 10,000 summaries, the
    peak of a rebuild. Read this way, an entry whose note has its GUID is dropped once
    matched; only the entries no note has the GUID of are kept, for the other rules.
    """
    try:
        with path.open(encoding="utf-8") as lines:
            return reconcile_entries(notes, summaries, entries_as_written(lines), now, digests)
    except FileNotFoundError:
        return reconcile(notes, summaries, Record(), now, digests)
    except NotAsBuilt:
        pass
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read the record: {error}", str(path)) from None
    return reconcile(notes, summaries, read_yaml_record(path), now, digests)


def reconcile_entries(
    notes: Sequence[Note],
    summaries: Iterable[Summary],
    entries: Iterable[Entry],
    now: int,
    digests: Sequence[str] | None = None,
) -> Update:
    """reconcile, with the last record's entries given one at a time in record order."""
    items = describe_items(summaries)
    if digests is None:
        digests = [content_hash(note) for note in notes]
    matching = Matching(notes, [item_of(note, items) for note in notes], now, digests)
    for entry in entries:
        matching.take(entry)
    return matching.finish()


class Matching:
    """The notes of a build, matched against the last record's entries as they come.

    In order: the same GUID, then the same key (a note reworded in an earlier build
    keeps the GUID it was given then), then the rewording rule. Each entry is
    claimed at most once. The GUID is matched as each entry comes; the other rules
    wait for the whole record, and only ever look at the entries left unclaimed.
    """

    def __init__(self, notes: Sequence[Note], items: Sequence[Item], now: int, digests: Sequence[str]):
        self.notes = notes
        self.items = items
        self.now = now
        self.digests = digests
        # What each note is written with, filled in by the rules; None is a new note, so far.
        self.entries: list[Entry | None] = [None] * len(notes)
        self.outcomes = [NEW] * len(notes)
        self.reworded: set[int] = set()
        self.renamed: dict[int, Note] = {}
        # Entries no note has the GUID of, by GUID in record order, and every entry's key
        # (the last entry of a key wins); None for a key whose last entry is claimed.
        self.unclaimed: dict[str, Entry] = {}
        self.by_key: dict[str, Entry | None] = {}
        # New note ids come after every id in the record, in Anki's style (milliseconds).
        self.first_new_id = now * 1000

    @cached_property
    def index_of(self) -> dict[str, int]:
        """Each note's index by its GUID; made for the first entry (a first build has none)."""
        return {note.guid: index for index, note in enumerate(self.notes)}

    def take(self, entry: Entry) -> None:
        """Match one entry of the last record by its GUID, or keep it for the other rules."""
        self.first_new_id = max(self.first_new_id, entry.note_id + NOTE_ID_STEP)
        index = self.index_of.get(entry.guid)
        if index is None:
            if entry.guid in self.unclaimed:
                raise NotAsBuilt(f"GUID {entry.guid} appears twice")
            self.unclaimed[entry.guid] = entry
            self.by_key[entry.key] = entry
            return
        if self.entries[index] is not None:
            raise NotAsBuilt(f"GUID {entry.guid} appears twice")
        note = self.notes[index]
        # The note's own GUID: the record's copy of it is dropped with the entry.
        self.continue_entry(index, entry, note.guid)
        if entry.key != note.key:
            # Claimed, it still hides the earlier entries of its key from the key rule.
            self.by_key[entry.key] = None

    def continue_entry(self, index: int, old: Entry, guid: str) -> None:
        """Unchanged notes keep their time; a changed note's time moves forward, never back.

        Anki updates a note only when the incoming time is newer, so an updated note gets
        the build time, or one second past its old time when the build time is not later
        (a pinned SOURCE_DATE_EPOCH, a fast rebuild).
        """
        unchanged = old.hash == self.digests[index]
        modified = old.modified if unchanged else max(self.now, old.modified + 1)
        self.entries[index] = self.entry(index, old.note_id, modified, guid)
        self.outcomes[index] = UNCHANGED if unchanged else UPDATED

    def entry(self, index: int, note_id: int, modified: int, guid: str) -> Entry:
        note, item = self.notes[index], self.items[index]
        digest = self.digests[index]
        return Entry(note_id, modified, guid, digest, note.key, item.kind, item.position, item.text)

    def claim(self, index: int, old: Entry) -> None:
        """The note continues an entry no note has the GUID of: it takes the entry's GUID."""
        del self.unclaimed[old.guid]
        self.continue_entry(index, old, old.guid)
        self.renamed[index] = replace(self.notes[index], guid=old.guid)

    def match_keys(self) -> None:
        for index, note in enumerate(self.notes):
            if self.entries[index] is None:
                entry = self.by_key.get(note.key)
                if entry is not None and entry.guid in self.unclaimed:
                    self.claim(index, entry)

    def match_rewordings(self) -> None:
        # The rewording rule only ever pairs a note with entries of the same summary, kind,
        # position and card kind: look those up instead of scanning the record for each note.
        places: dict[tuple[str, str, int, str], list[Entry]] = {}
        for entry in self.unclaimed.values():
            places.setdefault(place_of(entry.key, entry.kind, entry.position), []).append(entry)
        for index, note in enumerate(self.notes):
            if self.entries[index] is not None:
                continue
            item = self.items[index]
            nearby = places.get(place_of(note.key, item.kind, item.position), ())
            candidates = [e for e in nearby if e.guid in self.unclaimed and is_rewording(note, item, e)]
            if candidates:
                self.claim(index, max(candidates, key=lambda e: similarity(e.text, item.text)))
                self.reworded.add(index)

    def finish(self) -> Update:
        """Apply the key and rewording rules; the notes left are new, with fresh note ids."""
        if self.unclaimed and None in self.entries:
            self.match_keys()
            self.match_rewordings()
        new_ids = iter(range(self.first_new_id, 1 << 62, NOTE_ID_STEP))
        now = self.now
        entries = tuple(
            Entry(next(new_ids), now, note.guid, digest, note.key, kind, position, text)
            if entry is None
            else entry
            for entry, note, (kind, position, text), digest in zip(
                self.entries, self.notes, self.items, self.digests, strict=True
            )
        )
        notes = list(self.notes)
        for index, note in self.renamed.items():
            notes[index] = note
        removed = tuple(self.unclaimed.values())
        report = Report(entries, tuple(self.outcomes), frozenset(self.reworded), removed)
        # Each entry is also its note's stamp.
        return Update(tuple(notes), {entry.guid: entry for entry in entries}, report, Record(entries))


# The report


def report_lines(report: Report, verbose: bool = False) -> list[str]:
    """One summary line; with verbose, one line per note under it."""
    counts = ", ".join(f"{report.count(change)} {change}" for change in CHANGES)
    lines = [f"Notes against the last build: {counts}"]
    if verbose:
        lines += [change_line(change) for change in report.changes]
    return lines


def change_of(entry: Entry, outcome: str, reworded: bool = False) -> Change:
    return Change(outcome, entry.kind, entry.position, card_kind(entry.kind, entry.key), entry.text, reworded)


def change_line(change: Change) -> str:
    text = change.text if len(change.text) <= 60 else change.text[:59].rstrip() + "…"
    where = f"{change.kind} {change.position} ({change.card})" if change.kind else change.card
    suffix = " (reworded)" if change.reworded else ""
    return f"  {change.change:<9} {where}: {text}{suffix}"
