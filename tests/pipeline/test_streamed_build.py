"""A build takes each source as the workers hand it over and writes its notes at once; what it
writes is what matching the whole plan against the record says, on a first build and a rebuild."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from ankicheck import import_and_read, tables
from builds import dump_record, reconcile, write_package
from click.testing import CliRunner
from pages import write_pages

from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.record.entries import Entry, Record, record_path
from flashcards.record.fileformat import RecordWriter, read_record
from flashcards.views.report import report_lines

V1_TIME = 1_735_689_600
V2_TIME = V1_TIME + 86_400


def cli_build(paths, package, now: int) -> list[str]:
    """The build's verbose report, from the command line with two workers."""
    arguments = ["build", *map(str, paths), "-o", str(package), "-j", "2", "-v"]
    result = CliRunner().invoke(cli, arguments, env={"SOURCE_DATE_EPOCH": str(now)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]


def plan_written(paths, package, record: Record, now: int) -> list[str]:
    """The same build, planned whole and matched at once: the reference."""
    plan = Build(paths, output=package).plan()
    update = reconcile(plan.notes, plan.summaries, record, now, plan.digests)
    write_package(update.notes, package, stamps=update.stamps, descriptions=plan.descriptions)
    record_path(package).write_text(dump_record(update.record), encoding="utf-8")
    return report_lines(update.report, verbose=True)


def same_files(package, reference, tmp_path, name: str) -> None:
    assert tables(package, tmp_path / f"{name}-ours") == tables(reference, tmp_path / f"{name}-reference")
    assert record_path(package).read_text(encoding="utf-8") == record_path(reference).read_text(
        encoding="utf-8"
    )


def test_a_streamed_build_and_rebuild_write_what_the_whole_plan_says(tmp_path):
    (tmp_path / "pages").mkdir()
    paths = write_pages(tmp_path / "pages")
    package, reference = tmp_path / "shows.apkg", tmp_path / "reference" / "shows.apkg"
    reference.parent.mkdir()
    assert cli_build(paths, package, V1_TIME) == plan_written(paths, reference, Record(), V1_TIME)
    same_files(package, reference, tmp_path, "first")
    # Page 5's first headline reworded (its notes keep their GUIDs by the rewording rule), page 6
    # retitled (a new summary id, whose notes continue the old id's: the same items), page 7 gone
    # and a page added.
    gone = notes_of(paths[6])
    text = paths[4].read_text(encoding="utf-8")
    paths[4].write_text(
        text.replace("Caching makes idea 5 cheap", "Caching makes idea 5 very cheap"), "utf-8"
    )
    paths[5].write_text(paths[5].read_text(encoding="utf-8").replace("Episode 6", "Episode Six"), "utf-8")
    added = tmp_path / "pages" / "page-new.txt"
    shutil.copy(paths[10], added)
    added.write_text(added.read_text(encoding="utf-8").replace("Episode 11", "Episode New"), "utf-8")
    edited = [*paths[:6], *paths[7:], added]
    last_record = read_record(record_path(package))
    report = cli_build(edited, package, V2_TIME)
    assert report == plan_written(edited, reference, last_record, V2_TIME)
    # New: the added page's notes. Updated: the reworded headline's, and page 6's (their source
    # line shows the new title). Removed: page 7's. The rest unchanged.
    new = notes_of(added)
    reworded = notes_of(paths[4], headline="Caching makes idea 5 very cheap to recall.")
    updated = reworded + notes_of(paths[5])
    total = len(Build(edited).plan().notes)
    assert new and reworded and gone
    assert report[0] == (
        f"Notes against the last build: {new} new, {updated} updated,"
        f" {total - new - updated} unchanged, {gone} removed"
    )
    assert sum(line.endswith("(reworded)") for line in report) == reworded
    same_files(package, reference, tmp_path, "rebuild")
    notes = import_and_read(package, tmp_path / "anki")
    assert len(notes) == total


def notes_of(page, headline: str | None = None) -> int:
    """How many notes a page makes: all of them, or those of the idea with this headline."""
    plan = Build([page]).plan()
    if headline is None:
        return len(plan.notes)
    [idea] = [idea for idea in plan.summaries[0].ideas if idea.headline == headline]
    return sum(f"/idea/{idea.id}/" in note.key for note in plan.notes)


def entry(number: int) -> Entry:
    return Entry(
        number * 100,
        1_700_000_000,
        f"{number:020x}a",
        "0123456789abcdef",
        f"s/idea/{number}/qa",
        "idea",
        1,
        "t",
    )


def test_the_record_is_written_as_far_as_its_notes_are_settled(tmp_path):
    path = tmp_path / "x.lock.yaml"
    first, second, third = entry(1), entry(2), entry(3)
    with RecordWriter(path) as writer:
        writer.write_settled([])
        writer.write_settled([first, None, third])  # the second note waits for the end
        assert writer.written == 1
        writer.write_settled([first, second, third])
        assert writer.written == 3
        assert not path.exists()  # put in place only once the package is
        writer.commit()
    assert path.read_text(encoding="utf-8") == dump_record(Record((first, second, third)))
    with RecordWriter(path) as writer:
        writer.commit()
    assert path.read_text(encoding="utf-8") == dump_record(Record())
    assert read_record(path) == Record()


# A build that stalls once the main process has written some sources into the package and
# the record, so that the test can stop it there.
STALLING_BUILD = """
import pathlib, sys, time
from flashcards.package import writer as package
from flashcards.cli import cli

written = package.PackageWriter.add

def add_then_stall(self, stamped):
    written(self, stamped)
    self.calls = getattr(self, "calls", 0) + 1
    if self.calls == 10:
        pathlib.Path(sys.argv[1]).write_text("writing")
        time.sleep(60)

package.PackageWriter.add = add_then_stall
cli(["build", *sys.argv[3:], "-o", sys.argv[2], "-j", "2"], prog_name="flashcards")
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_build_stopped_half_written_leaves_the_last_one_and_no_temporary_files(tmp_path, sig):
    (tmp_path / "pages").mkdir()
    paths = [str(path) for path in write_pages(tmp_path / "pages")]
    package = tmp_path / "decks" / "shows.apkg"
    cli_build(paths, package, V1_TIME)
    before = package.read_bytes(), record_path(package).read_bytes()
    temporary, marker = tmp_path / "temporary", tmp_path / "writing"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", STALLING_BUILD, str(marker), str(package), *paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.02)
    # Half-way: the package's database and the record are part written, and so are result files.
    assert list(temporary.iterdir()) != []
    # The last package and record, the new ones, and the lock that keeps other builds out.
    assert len(list(package.parent.iterdir())) == 5
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=30)
    expected = (130, "", "Interrupted.\n") if sig == signal.SIGINT else (143, "", "Terminated.\n")
    assert (process.returncode, stdout, stderr) == expected
    assert (package.read_bytes(), record_path(package).read_bytes()) == before
    assert sorted(path.name for path in package.parent.iterdir()) == ["shows.apkg", "shows.lock.yaml"]
    assert list(temporary.iterdir()) == []
