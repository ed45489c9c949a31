"""The shared deck in decks/ is exactly what its source and record build, byte for byte."""

from __future__ import annotations

import shutil

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import ROOT, SEED

from flashcards.cli import cli
from flashcards.record.fileformat import read_record

DECK = ROOT / "decks" / "lex-fridman-459.apkg"
RECORD = ROOT / "decks" / "lex-fridman-459.lock.yaml"
REGENERATE = "flashcards build data/lex-fridman-459.txt -o decks/lex-fridman-459.apkg"


def test_shared_deck_rebuilds_to_the_same_bytes(tmp_path):
    package = tmp_path / DECK.name
    shutil.copy(RECORD, tmp_path / RECORD.name)
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    stale = f"the shared deck no longer matches its source: run `{REGENERATE}` and commit both files"
    assert "0 new, 0 updated" in result.output and "0 removed" in result.output, stale
    assert package.read_bytes() == DECK.read_bytes(), stale
    assert (tmp_path / RECORD.name).read_bytes() == RECORD.read_bytes(), stale
    notes = import_and_read(package, tmp_path / "anki")
    assert sorted(note.guid for note in notes) == sorted(entry.guid for entry in read_record(RECORD).entries)
