"""Every card of the seed and of every page in tests/data keeps the card writer's rules, as Anki renders it.

The pages are found by globbing, so fixtures added later are checked too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from ankicheck import ImportedNote, import_and_read
from builds import write_package
from helpers import FIXTURES, REVIEW_PAGES, SEED
from pages import visible_words

from flashcards.cards.notes import (
    MAX_FRONT_WORDS,
    MAX_LENIENT_FACT_WORDS,
    MAX_QUOTE_FRONT_WORDS,
    MAX_WHO_FRONT_WORDS,
    source_html,
)
from flashcards.cards.spans import STOP_WORDS
from flashcards.errors import FlashcardsError
from flashcards.pipeline.build import Build

PAGES = [SEED, *sorted(FIXTURES.glob("*.txt")), *REVIEW_PAGES]
CLOZE_SPAN = re.compile(r'<span class="cloze"[^>]*>')
HIDDEN = re.compile(r"\{\{c\d+::(.*?)\}\}", re.DOTALL)
CUE_LINE = re.compile(r'<span class="cue">.*?</span>', re.DOTALL)
KINDS = ("card-qa", "card-cloze", "card-fact", "card-who", "card-complete")
CUE = re.compile(r'<span class="cue">.*?</span>', re.DOTALL)


def bare(word: str) -> str:
    return word.strip(".,;:!?()“”‘’\"'*…").casefold().replace("’", "'")


def without_cue(rendered: str) -> str:
    """A front without the line that names its source (the show and its speakers)."""
    return CUE.sub(" ", rendered)


def word_count(text: str) -> int:
    return sum(1 for token in text.split() if token == "[...]" or any(ch.isalnum() for ch in token))


@dataclass(frozen=True)
class Deck:
    notes: list[ImportedNote]
    source: str
    # Each note's item (its key without the card part), by GUID.
    items: dict[str, str]
    speakers: set[str]


@pytest.fixture(scope="module", params=PAGES, ids=[page.name for page in PAGES])
def deck(request, tmp_path_factory) -> Deck:
    page: Path = request.param
    try:
        plan = Build([page], tmp_path_factory.mktemp("out") / "deck.apkg").plan()
    except FlashcardsError as error:
        pytest.skip(f"{page.name} is not a page to make cards from: {error}")
    write_package(plan.notes, plan.output)
    notes = import_and_read(plan.output, tmp_path_factory.mktemp("anki"))
    assert len(notes) == len(plan.notes)
    summary = plan.summaries[0]
    items = {note.guid: note.key.rpartition("/")[0] for note in plan.notes}
    speakers = {quote.speaker for quote in summary.quotes if quote.speaker}
    return Deck(notes, html.unescape(source_html(summary)), items, speakers)


def kind_of(note: ImportedNote) -> str:
    kinds = [tag for tag in note.tags if tag in KINDS]
    assert len(kinds) == 1, note.tags
    return kinds[0]


def test_every_question_ends_with_a_question_mark_or_is_one_cloze(deck):
    for note in deck.notes:
        for card in note.cards:
            if kind_of(note) in ("card-qa", "card-who"):
                # An idea's question has the show under it; a who-said-it card ends with its question.
                question = CUE_LINE.sub("", card.question) if kind_of(note) == "card-qa" else card.question
                assert visible_words(question).endswith("?"), visible_words(question)
            else:
                assert len(CLOZE_SPAN.findall(card.question)) == 1, card.question
                assert len(HIDDEN.findall(note.fields["Text"])) == 1, note.fields["Text"]


def test_no_answer_appears_in_its_own_question(deck):
    for note in deck.notes:
        for card in note.cards:
            front = visible_words(card.question).casefold()
            if kind_of(note) in ("card-qa", "card-who"):
                answer = visible_words(note.fields["Answer"]).casefold()
            else:
                answer = visible_words(HIDDEN.search(note.fields["Text"]).group(1)).casefold()
            # As words: "ph" is no answer shown by "sulphite".
            assert answer and not re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", front), (answer, front)


def test_no_front_is_longer_than_thirty_words_but_a_quotes_a_facts_or_a_long_headline(deck):
    for note in deck.notes:
        if kind_of(note) == "card-cloze":
            continue  # the headline, whole: a page's own words, however many
        longest = {
            "card-who": MAX_WHO_FRONT_WORDS,
            "card-complete": MAX_QUOTE_FRONT_WORDS,
            "card-fact": MAX_LENIENT_FACT_WORDS,
        }.get(kind_of(note), MAX_FRONT_WORDS)
        for card in note.cards:
            front = visible_words(without_cue(card.question))
            assert word_count(front) <= longest, front


def test_every_cloze_hides_a_word_that_is_not_a_stop_word(deck):
    for note in deck.notes:
        if kind_of(note) in ("card-cloze", "card-fact", "card-complete"):
            hidden = visible_words(HIDDEN.search(note.fields["Text"]).group(1))
            assert any(bare(word) not in STOP_WORDS for word in hidden.split()), hidden


def test_the_back_always_shows_the_source(deck):
    for note in deck.notes:
        for card in note.cards:
            assert deck.source in visible_words(card.answer)


def test_every_note_makes_exactly_one_card(deck):
    # The count line of `build` says notes and cards; with these note types they are equal.
    assert all(len(note.cards) == 1 for note in deck.notes)


def what_it_asks(note: ImportedNote) -> str:
    """The answer a card asks for: its hidden span, or the answer of a question card."""
    if kind_of(note) in ("card-qa", "card-who"):
        return visible_words(note.fields["Answer"]).casefold()
    return visible_words(HIDDEN.search(note.fields["Text"]).group(1)).casefold()


def test_no_two_cards_of_an_item_ask_for_the_same_thing(deck):
    asked: dict[str, list[str]] = {}
    for note in deck.notes:
        asked.setdefault(deck.items[note.guid], []).append(what_it_asks(note))
    for item, answers in asked.items():
        assert len(set(answers)) == len(answers), (item, answers)


def test_who_said_it_only_where_the_page_has_several_speakers(deck):
    who = [note for note in deck.notes if kind_of(note) == "card-who"]
    if len(deck.speakers) < 2:
        assert all("quoting someone" in visible_words(note.cards[0].question) for note in who)


def test_every_front_names_its_source(deck):
    for note in deck.notes:
        for card in note.cards:
            assert CUE.search(card.question), card.question
