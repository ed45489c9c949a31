"""The rewording rule: a reworded item at the same place keeps its GUID; anything else is new."""

from __future__ import annotations

from dataclasses import replace

from conftest import SEED
from pages import page

from flashcards.cards import guid_for, write_notes
from flashcards.lock import (
    NEW,
    NOTE_ID_STEP,
    REMOVED,
    SIMILARITY_THRESHOLD,
    UNCHANGED,
    UPDATED,
    Record,
    reconcile,
    similarity,
)
from flashcards.parse import read_summary

QUOTE = "Every company that’s trying to push the frontier of AI has failed runs."
SLIGHTLY = "Every lab that’s trying to push the frontier of AI has failed runs."
ELSEWHERE = "Compute is the currency of the next decade, and everyone is short of it."
OTHER = "Turning a heap weekly halves the time it takes to finish."
V1_TIME = 1735689600
V2_TIME = V1_TIME + 86400
# The sample's notes in order: per idea its Q&A and cloze note, then per quote its who and complete note.
QUOTE_2 = slice(12, 14)


def summary_of(tmp_path, text: str, name: str = "v.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    summary, _ = read_summary(path)
    return summary


def build(summary, record: Record, now: int):
    return reconcile(write_notes(summary, "Deck"), [summary], record, now)


def changes(update) -> list[tuple[str, str, int, bool]]:
    return [(c.change, c.kind, c.position, c.reworded) for c in update.report.changes]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_the_threshold_separates_a_rewording_from_another_sentence():
    assert similarity(QUOTE, SLIGHTLY) >= SIMILARITY_THRESHOLD
    assert similarity(QUOTE, ELSEWHERE) < SIMILARITY_THRESHOLD


def test_a_slightly_reworded_quote_keeps_its_guid_and_updates(tmp_path):
    first = build(summary_of(tmp_path, seed_text()), Record(), V1_TIME)
    v2 = summary_of(tmp_path, seed_text().replace("Every company", "Every lab"))
    second = build(v2, first.record, V2_TIME)

    assert [note.guid for note in second.notes] == [note.guid for note in first.notes]
    # Both notes of the quote (who said it, complete it) carry its text: both are updated.
    assert changes(second)[QUOTE_2] == [(UPDATED, "quote", 2, True)] * 2
    assert [c.change for c in second.report.changes].count(UNCHANGED) == 18
    for moved in second.notes[QUOTE_2]:
        assert moved.guid != guid_for(moved.key), "the new key alone would make a new note"
        assert second.stamps[moved.guid].note_id == first.stamps[moved.guid].note_id
        assert second.stamps[moved.guid].modified == V2_TIME

    # The record now ties the new key to the old GUID: the next build needs no guessing.
    third = build(v2, second.record, V2_TIME + 60)
    assert [note.guid for note in third.notes] == [note.guid for note in first.notes]
    assert {c.change for c in third.report.changes} == {UNCHANGED}
    assert third.record == second.record


def test_a_different_sentence_at_the_same_place_is_new(tmp_path):
    first = build(summary_of(tmp_path, seed_text()), Record(), V1_TIME)
    old_quote = first.record.entries[12].text
    v2 = summary_of(tmp_path, seed_text().replace(old_quote, ELSEWHERE))
    second = build(v2, first.record, V2_TIME)

    assert changes(second)[QUOTE_2] == [(NEW, "quote", 2, False)] * 2
    assert changes(second)[-2:] == [(REMOVED, "quote", 2, False)] * 2
    for old, new in zip(first.notes[QUOTE_2], second.notes[QUOTE_2], strict=True):
        assert new.guid != old.guid
        assert second.stamps[new.guid].note_id > max(e.note_id for e in first.record.entries)


def test_a_reworded_quote_that_also_moved_keeps_its_guid(tmp_path):
    # Positions do not count: the quote is matched by its text, wherever it now stands.
    first = build(summary_of(tmp_path, seed_text()), Record(), V1_TIME)
    quotes = first.record.entries[10::2]
    text = seed_text().replace("Every company", "Every lab")
    second_block = f"{quotes[1].text.replace('Every company', 'Every lab')}\n— Nathan Lambert\n"
    third_block = f"{quotes[2].text}\n— Dylan Patel\n"
    assert second_block + third_block in text
    v2 = summary_of(tmp_path, text.replace(second_block + third_block, third_block + second_block))
    second = build(v2, first.record, V2_TIME)

    assert changes(second)[QUOTE_2] == [(UNCHANGED, "quote", 2, False)] * 2
    assert changes(second)[14:16] == [(UPDATED, "quote", 3, True)] * 2
    assert sorted(note.guid for note in second.notes) == sorted(note.guid for note in first.notes)
    assert second.notes[14].guid == first.notes[12].guid
    assert REMOVED not in {c.change for c in second.report.changes}


def test_a_rewritten_headline_with_the_same_id_keeps_its_guid(tmp_path):
    # An editable YAML file keeps an item's id however its text changes: same key, same GUID.
    summary = summary_of(tmp_path, seed_text())
    first = build(summary, Record(), V1_TIME)
    idea = replace(summary.ideas[0], headline="Something else entirely, about cheap models.")
    second = build(replace(summary, ideas=(idea, *summary.ideas[1:])), first.record, V2_TIME)
    assert [note.guid for note in second.notes[:2]] == [note.guid for note in first.notes[:2]]
    assert changes(second)[:2] == [(UPDATED, "idea", 1, False)] * 2


def test_each_card_kind_of_a_reworded_item_keeps_its_own_guid(tmp_path):
    # The notes of one item share the item part of their key and differ in the last part;
    # built in another order, each must still take over the GUID of its own card kind.
    v1 = summary_of(tmp_path, seed_text())
    first = build(v1, Record(), V1_TIME)
    v2 = summary_of(tmp_path, seed_text().replace("Every company", "Every lab"))
    notes = write_notes(v2, "Deck")
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
    assert ids == list(range(V1_TIME * 1000, V1_TIME * 1000 + 20 * NOTE_ID_STEP, NOTE_ID_STEP))

    # A pinned build time (SOURCE_DATE_EPOCH) must still move a changed note forward.
    idea = replace(summary.ideas[1], explanation="A shorter explanation.")
    second = build(
        replace(summary, ideas=(summary.ideas[0], idea, *summary.ideas[2:])), first.record, V1_TIME
    )
    # Both notes of the idea show its explanation (on the Q&A back and as the cloze's extra).
    assert [c.change for c in second.report.changes] == [UNCHANGED] * 2 + [UPDATED] * 2 + [UNCHANGED] * 16
    changed = second.notes[2:4]
    assert {second.stamps[n.guid].modified for n in changed} == {V1_TIME + 1}
    assert {second.stamps[n.guid].modified for n in second.notes if n not in changed} == {V1_TIME}
    assert all(second.stamps[g].note_id == first.stamps[g].note_id for g in first.stamps)
    assert NEW not in {c.change for c in second.report.changes}


def test_only_the_notes_that_show_a_change_are_updated(tmp_path):
    # A hand-written answer shows on the Q&A and who-said-it cards only: the item's cloze
    # notes show nothing of it, so they keep their time and the learner's edits on them.
    summary = summary_of(tmp_path, seed_text())
    first = build(summary, Record(), V1_TIME)
    idea = replace(summary.ideas[0], answer="Ultra-cheap reasoning")
    quote = replace(summary.quotes[1], answer="Nathan Lambert, who trains open models")
    edited = replace(
        summary, ideas=(idea, *summary.ideas[1:]), quotes=(summary.quotes[0], quote, *summary.quotes[2:])
    )
    second = build(edited, first.record, V2_TIME)

    updated = [(c.kind, c.position, c.card) for c in second.report.changes if c.change == UPDATED]
    assert updated == [("idea", 1, "qa"), ("quote", 2, "who")]
    assert [c.change for c in second.report.changes].count(UNCHANGED) == 18
    assert [note.guid for note in second.notes] == [note.guid for note in first.notes]
    for note in second.notes:
        changed = note in (second.notes[0], second.notes[12])
        assert second.stamps[note.guid].modified == (V2_TIME if changed else V1_TIME)


SHARED = "Compost feeds the soil life that feeds your plants"
FIRST = f"{SHARED} over many seasons."
SECOND = f"{SHARED} and also locks carbon away."


def shared_prefix_page(ideas) -> str:
    return page(ideas=[(headline, f"Why it matters: {headline.lower()}") for headline in ideas])


def test_deleting_an_item_never_hands_its_guid_to_one_with_the_same_opening_words(tmp_path):
    first = build(summary_of(tmp_path, shared_prefix_page([FIRST, SECOND, OTHER])), Record(), V1_TIME)
    second = build(summary_of(tmp_path, shared_prefix_page([SECOND, OTHER])), first.record, V2_TIME)

    assert [note.guid for note in second.notes] == [note.guid for note in first.notes[2:]]
    assert (
        changes(second)
        == [(UNCHANGED, "idea", 1, False)] * 2
        + [(UNCHANGED, "idea", 2, False)] * 2
        + [(REMOVED, "idea", 1, False)] * 2
    )


def test_a_reworded_item_takes_its_own_old_note_not_a_deleted_neighbours(tmp_path):
    # The second item, reworded, is 75 % like the deleted first one too, and now stands where it stood.
    reworded = f"{SHARED} and also lock carbon away."
    assert similarity(FIRST, reworded) >= SIMILARITY_THRESHOLD
    first = build(summary_of(tmp_path, shared_prefix_page([FIRST, SECOND, OTHER])), Record(), V1_TIME)
    second = build(summary_of(tmp_path, shared_prefix_page([reworded, OTHER])), first.record, V2_TIME)

    assert [note.guid for note in second.notes] == [note.guid for note in first.notes[2:]]
    assert changes(second)[:2] == [(UPDATED, "idea", 1, True)] * 2
    assert changes(second)[-2:] == [(REMOVED, "idea", 1, False)] * 2


def test_a_rewording_as_like_two_old_items_is_new(tmp_path):
    # Both old items are gone and the new one is as like either: no guess, a new note.
    left, right = f"{SHARED} in spring.", f"{SHARED} in autumn."
    middle = f"{SHARED} in summer."
    assert min(similarity(left, middle), similarity(right, middle)) >= SIMILARITY_THRESHOLD
    first = build(summary_of(tmp_path, shared_prefix_page([left, right, OTHER])), Record(), V1_TIME)
    second = build(summary_of(tmp_path, shared_prefix_page([middle, OTHER])), first.record, V2_TIME)

    assert changes(second)[:2] == [(NEW, "idea", 1, False)] * 2
    assert not set(note.guid for note in second.notes[:2]) & set(note.guid for note in first.notes)
    assert [c.change for c in second.report.changes].count(REMOVED) == 4
