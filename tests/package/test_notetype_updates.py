"""A change to the templates or the stylesheet reaches decks that Anki already has."""

from __future__ import annotations

import hashlib
import json

from anki.collection import Collection
from ankicheck import import_package
from builds import write_package
from helpers import SEED

from flashcards.package import notetypes, rows
from flashcards.package.notetypes import NOTE_TYPES, NOTE_TYPES_CHANGED, NOTE_TYPES_FINGERPRINT, STYLESHEET
from flashcards.pipeline.build import Build

NOTES_TIME = 1_600_000_000


def fingerprint() -> str:
    described = [
        [
            kind.id,
            kind.name,
            list(kind.fields),
            [[t.name, t.front, t.back] for t in kind.templates],
            kind.is_cloze,
        ]
        for kind in NOTE_TYPES.values()
    ]
    return hashlib.sha256(json.dumps([described, STYLESHEET]).encode()).hexdigest()[:16]


def test_changed_note_types_carry_a_new_change_time():
    # Fails when a template or the stylesheet changes: set both constants in notetypes.py.
    assert fingerprint() == NOTE_TYPES_FINGERPRINT, (
        f"note types changed: set NOTE_TYPES_FINGERPRINT = {fingerprint()!r}"
        " and NOTE_TYPES_CHANGED to the current time (date +%s)"
    )


def stylesheets(collection: Collection) -> dict[int, str]:
    ids = {kind.id for kind in NOTE_TYPES.values()}
    return {kind["id"]: kind["css"] for kind in collection.models.all() if kind["id"] in ids}


def test_a_new_stylesheet_reaches_a_deck_whose_notes_did_not_change(tmp_path, monkeypatch):
    notes = Build([SEED]).plan().notes
    # The deck as an older release wrote it: another stylesheet, changed long before.
    with monkeypatch.context() as older:
        older.setattr(rows, "STYLESHEET", "/* an older stylesheet */")
        older.setattr(rows, "NOTE_TYPES_CHANGED", NOTES_TIME - 1000)
        write_package(notes, tmp_path / "old.apkg", timestamp=NOTES_TIME)
    write_package(notes, tmp_path / "new.apkg", timestamp=NOTES_TIME)

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_package(collection, tmp_path / "old.apkg")
        assert set(stylesheets(collection).values()) == {"/* an older stylesheet */"}
        log = import_package(collection, tmp_path / "new.apkg")
        # The notes are the same, so none is updated; the note types are.
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, len(notes))
        collection.models._clear_cache()
        assert set(stylesheets(collection).values()) == {STYLESHEET}
    finally:
        collection.close()


def test_note_types_are_never_older_than_their_last_change(tmp_path):
    notes = Build([SEED]).plan().notes
    write_package(notes, tmp_path / "deck.apkg", timestamp=NOTES_TIME)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_package(collection, tmp_path / "deck.apkg")
        times = {kind["mod"] for kind in collection.models.all() if kind["id"] in stylesheets(collection)}
    finally:
        collection.close()
    assert times == {max(NOTES_TIME, notetypes.NOTE_TYPES_CHANGED)} == {NOTE_TYPES_CHANGED}
