"""`{{`, `}}` and `::` in a summary stay literal text in cloze cards, as Anki's own backend renders them."""

from __future__ import annotations

from ankicheck import import_and_read
from builds import write_package
from helpers import FIXTURES
from pages import visible_words

from flashcards.cards.cloze import cloze_field, escape_cloze_syntax
from flashcards.cards.notes import cloze_html
from flashcards.cards.spans import Cloze
from flashcards.models import ItemRef, Note
from flashcards.package.notetypes import CLOZE
from flashcards.pipeline.build import Build

SYNTAX_PAGE = FIXTURES / "cards-syntax.txt"


def cloze_note(text: str, key: str) -> Note:
    return Note(
        guid=key,
        note_type=CLOZE,
        fields=(text, "", "Source", "", "", ""),
        tags=(),
        deck="Escaping",
        item=ItemRef("escaping", "idea", key, 1, "cloze", "cloze", text),
    )


def test_escaping_turns_every_brace_and_colon_into_a_character_reference():
    assert escape_cloze_syntax("{{c1::x}} a::b") == "&#123;&#123;c1&#58;&#58;x&#125;&#125; a&#58;&#58;b"
    assert cloze_field("a {{", "b::c", "}} d") == "a &#123;&#123;{{c1::b&#58;&#58;c}}&#125;&#125; d"


def test_tricky_hidden_text_renders_literally_with_one_cloze(tmp_path):
    cases = {
        "close-early": Cloze("Before ", "x}} {{c2::y", " after."),
        "hint-marker": Cloze("In C++ ", "std::vector", " grows."),
        "braces-around": Cloze("Jinja {{ ", "delimiters", " }} end."),
        "html": Cloze("<b>not bold</b> & ", "<script>", " stays text."),
    }
    notes = [cloze_note(cloze_html(cloze), key) for key, cloze in cases.items()]
    package = tmp_path / "escaping.apkg"
    write_package(notes, package)
    imported = {note.guid: note for note in import_and_read(package, tmp_path / "anki")}
    for key, cloze in cases.items():
        [card] = imported[key].cards
        assert visible_words(card.question) == f"{cloze.before}[...]{cloze.after}".strip()
        assert visible_words(card.answer).startswith((cloze.before + cloze.hidden + cloze.after).strip())
        assert card.question.count('class="cloze"') == 1
        assert "<script>" not in card.question + card.answer


def test_syntax_page_keeps_its_braces_and_colons(tmp_path):
    plan = Build([SYNTAX_PAGE], tmp_path / "syntax.apkg").plan()
    write_package(plan.notes, plan.output)
    notes = import_and_read(plan.output, tmp_path / "anki")
    clozes = [note for note in notes if note.note_type == "flashcards Cloze"]
    backs = [visible_words(card.answer) for note in clozes for card in note.cards]
    fronts = [visible_words(card.question) for note in clozes for card in note.cards]
    # visible_text puts a space where a tag was, as around a hidden span: "Jinja 's" where it hides Jinja.
    assert any("Jinja's {{ }} delimiters separate" in back.replace(" 's", "'s") for back in backs)
    assert any("uses :: to name things inside a namespace, as in std::vector." in back for back in backs)
    # The rules hide these quotes' braces and tags: the backs show them, as literal text.
    assert any("Write {{c1::answer}} in a field and Anki hides the word;" in back for back in backs)
    assert any("Never trust <script>alert(1)</script>" in back for back in backs)
    assert any("{{ }} delimiters separate logic from markup." in front for front in fronts)
    assert any("uses :: to name things inside a namespace, as in std::vector." in front for front in fronts)
    for note in clozes:
        [card] = note.cards
        assert card.question.count('class="cloze"') == 1
        assert "<script>" not in card.question + card.answer
