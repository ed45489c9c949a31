"""The package's rows: notes, cards, decks and note types written into genanki's collection with
SQL of our own, each note with the stamp the record gives it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Sequence

import genanki

from flashcards.errors import LostItemError
from flashcards.models import Note, Stamp
from flashcards.package.notetypes import NOTE_TYPES, NOTE_TYPES_CHANGED, STYLESHEET, NoteType

# The earliest time a zip entry can carry (1980-01-01, UTC).
ZIP_EPOCH = 315532800


class PackageRows:
    """The rows genanki would write for the notes, a batch at a time, with one statement per table.

    genanki's Deck and Note write a row at a time and re-read and re-write the JSON of
    every deck for each deck they add, which made a build with one subdeck per summary
    quadratic (minutes at 10,000 summaries) and twice as slow as it needs to be per note.
    The tables are the same as genanki's own would be (tests/package/test_package_rows.py); only the
    order the rows went in differs, which Anki does not see (it reads them by id).
    """

    def __init__(self, cursor: sqlite3.Cursor, expected_notes: int):
        self.cursor = cursor
        self.models = {key: genanki_model(note_type) for key, note_type in NOTE_TYPES.items()}
        self.kinds = {key: NoteKind(model) for key, model in self.models.items()}
        # Each deck's id and its note types, in the order they first appear, as genanki meets them.
        self.decks: dict[str, tuple[int, dict[str, None]]] = {}
        self.descriptions: dict[str, str] = {}
        self.notes = 0
        self.cards = 0
        self.newest = ZIP_EPOCH
        self.used_card_ids: set[int] = set()
        for pragma in (page_size_pragma(expected_notes), *FAST_PRAGMAS):
            cursor.execute(pragma)
        genanki.Package([]).write_to_db(cursor, 0, itertools.count(1))  # the schema and the collection row
        self.indexes = dropped_indexes(cursor, ("notes", "cards"))

    def add(self, stamped: Sequence[tuple[Note, Stamp]]) -> None:
        note_rows = []
        card_rows: list[tuple[int, int, int, int, int]] = []
        for note, stamp in stamped:
            kind = self.kinds[note.note_type]
            ords = kind.card_orders(note)
            deck_id = self.deck_of(note)
            note_id, modified = stamp.note_id, stamp.modified
            tags = " " + " ".join(note.tags) + " "
            fields = "\x1f".join(note.fields)
            note_rows.append(
                (note_id, note.guid, kind.model_id, modified, tags, fields, note.fields[kind.sort_field])
            )
            ids = card_ids(note_id, len(ords), self.used_card_ids)
            if len(ids) == 1:  # most notes make one card: no zip to walk
                card_rows.append((ids[0], note_id, deck_id, ords[0], modified))
            else:
                card_rows.extend(
                    (card_id, note_id, deck_id, order, modified)
                    for card_id, order in zip(ids, ords, strict=True)
                )
            if modified > self.newest:
                self.newest = modified
        self.cursor.executemany(INSERT_NOTE, note_rows)
        self.cursor.executemany(INSERT_CARD, card_rows)
        self.notes += len(note_rows)
        self.cards += len(card_rows)

    def deck_of(self, note: Note) -> int:
        did = self.place_deck(note.deck)
        self.decks[note.deck][1][note.note_type] = None
        return did

    def place_deck(self, name: str) -> int:
        deck = self.decks.get(name)
        if deck is None:
            deck = self.decks[name] = (deck_id(name), {})
        return deck[0]

    def finish(self) -> None:
        """The decks and note types into the collection row, and the indexes."""
        if self.decks:
            decks = {
                str(did): genanki.Deck(did, name, self.descriptions.get(name, "")).to_json()
                for name, (did, _) in self.decks.items()
            }
            merge_json(self.cursor, "decks", decks)
            # A note type's default deck is the last deck holding one of its notes, as in genanki.
            home = {key: did for did, note_types in self.decks.values() for key in note_types}
            # Never older than the last change to the note types, so that Anki takes the new ones.
            modified = max(self.newest, NOTE_TYPES_CHANGED)
            models = {
                self.models[key].model_id: self.models[key].to_json(modified, did)
                for key, did in home.items()
            }
            merge_json(self.cursor, "models", models)
        for sql in self.indexes:
            self.cursor.execute(sql)


def dropped_indexes(cursor: sqlite3.Cursor, tables: Sequence[str]) -> list[str]:
    """Drop the tables' indexes and return the SQL that makes them again, once the rows are in.

    Sorting 400,000 rows into an index once is cheaper than keeping five indexes in order
    row by row. So it is in a streamed build, though the rows go in while the workers run and
    the indexes are made after them (docs/PERFORMANCE.md).
    """
    marks = ",".join("?" for _ in tables)
    indexes = cursor.execute(
        "SELECT name, sql FROM sqlite_master"
        f" WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY rowid",
        tuple(tables),
    ).fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


# The database is a temporary file that is zipped once complete; it needs no crash safety.
# Other pragmas were no better than noise (docs/PERFORMANCE.md); locking_mode = EXCLUSIVE
# also changes the file's header bytes.
FAST_PRAGMAS = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF")

# Pages of 16 kB hold a dozen notes each where 4 kB ones held three: writing 200,000 notes
# takes a sixth less time (Anki reads any page size; it imports the rows, not the file).
# But every table and index takes a page or more, so a small package grows with them: one
# summary is 69 kB with 4 kB pages and 213 kB with 16 kB. The two meet near 4,000 notes.
LARGE_PAGE_SIZE = 16384
LARGE_PAGES_FROM_NOTES = 5000


def page_size_pragma(notes: int) -> str:
    size = LARGE_PAGE_SIZE if notes >= LARGE_PAGES_FROM_NOTES else 4096
    return f"PRAGMA page_size = {size}"


# What every note and card row holds but for its ids, type, deck and text: written into the
# statements, not bound row by row (binding them was a third of inserting 200,000 cards).
# A note's id, GUID, note type, time, tags, fields and sort field; usn -1, checksum 0, flags 0, data "".
INSERT_NOTE = "INSERT INTO notes VALUES(?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')"
# A card's id, note, deck, template and time; usn -1, then a new card's type, queue, due,
# interval, ease, reviews, lapses, left, original due and deck, flags (all 0) and data "".
INSERT_CARD = "INSERT INTO cards VALUES(?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')"


class NoteKind:
    """What genanki decides per note, worked out once per note type: which templates make a card."""

    def __init__(self, model: genanki.Model):
        self.model = model
        self.model_id: int = model.model_id
        self.sort_field: int = model.sort_field_index
        self.field_count = len(model.fields)
        self.is_cloze = model.model_type == genanki.Model.CLOZE
        self.cloze_fields = cloze_fields(model) if self.is_cloze else ()
        # genanki's cards for a front/back note follow from which of the fields its templates
        # require are filled (Model._req): those alone are looked at, not all seven fields.
        self.required = (
            ()
            if self.is_cloze
            else tuple(sorted({index for _, _, indices in model._req for index in indices}))
        )
        self.by_filled: dict[tuple[bool, ...], list[int]] = {}
        self.by_numbers: dict[tuple[str, ...], list[int]] = {}

    def card_orders(self, note: Note) -> list[int]:
        """The note's card templates (ords); a note that would make none is an error."""
        if len(note.fields) != self.field_count:
            raise ValueError(
                f"{note.key}: {len(note.fields)} fields for {self.field_count} in {self.model.name}"
            )
        orders = self.cloze_orders(note.fields) if self.is_cloze else self.front_back_orders(note.fields)
        if not orders:
            # Anki imports a note without cards and never shows it: the item would be lost.
            raise LostItemError(f"note {note.key!r} would make no card in Anki; nothing was written")
        return orders

    def front_back_orders(self, fields: Sequence[str]) -> list[int]:
        # The same for every note whose fields are empty in the same places: genanki decides once.
        filled = tuple(map(bool, map(fields.__getitem__, self.required)))
        if filled not in self.by_filled:
            self.by_filled[filled] = [
                card.ord for card in genanki.Note(model=self.model, fields=list(fields)).cards
            ]
        return self.by_filled[filled]

    def cloze_orders(self, fields: Sequence[str]) -> list[int]:
        """genanki's Note._cloze_cards, with the fields its front template clozes found once per note
        type rather than once per note (that search was a third of writing a large package)."""
        if len(self.cloze_fields) == 1:  # the usual note type: no generator
            numbers = tuple(CLOZE_NUMBER.findall(fields[self.cloze_fields[0]]))
        else:
            numbers = tuple(
                number for index in self.cloze_fields for number in CLOZE_NUMBER.findall(fields[index])
            )
        if numbers not in self.by_numbers:
            # genanki's set of ords, built from the same numbers in the same order (so it lists them
            # in the same order), worked out once per sequence of cloze numbers.
            orders: set[int] = set()
            orders.update(int(number) - 1 for number in numbers if int(number) > 0)
            self.by_numbers[numbers] = list(orders)
        return self.by_numbers[numbers]


CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def cloze_fields(model: genanki.Model) -> tuple[int, ...]:
    """The positions of the fields the front template clozes, in the order genanki reads them."""
    front = model.templates[0]["qfmt"]
    names = set(re.findall(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}", front) + re.findall("<%cloze:(.+?)%>", front))
    positions = {field["name"]: index for index, field in enumerate(model.fields)}
    # genanki reads a field the template names but the note type lacks as empty: it adds no card.
    return tuple(positions[name] for name in names if name in positions)


def merge_json(cursor, column: str, entries: dict) -> None:
    (current,) = cursor.execute(f"SELECT {column} FROM col").fetchone()
    cursor.execute(f"UPDATE col SET {column} = ?", (json.dumps({**json.loads(current), **entries}),))


def card_ids(note_id: int, count: int, used: set[int]) -> tuple[int, ...]:
    """Card ids next to the note id (as Anki's own are close to their note's), never repeated."""
    if count == 1 and note_id not in used:
        # Most notes make one card, with the note's own id: no loop.
        used.add(note_id)
        return (note_id,)
    ids = []
    candidate = note_id
    for _ in range(count):
        while candidate in used:
            candidate += 1
        used.add(candidate)
        ids.append(candidate)
    return tuple(ids)


def deck_id(name: str) -> int:
    # Anki matches decks by name and replaces the id on import; a stable id keeps files comparable.
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


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
