"""Extracting to YAML loses nothing: a YAML file builds the very notes its summary page builds."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from ankicheck import import_and_read
from helpers import FIXTURES, SEED, run, seed_note_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashcards.cards.notes import write_notes
from flashcards.errors import FlashcardsError
from flashcards.models import NO_EDITS, HandEdits, Idea, Quote, Summary
from flashcards.package.decknames import has_blank_part
from flashcards.pipeline.build import Build
from flashcards.sources.extract import summary_to_yaml
from flashcards.sources.yamlfile import parse_summary_yaml

# Fixtures are added by other work too: take whatever the folder holds today.
PAGES = [SEED, *sorted(FIXTURES.glob("*.txt"))]


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", PAGES, ids=[page.name for page in PAGES])


def test_page_and_its_yaml_build_the_same_notes(page, tmp_path):
    extracted = tmp_path / f"{page.stem}.yaml"
    result = run("extract", str(page), "-o", str(extracted))
    try:
        direct = Build([page]).plan()
    except FlashcardsError as error:
        # A page the builder refuses must be refused by extract with the same message, and no file.
        assert result.exit_code == 1
        assert result.stderr == f"Error: {error}\n"
        assert not extracted.exists()
        return
    assert result.exit_code == 0, result.output
    via_yaml = Build([extracted]).plan()
    assert via_yaml.notes == direct.notes
    assert [note.guid for note in via_yaml.notes] == [note.guid for note in direct.notes]


def test_extracted_yaml_reads_back_to_the_same_yaml(page, tmp_path):
    extracted = tmp_path / f"{page.stem}.yaml"
    if run("extract", str(page), "-o", str(extracted)).exit_code != 0:
        assert not extracted.exists()
        return
    again = run("extract", str(extracted), "-o", "-")
    assert again.exit_code == 0, again.output
    assert again.stdout == extracted.read_text(encoding="utf-8")


def test_seed_and_its_yaml_import_alike_into_anki(tmp_path):
    extracted = tmp_path / "seed.yaml"
    assert run("extract", str(SEED), "-o", str(extracted)).exit_code == 0
    from_text, from_yaml = tmp_path / "text.apkg", tmp_path / "yaml.apkg"
    assert run("build", str(SEED), "-o", str(from_text)).exit_code == 0
    result = run("build", str(extracted), "-o", str(from_yaml))
    assert result.exit_code == 0, result.output
    count = seed_note_count()
    assert result.output == (
        f"{from_yaml}: {count} notes, {count} cards from 5 ideas and 5 quotes\n"
        f"Notes against the last build: {count} new, 0 updated, 0 unchanged, 0 removed\n"
    )

    def imported(package, folder):
        notes = import_and_read(package, tmp_path / folder)
        return sorted((note.guid, note.fields, note.tags, note.cards) for note in notes)

    text_notes = imported(from_text, "a")
    assert len(text_notes) == count
    assert imported(from_yaml, "b") == text_notes


# --- generated summaries ----------------------------------------------------------

SLUG = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# Any character a summary page may hold: no control character but tab and line ends (parse.py).
REFUSED = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=REFUSED), max_size=30)
# Multi-paragraph text takes YAML's literal block style; make sure it is exercised.
PARAGRAPHS = st.lists(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20), min_size=2, max_size=3
).map("\n\n".join)
TEXT = st.one_of(ANY_TEXT, PARAGRAPHS)
REQUIRED = TEXT.filter(str.strip)
TAGS = st.lists(ANY_TEXT, max_size=2).map(tuple)
Item = TypeVar("Item", Idea, Quote)

EDITS = st.builds(HandEdits, question=TEXT, answer=TEXT, tags=TAGS, skip=st.booleans())
IDEA = st.builds(Idea, id=SLUG, headline=REQUIRED, explanation=TEXT, line=st.just(1), edits=EDITS)
QUOTE = st.builds(Quote, id=SLUG, text=REQUIRED, speaker=TEXT, note=TEXT, line=st.just(1), edits=EDITS)
SUMMARY = st.builds(
    Summary,
    id=SLUG,
    source=st.just("page.txt"),
    title=REQUIRED,
    channel=TEXT,
    series=TEXT,
    link=TEXT,
    overview=TEXT,
    points=st.lists(TEXT, max_size=2).map(tuple),
    ideas=st.lists(IDEA, max_size=3, unique_by=lambda idea: idea.id).map(tuple),
    quotes=st.lists(QUOTE, max_size=3, unique_by=lambda quote: quote.id).map(tuple),
    # A blank deck, or one with a blank part between `::`, is refused (issue 15): none to write back.
    deck=TEXT.map(lambda deck: "" if has_blank_part(deck) else deck),
    tags=TAGS,
).map(lambda summary: with_a_card(summary))


def with_a_card(summary: Summary) -> Summary:
    """A summary the reader accepts: at least one item, and not every item skipped."""
    # Built by repair rather than filtered, which keeps hypothesis fast at finding and shrinking.
    if not summary.ideas and not summary.quotes:
        return replace(
            summary,
            ideas=(Idea(id="only", line=1, edits=NO_EDITS, headline="The only idea.", explanation=""),),
        )
    if all(item.edits.skip for item in (*summary.ideas, *summary.quotes)):
        if summary.ideas:
            return replace(summary, ideas=(unskipped(summary.ideas[0]), *summary.ideas[1:]))
        return replace(summary, quotes=(unskipped(summary.quotes[0]), *summary.quotes[1:]))
    return summary


def unskipped(item: Item) -> Item:
    return replace(item, edits=replace(item.edits, skip=False))


PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(SUMMARY)
def test_yaml_read_back_writes_the_same_yaml(summary):
    text = summary_to_yaml(summary)
    assert summary_to_yaml(parse_summary_yaml(text, "cards.yaml")) == text


@PROPERTY
@given(SUMMARY)
def test_yaml_read_back_makes_the_same_notes(summary):
    loaded = parse_summary_yaml(summary_to_yaml(summary), "cards.yaml")
    assert loaded.deck == summary.deck
    assert write_notes(loaded, "Deck") == write_notes(summary, "Deck")


def test_multi_paragraph_text_is_a_literal_block():
    idea = Idea(
        id="one", line=1, edits=NO_EDITS, headline="A claim.", explanation="First part.\n\nSecond part."
    )
    summary = Summary("talk", "talk.txt", "Talk", "", "", "", "", (), (idea,), ())
    assert "    explanation: |-\n      First part.\n\n      Second part.\n" in summary_to_yaml(summary)
