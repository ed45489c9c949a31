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
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple, cast

import yaml

from flashcards.cards.kinds import CARD_KIND_OF
from flashcards.cards.notes import note_key
from flashcards.errors import InputError, RecordError, printable
from flashcards.models import Note, Summary
from flashcards.sources.identity import legacy_item_ids, legacy_summary_id_of
from flashcards.sources.page import CONTROL_CHARACTER, SURROGATE
from flashcards.support.files import AtomicFile
from flashcards.support.slugs import UniqueIds

RECORD_VERSION = 2
# Records of the last release (version 1) name their notes by the ids it made (identity.py's
# legacy ids): a build reads them and matches on those keys once, then writes version 2.
LEGACY_VERSION = 1
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
# New note ids are this far apart, so that card ids (note id + card number) of
# different notes never meet.
NOTE_ID_STEP = 100
# A record is read back only within these bounds; a hand edit past them is an error at its line.
# Note ids are Anki's milliseconds since 1970, and JavaScript reads whole numbers exactly to 2^53.
MAX_NOTE_ID = 1 << 53
MAX_POSITION = 1 << 31
# How far ahead of the clock a time may be (another machine's clock may run ahead). A note or
# note type stamped further ahead would never be updated again: Anki takes only newer ones.
FUTURE_MARGIN = 86_400
# The GUIDs builds write (cards.guid_for): 20 lower-case hex digits.
GUID_FORM = re.compile("[0-9a-f]{20}")
# An entry is a flat mapping; records are read through libyaml, which nests by recursion.
MAX_RECORD_DEPTH = 10

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
    # LEGACY_VERSION: its keys are the last release's (identity.py's legacy ids).
    version: int = RECORD_VERSION


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
            if written is None:
                # Not line for line what a build writes (edited by hand, or broken): read as
                # YAML, the slow way that names each fault with its line.
                lines.seek(0)
                return parse_yaml_record(lines.read(), str(path))
    except FileNotFoundError:
        return Record()
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read the record: {error}", str(path)) from None
    return written


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
        refuse_aliases(text, source)
        root = compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise RecordError(f"not valid YAML: {getattr(error, 'problem', error)}", source, line) from None
    if root is None:
        # Read as "no record", every reworded note would lose its GUID and come back as a copy.
        raise RecordError(
            "is empty: expected 'version' and 'notes' (delete the file to start afresh)", source
        )
    top = mapping(root, source, TOP_KEYS)
    version = number_value(top, "version", source, root)
    if version not in (RECORD_VERSION, LEGACY_VERSION):
        raise RecordError(f"record version {version} is not {RECORD_VERSION}", source, line_of(root))
    notes = top.get("notes")
    if notes is None:
        raise RecordError("missing key 'notes' (delete the file to start afresh)", source, line_of(root))
    if not isinstance(notes, yaml.SequenceNode):
        raise RecordError("'notes' must be a list", source, line_of(notes))
    entries = tuple(parse_entry(node, source) for node in notes.value)
    check_unique(entries, notes.value, source)
    return Record(entries, version)


def refuse_aliases(text: str, source: str) -> None:
    """A record has no use for aliases, which can make a small file expand without end, nor for
    deep nesting: either is an error at its line."""
    depth = 0
    try:
        events = list(yaml.parse(text, Loader=SAFE_LOADER))
    except yaml.YAMLError:
        return  # compose() names the fault in PyYAML's own words
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise RecordError(
                f"holds the alias *{event.anchor}, which a record never does", source, mark_line(event)
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_RECORD_DEPTH:
                raise RecordError(
                    "nests lists or mappings deeper than a record does", source, mark_line(event)
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def mark_line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def parse_entry(node: yaml.Node, source: str) -> Entry:
    fields = mapping(node, source, ENTRY_KEYS)
    latest = latest_time()
    entry = Entry(
        guid=text_value(fields, "guid", source, node),
        note_id=number_value(fields, "note_id", source, node, 1, MAX_NOTE_ID),
        modified=number_value(fields, "modified", source, node, 0, latest),
        hash=text_value(fields, "hash", source, node),
        key=text_value(fields, "key", source, node),
        kind=text_value(fields, "kind", source, node),
        position=number_value(fields, "position", source, node, 0, MAX_POSITION),
        text=text_value(fields, "text", source, node),
    )
    if GUID_FORM.fullmatch(entry.guid) is None:
        raise RecordError(
            f"GUID {entry.guid!r} is not one a build writes (20 hex digits)", source, line_of(fields["guid"])
        )
    return entry


def latest_time() -> int:
    """The latest time a record or SOURCE_DATE_EPOCH may hold: now, plus the margin for clocks."""
    return int(time.time()) + FUTURE_MARGIN


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
    # The same characters as in a summary: the text is printed in the report.
    fault = CONTROL_CHARACTER.search(value) or SURROGATE.search(value)
    if fault is not None:
        raise RecordError(
            f"{key!r} holds U+{ord(fault.group()):04X}, which no record may hold",
            source,
            line_of(fields[key]),
        )
    return value


def number_value(
    fields: dict[str, yaml.Node],
    key: str,
    source: str,
    parent: yaml.Node,
    least: int | None = None,
    most: int | None = None,
) -> int:
    """A whole number, within least and most when given."""
    value = value_of(fields, key, source, parent)
    # bool is an int in Python; a record never holds one.
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordError(f"{key!r} must be a number", source, line_of(fields[key]))
    if (least is not None and value < least) or (most is not None and value > most):
        raise RecordError(
            f"{key!r} must be from {least} to {most}, not {value}", source, line_of(fields[key])
        )
    return value


def value_of(fields: dict[str, yaml.Node], key: str, source: str, parent: yaml.Node) -> object:
    node = fields.get(key)
    if node is None:
        raise RecordError(f"missing key {key!r}", source, line_of(parent))
    try:
        return CONSTRUCTOR.construct_document(node)
    except yaml.constructor.ConstructorError as error:
        # A tag such as !!python/object: the safe constructor builds nothing from it.
        raise RecordError(f"{key!r}: {error.problem}", source, line_of(node)) from None
    except ValueError:
        # Python reads at most 4,300 digits as a number.
        raise RecordError(f"{key!r} is a number too long to read", source, line_of(node)) from None


# construct_document forgets each node once it is built, so that one constructor serves all.
CONSTRUCTOR = yaml.constructor.SafeConstructor()


def check_unique(entries: Sequence[Entry], nodes: Sequence[yaml.Node], source: str) -> None:
    """No two entries share a GUID or a note id: Anki would take them for one note."""
    seen: set[str] = set()
    ids: set[int] = set()
    for entry, node in zip(entries, nodes, strict=True):
        if entry.guid in seen:
            raise RecordError(f"GUID {entry.guid} appears twice", source, line_of(node))
        if entry.note_id in ids:
            raise RecordError(f"note id {entry.note_id} appears twice", source, line_of(node))
        seen.add(entry.guid)
        ids.add(entry.note_id)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def dump_record(record: Record) -> str:
    """Plain YAML, one block per note in package order, so that a diff shows what changed."""
    return "".join(record_parts(record))


def record_parts(record: Record) -> Iterator[str]:
    """The record's text a piece at a time: written whole, 200,000 notes made a 70 MB string."""
    if not record.entries:
        yield empty_record()
        return
    yield RECORD_HEAD
    yield from map(dump_entry, record.entries)


RECORD_HEAD = HEADER + f"version: {RECORD_VERSION}\nnotes:\n"
LEGACY_HEAD = HEADER + f"version: {LEGACY_VERSION}\nnotes:\n"


def empty_record() -> str:
    data = {"version": RECORD_VERSION, "notes": []}
    return HEADER + yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)


def read_as_written(lines: Iterable[str]) -> Record | None:
    """The record, when its lines are exactly what dump_record writes by hand; else None."""
    stream = iter(lines)
    head = "".join(islice(stream, RECORD_HEAD.count("\n")))
    if head not in (RECORD_HEAD, LEGACY_HEAD):
        return None
    try:
        entries = tuple(entries_as_written(stream))
    except NotAsBuilt:
        return None
    # No notes under "notes:" is YAML's null, which the YAML path reports; so does it any value
    # out of bounds, and any GUID or note id that appears twice.
    if not entries or not within_bounds(entries):
        return None
    return Record(entries, RECORD_VERSION if head == RECORD_HEAD else LEGACY_VERSION)


def within_bounds(entries: Sequence[Entry]) -> bool:
    """Every entry's numbers within the bounds parse_entry checks, its GUID of the form builds write,
    and no GUID or note id twice."""
    latest = latest_time()
    return (
        len({entry.guid for entry in entries}) == len(entries)
        and len({entry.note_id for entry in entries}) == len(entries)
        and all(
            0 < entry.note_id <= MAX_NOTE_ID
            and 0 <= entry.modified <= latest
            and entry.position <= MAX_POSITION
            and len(entry.guid) == 20
            for entry in entries
        )
    )


def entries_as_written(lines: Iterable[str]) -> Iterator[Entry]:
    """The record's entries one at a time (after its header), while its lines are exactly what
    dump_record writes by hand; NotAsBuilt at the first that is not (the caller reads the record
    as YAML then).

    Only such lines are read here: each value must be what scalar() writes for it, which
    PyYAML reads back as that very value (tests/test_record_emitter.py). Read as YAML, the
    record of 200,000 notes took a minute and 2 GB. It does not check that GUIDs are unique.
    """
    stream = iter(lines)
    for first in stream:
        # One pattern for a note's lines, rather than a test a line: a third of the time.
        block = first + "".join(islice(stream, len(ENTRY_KEYS) - 1))
        plain = PLAIN_ENTRY_LINES.fullmatch(block)
        if plain is not None:
            # GUID, hash and key in the shapes scalar() writes plain, as builds write them: as
            # they are (reading the record of 200,000 notes took 1.5 s of CPU; now 1.2 s).
            guid, note_id, modified, digest, key, kind, position, text = plain.groups()
            values: tuple[str | None, ...] = (guid, digest, key, read_repeated(kind), read_repeated(text))
        else:
            lines_of_entry = ENTRY_LINES.fullmatch(block)
            if lines_of_entry is None:
                raise NotAsBuilt("not the lines a build writes")
            guid, note_id, modified, digest, key, kind, position, text = lines_of_entry.groups()
            values = (read_text(guid), read_text(digest), read_text(key), read_repeated(kind))
            values += (read_repeated(text),)
            if values[0] is None or GUID_FORM.fullmatch(values[0]) is None:
                raise NotAsBuilt("not a GUID a build writes")
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


def entry_lines(values: dict[str, str]) -> re.Pattern[str]:
    """A pattern for a note's lines: each value by the pattern values gives for its key, a
    number as str() writes it (so that int() reads it back exactly; no sign and at most 18 digits,
    the YAML path reports others), else to the end of its line."""
    return re.compile(
        "".join(
            f"{prefix}({'0|[1-9][0-9]{0,17}' if key in NUMBER_KEYS else values.get(key, '.*')})\n"
            for prefix, key in zip(ENTRY_PREFIXES, ENTRY_KEYS, strict=True)
        )
    )


# Most of a record's values, which no rule below quotes and no implicit type reads as
# anything but text: hex digests with a letter (GUIDs, hashes; "0b" starts a binary
# number) and keys of lower-case words and "/" (no type's pattern has a "/"). Checked
# at once, they took a fifth of the time scalar() took on them.
PLAIN_HEX = r"(?!0b)(?=[0-9]*[a-f])[0-9a-f]+"
PLAIN_KEY = r"[0-9a-z][0-9a-z_-]*/[0-9a-z_/-]*"
SURELY_PLAIN = re.compile(f"{PLAIN_HEX}|{PLAIN_KEY}")
# Well under the width of 1,000 columns past which PyYAML folds a long value.
LONGEST_SCALAR = 900
ENTRY_LINES = entry_lines({})
# A note's lines with a GUID, hash and key that scalar() writes as they are, as builds write
# them: no longer than LONGEST_SCALAR, past which scalar() leaves a value to PyYAML.
SHORT = f"(?=.{{1,{LONGEST_SCALAR}}}\n)"
PLAIN_ENTRY_LINES = entry_lines(
    {"guid": SHORT + PLAIN_HEX, "hash": SHORT + PLAIN_HEX, "key": SHORT + PLAIN_KEY}
)
# Characters PyYAML writes as they are with allow_unicode, short of line breaks (it
# escapes the others; "\x85", "\u2028" and "\u2029" are line breaks to YAML). Past
# the BMP (emoji) libyaml escapes and pure-Python PyYAML does not: left to the dumper.
PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
# Leading characters that make PyYAML quote a value (its emitter's "indicators").
INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
RESOLVER = yaml.resolver.Resolver()
STR_TAG = "tag:yaml.org,2002:str"
# The first characters resolve() has implicit tags to try for (it looks them up by the first
# character): any other value is text, and asking took a third of writing the record.
IMPLICIT_FIRSTS = frozenset(RESOLVER.yaml_implicit_resolvers)


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
    with RecordWriter(path) as writer:
        writer.write_settled(record.entries)
        writer.commit()


class RecordWriter:
    """A record written as a build settles its notes, in build order, into a temporary file
    beside path; put in place by commit(), once the package is written.

    A note at a time: the text of 200,000 notes whole was the peak of a large build. And
    while the build runs, since writing it is a tenth of the build's time.
    """

    def __init__(self, path: Path):
        self.file = AtomicFile(path, ".lock.yaml")
        self.written = 0

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exception: object) -> None:
        self.file.discard()

    def write_settled(self, entries: Sequence[Entry | None]) -> None:
        """Write the entries after those written already, up to the first not settled (None)."""
        end = self.written
        while end < len(entries) and entries[end] is not None:
            end += 1
        if end == self.written:
            return
        if self.written == 0:
            self.file.write_text([RECORD_HEAD])
        self.file.write_text(map(dump_entry, cast(Sequence[Entry], entries[self.written : end])))
        self.written = end

    def commit(self) -> None:
        self.complete()
        self.file.put_in_place()

    def complete(self) -> None:
        """Finish the record in its temporary file, on disk and ready to be put in place."""
        if self.written == 0:
            self.file.write_text([empty_record()])
        self.file.prepare()


# Matching notes against the record


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return int(time.time())
    shown = value if len(value) <= 30 else value[:29] + "…"
    try:
        seconds = int(value)
    except ValueError:
        raise InputError(f"must be a whole number of seconds, not {shown!r}", "SOURCE_DATE_EPOCH") from None
    if seconds < 0:
        raise InputError(f"must not be negative, not {shown!r}", "SOURCE_DATE_EPOCH")
    if seconds > latest_time():
        # Notes and note types stamped in the future would never be updated again in Anki.
        raise InputError(
            f"{shown} is in the future; a build time may be at most a day past the clock", "SOURCE_DATE_EPOCH"
        )
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
    return printable(f"  {change.change:<9} {where}: {text}{suffix}")
