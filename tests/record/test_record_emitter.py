"""The record's own writer gives the very bytes PyYAML's safe dumper gives, for any text."""

from __future__ import annotations

import dataclasses
import io

import builds
import pytest
import yaml
from builds import dump_record
from hypothesis import given, settings
from hypothesis import strategies as st
from recorddata import ENTRY, HEXISH, KEYISH

from flashcards.errors import RecordError
from flashcards.record import fileformat as record_file
from flashcards.record import lines as record_lines
from flashcards.record.entries import ENTRY_KEYS, Entry, Record
from flashcards.record.lines import dump_entry
from flashcards.sources.text import CONTROL_CHARACTER
from flashcards.support import yamlnodes

# Characters that decide PyYAML's choice of style: indicators, quotes, spaces, breaks,
# controls, a byte order mark and letters outside ASCII. (A lone surrogate cannot be written.)
TRICKY = list("-?:#,[]{}&*!|>'\"%@`. \t\n\r\x85\u2028\u2029\x00\x7f\xa0\ufeffaZ09—’é😀~")
TEXT = st.text(alphabet=st.sampled_from(TRICKY), max_size=12) | st.text(max_size=40)
WORDS = st.sampled_from(
    ["yes", "no", "null", "~", "1", "0x1f", "1.5e3", "2001-12-14", ".inf", "<<", "=", "-", "---"]
)


def read_as_written(text: str) -> Record | None:
    return record_lines.read_as_written(io.StringIO(text))


def pyyaml(entries: list[Entry], dumper: type) -> str:
    data = [{key: getattr(entry, key) for key in ENTRY_KEYS} for entry in entries]
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)


@settings(max_examples=300)
@given(text=TEXT | WORDS | st.builds("{} {}".format, WORDS, TEXT), kind=TEXT)
def test_an_entry_is_written_as_pyyaml_writes_it(text, kind):
    entry = dataclasses.replace(ENTRY, text=text, kind=kind, key=text + "/qa")
    written = dump_entry(entry)
    assert written == pyyaml([entry], yamlnodes.SAFE_DUMPER)
    if None not in (record_lines.scalar(text), record_lines.scalar(kind), record_lines.scalar(entry.key)):
        # Written by hand: the same as either dumper. (The values left to PyYAML, breaks,
        # controls, emoji, are where libyaml and pure-Python PyYAML differ among themselves.)
        assert written == pyyaml([entry], yaml.SafeDumper)
    assert yaml.safe_load(written) == [{key: getattr(entry, key) for key in ENTRY_KEYS}]


@given(length=st.integers(min_value=880, max_value=1010), quote=st.booleans())
def test_long_values_are_written_as_pyyaml_folds_them(length, quote):
    text = ("'" if quote else "") + ("word " * 300)[:length].strip()
    entry = dataclasses.replace(ENTRY, text=text)
    assert dump_entry(entry) == pyyaml([entry], yamlnodes.SAFE_DUMPER)


def test_plain_text_stays_plain_and_readable():
    entries = (ENTRY, dataclasses.replace(ENTRY, guid="x", text="It’s: odd — #1 'quoted'"))
    assert dump_record(Record(entries)).splitlines()[4:] == [
        "- guid: c5e8e24c6853085beb4c",
        "  note_id: 1795876988000",
        "  modified: 1795877837",
        "  hash: 3e2d38440d13af64",
        "  key: show-1/idea/a-b/qa",
        "  kind: idea",
        "  position: 3",
        "  text: A headline",
        "- guid: x",
        "  note_id: 1795876988000",
        "  modified: 1795877837",
        "  hash: 3e2d38440d13af64",
        "  key: show-1/idea/a-b/qa",
        "  kind: idea",
        "  position: 3",
        "  text: 'It’s: odd — #1 ''quoted'''",
    ]


# What a record may hold (record_file.parse_entry): GUIDs of the form builds write, note ids and times
# within bounds, and no control character, which no summary holds either.
RECORD_TEXT = (TEXT | WORDS).map(lambda text: CONTROL_CHARACTER.sub("", text))
GUIDS = st.text(alphabet=st.sampled_from(list("0123456789abcdef")), min_size=20, max_size=20)
ENTRIES = st.builds(
    Entry,
    guid=GUIDS,
    note_id=st.integers(min_value=1, max_value=10**15),
    modified=st.integers(min_value=0, max_value=10**9),
    hash=RECORD_TEXT | HEXISH,
    key=RECORD_TEXT | KEYISH,
    kind=RECORD_TEXT | st.sampled_from(["idea", "quote", ""]),
    position=st.integers(min_value=0, max_value=10**4),
    text=RECORD_TEXT,
)
RECORDS = st.lists(
    ENTRIES, max_size=4, unique_by=(lambda entry: entry.guid, lambda entry: entry.note_id)
).map(lambda e: Record(tuple(e)))


@settings(max_examples=200)
@given(record=RECORDS)
def test_a_written_record_reads_back_line_by_line_as_yaml_reads_it(record):
    text = dump_record(record)
    assert record_file.parse_yaml_record(text, "x") == record
    assert builds.parse_record(text, "x") == record
    by_hand = all(
        None not in map(record_lines.scalar, (e.guid, e.hash, e.key, e.kind, e.text)) for e in record.entries
    )
    assert read_as_written(text) == (record if by_hand and record.entries else None)


@settings(max_examples=300)
@given(
    record=RECORDS, line=st.integers(min_value=0), edit=st.sampled_from([*TRICKY, "", "  ", "- ", "#", "''"])
)
def test_an_edited_record_is_read_line_by_line_only_as_yaml_reads_it(record, line, edit):
    lines = dump_record(record).split("\n")
    index = line % len(lines)
    position = line // len(lines) % (len(lines[index]) + 1)
    lines[index] = lines[index][:position] + edit + lines[index][position:]
    text = "\n".join(lines)
    fast = read_as_written(text)
    if fast is not None:
        assert fast == record_file.parse_yaml_record(text, "x")


def test_notes_with_nothing_under_them_are_left_to_the_yaml_path():
    text = dump_record(Record((ENTRY,)))
    head = text[: text.index("- guid")]
    assert read_as_written(head) is None
    with pytest.raises(RecordError) as caught:
        builds.parse_record(head, "x.lock.yaml")
    assert str(caught.value) == "x.lock.yaml:4: 'notes' must be a list"
    assert read_as_written(text.rstrip("\n")) is None
    assert read_as_written(text + text[text.index("- guid") :]) is None  # the same GUID twice
