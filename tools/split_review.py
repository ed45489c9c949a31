"""Split one reviewer's review between the arms of a control round, page by page.

    python tools/split_review.py REVIEW.md DIR:STEM,STEM DIR:STEM,STEM ...

In a control round each reviewer judges some pages as the rules made their cards and others as a
person edited them (tools/hand-edit-prompt.md), in one file, blind to which is which. Each page's
section ("## STEM.txt" up to the next page's) goes to DIR/REVIEW.md of the arm its STEM is listed
under, so that tools/round_kinds.py counts each arm from its own folder; a section of no listed
page (the reviewer's totals and recurring problems) goes to every arm, where round_kinds ignores it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from round_kinds import PAGE


def split(review: Path, arms: dict[str, Path]) -> None:
    text = review.read_text(encoding="utf-8")
    pages = list(PAGE.finditer(text))
    if not pages:
        raise SystemExit(f"{review}: no page sections")
    sections: dict[Path, list[str]] = {folder: [text[: pages[0].start()]] for folder in arms.values()}
    for index, page in enumerate(pages):
        end = pages[index + 1].start() if index + 1 < len(pages) else len(text)
        stem = page.group(1)
        for folder in [arms[stem]] if stem in arms else sections:
            sections[folder].append(text[page.start() : end])
    for folder, parts in sections.items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / review.name).write_text("".join(parts), encoding="utf-8")


def main(review: Path, arm_arguments: list[str]) -> None:
    arms = {}
    for argument in arm_arguments:
        folder, _, stems = argument.partition(":")
        arms.update({stem: Path(folder) for stem in stems.split(",") if stem})
    split(review, arms)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
