"""The record beside a package: plain YAML that round-trips, and any mistake in it named by line."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from builds import dump_record, parse_record
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli
from flashcards.errors import RecordError
from flashcards.pipeline.build import Build
from flashcards.record.entries import ENTRY_KEYS, Entry, Record, record_path
from flashcards.record.fileformat import read_record

ENTRY = Entry(
    guid="0123456789abcdef0abc",
    note_id=1735689600000,
    modified=1735689600,
    hash="0123456789abcdef",
    key="show-1/quote/it-s-real/qa",
    kind="quote",
    position=2,
    text="It’s “real” — and <b>bold</b>: {{c1::no}}",
)


def test_record_round_trips_and_reads_plainly():
    text = dump_record(Record((ENTRY,)))
    assert parse_record(text, "x.lock.yaml") == Record((ENTRY,))
    assert text.splitlines()[2:] == [
        "version: 2",
        "notes:",
        "- guid: 0123456789abcdef0abc",
        "  note_id: 1735689600000",
        "  modified: 1735689600",
        "  hash: 0123456789abcdef",
        "  key: show-1/quote/it-s-real/qa",
        "  kind: quote",
        "  position: 2",
        "  text: 'It’s “real” — and <b>bold</b>: {{c1::no}}'",
    ]


def test_the_record_sits_beside_its_package(tmp_path):
    assert record_path(tmp_path / "decks" / "show.apkg") == tmp_path / "decks" / "show.lock.yaml"
    assert read_record(tmp_path / "missing.lock.yaml") == Record()


def test_a_build_writes_the_record_it_reads(tmp_path):
    package = tmp_path / "show.apkg"
    assert CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)]).exit_code == 0
    record = read_record(record_path(package))
    notes = Build([SEED]).plan().notes
    assert [entry.key for entry in record.entries] == [note.key for note in notes]
    assert [entry.guid for entry in record.entries] == [note.guid for note in notes]
    # Ideas first, then quotes, each in page order; every item has a note.
    items = [(entry.kind, entry.position) for entry in record.entries]
    assert list(dict.fromkeys(items)) == [("idea", n) for n in range(1, 6)] + [
        ("quote", n) for n in range(1, 6)
    ]
    # Each item's notes sit together: its Q&A (or who-said-it) note, then its cloze (or complete-it)
    # note, then an idea's fact notes.
    order = {"qa": 0, "cloze": 1, "fact-1": 2, "fact-2": 3}
    ranks = [
        (*item, order[entry.key.rsplit("/", 1)[1]]) for item, entry in zip(items, record.entries, strict=True)
    ]
    assert ranks == sorted(set(ranks))
    assert len({entry.guid for entry in record.entries}) == len(notes)
    assert len(import_and_read(package, tmp_path / "anki")) == len(notes)


def entry_lines(**changes: object) -> str:
    lines = []
    for key in ENTRY_KEYS:
        value = changes.pop(key, getattr(ENTRY, key))
        if value is not None:
            lines.append(f"  {key}: {value!r}" if isinstance(value, str) else f"  {key}: {value}")
    lines += [f"  {key}: {value}" for key, value in changes.items()]
    lines[0] = "-" + lines[0][1:]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("version: 2\nnotes: []\ncolour: red\n", 3, "unknown key 'colour' (expected version, notes)"),
        ("version: 3\nnotes: []\n", 1, "record version 3 is not 2"),
        ("version: 2\nnotes: {}\n", 2, "'notes' must be a list"),
        (
            "version: 2\nnotes:\n" + entry_lines(colour="red"),
            11,
            "unknown key 'colour' (expected guid, note_id, modified, hash, key, kind, position, text)",
        ),
        ("version: 2\nnotes:\n" + entry_lines(note_id=None), 3, "missing key 'note_id'"),
        ("version: 2\nnotes:\n" + entry_lines(modified="soon"), 5, "'modified' must be a number"),
        ("version: 2\nnotes:\n" + entry_lines(position=True), 9, "'position' must be a number"),
        (
            "version: 2\nnotes:\n" + entry_lines() + entry_lines(),
            11,
            "GUID 0123456789abcdef0abc appears twice",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(text=None, guid=None) + "  text: [1, 2]\n  guid: x\n",
            9,
            "'text' must be text",
        ),
        ("notes: []\n", 1, "missing key 'version'"),
        ("version: 2\nnotes: [\n", 3, "not valid YAML: expected the node content, but found '<stream end>'"),
        ("- just\n- a list\n", 1, "expected a mapping of keys to values"),
        # Issue 17: read as "no record", these made every reworded note a copy in Anki.
        ("", None, "is empty: expected 'version' and 'notes' (delete the file to start afresh)"),
        (
            "# only a comment\n",
            None,
            "is empty: expected 'version' and 'notes' (delete the file to start afresh)",
        ),
        ("version: 2\n", 1, "missing key 'notes' (delete the file to start afresh)"),
        # GUIDs of another form than builds write, which Anki would take for new notes.
        (
            "version: 2\nnotes:\n" + entry_lines(guid=""),
            3,
            "GUID '' is not one a build writes (20 hex digits)",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(guid="a b<script>"),
            3,
            "GUID 'a b<script>' is not one a build writes (20 hex digits)",
        ),
        # Numbers out of bounds, each named at its line rather than failing later in SQLite or zip.
        (
            "version: 2\nnotes:\n" + entry_lines() + entry_lines(guid="0123456789abcdef0abd"),
            11,
            "note id 1735689600000 appears twice",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(note_id=-5),
            4,
            "'note_id' must be from 1 to 9007199254740992, not -5",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(note_id=2**63),
            4,
            "'note_id' must be from 1 to 9007199254740992, not 9223372036854775808",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(note_id=None) + f"  note_id: {'1' * 5000}\n",
            10,
            "'note_id' is a number too long to read",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(position=-1),
            9,
            "'position' must be from 0 to 2147483648, not -1",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(note_id=None) + "  note_id: !!python/object:os.system 1\n",
            10,
            "'note_id': could not determine a constructor for the tag"
            " 'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "version: 2\nnotes:\n" + entry_lines(text=None) + '  text: "bell\\x07 and \\x1b[31m"\n',
            10,
            "'text' holds U+0007, which no record may hold",
        ),
        (
            "version: 2\nnotes:\n- &one\n" + entry_lines().replace("- ", "  ", 1) + "- *one\n",
            12,
            "holds the alias *one, which a record never does",
        ),
        (
            "version: 2\nnotes: " + "[" * 900 + "]" * 900 + "\n",
            2,
            "nests lists or mappings deeper than a record does",
        ),
    ],
)
def test_a_broken_record_is_named_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "show.lock.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_record(path)
    assert str(caught.value) == (f"{path}: {message}" if line is None else f"{path}:{line}: {message}")


def test_a_broken_record_stops_the_build_with_one_line(tmp_path):
    package = tmp_path / "show.apkg"
    record = record_path(package)
    record.write_text("version: 2\nnotes: []\nextra: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {record}:3: unknown key 'extra' (expected version, notes)\n")
    assert not package.exists()
