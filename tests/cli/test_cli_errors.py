"""Bad input gets one clear line naming the file (and line), exit 1; bad usage exits 2."""

from __future__ import annotations

from helpers import run


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.txt"
    result = run("build", str(missing), "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}: no such file\n"
    assert not (tmp_path / "out.apkg").exists()


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("build", str(empty), "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert result.output == f"Error: {empty}: is empty: expected a summary page\n"
    assert list(tmp_path.iterdir()) == [empty]


def test_page_without_items(tmp_path):
    page = tmp_path / "bare.txt"
    page.write_text("Some ChannelA Title | Some Channel #3\nIDEAS WORTH REMEMBERING\n0 ideas\n")
    result = run("build", str(page), "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert result.output == f"Error: {page}:2: has no ideas and no quotes to make cards from\n"
    assert list(tmp_path.iterdir()) == [page]


def test_text_that_is_not_a_summary(tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("\nshopping list\neggs\n")
    result = run("build", str(page), "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {page}:2: no 'IDEAS WORTH REMEMBERING' or 'WORDS WORTH SAVING' section: not a summary page\n"
    )


def test_directory_given_as_input(tmp_path):
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: is a directory, not a summary file\n"


def test_directory_given_as_output_takes_the_default_name(tmp_path):
    from helpers import SEED

    result = run("build", str(SEED), "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "lex-fridman-podcast-459.apkg",
        "lex-fridman-podcast-459.lock.yaml",
    ]


def test_no_sources_is_a_usage_error():
    result = run("build")
    assert result.exit_code == 2
    assert "Missing argument 'SOURCES...'" in result.output


def test_unknown_option_is_a_usage_error():
    result = run("build", "--colour", "x.txt")
    assert result.exit_code == 2
    assert result.output.endswith("Error: No such option '--colour'.\n")


def test_module_help_runs():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "flashcards", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Turn AI summaries" in done.stdout
