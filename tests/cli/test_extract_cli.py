"""`flashcards extract` writes the editable YAML: to a file, to stdout, never over a file's edits unasked."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from helpers import SEED, run

from flashcards.cards.notes import hidden_words
from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.sources.extract import HEADER
from flashcards.sources.page import read_summary


def test_extract_writes_the_summary_and_the_generated_cards(tmp_path):
    target = tmp_path / "seed.yaml"
    result = run("extract", str(SEED), "-o", str(target))
    assert result.exit_code == 0
    assert result.output == f"{target}: 5 ideas and 5 quotes; edit it, then run: flashcards build {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    data = yaml.safe_load(text)
    summary, _ = read_summary(SEED)
    assert list(data) == ["title", "channel", "series", "id", "overview", "points", "ideas", "quotes"]
    assert (data["title"], data["channel"], data["id"]) == (summary.title, summary.channel, summary.id)
    hidden = hidden_words(summary)
    assert data["ideas"] == [
        {
            "id": idea.id,
            "headline": idea.headline,
            "explanation": idea.explanation,
            "hide": hidden[("idea", idea.id)],
        }
        for idea in summary.ideas
    ]
    # Each `hide` is what the cloze of the page's own build hides.
    notes = Build([SEED]).plan().notes
    fronts = {note.key.split("/")[-2]: note.fields[0] for note in notes if note.key.endswith("/cloze")}
    assert all(f"{{{{c1::{idea['hide']}}}}}" in fronts[idea["id"]] for idea in data["ideas"])
    quote = ("quote", summary.quotes[4].id)
    assert data["quotes"][4] == {
        "id": summary.quotes[4].id,
        "text": "Superhuman persuasion will happen before superhuman intelligence.",
        "speaker": "Dylan Patel",
        "note": "citing Sam Altman",
        **({"hide": hidden[quote]} if quote in hidden else {}),
    }


def test_extract_to_stdout_prints_only_the_yaml(tmp_path):
    target = tmp_path / "seed.yaml"
    assert run("extract", str(SEED), "-o", str(target)).exit_code == 0
    result = run("extract", str(SEED), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == target.read_text(encoding="utf-8")
    assert result.stderr == ""


def test_extract_keeps_a_link_and_reads_in_page_order(tmp_path):
    page = tmp_path / "linked.txt"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join([lines[0], "https://example.com/watch?v=1", *lines[1:]]), encoding="utf-8")
    result = run("extract", str(page), "-o", "-")
    assert result.exit_code == 0, result.output
    keys = [line.split(":")[0] for line in result.stdout.splitlines() if line[:1].isalpha()]
    assert keys == ["title", "channel", "series", "link", "id", "overview", "points", "ideas", "quotes"]
    assert "\nlink: https://example.com/watch?v=1\n" in result.stdout


def test_extract_defaults_to_the_source_name(tmp_path):
    page = tmp_path / "talk.txt"
    page.write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0
    assert (tmp_path / "talk.yaml").is_file()


def test_extract_never_overwrites_edits_unasked(tmp_path):
    target = tmp_path / "seed.yaml"
    target.write_text("# my careful edits\n", encoding="utf-8")
    result = run("extract", str(SEED), "-o", str(target))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {target}: already exists; pass --force to replace it and lose its edits\n"
    )
    assert target.read_text(encoding="utf-8") == "# my careful edits\n"
    forced = run("extract", str(SEED), "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert [path.name for path in tmp_path.iterdir()] == ["seed.yaml"]


def test_extract_reports_page_warnings_on_stderr(tmp_path):
    page = tmp_path / "short.txt"
    page.write_text(
        "A ChannelA Talk | A Channel #2\nIDEAS WORTH REMEMBERING\n3 ideasOne idea.\nWhy it matters.\n",
        encoding="utf-8",
    )
    result = run("extract", str(page), "-o", "-")
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {page}:3: the page declares 3 ideas but 1 was found\n"
    assert yaml.safe_load(result.stdout)["ideas"][0]["headline"] == "One idea."


def test_extract_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run("extract", str(missing), "-o", "-")
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}: no such file\n"
    result = run("extract", str(SEED), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: is a directory; give a file name ending in .yaml\n"


def test_extract_without_a_source_is_a_usage_error():
    result = run("extract")
    assert result.exit_code == 2
    assert "Missing argument 'SOURCE'" in result.output
