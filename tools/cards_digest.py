"""A digest of every note the card stage makes from the seed, every page under tests/data and a
few hundred generated pages: run it before and after a change that should not change the cards.

    python tools/cards_digest.py [--generated N] [-v]

Prints the number of notes and a SHA-256 over their keys, note types, fields and tags; with -v,
one line per note (key and first field) to diff two runs.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from pages import write_pages  # noqa: E402

from flashcards.cards.notes import write_notes  # noqa: E402
from flashcards.sources.page import read_summary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, default=300)
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages = [*source_pages(), *write_pages(Path(folder), args.generated)]
        count, digest = notes_digest(pages, args.v)
    print(f"{count} notes, {digest}")


def source_pages() -> list[Path]:
    """The seed and every page under tests/data."""
    return [ROOT / "data" / "lex-fridman-459.txt", *sorted((ROOT / "tests" / "data").rglob("*.txt"))]


def notes_digest(pages: list[Path], verbose: bool = False) -> tuple[int, str]:
    """How many notes the pages make, and a SHA-256 over them (a page that does not parse is skipped)."""
    digest = hashlib.sha256()
    count = 0
    for page in pages:
        try:
            summary, _ = read_summary(page)
        except Exception:  # a fixture that is meant not to parse
            continue
        for note in write_notes(summary, "deck"):
            count += 1
            digest.update("\x1e".join([note.key, note.note_type, *note.fields, *note.tags]).encode())
            if verbose:
                print(note.key.split("/", 1)[-1], "|", note.fields[0][:150])
    return count, digest.hexdigest()


if __name__ == "__main__":
    main()
