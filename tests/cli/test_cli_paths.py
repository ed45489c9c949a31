"""Where commands write (issue 15): never a deck of other summaries without --force, never an input,
never a package's record; folders, a missing .apkg and `-o -` handled as people expect."""

from __future__ import annotations

import dataclasses

import pytest
from ankicheck import import_and_read
from helpers import SEED, run
from pages import page

from flashcards.sources.extract import summary_to_yaml
from flashcards.sources.page import read_summary

SHOWS = {
    "a.txt": ("Garden ShowTomatoes in Pots | Garden Show #1", "Tomatoes need six hours of sun"),
    "b.txt": ("Money TalkIndex Funds | Money Talk #2", "Index funds beat most managers"),
    "c.txt": ("Sky HourThe Moon Tonight | Sky Hour #3", "The Moon has no air at all"),
    "d.txt": ("Bread LabSourdough Basics | Bread Lab #4", "Sourdough rises with wild yeast"),
}
IDS = {"a.txt": "garden-show-1", "b.txt": "money-talk-2", "c.txt": "sky-hour-3", "d.txt": "bread-lab-4"}
USAGE = "Usage: flashcards build [OPTIONS] SOURCES...\nTry 'flashcards build --help' for help.\n\n"


@pytest.fixture
def pages(tmp_path, monkeypatch):
    """Four one-idea, one-quote pages of unrelated shows, in the current folder. Each makes two notes:
    its idea's cloze, and its quote's complete-the-quote (one speaker on the page: no who-said-it)."""
    monkeypatch.chdir(tmp_path)
    for name, (title_line, headline) in SHOWS.items():
        text = page([(headline, "An explanation of it.")], [("Keep it simple.", "— A Host")], title_line)
        (tmp_path / name).write_text(text)
    return tmp_path


def report(notes: int, removed: int = 0, new: int | None = None, unchanged: int = 0) -> str:
    new = notes if new is None else new
    return f"Notes against the last build: {new} new, 0 updated, {unchanged} unchanged, {removed} removed\n"


def test_unrelated_builds_with_default_names_write_different_packages(pages):
    first = run("build", "a.txt", "b.txt")
    second = run("build", "c.txt", "d.txt")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.output == (
        "decks/garden-show-1-and-1-more.apkg: 4 notes, 4 cards from 2 ideas and 2 quotes\n" + report(4)
    )
    assert second.output == (
        "decks/sky-hour-3-and-1-more.apkg: 4 notes, 4 cards from 2 ideas and 2 quotes\n" + report(4)
    )
    for name in ("garden-show-1-and-1-more", "sky-hour-3-and-1-more"):
        assert len(import_and_read(pages / "decks" / f"{name}.apkg", pages / name)) == 4


def test_one_page_is_named_after_its_summary_id(pages):
    result = run("build", "a.txt")
    assert result.exit_code == 0
    assert result.output.startswith(f"decks/{IDS['a.txt']}.apkg: 2 notes, 2 cards")


def test_a_summary_id_too_long_for_a_file_name_is_cut_at_a_word(pages):
    # An id written in the YAML (or a --deck name) can be longer than the 255 bytes a file name takes.
    long_id = "-".join(["episode"] * 60)
    text = (pages / "a.txt").read_text()
    summary = read_summary(pages / "a.txt")[0]
    (pages / "long.yaml").write_text(summary_to_yaml(dataclasses.replace(summary, id=long_id)))
    result = run("build", "long.yaml")
    assert result.exit_code == 0, result.output
    written = [path for path in (pages / "decks").iterdir() if path.suffix == ".apkg"]
    assert len(written) == 1 and len(written[0].name.encode()) <= 210
    assert long_id.startswith(written[0].stem) and not written[0].stem.endswith("-")
    assert result.output.startswith(f"decks/{written[0].name}: 2 notes, 2 cards")
    assert len(import_and_read(written[0], pages / "collection")) == 2
    assert text == (pages / "a.txt").read_text()


def test_a_package_of_other_summaries_is_never_replaced_silently(pages):
    assert run("build", "a.txt", "b.txt", "-o", "podcasts.apkg").exit_code == 0
    before = (pages / "podcasts.apkg").read_bytes()
    result = run("build", "c.txt", "d.txt", "-o", "podcasts.apkg")
    assert result.exit_code == 1
    # The record names its summaries by their ids: the file-name words and a hash of the page's show.
    first, second = (read_summary(pages / name)[0].id for name in ("a.txt", "b.txt"))
    assert (first, second) == (f"{IDS['a.txt']}-{first[-10:]}", f"{IDS['b.txt']}-{second[-10:]}")
    assert result.output == (
        f"Error: podcasts.apkg: holds a deck made from other summaries ({first}, {second});"
        " building here would replace it: choose another -o, or add --force to replace it\n"
    )
    assert (pages / "podcasts.apkg").read_bytes() == before
    assert sorted(path.name for path in pages.iterdir() if "podcasts" in path.name) == [
        "podcasts.apkg",
        "podcasts.lock.yaml",
    ]
    assert run("build", "c.txt", "d.txt", "-o", "podcasts.apkg", "--dry-run").exit_code == 1
    forced = run("build", "c.txt", "d.txt", "-o", "podcasts.apkg", "--force")
    assert forced.exit_code == 0
    assert forced.output == (
        "podcasts.apkg: 4 notes, 4 cards from 2 ideas and 2 quotes\n" + report(4, removed=4)
    )
    assert len(import_and_read(pages / "podcasts.apkg", pages / "anki")) == 4
    # A package sharing one summary with the build is its own deck, rebuilt without --force.
    result = run("build", "c.txt", "a.txt", "-o", "podcasts.apkg")
    assert result.exit_code == 0
    assert result.output.endswith(report(4, new=2, unchanged=2, removed=2))


def test_an_output_that_is_an_input_is_refused(pages):
    # A summary in YAML named like a record: the package's record would be written over it.
    assert run("extract", "a.txt", "-o", "notes.lock.yaml").exit_code == 1
    source = pages / "notes.lock.yaml"
    source.write_text(run("extract", "a.txt", "-o", "-").output)
    yaml_text = source.read_text()
    result = run("build", "notes.lock.yaml", "-o", "notes.apkg")
    assert result.exit_code == 1
    assert result.output == (
        "Error: notes.lock.yaml: is an input of this command, and the record of notes.apkg would"
        " replace it; choose another output\n"
    )
    assert source.read_text() == yaml_text
    assert not (pages / "notes.apkg").exists()


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("page.txt", "page.txt"),
        ("page.yaml", "page.yaml"),  # a hand-edited YAML file
        ("page.txt", "other.lock.yaml"),  # another package's record
        ("page.txt", "deck.zip"),
    ],
)
def test_an_output_without_the_apkg_extension_is_a_usage_error(pages, source, output):
    (pages / "page.txt").write_text((pages / "a.txt").read_text())
    (pages / "page.yaml").write_text(run("extract", "a.txt", "-o", "-").output)
    (pages / "other.lock.yaml").write_text("version: 1\nnotes: []\n")
    before = {path.name: path.read_bytes() for path in pages.iterdir()}
    result = run("build", source, "-o", output)
    assert result.exit_code == 2
    assert result.output == (
        f"{USAGE}Error: Invalid value for '-o' / '--output': {output}: Anki imports only .apkg files;"
        " give a name ending in .apkg\n"
    )
    assert {path.name: path.read_bytes() for path in pages.iterdir()} == before


def test_preview_and_extract_never_write_over_their_input(pages):
    original = (pages / "a.txt").read_text()
    preview = run("preview", "a.txt", "--html", "a.txt")
    assert preview.exit_code == 1
    assert preview.output == "Error: a.txt: is an input of this command; writing there would replace it\n"
    extract = run("extract", "a.txt", "-o", "a.txt", "--force")
    assert extract.exit_code == 1
    assert extract.output == "Error: a.txt: is an input of this command; writing there would replace it\n"
    assert (pages / "a.txt").read_text() == original


def test_a_preview_page_never_goes_to_a_summary_a_glob_put_after_html(pages):
    # "--html *.txt" takes a.txt for the page and would write the HTML over it.
    before = {path.name: path.read_bytes() for path in pages.iterdir()}
    result = run("preview", "--html", "a.txt", "b.txt")
    assert result.exit_code == 1
    assert result.output == (
        "Error: a.txt: exists and is no HTML page; writing the preview there would replace it\n"
    )
    assert {path.name: path.read_bytes() for path in pages.iterdir()} == before
    # A page already written is written again; a new file may have any name.
    for name in ("page.html", "page.html", "page.HTML", "page"):
        assert run("preview", "--html", name, "b.txt").exit_code == 0


def test_preview_and_extract_never_write_over_a_record(pages):
    assert run("build", "a.txt", "-o", "a.apkg").exit_code == 0
    record = (pages / "a.lock.yaml").read_text()
    message = (
        "Error: a.lock.yaml: is the name of a package's record (the one of a.apkg); choose another output\n"
    )
    for args in (("preview", "b.txt", "--html", "a.lock.yaml"), ("extract", "b.txt", "-o", "a.lock.yaml")):
        result = run(*args)
        assert (result.exit_code, result.output) == (1, message)
    assert (pages / "a.lock.yaml").read_text() == record


def test_a_folder_takes_the_default_name(pages):
    for output in ("newdir/", "decks2"):
        if output == "decks2":
            (pages / "decks2").mkdir()
        result = run("build", "a.txt", "-o", output, "-q")
        assert (result.exit_code, result.output) == (0, "")
        folder = pages / output.rstrip("/")
        assert sorted(path.name for path in folder.iterdir()) == [
            "garden-show-1.apkg",
            "garden-show-1.lock.yaml",
        ]


def test_a_missing_extension_is_added_and_said(pages):
    result = run("build", "a.txt", "-o", "mydeck")
    assert result.exit_code == 0
    assert result.output == (
        "Note: mydeck has no extension; writing mydeck.apkg\n"
        "mydeck.apkg: 2 notes, 2 cards from 1 idea and 1 quote\n" + report(2)
    )
    assert not (pages / "mydeck").exists()
    assert len(import_and_read(pages / "mydeck.apkg", pages / "anki")) == 2


def test_a_package_cannot_go_to_standard_output(pages):
    result = run("build", "a.txt", "-o", "-")
    assert result.exit_code == 2
    assert result.output == (
        f"{USAGE}Error: Invalid value for '-o' / '--output': a package cannot go to standard output:"
        " it is a file with its record beside it; give a file name ending in .apkg\n"
    )
    assert not (pages / "-").exists()


def test_the_readme_first_command_names_what_it_wrote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", str(SEED))
    assert result.exit_code == 0
    # Five clozes and one fact from the ideas; five who-said-its (three speakers) from the quotes.
    assert result.output == (
        "decks/lex-fridman-podcast-459.apkg: 11 notes, 11 cards from 5 ideas and 5 quotes\n" + report(11)
    )
    assert len(import_and_read(tmp_path / "decks" / "lex-fridman-podcast-459.apkg", tmp_path / "anki")) == 11
