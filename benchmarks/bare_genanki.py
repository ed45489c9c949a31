"""The floor: plain genanki writing the same notes, with nothing of flashcards around it.

Usage: python bare_genanki.py NOTES.json OUTPUT.apkg

NOTES.json holds the note types and, for every note, its note type, GUID, fields
and tags, exactly as `flashcards build` makes them. This script does what a
person would write with genanki's README in hand: one model per note type, one
deck, a Note per record, Package.write_to_file. It does not import flashcards.
"""

from __future__ import annotations

import json
import sys

import genanki


def main(notes_path: str, output: str) -> None:
    with open(notes_path, encoding="utf-8") as handle:
        data = json.load(handle)
    models = {
        key: genanki.Model(
            spec["id"],
            spec["name"],
            fields=[{"name": name} for name in spec["fields"]],
            templates=spec["templates"],
            css=spec["css"],
            model_type=genanki.Model.CLOZE if spec["is_cloze"] else genanki.Model.FRONT_BACK,
        )
        for key, spec in data["note_types"].items()
    }
    deck = genanki.Deck(2059400110, "Benchmark")
    for note_type, guid, fields, tags in data["notes"]:
        deck.add_note(genanki.Note(model=models[note_type], fields=fields, tags=tags, guid=guid))
    genanki.Package(deck).write_to_file(output)


if __name__ == "__main__":
    main(*sys.argv[1:])
