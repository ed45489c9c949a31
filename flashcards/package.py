"""Write notes into an Anki package (.apkg) with genanki, atomically."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import genanki

from flashcards.errors import OutputError
from flashcards.models import Note
from flashcards.notetypes import NOTE_TYPES, STYLESHEET, NoteType


@dataclass(frozen=True)
class PackageStats:
    """What a written package holds."""

    path: Path
    notes: int
    cards: int


def write_package(notes: Sequence[Note], path: Path, timestamp: float | None = None) -> PackageStats:
    """Write the notes to path; an existing file there is replaced only by a complete package."""
    models = {key: genanki_model(note_type) for key, note_type in NOTE_TYPES.items()}
    package = RowPackage(notes, models)
    write_atomically(package, path, timestamp)
    return PackageStats(path=path, notes=len(notes), cards=package.cards)


class RowPackage(genanki.Package):
    """A genanki.Package that writes the rows genanki would, with one statement per table.

    genanki's Deck and Note write a row at a time and re-read and re-write the JSON of
    every deck for each deck they add, which made a build with one subdeck per summary
    quadratic (minutes at 10,000 summaries) and twice as slow as it needs to be per note.
    The tables written are the same as genanki's own (tests/test_package_rows.py).
    """

    def __init__(self, notes: Sequence[Note], models: dict[str, genanki.Model]) -> None:
        super().__init__([])
        self.models = models
        # genanki writes deck by deck, in the order each deck first appears.
        self.by_deck: dict[str, list[tuple[Note, list[int]]]] = {}
        orders: dict[tuple[str, tuple[bool, ...]], list[int]] = {}
        for note in notes:
            model = models[note.note_type]
            if len(note.fields) != len(model.fields):
                raise ValueError(
                    f"{note.key}: {len(note.fields)} fields for {len(model.fields)} in {model.name}"
                )
            self.by_deck.setdefault(note.deck, []).append((note, card_orders(model, note.fields, orders)))
        self.cards = sum(len(ords) for group in self.by_deck.values() for _, ords in group)

    def write_to_db(self, cursor, timestamp: float, id_gen) -> None:
        for pragma in FAST_PRAGMAS:
            cursor.execute(pragma)
        super().write_to_db(cursor, timestamp, id_gen)  # the schema and the collection row only
        if not self.by_deck:
            return
        deck_ids = {name: deck_id(name) for name in self.by_deck}
        decks = {str(ident): genanki.Deck(ident, name).to_json() for name, ident in deck_ids.items()}
        merge_json(cursor, "decks", decks)
        # A note type's default deck is the last deck holding one of its notes, as in genanki.
        home = {note.note_type: deck_ids[name] for name, group in self.by_deck.items() for note, _ in group}
        models = {
            self.models[key].model_id: self.models[key].to_json(timestamp, did) for key, did in home.items()
        }
        merge_json(cursor, "models", models)
        mod = int(timestamp)
        cards: list[tuple[int, int, int, int]] = []  # id, note, deck, order; the rest is constant

        def note_rows() -> Iterator[tuple]:
            # Rows are made as sqlite takes them, so the notes' text is never held twice.
            for name, group in self.by_deck.items():
                for note, ords in group:
                    model = self.models[note.note_type]
                    note_id = next(id_gen)
                    tags = " " + " ".join(note.tags) + " "
                    fields = "\x1f".join(note.fields)
                    sort_field = note.fields[model.sort_field_index]
                    yield (note_id, note.guid, model.model_id, mod, -1, tags, fields, sort_field, 0, 0, "")
                    for order in ords:
                        cards.append((next(id_gen), note_id, deck_ids[name], order))

        card_rows = ((*card, mod, -1, *CARD_DEFAULTS) for card in cards)
        cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows())
        cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)


# The database is a temporary file that is zipped once complete; it needs no crash safety.
FAST_PRAGMAS = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF")

# A new card's type, queue, due, interval, ease, reviews, lapses, left, original due and deck, flags, data.
CARD_DEFAULTS = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")


def card_orders(model: genanki.Model, fields: Sequence[str], cache: dict) -> list[int]:
    """Which templates make a card, as genanki decides it; the same for every note whose fields are
    empty in the same places, except for cloze notes, whose cards depend on the text."""
    if model.model_type == genanki.Model.CLOZE:
        return cloze_orders(model, fields, cache)
    key = (model.name, tuple(map(bool, fields)))
    if key not in cache:
        cache[key] = [card.ord for card in genanki.Note(model=model, fields=list(fields)).cards]
    return cache[key]


CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def cloze_orders(model: genanki.Model, fields: Sequence[str], cache: dict) -> list[int]:
    """genanki's Note._cloze_cards, with the fields its front template clozes found once per note
    type rather than once per note (that search was a third of writing a large package)."""
    key = ("cloze fields", model.name)
    if key not in cache:
        front = model.templates[0]["qfmt"]
        names = set(
            re.findall(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}", front) + re.findall("<%cloze:(.+?)%>", front)
        )
        positions = {field["name"]: index for index, field in enumerate(model.fields)}
        cache[key] = [positions.get(name) for name in names]
    orders: set[int] = set()
    for index in cache[key]:
        text = fields[index] if index is not None else ""
        orders.update(int(number) - 1 for number in CLOZE_NUMBER.findall(text) if int(number) > 0)
    return list(orders)


def merge_json(cursor, column: str, entries: dict) -> None:
    (current,) = cursor.execute(f"SELECT {column} FROM col").fetchone()
    cursor.execute(f"UPDATE col SET {column} = ?", (json.dumps({**json.loads(current), **entries}),))


def genanki_model(note_type: NoteType) -> genanki.Model:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[
            {"name": template.name, "qfmt": template.front, "afmt": template.back}
            for template in note_type.templates
        ],
        css=STYLESHEET,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )


def deck_id(name: str) -> int:
    # Anki matches decks by name and replaces the id on import; a stable id keeps files comparable.
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def write_atomically(package: genanki.Package, path: Path, timestamp: float | None) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    if path.is_dir():
        raise OutputError("is a directory; give a file name ending in .apkg", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write here: {error.strerror or error}", str(path)) from None
    os.close(handle)
    try:
        package.write_to_file(temporary, timestamp=timestamp)
        os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", str(path)) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
