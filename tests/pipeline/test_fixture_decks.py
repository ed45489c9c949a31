"""Every fixture page goes through the whole pipeline and Anki renders every card it makes."""

from __future__ import annotations

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import FIXTURES
from pages import visible_text

from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.sources.page import read_summary


def test_all_fixtures_build_into_one_package(tmp_path):
    pages = sorted(FIXTURES.glob("*.txt"))
    package = tmp_path / "fixtures.apkg"
    result = CliRunner().invoke(cli, ["build", *map(str, pages), "-o", str(package), "--deck", "Fixtures"])
    assert result.exit_code == 0, result.output
    summaries = [read_summary(page)[0] for page in pages]
    notes = import_and_read(package, tmp_path / "anki")
    # Every idea makes its headline's cloze, or (a question, or a weak headline beside a figure of
    # its explanation) a fact card; pages have no hand-written questions; every item has a note.
    idea_cards = [note for note in notes if "idea" in note.tags]
    assert {"card-cloze", "card-fact"} >= {
        tag for note in idea_cards for tag in note.tags if tag.startswith("card-")
    }
    assert 0 < sum("card-cloze" in note.tags for note in notes) <= sum(len(s.ideas) for s in summaries)
    assert not any("card-qa" in note.tags for note in notes)
    planned = Build(pages, parent="Fixtures").plan().notes
    assert sorted(note.guid for note in notes) == sorted(note.guid for note in planned)
    items = {note.key.rpartition("/")[0] for note in planned}
    assert len(items) == sum(len(s.ideas) + len(s.quotes) for s in summaries)
    # Who-said-it only of a quote with a speaker, and only where that is worth asking.
    who = sum("card-who" in note.tags for note in notes)
    assert 0 < who < sum(1 for s in summaries for quote in s.quotes if quote.speaker)
    decks = {card.deck for note in notes for card in note.cards}
    assert decks == {f"Fixtures::{summary.title}" for summary in summaries}
    assert len({note.guid for note in notes}) == len(notes)


def test_html_and_anki_syntax_in_a_page_show_as_text(tmp_path):
    package = tmp_path / "escaping.apkg"
    page = FIXTURES / "escaping-html-cloze.txt"
    result = CliRunner().invoke(cli, ["build", str(page), "-o", str(package)])
    assert result.exit_code == 0, result.output
    cards = [card for note in import_and_read(package, tmp_path / "anki") for card in note.cards]
    rendered = " ".join(card.question + card.answer for card in cards)
    assert "<script>" not in rendered
    shown = " ".join(visible_text(card.answer) for card in cards)
    for text in ('"<script>alert(1)</script>"', "{{c1::answer}}", "{{{ value }}}", "std::vector", "< and &"):
        assert text in shown
