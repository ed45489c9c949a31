"""Import a package with Anki's own backend and read back what Anki made of it."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

# What Anki puts on a card in place of a template it cannot render.
TEMPLATE_ERROR = re.compile(r"template has a problem|templates/errors\.html", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedCard:
    deck: str
    question: str
    answer: str


@dataclass(frozen=True)
class ImportedNote:
    guid: str
    note_type: str
    fields: dict[str, str]
    tags: list[str]
    cards: list[RenderedCard]


def import_package(collection: Collection, package: Path):
    """Import like Anki's File > Import with its default options; return Anki's log."""
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    return collection.import_anki_package(request).log


def read_notes(collection: Collection) -> list[ImportedNote]:
    """Every note in the collection, each card rendered; a template error fails loudly."""
    notes = []
    for note_id in sorted(collection.find_notes("")):
        note = collection.get_note(note_id)
        cards = [render(collection, card) for card in note.cards()]
        notes.append(
            ImportedNote(
                guid=note.guid,
                note_type=note.note_type()["name"],
                fields=dict(note.items()),
                tags=list(note.tags),
                cards=cards,
            )
        )
    return notes


def render(collection: Collection, card) -> RenderedCard:
    output = card.render_output()
    question, answer = output.question_text, output.answer_text
    for side in (question, answer):
        assert side.strip(), f"card {card.id} renders an empty side"
        assert not TEMPLATE_ERROR.search(side), side
    return RenderedCard(deck=collection.decks.name(card.did), question=question, answer=answer)


def import_and_read(package: Path, folder: Path) -> list[ImportedNote]:
    """Import into a fresh collection in folder and return its notes."""
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        import_package(collection, package)
        return read_notes(collection)
    finally:
        collection.close()


def tables(package: Path, folder: Path) -> dict[str, object]:
    database = folder / "collection.anki2"
    folder.mkdir()
    with zipfile.ZipFile(package) as archive:
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        (decks, models) = connection.execute("SELECT decks, models FROM col").fetchone()
        return {
            "notes": connection.execute("SELECT * FROM notes ORDER BY id").fetchall(),
            "cards": connection.execute("SELECT * FROM cards ORDER BY id").fetchall(),
            "decks": json.loads(decks),
            "models": json.loads(models),
        }
    finally:
        connection.close()


def anki_export(tmp_path, package, legacy: bool):
    collection = Collection(str(tmp_path / f"export-{legacy}" / "collection.anki2"))
    try:
        import_package(collection, package)
        return export_package(collection, tmp_path / f"exported-{legacy}.apkg", legacy)
    finally:
        collection.close()


def export_package(collection: Collection, out, legacy: bool):
    """Anki's own export of a collection to out, in the old format (legacy) or today's."""
    options = ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
    )
    collection.export_anki_package(out_path=str(out), options=options, limit=None)
    return out
