"""Text that means something to HTML or Anki shows literally on the card and runs nothing."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from pages import HOSTILE, assert_runs_nothing, page, visible_text

from flashcards.cli import cli


def build_and_read(tmp_path, text: str):
    source = tmp_path / "hostile.txt"
    source.write_text(text, encoding="utf-8")
    package = tmp_path / "hostile.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package)])
    assert result.exit_code == 0, result.output
    return import_and_read(package, tmp_path / "anki")


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_shows_literally_everywhere(tmp_path, hostile):
    text = page(
        ideas=[(f"Headline says {hostile} here.", f"The explanation says {hostile} as well.")],
        quotes=[(f"The quote says {hostile} too.", f"— Speaker {hostile} (citing {hostile})")],
        title_line=f"Some ChannelTitle {hostile} | Some Channel #7",
    )
    idea, quote = build_and_read(tmp_path, text)
    for note in (idea, quote):
        [card] = note.cards
        for side in (card.question, card.answer):
            assert_runs_nothing(side)
        # The title reaches the source line on the back of every card.
        assert f"Title {hostile} · Some Channel #7" in visible_text(card.answer)
    # Which side shows what is the question rules' business; the answer side shows it all.
    [idea_card], [quote_card] = idea.cards, quote.cards
    assert f"Headline says {hostile} here" in visible_text(idea_card.question)
    assert f"Headline says {hostile} here." in visible_text(idea_card.answer)
    assert f"The explanation says {hostile} as well." in visible_text(idea_card.answer)
    assert f"The quote says {hostile} too." in visible_text(quote_card.question)
    assert f"Speaker {hostile}" in visible_text(quote_card.answer)
    assert f"citing {hostile}" in visible_text(quote_card.answer)


def test_emphasis_is_the_only_markup_the_input_can_make(tmp_path):
    text = page(ideas=[("A *bold* claim.", "Why *it* matters <em>not this</em>.")])
    [note] = build_and_read(tmp_path, text)
    [card] = note.cards
    assert "A <em>bold</em> claim" in card.question
    assert "Why <em>it</em> matters &lt;em&gt;not this&lt;/em&gt;." in card.answer


def test_a_link_that_is_not_a_web_link_is_dropped(tmp_path):
    text = page(ideas=[("A claim.", "Its explanation.")]).replace(
        "An overview headline\n", "An overview headline\nSource: javascript:alert(1)\n"
    )
    [note] = build_and_read(tmp_path, text)
    assert note.fields["Link"] == ""
    assert "javascript" not in note.cards[0].answer
