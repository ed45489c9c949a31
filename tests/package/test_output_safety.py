"""The package is written atomically: a failed or interrupted build never clobbers the previous one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED, seed_note_count

from flashcards.cli import cli
from flashcards.package import writer as package_module
from flashcards.record.entries import record_path


def build(package, *extra):
    return CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), *extra])


@pytest.fixture
def previous(tmp_path):
    """A good package already in place, and its bytes."""
    package = tmp_path / "decks" / "seed.apkg"
    result = build(package)
    assert result.exit_code == 0, result.output
    return package, package.read_bytes()


def assert_intact(package, original: bytes, anki_folder):
    assert package.read_bytes() == original
    # The package and the record of the build that wrote it (issue 5), and nothing else.
    expected = sorted([package.name, record_path(package).name])
    assert sorted(path.name for path in package.parent.iterdir()) == expected, "temporary files left"
    assert len(import_and_read(package, anki_folder)) == seed_note_count()


def test_missing_folders_are_created(tmp_path):
    package = tmp_path / "a" / "b" / "c.apkg"
    result = build(package)
    assert result.exit_code == 0
    count = seed_note_count()
    assert result.output == (
        f"{package}: {count} notes, {count} cards from 5 ideas and 5 quotes\n"
        f"Notes against the last build: {count} new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert len(import_and_read(package, tmp_path / "anki")) == count


def test_package_gets_ordinary_file_permissions(tmp_path, previous):
    # mkstemp makes a private file; a deck is shared like any other file the user writes.
    package, _ = previous
    umask = os.umask(0o022)
    os.umask(umask)
    assert package.stat().st_mode & 0o777 == 0o666 & ~umask
    package.chmod(0o640)
    assert build(package).exit_code == 0
    assert package.stat().st_mode & 0o777 == 0o640


def test_a_file_in_the_way_of_the_folder(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    package = blocker / "deck.apkg"
    result = build(package)
    assert result.exit_code == 1
    # Said of the package, before the record beside it is looked for (not "cannot read the record").
    assert result.output == f"Error: {package}: cannot write here: {blocker} is a file, not a folder\n"
    assert blocker.read_text() == "mine"


def test_target_that_is_not_a_regular_file(tmp_path):
    pipe = tmp_path / "pipe.apkg"
    os.mkfifo(pipe)
    result = build(pipe)
    assert result.exit_code == 1
    assert result.output == f"Error: {pipe}: is not a regular file; give a file name ending in .apkg\n"
    assert pipe.is_fifo()


def test_permission_denied_is_a_clear_error(tmp_path, previous, monkeypatch):
    # A read-only folder cannot be made to refuse root (CI runs as root), so the refusal is injected.
    package, original = previous

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = build(package)
    assert result.exit_code == 1
    assert result.output == f"Error: {package}: cannot write here: Permission denied\n"
    assert_intact(package, original, tmp_path / "anki")


def half_write_then(error):
    def zip_database(package, target, timestamp):
        with open(target, "wb") as handle:
            handle.write(b"PK\x03\x04 half a package")
        raise error

    return zip_database


def test_disk_full_mid_write_keeps_the_previous_package(tmp_path, previous, monkeypatch):
    package, original = previous
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(package_module, "zip_database", half_write_then(full))
    result = build(package)
    assert result.exit_code == 1
    assert result.output == f"Error: {package}: cannot write: No space left on device\n"
    assert_intact(package, original, tmp_path / "anki")


def test_unexpected_failure_mid_write_keeps_the_previous_package(tmp_path, previous, monkeypatch):
    package, original = previous
    monkeypatch.setattr(package_module, "zip_database", half_write_then(RuntimeError("bug in genanki")))
    result = build(package)
    assert isinstance(result.exception, RuntimeError)
    assert_intact(package, original, tmp_path / "anki")


# A build whose write stalls half-way, so that the test can interrupt it there.
STALLING_BUILD = """
import sys, time, pathlib
from flashcards.package import writer as package
from flashcards.package import writer as package_module
from flashcards.cli import cli

def stalling_write(apkg, target, timestamp):
    with open(target, "wb") as handle:
        handle.write(b"PK\\x03\\x04 half a package")
    pathlib.Path(sys.argv[1]).write_text("writing")
    time.sleep(60)

package.zip_database = stalling_write
cli(["build", sys.argv[2], "-o", sys.argv[3]], prog_name="flashcards")
"""


def interrupt_build(tmp_path, package, sig):
    marker = tmp_path / "writing"
    # A $TMPDIR of its own, to see what the build leaves there (and leave nothing in the real one).
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", STALLING_BUILD, str(marker), str(SEED), str(package)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
    )
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.02)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=30)
    return process.returncode, stdout, stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_build_keeps_the_previous_package_and_cleans_up(tmp_path, previous, sig):
    package, original = previous
    returncode, stdout, stderr = interrupt_build(tmp_path, package, sig)
    # As a shell reports them: 128 + the signal's number.
    expected = (130, "", "Interrupted.\n") if sig == signal.SIGINT else (143, "", "Terminated.\n")
    assert (returncode, stdout, stderr) == expected
    assert_intact(package, original, tmp_path / "anki")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_hard_killed_build_keeps_the_previous_package(tmp_path, previous):
    # SIGKILL runs no clean-up at all: the half-written files stay, hidden, beside the package
    # and its record, and so does the (empty) file the build held its lock on.
    package, original = previous
    returncode, _, _ = interrupt_build(tmp_path, package, signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    assert package.read_bytes() == original
    kept = {package, record_path(package)}
    leftovers = sorted(path.name for path in package.parent.iterdir() if path not in kept)
    leftovers.remove(f".{package.name}.lock")
    assert len(leftovers) == 2
    for leftover, target in zip(leftovers, (package, record_path(package)), strict=True):
        assert leftover.startswith(f".{target.name}.") and leftover.endswith(".tmp")
    # And in $TMPDIR, the folder of the package's database.
    [folder] = (tmp_path / "tmp").iterdir()
    assert folder.name.startswith("flashcards-") and [path.name for path in folder.iterdir()] == [
        "collection.anki2"
    ]
    assert len(import_and_read(package, tmp_path / "anki")) == seed_note_count()
