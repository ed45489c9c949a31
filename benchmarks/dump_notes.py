"""Write the notes flashcards makes from summary pages as JSON, for bare_genanki.py to write.

Usage: python dump_notes.py PARENT_DECK OUTPUT.json PAGE...

It runs in a process of its own so that the benchmark's own process stays small:
a child's peak memory as the kernel reports it includes its parent's size when it
was started.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from flashcards.package.notetypes import NOTE_TYPES, STYLESHEET
from flashcards.pipeline.build import Build


def dump_notes(pages: list[Path], parent: str, path: Path) -> int:
    notes = Build(pages, parent=parent).plan().notes
    used = {note.note_type for note in notes}
    note_types = {
        key: {
            "id": kind.id,
            "name": kind.name,
            "fields": list(kind.fields),
            "templates": [{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in kind.templates],
            "css": STYLESHEET,
            "is_cloze": kind.is_cloze,
        }
        for key, kind in NOTE_TYPES.items()
        if key in used
    }
    rows = [[note.note_type, note.guid, list(note.fields), list(note.tags)] for note in notes]
    path.write_text(json.dumps({"note_types": note_types, "notes": rows}), encoding="utf-8")
    return len(notes)


if __name__ == "__main__":
    parent, output, *pages = sys.argv[1:]
    print(dump_notes([Path(page) for page in pages], parent, Path(output)))
