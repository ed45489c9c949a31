"""What the record holds: an entry a note, its words and bounds, the build clock and the content hash."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from flashcards.errors import InputError
from flashcards.models import Note, Stamp

RECORD_VERSION = 2
# Records of the last release (version 1) name their notes by the ids it made (identity.py's
# legacy ids): a build reads them and matches on those keys once, then writes version 2.
LEGACY_VERSION = 1


# A record is read back only within these bounds; a hand edit past them is an error at its line.
# Note ids are Anki's milliseconds since 1970, and JavaScript reads whole numbers exactly to 2^53.
MAX_NOTE_ID = 1 << 53
MAX_POSITION = 1 << 31
# How far ahead of the clock a time may be (another machine's clock may run ahead). A note or
# note type stamped further ahead would never be updated again: Anki takes only newer ones.
FUTURE_MARGIN = 86_400
# The GUIDs builds write (cards.guid_for): 20 lower-case hex digits.
GUID_FORM = re.compile("[0-9a-f]{20}")


ENTRY_KEYS = ("guid", "note_id", "modified", "hash", "key", "kind", "position", "text")
HEADER = (
    "# Written by `flashcards build` beside its package: what the last build wrote for each note.\n"
    "# Keep it with the package; the next build reads it to update notes in place. See README.\n"
)


@dataclass(frozen=True, slots=True)
class Entry(Stamp):
    """What the last build wrote for one note (its stamp among it), and which item the note came from.

    An entry is its note's stamp, so that a build's stamps are its record's entries: one
    object a note rather than two.
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


def record_path(package: Path) -> Path:
    """decks/x.apkg -> decks/x.lock.yaml."""
    return package.with_suffix(".lock.yaml")


def latest_time() -> int:
    """The latest time a record or SOURCE_DATE_EPOCH may hold: now, plus the margin for clocks."""
    return int(time.time()) + FUTURE_MARGIN


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


class KeyParts(NamedTuple):
    """A key the record holds, in its parts: the summary id, the item part (kind and item id)
    and the card part. The record stores keys as text; notes carry their parts (models.ItemRef)."""

    summary: str
    item: str
    card: str


def key_parts(key: str) -> KeyParts:
    summary, _, rest = key.partition("/")
    return KeyParts(summary, rest.rpartition("/")[0], key.rsplit("/", 1)[-1])


# The JSON text of [note type, fields, tags] as json.dumps writes it (ensure_ascii off), put
# together from its strings, rather than through a JSON encoder a note (its set-up per call).
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
