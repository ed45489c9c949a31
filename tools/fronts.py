"""Print the kind and front of every card of the review pages, as a reviewer would see them.

    python tools/fronts.py [PAGE.txt ...] > fronts.txt

With no page: every read review page (tests/data/review/*/, less the UNREAD folders), built in this
process with the first lines read as tests/data/review/first-lines.yaml says (as
tools/review_pages.py builds a round). Run it before and after a rule change and diff the two:
every card the change makes, moves or removes, page by page, in a few seconds.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml
from review_pages import FIRST_LINES
from span_agreement import material_of, read_pages


def fronts(material: str) -> list[str]:
    """Each card's kind line and front, its wrapped lines joined."""
    cards, current, inside = [], [], False
    for line in material.splitlines():
        if line.startswith("── card"):
            current = [line.split("·", 1)[-1].strip()]
        elif line.startswith("Front"):
            inside = True
            current.append(line[7:])
        elif line.startswith(("Back", "Tags")):
            if inside:
                cards.append(" ".join(current))
            inside = False
        elif inside:
            current.append(line.strip())
    return cards


def main(arguments: list[str]) -> None:
    pages = read_pages([Path(arg) for arg in arguments])
    readings = yaml.safe_load(FIRST_LINES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            print(f"== {page.parent.name}/{page.stem}")
            for number, front in enumerate(fronts(material_of(page, readings, Path(folder))), 1):
                print(f"{number:2}. {front}")


if __name__ == "__main__":
    main(sys.argv[1:])
