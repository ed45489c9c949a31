"""A progress bar on stderr for builds longer than a moment, only on a terminal; -q silences it."""

from __future__ import annotations

import io

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED

from flashcards import cli as cli_module
from flashcards.cli import cli


class Terminal(io.StringIO):
    """A stderr that says a person is watching it."""

    def isatty(self) -> bool:
        return True


def two_sources(tmp_path):
    other = tmp_path / "other.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    return [str(SEED), str(other)]


def watched_build(monkeypatch, tmp_path, *options):
    terminal = Terminal()
    monkeypatch.setattr(cli_module, "progress_stream", lambda: terminal)
    monkeypatch.setattr(cli_module.Progress, "delay", 0.0)  # every build counts as long here
    package = tmp_path / "out.apkg"
    arguments = ["build", *two_sources(tmp_path), "-o", str(package), "--cards", "cloze,who", *options]
    result = CliRunner().invoke(cli, arguments)
    return result, terminal.getvalue(), package


def test_long_build_on_a_terminal_shows_a_bar(monkeypatch, tmp_path):
    result, bar, package = watched_build(monkeypatch, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 20 notes, 20 cards from 10 ideas and 10 quotes\n"
        "Notes against the last build: 20 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert "Building  [" in bar
    assert f"Writing {package}  [####################################]  100%" in bar
    assert len(import_and_read(package, tmp_path / "anki")) == 20


def test_quiet_shows_neither_bar_nor_summary(monkeypatch, tmp_path):
    result, bar, package = watched_build(monkeypatch, tmp_path, "-q")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert bar == ""
    assert len(import_and_read(package, tmp_path / "anki")) == 20


def test_quick_build_shows_no_bar(monkeypatch, tmp_path):
    terminal = Terminal()
    monkeypatch.setattr(cli_module, "progress_stream", lambda: terminal)
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(package), "--cards", "cloze,who"])
    assert result.exit_code == 0, result.output
    assert terminal.getvalue() == ""  # one summary builds in far less than half a second
    assert len(import_and_read(package, tmp_path / "anki")) == 10


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(cli_module.sys, "stderr", io.StringIO())
    assert cli_module.progress_stream() is None
    monkeypatch.setattr(cli_module.sys, "stderr", Terminal())
    assert cli_module.progress_stream() is cli_module.sys.stderr
