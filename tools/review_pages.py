"""Write the material for a blind card review (shared/review/RUBRIC.md): per page, its text and
every card the build would make, as `flashcards preview` shows them, in one Markdown file.

    python tools/review_pages.py OUT_DIR PAGE.txt [PAGE.txt ...]
    python tools/review_pages.py --editables OUT_DIR PAGE.txt [PAGE.txt ...]
    python tools/review_pages.py --edited EDITS_DIR OUT_DIR PAGE.txt [PAGE.txt ...]

The cards are built from the page read with its first line as tests/data/review/first-lines.yaml
says a person reads it (channel, title, series), through the editable YAML, which settles
those: a review then judges the card rules, not the first-line split. The reviewer gets these
files and the rubric, nothing else: no rules, no hint of what changed.

With --editables, only each page's editable YAML is written, for a person to change; with
--edited, a page whose EDITS_DIR/<stem>.yaml exists is built from that file instead: the
editable YAML as a person changed it (tools/hand-edit-prompt.md), for a control round that judges
the rules' cards and a careful person's edits of them side by side, blind to which is which.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from flashcards.models import Summary
from flashcards.sources.extract import summary_to_yaml
from flashcards.sources.page import read_summary

FIRST_LINES = Path(__file__).parent.parent / "tests" / "data" / "review" / "first-lines.yaml"
# What the rules chose when the YAML was written; left out, so the rules choose again.
HIDE_LINE = re.compile(r"^ +hide: .*\n", re.MULTILINE)


def read_as_a_person(page: Path, readings: dict) -> Summary:
    """The page's summary, its first line read as first-lines.yaml says a person reads it."""
    summary, _ = read_summary(page)
    reading = readings.get(page.stem)
    return dataclasses.replace(summary, **reading) if reading else summary


def editable_of(page: Path, readings: dict, folder: Path) -> Path:
    """The page as editable YAML in folder, its first line read as a person reads it and every
    `hide` left out, so that the rules choose."""
    summary = read_as_a_person(page, readings)
    editable = folder / f"{page.stem}.yaml"
    editable.write_text(HIDE_LINE.sub("", summary_to_yaml(summary)), encoding="utf-8")
    return editable


def cards_of(page: Path, readings: dict, folder: Path, edits: Path | None = None) -> str:
    edited = edits / f"{page.stem}.yaml" if edits else None
    editable = edited if edited and edited.exists() else editable_of(page, readings, folder)
    return subprocess.run(
        [sys.executable, "-m", "flashcards", "preview", str(editable)],
        capture_output=True,
        text=True,
        check=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    ).stdout


def main(out: Path, pages: list[Path], edits: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    readings = yaml.safe_load(FIRST_LINES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            cards = cards_of(page, readings, Path(folder), edits)
            cards = cards.replace(f"{folder}/", "").replace(f"{edits}/", "")
            text = page.read_text(encoding="utf-8")
            (out / f"{page.stem}.md").write_text(
                f"# Page `{page.name}`\n\n```\n{text}\n```\n\n# Its cards\n\n```\n{cards}\n```\n",
                encoding="utf-8",
            )
            print(out / f"{page.stem}.md")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editables", action="store_true", help="write only the editable YAML")
    parser.add_argument("--edited", type=Path, help="a folder of editable YAML a person changed")
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", type=Path, nargs="+")
    arguments = parser.parse_args()
    if arguments.editables:
        arguments.out.mkdir(parents=True, exist_ok=True)
        readings = yaml.safe_load(FIRST_LINES.read_text(encoding="utf-8"))
        for page in arguments.pages:
            print(editable_of(page, readings, arguments.out))
    else:
        main(arguments.out, arguments.pages, arguments.edited)
