"""--cards picks the card kinds; each kind is its own note with its own stable key, GUID and tag."""

from __future__ import annotations

from collections import Counter

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from conftest import FIXTURES, SEED

from flashcards.build import plan_build
from flashcards.cards import CARD_KINDS
from flashcards.cli import cli

KIND_TAGS = {f"card-{kind}" for kind in CARD_KINDS}


def build(tmp_path, *args):
    package = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), *args])
    return result, package


def kind_counts(notes) -> Counter:
    return Counter(tag for note in notes for tag in note.tags if tag in KIND_TAGS)


def test_all_kinds_by_default(tmp_path):
    result, package = build(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 20 notes, 20 cards from 5 ideas and 5 quotes\n"
        "Notes against the last build: 20 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert kind_counts(notes) == {"card-qa": 5, "card-cloze": 5, "card-who": 5, "card-complete": 5}
    assert all(len(KIND_TAGS & set(note.tags)) == 1 for note in notes)
    assert len({note.guid for note in notes}) == 20


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("qa", {"card-qa": 5}),
        ("cloze", {"card-cloze": 5}),
        ("who,complete", {"card-who": 5, "card-complete": 5}),
        ("qa, who", {"card-qa": 5, "card-who": 5}),
        ("complete,complete", {"card-complete": 5}),
    ],
)
def test_cards_picks_the_kinds(tmp_path, choice, expected):
    result, package = build(tmp_path, "--cards", choice)
    assert result.exit_code == 0, result.output
    total = sum(expected.values())
    assert result.output == (
        f"{package}: {total} notes, {total} cards from 5 ideas and 5 quotes\n"
        f"Notes against the last build: {total} new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert kind_counts(notes) == expected


def test_a_kind_keeps_its_guids_whatever_else_is_built(tmp_path):
    _, everything = build(tmp_path / "all")
    _, cloze_only = build(tmp_path / "cloze", "--cards", "cloze")
    all_notes = import_and_read(everything, tmp_path / "anki-all")
    cloze_notes = import_and_read(cloze_only, tmp_path / "anki-cloze")
    cloze_guids = {note.guid for note in all_notes if "card-cloze" in note.tags}
    assert {note.guid for note in cloze_notes} == cloze_guids


def test_keys_end_with_the_item_kind_and_note_type():
    plan = plan_build([SEED])
    endings = Counter("/".join(note.key.split("/")[-3::2]) for note in plan.notes)
    assert endings == {"idea/qa": 5, "idea/cloze": 5, "quote/qa": 5, "quote/cloze": 5}
    # The Q&A notes keep the keys of the first release, so decks built with it update in place.
    first_idea = plan.summaries[0].ideas[0]
    assert plan.notes[0].key == f"{plan.summaries[0].id}/idea/{first_idea.id}/qa"


def test_a_quote_without_a_speaker_gets_no_who_card(tmp_path):
    plan = plan_build([FIXTURES / "cards-syntax.txt"], cards=("who", "complete"))
    speakerless = [quote for quote in plan.summaries[0].quotes if not quote.speaker]
    assert len(speakerless) == 1
    keys = {note.key for note in plan.notes}
    assert not any(key.endswith(f"/{speakerless[0].id}/qa") for key in keys)
    assert any(key.endswith(f"/{speakerless[0].id}/cloze") for key in keys)


def test_an_unknown_kind_is_a_usage_error(tmp_path):
    result, package = build(tmp_path, "--cards", "qa,flip")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--cards': 'flip': not a card kind; choose from qa, cloze, who, complete\n"
    )
    assert not package.exists()


def test_no_kind_is_a_usage_error(tmp_path):
    result, package = build(tmp_path, "--cards", " , ")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--cards': give at least one card kind: qa, cloze, who, complete\n"
    )
    assert not package.exists()


def test_help_lists_the_kinds():
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    assert "--cards TEXT" in result.output
    assert "qa, cloze (ideas); who, complete (quotes)" in " ".join(result.output.split())
