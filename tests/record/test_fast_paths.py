"""The shortcuts taken for speed give the same results as the plain definitions they replace."""

from __future__ import annotations

import dataclasses
import unicodedata

import builds
import pytest
import yaml
from builds import plan_update
from helpers import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.cards.notes import EMPHASIS, escape, inline_html
from flashcards.pipeline.build import Build
from flashcards.record import entries as record_entries
from flashcards.sources.page import LINE_SEPARATORS, Line, split_lines
from flashcards.support import yamlnodes
from flashcards.support.slugs import slugify

# Line breaks of every kind, combining marks, and the characters normalisation rewrites.
PAGE_CHARACTERS = st.sampled_from(
    list("ab e\u0301\u0301\u0327\u2011\u00a0\ufeff\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \t’—")
)


def split_lines_line_by_line(text: str) -> list[Line]:
    """The definition: only CR, LF and CRLF end a line; normalise each line on its own."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = []
    for number, raw in enumerate(lines, start=1):
        cleaned = raw.replace("\u2011", "-").replace("\u00a0", " ")
        cleaned = unicodedata.normalize("NFC", LINE_SEPARATORS.sub(" ", cleaned)).strip()
        if cleaned:
            result.append(Line(number, cleaned))
    return result


@settings(max_examples=300)
@given(st.lists(PAGE_CHARACTERS, max_size=40).map("".join) | st.text(max_size=40))
def test_normalising_the_whole_page_at_once_changes_nothing(text):
    assert split_lines(text) == split_lines_line_by_line(text)


def slugify_uncached(text: str, max_words: int | None = None) -> str:
    return slugify.__wrapped__(text, max_words)


@given(st.text(max_size=40), st.none() | st.integers(min_value=1, max_value=8))
def test_slugs_are_the_same_cached_or_not(text, max_words):
    assert slugify(text, max_words) == slugify_uncached(text, max_words)
    assert slugify(text, max_words) == slugify_uncached(text, max_words)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_skips_unicode_normalisation_safely(text):
    expected = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    assert expected == text  # so the fast path may use the text as it is
    assert slugify(text) == slugify_uncached(text)


@given(st.text(alphabet=st.sampled_from(list("a *<&>\"'[\n")), max_size=30) | st.text(max_size=30))
def test_text_without_asterisks_skips_the_emphasis_regex_safely(text):
    assert inline_html(text) == EMPHASIS.sub(r"<em>\1</em>", escape(text))


def test_emphasis_still_becomes_em():
    assert inline_html("a *b* & c") == "a <em>b</em> &amp; c"


def test_libyaml_writes_and_reads_records_as_pure_python_yaml_does(tmp_path):
    if yamlnodes.SAFE_DUMPER is yaml.SafeDumper:
        pytest.skip("this PyYAML has no libyaml, so the pure-Python dumper is the one in use")
    other = tmp_path / "other.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    plan = Build([SEED, other], output=tmp_path / "out.apkg", parent="Podcasts").plan()
    record = plan_update(plan, now=1_700_000_000).record
    text = builds.dump_record(record)
    data = {
        "version": record_entries.RECORD_VERSION,
        "notes": [
            {key: getattr(entry, key) for key in record_entries.ENTRY_KEYS} for entry in record.entries
        ],
    }
    assert text == record_entries.HEADER + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000
    )
    assert builds.parse_record(text, "x") == record
    fast = yaml.compose(text, Loader=yamlnodes.SAFE_LOADER)
    slow = yaml.compose(text, Loader=yaml.SafeLoader)
    assert [node.start_mark.line for node in fast.value[1][1].value] == [
        node.start_mark.line for node in slow.value[1][1].value
    ]


def test_the_record_written_by_hand_reads_as_one_pyyaml_dump(tmp_path):
    plan = Build([SEED], output=tmp_path / "out.apkg").plan()
    record = plan_update(plan, now=1_700_000_000).record
    odd = dataclasses.replace(
        record.entries[0],
        guid="0123456789abcdef0123",
        note_id=record.entries[-1].note_id + 100,
        text="x: [y] # z " + "long " * 300 + "\n end",
    )
    record = dataclasses.replace(record, entries=(*record.entries, odd))
    data = {
        "version": record_entries.RECORD_VERSION,
        "notes": [
            {key: getattr(entry, key) for key in record_entries.ENTRY_KEYS} for entry in record.entries
        ],
    }
    dumped = yaml.dump(data, Dumper=yamlnodes.SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    whole = record_entries.HEADER + dumped
    assert builds.dump_record(record) == whole
    assert builds.parse_record(whole, "x") == record
    empty = dataclasses.replace(record, entries=())
    assert builds.dump_record(empty) == record_entries.HEADER + "version: 2\nnotes: []\n"
