"""Text that means something to HTML or Anki shows literally on the card and runs nothing."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from pages import HOSTILE, assert_cloze_keeps_its_span, assert_runs_nothing, page, visible_text

from flashcards.cards.notes import Cues, asked_by_ideas, idea_cloze, quote_cloze
from flashcards.cli import cli
from flashcards.sources.page import parse_summary


def build_and_read(tmp_path, text: str, *args: str, suffix: str = ".txt"):
    tmp_path.mkdir(exist_ok=True)
    source = tmp_path / f"hostile{suffix}"
    source.write_text(text, encoding="utf-8")
    package = tmp_path / "hostile.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package), *args])
    assert result.exit_code == 0, result.output
    return import_and_read(package, tmp_path / "anki")


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_shows_literally_everywhere(tmp_path, hostile):
    text = page(
        ideas=[(f"Headline says {hostile} here.", f"The explanation says {hostile} as well.")],
        # (A quote that names the person it cites would give the who card's answer away.)
        quotes=[(f"The quote says {hostile} too.", f"— Speaker {hostile} (citing Cited {hostile})")],
        title_line=f"Some ChannelTitle {hostile} | Some Channel #7",
    )
    notes = build_and_read(tmp_path, text)
    for note in notes:
        for card in note.cards:
            assert_runs_nothing(card.question)
            assert_runs_nothing(card.answer)
            # The title reaches the source line on the back of every card.
            assert f"Title {hostile} · Some Channel #7" in visible_text(card.answer)
    # Which card shows what is the question rules' business: look at every card of the item.
    idea_answers = answers_of(notes, "idea")
    assert f"Headline says {hostile} here." in idea_answers
    assert f"The explanation says {hostile} as well." in idea_answers
    quote_answers = answers_of(notes, "quote")
    assert f"The quote says {hostile} too." in quote_answers
    assert f"Speaker {hostile}" in quote_answers
    summary, _ = parse_summary(text, "page.txt")
    if summary.quotes[0].note:
        # A quote citing someone asks whom: its front names the speaker, its back the one cited.
        assert f"Speaker {hostile} was quoting someone. Whom?Cited {hostile}" in quote_answers
    else:
        # A speaker line the reader cannot cut in two stays whole.
        assert f"Speaker {hostile} (citing Cited {hostile})" in quote_answers
    [idea_cloze_note] = [note for note in notes if "card-cloze" in note.tags]
    # Beside its who card a quote gets a complete card only when its key phrase is worth hiding;
    # without who cards it always gets one: look at that card whatever the rules decide.
    [quote_cloze_note] = [note for note in notes if "card-complete" in note.tags] or [
        note for note in build_and_read(tmp_path / "complete", text, "--cards", "complete")
    ]
    for card in quote_cloze_note.cards:
        assert_runs_nothing(card.question)
        assert_runs_nothing(card.answer)
    # The quote is short enough to show whole, so its cloze is made from the whole text.
    assert quote_cloze_note.fields["Details"] == ""
    cues = Cues.of(summary)
    for note, intended in [
        (idea_cloze_note, idea_cloze(summary.ideas[0], cues)),
        (quote_cloze_note, quote_cloze(summary.quotes[0], cues, asked_by_ideas(summary, cues))),
    ]:
        assert intended is not None
        [card] = note.cards
        assert_cloze_keeps_its_span(card, intended.before, intended.hidden, intended.after)


def answers_of(notes, kind: str) -> str:
    cards = [card for note in notes if kind in note.tags for card in note.cards]
    assert cards, f"no {kind} card"
    return "\n".join(visible_text(card.answer) for card in cards)


def test_emphasis_is_the_only_markup_the_input_can_make(tmp_path):
    # A question and answer written by hand in the editable YAML make a Q&A note.
    text = (
        "title: A Careful Title\nid: careful\nideas:\n"
        "  - id: bold\n    headline: A *bold* claim.\n"
        "    explanation: Why *it* matters <em>not this</em>.\n"
        "    question: Which <b>claim</b> is *bold*?\n    answer: A *bold* claim\n"
    )
    notes = build_and_read(tmp_path, text, suffix=".yaml")
    [note] = [note for note in notes if note.note_type == "flashcards Q&A"]
    question = 'Which &lt;b&gt;claim&lt;/b&gt; is <em>bold</em>?<span class="cue">A Careful Title</span>'
    assert note.fields["Question"] == question
    assert note.fields["Answer"] == "A <em>bold</em> claim"
    assert note.fields["Details"] == "<p>Why <em>it</em> matters &lt;em&gt;not this&lt;/em&gt;.</p>"


def test_a_link_that_is_not_a_web_link_is_dropped(tmp_path):
    text = page(ideas=[("A claim.", "Its explanation.")]).replace(
        "An overview headline\n", "An overview headline\nSource: javascript:alert(1)\n"
    )
    notes = build_and_read(tmp_path, text)
    assert notes
    for note in notes:
        assert note.fields["Link"] == ""
        assert all("javascript" not in card.answer for card in note.cards)
