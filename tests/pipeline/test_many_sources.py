"""Thousands of summaries on one command line build into one package, one subdeck each."""

from __future__ import annotations

from ankicheck import import_and_read
from click.testing import CliRunner

from flashcards.cli import cli

COUNT = 2000

PAGE = """Bench Show{title} | Bench Show #{number}
IDEAS WORTH REMEMBERING
1 ideaIdea number {number} is worth remembering.
It is explained here in a sentence. And in a second one, so it is not a headline.
"""


def test_two_thousand_sources_on_the_command_line(tmp_path):
    pages = []
    for number in range(1, COUNT + 1):
        page = tmp_path / f"page-{number:04d}.txt"
        page.write_text(PAGE.format(title=f"Episode {number}", number=number), encoding="utf-8")
        pages.append(str(page))
    package = tmp_path / "all.apkg"
    # One cloze note per idea.
    args = ["build", *pages, "-o", str(package), "--deck", "All", "--cards", "cloze"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 2000 notes, 2000 cards from 2000 ideas and 0 quotes\n"
        "Notes against the last build: 2000 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    decks = {card.deck for note in notes for card in note.cards}
    assert len(notes) == COUNT
    assert decks == {f"All::Episode {number}" for number in range(1, COUNT + 1)}
