"""The preview's renderer shows exactly what Anki's own backend renders for the same note."""

from __future__ import annotations

import pytest
from anki.collection import Collection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flashcards.errors import TemplateError
from flashcards.package.notetypes import CLOZE_TYPE, NOTE_TYPES, QA_TYPE, STYLESHEET, NoteType, Template
from flashcards.views.render import render_note


class AnkiRenderer:
    """A fresh collection holding our note types, to render notes with Anki itself."""

    def __init__(self, folder):
        self.collection = Collection(str(folder / "collection.anki2"))
        for note_type in NOTE_TYPES.values():
            self.add_note_type(note_type)

    def add_note_type(self, note_type: NoteType) -> None:
        models = self.collection.models
        model = models.new(note_type.name)
        model["type"] = 1 if note_type.is_cloze else 0
        model["css"] = STYLESHEET
        for name in note_type.fields:
            models.add_field(model, models.new_field(name))
        for template in note_type.templates:
            anki_template = models.new_template(template.name)
            anki_template["qfmt"], anki_template["afmt"] = template.front, template.back
            models.add_template(model, anki_template)
        models.add(model)

    def render(self, note_type: NoteType, values: dict[str, str]) -> list[tuple[int, str, str]]:
        note = self.collection.new_note(self.collection.models.by_name(note_type.name))
        for name, value in values.items():
            note[name] = value
        self.collection.add_note(note, 1)
        outputs = [(card.ord, card.render_output()) for card in note.cards()]
        return [(ordinal, output.question_text, output.answer_text) for ordinal, output in outputs]


@pytest.fixture(scope="module")
def anki(tmp_path_factory):
    renderer = AnkiRenderer(tmp_path_factory.mktemp("anki"))
    yield renderer
    renderer.collection.close()


def ours(note_type: NoteType, values: dict[str, str]) -> list[tuple[int, str, str]]:
    full = dict.fromkeys(note_type.fields, "") | values
    return [(card.ordinal, card.question, card.answer) for card in render_note(note_type, full)]


QA_CASES = [
    {"Question": "What is <b>MoE</b>?", "Answer": "Mixture of experts", "Source": "Show · #1"},
    {
        "Question": "Q &amp; {{Answer}}",
        "Answer": "A",
        "Details": "<p>one</p><p>two</p>",
        "Source": "S",
        "Link": "https://example.com/a?b=1&amp;c=2",
        "Extra": "more",
    },
    {"Question": "Q", "Answer": "A", "Details": "<br>", "Extra": " <div></div> ", "Source": ""},
    {"Question": '“quote”<span class="cue">Who said this?</span>', "Answer": "Dylan Patel", "Speaker": "D"},
]

CLOZE_CASES = [
    {"Text": "The {{c1::cat::animal}} sat on the {{c2::mat}} and {{c1::purred}}.", "Speaker": "Me"},
    {"Text": "Only {{c3::three}} here", "Source": "S", "Link": "https://example.com"},
    {"Text": "Nested {{c1::outer {{c2::inner}} part}} done", "Details": "<p>d</p>"},
    {"Text": "Odd {{c1::a &lt;b&gt; &amp; ’é\u00a0x”}} and }} and {{c2::unclosed", "Extra": "e"},
    {"Text": "Hint {{c1::x::y::z}} {{c0::zero}} {{c1::}} {{c2::two::}}"},
    # Anki takes a hint from any run of text inside the cloze, the last one winning.
    {"Text": "{{c1::::{{c1::}}}} {{c1::a::b{{c2::x::y}}c::d}} {{c3::e::f{{c99999::g::h}}"},
    {"Text": "Many {{c2,1,2::x::h}} {{c,1::y}} {{c1,::z}} {{c::no}} {{c65536::no}} {{c0::{{c3::v}}}}"},
    {"Text": "Deep " + "{{c1::" * 10 + "{{c2::x}}" + "}}" * 10 + " {{c600::y}} {{c500::z}}"},
    {"Text": r"TeX \(a<b>x</b> {{c1::y<br>}} &amp;\) <b>z</b> \[<i>q</i>\]"},
    {"Text": "Other field {{c1::a}}", "Speaker": "{{c2::b}}", "Extra": "{{c3::c}}"},
    {"Text": "Control {{c1::a\nb\tc}}"},
]


@pytest.mark.parametrize("values", QA_CASES)
def test_qa_notes_render_as_in_anki(anki, values):
    assert ours(QA_TYPE, values) == anki.render(QA_TYPE, values)


@pytest.mark.parametrize("values", CLOZE_CASES)
def test_cloze_notes_render_as_in_anki(anki, values):
    assert ours(CLOZE_TYPE, values) == anki.render(CLOZE_TYPE, values)


def test_unclosed_cloze_is_an_error_as_in_anki(anki):
    values = {"Text": "x {{c2::unclosed {{c3::b}} y"}
    [(ordinal, question, _)] = anki.render(CLOZE_TYPE, values)
    assert (ordinal, "No cloze \u20681\u2069 found on card" in question) == (0, True)
    with pytest.raises(TemplateError, match="no cloze 1 found on the card"):
        ours(CLOZE_TYPE, values)


def test_cloze_front_hides_the_answer_and_back_highlights_it():
    cards = render_note(CLOZE_TYPE, dict.fromkeys(CLOZE_TYPE.fields, "") | {"Text": "A {{c1::b}} {{c2::c}}"})
    assert [card.ordinal for card in cards] == [0, 1]
    first, second = cards
    assert '<span class="cloze" data-cloze="b" data-ordinal="1">[...]</span>' in first.question
    assert '<span class="cloze" data-ordinal="1">b</span>' in first.answer
    assert '<span class="cloze-inactive" data-ordinal="1">b</span>' in second.question


CLOZE_ALPHABET = st.sampled_from(
    [
        "{{c1::",
        "{{c2::",
        "{{c3::",
        "}}",
        "::",
        "{",
        "}",
        ":",
        "c1",
        " ",
        "x",
        "é",
        "&amp;",
        "<b>",
        "</b>",
        "’",
        "{{c0::",
        "{{c2,1::",
        "\\(",
        "\\]",
        "\n",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(CLOZE_ALPHABET, max_size=14),
    number=st.integers(1, 3),
    speaker=st.sampled_from(["", "Kim", "{{c4::Kim}}"]),
)
# Found by hypothesis: "::" right after "{{c1::" is an empty answer with an empty hint.
@example(parts=["{{c1::", "::", "{{c1::", "}}", "}}"], number=1, speaker="")
def test_any_cloze_text_renders_as_in_anki(anki, parts, number, speaker):
    text = "".join(parts) + f" {{{{c{number}::end}}}}"
    values = {"Text": text, "Speaker": speaker}
    expected = anki.render(CLOZE_TYPE, values)
    if any("No cloze" in question for _, question, _ in expected):
        with pytest.raises(TemplateError, match=r"no cloze \d found on the card"):
            ours(CLOZE_TYPE, values)
    else:
        assert ours(CLOZE_TYPE, values) == expected


def test_image_occlusion_cloze_is_reported_as_unsupported():
    values = dict.fromkeys(CLOZE_TYPE.fields, "") | {"Text": "{{c1::image-occlusion:rect:left=.1:top=.2}}"}
    with pytest.raises(TemplateError, match="image occlusion clozes are not supported by the preview"):
        render_note(CLOZE_TYPE, values)


def test_unsupported_filter_is_reported():
    odd = NoteType(1, "Odd", ("Front",), (Template("Card 1", "{{hint:Front}}", "{{Front}}"),), False)
    with pytest.raises(TemplateError, match="template filter 'hint' is not supported"):
        render_note(odd, {"Front": "x"})


def test_unclosed_section_is_reported():
    odd = NoteType(1, "Odd", ("Front",), (Template("Card 1", "{{#Front}}x", "{{Front}}"),), False)
    with pytest.raises(TemplateError, match="never closed"):
        render_note(odd, {"Front": "x"})
