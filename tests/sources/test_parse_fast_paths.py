"""The shortcuts the page reader takes for speed give the same results as the plain definitions."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flashcards.errors import InputError
from flashcards.sources.headlines import (
    ABBREVIATIONS,
    HEAD,
    HEADLINE_MAX_WORDS,
    HEADLINE_VALUE,
    LAST_LINE_VALUE,
    LONG,
    SENTENCE_BREAK,
    SENTENCE_OPENERS,
    SHORT,
    best_labelling,
    line_shape,
)
from flashcards.sources.page import (
    BOILERPLATE,
    BOILERPLATE_INITIALS,
    GLANCE_HEADER,
    IDEAS_HEADER,
    OVERVIEW_HEADER,
    QUOTES_HEADER,
    header_key,
    may_be_header,
)
from flashcards.sources.text import (
    CONTROL_CHARACTER,
    LINE_BREAK,
    MAX_LINE_CHARS,
    SURROGATE,
    check_text,
    has_control_character,
    read_at_most,
    read_text,
)
from flashcards.support.slugs import make_slug

# Pieces of a page: line breaks of every kind, controls (C0, C1, DEL), text that only passes as a
# whole page when the page is short, and plain characters.
CHARACTERS = [*"a é’\n\r\t\x00\x07\x0b\x1f\x7f\x85\x93", "\r\n"]
LONG_RUNS = ["\u2028" * 3, "x" * 7_000, "y" * (MAX_LINE_CHARS - 3)]
PAGE_PIECES = st.sampled_from([*CHARACTERS, *LONG_RUNS])
HEADERS = (OVERVIEW_HEADER, IDEAS_HEADER, QUOTES_HEADER, GLANCE_HEADER)


def check_text_line_by_line(text: str, source: str, encoding: str) -> None:
    """The definition: every line on its own, the first line at fault named."""
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise InputError(
                f"line is {len(raw):,} characters long; a summary line is at most"
                f" {MAX_LINE_CHARS:,}: this is not a summary page",
                source,
                number,
            )
        control = CONTROL_CHARACTER.search(raw)
        if control:
            raise InputError(
                f"contains the control character U+{ord(control.group()):04X}: this is binary data"
                f" or not {encoding} text (give the file's encoding with --encoding)",
                source,
                number,
            )


def outcome(check, text: str) -> tuple[str, int | None] | None:
    try:
        check(text, "page.txt", "utf-8")
    except InputError as error:
        return str(error), error.line
    return None


@settings(max_examples=300)
@given(st.lists(PAGE_PIECES, max_size=12).map("".join) | st.text(max_size=60))
def test_checking_the_whole_page_at_once_names_the_same_line(text):
    assert outcome(check_text, text) == outcome(check_text_line_by_line, text)


@given(st.text(alphabet=st.characters() | st.sampled_from([*"\x00\x1f\x7f\x80\x9f\xa0\xc2°\ud800"])))
def test_control_characters_found_in_utf8_bytes_are_the_ones_the_pattern_finds(text):
    # A lone surrogate, which UTF-8 cannot encode, counts too (the line-by-line check names it).
    assert has_control_character(text) == bool(CONTROL_CHARACTER.search(text) or SURROGATE.search(text))


def test_each_character_up_to_u0800_is_a_control_character_in_both_ways_or_in_neither():
    # Every one- and two-byte UTF-8 sequence, each alone and between neighbours.
    for code in range(0x800):
        for text in (chr(code), f"a{chr(code)}é"):
            assert has_control_character(text) == bool(CONTROL_CHARACTER.search(text)), hex(code)


def test_a_long_page_of_short_lines_passes():
    text = ("A line of a summary page.\n" * 2_000).rstrip("\n")
    assert len(text) > MAX_LINE_CHARS
    assert outcome(check_text, text) is None


@pytest.mark.parametrize("length", [0, 1, 9, 10, 11, 50])
@pytest.mark.parametrize("reported", ["true", "none", "short"])
def test_reading_at_most_the_limit_takes_what_reading_to_the_limit_takes(length, reported):
    data = bytes(range(length))
    # The size stat gave before reading: right, none (a pipe), or too small (the file grew).
    size = {"true": length, "none": 0, "short": length // 2}[reported]
    got = read_at_most(io.BufferedReader(io.BytesIO(data)), size, 11)
    assert got == io.BytesIO(data).read(11)


def slugify_by_regex(text: str, max_words: int | None = None) -> str:
    """The definition: ASCII by compatibility decomposition, words are runs of [a-z0-9]."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [word for word in re.split(r"[^a-z0-9]+", ascii_text.lower()) if word]
    return "-".join(words[:max_words]) or "untitled"


SLUG_WORDS = ["TSMC’s", "R&D", "*key*", "—", "Ünïcödé", "ﬁve", "x²", "İstanbul", "\x1c", "a_b", "[z]", "@"]


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(SLUG_WORDS) | st.text(max_size=6), max_size=12).map(" ".join),
    st.none() | st.integers(min_value=0, max_value=9),
)
def test_slugs_from_bytes_are_the_slugs_of_the_regular_expression(text, max_words):
    assert make_slug(text, max_words) == slugify_by_regex(text, max_words)


def test_every_ascii_character_splits_or_joins_words_as_the_regular_expression_says():
    text = "".join(map(chr, range(128)))
    assert (
        make_slug(text)
        == slugify_by_regex(text)
        == "0123456789-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz"
    )


def line_shape_by_definition(text: str) -> str:
    """The definition: count every word, and look for a break with the regular expression alone."""
    if len(text.split()) > HEADLINE_MAX_WORDS:
        return LONG
    for match in SENTENCE_BREAK.finditer(text):
        opener = match.group("next")
        if not (opener.isupper() or opener in SENTENCE_OPENERS):
            continue
        before = text[: match.start()].split()
        word = before[-1].lstrip(SENTENCE_OPENERS) if before else ""
        initial = len(word) == 1 and word.isupper()
        if text[match.start()] == "." and (initial or word.lower() in ABBREVIATIONS):
            continue
        return SHORT
    return HEAD


LINE_WORDS = [
    "Sleep",
    "matters",
    "a",
    "Dr.",
    "B.",
    "U.S.",
    "end.",
    "Why?",
    "Yes!",
    "“Quoted.”",
    "(So)",
    "I",
    "x",
]


@settings(max_examples=300)
@given(
    # Around the word limit, and short lines with sentence ends anywhere, the last character too.
    st.lists(st.sampled_from(LINE_WORDS), min_size=HEADLINE_MAX_WORDS - 2, max_size=HEADLINE_MAX_WORDS + 2)
    | st.lists(st.sampled_from(LINE_WORDS), min_size=1, max_size=4)
    | st.lists(
        st.text(alphabet=st.sampled_from(list("aB.!?”)")), min_size=1, max_size=3), min_size=1, max_size=4
    ),
    st.sampled_from([" ", "\t", "\u2003 "]),
)
def test_line_shapes_taken_by_shortcut_are_the_shapes_by_definition(words, space):
    text = space.join(words)
    assert line_shape(text) == line_shape_by_definition(text)


def test_boilerplate_starts_only_with_its_initials_whatever_the_case_folding():
    alternatives = BOILERPLATE.pattern.removeprefix("^(").removesuffix(")").split("|")
    first_letter = re.compile(
        "|".join(re.escape(alternative[0]) for alternative in alternatives), re.IGNORECASE
    )
    initials = {chr(code) for code in range(0x110000) if first_letter.match(chr(code))}
    assert initials == BOILERPLATE_INITIALS


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", "no such file"),
        ("page.txt/inside.txt", "no such file"),  # a file where a folder should be
        ("nul\x00.txt", "no such file"),
        ("folder", "is a directory, not a summary file"),
        ("loop.txt", "no such file"),  # a symbolic link to itself
    ],
)
def test_why_a_source_cannot_be_read_is_asked_only_after_opening_it_fails(tmp_path, name, message):
    (tmp_path / "page.txt").write_text("A page", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(InputError) as raised:
        read_text(tmp_path / name)
    # An error's text carries no control character to the terminal: the NUL is left out.
    assert str(raised.value) == f"{tmp_path / name}: {message}".replace("\x00", "")


def test_folding_a_character_never_shortens_it_nor_ends_it_in_a_colon_or_a_space():
    # What may_be_header relies on, asked of every character as header_key folds it.
    for code in range(0x110000):
        character = chr(code)
        if character == ":" or character.isspace():
            continue
        folded = character.replace("’", "'").replace("‘", "'").casefold()
        assert folded and folded[-1] != ":" and not folded[-1].isspace(), hex(code)


HEADER_PIECES = ["ideas", "IDEAS", " worth", " ſaving", "Words Worth Saving", "’", ":", " ", "x", "İ"]


@example("IDEAS WORTH REMEMBERING :::")
@example("What It’s Really About:")
@given(st.lists(st.sampled_from(HEADER_PIECES), max_size=6).map("".join))
def test_no_header_is_taken_for_a_line_that_may_not_be_one(text):
    text = text.strip()
    if text and header_key(text) in HEADERS:
        assert may_be_header(text)


def best_labelling_line_by_line(shapes: list[str], count: int | None) -> list[bool] | None:
    """The definition: the dynamic programme asking the rule about every line and state."""
    if count is not None and count > (len(shapes) + 1) // 2:
        return None
    layers: list[dict[tuple[bool, int], tuple[int, int]]] = [{(True, 1): (0, 1)}]
    pointers: list[dict[tuple[bool, int], tuple[bool, int]]] = [{}]
    for index in range(1, len(shapes)):
        layer: dict[tuple[bool, int], tuple[int, int]] = {}
        pointer: dict[tuple[bool, int], tuple[bool, int]] = {}
        for state, (score, heads) in layers[-1].items():
            previous_head, used = state
            for head in (False, True):
                value = rule_value(shapes, index, head, previous_head)
                if value is None or (count is not None and used + head > count):
                    continue
                following = (head, used + head if count is not None else 1)
                candidate = (score + value, heads + head)
                if following not in layer or candidate > layer[following]:
                    layer[following] = candidate
                    pointer[following] = state
        layers.append(layer)
        pointers.append(pointer)
    finals = [state for state in layers[-1] if count is None or state[1] == count]
    if not finals:
        return None
    state = max(finals, key=lambda final: layers[-1][final])
    labels = []
    for index in range(len(shapes) - 1, -1, -1):
        labels.append(state[0])
        if index:
            state = pointers[index][state]
    return labels[::-1]


def rule_value(shapes: list[str], index: int, head: bool, previous_head: bool) -> int | None:
    shape = shapes[index]
    following = shapes[index + 1] if index + 1 < len(shapes) else None
    if not head:
        forced = shape == HEAD and following == LONG and not previous_head
        return None if forced else 0
    if previous_head or shape == LONG:
        return None
    return LAST_LINE_VALUE if following is None else HEADLINE_VALUE[(shape, following)]


def test_headlines_chosen_from_the_table_of_choices_are_the_ones_the_rule_gives():
    # Every sequence of up to seven shapes, with no count and every count that can be met.
    for length in range(1, 8):
        for shapes in itertools.product((HEAD, SHORT, LONG), repeat=length):
            for count in (None, *range(1, (length + 3) // 2)):
                expected = best_labelling_line_by_line(list(shapes), count)
                assert best_labelling(list(shapes), count) == expected, (shapes, count)


@given(
    st.lists(st.sampled_from((HEAD, SHORT, LONG)), min_size=8, max_size=40), st.none() | st.integers(1, 20)
)
def test_headlines_of_longer_sections_are_the_ones_the_rule_gives(shapes, count):
    assert best_labelling(shapes, count) == best_labelling_line_by_line(shapes, count)
