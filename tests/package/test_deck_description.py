"""Each summary's deck carries a description, which Anki shows in the deck overview (issue 15)."""

from __future__ import annotations

from anki.collection import Collection
from ankicheck import import_package, read_notes
from helpers import SEED, run

TITLE = "DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters"


def descriptions(package, folder) -> dict[str, str]:
    """Each deck of the package as Anki imported it, with its description."""
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        import_package(collection, package)
        assert read_notes(collection)  # every card renders
        decks = (collection.decks.get(deck.id) for deck in collection.decks.all_names_and_ids())
        return {deck["name"]: deck["desc"] for deck in decks if deck["name"] != "Default"}
    finally:
        collection.close()


def edited_yaml(tmp_path, name: str, **changes: str):
    """The seed as editable YAML, with these top-level keys set."""
    source = tmp_path / name
    assert run("extract", str(SEED), "-o", str(source)).exit_code == 0
    lines = source.read_text().splitlines()
    for key, value in changes.items():
        at = next((index for index, line in enumerate(lines) if line.startswith(f"{key}: ")), None)
        if at is None:
            at = lines.index(next(line for line in lines if line.startswith("id: ")))
            lines.insert(at, "")
        lines[at] = f"{key}: {value}"
    source.write_text("\n".join(lines) + "\n")
    return source


def test_the_deck_says_show_episode_link_and_counts(tmp_path):
    source = edited_yaml(tmp_path, "seed.yaml", link="'https://example.com/459?a=1&b=2'")
    text = source.read_text()
    source.write_text(text.replace("\n    explanation:", "\n    skip: true\n    explanation:", 1))
    package = tmp_path / "seed.apkg"
    assert run("build", str(source), "-o", str(package)).exit_code == 0
    assert descriptions(package, tmp_path / "anki") == {
        TITLE: "<b>Lex Fridman Podcast</b><br>"
        f"{TITLE} (Lex Fridman Podcast #459)<br>"
        '<a href="https://example.com/459?a=1&amp;b=2">https://example.com/459?a=1&amp;b=2</a><br>'
        "4 ideas and 5 quotes"
    }


def test_the_description_shows_text_literally_and_no_other_link(tmp_path):
    source = edited_yaml(
        tmp_path, "hostile.yaml", channel="'<script>alert(1)</script>'", link="'javascript:alert(1)'"
    )
    package = tmp_path / "hostile.apkg"
    assert run("build", str(source), "-o", str(package)).exit_code == 0
    assert descriptions(package, tmp_path / "anki") == {
        TITLE: "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b><br>"
        f"{TITLE} (Lex Fridman Podcast #459)<br>5 ideas and 5 quotes"
    }
