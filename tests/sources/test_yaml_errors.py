"""A bad YAML file gets one line naming the file, the line and the key; exit 1, and no package."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner

from flashcards.cli import cli

# Line numbers in the cases below count lines of this document.
VALID = """\
title: A Talk
id: a-talk
ideas:
  - id: first
    headline: The first idea.
    explanation: Why it matters.
  - id: second
    headline: The second idea.
quotes:
  - id: said
    text: Something said.
    speaker: Someone
"""

ALLOWED_IDEA = "id, headline, explanation, hide, question, answer, tags, skip"
ALLOWED_SUMMARY = "title, channel, series, link, id, deck, tags, overview, points, ideas, quotes"


def edited(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


CASES = {
    "unknown key in an item": (
        edited("    explanation:", "    explanaton:"),
        f"6: unknown key 'explanaton' in an idea (expected one of: {ALLOWED_IDEA})",
    ),
    "unknown key at the top": (
        edited("id: a-talk\n", "id: a-talk\nauthor: Me\n"),
        f"3: unknown key 'author' in the summary (expected one of: {ALLOWED_SUMMARY})",
    ),
    "number for text": (
        edited("    speaker: Someone", "    speaker: Someone\n    answer: 1969"),
        "13: 'answer' must be text, not a number; put it in quotes to make it text",
    ),
    "yes for text": (
        edited("    speaker: Someone", "    speaker: Someone\n    question: yes"),
        "13: 'question' must be text, not true/false; put it in quotes to make it text",
    ),
    "list for text": (
        edited("title: A Talk", "title:\n  - A\n  - Talk"),
        "2: 'title' must be text, not a list",
    ),
    "text for skip": (
        edited("    speaker: Someone", "    speaker: Someone\n    skip: later"),
        "13: 'skip' must be true or false, not text",
    ),
    "text for tags": (
        edited("id: a-talk\n", "id: a-talk\ntags: ai\n"),
        "3: 'tags' must be a list of text, not text",
    ),
    "number among tags": (
        edited("id: a-talk\n", "id: a-talk\ntags:\n  - ai\n  - 2024\n"),
        "5: each entry of 'tags' must be text, not a number; put it in quotes to make it text",
    ),
    "mapping for ideas": (
        "title: A Talk\nid: a-talk\nideas:\n  id: first\n  headline: The first idea.\n",
        "4: 'ideas' must be a list of ideas, not a mapping",
    ),
    "text for an item": (
        edited("  - id: second\n    headline: The second idea.\n", "  - The second idea.\n"),
        "7: an idea must be a mapping of keys to values, not text",
    ),
    "missing headline": (
        edited("    headline: The second idea.\n", ""),
        "7: an idea has no 'headline', which is required",
    ),
    "missing title": (
        edited("title: A Talk\n", "channel: Someone\n"),
        "1: the summary has no 'title', which is required",
    ),
    "missing item id": (
        edited("  - id: said\n    text:", "  - text:"),
        "10: a quote has no 'id', which is required",
    ),
    "empty headline": (
        edited("    headline: The second idea.", "    headline: ''"),
        "8: 'headline' must not be empty",
    ),
    "duplicate id": (
        edited("id: second", "id: first"),
        "7: duplicate idea id 'first' (first used on line 4)",
    ),
    "duplicate key": (
        edited("    explanation: Why it matters.", "    explanation: Why it matters.\n    headline: Again."),
        "7: duplicate key 'headline' in an idea (first used on line 5)",
    ),
    "id with a space": (
        edited("id: second", "id: second idea"),
        "7: id 'second idea' may hold only letters, digits, '-', '_' and '.'"
        " (and must start with a letter or digit)",
    ),
    "unquoted colon": (
        edited("    explanation: Why it matters.", "    explanation: Why: it matters."),
        "6: not valid YAML: mapping values are not allowed here; text that holds ': ' must be put in quotes",
    ),
    "tab indentation": (
        edited("    speaker: Someone", "\tspeaker: Someone"),
        "12: not valid YAML: found character '\\t' that cannot start any token",
    ),
    "two documents": (
        VALID + "---\ntitle: B\n",
        "13: not valid YAML: expected a single document in the stream, but found another document",
    ),
    "control character": (
        edited("Someone", "Some\x07one"),
        # Every input goes through the same byte checks before YAML sees it.
        "12: contains the control character U+0007: this is binary data"
        " or not utf-8 text (give the file's encoding with --encoding)",
    ),
    "python tag": (
        edited("title: A Talk", "title: !!python/name:os.system"),
        "1: not valid YAML: could not determine a constructor for the tag"
        " 'tag:yaml.org,2002:python/name:os.system'",
    ),
    # Issue 17: YAML's escapes write any character; each string gets the page's character rules.
    "unit separator escaped": (
        edited("    explanation: Why it matters.", '    explanation: "Why\\x1fit matters."'),
        # It would split the note's fields: Anki refuses the whole package.
        "6: 'explanation' holds U+001F, a control character, which no summary may hold",
    ),
    "terminal escape escaped": (
        edited("title: A Talk", 'title: "\\e]0;owned\\a\\e[31mA Talk"'),
        "1: 'title' holds U+001B, a control character, which no summary may hold",
    ),
    "NUL escaped among tags": (
        edited("id: a-talk\n", 'id: a-talk\ntags: [ai, "a\\0b"]\n'),
        "3: 'tags' holds U+0000, a control character, which no summary may hold",
    ),
    "lone surrogate": (
        edited("    speaker: Someone", '    speaker: "Some\\uD800one"'),
        "12: 'speaker' holds U+D800, half of a surrogate pair, which no summary may hold",
    ),
    "a number of 19,000 digits": (
        edited("    speaker: Someone", "    speaker: Someone\n    answer: " + "9" * 19_000),
        "13: is a number too long to read; put it in quotes to make it text",
    ),
    "alias": (
        edited("    explanation: Why it matters.", "    explanation: &why Why it matters.")
        + "  - id: again\n    text: *why\n",
        "14: holds the alias *why; write the text out in full instead",
    ),
    "deep nesting": (
        edited("id: a-talk\n", "id: a-talk\ntags: " + "[" * 900 + "]" * 900 + "\n"),
        "3: nests lists or mappings more than 20 levels deep, far deeper than a summary",
    ),
    "a list, not a summary": (
        "- title: A Talk\n",
        "1: the summary must be a mapping of keys to values, not a list",
    ),
    "no items": (
        "title: A Talk\nid: a-talk\n",
        "1: has no ideas and no quotes to make cards from",
    ),
    "hide not in the headline": (
        edited("    headline: The second idea.", "    headline: The second idea.\n    hide: third"),
        "9: 'hide' must be words of the headline; 'third' is not in it",
    ),
    "hide not in the quote": (
        edited("    speaker: Someone", "    speaker: Someone\n    hide: nothing"),
        "13: 'hide' must be words of the text; 'nothing' is not in it",
    ),
    "number for hide": (
        edited("    speaker: Someone", "    speaker: Someone\n    hide: 1969"),
        "13: 'hide' must be text, not a number; put it in quotes to make it text",
    ),
    "every item skipped": (
        "title: A Talk\nid: a-talk\nquotes:\n  - id: said\n    text: Said.\n    skip: true\n",
        "1: every idea and quote has skip: true; nothing to make cards from",
    ),
}


def build(tmp_path, text: str, name: str = "cards.yaml"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "out.apkg"
    return source, output, CliRunner().invoke(cli, ["build", str(source), "-o", str(output)])


def test_the_valid_document_builds(tmp_path):
    # Every bad case is this document with one fault; it must itself be fine.
    _, output, result = build(tmp_path, VALID)
    assert result.exit_code == 0, result.output
    # A cloze card per idea and the quote's complete card (one speaker: no who-said-it card).
    assert result.output == (
        f"{output}: 3 notes, 3 cards from 2 ideas and 1 quote\n"
        "Notes against the last build: 3 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert len(import_and_read(output, tmp_path / "anki")) == 3


@pytest.mark.parametrize(("text", "message"), CASES.values(), ids=CASES.keys())
def test_bad_yaml_is_reported_with_its_line(tmp_path, text, message):
    source, output, result = build(tmp_path, text)
    assert result.exit_code == 1
    assert result.output == f"Error: {source}:{message}\n"
    assert not output.exists()


@pytest.mark.parametrize("text", ["", "# only a comment\n"], ids=["empty", "comment only"])
def test_empty_yaml_file(tmp_path, text):
    source, output, result = build(tmp_path, text)
    assert result.exit_code == 1
    assert result.output == f"Error: {source}: is empty: expected a summary in YAML\n"
    assert not output.exists()


def test_yml_suffix_is_read_as_yaml(tmp_path):
    source, _, result = build(tmp_path, edited("id: second", "id: first"), name="cards.yml")
    assert result.exit_code == 1
    assert result.output == f"Error: {source}:7: duplicate idea id 'first' (first used on line 4)\n"


def test_an_empty_value_counts_as_left_out(tmp_path):
    _, output, result = build(tmp_path, edited("    speaker: Someone", "    speaker:\n    tags:"))
    assert result.exit_code == 0, result.output
    quote = [note for note in import_and_read(output, tmp_path / "anki") if "quote" in note.tags]
    # With no speaker there is nobody to recall: only the complete-the-quote card is made.
    assert [note.note_type for note in quote] == ["flashcards Cloze"]
    assert quote[0].fields["Speaker"] == ""
