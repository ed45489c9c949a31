"""Hostile input, round two (issue 17): what Anki's reviewer or a terminal would still act on.

Anki is the judge: the decks are imported with its backend, Check Database is run on them,
and the cards are rendered.
"""

from __future__ import annotations

from html.parser import HTMLParser

from anki.collection import Collection
from ankicheck import import_package, read_notes
from click.testing import CliRunner
from pages import page

from flashcards.cli import cli

CLOZE = "{{c2::hidden}} and {{c3::more::hint}}"
# MathJax in Anki's reviewer typesets \( … \) and \[ … \]; without its ui/safe extension a
# \href makes a live link.
MATHJAX = r"\(x^2\) and \[\href{javascript:alert(1)}{click}\]"


def build(tmp_path, *sources, extra=(), name="out.apkg"):
    package = tmp_path / name
    result = CliRunner().invoke(cli, ["build", *map(str, sources), "-o", str(package), *extra])
    assert result.exit_code == 0, result.output
    return package, result


def hostile_yaml(tmp_path, text: str):
    """An editable YAML summary with text in every field a card shows."""
    source = tmp_path / "hostile.yaml"
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    source.write_text(
        f"""\
title: "A title with {quoted}"
channel: "Channel {quoted}"
link: "https://example.com/{quoted.replace(" ", "")}"
id: hostile
ideas:
  - id: first
    headline: "The first idea says {quoted} plainly."
    explanation: "The explanation says {quoted} as well."
  - id: second
    headline: "Tools matter more than talent."
    explanation: "A second explanation, {quoted}."
    question: "What matters more, {quoted}?"
    answer: "Tools, {quoted}"
quotes:
  - id: said
    text: "The quote says {quoted} and more words."
    speaker: "Speaker {quoted}"
    note: "citing {quoted}"
""",
        encoding="utf-8",
    )
    return source


def anki_after_check_database(package, folder) -> tuple[Collection, int, int]:
    """A fresh collection with the package imported: its cards before and after Check Database."""
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    import_package(collection, package)
    before = collection.card_count()
    collection.fix_integrity()
    return collection, before, collection.card_count()


def test_cloze_syntax_outside_the_cloze_text_makes_no_cards(tmp_path):
    source = hostile_yaml(tmp_path, CLOZE)
    package, result = build(tmp_path, source)
    built = int(result.output.split(" cards from")[0].rsplit(", ", 1)[1])
    collection, before, after = anki_after_check_database(package, tmp_path / "anki")
    try:
        # Anki makes a card for every cloze number in any field of a cloze note.
        assert before == after == built
        for note in read_notes(collection):
            if note.note_type == "flashcards Cloze":
                assert all("{{c" not in value for name, value in note.fields.items() if name != "Text")
    finally:
        collection.close()
    html = tmp_path / "preview.html"
    previewed = CliRunner().invoke(cli, ["preview", str(source), "--html", str(html)])
    assert previewed.exit_code == 0, previewed.output
    assert previewed.output.startswith(f"{html}: {built} cards from ")


class MathJaxText(HTMLParser):
    """The strings of text MathJax searches for its delimiters: an element splits them (but
    <br>, <wbr> and comments, which it reads through), and it skips style and script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.strings = [""]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skipping += 1
        if tag == "br":
            self.strings[-1] += "\n"
        elif tag != "wbr":
            self.strings.append("")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skipping -= 1
        self.strings.append("")

    def handle_data(self, data):
        if not self.skipping:
            self.strings[-1] += data


def mathjax_delimiters(rendered: str) -> list[str]:
    delimiters = ("\\(", "\\)", "\\[", "\\]")
    return [string for string in mathjax_strings(rendered) if any(d in string for d in delimiters)]


def test_mathjax_delimiters_are_shown_not_typeset_in_every_field(tmp_path):
    package, _ = build(tmp_path, hostile_yaml(tmp_path, MATHJAX))
    collection, _, _ = anki_after_check_database(package, tmp_path / "anki")
    try:
        notes = read_notes(collection)
    finally:
        collection.close()
    assert {note.note_type for note in notes} == {"flashcards Q&A", "flashcards Cloze"}
    shown = ""
    for note in notes:
        for card in note.cards:
            for side in (card.question, card.answer):
                assert mathjax_delimiters(side) == [], side
                shown += "".join(mathjax_strings(side))
    # The text itself is all there, backslashes included.
    assert "The explanation says \\(x^2\\) and \\[\\href{javascript:alert(1)}{click}\\] as well." in shown


def mathjax_strings(rendered: str) -> list[str]:
    parser = MathJaxText()
    parser.feed(rendered)
    parser.close()
    return parser.strings


def test_runs_of_colons_make_no_subdecks(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text(
        page([("A claim worth a card.", "Why.")], title_line="Part A ::: Part B :"), encoding="utf-8"
    )
    two = tmp_path / "two.txt"
    two.write_text(page([("Another claim here.", "Why not.")], title_line="::::Other"), encoding="utf-8")
    package, _ = build(tmp_path, one)
    decks, _ = decks_in_anki(package, tmp_path / "alone")
    assert decks == {"Part A : Part B"}
    # Under a parent deck, a title that starts with colons does not make "::" with the separator.
    package, _ = build(tmp_path, one, two, extra=("--deck", "Talks"), name="talks.apkg")
    decks, _ = decks_in_anki(package, tmp_path / "parent")
    assert decks == {"Talks::Part A : Part B", "Talks::Other"}


def decks_in_anki(package, folder) -> tuple[set[str], int]:
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        import_package(collection, package)
        names = {card.deck for note in read_notes(collection) for card in note.cards}
        return names, len(collection.decks.all_names_and_ids())
    finally:
        collection.close()


def test_nothing_printed_acts_on_the_terminal(tmp_path):
    # A deck name and a file name with colour, window-title and bell sequences.
    title = "\x1b]0;owned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\Deck"
    source = tmp_path / "page\x1b[31m.txt"
    source.write_text(page([("A claim worth a card.", "Why.")]), encoding="utf-8")
    runs = [
        CliRunner().invoke(cli, ["preview", str(source), "--deck", title]),
        CliRunner().invoke(
            cli, ["build", str(source), "-o", str(tmp_path / "o.apkg"), "--deck", title, "-v"]
        ),
        CliRunner().invoke(cli, ["build", str(tmp_path / "gone\x1b]0;x\x07.txt")]),
    ]
    assert [run.exit_code for run in runs] == [0, 0, 1]
    for run in runs:
        assert "\x1b" not in run.output and "\x07" not in run.output, run.output
    assert "Deck   ]0;owned[2J]8;;https://evil.example\\Deck::A Careful Title\n" in runs[0].output
    assert runs[2].output == f"Error: {tmp_path}/gone]0;x.txt: no such file\n"


def test_a_lone_surrogate_from_the_encoding_is_a_clear_error(tmp_path):
    source = tmp_path / "escaped.txt"
    source.write_text(page([("A claim \\ud800 here.", "Why.")]), encoding="ascii")
    result = CliRunner().invoke(cli, ["preview", str(source), "--encoding", "unicode_escape"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {source}:5: contains U+D800, half of a surrogate pair, which is not a character:"
        " this is not unicode_escape text (give the file's encoding with --encoding)\n"
    )
