"""A build made in worker processes is the build made in one: same notes, warnings, bytes and errors."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from pages import COUNT, SAME_TITLE_AS_10, write_pages

from flashcards.cli import cli
from flashcards.models import HandEdits, Idea, ItemRef, Note, Quote, Summary
from flashcards.pipeline.build import Build
from flashcards.record.entries import content_hash
from flashcards.sources.page import read_summary
from flashcards.support.workers import MIN_SOURCES_PER_WORKER, map_in_order, worker_count

# Created before the workers are forked, so that they share it: the first task of each
# worker waits for the other worker, so that one fast worker cannot take every task.
BOTH_STARTED = multiprocessing.get_context("fork").Barrier(2)


def pid_of_worker(items):
    return [(item, os.getpid()) for item in items]


def pid_once_both_started(items):
    if not getattr(pid_once_both_started, "waited", False):
        BOTH_STARTED.wait(timeout=30)
        pid_once_both_started.waited = True
    return pid_of_worker(items)


def test_work_is_shared_between_processes_and_comes_back_in_order():
    results = list(map_in_order(pid_once_both_started, list(range(200)), workers=2))
    assert [item for item, _ in results] == list(range(200))
    pids = {pid for _, pid in results}
    assert len(pids) == 2
    assert os.getpid() not in pids


def test_results_come_back_through_files_that_are_gone_once_read(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    results = map_in_order(pid_of_worker, list(range(100)), workers=2)
    first = next(results)
    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith("flashcards-results-")
    assert [item for item, _ in [first, *results]] == list(range(100))
    assert list(tmp_path.iterdir()) == []
    # A build that stops half-way (its consumer closes the generator) removes them too.
    results = map_in_order(pid_of_worker, list(range(100)), workers=2)
    next(results)
    results.close()
    assert list(tmp_path.iterdir()) == []


def test_records_come_back_from_a_worker_whole():
    idea = Idea("i", 3, HandEdits(question="Q?", answer="A", tags=("t",), skip=True), "Headline", "Why.")
    quote = Quote(
        "q", 5, HandEdits(question="Who?", answer="Ada", tags=("u",), skip=True), "Said.", "Ada", "note"
    )
    summary = Summary(
        "s", "page.txt", "T", "C", "S #1", "https://x", "O", ("p",), (idea,), (quote,), "D", ("v",)
    )
    note = Note("guid", "qa", ("a", "b"), ("t",), "Deck", ItemRef("s", "idea", "i", 1, "qa", "qa", "H"))
    for record in (idea, quote, summary, note):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record and copy is not record


def test_one_worker_runs_in_this_process():
    assert {pid for _, pid in map_in_order(pid_of_worker, [1, 2, 3], workers=1)} == {os.getpid()}


@pytest.mark.parametrize(
    ("sources", "jobs", "expected"),
    [
        (1000, 1, 1),
        (1000, 3, 3),
        (MIN_SOURCES_PER_WORKER - 1, 4, 1),
        (2 * MIN_SOURCES_PER_WORKER, 8, 2),
        (COUNT, 2, 2),
    ],
)
def test_worker_count(sources, jobs, expected):
    assert worker_count(sources, jobs) == expected


def test_plan_is_the_same_with_and_without_workers(tmp_path):
    paths = write_pages(tmp_path)
    alone = Build(paths, parent="Shows", jobs=1).plan()
    shared = Build(paths, parent="Shows", jobs=2).plan()
    assert shared.notes == alone.notes
    # Made beside the notes, the content hashes are the ones the record would make of them.
    assert shared.digests == alone.digests == tuple(map(content_hash, alone.notes))
    assert shared.summaries == alone.summaries
    assert shared.warnings == alone.warnings
    first = tmp_path / "page-010.txt"
    same = read_summary(first)[0].id
    expected = []
    for copy, number in enumerate(SAME_TITLE_AS_10, start=2):
        expected.append(
            f"{tmp_path / f'page-{number:03d}.txt'}: has the same id {same!r} as {first};"
            f" its notes use the id '{same}-{copy}' so that neither replaces the other"
        )
    for copy, number in enumerate(SAME_TITLE_AS_10, start=2):
        expected.append(
            f"{tmp_path / f'page-{number:03d}.txt'}: has the same deck name as {first};"
            f" its deck is 'Shows::Episode 10 ({copy})'"
        )
    assert [str(warning) for warning in shared.warnings] == expected


def test_package_bytes_do_not_depend_on_the_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    paths = [str(path) for path in write_pages(tmp_path)]
    # Two clozes of ideas and the quote's complete card a page (one speaker: no who card), as the
    # plan says.
    total = len(Build(list(map(Path, paths))).plan().notes)
    assert total >= 3 * COUNT
    packages = []
    for jobs in ("1", "2"):
        package = tmp_path / f"jobs-{jobs}.apkg"
        result = CliRunner().invoke(cli, ["build", *paths, "-o", str(package), "--deck", "Shows", "-j", jobs])
        assert result.exit_code == 0, result.output
        assert result.output.endswith(
            f"{package}: {total} notes, {total} cards from 200 ideas and 100 quotes\n"
            f"Notes against the last build: {total} new, 0 updated, 0 unchanged, 0 removed\n"
        )
        packages.append(package.read_bytes())
    assert packages[0] == packages[1]
    notes = import_and_read(tmp_path / "jobs-2.apkg", tmp_path / "anki")
    assert len(notes) == total
    decks = {card.deck for note in notes for card in note.cards}
    assert {"Shows::Episode 10", "Shows::Episode 10 (2)", "Shows::Episode 10 (3)"} <= decks
    assert len(decks) == COUNT


def test_a_failing_source_in_a_worker_is_reported_as_without_workers(tmp_path):
    paths = [str(path) for path in write_pages(tmp_path, broken=77)]
    package = tmp_path / "shows.apkg"
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["build", *paths, "-o", str(package), "-j", jobs])
        assert result.exit_code == 1
        outputs.append(result.output)
    # The warnings about the sources before it come first: page 40 shares page 10's title.
    page = {number: tmp_path / f"page-{number:03d}.txt" for number in (10, 40, 77)}
    same = read_summary(page[10])[0].id
    assert (
        outputs[0]
        == outputs[1]
        == (
            f"Warning: {page[40]}: has the same id {same!r} as {page[10]};"
            f" its notes use the id '{same}-2' so that neither replaces the other\n"
            f"Warning: {page[40]}: has the same deck name as {page[10]};"
            " its deck is 'Summaries::Episode 10 (2)'\n"
            f"Error: {page[77]}: is empty: expected a summary page\n"
        )
    )
    assert not package.exists()
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_fault_found_in_the_main_process_comes_first_as_without_workers(tmp_path):
    # Page 20 repeats page 10 (refused in the main process); page 22, in the same task of a
    # worker, cannot be read. Without workers page 20 is refused first: so it is with them.
    paths = write_pages(tmp_path, broken=22)
    paths[19].write_bytes(paths[9].read_bytes())
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            cli, ["build", *map(str, paths), "-o", str(tmp_path / "x.apkg"), "-j", jobs]
        )
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {paths[19]}: is the same summary as {paths[9]} (id {read_summary(paths[9])[0].id!r});"
            " build from one of them\n"
        )


def test_a_source_that_stops_the_build_ends_the_workers_and_leaves_no_files(tmp_path, monkeypatch):
    # Page 20 is page 10 again: the main process refuses it while the workers make later pages.
    paths = write_pages(tmp_path)
    paths[19].write_bytes(paths[9].read_bytes())
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    package = tmp_path / "out" / "shows.apkg"
    result = CliRunner().invoke(cli, ["build", *map(str, paths), "-o", str(package), "-j", "2"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {paths[19]}: is the same summary as {paths[9]} (id {read_summary(paths[9])[0].id!r});"
        " build from one of them\n"
    )
    # Ended as the build stopped, not whenever its objects happen to be freed.
    assert multiprocessing.active_children() == []
    assert list((tmp_path / "out").iterdir()) == []
    assert list(temporary.iterdir()) == []


def test_jobs_must_be_at_least_one(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "x.txt"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in result.output


# A build whose workers stall on their first source, so that the test can stop it there.
STALLING_BUILD = """
import os, sys, time, pathlib
from flashcards.pipeline import build
from flashcards.cli import cli
from flashcards.record.entries import content_hash
from flashcards.models import Idea, Note, Quote, Summary

def stalling_read(path, encoding):
    pathlib.Path(sys.argv[1], str(os.getpid())).write_text("reading")
    time.sleep(60)

build.read_source = stalling_read
cli(["build", *sys.argv[3:], "-o", sys.argv[2], "-j", "2"], prog_name="flashcards")
"""


def running(pid: int) -> bool:
    """Whether a process still runs: gone, or dead but not yet reaped (a zombie), is not running."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def stop_build_in_workers(tmp_path, sig):
    markers = tmp_path / "workers"
    markers.mkdir()
    package = tmp_path / "shows.apkg"
    pages = [str(path) for path in write_pages(tmp_path)]
    # A $TMPDIR of its own, to see what the build leaves there (and leave nothing in the real one).
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", STALLING_BUILD, str(markers), str(package), *pages],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
    )
    deadline = time.monotonic() + 30
    while len(list(markers.iterdir())) < 2:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.02)
    workers = [int(marker.name) for marker in markers.iterdir()]
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    return process.returncode, stdout, stderr, [pid for pid in workers if running(pid)], package


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_stopping_a_build_ends_its_workers_quietly(tmp_path, sig):
    returncode, stdout, stderr, left, package = stop_build_in_workers(tmp_path, sig)
    expected = (130, "", "Interrupted.\n") if sig == signal.SIGINT else (143, "", "Terminated.\n")
    assert (returncode, stdout, stderr) == expected
    assert left == []
    assert not package.exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_workers_end_when_the_build_is_killed_hard(tmp_path):
    returncode, stdout, stderr, left, _ = stop_build_in_workers(tmp_path, signal.SIGKILL)
    assert (returncode, stdout, stderr) == (-signal.SIGKILL, "", "")
    assert left == []
    # The folder the workers hand their results back through stays in $TMPDIR.
    [folder] = (tmp_path / "tmp").iterdir()
    assert folder.name.startswith("flashcards-results-")
