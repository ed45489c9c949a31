"""After notes are written, every idea and quote must have its notes, or nothing is written."""

from __future__ import annotations

import dataclasses

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED
from pages import page

from flashcards.cards.notes import write_notes
from flashcards.cli import cli
from flashcards.models import note_key
from flashcards.pipeline import build as build_module
from flashcards.sources.page import read_summary


def build(tmp_path):
    package = tmp_path / "out.apkg"
    return CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)]), package


def test_an_item_without_a_note_stops_the_build(tmp_path, monkeypatch):
    # Stand in for a card rule that silently skips an item: the last quote gets neither of its notes.
    def drop_last_quote(summary, deck, cards):
        prefix = note_key(summary.id, "quote", summary.quotes[-1].id, "")
        return [note for note in write_notes(summary, deck, cards) if not note.key.startswith(prefix)]

    monkeypatch.setattr(build_module, "write_notes", drop_last_quote)
    result, package = build(tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: {SEED}:29: this quote produced no note; nothing was written\n"
    assert not package.exists()


def test_two_notes_with_one_guid_stop_the_build(tmp_path, monkeypatch):
    # Anki would merge them on import and one item would vanish.
    def same_guid(summary, deck, cards):
        notes = write_notes(summary, deck, cards)
        return [*notes[:-1], dataclasses.replace(notes[-1], guid=notes[0].guid)]

    monkeypatch.setattr(build_module, "write_notes", same_guid)
    result, package = build(tmp_path)
    first, *_, last = seed_notes()
    assert result.exit_code == 1
    assert result.output == (
        f"Error: notes {first.key!r} and {last.key!r} share a GUID and would overwrite each other"
        " in Anki; nothing was written\n"
    )
    assert not package.exists()


def test_a_note_that_makes_no_card_stops_the_build(tmp_path, monkeypatch):
    # Anki imports a note whose required field is empty but never shows it.
    def empty_question(summary, deck, cards):
        notes = write_notes(summary, deck, cards)
        blank = dataclasses.replace(notes[0], fields=("", *notes[0].fields[1:]))
        return [blank, *notes[1:]]

    monkeypatch.setattr(build_module, "write_notes", empty_question)
    result, package = build(tmp_path)
    key = seed_notes()[0].key
    assert result.exit_code == 1
    assert result.output == f"Error: note {key!r} would make no card in Anki; nothing was written\n"
    assert not package.exists()


def seed_notes():
    summary, _ = read_summary(SEED)
    return write_notes(summary, "deck")


def test_a_quote_with_nothing_worth_hiding_still_gets_its_complete_card(tmp_path):
    # No speaker means no who-said-it card, and stop words alone leave no span worth hiding: the
    # complete card, made for every quote without a who card, then hides a word rather than lose it.
    source = tmp_path / "page.txt"
    source.write_text(page([("A claim worth a card.", "Why it matters.")], [("It is what it is.", None)]))
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"Warning: {source}:8: quote has no speaker line; kept without a speaker\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert sorted(tag for note in notes for tag in note.tags if tag.startswith("card-")) == [
        "card-cloze",
        "card-complete",
    ]


def test_items_of_kinds_not_asked_for_are_not_lost(tmp_path):
    # Only cloze cards: the quotes make no note, and that is what was asked for.
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), "--cards", "cloze"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 5 notes, 5 cards from 5 ideas and 5 quotes\n"
        "Notes against the last build: 5 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert len(import_and_read(package, tmp_path / "anki")) == 5


def test_items_the_kinds_asked_for_make_no_card_of_are_not_lost(tmp_path):
    # Who said it is not asked when one speaker said every quote, and qa cards come only from
    # questions written by hand: a page like that rightly makes no note of these kinds.
    source = tmp_path / "page.txt"
    source.write_text(page([("A claim worth a card.", "Why it matters.")], [("Say it twice.", "— Ann Lee")]))
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package), "--cards", "qa,who"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 0 notes, 0 cards from 1 idea and 1 quote\n"
        "Notes against the last build: 0 new, 0 updated, 0 unchanged, 0 removed\n"
    )


def test_a_hand_written_question_without_its_note_stops_the_build(tmp_path, monkeypatch):
    # A question written by hand promises its item a qa card, whatever kinds the rules may skip.
    source = tmp_path / "page.yaml"
    source.write_text(
        "title: A Careful Title\nid: careful\nideas:\n"
        "  - id: claim\n    headline: A claim worth a card.\n"
        "    question: Which claim?\n    answer: This one.\n",
        encoding="utf-8",
    )

    def drop_qa(summary, deck, cards):
        return [note for note in write_notes(summary, deck, cards) if not note.key.endswith("/qa")]

    monkeypatch.setattr(build_module, "write_notes", drop_qa)
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package), "--cards", "qa,fact"])
    assert result.exit_code == 1
    assert result.output == f"Error: {source}:4: this idea produced no note; nothing was written\n"
    assert not package.exists()
