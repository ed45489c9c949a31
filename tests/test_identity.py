"""A note's identity in one Anki collection: unrelated decks never share a note, deleting an item
never hands its note to another, and decks built by the last release carry across."""

from __future__ import annotations

import shutil
import unicodedata

from anki.collection import Collection
from ankicheck import import_and_read, import_package, read_notes
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import page

from flashcards.cli import cli
from flashcards.firstline import glued_cuts
from flashcards.identity import identity_text, readable_part
from flashcards.lock import read_record, record_path
from flashcards.parse import read_summary

LEGACY = FIXTURES / "legacy"
LEGACY_PAGES = ("lex-fridman-459.txt", "compost-one-each.txt", "garden-episode-12.txt", "memory-russian.txt")

GARDEN = page(
    ideas=[("Compost feeds the soil that feeds the plants.", "Soil life turns compost into food for roots.")],
    quotes=[("The most important thing you can do this year is start a compost heap.", "— Mara Lind")],
    title_line="Green ThumbsWhy Compost Beats Fertiliser | Episode #12",
)
FINANCE = page(
    ideas=[
        ("Index funds beat most fund managers over ten years.", "Fees compound against the active funds.")
    ],
    # The same first eight words as the gardening quote: the last release gave both the same note.
    quotes=[("The most important thing you can do this year is automate your savings.", "— Priya Shah")],
    title_line="Money MinuteThe Quiet Power of Index Funds | Episode #12",
)
RUSSIAN = page(
    ideas=[("Сон закрепляет то, что было выучено днём.", "Во сне мозг повторяет события дня.")],
    quotes=[("Память — это не архив, а мастерская.", "— Анна Петрова")],
    title_line="Научный подкастКак работает память",
)
GREEK = page(
    ideas=[("Ο ύπνος σταθεροποιεί όσα μάθαμε τη μέρα.", "Στον ύπνο ο εγκέφαλος επαναλαμβάνει τη μέρα.")],
    quotes=[("Η μνήμη δεν είναι αρχείο αλλά εργαστήριο.", "— Άννα Παππά")],
    title_line="Επιστημονικό podcastΠώς λειτουργεί η μνήμη",
)


def build(*args: str, folder=None):
    result = CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def study_first_card(collection: Collection):
    """Answer the first card of the collection, as the reviewer does; its card id and state."""
    card = collection.get_card(min(collection.find_cards("")))
    card.start_timer()
    collection.sched.answerCard(card, 3)
    return card.id, study_state(collection, card.id)


def study_state(collection: Collection, card_id: int):
    card = collection.db.first("select nid, type, queue, due, ivl, reps from cards where id = ?", card_id)
    revlog = collection.db.all("select cid, ease from revlog")
    return card, revlog


def fields_by_guid(collection: Collection) -> dict[str, dict[str, str]]:
    return {note.guid: note.fields for note in read_notes(collection)}


def import_one_after_the_other(folder, first, second):
    """Import first, study a card of it, import second: the notes, and what became of the study."""
    (folder / "anki").mkdir()
    collection = Collection(str(folder / "anki" / "collection.anki2"))
    try:
        import_package(collection, first)
        before = fields_by_guid(collection)
        card_id, studied = study_first_card(collection)
        log = import_package(collection, second)
        return before, fields_by_guid(collection), studied, study_state(collection, card_id), log
    finally:
        collection.close()


def assert_neither_overwrites_the_other(tmp_path, first_page: str, second_page: str):
    first = write(tmp_path, "first.txt", first_page)
    second = write(tmp_path, "second.txt", second_page)
    build(first, "-o", tmp_path / "first.apkg")
    build(second, "-o", tmp_path / "second.apkg")
    before, after, studied, still, log = import_one_after_the_other(
        tmp_path, tmp_path / "first.apkg", tmp_path / "second.apkg"
    )
    assert (len(log.new), len(log.updated)) == (4, 0)
    assert len(after) == 8
    # Every note of the first deck still shows what it showed, and its review is where it was.
    assert {guid: after[guid] for guid in before} == before
    assert still == studied


def test_two_shows_with_the_same_series_number_are_different_notes(tmp_path):
    assert_neither_overwrites_the_other(tmp_path, GARDEN, FINANCE)


def test_two_pages_in_other_scripts_are_different_notes_and_decks(tmp_path, monkeypatch):
    assert_neither_overwrites_the_other(tmp_path, RUSSIAN, GREEK)
    monkeypatch.chdir(tmp_path)
    # Each has a deck file of its own by default, named by its id: not both "untitled".
    names = []
    for name, text in (("ru.txt", RUSSIAN), ("el.txt", GREEK)):
        source = write(tmp_path, name, text)
        result = CliRunner().invoke(cli, ["build", str(source)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        names.append(f"{readable_part(read_summary(source)[0].id)}.apkg")
    assert sorted(path.name for path in (tmp_path / "decks").glob("*.apkg")) == sorted(names)
    assert len(set(names)) == 2


def test_deleting_an_item_leaves_the_one_with_the_same_opening_words_its_own_note(tmp_path):
    shared = "Compost feeds the soil life that feeds your plants"
    ideas = [
        (f"{shared} over many seasons.", "Compost builds the soil food web for years."),
        (f"{shared} and also locks carbon away.", "Stable organic matter stays for decades."),
        ("Turning a heap weekly halves the time it takes.", "Oxygen keeps the hot microbes working."),
    ]
    source = write(tmp_path, "show.txt", page(ideas=ideas))
    package = tmp_path / "show.apkg"
    build(source, "-o", package)
    shutil.copy(package, tmp_path / "first.apkg")
    write(tmp_path, "show.txt", page(ideas=ideas[1:]))
    result = build(source, "-o", package)
    assert "Notes against the last build: 0 new, 0 updated, 4 unchanged, 2 removed" in result.output

    before, after, studied, still, log = import_one_after_the_other(
        tmp_path, tmp_path / "first.apkg", package
    )
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert after == before
    assert still == studied


def test_a_deck_built_by_the_last_release_carries_across(tmp_path):
    # The fixture's package and record were built by the last release: other summary and item ids.
    for name in (*LEGACY_PAGES, "catalogue.apkg", "catalogue.lock.yaml"):
        shutil.copy(LEGACY / name, tmp_path / name)
    package = tmp_path / "catalogue.apkg"
    old = {entry.guid: entry for entry in read_record(record_path(package)).entries}
    shutil.copy(package, tmp_path / "old.apkg")
    result = build(*(tmp_path / name for name in LEGACY_PAGES), "-o", package, "--deck", "Podcasts")
    report = result.output.splitlines()[-1]
    assert report.startswith("Notes against the last build: 0 new, ") and report.endswith(", 0 removed")

    new = {entry.guid: entry for entry in read_record(record_path(package)).entries}
    assert new.keys() == old.keys()
    for guid, entry in new.items():
        assert (entry.note_id, entry.text, entry.kind) == (old[guid].note_id, old[guid].text, old[guid].kind)
        assert entry.key != old[guid].key  # the ids are the new ones, carried across

    before, after, studied, still, log = import_one_after_the_other(tmp_path, tmp_path / "old.apkg", package)
    assert len(log.new) == 0 and len(after) == len(before) == 40
    assert still == studied
    # A second rebuild finds every note by its GUID: nothing left to carry.
    assert (
        "0 new, 0 updated, 40 unchanged, 0 removed"
        in build(*(tmp_path / name for name in LEGACY_PAGES), "-o", package, "--deck", "Podcasts").output
    )


def test_the_shared_deck_carried_across_kept_every_guid_and_note_id(tmp_path):
    # The shared deck and record as the last release committed them, and as they are now.
    old = read_record(LEGACY / "shared" / "lex-fridman-459.lock.yaml").entries
    now = read_record(ROOT / "decks" / "lex-fridman-459.lock.yaml").entries
    assert [(entry.guid, entry.note_id) for entry in now] == [(entry.guid, entry.note_id) for entry in old]
    # And a rebuild from the old record says so: every note updated or unchanged, none new or removed.
    shutil.copy(LEGACY / "shared" / "lex-fridman-459.lock.yaml", tmp_path / "shared.lock.yaml")
    result = build(SEED, "-o", tmp_path / "shared.apkg")
    assert result.output.splitlines()[-1] == (
        "Notes against the last build: 0 new, 20 updated, 0 unchanged, 0 removed"
    )
    notes = import_and_read(tmp_path / "shared.apkg", tmp_path / "anki")
    assert sorted(note.guid for note in notes) == sorted(entry.guid for entry in old)


def reference_identity(text: str) -> str:
    """identity_text the slow way, for every text."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(char for char in unicodedata.normalize("NFKD", folded) if char.isalnum())
    return unicodedata.normalize("NFC", kept)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("aZ09 .,-’‘“”—–…\u00a0éßÆﬁКкΣς½"), max_size=30) | st.text(max_size=20)
)
def test_an_items_identity_is_its_letters_and_digits_in_any_script(text):
    assert identity_text(text) == reference_identity(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZbY.Ö ö1"), max_size=14))
def test_glue_points_are_found_alike_in_ascii_and_in_any_script(text):
    # ASCII lines go through a regular expression, others through a loop: both find the same places.
    swapped = text.replace("Ö", "O").replace("ö", "o")
    assert glued_cuts(text) == glued_cuts(swapped)


def test_a_retitled_page_keeps_its_notes_and_an_unrelated_one_takes_none(tmp_path):
    # The title is part of the summary id: corrected, the id changes, but the items do not.
    source = write(tmp_path, "show.txt", SEED.read_text(encoding="utf-8"))
    package = tmp_path / "show.apkg"
    build(source, "-o", package)
    old = read_record(record_path(package)).entries
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("AI Megaclusters", "AI Mega-Clusters").replace("Every company", "Every lab")
    )
    result = build(source, "-o", package)
    assert (
        result.output.splitlines()[-1]
        == "Notes against the last build: 0 new, 20 updated, 0 unchanged, 0 removed"
    )
    assert [entry.guid for entry in read_record(record_path(package)).entries] == [
        entry.guid for entry in old
    ]
    # Another show in its place shares no item: its notes are new, the old ones removed.
    write(tmp_path, "show.txt", GARDEN)
    result = build(source, "-o", package, "--force")
    assert (
        result.output.splitlines()[-1]
        == "Notes against the last build: 4 new, 0 updated, 0 unchanged, 20 removed"
    )
