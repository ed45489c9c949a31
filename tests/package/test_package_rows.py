"""The fast package writer writes exactly the tables plain genanki writes for the same notes."""

from __future__ import annotations

import itertools
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from ankicheck import import_and_read, tables
from builds import default_stamps, write_package
from helpers import SEED

from flashcards.models import ItemRef, Note, Stamp
from flashcards.package.notetypes import CLOZE, NOTE_TYPES, NOTE_TYPES_CHANGED
from flashcards.package.rows import card_ids, deck_id, genanki_model, page_size_pragma
from flashcards.package.writer import zip_database
from flashcards.pipeline.build import Build

TIMESTAMP = 1_700_000_000.0


def cloze_note(deck: str) -> Note:
    return Note(
        guid="clozeguid0000000001",
        note_type=CLOZE,
        fields=("{{c1::Superhuman}} persuasion before {{c2::superhuman}} intelligence.", "", "", "", "", ""),
        tags=("flashcards", "cloze"),
        deck=deck,
        item=ItemRef("test", "idea", "two", 1, "cloze", "cloze", "Superhuman persuasion"),
    )


def sample_notes(tmp_path: Path) -> list[Note]:
    """The seed page and a second page in another subdeck, plus a cloze note with two cards."""
    other = tmp_path / "other.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    notes = list(Build([SEED, other], parent="Podcasts").plan().notes)
    return [*notes, cloze_note(notes[0].deck)]


class StampedNote(genanki.Note):
    """genanki's own Note, written with the note id, time and card ids the package stage gives it."""

    stamp: Stamp
    card_ids: tuple[int, ...]

    def write_to_db(self, cursor, timestamp, deck_id, id_gen) -> None:
        super().write_to_db(cursor, self.stamp.modified, deck_id, iter([self.stamp.note_id, *self.card_ids]))


def plain_genanki(notes: list[Note], path: Path) -> None:
    """What the package stage did before: genanki's own Deck, Note and Package writing the rows."""
    stamps = default_stamps(notes, TIMESTAMP)
    models = {key: genanki_model(kind) for key, kind in NOTE_TYPES.items()}
    decks: dict[str, genanki.Deck] = {}
    used: set[int] = set()
    for note in notes:
        deck = decks.setdefault(note.deck, genanki.Deck(deck_id(note.deck), note.deck))
        model = models[note.note_type]
        anki_note = StampedNote(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        anki_note.stamp = stamps[note.guid]
        anki_note.card_ids = card_ids(anki_note.stamp.note_id, len(anki_note.cards), used)
        deck.add_note(anki_note)
    newest = max(stamp.modified for stamp in stamps.values())
    database = path.with_suffix(".anki2")
    connection = sqlite3.connect(database)
    genanki.Package(list(decks.values())).write_to_db(connection.cursor(), newest, itertools.count(1))
    connection.commit()
    connection.close()
    zip_database(database, path, newest)


def test_rows_match_plain_genanki(tmp_path):
    notes = sample_notes(tmp_path)
    ours = tmp_path / "ours.apkg"
    reference = tmp_path / "reference.apkg"
    stats = write_package(notes, ours, timestamp=TIMESTAMP)
    plain_genanki(notes, reference)
    ours_tables = tables(ours, tmp_path / "ours")
    reference_tables = tables(reference, tmp_path / "reference")
    # One deliberate difference: our note types are never older than their last change,
    # so that Anki takes a new template or stylesheet (tests/package/test_notetype_updates.py).
    newest = max(row[3] for row in reference_tables["notes"])
    for kind in reference_tables["models"].values():
        assert kind["mod"] == newest
        kind["mod"] = max(newest, NOTE_TYPES_CHANGED)
    assert ours_tables == reference_tables
    assert len(ours_tables["notes"]) == stats.notes == len(notes)
    assert len(ours_tables["cards"]) == stats.cards
    # The test's own cloze note makes two cards; it is there so that path is compared too.
    (cloze_id,) = [row[0] for row in ours_tables["notes"] if row[1] == cloze_note("").guid]
    cloze_cards = [card for card in ours_tables["cards"] if card[1] == cloze_id]
    assert sorted(card[3] for card in cloze_cards) == [0, 1]
    assert len(ours_tables["decks"]) == 3  # Anki's Default deck and the two subdecks
    for package in (ours, reference):
        imported = import_and_read(package, tmp_path / f"anki-{package.stem}")
        assert len(imported) == len(notes)
        assert sum(len(note.cards) for note in imported) == stats.cards


@pytest.mark.parametrize(("notes", "page_size"), [(1, 4096), (4999, 4096), (5000, 16384), (200_000, 16384)])
def test_page_size_grows_with_the_package(notes, page_size):
    assert page_size_pragma(notes) == f"PRAGMA page_size = {page_size}"


def test_a_one_summary_package_keeps_small_pages(tmp_path):
    # Every table and index takes a page or more: 16 kB pages would triple a small deck.
    package = tmp_path / "seed.apkg"
    write_package(Build([SEED]).plan().notes, package, timestamp=TIMESTAMP)
    with zipfile.ZipFile(package) as archive:
        header = archive.read("collection.anki2")[:100]
    assert int.from_bytes(header[16:18], "big") == 4096
    assert package.stat().st_size < 100_000
