"""`flashcards inspect` reads any Anki package and lists its decks, note types, notes and cards."""

from __future__ import annotations

import json
import zipfile

import genanki
import pytest
from anki.collection import Collection
from ankicheck import anki_export, export_package, import_and_read, import_package
from builds import write_package
from helpers import SEED, run
from previewdata import CLOZE_NOTE, QA_NOTE

from flashcards.pipeline.build import Build

TIMESTAMP = 1_700_000_000.0


def plain_genanki_package(tmp_path):
    """A package made with genanki alone, the way other tools make them: two decks, two note types, media."""
    vocabulary = genanki.Model(
        1111,
        "Vocabulary",
        fields=[{"name": "Word"}, {"name": "Meaning"}],
        templates=[
            {"name": "Forward", "qfmt": "{{Word}}", "afmt": "{{FrontSide}}<hr id=answer>{{Meaning}}"},
            {"name": "Reverse", "qfmt": "{{Meaning}}", "afmt": "{{FrontSide}}<hr id=answer>{{Word}}"},
        ],
    )
    cloze = genanki.Model(
        2222,
        "My Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}],
        model_type=genanki.Model.CLOZE,
    )
    french = genanki.Deck(3333, "Languages::French")
    french.add_note(genanki.Note(vocabulary, ["le chat", "the cat"], tags=["fr", "animals"], guid="g-chat"))
    french.add_note(
        genanki.Note(vocabulary, ["<b>la souris</b> \x1b[31m", "the mouse &amp; more"], guid="g-souris")
    )
    misc = genanki.Deck(4444, "Misc")
    misc.add_note(genanki.Note(cloze, ["{{c1::Paris}} is in {{c2::France}}", ""], guid="g-paris"))
    media = tmp_path / "sound.mp3"
    media.write_bytes(b"ID3 not really a sound")
    path = tmp_path / "plain.apkg"
    genanki.Package([french, misc], media_files=[str(media)]).write_to_file(str(path), timestamp=TIMESTAMP)
    return path


def test_plain_genanki_package(tmp_path):
    path = plain_genanki_package(tmp_path)
    result = run("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == PLAIN_TEXT.format(path=path)


PLAIN_TEXT = """\
{path}: collection.anki2 (schema 11), 3 notes, 6 cards, 1 media file
Decks (2):
  Languages::French: 2 notes, 4 cards
  Misc: 1 note, 2 cards
Note types (2):
  My Cloze (cloze): 1 note
    fields: Text, Back Extra
    templates: Cloze
  Vocabulary (standard): 2 notes
    fields: Word, Meaning
    templates: Forward, Reverse
Notes (3):
  g-chat    Vocabulary  2 cards  le chat
  g-souris  Vocabulary  2 cards  la souris [31m
  g-paris   My Cloze    2 cards  {{{{c1::Paris}}}} is in {{{{c2::France}}}}
"""


def test_plain_genanki_package_as_json(tmp_path):
    path = plain_genanki_package(tmp_path)
    result = run("inspect", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    # Note and card ids count up from the package's timestamp in milliseconds: note, then its cards.
    first = int(TIMESTAMP * 1000)
    assert json.loads(result.output) == {
        "path": str(path),
        "collection": "collection.anki2",
        "schema": 11,
        "media_files": 1,
        "decks": [
            {"id": 3333, "name": "Languages::French", "notes": 2, "cards": 4},
            {"id": 4444, "name": "Misc", "notes": 1, "cards": 2},
        ],
        "note_types": [
            {
                "id": 2222,
                "name": "My Cloze",
                "kind": "cloze",
                "fields": ["Text", "Back Extra"],
                "templates": ["Cloze"],
                "notes": 1,
            },
            {
                "id": 1111,
                "name": "Vocabulary",
                "kind": "standard",
                "fields": ["Word", "Meaning"],
                "templates": ["Forward", "Reverse"],
                "notes": 2,
            },
        ],
        "notes": [
            {
                "id": first,
                "guid": "g-chat",
                "note_type": "Vocabulary",
                "fields": {"Word": "le chat", "Meaning": "the cat"},
                "tags": ["fr", "animals"],
                "decks": ["Languages::French"],
                "cards": 2,
            },
            {
                "id": first + 3,
                "guid": "g-souris",
                "note_type": "Vocabulary",
                "fields": {"Word": "<b>la souris</b> \x1b[31m", "Meaning": "the mouse &amp; more"},
                "tags": [],
                "decks": ["Languages::French"],
                "cards": 2,
            },
            {
                "id": first + 6,
                "guid": "g-paris",
                "note_type": "My Cloze",
                "fields": {"Text": "{{c1::Paris}} is in {{c2::France}}", "Back Extra": ""},
                "tags": [],
                "decks": ["Misc"],
                "cards": 2,
            },
        ],
        "cards": 6,
    }


def test_counts_agree_with_anki(tmp_path):
    path = plain_genanki_package(tmp_path)
    listed = json.loads(run("inspect", str(path), "--format", "json").output)
    notes = import_and_read(path, tmp_path / "anki")
    assert sorted(note["guid"] for note in listed["notes"]) == sorted(note.guid for note in notes)
    assert listed["cards"] == sum(len(note.cards) for note in notes)
    decks = sorted(card.deck for note in notes for card in note.cards)
    assert sorted(deck["name"] for deck in listed["decks"] for _ in range(deck["cards"])) == decks


OUR_TEXT = """\
{path}: collection.anki2 (schema 11), 2 notes, 3 cards, 0 media files
Decks (1):
  Shows::A Show About Things: 2 notes, 3 cards
Note types (2):
  flashcards Cloze (cloze): 1 note
    fields: Text, Details, Source, Link, Speaker, Extra
    templates: Cloze
  flashcards Q&A (standard): 1 note
    fields: Question, Answer, Details, Source, Link, Speaker, Extra
    templates: Card 1
Notes (2):
  guid-qa     flashcards Q&A    1 card   Why do cats purr?
  guid-cloze  flashcards Cloze  2 cards  Sit on the {{{{c1::mat}}}}, said the {{{{c2::cat::animal}}}}.
"""


def test_our_package(tmp_path):
    path = tmp_path / "ours.apkg"
    write_package([QA_NOTE, CLOZE_NOTE], path, timestamp=TIMESTAMP)
    result = run("inspect", str(path))
    assert (result.exit_code, result.output) == (0, OUR_TEXT.format(path=path))
    assert len(import_and_read(path, tmp_path / "anki")) == 2


def test_our_seed_package(tmp_path):
    path = tmp_path / "seed.apkg"
    assert run("build", str(SEED), "-o", str(path)).exit_code == 0
    plan = Build([SEED]).plan()
    notes = import_and_read(path, tmp_path / "anki")
    cards = sum(len(note.cards) for note in notes)
    deck = plan.notes[0].deck
    result = run("inspect", str(path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        f"{path}: collection.anki2 (schema 11), {len(plan.notes)} notes, {cards} cards, 0 media files",
        "Decks (1):",
        f"  {deck}: {len(plan.notes)} notes, {cards} cards",
    ]
    listed = json.loads(run("inspect", str(path), "--format", "json").output)
    assert [note["guid"] for note in listed["notes"]] == [note.guid for note in plan.notes]
    assert [tuple(note["fields"].values()) for note in listed["notes"]] == [
        note.fields for note in plan.notes
    ]


def test_package_exported_by_anki_for_older_versions(tmp_path):
    (tmp_path / "export-True").mkdir()
    exported = anki_export(tmp_path, plain_genanki_package(tmp_path), legacy=True)
    # Anki puts a placeholder collection.anki2 beside the real collection.anki21.
    assert {"collection.anki21", "collection.anki2"} <= set(zipfile.ZipFile(exported).namelist())
    listed = json.loads(run("inspect", str(exported), "--format", "json").output)
    assert (listed["collection"], listed["cards"]) == ("collection.anki21", 6)
    assert [note["guid"] for note in listed["notes"]] == ["g-chat", "g-souris", "g-paris"]


def export_with_media(tmp_path, package, legacy: bool):
    """Anki's own export of the package, one note playing a sound, in the old format or today's."""
    folder = tmp_path / f"media-export-{legacy}"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        import_package(collection, package)
        collection.media.write_data("sound.mp3", b"ID3 not really a sound")
        notes = (collection.get_note(note_id) for note_id in collection.find_notes(""))
        note = next(note for note in notes if note.guid == "g-chat")
        note["Meaning"] += "[sound:sound.mp3]"
        collection.update_note(note)
        return export_package(collection, tmp_path / f"exported-with-media-{legacy}.apkg", legacy)
    finally:
        collection.close()


def test_package_in_the_format_anki_exports_by_default(tmp_path):
    package = plain_genanki_package(tmp_path)
    older, today = (export_with_media(tmp_path, package, legacy) for legacy in (True, False))
    # Today's format: the collection compressed with zstd, a placeholder collection.anki2 beside it.
    assert {"collection.anki21b", "collection.anki2", "media", "0"} <= set(zipfile.ZipFile(today).namelist())
    result = run("inspect", str(today))
    assert result.exit_code == 0, result.output
    first, *rest = result.output.splitlines(keepends=True)
    assert first == f"{today}: collection.anki21b (schema 18), 3 notes, 6 cards, 1 media file\n"
    # Everything else reads as the same package exported for older versions (schema 11).
    old_first, *old_rest = run("inspect", str(older)).output.splitlines(keepends=True)
    assert old_first == f"{older}: collection.anki21 (schema 11), 3 notes, 6 cards, 1 media file\n"
    assert rest == old_rest
    assert "".join(rest).startswith(
        "Decks (3):\n  Languages: 0 notes, 0 cards\n  Languages::French: 2 notes, 4 cards\n"
    )
    listed, old_listed = (
        json.loads(run("inspect", str(path), "--format", "json").output) for path in (today, older)
    )
    assert [note["fields"] for note in listed["notes"]] == [note["fields"] for note in old_listed["notes"]]
    assert listed["notes"][0]["fields"]["Meaning"] == "the cat[sound:sound.mp3]"
    assert [(kind["name"], kind["kind"]) for kind in listed["note_types"]] == [
        ("My Cloze", "cloze"),
        ("Vocabulary", "standard"),
    ]


def test_a_damaged_compressed_collection_is_one_line(tmp_path):
    path = tmp_path / "deck.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd not zstd after all")
        archive.writestr("collection.anki2", b"placeholder")
    result = run("inspect", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: collection.anki21b is not valid zstd data: ")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"just text", "is not an Anki package (not a zip file)"),
        ({"notes.txt": b"x"}, "is a zip file but holds no Anki collection (collection.anki2)"),
        (
            {"collection.anki2": b"not a database at all" * 10},
            "collection.anki2 is not a readable Anki collection: file is not a database",
        ),
    ],
)
def test_what_is_not_a_readable_package(tmp_path, content, message):
    path = tmp_path / "deck.apkg"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in content.items():
                archive.writestr(name, data)
    result = run("inspect", str(path))
    assert (result.exit_code, result.output) == (1, f"Error: {path}: {message}\n")


def test_directory_is_not_a_package(tmp_path):
    result = run("inspect", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path}: is a directory, not an Anki package\n",
    )


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("inspect", str(tmp_path / "x.apkg"), "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output
