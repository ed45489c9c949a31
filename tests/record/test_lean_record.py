"""The record stage's shortcuts give what the plain way gives; a build matches a source at a time."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import builds
import pytest
import yaml
from ankicheck import import_and_read
from builds import Update, reconcile, write_record
from click.testing import CliRunner
from helpers import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from recorddata import ENTRY, HEXISH, KEYISH

from flashcards.cards.notes import write_notes
from flashcards.cli import cli
from flashcards.models import ItemRef, Note
from flashcards.record import entries as record_entries
from flashcards.record import lines as record_lines
from flashcards.record import matching as record_matching
from flashcards.record import report as record_report
from flashcards.record.entries import Record
from flashcards.record.fileformat import read_record
from flashcards.record.lines import dump_entry
from flashcards.sources.page import read_summary

V1_TIME = 1735689600
V2_TIME = V1_TIME + 86400
# What decides JSON's escapes: quotes, backslashes, controls, and letters outside ASCII.
JSON_CHARACTERS = st.sampled_from(list('a "\\\n\t\x00\x1f\x7f’é😀<>&'))
JSON_TEXT = st.text(alphabet=JSON_CHARACTERS, max_size=12) | st.text(max_size=20)


@settings(max_examples=200)
@given(
    note_type=JSON_TEXT,
    fields=st.lists(JSON_TEXT, max_size=8).map(tuple),
    tags=st.lists(JSON_TEXT, max_size=4).map(tuple),
)
def test_the_content_hash_is_that_of_the_notes_json(note_type, fields, tags):
    item = ItemRef("s", "idea", "k", 1, "cloze", "cloze", "")
    note = Note(guid="g", note_type=note_type, fields=fields, tags=tags, deck="d", item=item)
    data = json.dumps([note_type, list(fields), list(tags)], ensure_ascii=False)
    assert record_entries.content_hash(note) == hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


EDGES = st.sampled_from(["0b101", "0b1f", "123", "0777", "1e3", "1_000", "12:30", "a/b", "a/b:", "a:/b"])


@settings(max_examples=300)
@given(value=HEXISH | KEYISH | EDGES)
def test_values_taken_plain_at_once_are_what_pyyaml_writes(value):
    if record_lines.SURELY_PLAIN.fullmatch(value):
        assert yaml.safe_dump({"key": value}, allow_unicode=True, width=1000) == f"key: {value}\n"
        assert yaml.safe_load(f"key: {value}\n") == {"key": value}
    entry = dataclasses.replace(ENTRY, guid=value, hash=value, key=value)
    data = [{key: getattr(entry, key) for key in record_entries.ENTRY_KEYS}]
    assert dump_entry(entry) == yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True)


def seed_notes(tmp_path, text: str):
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    summary, _ = read_summary(path)
    return write_notes(summary, "Deck"), [summary]


def second_version(tmp_path):
    """The seed with a quote reworded, an idea's headline replaced and the last quote gone."""
    text = SEED.read_text(encoding="utf-8").replace("Every company", "Every lab")
    summary = seed_notes(tmp_path, text)[1][0]
    ideas = (dataclasses.replace(summary.ideas[0], id="new", headline="Something else entirely"),)
    summary = dataclasses.replace(summary, ideas=ideas + summary.ideas[1:], quotes=summary.quotes[:-1])
    return write_notes(summary, "Deck"), [summary]


def matched_in_slices(notes, summaries, record: Record, now: int, size: int):
    """What a build does: the notes matched a few at a time (a source's worth). The notes as they
    are written, each with its stamp, and how many waited for the end; the report; the new record."""
    matching = record_matching.Matching(record, now)
    written = []
    for start in range(0, len(notes), size):
        part = notes[start : start + size]
        written += matching.add(part, list(map(record_entries.content_hash, part)))
    waited, report, new_record = matching.finish()
    written += [(note, entry) for _, note, entry in waited]
    return written, len(waited), report, new_record


def written_by(update: Update) -> list:
    return [(note, update.stamps[note.guid]) for note in update.notes]


@pytest.mark.parametrize("size", [1, 3, 7, 100])
def test_a_rebuild_matched_a_source_at_a_time_is_the_rebuild_matched_at_once(tmp_path, size):
    notes, summaries = seed_notes(tmp_path, SEED.read_text(encoding="utf-8"))
    first = reconcile(notes, summaries, Record(), V1_TIME)
    written, waited, report, record = matched_in_slices(notes, summaries, Record(), V1_TIME, size)
    # A first build has nothing to match: every note is settled, in order, as it comes.
    assert (written, waited, report, record) == (written_by(first), 0, first.report, first.record)
    old_idea, last_quote = summaries[0].ideas[0].id, summaries[0].quotes[-1].id
    gone = notes_of(notes, old_idea) + notes_of(notes, last_quote)
    notes, summaries = second_version(tmp_path)
    new_idea = notes_of(notes, "new")
    reworded = notes_of(notes, summaries[0].quotes[1].id)
    assert new_idea and reworded and gone >= 2
    whole = reconcile(notes, summaries, first.record, V2_TIME)
    written, waited, report, record = matched_in_slices(notes, summaries, first.record, V2_TIME, size)
    assert (report, record) == (whole.report, whole.record)
    assert sorted(written, key=by_note_id) == sorted(written_by(whole), key=by_note_id)
    counts = [report.count(change) for change in record_report.CHANGES]
    # The new idea's notes; the reworded quote's; the others; the old idea's and the last quote's.
    assert counts == [new_idea, reworded, len(notes) - new_idea - reworded, gone]
    # Only the notes the record does not know by GUID waited: the new idea's and the reworded quote's.
    assert waited == new_idea + reworded
    # A third build keeps the reworded quote's GUID by its key.
    third = reconcile(notes, summaries, whole.record, V2_TIME)
    assert {change.change for change in third.report.changes} == {record_report.UNCHANGED}
    assert matched_in_slices(notes, summaries, whole.record, V2_TIME, size)[2:] == (
        third.report,
        third.record,
    )


def notes_of(notes, item_id: str) -> int:
    """How many of the notes are of the item with this id."""
    return sum(note.key.split("/")[-2] == item_id for note in notes)


def by_note_id(pair) -> int:
    return pair[1].note_id


def test_a_hand_edited_record_is_read_as_yaml(tmp_path):
    notes, summaries = seed_notes(tmp_path, SEED.read_text(encoding="utf-8"))
    record = reconcile(notes, summaries, Record(), V1_TIME).record
    path = tmp_path / "x.lock.yaml"
    data = {
        "version": record_entries.RECORD_VERSION,
        "notes": [{key: getattr(e, key) for key in record_entries.ENTRY_KEYS} for e in record.entries],
    }
    path.write_text(yaml.safe_dump(data, indent=4, default_flow_style=True), encoding="utf-8")
    assert read_record(path) == record


def test_a_rebuild_keeps_no_copy_of_the_last_records_values(tmp_path):
    notes, summaries = seed_notes(tmp_path, SEED.read_text(encoding="utf-8"))
    path = tmp_path / "x.lock.yaml"
    write_record(reconcile(notes, summaries, Record(), V1_TIME).record, path)
    update = reconcile(notes, summaries, read_record(path), V2_TIME)
    texts = {item.headline for item in summaries[0].ideas} | {item.text for item in summaries[0].quotes}
    originals = {id(text) for text in texts}
    for note, entry in zip(notes, update.record.entries, strict=True):
        # The note's and the item's own strings: the new record does not hold the last one's copies.
        assert entry.guid is note.guid and entry.key is note.key
        assert id(entry.text) in originals
        # An entry is its note's stamp.
        assert update.stamps[note.guid] is entry


def record_with_twice(tmp_path, guid_of) -> tuple:
    """A package, and its record as a build writes it but with one entry twice."""
    package = tmp_path / "show.apkg"
    assert CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), "-q"]).exit_code == 0
    count = len(import_and_read(package, tmp_path / "anki"))
    path = record_entries.record_path(package)
    record = read_record(path)
    assert len(record.entries) == count > 5
    twice = dataclasses.replace(record.entries[3], guid=guid_of(record))
    path.write_text(builds.dump_record(Record((*record.entries, twice))), encoding="utf-8")
    return package, path, repeated_line(count)


def repeated_line(count: int) -> int:
    """The line of the entry after count entries: two lines of header, "version" and "notes",
    then entries of 8 lines."""
    return 4 + count * 8 + 1


def test_a_record_that_repeats_a_notes_guid_stops_the_build_at_its_line(tmp_path):
    package, path, line = record_with_twice(tmp_path, lambda record: record.entries[5].guid)
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:{line}: GUID {read_guid(path, 5)} appears twice\n"


def test_a_record_that_repeats_a_gone_notes_guid_stops_the_build_at_its_line(tmp_path):
    package, path, line = record_with_twice(tmp_path, lambda record: "0123456789abcdef0123")
    text = path.read_text(encoding="utf-8").replace(read_guid(path, 0), "0123456789abcdef0123", 1)
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:{line}: GUID 0123456789abcdef0123 appears twice\n"


def read_guid(path, index: int) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["notes"][index]["guid"]
