"""A learner's life with one collection: study, tag, rebuild after the summary changed, rebuild again.

Everything is checked with Anki's own backend: what the import log says, what the
notes and cards hold afterwards, and that the review history survives.
"""

from __future__ import annotations

from anki.collection import Collection
from ankicheck import import_package, read_notes
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli

# What the summary's second version changes: one idea's explanation, and the wording
# of one quote (within its first words, so its id in the source changes too). The idea has two
# notes, a cloze and a fact card (made from the sentence that changes); the quote has its
# who-said-it card.
OLD_EXPLANATION = "Patel and Lambert argue that"
NEW_EXPLANATION = "Patel and Lambert contend that"
OLD_QUOTE = "export controls probably guarantee China wins"
NEW_QUOTE = "export controls most likely guarantee China wins"

# 2025-01-01: version 1 was built in the past, version 2 is built now.
V1_TIME = "1735689600"


def build(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli, ["build", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def notes_with(collection: Collection, text: str) -> dict:
    """The notes whose fields contain text, by card kind (the card-<kind> tag every note has)."""
    found = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        if text in "\x1f".join(note.fields):
            (kind,) = [tag.removeprefix("card-") for tag in note.tags if tag.startswith("card-")]
            assert kind not in found, (text, kind)
            found[kind] = note
    return found


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
        count = collection.note_count()
        assert (len(log.new), len(log.updated)) == (count, 0)

        # The changing idea has a cloze and a fact note, the quote a who-said-it note.
        changing_idea = notes_with(collection, OLD_EXPLANATION)
        changing_quote = notes_with(collection, OLD_QUOTE)
        assert set(changing_idea) == {"cloze", "fact"} and set(changing_quote) == {"who"}
        studied_idea = changing_idea["cloze"]
        studied_quote = notes_with(collection, "Open weights means")["who"]
        studied_cards = [studied_idea.cards()[0], studied_quote.cards()[0]]
        for card in studied_cards:
            card.start_timer()  # as the reviewer does when it shows the card
            collection.sched.answerCard(card, 3)
        tagged = notes_with(collection, "inference economics")["cloze"]
        tagged.add_tag("my-own-tag")
        collection.update_note(tagged)
        changing = {("idea", kind): note for kind, note in changing_idea.items()}
        changing |= {("quote", kind): note for kind, note in changing_quote.items()}
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
        # Both notes of the changed idea carry its explanation, the quote's note its text.
        assert result.output == (
            f"{package}: {count} notes, {count} cards from 5 ideas and 5 quotes\n"
            f"Notes against the last build: 0 new, 3 updated, {count - 3} unchanged, 0 removed\n"
        )
        log = import_package(collection, package)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 3, count - 3)
        assert collection.note_count() == count

        updated = {("idea", kind): note for kind, note in notes_with(collection, NEW_EXPLANATION).items()}
        updated |= {("quote", kind): note for kind, note in notes_with(collection, NEW_QUOTE).items()}
        assert set(updated) == set(changing)
        for which, note in updated.items():
            assert (note.id, note.guid) == (changing[which].id, changing[which].guid), which
            assert not any(OLD_EXPLANATION in field or OLD_QUOTE in field for field in note.fields)
        assert notes_with(collection, OLD_EXPLANATION) == {} and notes_with(collection, OLD_QUOTE) == {}
        after_v2 = by_guid(snapshot(collection)[0])
        untouched = set(before_v2) - {note.guid for note in updated.values()}
        assert len(untouched) == count - 3
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
            f"{package}: {count} notes, {count} cards from 5 ideas and 5 quotes\n"
            f"Notes against the last build: 0 new, 0 updated, {count} unchanged, 0 removed\n"
        )
        assert package.read_bytes() == version_2
        before_v3 = snapshot(collection)
        log = import_package(collection, package)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, count)
        assert snapshot(collection) == before_v3
        assert len(read_notes(collection)) == count
    finally:
        collection.close()


def by_guid(notes):
    return {row[1]: row for row in notes}
