"""Hand edits in a YAML file reach Anki: a new question updates its note; skip, tags and deck apply."""

from __future__ import annotations

import html
import re

from anki.collection import Collection
from ankicheck import import_and_read, import_package, read_notes
from builds import write_package
from helpers import SEED, run

from flashcards.pipeline.build import Build
from flashcards.sources.page import read_summary

QUESTION = "What did DeepSeek prove about open-weight reasoning?"
NEW_QUESTION = "Why did DeepSeek's cheap open-weight reasoning shock the AI industry?"
# "deepseek-proved-frontier-class-open-weight-…": its first words and a hash of its headline.
FIRST_IDEA = read_summary(SEED)[0].ideas[0].id
FIRST_BUILD = 1_700_000_000.0
# Anki updates a matched note only when the incoming one is newer.
SECOND_BUILD = FIRST_BUILD + 3600


def extract_seed(tmp_path):
    path = tmp_path / "seed.yaml"
    result = run("extract", str(SEED), "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def edit(path, pattern: str, replacement: str) -> None:
    """Change the first line matching pattern, as a person in an editor would."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    path.write_text(edited, encoding="utf-8")


def test_edited_question_updates_the_note_in_anki(tmp_path):
    # A question written by hand makes a Q&A note (its `hide` kept, the cloze stays beside it).
    extracted = extract_seed(tmp_path)
    edit(
        extracted,
        rf"^(  - id: {FIRST_IDEA})$",
        rf'\1\n    question: "{QUESTION}"\n    answer: It can be cheap',
    )
    before = Build([extracted]).plan()
    assert before.notes[0].key.endswith(f"/idea/{FIRST_IDEA}/qa")
    assert before.notes[1].key.endswith(f"/idea/{FIRST_IDEA}/cloze")
    write_package(before.notes, tmp_path / "before.apkg", timestamp=FIRST_BUILD)
    edit(extracted, r"^    question: .*$", f'    question: "{NEW_QUESTION}"')
    after = Build([extracted]).plan()
    write_package(after.notes, tmp_path / "after.apkg", timestamp=SECOND_BUILD)

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_package(collection, tmp_path / "before.apkg")
        import_package(collection, tmp_path / "after.apkg")
        notes = read_notes(collection)
    finally:
        collection.close()

    assert len(notes) == len(before.notes) == len(Build([SEED]).plan().notes) + 1
    # Fields hold HTML: the apostrophe arrives escaped.
    # Under the question, the show it comes from.
    edited = [
        note
        for note in notes
        if first_field(note).startswith(f'{html.escape(NEW_QUESTION)}<span class="cue">')
    ]
    assert len(edited) == 1
    assert edited[0].guid == before.notes[0].guid
    assert html.escape(NEW_QUESTION) in edited[0].cards[0].question
    assert before.notes[0].fields[0] not in [first_field(note) for note in notes]
    # Every other note is the one the first build made, untouched.
    others = {note.guid: first_field(note) for note in notes if note is not edited[0]}
    assert others == {note.guid: note.fields[0] for note in before.notes[1:]}


def test_an_edited_hide_changes_what_the_cloze_hides_in_place(tmp_path):
    extracted = extract_seed(tmp_path)
    before = Build([extracted]).plan()
    # The first `hide` in the file is the first idea's.
    edit(extracted, r"^    hide: .*$", "    hide: open-weight reasoning")
    after = Build([extracted]).plan()
    [changed] = [
        index for index, (old, new) in enumerate(zip(before.notes, after.notes, strict=True)) if old != new
    ]
    assert after.notes[changed].key.endswith(f"/idea/{FIRST_IDEA}/cloze")
    assert after.notes[changed].guid == before.notes[changed].guid
    assert (
        after.notes[changed]
        .fields[0]
        .startswith("DeepSeek proved frontier-class, {{c1::open-weight reasoning}} can be ultra-cheap")
    )


def first_field(note) -> str:
    """The Question of a Q&A note, the Text of a cloze note."""
    return next(iter(note.fields.values()))


def test_skipped_item_makes_no_note_and_the_others_keep_their_guids(tmp_path):
    extracted = extract_seed(tmp_path)
    # Dylan Patel's first quote: "If you think AGI is five or ten years away, …"
    edit(extracted, r"^(    speaker: Dylan Patel)$", r"\1\n    skip: true")
    package = tmp_path / "skipped.apkg"
    result = run("build", str(extracted), "-o", str(package))
    assert result.exit_code == 0, result.output
    seed_notes = Build([SEED]).plan().notes
    # The skipped quote's note (who said it) goes; every other keeps its GUID.
    skipped = {note.guid for note in seed_notes if "/quote/if-you-think-agi-" in note.key}
    assert len(skipped) == 1
    count = len(seed_notes) - 1
    assert result.output == (
        f"{package}: {count} notes, {count} cards from 5 ideas and 4 quotes (1 skipped)\n"
        f"Notes against the last build: {count} new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert sorted(note.guid for note in notes) == sorted(
        note.guid for note in seed_notes if note.guid not in skipped
    )
    assert not any("AGI is five or ten" in " ".join(note.fields.values()) for note in notes)


def test_deck_and_tags_from_yaml_reach_anki(tmp_path):
    extracted = extract_seed(tmp_path)
    edit(extracted, rf"^(id: {read_summary(SEED)[0].id})$", r"\1\ndeck: My AI Deck\ntags:\n  - ai\n  - china")
    # A cloze written by hand gives the quote a complete-the-quote card beside its who-said-it card.
    edit(extracted, r"^(    speaker: Dylan Patel)$", r"\1\n    hide: AGI\n    tags:\n      - favourite")
    package = tmp_path / "tagged.apkg"
    result = run("build", str(extracted), "-o", str(package))
    assert result.exit_code == 0, result.output
    notes = import_and_read(package, tmp_path / "anki")
    assert {card.deck for note in notes for card in note.cards} == {"My AI Deck"}
    assert all({"ai", "china", "flashcards"} <= set(note.tags) for note in notes)
    favourites = [note for note in notes if "favourite" in note.tags]
    # An item's tags reach every card made from it: the who-said-it and the complete-the-quote.
    assert sorted(note.note_type for note in favourites) == ["flashcards Cloze", "flashcards Q&A"]
    assert [note.fields["Speaker"] for note in favourites] == ["Dylan Patel", "Dylan Patel"]


def test_yaml_and_pages_mix_in_one_build(tmp_path):
    other = tmp_path / "other.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    other_yaml = tmp_path / "other.yml"
    assert run("extract", str(other), "-o", str(other_yaml)).exit_code == 0
    package = tmp_path / "mixed.apkg"
    result = run("build", str(SEED), str(other_yaml), "-o", str(package), "--deck", "Podcasts")
    assert result.exit_code == 0, result.output
    # The YAML builds what its page builds.
    count = len(Build([SEED, other]).plan().notes)
    assert result.output == (
        f"{package}: {count} notes, {count} cards from 10 ideas and 10 quotes\n"
        f"Notes against the last build: {count} new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    decks = {card.deck for note in notes for card in note.cards}
    assert decks == {
        "Podcasts::DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters",
        "Podcasts::A Second Episode",
    }
    assert len({note.guid for note in notes}) == count


def test_a_page_and_its_own_yaml_cannot_share_a_build(tmp_path):
    # Both would give every note the same GUID; Anki would import each one twice.
    extracted = extract_seed(tmp_path)
    package = tmp_path / "twice.apkg"
    result = run("build", str(SEED), str(extracted), "-o", str(package))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {extracted}: is the same summary as {SEED} (id {read_summary(SEED)[0].id!r});"
        " build from one of them\n"
    )
    assert not package.exists()


def test_a_hide_written_by_hand_hides_exactly_its_words(tmp_path):
    # "ß" case-folds to "ss": a match found in the case-folded text would land a letter late.
    source = tmp_path / "strasse.yaml"
    source.write_text(
        "title: Roads\nid: roads\nquotes:\n"
        "  - id: road\n    text: Die Straße ist 12 km lang und sehr alt.\n    hide: sehr alt\n",
        encoding="utf-8",
    )
    [note] = Build([source]).plan().notes
    assert note.fields[0].startswith("Die Straße ist 12 km lang und {{c1::sehr alt}}.")


def test_an_idea_added_by_hand_is_a_second_question(tmp_path):
    # The round 37 editors wanted a second card on some ideas: an idea added to the file asks it.
    extracted = extract_seed(tmp_path)
    before = Build([extracted]).plan()
    edit(
        extracted,
        r"^quotes:$",
        "  - id: deepseek-training-cost\n"
        "    headline: What DeepSeek V3 cost to train\n"
        "    question: About how much did DeepSeek V3 reportedly cost to train?\n"
        "    answer: Millions of dollars\n"
        "\nquotes:",
    )
    after = Build([extracted]).plan()
    kept = {note.guid for note in before.notes}
    [added] = [note for note in after.notes if note.guid not in kept]
    assert added.key.endswith("/idea/deepseek-training-cost/qa")
    assert kept <= {note.guid for note in after.notes}
    package = tmp_path / "after.apkg"
    write_package(after.notes, package, timestamp=FIRST_BUILD)
    [imported] = [note for note in import_and_read(package, tmp_path / "anki") if note.guid == added.guid]
    assert "About how much did DeepSeek V3 reportedly cost to train?" in imported.cards[0].question
    assert "Millions of dollars" in imported.cards[0].answer
