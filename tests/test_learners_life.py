"""A learner's life with one collection: study, tag, rebuild after the summary changed, rebuild again.

Everything is checked with Anki's own backend: what the import log says, what the
notes and cards hold afterwards, and that the review history survives.
"""

from __future__ import annotations

from anki.collection import Collection
from ankicheck import import_package, read_notes
from click.testing import CliRunner
from conftest import SEED

from flashcards.cli import cli

# What the summary's second version changes: one idea's explanation, and the wording
# of one quote (within its first words, so its id in the source changes too).
OLD_EXPLANATION = "Rather than activating all parameters"
NEW_EXPLANATION = "Instead of activating every parameter"
OLD_QUOTE = "Every company that’s trying to push the frontier"
NEW_QUOTE = "Every lab that’s trying to push the frontier"

# 2025-01-01: version 1 was built in the past, version 2 is built now.
V1_TIME = "1735689600"


def build(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli, ["build", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def note_with(collection: Collection, text: str):
    """The one note whose fields contain text."""
    found = [
        collection.get_note(note_id)
        for note_id in collection.find_notes("")
        if text in "\x1f".join(collection.get_note(note_id).fields)
    ]
    assert len(found) == 1, (text, len(found))
    return found[0]


def snapshot(collection: Collection):
    """Everything an import could change about notes, cards and review history."""
    notes = collection.db.all("select id, guid, mid, mod, tags, flds from notes order by id")
    cards = collection.db.all(
        "select id, nid, did, ord, mod, type, queue, due, ivl, factor, reps, lapses from cards order by id"
    )
    revlog = collection.db.all("select id, cid, ease, ivl, type from revlog order by id")
    return notes, cards, revlog


def test_rebuilds_update_only_what_changed_and_keep_the_learners_work(tmp_path):
    source = tmp_path / "summary.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    package = tmp_path / "decks" / "summary.apkg"
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        # 1. Build version 1, import it, study two cards, tag a third note.
        build(str(source), "-o", str(package), env={"SOURCE_DATE_EPOCH": V1_TIME})
        log = import_package(collection, package)
        assert (len(log.new), len(log.updated)) == (10, 0)
        assert collection.note_count() == 10

        studied_idea = note_with(collection, OLD_EXPLANATION)
        studied_quote = note_with(collection, "Open weights means")
        studied_cards = [studied_idea.cards()[0], studied_quote.cards()[0]]
        for card in studied_cards:
            card.start_timer()  # as the reviewer does when it shows the card
            collection.sched.answerCard(card, 3)
        tagged = note_with(collection, "inference economics")
        tagged.add_tag("my-own-tag")
        collection.update_note(tagged)
        reworded_guid = note_with(collection, OLD_QUOTE).guid
        history = collection.db.all("select id, cid, ease from revlog order by id")
        assert sorted(cid for _, cid, _ in history) == sorted(card.id for card in studied_cards)
        scheduling = {card.id: (card.type, card.queue, card.due, card.ivl) for card in studied_cards}
        before_v2 = by_guid(snapshot(collection)[0])
        cards_before_v2 = snapshot(collection)[1]

        # 2. The summary changes: one explanation, one quote reworded. Rebuild and import.
        text = source.read_text(encoding="utf-8")
        assert OLD_EXPLANATION in text and OLD_QUOTE in text
        source.write_text(text.replace(OLD_EXPLANATION, NEW_EXPLANATION).replace(OLD_QUOTE, NEW_QUOTE))
        result = build(str(source), "-o", str(package))
        assert result.output == (
            f"{package}: 10 notes, 10 cards from 5 ideas and 5 quotes\n"
            "Notes against the last build: 0 new, 2 updated, 8 unchanged, 0 removed\n"
        )
        log = import_package(collection, package)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 2, 8)
        assert collection.note_count() == 10

        updated_idea = note_with(collection, NEW_EXPLANATION)
        updated_quote = note_with(collection, NEW_QUOTE)
        assert updated_idea.id == studied_idea.id
        assert updated_quote.guid == reworded_guid
        assert not any(OLD_QUOTE in field for field in updated_quote.fields)
        after_v2 = by_guid(snapshot(collection)[0])
        untouched = set(before_v2) - {updated_idea.guid, updated_quote.guid}
        assert len(untouched) == 8
        for guid in untouched:
            assert after_v2[guid] == before_v2[guid]
        assert snapshot(collection)[1] == cards_before_v2, "an update must leave every card as it was"
        assert "my-own-tag" in collection.get_note(tagged.id).tags
        assert collection.db.all("select id, cid, ease from revlog order by id") == history
        for card_id, state in scheduling.items():
            card = collection.get_card(card_id)
            assert (card.type, card.queue, card.due, card.ivl) == state

        # 3. Rebuild without changes: the same bytes, and importing them changes nothing.
        version_2 = package.read_bytes()
        result = build(str(source), "-o", str(package))
        assert result.output == (
            f"{package}: 10 notes, 10 cards from 5 ideas and 5 quotes\n"
            "Notes against the last build: 0 new, 0 updated, 10 unchanged, 0 removed\n"
        )
        assert package.read_bytes() == version_2
        before_v3 = snapshot(collection)
        log = import_package(collection, package)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 10)
        assert snapshot(collection) == before_v3
        assert len(read_notes(collection)) == 10
    finally:
        collection.close()


def by_guid(notes):
    return {row[1]: row for row in notes}
