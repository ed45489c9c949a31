"""Habits people bring from other command-line tools (issue 15): `::` nests decks, `-` is standard
input or output, NO_COLOR, Ctrl-C exits 130, a closed or full standard output ends quietly,
usage errors exit 2, and every --help ends with examples."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ankicheck import import_and_read
from helpers import SEED, run

from flashcards.views import inspection as inspect_module

TITLE = "DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters"
# The seed page: a cloze for each idea and one fact; a who-said-it for each quote (three speakers),
# and no complete-the-quote beside it.
SUMMARY_LINE = "11 notes, 11 cards from 5 ideas and 5 quotes"
REPORT = "Notes against the last build: 11 new, 0 updated, 0 unchanged, 0 removed\n"


def usage(command: str, message: str) -> str:
    arguments = {"build": " SOURCES...", "preview": " SOURCES...", "extract": " SOURCE"}[command]
    return (
        f"Usage: flashcards {command} [OPTIONS]{arguments}\n"
        f"Try 'flashcards {command} --help' for help.\n\nError: {message}\n"
    )


def decks_of(package, folder) -> set[str]:
    return {card.deck for note in import_and_read(package, folder) for card in note.cards}


# Deck names


def test_double_colon_in_deck_nests_as_in_anki(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text().replace("#459", "#460"))
    package = tmp_path / "p.apkg"
    result = run("build", str(SEED), str(other), "-o", str(package), "--deck", "Podcasts :: Science")
    assert result.exit_code == 0, result.output
    assert decks_of(package, tmp_path / "anki") == {
        f"Podcasts::Science::{TITLE}",
        f"Podcasts::Science::{TITLE} (2)",
    }


def test_yaml_deck_nests_as_in_anki(tmp_path):
    source = tmp_path / "page.yaml"
    assert run("extract", str(SEED), "-o", str(source)).exit_code == 0
    source.write_text(source.read_text().replace("\nid: ", "\ndeck: Sleep::Huberman\nid: ", 1))
    package = tmp_path / "p.apkg"
    assert run("build", str(source), "-o", str(package)).exit_code == 0
    assert decks_of(package, tmp_path / "anki") == {"Sleep::Huberman"}


@pytest.mark.parametrize("command", ["build", "preview"])
@pytest.mark.parametrize(
    ("deck", "message"),
    [
        ("", "is blank; give a deck name, or leave the option out"),
        ("  ", "is blank; give a deck name, or leave the option out"),
        ("Podcasts::", "'Podcasts::' has an empty part between '::'; write Parent::Child"),
    ],
)
def test_blank_deck_is_a_usage_error(tmp_path, command, deck, message):
    result = run(
        command, str(SEED), "-o" if command == "build" else "--html", str(tmp_path / "x"), "--deck", deck
    )
    assert result.exit_code == 2
    assert result.output == usage(command, f"Invalid value for '--deck': {message}")
    assert list(tmp_path.iterdir()) == []


def test_blank_yaml_deck_names_its_line(tmp_path):
    source = tmp_path / "page.yaml"
    assert run("extract", str(SEED), "-o", str(source)).exit_code == 0
    text = source.read_text().replace("\nid: ", "\ndeck: ' '\nid: ", 1)
    source.write_text(text)
    line = text.splitlines().index("deck: ' '") + 1
    result = run("build", str(source), "-o", str(tmp_path / "p.apkg"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {source}:{line}: 'deck' is blank; give a deck name, or delete the line to use the title\n"
    )


# Standard input and output


def test_build_reads_standard_input(tmp_path):
    package = tmp_path / "p.apkg"
    result = run("build", "-", "-o", str(package), input=SEED.read_text())
    assert result.exit_code == 0
    assert result.output == f"{package}: {SUMMARY_LINE}\n{REPORT}"
    assert len(import_and_read(package, tmp_path / "anki")) == 11


def test_build_reads_yaml_from_standard_input(tmp_path):
    yaml_text = run("extract", str(SEED), "-o", "-").output
    package = tmp_path / "p.apkg"
    result = run("build", "-", "-o", str(package), input=yaml_text)
    assert (result.exit_code, result.output) == (0, f"{package}: {SUMMARY_LINE}\n{REPORT}")


def test_standard_input_is_named_in_messages(tmp_path):
    result = run("build", "-", "-o", str(tmp_path / "p.apkg"), input="shopping list\neggs\n")
    assert result.exit_code == 1
    assert result.output == (
        "Error: <stdin>:1: no 'IDEAS WORTH REMEMBERING' or 'WORDS WORTH SAVING' section: not a summary page\n"
    )


def test_a_build_from_standard_input_needs_an_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "-", input=SEED.read_text())
    assert result.exit_code == 2
    assert result.output == usage(
        "build", "a build from standard input (-) needs -o FILE.apkg to name its package"
    )
    assert list(tmp_path.iterdir()) == []


def test_preview_and_extract_read_standard_input(tmp_path):
    preview = run("preview", "-", input=SEED.read_text())
    assert preview.exit_code == 0
    assert preview.output == run("preview", str(SEED)).output.replace(f"Source {SEED}", "Source <stdin>")
    extract = run("extract", "-", input=SEED.read_text())
    assert (extract.exit_code, extract.output) == (0, run("extract", str(SEED), "-o", "-").output)


def test_preview_html_to_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.html"
    assert run("preview", str(SEED), "--html", str(page)).exit_code == 0
    result = run("preview", str(SEED), "--html", "-")
    assert (result.exit_code, result.output) == (0, page.read_text())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["page.html"]


# Conventions


def test_no_color_is_honoured():
    coloured = run("preview", str(SEED), color=True)
    assert "\x1b[" in coloured.output
    plain = run("preview", str(SEED), color=True, env={"NO_COLOR": "1"})
    assert plain.exit_code == 0
    assert plain.output == run("preview", str(SEED)).output
    assert "\x1b[" not in plain.output


def test_ctrl_c_exits_130_with_one_line(monkeypatch, tmp_path):
    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(inspect_module, "read_package", interrupted)
    result = run("inspect", str(tmp_path / "any.apkg"))
    assert (result.exit_code, result.output) == (130, "Interrupted.\n")


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    package = tmp_path_factory.mktemp("deck") / "seed.apkg"
    assert run("build", str(SEED), "-o", str(package), "-q").exit_code == 0
    return package


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_full_or_closed_standard_output_ends_without_a_traceback(package, output_format):
    command = [sys.executable, "-m", "flashcards", "inspect", str(package), "--format", output_format]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert (done.returncode, done.stderr) == (
        1,
        "Error: cannot write to standard output: No space left on device\n",
    )
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does once it has read enough
    assert (process.wait(timeout=60), process.stderr.read()) == (1, b"")


@pytest.mark.parametrize("command", ["build", "preview", "extract"])
def test_an_unknown_encoding_is_a_usage_error(tmp_path, command):
    result = run(command, str(SEED), "--encoding", "klingon")
    assert result.exit_code == 2
    message = (
        "Invalid value for '--encoding': 'klingon' is not an encoding Python knows (say utf-8 or cp1252)"
    )
    assert result.output == usage(command, message)


def test_quiet_and_verbose_together_are_a_usage_error(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path / "p.apkg"), "-q", "-v")
    assert result.exit_code == 2
    assert result.output == usage("build", "-q/--quiet and -v/--verbose cannot be used together")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [[], ["build"], ["preview"], ["extract"], ["inspect"]])
def test_every_help_ends_with_examples(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    examples = result.output.split("\n  Examples:\n")[1].splitlines()
    assert 2 <= len(examples) <= 3
    assert all(line.startswith("    ") and "flashcards " in line for line in examples)
