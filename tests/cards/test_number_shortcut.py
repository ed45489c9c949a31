"""may_state_a_number, the cheap test taken before QUANTITY, never turns away a text QUANTITY matches."""

from __future__ import annotations

from helpers import REVIEW_PAGES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.cards.spans import NUMBER_WORDS, QUANTITY, may_state_a_number, sentences
from flashcards.sources.page import read_summary

# Number words in any case, with the letters re's IGNORECASE reads as "i", "s" and "k", next to
# digits of any script, and characters that casefold turns into letters.
NUMBER_TEXT_WORDS = st.sampled_from(
    [
        *NUMBER_WORDS.split("|"),
        *["Five", "TEN", "fıve", "FİVE", "ſix", "ſeven", "often", "someone", "٣", "7"],
        *["hours", "per", "cent", "ﬁve", "\u0345five", "x", "$"],
    ]
)
NUMBER_TEXT_GAPS = st.sampled_from([" ", "-", ", ", "—", "", "\u0345", "."])


@settings(max_examples=500)
@given(st.lists(st.tuples(NUMBER_TEXT_WORDS, NUMBER_TEXT_GAPS), max_size=6))
def test_a_text_without_a_number_is_one_quantity_cannot_match(parts):
    text = "".join(word + gap for word, gap in parts)
    assert may_state_a_number(text) or QUANTITY.search(text) is None


def test_every_sentence_of_the_pages_that_states_a_quantity_is_let_through():
    for page in [SEED, *REVIEW_PAGES]:
        summary, _ = read_summary(page)
        texts = [item.headline for item in summary.ideas] + [item.text for item in summary.quotes]
        texts += [sentence for idea in summary.ideas for sentence in sentences(idea.explanation)]
        for text in texts:
            assert may_state_a_number(text) or QUANTITY.search(text) is None, text
    assert may_state_a_number("It takes fıve hours") and QUANTITY.search("It takes fıve hours")
