"""`build` says what changed against the record; `--dry-run` says it and writes nothing."""

from __future__ import annotations

from ankicheck import import_and_read
from helpers import SEED, run

NEW_IDEA = (
    "Power is the new bottleneck for AI megaclusters.\n"
    "Gigawatt-scale data centres need their own power plants, and the grid cannot keep up.\n"
)
LAST_QUOTE = (
    "Superhuman persuasion will happen before superhuman intelligence.\n— Dylan Patel (citing Sam Altman)\n"
)


def second_version(text: str) -> str:
    """One explanation changed, one idea added, the last quote gone (declared counts kept right)."""
    assert LAST_QUOTE in text and "TSMC manufactures the majority" in text
    text = text.replace("5 ideas", "6 ideas").replace("5 quotes", "4 quotes")
    text = text.replace("TSMC manufactures the majority", "TSMC makes most")
    text = text.replace("WORDS WORTH SAVING", NEW_IDEA + "WORDS WORTH SAVING")
    return text.replace(LAST_QUOTE, "")


def first_build(tmp_path):
    source = tmp_path / "summary.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    package = tmp_path / "out" / "summary.apkg"
    assert run("build", str(source), "-o", str(package)).exit_code == 0
    return source, package


def test_first_build_reports_every_note_as_new(tmp_path):
    source = tmp_path / "summary.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    package = tmp_path / "summary.apkg"
    result = run("build", str(source), "-o", str(package))
    assert result.exit_code == 0
    assert result.output == (
        f"{package}: 11 notes, 11 cards from 5 ideas and 5 quotes\n"
        "Notes against the last build: 11 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "summary.apkg",
        "summary.lock.yaml",
        "summary.txt",
    ]
    assert len(import_and_read(package, tmp_path / "anki")) == 11


def test_dry_run_prints_the_report_and_writes_nothing(tmp_path):
    source, package = first_build(tmp_path)
    record = package.with_suffix(".lock.yaml")
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (package, record)}
    source.write_text(second_version(source.read_text(encoding="utf-8")), encoding="utf-8")

    result = run("build", str(source), "-o", str(package), "--dry-run", "-v")

    assert result.exit_code == 0
    assert result.output == (
        f"{package}: dry run, nothing written; 11 notes from 6 ideas and 4 quotes\n"
        "Notes against the last build: 1 new, 1 updated, 9 unchanged, 1 removed\n"
        "  unchanged idea 1 (cloze): DeepSeek proved frontier-class, open-weight reasoning can b…\n"
        "  unchanged idea 2 (cloze): Mixture-of-experts and custom attention (MLA) are now centr…\n"
        "  unchanged idea 3 (cloze): Reasoning models fundamentally change inference economics b…\n"
        "  unchanged idea 4 (cloze): Export controls constrain China’s *AI usage* and density mo…\n"
        "  unchanged idea 4 (fact): Export controls constrain China’s *AI usage* and density mo…\n"
        "  updated   idea 5 (cloze): TSMC remains a single point of failure for global semicondu…\n"
        "  new       idea 6 (cloze): Power is the new bottleneck for AI megaclusters.\n"
        "  unchanged quote 1 (who): The ‘DeepSeek moment’ is real. Five years from now, people…\n"
        "  unchanged quote 2 (who): Every company that’s trying to push the frontier of AI has…\n"
        "  unchanged quote 3 (who): If you think AGI is five or ten years away, export controls…\n"
        "  unchanged quote 4 (who): Open weights means you can download the model to a computer…\n"
        "  removed   quote 5 (who): Superhuman persuasion will happen before superhuman intelli…\n"
    )
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (package, record)} == before
    assert sorted(path.name for path in package.parent.iterdir()) == ["summary.apkg", "summary.lock.yaml"]


def test_dry_run_without_a_previous_build_creates_nothing(tmp_path):
    package = tmp_path / "out" / "summary.apkg"
    result = run("build", str(SEED), "-o", str(package), "--dry-run")
    assert result.exit_code == 0
    assert result.output == (
        f"{package}: dry run, nothing written; 11 notes from 5 ideas and 5 quotes\n"
        "Notes against the last build: 11 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_removed_item_is_reported_as_removed_and_leaves_the_record(tmp_path):
    source, package = first_build(tmp_path)
    source.write_text(second_version(source.read_text(encoding="utf-8")), encoding="utf-8")

    result = run("build", str(source), "-o", str(package))

    assert result.exit_code == 0
    assert result.output == (
        f"{package}: 11 notes, 11 cards from 6 ideas and 4 quotes\n"
        "Notes against the last build: 1 new, 1 updated, 9 unchanged, 1 removed\n"
    )
    record = package.with_suffix(".lock.yaml").read_text(encoding="utf-8")
    assert "Superhuman persuasion" not in record
    assert "Power is the new bottleneck" in record
    notes = import_and_read(package, tmp_path / "anki")
    assert len(notes) == 11
    assert not any("Superhuman persuasion" in field for note in notes for field in note.fields.values())

    again = run("build", str(source), "-o", str(package))
    assert again.output.endswith("Notes against the last build: 0 new, 0 updated, 11 unchanged, 0 removed\n")
