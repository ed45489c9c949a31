"""What `flashcards inspect` prints of a package it read (views/inspection.py): text to read, or JSON."""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict

from flashcards.views.collection import NoteInfo, PackageContents
from flashcards.views.report import plural

NOTE_TEXT_WIDTH = 70


# Block-level tags separate words; inline ones (<b>, <em>) sit inside them.
BLOCK_TAG = re.compile(r"</?(?:br|div|p|li|hr|tr|td|h\d)\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
# Text from someone else's package may hold terminal escape sequences; none reach the terminal.
# Nor do bidi overrides and isolates, which reorder the rest of a line, or the zero-width space,
# word joiner and byte-order mark, which hide between letters (zero-width joiners are kept:
# emoji and several scripts need them).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def package_json(contents: PackageContents) -> str:
    # Which file was read opens the object, beside what it holds: one level, as inspect prints it.
    data = asdict(contents)
    return json.dumps({**data.pop("file"), **data}, indent=2, ensure_ascii=False) + "\n"


def inspect_text(contents: PackageContents) -> str:
    file = contents.file
    lines = [
        f"{clean(file.path)}: {file.collection} (schema {file.schema}),"
        f" {plural(len(contents.notes), 'note')}, {plural(contents.cards, 'card')},"
        f" {plural(file.media_files, 'media file')}",
        f"Decks ({len(contents.decks)}):",
    ]
    lines += [
        f"  {clean(deck.name)}: {plural(deck.notes, 'note')}, {plural(deck.cards, 'card')}"
        for deck in contents.decks
    ]
    lines.append(f"Note types ({len(contents.note_types)}):")
    for note_type in contents.note_types:
        lines.append(f"  {clean(note_type.name)} ({note_type.kind}): {plural(note_type.notes, 'note')}")
        lines.append(f"    fields: {clean(', '.join(note_type.fields))}")
        lines.append(f"    templates: {clean(', '.join(note_type.templates))}")
    lines.append(f"Notes ({len(contents.notes)}):")
    lines += note_lines(contents.notes)
    return "\n".join(lines) + "\n"


def note_lines(notes: tuple[NoteInfo, ...]) -> list[str]:
    """One aligned line a note: GUID, note type, card count and its first field as plain text."""
    rows = [
        (
            clean(note.guid),
            clean(note.note_type),
            plural(note.cards, "card"),
            shorten(plain_text(next(iter(note.fields.values()), ""))),
        )
        for note in notes
    ]
    widths = [max((len(row[column]) for row in rows), default=0) for column in range(3)]
    return [
        "  " + "  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]])
        for row in rows
    ]


def plain_text(fragment: str) -> str:
    return " ".join(clean(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", fragment)))).split())


def shorten(text: str) -> str:
    return text if len(text) <= NOTE_TEXT_WIDTH else text[: NOTE_TEXT_WIDTH - 1].rstrip() + "…"


def clean(text: str) -> str:
    return CONTROL.sub("", text)
