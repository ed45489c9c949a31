"""inspect on a package whose collection is not shaped as Anki writes it (issue 17): one clear
error that names what is wrong, never a traceback."""

from __future__ import annotations

import json
import sqlite3
import struct
import zipfile

import pytest
import zstandard
from ankicheck import anki_export
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli


@pytest.fixture(scope="module")
def seed_database(tmp_path_factory):
    """The collection of the seed's package, as a build writes it."""
    folder = tmp_path_factory.mktemp("seed")
    package = folder / "seed.apkg"
    assert CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), "-q"]).exit_code == 0
    with zipfile.ZipFile(package) as archive:
        return archive.read("collection.anki2")


def edited_json(column: str, edit) -> str:
    """SQL that replaces the JSON in col.<column> with edit(its value)."""

    def sql(connection: sqlite3.Connection) -> None:
        [text] = connection.execute(f"select {column} from col").fetchone()
        connection.execute(f"update col set {column} = ?", (json.dumps(edit(json.loads(text))),))

    return sql


def first(mapping: dict) -> str:
    return next(iter(mapping))


def without(key: str):
    def edit(models: dict) -> dict:
        del models[first(models)][key]
        return models

    return edit


def loosened(table: str, sql: str) -> str:
    """The table made again without its constraints (NOT NULL, an integer key), then sql run on it:
    a collection written by something other than Anki may hold anything."""
    return (
        f"create table loose as select * from {table}; drop table {table};"
        f" alter table loose rename to {table}; {sql}"
    )


CASES = {
    "note types not JSON": (
        "update col set models = '{not json'",
        "its note types (col.models) are not JSON",
    ),
    "note types null": (
        loosened("col", "update col set models = null"),
        "its note types (col.models) are missing",
    ),
    "decks a list": ("update col set decks = '[1]'", "its decks (col.decks) are not a JSON object"),
    "no col row": ("delete from col", "it has no collection row (table col is empty)"),
    "schema not a number": ("update col set ver = 'eleven'", "its schema version is 'eleven', not a number"),
    "note type without fields": (
        edited_json("models", without("flds")),
        "note type {model} has no list of named, numbered fields ('flds')",
    ),
    "note type without templates": (
        edited_json("models", without("tmpls")),
        "note type {model} has no list of named, numbered templates ('tmpls')",
    ),
    "note type without a name": (edited_json("models", without("name")), "note type {model} has no name"),
    "note type id not a number": (
        edited_json("models", lambda models: {"abc": models[first(models)]}),
        "a note type's id is 'abc', not a number",
    ),
    "deck without a name": (
        edited_json("decks", lambda decks: {**decks, "1": {"id": 1}}),
        "deck 1 has no name",
    ),
    "deck named by a number": (
        edited_json("decks", lambda decks: {**decks, "1": {"id": 1, "name": 7}}),
        "deck 1 has no name",
    ),
    "fields as binary data": (
        "update notes set flds = x'00ff1f41' where id = (select min(id) from notes)",
        "note {note}: its fields is 4 bytes of binary data, not text",
    ),
    "fields null": (
        loosened("notes", "update notes set flds = null where id = (select min(id) from notes)"),
        "note {note}: its fields is None, not text",
    ),
    "note id as text": (
        loosened("notes", "update notes set id = 'x' where id = (select min(id) from notes)"),
        "note 'x': its id is 'x', not a number",
    ),
    "card deck id as text": (
        "update cards set did = 'x' where id = (select min(id) from cards)",
        "a card's note or deck id is 'x'",
    ),
}


def package_with(tmp_path, database: bytes, edit=None, name="collection.anki2") -> tuple:
    path = tmp_path / "collection.anki2"
    path.write_bytes(database)
    connection = sqlite3.connect(path)
    model = first(json.loads(connection.execute("select models from col").fetchone()[0]))
    [note] = connection.execute("select min(id) from notes").fetchone()
    if isinstance(edit, str):
        connection.executescript(edit)
    elif edit is not None:
        edit(connection)
    connection.commit()
    connection.close()
    package = tmp_path / "odd.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(path, name)
    return package, {"model": model, "note": note}


@pytest.mark.parametrize(("edit", "message"), CASES.values(), ids=CASES.keys())
def test_a_malformed_collection_is_named(tmp_path, seed_database, edit, message):
    package, names = package_with(tmp_path, seed_database, edit)
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {package}: collection.anki2 is not a readable Anki collection: {message.format(**names)}\n",
    )


def patched_headers(package, offsets: dict[bytes, int], value: int, flag: bool = False) -> None:
    """Write value into each zip header (by its signature) at the offset given: the compression
    method, or (flag) the general purpose flags."""
    data = bytearray(package.read_bytes())
    for signature, offset in offsets.items():
        at = data.index(signature) + offset
        old = struct.unpack_from("<H", data, at)[0]
        struct.pack_into("<H", data, at, old | value if flag else value)
    package.write_bytes(bytes(data))


def test_an_entry_packed_with_deflate64_is_named(tmp_path, seed_database):
    package, _ = package_with(tmp_path, seed_database)
    patched_headers(package, {b"PK\x03\x04": 8, b"PK\x01\x02": 10}, 9)
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {package}: collection.anki2 cannot be unpacked: That compression method is not supported\n",
    )


def test_an_encrypted_entry_is_named(tmp_path, seed_database):
    package, _ = package_with(tmp_path, seed_database)
    patched_headers(package, {b"PK\x03\x04": 6, b"PK\x01\x02": 8}, 1, flag=True)
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {package}: collection.anki2 cannot be unpacked: File ")
    assert result.output.endswith(" is encrypted, password required for extraction\n")


def test_inspect_text_drops_what_reorders_or_hides_characters(tmp_path, seed_database):
    hidden = "\u202eevil\u202c \u2066x\u2069 zero\u200bwidth\ufeff joined👩\u200d🔬"
    package, _ = package_with(
        tmp_path,
        seed_database,
        lambda connection: (
            edited_json(
                "decks", lambda decks: {key: {**deck, "name": hidden} for key, deck in decks.items()}
            )(connection),
            connection.execute("update notes set flds = ?, guid = ?", (hidden + "\x1f", "g\u200fuid")),
        ),
    )
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert result.exit_code == 0, result.output
    shown = "evil x zerowidth joined👩\u200d🔬"
    # The seed's 13 notes, listed under the hostile deck name, cleaned.
    assert f"  {shown}: 11 notes, 11 cards\n" in result.output
    assert f"  guid  flashcards Q&A    1 card  {shown}\n" in result.output
    assert not any(mark in result.output for mark in "\u202e\u202c\u2066\u2069\u200b\ufeff\u200f")


@pytest.fixture(scope="module")
def anki21b_database(tmp_path_factory, seed_database):
    """The seed's collection as Anki exports it by default (collection.anki21b), unpacked."""
    folder = tmp_path_factory.mktemp("anki21b")
    package, _ = package_with(folder, seed_database)
    (folder / "export-False").mkdir()
    exported = anki_export(folder, package, legacy=False)
    with zipfile.ZipFile(exported) as archive:
        return zstandard.ZstdDecompressor().decompress(
            archive.read("collection.anki21b"), max_output_size=1 << 30
        )


ANKI21B_CASES = {
    "no col row": ("delete from col", "it has no collection row (table col is empty)"),
    "fields as binary data": (
        "update notes set flds = x'00ff' where id = (select min(id) from notes)",
        "note {note}: its fields is 2 bytes of binary data, not text",
    ),
    "card deck id as text": (
        "update cards set did = 'x' where id = (select min(id) from cards)",
        "a card's note or deck id is 'x'",
    ),
    "deck without a name": (loosened("decks", "update decks set name = null"), "deck 1 has no name"),
    "note type without a name": (
        loosened("notetypes", "update notetypes set name = null"),
        "note type {model} has no name",
    ),
    "field without a name": (
        loosened("fields", "update fields set name = null"),
        "note type {model} has no list of named, numbered fields ('flds')",
    ),
}


@pytest.mark.parametrize(("edit", "message"), ANKI21B_CASES.values(), ids=ANKI21B_CASES.keys())
def test_a_malformed_anki21b_collection_is_named(tmp_path, anki21b_database, edit, message):
    path = tmp_path / "collection.sqlite"
    path.write_bytes(anki21b_database)
    connection = sqlite3.connect(path)
    # Anki's own collation, which its tables of names are declared with.
    connection.create_collation(
        "unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
    )
    model = connection.execute("select min(id) from notetypes where name like 'flashcards%'").fetchone()[0]
    note = connection.execute("select min(id) from notes").fetchone()[0]
    connection.executescript(edit)
    connection.commit()
    connection.close()
    package = tmp_path / "odd.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(path.read_bytes()))
        archive.writestr("collection.anki2", b"")
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {package}: collection.anki21b is not a readable Anki collection:"
        f" {message.format(model=model, note=note)}\n",
    )
