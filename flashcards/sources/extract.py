"""The editable form of a summary, written: Summary to the YAML text `flashcards extract` writes.

A person extracts a summary to YAML, fixes a question, tags a card or skips one, and builds
from the YAML from then on (sources/yamlfile.py reads it back). Every item keeps its `id`,
which decides the note's GUID, so an edited card updates the note already in Anki.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flashcards.errors import OutputError
from flashcards.models import Idea, Quote, Summary, SummaryItem
from flashcards.support.files import write_text_atomically

HEADER = """\
# Editable cards for one summary, written by `flashcards extract`.
# Build a deck from it with `flashcards build THIS_FILE`; your edits are kept.
#
# Each idea and quote may take:
#   hide: ...           the words of the headline or quote its cloze hides (the rules'
#                       choice is written out; change it, or delete it to let the rules choose)
#   question: ...       with answer: a question card of your own, in place of the cloze
#   answer: ...         the short answer on its back (a question's answer for a quote's
#                       "Who said this?" card)
#   tags: [a, b]        extra Anki tags for its card
#   skip: true          make no card for it
# At the top level: `deck: Name` (the Anki deck) and `tags: [a, b]` (for every card).
# Titles and texts may be corrected too. Never change an `id`: it ties an item to
# its note in Anki, so that a rebuilt deck updates your cards instead of copying them.
# An item you add needs an id of its own (letters, digits, '-'): a second question on an
# idea is an idea you add, with a headline, a question and an answer.
"""


# Long texts stay on one line each: a wrapped plain scalar breaks when someone types ": " into it.
NO_WRAP = 1 << 30
LINE_BREAKS = ("\n", "\x85", "\u2028", "\u2029")


class EditableDumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key and writes multi-line text as a literal block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a literal block cannot hold the text.
    style = "|" if "\n" in text and not keeps_trailing_breaks(text) else None
    if any(mark in text for mark in LINE_BREAKS[1:]):
        # PyYAML leaves these breaks raw in other styles and reads them back as spaces or newlines;
        # only double quotes escape them.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


EditableDumper.add_representer(str, represent_text)


def keeps_trailing_breaks(text: str) -> bool:
    """Would a literal block need "|+"? PyYAML then ends the document with "...",
    which would cut the file where the pieces written by summary_to_yaml are joined."""
    return text.endswith(LINE_BREAKS) and (len(text) == 1 or text[-2] in LINE_BREAKS)


def summary_to_yaml(summary: Summary) -> str:
    """The summary as an editable YAML document, with a blank line between items."""
    from flashcards.cards.notes import hidden_words

    hides = hidden_words(summary)
    parts = [HEADER, "\n", dump(summary_head(summary))]
    ideas = [idea_data(idea, hides.get(("idea", idea.id), "")) for idea in summary.ideas]
    quotes = [quote_data(quote, hides.get(("quote", quote.id), "")) for quote in summary.quotes]
    for key, items in (("ideas", ideas), ("quotes", quotes)):
        blocks = [indent(dump([item])) for item in items]
        if blocks:
            parts.append(f"\n{key}:\n" + "\n".join(blocks))
    return "".join(parts)


def indent(text: str) -> str:
    # Only "\n" ends a line in PyYAML's output here; str.splitlines and textwrap would also cut
    # at other characters, and textwrap skips lines Python thinks blank, such as a lone U+00A0.
    return "\n".join(f"  {line}" if line else line for line in text.split("\n"))


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=EditableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=NO_WRAP,
    )


def summary_head(summary: Summary) -> dict[str, Any]:
    """The summary's own keys in reading order; empty optional ones are left out."""
    data: dict[str, Any] = {"title": summary.title}
    for key, text in (
        ("channel", summary.channel),
        ("series", summary.series),
        ("link", summary.link),
    ):
        if text:
            data[key] = text
    data["id"] = summary.id
    for key, value in (
        ("deck", summary.deck),
        ("tags", list(summary.tags)),
        ("overview", summary.overview),
        ("points", list(summary.points)),
    ):
        if value:
            data[key] = value
    return data


def idea_data(idea: Idea, hide: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": idea.id, "headline": idea.headline}
    if idea.explanation:
        data["explanation"] = idea.explanation
    return item_edits(data, idea, hide)


def quote_data(quote: Quote, hide: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": quote.id, "text": quote.text}
    if quote.speaker:
        data["speaker"] = quote.speaker
    if quote.note:
        data["note"] = quote.note
    return item_edits(data, quote, hide)


def item_edits(data: dict[str, Any], item: SummaryItem, hide: str) -> dict[str, Any]:
    # What the rules hide is written out, so that a person edits it in place.
    if hide:
        data["hide"] = hide
    edits = item.edits
    if edits.question:
        data["question"] = edits.question
    if edits.answer:
        data["answer"] = edits.answer
    if edits.tags:
        data["tags"] = list(edits.tags)
    if edits.skip:
        data["skip"] = True
    return data


def write_yaml_file(text: str, path: Path, replace: bool = False) -> None:
    """Write text to path via a temporary file; an existing file is replaced only when asked."""
    if path.exists() and not path.is_dir() and not replace:
        raise OutputError("already exists; pass --force to replace it and lose its edits", str(path))
    write_text_atomically(path, text, ".yaml")
