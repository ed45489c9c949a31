"""Hostile conditions, round two (issue 17): a package and its record always belong together.

Ctrl-C at the moment of the rename, a second build into the same package, a full disk: each
leaves the last package and record, or the new ones, never one of each.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli
from flashcards.package import writer as package_module
from flashcards.record.entries import record_path
from flashcards.record.fileformat import read_record

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def stamps_in_package(package: Path) -> set[tuple[str, int, int]]:
    """Each note's GUID, note id and time, as the package holds them."""
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as folder:
        database = archive.extract("collection.anki2", folder)
        connection = sqlite3.connect(database)
        try:
            return set(connection.execute("select guid, id, mod from notes"))
        finally:
            connection.close()


def stamps_in_record(package: Path) -> set[tuple[str, int, int]]:
    return {
        (entry.guid, entry.note_id, entry.modified) for entry in read_record(record_path(package)).entries
    }


def assert_together(package: Path) -> None:
    assert stamps_in_package(package) == stamps_in_record(package)
    assert sorted(path.name for path in package.parent.iterdir()) == sorted(
        [package.name, record_path(package).name]
    ), "temporary files left"


# A build that does something the moment its package is renamed into place: Ctrl-C to itself,
# or a pause with a marker file, so that another build can run then.
AT_THE_RENAME = """
import os, pathlib, signal, sys, time
from flashcards.cli import cli

rename = os.replace

def replace(source, target):
    rename(source, target)
    if str(target).endswith(".apkg"):
        if sys.argv[1] == "interrupt":
            os.kill(os.getpid(), signal.SIGINT)
        else:
            pathlib.Path(sys.argv[1]).write_text("renamed")
            time.sleep(3)

os.replace = replace
cli(["build", sys.argv[2], "-o", sys.argv[3]], prog_name="flashcards")
"""


def at_the_rename(action: str, source: Path, package: Path, epoch: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", AT_THE_RENAME, action, str(source), str(package)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},
    )


def edited_seed(tmp_path: Path, round_: int) -> Path:
    """The seed with its explanations changed, so that each round's notes are updated."""
    source = tmp_path / "seed.txt"
    source.write_text(
        SEED.read_text(encoding="utf-8").replace(" the ", f" the {round_} ", 5), encoding="utf-8"
    )
    return source


def test_ctrl_c_at_the_rename_leaves_a_package_and_record_that_belong_together(tmp_path):
    package = tmp_path / "decks" / "seed.apkg"
    epoch = 1_735_689_600
    for round_ in range(5):
        process = at_the_rename("interrupt", edited_seed(tmp_path, round_), package, epoch + round_ * 100)
        stdout, stderr = process.communicate(timeout=60)
        # Ctrl-C takes effect once both are in place: the build reports it stopped.
        assert (process.returncode, stderr) == (130, "Interrupted.\n"), stdout + stderr
        assert_together(package)
        # The new pair, not the last one: its changed notes carry this round's time.
        assert max(modified for _, _, modified in stamps_in_record(package)) == epoch + round_ * 100
        # Every note of the edited seed: 10, one fewer than the seed's 11, since the round's number
        # gives the one explanation sentence with a fact card one figure too many for a fact.
        assert len(stamps_in_record(package)) == 10


def test_a_second_build_into_the_same_package_waits_for_the_first(tmp_path):
    package = tmp_path / "decks" / "seed.apkg"
    marker = tmp_path / "renamed"
    first = at_the_rename(str(marker), SEED, package, 1_735_689_600)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first build never renamed its package"
        time.sleep(0.02)
    # The first build has put its package in place and not yet its record.
    second = CliRunner().invoke(
        cli, ["build", str(SEED), "-o", str(package)], env={"SOURCE_DATE_EPOCH": "1735700000"}
    )
    assert first.wait(timeout=60) == 0, first.communicate()
    assert second.exit_code == 0, second.output
    # The second build read the record the first wrote: nothing changed, each note keeps its time.
    assert second.output.endswith("Notes against the last build: 0 new, 0 updated, 11 unchanged, 0 removed\n")
    assert_together(package)


def test_five_builds_into_one_package_at_once(tmp_path):
    package = tmp_path / "decks" / "seed.apkg"
    for round_ in range(3):
        folders = [tmp_path / f"{round_}-{index}" for index in range(5)]
        for folder in folders:
            folder.mkdir()
        sources = [edited_seed(folder, round_ * 5 + index) for index, folder in enumerate(folders)]
        builds = [
            subprocess.Popen(
                [sys.executable, "-m", "flashcards", "build", str(source), "-o", str(package), "-q"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for source in sources
        ]
        for process in builds:
            assert process.wait(timeout=120) == 0, process.communicate()
        assert_together(package)


class FullDisk:
    """A text stream on a full disk: writing fails, and so does closing (its buffer cannot be flushed)."""

    def __init__(self, fail_on_write: bool):
        self.fail_on_write = fail_on_write
        self.closed = False

    def writelines(self, parts):
        if self.fail_on_write:
            raise ENOSPC

    def close(self):
        if not self.closed:
            self.closed = True
            raise ENOSPC


def fill_the_disk_for_records(monkeypatch, fail_on_write: bool) -> None:
    opened = Path.open

    def open_(path, *args, **kwargs):
        if path.name.startswith(".seed.lock.yaml."):
            return FullDisk(fail_on_write)
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)


def build(package, source=SEED):
    return CliRunner().invoke(cli, ["build", str(source), "-o", str(package)])


@pytest.mark.parametrize("fail_on_write", [True, False], ids=["writing", "closing"])
def test_a_full_disk_keeps_the_last_package_and_record(tmp_path, monkeypatch, fail_on_write):
    package = tmp_path / "decks" / "seed.apkg"
    assert build(package).exit_code == 0
    before = package.read_bytes(), record_path(package).read_bytes()
    fill_the_disk_for_records(monkeypatch, fail_on_write)
    # A changed source: its package would differ from the last one.
    result = build(package, edited_seed(tmp_path, 1))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {record_path(package)}: cannot write: No space left on device\n",
    )
    assert (package.read_bytes(), record_path(package).read_bytes()) == before
    assert_together(package)


def test_a_full_disk_on_a_first_build_puts_no_package_in_place(tmp_path, monkeypatch):
    package = tmp_path / "decks" / "seed.apkg"
    fill_the_disk_for_records(monkeypatch, fail_on_write=False)
    result = build(package)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {record_path(package)}: cannot write: No space left on device\n",
    )
    assert list(package.parent.iterdir()) == []


def test_a_full_tmpdir_is_a_clear_error(tmp_path, monkeypatch):
    package = tmp_path / "decks" / "seed.apkg"

    def full(self, stamped):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(package_module.PackageRows, "add", full)
    result = build(package)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {package}: cannot write its database in {tempfile.gettempdir()}: database or disk is full\n"
    )
    assert list(package.parent.iterdir()) == []


def test_a_full_tmpdir_in_the_workers_is_a_clear_error(tmp_path, monkeypatch):
    from pages import write_pages

    from flashcards.support import workers

    def full(results, stream, protocol):
        raise ENOSPC

    # Workers are forked from this process, so they write their results with this too.
    monkeypatch.setattr(workers.pickle, "dump", full)
    (tmp_path / "pages").mkdir()
    pages = [str(path) for path in write_pages(tmp_path / "pages")]
    package = tmp_path / "decks" / "shows.apkg"
    result = CliRunner().invoke(cli, ["build", *pages, "-o", str(package), "-j", "2"])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tempfile.gettempdir()}: cannot hand the workers' results back through files here:"
        " No space left on device\n",
    )
    assert not package.parent.exists() or list(package.parent.iterdir()) == []
