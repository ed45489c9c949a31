"""The benchmark script runs end to end at a small size, so it never rots."""

from __future__ import annotations

import re
import subprocess
import sys

from ankicheck import import_and_read
from helpers import ROOT

from flashcards.pipeline.build import Build

SCRIPT = ROOT / "benchmarks" / "run.py"


def test_benchmark_runs_at_ten_summaries(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "10", "--repeat", "1", "--startup-runs", "3", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    folder = tmp_path / "10"
    pages = sorted((folder / "pages").glob("*.txt"))
    assert len(pages) == 10
    notes = Build(pages, parent="Benchmark").plan().notes
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Machine: ")
    row = next(line for line in lines if line.startswith("| 10 |"))
    assert re.fullmatch(
        rf"\| 10 \| {len(notes)} \| [\d.]+ s \(median [\d.]+\) \| [\d.]+ s \(median [\d.]+\)"
        r" \| [\d.]+x \| [\d.]+x \| \d+ MB \| \d+ MB \|",
        row,
    ), row
    assert any(re.fullmatch(r"\| `flashcards --help` \| \d+ ms \| [\d.]+x \|", line) for line in lines)
    assert re.search(
        r"^- `flashcards --help`: [\d.]+x `import click` \(target <= 1.3x\): (met|NOT met)$",
        result.stdout,
        re.MULTILINE,
    )
    # Both sides wrote the same notes: the comparison is like for like.
    ours = import_and_read(folder / "ours.apkg", tmp_path / "anki-ours")
    bare = import_and_read(folder / "bare.apkg", tmp_path / "anki-bare")
    assert sorted(note.guid for note in ours) == sorted(note.guid for note in bare)
    assert sorted(tuple(note.fields.values()) for note in ours) == sorted(
        tuple(note.fields.values()) for note in bare
    )
    assert len(ours) == len(notes)


def test_stage_split_runs_at_ten_summaries():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "stages.py"), "10"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"10 summaries, \d+ notes: [\d.]+ s CPU", lines[0]), lines[0]
    stages = [line.split("  ")[1].strip() for line in lines[1:]]
    assert stages == [
        "import flashcards and genanki",
        "read and parse pages",
        "make notes (cards stage)",
        "hash the notes' content",
        "match the record (ids, times)",
        "write the package",
        "write the record (.lock.yaml)",
    ]
