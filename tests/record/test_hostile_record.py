"""Hostile input, round two (issue 17): a record or build time that would mislead Anki is refused.

Each of these was read as something else before: an empty record as "no record" (every
reworded note came back as a copy), a time in 2100 (no later change would ever reach the
collection), numbers that failed in SQLite, zip or Python with a traceback.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli
from flashcards.record.entries import record_path

YEAR_2100 = 4_102_444_800


def first_build(tmp_path):
    package = tmp_path / "show.apkg"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), "-q"])
    assert result.exit_code == 0, result.output
    return package, record_path(package)


def rebuild(package, env=None):
    return CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package)], env=env)


@pytest.mark.parametrize("text", ["", "# kept by hand\n", "version: 1\n"])
def test_a_record_with_no_notes_stops_the_build(tmp_path, text):
    package, record = first_build(tmp_path)
    before = package.read_bytes()
    record.write_text(text, encoding="utf-8")
    result = rebuild(package)
    assert result.exit_code == 1
    expected = (
        f"{record}:1: missing key 'notes'"
        if text.startswith("version")
        else f"{record}: is empty: expected 'version' and 'notes'"
    )
    assert result.output == f"Error: {expected} (delete the file to start afresh)\n"
    assert package.read_bytes() == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("modified: ", f"modified: {YEAR_2100} #", "'modified' must be from 0 to {latest}, not 4102444800"),
        (
            "note_id: ",
            "note_id: 4611686018427387904 #",
            "'note_id' must be from 1 to 9007199254740992, not 4611686018427387904",
        ),
        ("note_id: ", "note_id: " + "7" * 5000 + " #", "'note_id' is a number too long to read"),
        ("guid: ", "guid: deadbeef #", "GUID 'deadbeef' is not one a build writes (20 hex digits)"),
    ],
)
def test_a_record_value_out_of_bounds_is_named_at_its_line(tmp_path, monkeypatch, old, new, message):
    monkeypatch.setattr("time.time", lambda: 1_800_000_000.5)
    package, record = first_build(tmp_path)
    text = record.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    record.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = rebuild(package)
    assert result.exit_code == 1
    latest = 1_800_000_000 + 86_400
    assert result.output == f"Error: {record}:{line}: {message.format(latest=latest)}\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (str(YEAR_2100), "4102444800 is in the future; a build time may be at most a day past the clock"),
        (
            str(2**63),
            "9223372036854775808 is in the future; a build time may be at most a day past the clock",
        ),
        ("9" * 5000, "must be a whole number of seconds, not '" + "9" * 29 + "…'"),
        ("-1", "must not be negative, not '-1'"),
    ],
)
def test_an_extreme_build_time_is_refused(tmp_path, value, message):
    package = tmp_path / "show.apkg"
    result = rebuild(package, env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 1
    assert result.output == f"Error: SOURCE_DATE_EPOCH: {message}\n"
    assert not package.exists()
