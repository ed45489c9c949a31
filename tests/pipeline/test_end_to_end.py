"""Build the sample deck through the CLI and let Anki itself import and render it."""

from __future__ import annotations

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED
from pages import visible_text

from flashcards.cli import cli
from flashcards.sources.page import read_summary

TITLE = "DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters"


def build(tmp_path, *args):
    result = CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)
    return result


def test_sample_deck_imports_into_anki(tmp_path):
    package = tmp_path / "seed.apkg"
    result = build(tmp_path, str(SEED), "-o", str(package))
    assert result.exit_code == 0, result.output
    notes = import_and_read(package, tmp_path / "anki")
    assert len(notes) >= 10
    cards = [card for note in notes for card in note.cards]
    assert {card.deck for card in cards} == {TITLE}
    summary, _ = read_summary(SEED)
    fronts_and_backs = " ".join(visible_text(card.answer) for card in cards)
    for idea in summary.ideas:
        assert idea.headline.replace("*", "") in fronts_and_backs
    for quote in summary.quotes:
        assert quote.text.replace("*", "") in fronts_and_backs
        assert quote.speaker in fronts_and_backs
    # A quote citing someone asks whom it cites.
    assert "Dylan Patel was quoting someone. Whom?Sam Altman" in fronts_and_backs
    for note in notes:
        assert "flashcards" in note.tags
        assert read_summary(SEED)[0].id in note.tags
        assert ("idea" in note.tags) != ("quote" in note.tags)
        assert TITLE in note.fields["Source"] or TITLE in note.fields.get("Source", "")
    assert sum("idea" in note.tags for note in notes) >= 5
    assert sum("quote" in note.tags for note in notes) >= 5


def test_every_guid_is_distinct_and_stable(tmp_path):
    first = tmp_path / "first.apkg"
    second = tmp_path / "second.apkg"
    build(tmp_path, str(SEED), "-o", str(first))
    build(tmp_path, str(SEED), "-o", str(second))
    first_guids = [note.guid for note in import_and_read(first, tmp_path / "a")]
    second_guids = [note.guid for note in import_and_read(second, tmp_path / "b")]
    assert len(set(first_guids)) == len(first_guids)
    assert sorted(first_guids) == sorted(second_guids)


def test_several_sources_make_subdecks(tmp_path):
    other = tmp_path / "copy.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    package = tmp_path / "podcasts.apkg"
    result = build(tmp_path, str(SEED), str(other), "-o", str(package), "--deck", "Podcasts")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 22 notes, 22 cards from 10 ideas and 10 quotes\n"
        "Notes against the last build: 22 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    decks = {card.deck for note in import_and_read(package, tmp_path / "anki") for card in note.cards}
    assert decks == {f"Podcasts::{TITLE}", "Podcasts::A Second Episode"}


def test_a_broken_template_is_caught_by_the_render_check(tmp_path):
    # The render check is what makes "Anki says so" mean something: prove it can fail.
    import genanki
    import pytest

    model = genanki.Model(
        1873600001,
        "broken",
        fields=[{"name": "Q"}],
        templates=[{"name": "c", "qfmt": "{{Q}} {{Missing}}", "afmt": "{{Q}}"}],
    )
    deck = genanki.Deck(1873600002, "broken")
    deck.add_note(genanki.Note(model=model, fields=["q"], guid="broken-1"))
    package = tmp_path / "broken.apkg"
    genanki.Package(deck).write_to_file(str(package))
    with pytest.raises(AssertionError, match="problem"):
        import_and_read(package, tmp_path / "anki")
