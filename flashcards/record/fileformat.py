"""The record file (`<package>.lock.yaml`): read and checked, a fault named with its line; written whole."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import yaml

from flashcards.errors import RecordError
from flashcards.record.entries import (
    ENTRY_KEYS,
    GUID_FORM,
    HEADER,
    LEGACY_VERSION,
    MAX_NOTE_ID,
    MAX_POSITION,
    RECORD_VERSION,
    Entry,
    Record,
    latest_time,
)
from flashcards.record.lines import RECORD_HEAD, dump_entry, read_as_written
from flashcards.sources.text import CONTROL_CHARACTER, SURROGATE
from flashcards.support.files import AtomicFile
from flashcards.support.yamlnodes import SAFE_DUMPER, SAFE_LOADER, Refusals, line_of, refuse_aliases

# An entry is a flat mapping; records are read through libyaml, which nests by recursion.
MAX_RECORD_DEPTH = 10


TOP_KEYS = ("version", "notes")


def read_record(path: Path) -> Record:
    """The record at path; an empty one when there is none yet."""
    try:
        # Line by line from the file: a large record's text is tens of megabytes.
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


def parse_yaml_record(text: str, source: str) -> Record:
    """The record read as any YAML (edited by hand, or broken), each fault named with its line."""
    try:
        refuse_aliases(text, source, RECORD_REFUSALS)
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


RECORD_REFUSALS = Refusals(
    RecordError,
    MAX_RECORD_DEPTH,
    "holds the alias *{anchor}, which a record never does",
    "nests lists or mappings deeper than a record does",
)


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


def empty_record() -> str:
    data = {"version": RECORD_VERSION, "notes": []}
    return HEADER + yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)


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
