"""A blind round's verdicts by card kind (cloze, fact, qa, who, complete), from its folder.

    python tools/round_kinds.py /tmp/roundN

The folder is what tools/review_pages.py wrote (a PAGE.md of cards per page; a recorded round of
docs/card-reviews/ keeps them in cards/) with the reviewers' review-*.md beside it. Each verdict is
matched to its card by page and number; the kind is the card's `card-…` tag. Prints keep / all and
delete per kind, and the round's totals.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# A long tag line wraps: the kind's tag may be on the line after "Tags".
CARD_TAG = re.compile(r"^Tags\s[^─]*?\bcard-(\w+)", re.MULTILINE)
PAGE = re.compile(r"^## (\S+?)(?:\.md|\.txt)?\s*$", re.MULTILINE)
ROW = re.compile(r"^\|\s*(\d+)\s*\|[^|]*\|\s*\**(keep|edit|delete)\**\s*\|", re.MULTILINE | re.IGNORECASE)


def kinds_of(folder: Path) -> dict[str, list[str]]:
    """Each page's card kinds, in card order."""
    # A recorded round (docs/card-reviews/) keeps its cards in cards/.
    cards = folder / "cards" if (folder / "cards").is_dir() else folder
    return {
        material.stem: CARD_TAG.findall(material.read_text(encoding="utf-8"))
        for material in cards.glob("*.md")
        if not material.name.startswith("review-")
    }


def verdicts(folder: Path) -> list[tuple[str, int, str]]:
    """(page, card number, verdict) for every row of every review in the folder."""
    found = []
    for review in sorted(folder.glob("review-*.md")):
        text = review.read_text(encoding="utf-8")
        pages = list(PAGE.finditer(text))
        for index, page in enumerate(pages):
            end = pages[index + 1].start() if index + 1 < len(pages) else len(text)
            for row in ROW.finditer(text, page.end(), end):
                found.append((page.group(1), int(row.group(1)), row.group(2).casefold()))
    return found


def main(folder: Path) -> None:
    kinds = kinds_of(folder)
    tally: Counter[tuple[str, str]] = Counter()
    for page, number, verdict in verdicts(folder):
        if page not in kinds:
            continue  # a review's own tables: its totals
        kind = kinds[page][number - 1] if number <= len(kinds[page]) else "?"
        tally[(kind, verdict)] += 1
        tally[("all", verdict)] += 1
    for kind in ("cloze", "fact", "qa", "who", "complete", "?", "all"):
        total = sum(count for (which, _), count in tally.items() if which == kind)
        if total:
            kept, deleted = tally[(kind, "keep")], tally[(kind, "delete")]
            print(f"{kind:9} keep {kept:3} / {total:<3} ({kept / total:4.0%})  delete {deleted}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
