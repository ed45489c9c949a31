"""Same inputs, same record: the same bytes. Every time in the package comes from the record."""

from __future__ import annotations

import sqlite3
import zipfile

from ankicheck import import_and_read
from helpers import SEED, run, seed_note_count

from flashcards.package.notetypes import NOTE_TYPES_CHANGED
from flashcards.record.entries import record_path
from flashcards.record.fileformat import read_record

EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


def database(package, folder):
    """The package's collection.anki2, opened read-only from a copy."""
    path = folder / "collection.anki2"
    with zipfile.ZipFile(package) as archive:
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def test_source_date_epoch_makes_a_first_build_reproducible(tmp_path):
    first, second = tmp_path / "a" / "deck.apkg", tmp_path / "b" / "deck.apkg"
    assert run("build", str(SEED), "-o", str(first), env={"SOURCE_DATE_EPOCH": EPOCH}).exit_code == 0
    assert run("build", str(SEED), "-o", str(second), env={"SOURCE_DATE_EPOCH": EPOCH}).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert record_path(first).read_bytes() == record_path(second).read_bytes()
    with zipfile.ZipFile(first) as archive:
        entries = archive.infolist()
    assert [entry.filename for entry in entries] == ["collection.anki2", "media"]
    for entry in entries:
        assert entry.date_time == (2025, 1, 1, 0, 0, 0)
        assert entry.external_attr == 0o100644 << 16
        assert entry.create_system == 3
    connection = database(first, tmp_path)
    assert {mod for (mod,) in connection.execute("select mod from notes")} == {int(EPOCH)}
    assert {mod for (mod,) in connection.execute("select mod from cards")} == {int(EPOCH)}
    connection.close()
    assert len(import_and_read(first, tmp_path / "anki")) == seed_note_count()


def test_the_package_carries_the_ids_and_times_of_its_record(tmp_path):
    package = tmp_path / "deck.apkg"
    assert run("build", str(SEED), "-o", str(package), env={"SOURCE_DATE_EPOCH": EPOCH}).exit_code == 0
    record = read_record(record_path(package))
    # Hand the record other times and ids: the next build must use them, not the clock.
    edited = record_path(package).read_text(encoding="utf-8")
    for number, entry in enumerate(record.entries):
        edited = edited.replace(f"note_id: {entry.note_id}", f"note_id: {1600000000000 + number * 7}")
        edited = edited.replace(f"modified: {entry.modified}", f"modified: {1600000000 + number}", 1)
    record_path(package).write_text(edited, encoding="utf-8")
    result = run("build", str(SEED), "-o", str(package))
    assert result.exit_code == 0
    count = len(record.entries)
    assert count == seed_note_count()
    assert result.output.endswith(f"0 new, 0 updated, {count} unchanged, 0 removed\n")

    connection = database(package, tmp_path)
    notes = connection.execute("select guid, id, mod from notes order by id").fetchall()
    expected = [(entry.guid, 1600000000000 + n * 7, 1600000000 + n) for n, entry in enumerate(record.entries)]
    assert notes == expected
    cards = connection.execute("select nid, id, mod from cards order by id").fetchall()
    assert cards == [(note_id, note_id, mod) for _, note_id, mod in expected]
    models = connection.execute("select models from col").fetchone()[0]
    # The note types' time is the newest note's, or their last change if that is later.
    assert f'"mod": {max(1600000000 + count - 1, NOTE_TYPES_CHANGED)}' in models
    connection.close()
    assert len(import_and_read(package, tmp_path / "anki")) == count


def test_a_bad_source_date_epoch_is_an_error(tmp_path):
    package = tmp_path / "deck.apkg"
    result = run("build", str(SEED), "-o", str(package), env={"SOURCE_DATE_EPOCH": "soon"})
    assert result.exit_code == 1
    assert result.output == "Error: SOURCE_DATE_EPOCH: must be a whole number of seconds, not 'soon'\n"
    assert list(tmp_path.iterdir()) == []
