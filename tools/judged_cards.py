"""Collect what blind reviewers said of every cloze card into one file the rules can be checked on.

    python tools/judged_cards.py ROUND_DIR [ROUND_DIR ...] > tests/data/review/judged-clozes.yaml

A round's folder holds the material a reviewer saw (`<page>.md`, written by tools/review_pages.py)
and the reviews (`review-*.md`, one table row per card). For each cloze card this writes the
words around the span, the words it hid, the verdict and the spans the reviewer proposed instead ("Better:
… [span] …"). tools/span_agreement.py then asks whether today's rules hide what was kept, or
what the reviewer proposed, on the same sentences.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

CARD = re.compile(r"^── card (\d+)/\d+ .*$", re.MULTILINE)
ROW = re.compile(r"^\|\s*(\d+)\s*\|[^|]*\|\s*(keep|edit|delete)\s*\|(.*)\|\s*$", re.MULTILINE | re.IGNORECASE)
PAGE_HEADING = re.compile(r"^## `?([\w-]+?)(?:\.md|\.txt)?`?\s*$", re.MULTILINE)
BRACKETED = re.compile(r"\[([^\]\[]+)\]")


def joined(block: str, label: str, next_labels: tuple[str, ...]) -> str:
    """The text after `label` up to the next label line, its wrapped lines joined."""
    lines, inside = [], False
    for line in block.splitlines():
        if line.startswith(label):
            inside = True
            lines.append(line[len(label) :].strip())
        elif inside and line.startswith(next_labels):
            break
        elif inside:
            lines.append(line.strip())
    return " ".join(lines)


def cards_of(material: str) -> dict[int, dict[str, str]]:
    """Each cloze card of a page's material: its front, its back, its kind tag."""
    cards = {}
    found = list(CARD.finditer(material))
    for here, after in zip(found, [*found[1:], None], strict=True):
        block = material[here.start() : after.start() if after else len(material)]
        front = joined(block, "Front  ", ("Back ",))
        back = joined(block, "Back   ", ("Tags ",))
        tags = joined(block, "Tags   ", ("──",))
        kind = next((tag[5:] for tag in tags.split() if tag.startswith("card-")), "")
        if "[...]" in front:
            cards[int(here.group(1))] = {"front": front, "back": back, "kind": kind}
    return cards


def hidden_of(front: str, back: str) -> tuple[str, str] | None:
    """The words the front hides and the sentence they belong to, read off the back."""
    before, after = front.split("[...]", 1)
    pattern = re.escape(before[-40:]) + "(.+?)" + re.escape(after[:25])
    found = re.search(pattern, back)
    if not found:
        return None
    # Enough of the sentence around the span to find it again, not past its end (the cue follows).
    tail = re.split(r"(?<=[.!?])\s", after[:30], maxsplit=1)[0]
    return found.group(1), before[-40:] + found.group(1) + tail


def verdicts(review: str) -> dict[str, dict[int, tuple[str, str]]]:
    pages: dict[str, dict[int, tuple[str, str]]] = {}
    headings = list(PAGE_HEADING.finditer(review))
    for here, after in zip(headings, [*headings[1:], None], strict=True):
        block = review[here.end() : after.start() if after else len(review)]
        rows = {
            int(row.group(1)): (row.group(2).lower(), row.group(3).strip()) for row in ROW.finditer(block)
        }
        if rows:
            pages[here.group(1)] = rows
    return pages


def judged(round_dir: Path) -> list[dict[str, object]]:
    entries = []
    for review in sorted(round_dir.glob("review-*.md")):
        for page, rows in verdicts(review.read_text(encoding="utf-8")).items():
            material = round_dir / f"{page}.md"
            if not material.exists():
                continue
            for number, card in cards_of(material.read_text(encoding="utf-8")).items():
                if number not in rows:
                    continue
                read = hidden_of(card["front"], card["back"])
                if read is None:
                    continue
                verdict, reason = rows[number]
                better = reason.split("Better", 1)[1] if "Better" in reason else ""
                entries.append(
                    {
                        "round": round_dir.name,
                        "page": page,
                        "kind": card["kind"],
                        "context": read[1],
                        "hidden": read[0],
                        "verdict": verdict,
                        "better": BRACKETED.findall(better),
                        "reason": reason,
                    }
                )
    return entries


if __name__ == "__main__":
    everything = [entry for folder in sys.argv[1:] for entry in judged(Path(folder))]
    sys.stdout.write(yaml.safe_dump(everything, sort_keys=False, allow_unicode=True, width=100))
