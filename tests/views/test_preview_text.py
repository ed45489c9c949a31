"""`flashcards preview` prints every card (front, back, tags, deck), coloured only for a terminal."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner
from helpers import SEED
from previewdata import CLOZE_NOTE, PLAN, QA_NOTE

from flashcards.cli import cli
from flashcards.errors import TemplateError
from flashcards.models import Note
from flashcards.pipeline.build import Build
from flashcards.views.preview import html_to_lines, preview_groups, preview_text

EXPECTED = """\
Preview of 1 summary: 2 notes, 3 cards from 1 idea and 1 quote

A Show About Things
Source pages/show.txt
Deck   Shows::A Show About Things
Cards  2 notes, 3 cards

── card 1/3 · flashcards Q&A · Card 1
Front  Why do cats purr?
Back   Because they are content & calm
       First paragraph.
       Second [31mparagraph.
       A Show About Things · Show #1 ·
       https://example.com/show
Tags   flashcards idea show-1

── card 2/3 · flashcards Cloze · Cloze
Front  Sit on the [...], said the cat.
       — Kim
Back   Sit on the mat, said the cat.
       — Kim
       A Show
Tags   flashcards quote show-1

── card 3/3 · flashcards Cloze · Cloze
Front  Sit on the mat, said the [animal].
       — Kim
Back   Sit on the mat, said the cat.
       — Kim
       A Show
Tags   flashcards quote show-1
"""


def test_text_preview_exactly():
    assert preview_text(PLAN, colour=False, width=41) == EXPECTED


def test_colour_marks_headings_labels_and_answers():
    coloured = preview_text(PLAN, colour=True, width=40).splitlines()
    assert coloured[0] == "\x1b[1mPreview of 1 summary: 2 notes, 3 cards from 1 idea and 1 quote\x1b[0m"
    assert "\x1b[36mBack  \x1b[0m \x1b[1m\x1b[33mBecause they are content & calm\x1b[0m" in coloured
    assert "\x1b[36mFront \x1b[0m Sit on the \x1b[1m\x1b[33m[...]\x1b[0m, said the cat." in coloured
    assert "\x1b[36mBack  \x1b[0m Sit on the mat, said the \x1b[1m\x1b[33mcat\x1b[0m." in coloured
    # The escape character that came with the page's text never reaches the terminal.
    assert "\x1b[31m" not in "".join(coloured)


def test_block_classes_from_the_stylesheet_break_lines():
    # .cue is display: block in the stylesheet, so the cue sits on a line of its own.
    assert html_to_lines('“Quote”<span class="cue">Who said this?</span>') == ["“Quote”", "Who said this?"]


def test_a_card_anki_would_show_as_an_error_is_reported():
    broken = dataclasses.replace(CLOZE_NOTE, fields=("Sit on the {{c1::mat", "", "", "", "", ""))
    plan = dataclasses.replace(PLAN, notes=(QA_NOTE, broken))
    with pytest.raises(TemplateError) as raised:
        preview_groups(plan)
    assert str(raised.value) == (
        "pages/show.txt: note show-1/quote/mats/cloze: no cloze 1 found on the card:"
        " a cloze is missing or not closed"
    )


def test_cli_prints_plain_text_when_not_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, ["preview", str(SEED)])
    assert result.exit_code == 0, result.output
    plan = Build([SEED]).plan()
    assert result.output == preview_text(plan, colour=False, width=100)
    assert "\x1b[" not in result.output
    cards = [card for group in preview_groups(plan) for card in group.cards]
    assert result.output.count("\n── card ") == len(cards) >= len(plan.notes)
    counts = f"{len(plan.notes)} notes, {len(cards)} cards from 5 ideas and 5 quotes"
    assert result.output.startswith(f"Preview of 1 summary: {counts}\n")


def test_cli_colours_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, ["preview", str(SEED)], color=True)
    assert result.exit_code == 0, result.output
    assert result.output == preview_text(Build([SEED]).plan(), colour=True, width=100)


def test_cli_reports_a_missing_source(tmp_path):
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(cli, ["preview", str(missing)])
    assert (result.exit_code, result.output) == (1, f"Error: {missing}: no such file\n")


def test_cli_needs_a_source():
    result = CliRunner().invoke(cli, ["preview"])
    assert result.exit_code == 2
    assert "Missing argument 'SOURCES...'" in result.output


def test_cli_previews_only_the_card_kinds_asked_for():
    result = CliRunner().invoke(cli, ["preview", str(SEED), "--cards", "who"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Preview of 1 summary: 5 notes, 5 cards from 5 ideas and 5 quotes\n")
    # The last quote cites someone: it asks whom.
    shown = " ".join(result.output.split())  # a long cue line wraps
    assert shown.count("Who said this?") == 4
    assert shown.count("Dylan Patel was quoting someone. Whom?") == 1
    assert result.output.count("card-who") == 5
    assert not any(f"card-{kind}" in result.output for kind in ("qa", "cloze", "fact", "complete"))


def test_cli_refuses_an_unknown_card_kind():
    result = CliRunner().invoke(cli, ["preview", str(SEED), "--cards", "essay"])
    assert result.exit_code == 2
    assert "'essay': not a card kind; choose from qa, cloze, fact, who, complete" in result.output


def test_grouping_the_cards_by_summary_never_compares_two_notes(tmp_path, monkeypatch):
    """Notes go to their summary by their item reference, in one pass: comparing notes (as
    `note not in notes` did) took 5.8 s at 400 summaries, growing with the square."""
    pages = []
    for number in range(3):
        page = tmp_path / f"page-{number}.txt"
        page.write_text(
            SEED.read_text(encoding="utf-8").replace("#459", f"#{460 + number}", 1), encoding="utf-8"
        )
        pages.append(page)
    plan = Build(pages, parent="Shows").plan()

    def no_comparing(note, other):
        raise AssertionError("two notes compared")

    monkeypatch.setattr(Note, "__eq__", no_comparing)
    groups = preview_groups(plan)
    assert [group.summary for group in groups] == list(plan.summaries)
    assert [note for group in groups for note in group.notes] == list(plan.notes)
    assert all(note.item.summary == group.summary.id for group in groups for note in group.notes)
