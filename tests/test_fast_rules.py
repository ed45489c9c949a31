"""The question rules' and card fields' shortcuts give the same answers as the plain definitions.

Each test holds the plain definition a shortcut replaced (as it was written before), and asks
both the same thing over words and headlines made to hit the rules' special cases.
"""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards import questions
from flashcards.cards import escape
from flashcards.cloze import escape_cloze_syntax

# Words that reach every branch of the remembered rules: verbs and their forms, adverbs, names,
# numbers, stop words, particles, plurals, punctuation around words and emphasis.
WORDS = [
    "Models", "models", "change", "changes", "changed", "the", "a", "and", "of", "than", "their",
    "quietly", "now", "TSMC", "TSMC’s", "Sam", "Altman,", "(MLA)", "42", "$3.5bn", "80%", "x2", "²",
    "away", "people", "is", "can", "cannot", "not", "if", "it", "*key*", "—", "R&D", "co-op", "U.S.",
    "rates", "trail", "Spacing:", "cheaper", "to", "buy", "when", "growth.", "fee?", "Don't", "Preheat",
]  # fmt: skip
HEADLINES = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join) | st.text(max_size=40)
REMEMBERED = (
    questions.is_adverb,
    questions.is_plural_word,
    questions.is_name_word,
    questions.is_number,
    questions.is_run_word,
    questions.leads_to_object,
)


@given(HEADLINES)
def test_remembered_word_rules_answer_as_computed(headline):
    for word in headline.split():
        for rule in REMEMBERED:
            assert rule(word) == rule.__wrapped__(word)
            assert rule(word) == rule.__wrapped__(word)


def is_plural_as_first_written(subject: list[str]) -> bool:
    last = questions.bare(subject[-1])
    if "and" in [questions.bare(word) for word in subject]:
        return True
    if last in questions.IRREGULAR_PLURALS:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3


@given(HEADLINES)
def test_plural_subjects_are_told_as_first_written(headline):
    words = headline.split()
    for end in range(1, len(words) + 1):
        assert questions.is_plural(words[:end]) == is_plural_as_first_written(words[:end])
        assert questions.is_plural_word(words[end - 1]) == is_plural_as_first_written([words[end - 1]])


def is_finite_verb_as_first_written(words: list[str], index: int) -> bool:
    """is_finite_verb before it told unknown words apart first."""
    word = questions.bare(words[index])
    previous = questions.bare(words[index - 1])
    if previous in questions.DETERMINERS or words[index - 1].endswith(("'s", "’s")) or "*" in words[index]:
        return False
    modals_and_auxiliaries = questions.MODALS | questions.AUXILIARIES
    if any(mark in words[index - 1] for mark in ",;:(") and word not in modals_and_auxiliaries:
        return False
    if word in questions.MODALS or word in questions.AUXILIARIES:
        return True
    base = questions.verb_base(word)
    if base is None:
        return questions.unknown_verb(words, index)
    if word == base:
        subject_end = index - 1
        while subject_end > 0 and questions.is_adverb(words[subject_end]):
            subject_end -= 1
        return subject_end < index - 1 or is_plural_as_first_written(words[: subject_end + 1])
    return True


@settings(max_examples=300)
@given(HEADLINES)
def test_finite_verbs_are_told_as_first_written(headline):
    words = headline.split()
    for index in range(1, len(words)):
        assert questions.is_finite_verb(words, index) == is_finite_verb_as_first_written(words, index)


def verb_index_testing_every_word(words: list[str]) -> int | None:
    """verb_index as first written: every candidate found, then the first (or the one after it)."""
    candidates = [
        index
        for index in range(1, min(len(words) - 1, questions.MAX_ANSWER_WORDS + 3))
        if is_finite_verb_as_first_written(words, index)
    ]
    if not candidates:
        return None
    first = candidates[0]
    word = questions.bare(words[first])
    if word in questions.MODALS or word in questions.AUXILIARIES:
        return first
    following = [
        index
        for index in candidates[1:]
        if index == first + 1 or (index == first + 2 and questions.is_adverb(words[first + 1]))
    ]
    if following and (word != questions.verb_base(word) or word in questions.NOUN_LIKE_VERBS):
        return following[0]
    return first


@settings(max_examples=300)
@given(HEADLINES)
def test_the_verb_is_found_as_when_every_word_was_tested(headline):
    words = headline.split()
    assert questions.verb_index(words) == verb_index_testing_every_word(words)


@given(HEADLINES)
def test_numbers_are_found_as_when_every_word_was_asked(headline):
    words = headline.split()
    asked = next(
        ((index, index + 1) for index, word in enumerate(words) if questions.is_number.__wrapped__(word)),
        None,
    )
    assert questions.number_span(words) == asked


@given(HEADLINES)
def test_labels_are_found_as_by_the_regex_alone(headline):
    labelled = questions.LABEL.match(headline)
    if labelled and len(labelled.group("label").split()) > questions.MAX_LABEL_WORDS:
        labelled = None
    found = questions.label_match(headline)
    assert (found and found.groups()) == (labelled and labelled.groups())


@given(st.text(alphabet=st.sampled_from(list("a &<>\"'[]{}:;#1\\()")), max_size=30) | st.text(max_size=30))
def test_field_escaping_is_html_escape_and_the_bracket(text):
    # And what else Anki acts on: braces (cloze syntax in any field) and backslashes (MathJax).
    table = str.maketrans({"[": "&#91;", "{": "&#123;", "}": "&#125;", "\\": "\\<span></span>"})
    assert escape(text) == html.escape(text).translate(table)


@given(st.text(alphabet=st.sampled_from(list("a {}:&#;1")), max_size=30) | st.text(max_size=30))
def test_cloze_syntax_escaping_is_one_character_at_a_time(text):
    table = str.maketrans({"{": "&#123;", "}": "&#125;", ":": "&#58;"})
    assert escape_cloze_syntax(text) == text.translate(table)


def content_runs_asking_every_word(words: list[str]) -> list[tuple[int, int]]:
    """content_runs as first written: every content word asked whether it ends a comparison or is a verb."""
    runs = []
    start = None
    for index, word in enumerate(words):
        base = questions.verb_base(questions.bare(word))
        content = questions.is_content(word) and not (base and base != questions.bare(word))
        content = content and not questions.comparative(words, index)
        content = content and not questions.verb_shaped(words, index)
        if content and start is None:
            start = index
        if start is not None and (not content or index - start >= 3):
            runs.append((start, index))
            start = index if content else None
        if start is not None and (word[-1:] in ",;:—.!?" or "—" in word):
            runs.append((start, index + 1))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    return [run for run in runs if run[1] > run[0]]


def test_the_words_that_tell_a_verb_or_a_comparison_are_stop_words():
    # content_runs asks verb_shaped and comparative only before a stop word.
    assert questions.VERB_OBJECT_OPENERS | questions.VERB_FOLLOWERS | {"than"} <= questions.STOP_WORDS


@settings(max_examples=300)
@given(HEADLINES)
def test_content_runs_are_as_when_every_word_was_asked(text):
    words = text.split()
    assert questions.content_runs(words) == content_runs_asking_every_word(words)


@given(HEADLINES | st.text(alphabet=st.sampled_from(list("a -—–\t\u00a0")), max_size=20))
def test_clause_commas_are_those_of_the_regex_alone(text):
    assert questions.clause_commas(text) == questions.CLAUSE_DASH.sub(", ", text)


@settings(max_examples=300)
@given(HEADLINES)
def test_quote_cloze_tries_the_runs_last_first_as_content_runs_gives_them(text):
    words = text.split()
    *runs, longest = questions.quote_cloze_spans(words)
    assert runs == list(reversed(questions.content_runs(words)))
    assert longest == questions.longest_word_span(words)


@given(HEADLINES, st.integers(min_value=0, max_value=15))
def test_the_runs_after_a_word_that_stands_in_none_are_the_texts_last_runs(text, first):
    words = text.split()
    if first and (first > len(words) or questions.is_run_word(words[first - 1])):
        first = 0
    runs = questions.content_runs(words)
    for start in (first, questions.last_stretch(words)):
        tail = questions.content_runs(words, start)
        assert runs[len(runs) - len(tail) :] == tail


SENTENCE_TEXTS = HEADLINES | st.text(alphabet=st.sampled_from(list("a.!?”’\"') \n\t")), max_size=20)


@given(SENTENCE_TEXTS)
def test_sentence_breaks_are_those_of_the_lookbehind_pattern(text):
    breaks = [(found.start() + 1, found.end()) for found in questions.SENTENCE_BREAK.finditer(text)]
    assert breaks == [(found.start(), found.end()) for found in questions.SENTENCE_END.finditer(text)]


def is_person_as_first_written(split: questions.Split) -> bool:
    bare = questions.bare
    head = [bare(word) for word in split.subject.split() if bare(word) not in {"the", "a", "an"}]
    if head and head[0] in questions.PERSON_NOUNS:
        return True
    names = split.subject.replace(" and ", " ").split()
    verb = questions.verb_base(bare(split.verb.split()[-1])) or ""
    return verb in questions.PERSON_VERBS and all(word[:1].isupper() and not word.isupper() for word in names)


PERSON_WORDS = ["The", "a", "people", "Experts", "Marie", "Curie", "and", "NASA", "argues", "is", "x"]


@given(
    st.lists(st.sampled_from(PERSON_WORDS + WORDS), min_size=1, max_size=5).map(" ".join),
    st.sampled_from(["argues", "warned", "predicts", "says", "is", "drives", "can predict"]),
)
def test_persons_are_told_as_first_written(subject, verb):
    split = questions.Split(subject=subject, verb=verb, rest="more")
    assert questions.is_person(split) == is_person_as_first_written(split)
