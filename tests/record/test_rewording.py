"""The rewording rule: a reworded item keeps its GUID wherever it now stands; anything else is new."""

from __future__ import annotations

from dataclasses import replace

from builds import reconcile
from helpers import SEED
from pages import page

from flashcards.cards.notes import guid_for, write_notes
from flashcards.models import NOTE_ID_STEP, HandEdits, note_key
from flashcards.record.entries import Record
from flashcards.record.matching import SIMILARITY_THRESHOLD, similarity
from flashcards.record.report import NEW, REMOVED, UNCHANGED, UPDATED
from flashcards.sources.page import read_summary

QUOTE = "Every company that’s trying to push the frontier of AI has failed runs."
SLIGHTLY = "Every lab that’s trying to push the frontier of AI has failed runs."
ELSEWHERE = "Compute is the currency of the next decade, and everyone is short of it."
OTHER = "Turning a heap weekly halves the time it takes to finish, says the RHS."
V1_TIME = 1735689600
V2_TIME = V1_TIME + 86400
# The sample's third quote has two notes, who said it and complete it (by a cloze written by hand,
# as in an edited YAML file: summary_of); reworded within its first words, its id in the source
# changes too.
THIRD = 2
HAND_WRITTEN_HIDE = "AGI"
REWORDING = ("If you think AGI", "If you believe AGI")
# The fourth idea has two notes, its cloze and a fact of its explanation (from the sentence this
# edit rewords, so both show the change; the figure stays).
FOURTH = 3
EXPLAINING = ("Patel and Lambert argue", "Patel and Lambert contend")


def summary_of(tmp_path, text: str, name: str = "v.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    summary, _ = read_summary(path)
    quotes = tuple(
        replace(quote, edits=HandEdits(hide=HAND_WRITTEN_HIDE)) if HAND_WRITTEN_HIDE in quote.text else quote
        for quote in summary.quotes
    )
    return replace(summary, quotes=quotes)


def build(summary, record: Record, now: int):
    return reconcile(write_notes(summary, "Deck"), [summary], record, now)


def changes(update) -> list[tuple[str, str, int, bool]]:
    return [(c.change, c.kind, c.position, c.reworded) for c in update.report.changes]


def changes_of(update, change: str) -> list:
    return [c for c in update.report.changes if c.change == change]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def reworded_text() -> str:
    assert REWORDING[0] in seed_text()
    return seed_text().replace(*REWORDING)


def card_parts(notes) -> list[str]:
    """The last part of each note's key: the card kind ("qa", "cloze", "fact-1")."""
    return [note.key.rsplit("/", 1)[1] for note in notes]


def notes_of(notes, summary, kind: str, index: int) -> slice:
    """Where the notes of one item (the index-th idea or quote of summary) sit: side by side."""
    items = summary.ideas if kind == "idea" else summary.quotes
    prefix = note_key(summary.id, kind, items[index].id, "")
    where = [number for number, note in enumerate(notes) if note.key.startswith(prefix)]
    assert where == list(range(where[0], where[-1] + 1)), where
    return slice(where[0], where[-1] + 1)


def test_the_threshold_separates_a_rewording_from_another_sentence():
    assert similarity(QUOTE, SLIGHTLY) >= SIMILARITY_THRESHOLD
    assert similarity(QUOTE, ELSEWHERE) < SIMILARITY_THRESHOLD


def test_a_slightly_reworded_quote_keeps_its_guid_and_updates(tmp_path):
    first = build(summary_of(tmp_path, seed_text()), Record(), V1_TIME)
    v2 = summary_of(tmp_path, reworded_text())
    second = build(v2, first.record, V2_TIME)
    quote = notes_of(second.notes, v2, "quote", THIRD)

    assert [note.guid for note in second.notes] == [note.guid for note in first.notes]
    # Both notes of the quote (who said it, complete it) carry its text: both are updated.
    assert changes(second)[quote] == [(UPDATED, "quote", 3, True)] * 2
    assert [c.change for c in second.report.changes].count(UNCHANGED) == len(second.notes) - 2
    for moved in second.notes[quote]:
        assert moved.guid != guid_for(moved.key), "the new key alone would make a new note"
        assert second.stamps[moved.guid].note_id == first.stamps[moved.guid].note_id
        assert second.stamps[moved.guid].modified == V2_TIME

    # The record now ties the new key to the old GUID: the next build needs no guessing.
    third = build(v2, second.record, V2_TIME + 60)
    assert [note.guid for note in third.notes] == [note.guid for note in first.notes]
    assert {c.change for c in third.report.changes} == {UNCHANGED}
    assert third.record == second.record


def test_a_different_sentence_at_the_same_place_is_new(tmp_path):
    v1 = summary_of(tmp_path, seed_text())
    first = build(v1, Record(), V1_TIME)
    v2 = summary_of(tmp_path, seed_text().replace(v1.quotes[THIRD].text, ELSEWHERE))
    second = build(v2, first.record, V2_TIME)
    old, new = notes_of(first.notes, v1, "quote", THIRD), notes_of(second.notes, v2, "quote", THIRD)

    assert changes(second)[new] == [(NEW, "quote", 3, False)] * len(second.notes[new])
    assert changes(second)[-2:] == [(REMOVED, "quote", 3, False)] * 2
    assert len(first.notes[old]) == 2
    for note in second.notes[new]:
        assert note.guid not in {old_note.guid for old_note in first.notes[old]}
        assert second.stamps[note.guid].note_id > max(e.note_id for e in first.record.entries)


def test_a_reworded_quote_that_also_moved_keeps_its_guid(tmp_path):
    # Positions do not count: the quote is matched by its text, wherever it now stands. The third
    # quote (both its cards) is reworded and swapped with the fourth.
    v1 = summary_of(tmp_path, seed_text())
    first = build(v1, Record(), V1_TIME)
    third, fourth = v1.quotes[THIRD], v1.quotes[THIRD + 1]
    text = reworded_text()
    third_block = f"{third.text.replace(*REWORDING)}\n— {third.speaker}\n"
    fourth_block = f"{fourth.text}\n— {fourth.speaker}\n"
    assert third_block + fourth_block in text
    v2 = summary_of(tmp_path, text.replace(third_block + fourth_block, fourth_block + third_block))
    second = build(v2, first.record, V2_TIME)
    moved_up, was_up = (
        notes_of(second.notes, v2, "quote", THIRD),
        notes_of(first.notes, v1, "quote", THIRD + 1),
    )
    moved_down, was_down = (
        notes_of(second.notes, v2, "quote", THIRD + 1),
        notes_of(first.notes, v1, "quote", THIRD),
    )
    assert card_parts(first.notes[was_down]) == ["qa", "cloze"]

    # The fourth quote, now third, is the same text: the same notes, unchanged.
    assert card_parts(second.notes[moved_up]) == card_parts(first.notes[was_up])
    assert changes(second)[moved_up] == [(UNCHANGED, "quote", 3, False)] * len(first.notes[was_up])
    assert [n.guid for n in second.notes[moved_up]] == [n.guid for n in first.notes[was_up]]
    # The reworded third, now fourth: each of its cards takes the GUID of its own old card.
    assert card_parts(second.notes[moved_down]) == card_parts(first.notes[was_down])
    assert changes(second)[moved_down] == [(UPDATED, "quote", 4, True)] * len(first.notes[was_down])
    assert [n.guid for n in second.notes[moved_down]] == [n.guid for n in first.notes[was_down]]
    for note in second.notes[moved_down]:
        assert note.guid != guid_for(note.key), "the new key alone would make a new note"
        assert second.stamps[note.guid].note_id == first.stamps[note.guid].note_id
    assert sorted(note.guid for note in second.notes) == sorted(note.guid for note in first.notes)
    assert REMOVED not in {c.change for c in second.report.changes}


def test_a_rewritten_headline_with_the_same_id_keeps_its_guid(tmp_path):
    # An editable YAML file keeps an item's id however its text changes: same key, same GUID.
    summary = summary_of(tmp_path, seed_text())
    first = build(summary, Record(), V1_TIME)
    idea = replace(summary.ideas[FOURTH], headline="Something else entirely, about Mistral's cheap models.")
    ideas = (*summary.ideas[:FOURTH], idea, *summary.ideas[FOURTH + 1 :])
    second = build(replace(summary, ideas=ideas), first.record, V2_TIME)
    # The idea's cloze changes; its fact card, whose cue beside the cloze is the show's alone,
    # does not. Both keep their GUIDs.
    before, after = (
        notes_of(first.notes, summary, "idea", FOURTH),
        notes_of(second.notes, summary, "idea", FOURTH),
    )
    assert [note.guid for note in second.notes[after]] == [note.guid for note in first.notes[before]]
    assert changes(second)[after] == [(UPDATED, "idea", 4, False), (UNCHANGED, "idea", 4, False)]


def test_each_card_kind_of_a_reworded_item_keeps_its_own_guid(tmp_path):
    # The notes of one item share the item part of their key and differ in the last part;
    # built in another order, each must still take over the GUID of its own card kind.
    v1 = summary_of(tmp_path, seed_text())
    first = build(v1, Record(), V1_TIME)
    v2 = summary_of(tmp_path, reworded_text())
    notes = write_notes(v2, "Deck")
    assert [note.key.rsplit("/", 1)[1] for note in notes[notes_of(notes, v2, "quote", THIRD)]] == [
        "qa",
        "cloze",
    ]
    cloze_first = sorted(notes, key=lambda note: not note.key.endswith("/cloze"))
    assert cloze_first != notes
    second = reconcile(cloze_first, [v2], first.record, V2_TIME)
    card_kind = {note.guid: note.key.rsplit("/", 1)[1] for note in first.notes}
    assert sorted(note.guid for note in second.notes) == sorted(card_kind)
    assert all(card_kind[note.guid] == note.key.rsplit("/", 1)[1] for note in second.notes)
    assert [c.change for c in second.report.changes].count(UPDATED) == 2
    assert sum(c.reworded for c in second.report.changes) == 2


def test_times_and_ids_follow_the_content(tmp_path):
    summary = summary_of(tmp_path, seed_text())
    first = build(summary, Record(), V1_TIME)
    assert {stamp.modified for stamp in first.stamps.values()} == {V1_TIME}
    ids = sorted(stamp.note_id for stamp in first.stamps.values())
    count = len(first.notes)
    assert ids == list(range(V1_TIME * 1000, V1_TIME * 1000 + count * NOTE_ID_STEP, NOTE_ID_STEP))

    # A pinned build time (SOURCE_DATE_EPOCH) must still move a changed note forward.
    idea = replace(summary.ideas[FOURTH], explanation=summary.ideas[FOURTH].explanation.replace(*EXPLAINING))
    assert idea != summary.ideas[FOURTH]
    ideas = (*summary.ideas[:FOURTH], idea, *summary.ideas[FOURTH + 1 :])
    second = build(replace(summary, ideas=ideas), first.record, V1_TIME)
    # Both notes of the idea show the edited sentence (on the cloze's back, on the fact's front).
    where = notes_of(second.notes, summary, "idea", FOURTH)
    assert where.stop - where.start == 2
    expected = [UNCHANGED] * where.start + [UPDATED] * 2 + [UNCHANGED] * (count - where.stop)
    assert [c.change for c in second.report.changes] == expected
    changed = second.notes[where]
    assert {second.stamps[n.guid].modified for n in changed} == {V1_TIME + 1}
    assert {second.stamps[n.guid].modified for n in second.notes if n not in changed} == {V1_TIME}
    assert all(second.stamps[g].note_id == first.stamps[g].note_id for g in first.stamps)
    assert NEW not in {c.change for c in second.report.changes}


def test_only_the_notes_that_show_a_change_are_updated(tmp_path):
    # A hand-written answer shows on the Q&A and who-said-it cards only: the item's cloze
    # notes show nothing of it, so they keep their time and the learner's edits on them.
    # (The first idea keeps its cloze beside its question by a `hide` of its own, as in an
    # extracted YAML file.)
    summary = summary_of(tmp_path, seed_text())
    idea = replace(
        summary.ideas[0],
        edits=HandEdits(question="What did DeepSeek prove?", answer="Cheap reasoning", hide="DeepSeek"),
    )
    quote = replace(
        summary.quotes[THIRD],
        edits=HandEdits(question="Who said this?", answer="Dylan Patel", hide=HAND_WRITTEN_HIDE),
    )
    summary = replace(
        summary,
        ideas=(idea, *summary.ideas[1:]),
        quotes=(*summary.quotes[:THIRD], quote, *summary.quotes[THIRD + 1 :]),
    )
    first = build(summary, Record(), V1_TIME)
    idea = replace(idea, edits=replace(idea.edits, answer="Ultra-cheap reasoning"))
    quote = replace(quote, edits=replace(quote.edits, answer="Dylan Patel, who analyses chips"))
    edited = replace(
        summary,
        ideas=(idea, *summary.ideas[1:]),
        quotes=(*summary.quotes[:THIRD], quote, *summary.quotes[THIRD + 1 :]),
    )
    second = build(edited, first.record, V2_TIME)

    kinds = [(c.kind, c.position, c.card) for c in second.report.changes]
    assert ("idea", 1, "cloze") in kinds and ("quote", 3, "complete") in kinds
    updated = [(c.kind, c.position, c.card) for c in second.report.changes if c.change == UPDATED]
    assert updated == [("idea", 1, "qa"), ("quote", 3, "who")]
    assert [c.change for c in second.report.changes].count(UNCHANGED) == len(second.notes) - 2
    assert [note.guid for note in second.notes] == [note.guid for note in first.notes]
    # The idea's Q&A note and the quote's who-said-it note (its key ends with "qa" too), by their keys.
    by_key = {note.key: note.guid for note in second.notes}
    answered = {
        by_key[note_key(edited.id, "idea", idea.id, "qa")],
        by_key[note_key(edited.id, "quote", quote.id, "qa")],
    }
    for note in second.notes:
        assert second.stamps[note.guid].modified == (V2_TIME if note.guid in answered else V1_TIME)


SHARED = "Compost feeds the fungi called mycorrhizae that feed your plants"
FIRST = f"{SHARED} over many seasons."
SECOND = f"{SHARED} and also locks carbon away."


# The explanation states a figure and each headline a named term: each idea makes two notes, its
# cloze and a fact (fact-1).
MEASURE = "Trials across forty allotments in Kent found yields rose by 12% in the first year."
EACH = ["cloze", "fact-1"]


def shared_prefix_page(ideas) -> str:
    return page(ideas=[(headline, f"Why it matters: {headline.lower()} {MEASURE}") for headline in ideas])


def shared_prefix_build(tmp_path, ideas, record: Record, now: int):
    """The summary of a page of these ideas, and its build against record."""
    summary = summary_of(tmp_path, shared_prefix_page(ideas))
    update = build(summary, record, now)
    assert card_parts(update.notes) == EACH * len(ideas)
    return summary, update


def test_deleting_an_item_never_hands_its_guid_to_one_with_the_same_opening_words(tmp_path):
    v1, first = shared_prefix_build(tmp_path, [FIRST, SECOND, OTHER], Record(), V1_TIME)
    _, second = shared_prefix_build(tmp_path, [SECOND, OTHER], first.record, V2_TIME)
    deleted = notes_of(first.notes, v1, "idea", 0)

    kept = [note for note in first.notes if note not in first.notes[deleted]]
    assert [note.guid for note in second.notes] == [note.guid for note in kept]
    kept_items = [(UNCHANGED, "idea", 1, False)] * len(EACH) + [(UNCHANGED, "idea", 2, False)] * len(EACH)
    assert changes(second) == kept_items + [(REMOVED, "idea", 1, False)] * len(first.notes[deleted])


def test_a_reworded_item_takes_its_own_old_note_not_a_deleted_neighbours(tmp_path):
    # The second item, reworded, is 75 % like the deleted first one too, and now stands where it stood.
    reworded = f"{SHARED} and also lock carbon away."
    assert similarity(FIRST, reworded) >= SIMILARITY_THRESHOLD
    v1, first = shared_prefix_build(tmp_path, [FIRST, SECOND, OTHER], Record(), V1_TIME)
    v2, second = shared_prefix_build(tmp_path, [reworded, OTHER], first.record, V2_TIME)
    deleted, now = notes_of(first.notes, v1, "idea", 0), notes_of(second.notes, v2, "idea", 0)

    kept = [note for note in first.notes if note not in first.notes[deleted]]
    assert [note.guid for note in second.notes] == [note.guid for note in kept]
    assert changes(second)[now] == [(UPDATED, "idea", 1, True)] * len(EACH)
    assert changes(second)[len(second.notes) :] == [(REMOVED, "idea", 1, False)] * len(first.notes[deleted])
    assert {c.text for c in changes_of(second, REMOVED)} == {FIRST}


def test_a_rewording_as_like_two_old_items_is_new(tmp_path):
    # Both old items are gone and the new one is as like either: no guess, a new note.
    left, right = f"{SHARED} in spring.", f"{SHARED} in autumn."
    middle = f"{SHARED} in summer."
    assert min(similarity(left, middle), similarity(right, middle)) >= SIMILARITY_THRESHOLD
    v1, first = shared_prefix_build(tmp_path, [left, right, OTHER], Record(), V1_TIME)
    v2, second = shared_prefix_build(tmp_path, [middle, OTHER], first.record, V2_TIME)
    new = notes_of(second.notes, v2, "idea", 0)
    gone = [
        *first.notes[notes_of(first.notes, v1, "idea", 0)],
        *first.notes[notes_of(first.notes, v1, "idea", 1)],
    ]

    assert changes(second)[new] == [(NEW, "idea", 1, False)] * len(EACH)
    assert not set(note.guid for note in second.notes[new]) & set(note.guid for note in first.notes)
    assert [c.change for c in second.report.changes].count(REMOVED) == len(gone)
    assert {c.text for c in changes_of(second, REMOVED)} == {left, right}
