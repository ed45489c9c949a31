"""How today's rules fare on cloze cards blind reviewers have judged (tests/data/review/judged-clozes.yaml).

    python tools/span_agreement.py [--show] [PAGE.txt ...]

Builds every review page's cards as a review would see them (tools/review_pages.py) and, for each
judged cloze whose sentence still makes a cloze, compares the words hidden today with the words
judged: a kept span hidden again, a reviewer's proposed span now hidden, the same rejected span
hidden again, or something else (not judged yet). A guide for tuning, not a score: a blind review
of unread pages is the measure (docs/card-review.md).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from click.testing import CliRunner
from judged_cards import cards_of, hidden_of
from review_pages import FIRST_LINES, editable_of

from flashcards.cli import cli

REVIEW = Path(__file__).parent.parent / "tests" / "data" / "review"
JUDGED = REVIEW / "judged-clozes.yaml"


def plain(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").strip(" .,;:‘’“”\"'*").split())


def read_pages(pages: list[Path]) -> list[Path]:
    """The pages given (every review page when none is) less those of the UNREAD folders, which no
    tuning looks at before their blind round."""
    unread = {line.strip() for line in (REVIEW / "UNREAD").read_text(encoding="utf-8").splitlines()}
    return [page for page in pages or sorted(REVIEW.glob("*/*.txt")) if page.parent.name not in unread]


def material_of(page: Path, readings: dict, folder: Path) -> str:
    """The page's cards as tools/review_pages.py writes them for a reviewer, built in this process
    (five times faster than a process a page, and a rule patched in a sweep applies)."""
    editable = editable_of(page, readings, folder)
    return CliRunner().invoke(cli, ["preview", str(editable)], env={"NO_COLOR": "1"}).stdout


def current_clozes(pages: list[Path]) -> dict[str, list[tuple[str, str, str]]]:
    """Per page: each cloze card's kind, the words it hides and its front's text, span filled in."""
    readings = yaml.safe_load(FIRST_LINES.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[str, str, str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            cards = cards_of(material_of(page, readings, Path(folder)))
            # Each card's front with its span filled in: a back also holds the explanation, whose
            # sentences are other cards' fronts.
            found[page.stem] = [
                (card["kind"], read[0], card["front"].replace("[...]", read[0], 1))
                for card in cards.values()
                if (read := hidden_of(card["front"], card["back"])) is not None
            ]
    return found


def verdict_now(entry: dict, hidden: str) -> str:
    now, then = plain(hidden), plain(entry["hidden"])
    if entry["verdict"] == "keep":
        return "kept span again" if now == then else "kept span changed"
    if any(now == plain(better) for better in entry["better"]):
        return "proposed span now"
    if now == then:
        return "rejected span again"
    return "rejected span changed"


def main(arguments: list[str]) -> None:
    show = "--show" in arguments
    pages = read_pages([Path(arg) for arg in arguments if arg != "--show"])
    judged = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    clozes = current_clozes(pages)
    tally: Counter[str] = Counter()
    for entry in judged:
        if entry["page"] not in clozes:
            continue
        matches = [hidden for _, hidden, front in clozes[entry["page"]] if entry["context"] in front]
        outcome = verdict_now(entry, matches[0]) if matches else "no cloze now"
        tally[outcome] += 1
        if show and outcome in ("kept span changed", "rejected span again", "rejected span changed"):
            now = f" -> [{matches[0]}]" if matches else ""
            print(f"{outcome:22} {entry['page']}: [{entry['hidden']}]{now} better {entry['better']}")
            print(f"{'':22} …{entry['context']}…")
    for outcome, count in tally.most_common():
        print(f"{count:5}  {outcome}")


if __name__ == "__main__":
    main(sys.argv[1:])
