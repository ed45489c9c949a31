"""The record's lines exactly as a build writes them, written and read back by hand: the fast path.

Through PyYAML, writing and reading the record was most of a large build (docs/PERFORMANCE.md); the
record is flat and its values mostly plain words, so its lines are made here, as PyYAML's safe
dumper would make them. A record that is not line for line such is read as YAML (fileformat.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import cast

import yaml

from flashcards.record.entries import (
    ENTRY_KEYS,
    GUID_FORM,
    HEADER,
    LEGACY_VERSION,
    RECORD_VERSION,
    Entry,
    Record,
    within_bounds,
)
from flashcards.support.yamlnodes import SAFE_DUMPER

RECORD_HEAD = HEADER + f"version: {RECORD_VERSION}\nnotes:\n"
LEGACY_HEAD = HEADER + f"version: {LEGACY_VERSION}\nnotes:\n"


def read_as_written(lines: Iterable[str]) -> Record | None:
    """The record, when its lines are exactly what dump_entry writes by hand; else None."""
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


def entries_as_written(lines: Iterable[str]) -> Iterator[Entry]:
    """The record's entries one at a time (after its header), while its lines are exactly what
    dump_entry writes by hand; NotAsBuilt at the first that is not (the caller reads the record
    as YAML then).

    Only such lines are read here: each value must be what scalar() writes for it, which
    PyYAML reads back as that very value (tests/record/test_record_emitter.py). It does not check
    that GUIDs are unique.
    """
    stream = iter(lines)
    for first in stream:
        # One pattern for a note's lines, rather than a test a line.
        block = first + "".join(islice(stream, len(ENTRY_KEYS) - 1))
        plain = PLAIN_ENTRY_LINES.fullmatch(block)
        if plain is not None:
            # GUID, hash and key in the shapes scalar() writes plain, as builds write them: taken
            # as they are.
            guid, note_id, modified, digest, key, kind, position, text = plain.groups()
            values: tuple[str | None, ...] = (guid, digest, key, read_repeated(kind), read_repeated(text))
        else:
            lines_of_entry = ENTRY_LINES.fullmatch(block)
            if lines_of_entry is None:
                raise NotAsBuilt("not the lines a build writes")
            guid, note_id, modified, digest, key, kind, position, text = lines_of_entry.groups()
            values = (read_scalar(guid), read_scalar(digest), read_scalar(key), read_repeated(kind))
            values += (read_repeated(text),)
            if values[0] is None or GUID_FORM.fullmatch(values[0]) is None:
                raise NotAsBuilt("not a GUID a build writes")
        if None in values:
            raise NotAsBuilt("not the values a build writes")
        guid, digest, key, kind, text = cast(tuple[str, str, str, str, str], values)
        yield Entry(int(note_id), read_time(modified), guid, digest, key, kind, int(position), text)


def read_scalar(raw: str) -> str | None:
    value = raw[1:-1].replace("''", "'") if raw.startswith("'") else raw
    return value if scalar(value) == raw else None


# The kinds, and the text every note of an item repeats, are read and written once for
# all of them; the times of notes unchanged since one build are one number, kept once.
read_repeated = lru_cache(maxsize=64)(read_scalar)


read_time = lru_cache(maxsize=64)(int)


def dump_entry(entry: Entry) -> str:
    """One note's block, the very lines PyYAML's safe dumper writes for it.

    The record is flat and its values are mostly plain words, so they are written by
    hand here, far faster than through PyYAML. A value whose style is not decided below (a
    line break, a control character, a very long line that PyYAML would fold) is left to
    PyYAML, for that note alone:
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
# other value to the end of its line, for read_scalar to check.
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
# number) and keys of lower-case words and "/" (no type's pattern has a "/"): checked at
# once, before the rules.
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
# character): any other value is text, without asking.
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


class NotAsBuilt(Exception):
    """The record is not line for line what a build writes: read it as YAML, which names any fault."""
