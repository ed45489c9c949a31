"""A note's identity in one Anki collection: unrelated decks never share a note, deleting an item
never hands its note to another, and decks built by the last release carry across."""

from __future__ import annotations

import shutil
import unicodedata

from anki.collection import Collection
from ankicheck import import_package, read_notes
from click.testing import CliRunner
from helpers import FIXTURES, ROOT, SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from pages import page

from flashcards.cards.notes import guid_for
from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.record.entries import Entry, record_path
from flashcards.record.fileformat import read_record
from flashcards.record.report import card_kind
from flashcards.sources.firstline import glued_cuts
from flashcards.sources.identity import identity_text, readable_part
from flashcards.sources.page import read_summary

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


def study(collection: Collection, card_ids: list[int]):
    """Answer each card, as the reviewer does; their state."""
    for card_id in card_ids:
        card = collection.get_card(card_id)
        card.start_timer()
        collection.sched.answerCard(card, 3)
    return study_state(collection, card_ids)


def study_state(collection: Collection, card_ids: list[int]):
    cards = [
        collection.db.first("select nid, type, queue, due, ivl, reps from cards where id = ?", card_id)
        for card_id in card_ids
    ]
    revlog = collection.db.all("select cid, ease from revlog")
    return cards, revlog


def cards_of(collection: Collection, guids) -> list[int]:
    """The cards of the notes with these GUIDs."""
    query = (
        "select cards.id from cards join notes on notes.id = cards.nid where notes.guid = ? order by cards.id"
    )
    return [card_id for guid in guids for card_id in collection.db.list(query, guid)]


def fields_by_guid(collection: Collection) -> dict[str, dict[str, str]]:
    return {note.guid: note.fields for note in read_notes(collection)}


def import_one_after_the_other(folder, first, second, studied=None):
    """Import first, study a card of it (the first, or every card of the notes with the GUIDs
    studied), import second: the notes, and what became of the study."""
    (folder / "anki").mkdir()
    collection = Collection(str(folder / "anki" / "collection.anki2"))
    try:
        import_package(collection, first)
        before = fields_by_guid(collection)
        card_ids = [min(collection.find_cards(""))] if studied is None else cards_of(collection, studied)
        assert card_ids
        state = study(collection, card_ids)
        log = import_package(collection, second)
        return before, fields_by_guid(collection), state, study_state(collection, card_ids), log
    finally:
        collection.close()


def note_count(*sources) -> int:
    """How many notes the card stage makes of these sources."""
    return len(Build(list(sources)).plan().notes)


def card_of(entry: Entry) -> tuple[str, int, str, str]:
    """Which card of which item an entry is, whatever ids its key holds."""
    return entry.kind, entry.position, entry.text, card_kind(entry.kind, entry.key)


def counts(report: str) -> dict[str, int]:
    """The numbers of a report line "Notes against the last build: 1 new, 2 updated, …"."""
    prefix = "Notes against the last build: "
    assert report.startswith(prefix), report
    return {
        change: int(number) for number, change in (part.split() for part in report[len(prefix) :].split(", "))
    }


def assert_neither_overwrites_the_other(tmp_path, first_page: str, second_page: str):
    first = write(tmp_path, "first.txt", first_page)
    second = write(tmp_path, "second.txt", second_page)
    build(first, "-o", tmp_path / "first.apkg")
    build(second, "-o", tmp_path / "second.apkg")
    # Both make notes of their idea and of their quote (which may share opening words).
    for source in (first, second):
        assert {note.key.split("/")[1] for note in Build([source]).plan().notes} == {"idea", "quote"}
    before, after, studied, still, log = import_one_after_the_other(
        tmp_path, tmp_path / "first.apkg", tmp_path / "second.apkg"
    )
    assert len(before) == note_count(first)
    # Every note of the second deck is a note of its own: none taken for one of the first.
    assert (len(log.new), len(log.updated)) == (note_count(second), 0)
    assert len(after) == note_count(first) + note_count(second)
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
    # Each explanation states a figure: each item makes two notes, its cloze and a fact.
    ideas = [
        (
            f"{shared} over many seasons.",
            "Compost builds the soil food web for years. "
            "Plots at Rothamsted fed with compost held 20% more water in a dry summer.",
        ),
        (
            f"{shared} and also locks carbon away.",
            "Stable organic matter stays for decades. "
            "By Defra's estimate, each tonne of finished compost stores about 150 kilograms of carbon.",
        ),
        (
            "Turning a heap weekly halves the time it takes.",
            "Oxygen keeps the hot microbes working. "
            "A well-turned heap reaches 60 degrees Celsius within a few days.",
        ),
    ]
    source = write(tmp_path, "show.txt", page(ideas=ideas))
    notes = Build([source]).plan().notes
    deleted = f"/idea/{read_summary(source)[0].ideas[0].id}/"
    gone = [note.key for note in notes if deleted in note.key]
    assert [key.rsplit("/", 1)[1] for key in gone] == ["cloze", "fact-1"]
    package = tmp_path / "show.apkg"
    build(source, "-o", package)
    shutil.copy(package, tmp_path / "first.apkg")
    write(tmp_path, "show.txt", page(ideas=ideas[1:]))
    assert [note.key for note in Build([source]).plan().notes] == [
        note.key for note in notes if deleted not in note.key
    ]
    result = build(source, "-o", package)
    kept = len(notes) - len(gone)
    assert (
        f"Notes against the last build: 0 new, 0 updated, {kept} unchanged, {len(gone)} removed"
        in result.output
    )

    # Studied in Anki, the notes of the item with the same opening words keep their reviews.
    neighbour = f"/idea/{read_summary(source)[0].ideas[0].id}/"
    assert neighbour != deleted and neighbour.split("/")[2][:-8] == deleted.split("/")[2][:-8]
    its_notes = [guid_for(note.key) for note in notes if neighbour in note.key]
    assert len(its_notes) == len(gone)
    before, after, studied, still, log = import_one_after_the_other(
        tmp_path, tmp_path / "first.apkg", package, studied=its_notes
    )
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert after == before
    assert still == studied


def carried_across(old: dict[str, Entry], new: dict[str, Entry]) -> tuple[set[str], set[str], set[str]]:
    """The GUIDs of the notes a build continued from a record of the last release, added and removed.

    That release made two notes an item: an idea's Q&A and cloze, a quote's who-said-it and
    complete-it. The card stage makes an idea's Q&A only from a hand-written question and a quote's
    two only where they teach something, and adds a fact note of an explanation's figure: every
    note it still makes continues the old one, under its GUID and note id; the ones it no longer
    makes are removed.
    """
    continuing, added, removed = new.keys() & old.keys(), new.keys() - old.keys(), old.keys() - new.keys()
    for guid in continuing:
        # The same card of the same item, under its note id; its key holds the new ids.
        assert (new[guid].note_id, card_of(new[guid])) == (old[guid].note_id, card_of(old[guid]))
        assert new[guid].key != old[guid].key
    # Only the fact notes are new, with note ids of their own.
    assert added and {card_kind(new[guid].kind, new[guid].key) for guid in added} == {"fact"}
    assert min(new[guid].note_id for guid in added) > max(entry.note_id for entry in old.values())
    # No idea of these pages has a hand-written question: the old Q&A notes of ideas are all removed.
    assert {guid for guid, entry in old.items() if card_of(entry)[::3] == ("idea", "qa")} <= removed
    # A card made by both releases is one note: nothing is removed and made again under a new GUID.
    made = {card_of(entry) for entry in new.values()}
    assert made & {card_of(entry) for entry in old.values()} == {card_of(new[guid]) for guid in continuing}
    assert not made & {card_of(old[guid]) for guid in removed}
    return continuing, added, removed


def assert_reviews_carry_across(tmp_path, old_package, package, continuing, added, removed):
    """Imported over the old deck in Anki, the new one adds its new notes, updates the others in
    place (no copy of any) and keeps every review of them."""
    before, after, studied, still, log = import_one_after_the_other(
        tmp_path, old_package, package, studied=sorted(continuing)
    )
    assert before.keys() == continuing | removed
    # Each note that continues shows the new card stage (its tags name the new summary id at least).
    assert (len(log.new), len(log.updated)) == (len(added), len(continuing))
    assert after.keys() == before.keys() | added and len(after) == len(before) + len(added)
    assert still == studied
    # The notes no longer made stay as the learner had them: Anki never deletes on import.
    assert {guid: after[guid] for guid in removed} == {guid: before[guid] for guid in removed}


def test_a_deck_built_by_the_last_release_carries_across(tmp_path):
    # The fixture's package and record were built by the last release: other summary and item ids.
    for name in (*LEGACY_PAGES, "catalogue.apkg", "catalogue.lock.yaml"):
        shutil.copy(LEGACY / name, tmp_path / name)
    package = tmp_path / "catalogue.apkg"
    sources = [tmp_path / name for name in LEGACY_PAGES]
    old = {entry.guid: entry for entry in read_record(record_path(package)).entries}
    assert len(old) == 2 * 20  # twenty items, two notes each
    shutil.copy(package, tmp_path / "old.apkg")
    result = build(*sources, "-o", package, "--deck", "Podcasts")

    record = read_record(record_path(package)).entries
    assert [entry.key for entry in record] == [note.key for note in Build(sources).plan().notes]
    new = {entry.guid: entry for entry in record}
    continuing, added, removed = carried_across(old, new)
    report = counts(result.output.splitlines()[-1])
    assert (report["new"], report["removed"]) == (len(added), len(removed))
    assert report["updated"] + report["unchanged"] == len(continuing)

    assert_reviews_carry_across(tmp_path, tmp_path / "old.apkg", package, continuing, added, removed)
    # A second rebuild finds every note by its GUID: nothing left to carry.
    assert (
        f"0 new, 0 updated, {len(new)} unchanged, 0 removed"
        in build(*sources, "-o", package, "--deck", "Podcasts").output
    )


def test_the_shared_deck_carried_across_kept_every_guid_and_note_id(tmp_path):
    # The shared deck and record as the last release committed them, and as they are now.
    old = read_record(LEGACY / "shared" / "lex-fridman-459.lock.yaml").entries
    now = read_record(ROOT / "decks" / "lex-fridman-459.lock.yaml").entries
    continuing, added, removed = carried_across(
        {entry.guid: entry for entry in old}, {entry.guid: entry for entry in now}
    )
    # The notes that continue keep their order too.
    assert [entry.guid for entry in now if entry.guid in continuing] == [
        entry.guid for entry in old if entry.guid in continuing
    ]
    # And a rebuild from the old record says so: every note it continues updated (its tags name the
    # new summary id), the fact notes new, the notes no longer made removed.
    shutil.copy(LEGACY / "shared" / "lex-fridman-459.lock.yaml", tmp_path / "shared.lock.yaml")
    result = build(SEED, "-o", tmp_path / "shared.apkg")
    assert result.output.splitlines()[-1] == (
        f"Notes against the last build: {len(added)} new, {len(continuing)} updated, "
        f"0 unchanged, {len(removed)} removed"
    )
    rebuilt = read_record(tmp_path / "shared.lock.yaml").entries
    assert [entry.guid for entry in rebuilt] == [entry.guid for entry in now]
    assert [(entry.guid, entry.note_id) for entry in rebuilt if entry.guid in continuing] == [
        (entry.guid, entry.note_id) for entry in now if entry.guid in continuing
    ]
    assert_reviews_carry_across(
        tmp_path,
        LEGACY / "shared" / "lex-fridman-459.apkg",
        tmp_path / "shared.apkg",
        continuing,
        added,
        removed,
    )


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
    assert len(old) == note_count(source)
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("AI Megaclusters", "AI Mega-Clusters").replace("Every company", "Every lab")
    )
    result = build(source, "-o", package)
    # Every note shows the corrected title (and its tags the new summary id): updated, none new.
    assert (
        result.output.splitlines()[-1]
        == f"Notes against the last build: 0 new, {len(old)} updated, 0 unchanged, 0 removed"
    )
    assert [entry.guid for entry in read_record(record_path(package)).entries] == [
        entry.guid for entry in old
    ]
    # Another show in its place shares no item: its notes are new, the old ones removed.
    write(tmp_path, "show.txt", GARDEN)
    result = build(source, "-o", package, "--force")
    assert counts(result.output.splitlines()[-1]) == {
        "new": note_count(source),
        "updated": 0,
        "unchanged": 0,
        "removed": len(old),
    }


def test_every_note_carries_the_item_and_card_its_key_is_made_from(tmp_path):
    """The record, the checks and the preview read a note's item reference, never its key: the
    two must name the same summary, item and card, and the position must be the item's own, also
    for a quote the page repeats word for word."""
    repeated = ("Never trust a number you cannot explain to a colleague.", "— Ada Byrne")
    twice = tmp_path / "twice.txt"
    twice.write_text(page(ideas=[("Soil feeds plants.", "Roots eat.")], quotes=[repeated, repeated]))
    plan = Build([SEED, twice], parent="Test").plan()
    summaries = {summary.id: summary for summary in plan.summaries}
    for note in plan.notes:
        ref = note.item
        summary = summaries[ref.summary]
        item = (summary.ideas if ref.kind == "idea" else summary.quotes)[ref.position - 1]
        assert (item.id, ref.text) == (ref.item, item.headline if ref.kind == "idea" else item.text)
        assert note.key == f"{ref.summary}/{ref.kind}/{ref.item}/{ref.part}"
        assert f"card-{ref.card}" in note.tags and card_kind(ref.kind, note.key) == ref.card
    quotes = [note.item.position for note in plan.notes if note.item.summary != plan.summaries[0].id]
    assert sorted(set(quotes) - {1}) == [2]
