"""Read packages in the format Anki exports by default since 2.1.50: `collection.anki21b`.

Such a package holds its collection compressed with zstd, in schema 18: the note types, their
fields and templates, and the decks live in tables of their own (a deck's name separates its
parts with U+001F where older collections write `::`), not as JSON in the `col` row. Its `media`
file, zstd-compressed too, is a protobuf list of the media entries rather than JSON. The package
also holds a placeholder `collection.anki2` asking for a newer Anki, never read here.

This is a reading path of its own beside inspect.py's, and gives the same PackageContents.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import zstandard

from flashcards.errors import PackageReadError
from flashcards.views.collection import (
    Malformed,
    PackageContents,
    PackageFile,
    checked_models,
    deck_name,
    number,
    package_contents,
)

COMPRESSED = "collection.anki21b"
MEDIA = "media"
# Far beyond any real collection (a large shared deck is tens of MB): a zip bomb stops here.
MAX_COLLECTION_BYTES = 2_000_000_000
MAX_MEDIA_LIST_BYTES = 100_000_000
CHUNK = 1 << 20
DECK_SEPARATOR = "\x1f"
# The first bytes of a cloze note type's config: protobuf field 1 (kind), varint 1 (cloze).
CLOZE_CONFIG = b"\x08\x01"


def read_compressed(archive: zipfile.ZipFile, names: set[str], folder: str, source: str) -> PackageContents:
    """The contents of a package whose collection is collection.anki21b."""
    database = Path(folder) / "collection.sqlite"
    with archive.open(COMPRESSED) as packed, database.open("wb") as out:
        for chunk in decompressed(packed, MAX_COLLECTION_BYTES, source, COMPRESSED):
            out.write(chunk)
    media = media_count(archive, names, source)
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise PackageReadError(f"{COMPRESSED} cannot be opened: {error}", source) from None
    try:
        return read_tables(connection, source, media)
    except (sqlite3.Error, Malformed) as error:
        raise PackageReadError(f"{COMPRESSED} is not a readable Anki collection: {error}", source) from None
    finally:
        connection.close()


def decompressed(packed, limit: int, source: str, entry: str) -> Iterator[bytes]:
    """The zstd stream's bytes, a chunk at a time, never more than limit."""
    total = 0
    try:
        with zstandard.ZstdDecompressor().stream_reader(packed) as reader:
            while chunk := reader.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise PackageReadError(f"{entry} unpacks to more than {limit // 1_000_000} MB", source)
                yield chunk
    except zstandard.ZstdError as error:
        raise PackageReadError(f"{entry} is not valid zstd data: {error}", source) from None


def media_count(archive: zipfile.ZipFile, names: set[str], source: str) -> int:
    """How many media files the package's media list names (the files themselves are 0, 1, …)."""
    if MEDIA not in names:
        return 0
    with archive.open(MEDIA) as packed:
        data = b"".join(decompressed(packed, MAX_MEDIA_LIST_BYTES, source, MEDIA))
    try:
        # MediaEntries: field 1 repeated, one MediaEntry (name, size, sha1) each.
        return sum(number == 1 for number, _ in protobuf_fields(data))
    except ValueError as error:
        raise PackageReadError(f"{MEDIA} is not a list of media files: {error}", source) from None


def protobuf_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Each (field number, value) at the top level of a protobuf message: enough to count entries."""
    position = 0
    while position < len(data):
        key, position = varint(data, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = varint(data, position)
            yield number, value
        elif wire_type == 2:
            length, position = varint(data, position)
            if position + length > len(data):
                raise ValueError("a field runs past the end")
            yield number, data[position : position + length]
            position += length
        elif wire_type in (1, 5):
            width = 8 if wire_type == 1 else 4
            if position + width > len(data):
                raise ValueError("a field runs past the end")
            yield number, data[position : position + width]
            position += width
        else:
            raise ValueError(f"unknown wire type {wire_type}")


def varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    raise ValueError("a number runs past the end")


def read_tables(connection: sqlite3.Connection, source: str, media: int) -> PackageContents:
    row = connection.execute("select ver from col").fetchone()
    if row is None:
        raise Malformed("it has no collection row (table col is empty)")
    (schema,) = row
    models = {str(type_id): model for type_id, model in note_types(connection).items()}
    # The same checks as the older collections' JSON gets (inspection.py), on what the tables hold.
    checked_models(models)
    deck_names = {
        number(str(deck_id), "a deck's id"): deck_name(str(deck_id), {"name": name}).replace(
            DECK_SEPARATOR, "::"
        )
        for deck_id, name in connection.execute("select id, name from decks")
    }
    return package_contents(connection, PackageFile(source, COMPRESSED, schema, media), models, deck_names)


def note_types(connection: sqlite3.Connection) -> dict[int, dict]:
    """The note types in the shape of the older collections' JSON, which inspect.py reads."""
    fields: dict[int, list[dict]] = defaultdict(list)
    for type_id, order, name in connection.execute("select ntid, ord, name from fields order by ntid, ord"):
        fields[type_id].append({"name": name, "ord": order})
    templates: dict[int, list[dict]] = defaultdict(list)
    for type_id, order, name in connection.execute(
        "select ntid, ord, name from templates order by ntid, ord"
    ):
        templates[type_id].append({"name": name, "ord": order})
    return {
        type_id: {
            "name": name,
            "type": 1 if bytes(config or b"").startswith(CLOZE_CONFIG) else 0,
            "flds": fields[type_id],
            "tmpls": templates[type_id],
        }
        for type_id, name, config in connection.execute("select id, name, config from notetypes")
    }
