"""Hostile input, round two (issue 17): small input that would cost a great deal of time, memory
or disk is refused, or costs little."""

from __future__ import annotations

import difflib
import tempfile
import time
import zipfile

from click.testing import CliRunner

from flashcards.cli import cli
from flashcards.record.matching import SIMILARITY_THRESHOLD, similarity


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    package = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", bytes(64 << 20))
    assert package.stat().st_size < 100_000
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert result.exit_code == 1
    packed = zipfile.ZipFile(package).getinfo("collection.anki2").compress_size
    assert result.output == (
        f"Error: {package}: collection.anki2 would unpack from {packed:,} to 67,108,864 bytes,"
        " far more than any collection compresses: refusing it (a zip bomb?)\n"
    )
    assert list(scratch.iterdir()) == []


def test_a_collection_larger_than_the_room_in_tmpdir_is_refused(tmp_path, monkeypatch):
    package = tmp_path / "large.apkg"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("collection.anki2", bytes(1 << 20))
    monkeypatch.setattr("shutil.disk_usage", lambda path: type("Usage", (), {"free": 1000})())
    result = CliRunner().invoke(cli, ["inspect", str(package)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {package}: collection.anki2 unpacks to 1,048,576 bytes, more than the 1,000 free in"
        " the temporary folder (set TMPDIR to another)\n"
    )


def long_texts(words: int) -> tuple[str, str]:
    """A long quote and the same with every tenth word changed."""
    text = " ".join(f"word{index % 97}" for index in range(words))
    changed = " ".join(f"other{index}" if index % 10 == 0 else f"word{index % 97}" for index in range(words))
    return text, changed


def test_comparing_long_texts_for_the_rewording_rule_is_quick():
    old, new = long_texts(3_000)  # 20 kB each; the whole texts took 16 s
    started = time.perf_counter()
    assert similarity(old, new) >= SIMILARITY_THRESHOLD
    assert similarity(old, new + " and more") >= SIMILARITY_THRESHOLD
    assert time.perf_counter() - started < 2


def test_the_rewording_rule_decides_short_texts_as_before():
    old, new = long_texts(100)
    pairs = [(old, new), (old, old.upper()), ("A short line.", "Another line entirely."), (old, "word1")]
    for first, second in pairs:
        whole = difflib.SequenceMatcher(None, first.casefold(), second.casefold(), autojunk=False).ratio()
        assert (similarity(first, second) >= SIMILARITY_THRESHOLD) == (whole >= SIMILARITY_THRESHOLD)
        if whole >= SIMILARITY_THRESHOLD:
            assert similarity(first, second) == whole
