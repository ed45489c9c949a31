"""What an Anki collection holds, read from its tables in either format (views/inspection.py picks
the format): decks, note types, notes and cards, each checked to be shaped as Anki writes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

FIELD_SEPARATOR = "\x1f"
DEFAULT_DECK_ID = 1


@dataclass(frozen=True)
class DeckInfo:
    """A deck of the package and how many of its notes and cards it holds."""

    id: int
    name: str
    notes: int
    cards: int


@dataclass(frozen=True)
class NoteTypeInfo:
    """A note type as Anki stores it: cloze or standard, its field and template names, its use."""

    id: int
    name: str
    kind: str
    fields: tuple[str, ...]
    templates: tuple[str, ...]
    notes: int


@dataclass(frozen=True)
class NoteInfo:
    """A note as Anki stores it: its fields by name, its tags, and the decks its cards are in."""

    id: int
    guid: str
    note_type: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    decks: tuple[str, ...]
    cards: int


@dataclass(frozen=True)
class PackageFile:
    """Which package was read: its path, the collection entry inside it, that collection's
    schema version and how many media files the package carries."""

    path: str
    collection: str
    schema: int
    media_files: int


@dataclass(frozen=True)
class PackageContents:
    """What one package holds, as read from its collection."""

    file: PackageFile
    decks: tuple[DeckInfo, ...]
    note_types: tuple[NoteTypeInfo, ...]
    notes: tuple[NoteInfo, ...]
    cards: int


def package_contents(
    connection: sqlite3.Connection, file: PackageFile, models: dict[str, dict], deck_names: dict[int, str]
) -> PackageContents:
    """What a collection of either format holds, from its checked note types (by id, as text)
    and its decks' names."""
    model_fields = {int(model_id): names_in_order(model["flds"]) for model_id, model in models.items()}
    model_names = {int(model_id): model["name"] for model_id, model in models.items()}
    card_rows, notes = read_notes(connection, model_names, model_fields, deck_names)
    return PackageContents(
        file=file,
        decks=deck_infos(deck_names, card_rows),
        note_types=note_type_infos(models, notes),
        notes=notes,
        cards=len(card_rows),
    )


def names_in_order(parts: list[dict]) -> list[str]:
    """The names of a note type's fields or templates, in their order (each one's "ord")."""
    return [part["name"] for part in sorted(parts, key=lambda part: part["ord"])]


class Malformed(Exception):
    """A collection's tables or JSON are not shaped as Anki writes them; the message says where."""


def json_object(text: object, what: str) -> dict:
    if not isinstance(text, str):
        raise Malformed(f"{what} are {'missing' if text is None else 'not text'}")
    try:
        value = json.loads(text)
    except ValueError:
        raise Malformed(f"{what} are not JSON") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} are not a JSON object")
    return value


def number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise Malformed(f"{what} is {text!r}, not a number") from None


def checked_models(models: dict) -> dict:
    """The note types, each with an id, a name and named, numbered fields and templates."""
    for model_id, model in models.items():
        number(model_id, "a note type's id")
        if not isinstance(model, dict) or not isinstance(model.get("name"), str):
            raise Malformed(f"note type {model_id} has no name")
        for key, what in (("flds", "fields"), ("tmpls", "templates")):
            entries = model.get(key)
            if not isinstance(entries, list) or not all(
                isinstance(part, dict) and isinstance(part.get("name"), str) and type(part.get("ord")) is int
                for part in entries
            ):
                raise Malformed(f"note type {model_id} has no list of named, numbered {what} ({key!r})")
    return models


def deck_name(deck_id: str, deck: object) -> str:
    if not isinstance(deck, dict) or not isinstance(deck.get("name"), str):
        raise Malformed(f"deck {deck_id} has no name")
    return deck["name"]


# What each column of a note must hold: id, guid, note type id, tags, fields.
NOTE_COLUMNS = ((int, "id"), (str, "GUID"), (int, "note type id"), (str, "tags"), (str, "fields"))


def checked_cards(card_rows: list[tuple]) -> list[tuple]:
    """Each card's note id and deck id, both numbers."""
    for card in card_rows:
        for value in card:
            if not isinstance(value, int):
                raise Malformed(f"a card's note or deck id is {value!r}")
    return card_rows


def checked_note(row: tuple) -> tuple:
    for value, (kind, what) in zip(row, NOTE_COLUMNS, strict=True):
        if not isinstance(value, kind):
            shown = f"{len(value)} bytes of binary data" if isinstance(value, bytes) else repr(value)
            raise Malformed(
                f"note {row[0]!r}: its {what} is {shown}, not {'a number' if kind is int else 'text'}"
            )
    return row


def read_notes(
    connection: sqlite3.Connection,
    model_names: dict[int, str],
    model_fields: dict[int, list[str]],
    deck_names: dict[int, str],
) -> tuple[list[tuple], tuple[NoteInfo, ...]]:
    """The collection's cards (note id, deck id) and its notes, in both formats' shared tables."""
    card_rows = checked_cards(connection.execute("select nid, did from cards order by id").fetchall())
    # Each note's cards' decks, gathered once: asking every card for every note grew with the square.
    decks_of: dict[int, list[int]] = defaultdict(list)
    for note_id, deck_id in card_rows:
        decks_of[note_id].append(deck_id)
    notes = tuple(
        note_info(checked_note(row), model_names, model_fields, deck_names, decks_of)
        for row in connection.execute("select id, guid, mid, tags, flds from notes order by id")
    )
    return card_rows, notes


def note_info(row, model_names, model_fields, deck_names, decks_of) -> NoteInfo:
    note_id, guid, model_id, tags, fields = row
    names = model_fields.get(model_id) or []
    values = fields.split(FIELD_SEPARATOR)
    # A note may hold more values than its type names (a damaged file); keep them, numbered.
    labels = names + [f"field {index + 1}" for index in range(len(names), len(values))]
    decks = [deck_names.get(deck_id, f"deck {deck_id}") for deck_id in decks_of.get(note_id, ())]
    return NoteInfo(
        id=note_id,
        guid=guid,
        note_type=model_names.get(model_id, f"note type {model_id}"),
        fields=dict(zip(labels, values, strict=False)),
        tags=tuple(tags.split()),
        decks=tuple(dict.fromkeys(decks)),
        cards=len(decks),
    )


def deck_infos(deck_names: dict[int, str], card_rows: list[tuple[int, int]]) -> tuple[DeckInfo, ...]:
    cards = Counter(deck_id for _, deck_id in card_rows)
    notes = Counter(deck_id for _, deck_id in set(card_rows))
    # Every collection has a "Default" deck; Anki hides it while empty, and so does this list.
    return tuple(
        DeckInfo(id=deck_id, name=name, notes=notes[deck_id], cards=cards[deck_id])
        for deck_id, name in sorted(deck_names.items(), key=lambda item: item[1])
        if deck_id != DEFAULT_DECK_ID or cards[deck_id]
    )


def note_type_infos(models: dict, notes: tuple[NoteInfo, ...]) -> tuple[NoteTypeInfo, ...]:
    used = Counter(note.note_type for note in notes)
    infos = []
    for model_id, model in sorted(models.items(), key=lambda item: item[1]["name"]):
        infos.append(
            NoteTypeInfo(
                id=int(model_id),
                name=model["name"],
                kind="cloze" if model.get("type") == 1 else "standard",
                fields=tuple(names_in_order(model["flds"])),
                templates=tuple(names_in_order(model["tmpls"])),
                notes=used[model["name"]],
            )
        )
    return tuple(infos)
