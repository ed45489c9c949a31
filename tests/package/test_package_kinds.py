"""NoteKind decides a note's cards exactly as genanki's Note.cards does, in the same order."""

from __future__ import annotations

import genanki
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.errors import LostItemError
from flashcards.models import ItemRef, Note
from flashcards.package.notetypes import NOTE_TYPES
from flashcards.package.rows import NoteKind, genanki_model

# A cloze note type clozing two fields, so that the path reading several fields is compared too.
TWO_CLOZES = genanki.Model(
    1607392320,
    "Two clozes",
    fields=[{"name": "Text"}, {"name": "More"}, {"name": "Extra"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}{{cloze:More}}", "afmt": "{{cloze:Text}}"}],
    model_type=genanki.Model.CLOZE,
)
ITEM = ItemRef("s", "idea", "k", 1, "cloze", "cloze", "")
MODELS = [*(genanki_model(kind) for kind in NOTE_TYPES.values()), TWO_CLOZES]

cloze = st.builds(
    lambda number, text: f"{{{{c{number}::{text}}}}}", st.integers(0, 12), st.text("ab}:", min_size=1)
)
# Mostly clozes, several to a field, so that cards from more than one number are common.
field = st.lists(st.one_of(cloze, cloze, st.just(""), st.text("xy ", min_size=1)), max_size=5).map("".join)


@settings(max_examples=100)
@given(model=st.sampled_from(MODELS), data=st.data())
def test_cards_as_genanki_decides(model, data):
    fields = tuple(data.draw(st.lists(field, min_size=len(model.fields), max_size=len(model.fields))))
    check_cards(model, fields)


# Several numbers, a repeated one, c0 (no card) and numbers whose set genanki lists out of order.
TEXTS = [
    "{{c1::a}} {{c2::b}}",
    "{{c2::a}} {{c1::b}} {{c2::c}}",
    "{{c0::a}} {{c3::b}}",
    "{{c9::a}} {{c17::b}} {{c1::c}}",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("model", MODELS[1:], ids=lambda model: model.name)
def test_cloze_cards_as_genanki_decides(model, text):
    check_cards(model, (text, *("" for _ in model.fields[1:])))
    check_cards(model, (text, *(text for _ in model.fields[1:])))


def check_cards(model: genanki.Model, fields: tuple[str, ...]) -> None:
    kind = NoteKind(model)
    expected = [card.ord for card in genanki.Note(model=model, fields=list(fields)).cards]
    note = Note(guid="g", note_type="t", fields=fields, tags=(), deck="d", item=ITEM)
    if not expected:
        with pytest.raises(LostItemError):
            kind.card_orders(note)
    else:
        assert kind.card_orders(note) == expected
        assert kind.card_orders(note) == expected  # and again, from what it worked out the first time


def test_wrong_field_count_is_refused():
    kind = NoteKind(MODELS[0])
    note = Note(guid="g", note_type="t", fields=("only one",), tags=(), deck="d", item=ITEM)
    with pytest.raises(ValueError, match="1 fields for 7"):
        kind.card_orders(note)
