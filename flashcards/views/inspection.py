"""Read any Anki package (.apkg) and say what it holds: decks, note types, notes and cards.

A package is a zip file holding an SQLite collection and its media. Which
collection file it holds depends on the Anki version that wrote it:

- collection.anki2: Anki 2.0 and genanki (schema 11); read here.
- collection.anki21: Anki 2.1 up to 2.1.49, and later versions when exporting with
  "Support older Anki versions" (schema 11); read here.
- collection.anki21b: Anki 2.1.50 and later by default, compressed with zstd (schema 18);
  read by anki21b.py. Such packages also hold a placeholder collection.anki2 that must not
  be mistaken for the real one, so this entry comes first.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashcards.errors import PackageReadError
from flashcards.views.collection import (
    Malformed,
    PackageContents,
    PackageFile,
    checked_models,
    deck_name,
    json_object,
    number,
    package_contents,
)

COMPRESSED = "collection.anki21b"
READABLE = ("collection.anki21", "collection.anki2")


# SQLite's pages pack to a fifth or a tenth in a zip; a collection of more than 16 MiB that packs
# a hundred times smaller is no collection.
MAX_RATIO = 100
MAX_RATIO_FROM = 16 << 20


def read_package(path: Path) -> PackageContents:
    """Open the package and read its collection; a PackageReadError says why it cannot be read."""
    source = str(path)
    if not path.exists():
        raise PackageReadError("no such file", source)
    if path.is_dir():
        raise PackageReadError("is a directory, not an Anki package", source)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            entry = collection_entry(names, source)
            media = sum(name.isdigit() for name in names)
            with tempfile.TemporaryDirectory(prefix="flashcards-inspect-") as folder:
                check_unpacked_size(archive.getinfo(entry), folder, source)
                with unpacking(entry, source):
                    if entry == COMPRESSED:
                        from flashcards.views.anki21b import read_compressed

                        return read_compressed(archive, names, folder, source)
                    database = Path(archive.extract(entry, folder))
                return read_collection(database, source, entry, media)
    except zipfile.BadZipFile:
        raise PackageReadError("is not an Anki package (not a zip file)", source) from None
    except OSError as error:
        raise PackageReadError(f"cannot read: {error.strerror or error}", source) from None


def check_unpacked_size(info: zipfile.ZipInfo, folder: str, source: str) -> None:
    """Refuse a collection that would unpack to far more than it packs to (a zip bomb: 2 MB
    unpacked to 2 GiB) or to more than the temporary folder has room for, before unpacking it.
    zipfile unpacks no more than the size an entry declares, so the declared size is the bound."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > MAX_RATIO_FROM and size > MAX_RATIO * packed:
        raise PackageReadError(
            f"{info.filename} would unpack from {packed:,} to {size:,} bytes, far more than any"
            " collection compresses: refusing it (a zip bomb?)",
            source,
        )
    free = shutil.disk_usage(folder).free
    if size > free:
        raise PackageReadError(
            f"{info.filename} unpacks to {size:,} bytes, more than the {free:,} free in the temporary"
            " folder (set TMPDIR to another)",
            source,
        )


@contextmanager
def unpacking(entry: str, source: str) -> Iterator[None]:
    """zipfile's errors while an entry is unpacked as a PackageReadError naming the entry."""
    try:
        yield
    except NotImplementedError as error:
        # Deflate64, or another method the standard library does not have.
        raise PackageReadError(f"{entry} cannot be unpacked: {error}", source) from None
    except RuntimeError as error:
        raise PackageReadError(f"{entry} cannot be unpacked: {error}", source) from None  # encrypted
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PackageReadError(f"{entry} is damaged: {error}", source) from None


def collection_entry(names: set[str], source: str) -> str:
    for name in (COMPRESSED, *READABLE):
        if name in names:
            return name
    raise PackageReadError("is a zip file but holds no Anki collection (collection.anki2)", source)


def read_collection(database: Path, source: str, entry: str, media: int) -> PackageContents:
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise PackageReadError(f"{entry} cannot be opened: {error}", source) from None
    try:
        return read_tables(connection, source, entry, media)
    except sqlite3.Error as error:
        raise PackageReadError(f"{entry} is not a readable Anki collection: {error}", source) from None
    except Malformed as error:
        raise PackageReadError(f"{entry} is not a readable Anki collection: {error}", source) from None
    finally:
        connection.close()


def read_tables(connection: sqlite3.Connection, source: str, entry: str, media: int) -> PackageContents:
    row = connection.execute("select ver, models, decks from col").fetchone()
    if row is None:
        raise Malformed("it has no collection row (table col is empty)")
    schema, models_json, decks_json = row
    if not isinstance(schema, int):
        raise Malformed(f"its schema version is {schema!r}, not a number")
    if schema > 11 or (isinstance(models_json, str) and not models_json.strip(" {}")):
        raise PackageReadError(
            f"{entry} uses collection schema {schema}, which inspect cannot read (it reads schema 11)",
            source,
        )
    models = checked_models(json_object(models_json, "its note types (col.models)"))
    decks = json_object(decks_json, "its decks (col.decks)")
    deck_names = {number(deck_id, "a deck's id"): deck_name(deck_id, deck) for deck_id, deck in decks.items()}
    return package_contents(connection, PackageFile(source, entry, schema, media), models, deck_names)
