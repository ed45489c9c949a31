"""--cards picks the card kinds; each kind is its own note with its own stable key, GUID and tag."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
import yaml
from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import FIXTURES, SEED

from flashcards.cards.kinds import CARD_KIND_OF
from flashcards.cards.notes import CARD_KINDS, Cues, asks_who, write_notes
from flashcards.cli import cli
from flashcards.models import NO_EDITS, Quote
from flashcards.pipeline.build import Build
from flashcards.sources.extract import summary_to_yaml
from flashcards.sources.page import read_summary

KIND_TAGS = {f"card-{kind}" for kind in CARD_KINDS}
# The seed's 5 ideas each get a cloze card, and its 5 quotes, said by 3 speakers none of whom
# dominates, each get a who-said-it card.
IDEAS = QUOTES = 5
# Questions written by hand for the seed's first two ideas; the first keeps its `hide` too.
HAND_WRITTEN = 2
# A cloze written by hand for the seed's second quote, beside its who-said-it card.
HAND_WRITTEN_QUOTE_CLOZE = "failed runs"


def build(tmp_path, *args, source=SEED):
    package = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package), *args])
    return result, package


def kind_counts(notes) -> Counter:
    return Counter(tag for note in notes for tag in note.tags if tag in KIND_TAGS)


def plan_counts(source, cards=CARD_KINDS) -> Counter:
    """The card kinds of the notes the plan makes, as kind_counts names them."""
    keys = (note.key.split("/") for note in Build([source], cards=cards).plan().notes)
    return Counter(f"card-{CARD_KIND_OF[(key[-3], key[-1])]}" for key in keys)


def seed_with_questions(folder):
    """The seed as editable YAML with questions written by hand for its first two ideas (the
    only way to get a qa card); the second's `hide` is deleted, so its question replaces the cloze.
    Every other `hide` is deleted too: the rules choose, as for the page. The second quote gets a
    `hide` written by hand (the only way to get a complete card beside a who-said-it card)."""
    summary, _ = read_summary(SEED)
    data = yaml.safe_load(summary_to_yaml(summary))
    for item in [*data["ideas"][1:], *data["quotes"]]:
        item.pop("hide", None)
    assert data["ideas"][0]["hide"]
    data["ideas"][0].update(question="Which lab made cheap open reasoning models?", answer="DeepSeek")
    data["ideas"][1].update(question="Which two designs cut DeepSeek's costs?", answer="MoE and MLA")
    data["quotes"][1]["hide"] = HAND_WRITTEN_QUOTE_CLOZE
    path = folder / "seed-with-questions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def first_build_of_the_seed(tmp_path, result, package, expected: Counter) -> list:
    """The notes Anki imports from a first build of the seed with questions, after checking its
    report names every note as new and that Anki holds the kinds the plan says."""
    total = sum(expected.values())
    assert result.output == (
        f"{package}: {total} notes, {total} cards from 5 ideas and 5 quotes\n"
        f"Notes against the last build: {total} new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert kind_counts(notes) == expected
    return notes


def test_all_kinds_by_default(tmp_path):
    source = seed_with_questions(tmp_path)
    result, package = build(tmp_path, source=source)
    assert result.exit_code == 0, result.output
    expected = plan_counts(source, CARD_KINDS)
    notes = first_build_of_the_seed(tmp_path, result, package, expected)
    # Every kind is made: the second idea's question replaces its cloze, the first's sits beside it.
    assert set(expected) == KIND_TAGS
    assert expected["card-qa"] == HAND_WRITTEN
    assert expected["card-cloze"] == IDEAS - 1
    assert expected["card-who"] == QUOTES
    assert all(len(KIND_TAGS & set(note.tags)) == 1 for note in notes)
    assert len({note.guid for note in notes}) == len(notes) == sum(expected.values())


def test_the_seed_page_makes_every_kind_but_qa_and_complete(tmp_path):
    # A summary page has no hand-written questions: qa cards come only from an edited YAML file.
    result, package = build(tmp_path)
    assert result.exit_code == 0, result.output
    notes = import_and_read(package, tmp_path / "anki")
    counts = kind_counts(notes)
    assert counts == plan_counts(SEED)
    # Every quote is asked who said it, and a cloze of it beside that would give each away.
    assert set(counts) == KIND_TAGS - {"card-qa", "card-complete"}
    assert counts["card-cloze"] == IDEAS
    assert counts["card-who"] == QUOTES


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("qa", lambda made: {"card-qa": HAND_WRITTEN}),
        ("cloze", lambda made: {"card-cloze": IDEAS}),
        ("cloze,fact", lambda made: {"card-cloze": IDEAS, "card-fact": made["card-fact"]}),
        ("who,complete", lambda made: {"card-who": QUOTES, "card-complete": made["card-complete"]}),
        ("qa, who", lambda made: {"card-qa": HAND_WRITTEN, "card-who": QUOTES}),
        # Without a who card every quote gets its complete card.
        ("complete,complete", lambda made: {"card-complete": QUOTES}),
    ],
)
def test_cards_picks_the_kinds(tmp_path, choice, expected):
    source = seed_with_questions(tmp_path)
    result, package = build(tmp_path, "--cards", choice, source=source)
    assert result.exit_code == 0, result.output
    # Kinds that depend on each other are counted in the build of every kind; the others are fixed.
    expected = expected(plan_counts(source))
    assert all(expected.values())
    first_build_of_the_seed(tmp_path, result, package, expected)


def test_only_fact_cards_may_leave_ideas_without_a_note(tmp_path):
    # A fact card is made only where an explanation states a figure: the other ideas rightly get none.
    result, package = build(tmp_path, "--cards", "fact")
    assert result.exit_code == 0, result.output
    notes = import_and_read(package, tmp_path / "anki")
    assert 0 < len(notes) < IDEAS
    assert kind_counts(notes) == {"card-fact": len(notes)}


def test_a_kind_keeps_its_guids_whatever_else_is_built(tmp_path):
    _, everything = build(tmp_path / "all")
    _, cloze_only = build(tmp_path / "cloze", "--cards", "cloze")
    all_notes = import_and_read(everything, tmp_path / "anki-all")
    cloze_notes = import_and_read(cloze_only, tmp_path / "anki-cloze")
    cloze_guids = {note.guid for note in all_notes if "card-cloze" in note.tags}
    assert {note.guid for note in cloze_notes} == cloze_guids


def test_keys_end_with_the_item_kind_and_note_type(tmp_path):
    plan = Build([seed_with_questions(tmp_path)]).plan()
    endings = Counter("/".join(note.key.split("/")[-3::2]) for note in plan.notes)
    assert set(endings) == {"idea/qa", "idea/cloze", "idea/fact-1", "quote/qa", "quote/cloze"}
    assert endings["idea/qa"] == HAND_WRITTEN
    assert endings["idea/cloze"] == IDEAS - 1
    assert endings["quote/qa"] == QUOTES
    # The Q&A and cloze notes keep the keys of the first release, so decks built with it update in place.
    first_idea = plan.summaries[0].ideas[0]
    assert plan.notes[0].key == f"{plan.summaries[0].id}/idea/{first_idea.id}/qa"
    assert plan.notes[1].key == f"{plan.summaries[0].id}/idea/{first_idea.id}/cloze"


def test_a_quote_without_a_speaker_gets_no_who_card(tmp_path):
    plan = Build([FIXTURES / "cards-syntax.txt"], cards=("who", "complete")).plan()
    speakerless = [quote for quote in plan.summaries[0].quotes if not quote.speaker]
    assert len(speakerless) == 1
    keys = {note.key for note in plan.notes}
    assert not any(key.endswith(f"/{speakerless[0].id}/qa") for key in keys)
    assert any(key.endswith(f"/{speakerless[0].id}/cloze") for key in keys)


def test_an_unknown_kind_is_a_usage_error(tmp_path):
    result, package = build(tmp_path, "--cards", "qa,flip")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--cards': 'flip': not a card kind;"
        " choose from qa, cloze, fact, who, complete\n"
    )
    assert not package.exists()


def test_no_kind_is_a_usage_error(tmp_path):
    result, package = build(tmp_path, "--cards", " , ")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--cards': give at least one card kind: qa, cloze, fact, who, complete\n"
    )
    assert not package.exists()


def test_help_lists_the_kinds():
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    assert "--cards TEXT" in result.output
    assert "qa, cloze, fact (ideas); who, complete (quotes)" in " ".join(result.output.split())


def test_one_person_with_and_without_a_title_is_one_speaker():
    # Round 23: "Dr. Kwame Asante" and "Kwame Asante" made a host and a guest three speakers,
    # and every quote a who-said-it card whose answer the content gave away.
    quotes = [
        Quote(f"q{index}", index + 1, NO_EDITS, text, speaker, "")
        for index, (text, speaker) in enumerate(
            [
                ("Sugar is not the villain, the frequency is.", "Dr. Kwame Asante"),
                ("So I should stop sipping juice all afternoon?", "Gemma Holt"),
                ("Fluoride varnish twice a year halves new cavities in children.", "Kwame Asante"),
            ]
        )
    ]
    summary = replace(Build([SEED]).plan().summaries[0], quotes=tuple(quotes))
    cues = Cues.of(summary)
    assert cues.speakers == ("Dr. Kwame Asante", "Gemma Holt")
    assert not any(asks_who(quote, summary, cues) for quote in quotes)


def test_a_narrators_line_is_not_asked_who_said_it():
    # Rounds 19 and 27 deleted every who-said-it card of a narrator's line; a moderator's stays.
    lines = [
        (
            "At 8:32 on a Sunday morning, the north side of the mountain let go.",
            "Claire Donnelly",
            "Narrator",
        ),
        ("Tonight’s question sounds technical, but it decides who wins.", "Ruth Adebayo", "Moderator"),
        ("Every voting system fails some fairness test.", "Elena Vasquez", "Professor"),
        ("A majority of the ballots left is not a majority of the voters.", "Gary Brennan", ""),
    ]
    quotes = [
        Quote(f"q{index}", index + 1, NO_EDITS, text, speaker, role)
        for index, (text, speaker, role) in enumerate(lines)
    ]
    summary = replace(Build([SEED]).plan().summaries[0], quotes=tuple(quotes))
    cues = Cues.of(summary)
    assert [asks_who(quote, summary, cues) for quote in quotes] == [False, True, True, True]


def test_a_word_the_title_shows_with_a_non_breaking_hyphen_is_not_hidden():
    # Round 28: a title written in the YAML kept "Ranked‑Choice" (U+2011), the page's headline
    # says "Ranked-choice", and the cloze hid the word the cue line shows.
    summary = replace(
        Build([SEED]).plan().summaries[0],
        title="Should Elections Use Ranked\u2011Choice Voting?",
        ideas=(
            replace(
                Build([SEED]).plan().summaries[0].ideas[0],
                headline="Ranked-choice voting drops the last-place candidate and transfers ballots.",
            ),
        ),
    )
    [note] = [note for note in write_notes(summary, "Deck") if "idea" in note.tags]
    assert "Ranked-choice voting drops" in note.fields[0]
