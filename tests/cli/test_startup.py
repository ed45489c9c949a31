"""`flashcards --help` starts fast: it loads Click and the CLI, not genanki, YAML or the card stage."""

from __future__ import annotations

import subprocess
import sys


def imported_by(*arguments: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flashcards", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Each line of -X importtime: "import time: self | cumulative | module"
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.count("|") == 2}


def test_help_loads_neither_genanki_nor_yaml_nor_the_card_stage():
    modules = imported_by("--help")
    assert "click" in modules
    assert "flashcards.cli" in modules
    heavy = {"genanki", "yaml", "sqlite3", "dataclasses", "flashcards.cards.notes", "flashcards.questions"}
    heavy |= {"flashcards.package.writer", "flashcards.package.notetypes"}
    assert modules.isdisjoint(heavy), modules & heavy


def test_build_help_is_as_light():
    modules = imported_by("build", "--help")
    assert "genanki" not in modules
    assert "yaml" not in modules
    assert "flashcards.cards.notes" not in modules
