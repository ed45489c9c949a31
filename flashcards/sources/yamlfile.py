"""The editable form of a summary, read: YAML text to a Summary (sources/extract.py writes it).

Reading composes the YAML into nodes first (safe loading, no Python objects)
so that every complaint can name the line it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import yaml

from flashcards.errors import YamlError
from flashcards.models import Diagnostic, HandEdits, Idea, Quote, Summary
from flashcards.package.decknames import has_blank_part
from flashcards.sources.text import CONTROL_CHARACTER, SURROGATE, read_text, without_emphasis
from flashcards.support.yamlnodes import Refusals, line_of, refuse_aliases

SUMMARY_KEYS = ("title", "channel", "series", "link", "id", "deck", "tags", "overview", "points")
LIST_KEYS = ("ideas", "quotes")
IDEA_KEYS = ("id", "headline", "explanation", "hide", "question", "answer", "tags", "skip")
QUOTE_KEYS = ("id", "text", "speaker", "note", "hide", "question", "answer", "tags", "skip")

# Ids end up inside note keys joined by "/"; keep them to plain slug characters.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


Node = yaml.Node
Entries = dict[str, tuple[yaml.Node, yaml.Node]]
# An editable summary is two levels deep (items in a list in the summary, tags in a list in an
# item); far deeper nesting is no summary, and PyYAML builds nested values by recursion.
MAX_DEPTH = 20


def read_summary_yaml(path: Path, encoding: str = "utf-8") -> tuple[Summary, list[Diagnostic]]:
    """Read one editable YAML file from disk; the same shape of result as parse.read_summary."""
    return parse_summary_yaml(read_text(path, encoding), str(path)), []


def parse_summary_yaml(text: str, source: str) -> Summary:
    """Read an editable YAML document into a Summary, or raise YamlError naming the line."""
    loader = None
    try:
        refuse_aliases(text, source, SUMMARY_REFUSALS)
        # The loader checks the whole text for characters YAML forbids as it is made.
        loader = yaml.SafeLoader(text)
        loader.name = source
        root = loader.get_single_node()
        if root is None:
            raise YamlError("is empty: expected a summary in YAML", source)
        return SummaryReader(loader, source).summary(root)
    except yaml.YAMLError as error:
        message, line = syntax_fault(error, text)
        raise YamlError(f"not valid YAML: {message}", source, line) from None
    finally:
        if loader is not None:
            loader.dispose()


def syntax_fault(error: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """PyYAML's complaint as one line, and the line it is about."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text[: error.position].count("\n") + 1
        return f"character #x{error.character:04x} is not allowed in YAML text", line
    if not isinstance(error, yaml.MarkedYAMLError):
        return str(error).splitlines()[0], None
    problem = error.problem or error.context or "unreadable"
    if problem.startswith("but ") and error.context:
        problem = f"{error.context}, {problem}"
    if problem == "mapping values are not allowed here":
        problem += "; text that holds ': ' must be put in quotes"
    mark = error.problem_mark or error.context_mark
    return problem, (mark.line + 1 if mark is not None else None)


SUMMARY_REFUSALS = Refusals(
    YamlError,
    MAX_DEPTH,
    "holds the alias *{anchor}; write the text out in full instead",
    f"nests lists or mappings more than {MAX_DEPTH} levels deep, far deeper than a summary",
)


class SummaryReader:
    """Walks the composed nodes of one file, building records and naming the line of any fault."""

    def __init__(self, loader: yaml.SafeLoader, source: str):
        self.loader = loader
        self.source = source

    def fail(self, message: str, node: Node) -> NoReturn:
        raise YamlError(message, self.source, line_of(node))

    def summary(self, root: Node) -> Summary:
        entries = self.mapping(root, "the summary", (*SUMMARY_KEYS, *LIST_KEYS))
        # Built in the order of the file, so that the first fault reported is the first one a person meets.
        head: dict[str, Any] = {
            "title": self.text(entries, "title", root, "the summary", required=True),
            "channel": self.text(entries, "channel"),
            "series": self.text(entries, "series"),
            "link": self.text(entries, "link"),
            "id": self.identifier(entries, root, "the summary"),
            "deck": self.deck(entries),
            "tags": self.texts(entries, "tags"),
            "overview": self.text(entries, "overview"),
            "points": self.texts(entries, "points"),
        }
        ideas = self.items(entries, "ideas", "idea", IDEA_KEYS, self.idea)
        quotes = self.items(entries, "quotes", "quote", QUOTE_KEYS, self.quote)
        if not ideas and not quotes:
            self.fail("has no ideas and no quotes to make cards from", root)
        if all(item.edits.skip for item in (*ideas, *quotes)):
            self.fail("every idea and quote has skip: true; nothing to make cards from", root)
        return Summary(source=self.source, ideas=ideas, quotes=quotes, **head)

    def idea(self, node: Node, entries: Entries) -> Idea:
        return Idea(
            id=self.identifier(entries, node, "an idea"),
            headline=self.text(entries, "headline", node, "an idea", required=True),
            explanation=self.text(entries, "explanation"),
            line=line_of(node),
            edits=self.edits(entries, "headline"),
        )

    def quote(self, node: Node, entries: Entries) -> Quote:
        return Quote(
            id=self.identifier(entries, node, "a quote"),
            text=self.text(entries, "text", node, "a quote", required=True),
            speaker=self.text(entries, "speaker"),
            note=self.text(entries, "note"),
            line=line_of(node),
            edits=self.edits(entries, "text"),
        )

    def edits(self, entries: Entries, within: str) -> HandEdits:
        """What a person may write on any item, read in the file's order: a question and its answer,
        tags, skip, and the words of its `within` text to hide."""
        return HandEdits(
            question=self.text(entries, "question"),
            answer=self.text(entries, "answer"),
            tags=self.texts(entries, "tags"),
            skip=self.flag(entries, "skip"),
            hide=self.hidden(entries, within),
        )

    def hidden(self, entries: Entries, within: str) -> str:
        """`hide:`, which must be words of the item's headline or text (a typo would hide nothing)."""
        hide = self.text(entries, "hide").strip()
        # Matched as the card stage matches it (spans.best_cloze): ignoring case, not case-folded,
        # in the text without its *emphasis* marks.
        if hide and not re.search(
            re.escape(hide), without_emphasis(self.text(entries, within)), re.IGNORECASE
        ):
            self.fail(f"'hide' must be words of the {within}; {hide!r} is not in it", entries["hide"][0])
        return hide

    def items(
        self,
        entries: Entries,
        key: str,
        kind: str,
        allowed: tuple[str, ...],
        read: Callable[[Node, Entries], Any],
    ) -> tuple[Any, ...]:
        """A list of ideas or quotes; two of a kind may not share an id, or they would share a note."""
        node = self.value_node(entries, key)
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(f"{key!r} must be a list of {key}, not {self.describe(node)}", node)
        what = "an idea" if kind == "idea" else "a quote"
        items = []
        first_line: dict[str, int] = {}
        for item_node in node.value:
            item_entries = self.mapping(item_node, what, allowed)
            item = read(item_node, item_entries)
            id_node = item_entries["id"][1]
            if item.id in first_line:
                self.fail(
                    f"duplicate {kind} id {item.id!r} (first used on line {first_line[item.id]})", id_node
                )
            first_line[item.id] = line_of(id_node)
            items.append(item)
        return tuple(items)

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...]) -> Entries:
        """The keys of a mapping with their nodes; unknown and repeated keys are faults."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"{what} must be a mapping of keys to values, not {self.describe(node)}", node)
        entries: Entries = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.fail(f"keys must be text, not {self.describe(key_node)}", key_node)
            if key not in allowed:
                self.fail(f"unknown key {key!r} in {what} (expected one of: {', '.join(allowed)})", key_node)
            if key in entries:
                first = line_of(entries[key][0])
                self.fail(f"duplicate key {key!r} in {what} (first used on line {first})", key_node)
            entries[key] = (key_node, value_node)
        return entries

    def value_node(self, entries: Entries, key: str) -> Node | None:
        """The value's node; an explicit null counts as leaving the key out."""
        if key not in entries:
            return None
        node = entries[key][1]
        if isinstance(node, yaml.ScalarNode) and self.scalar(node) is None:
            return None
        return node

    def text(
        self, entries: Entries, key: str, parent: Node | None = None, what: str = "", required: bool = False
    ) -> str:
        node = self.value_node(entries, key)
        if node is None:
            if required and parent is not None:
                self.fail(f"{what} has no {key!r}, which is required", parent)
            return ""
        value = self.scalar(node)
        if not isinstance(value, str):
            self.fail(f"{key!r} must be text, not {self.describe(node)}{quote_hint(value)}", node)
        if required and not value.strip():
            self.fail(f"{key!r} must not be empty", node)
        return self.checked(value, key, node)

    def checked(self, value: str, key: str, node: Node) -> str:
        """The text, if it holds only characters a page may: YAML's escapes ("\\x1f", "\\e", "\\ud800")
        write any character, and a unit separator would split the note's fields in Anki."""
        fault = CONTROL_CHARACTER.search(value) or SURROGATE.search(value)
        if fault is not None:
            what = "half of a surrogate pair" if SURROGATE.match(fault.group()) else "a control character"
            self.fail(f"{key!r} holds U+{ord(fault.group()):04X}, {what}, which no summary may hold", node)
        return value

    def deck(self, entries: Entries) -> str:
        """`deck:` nests with `::` as in Anki; a blank name or part is refused, not guessed at."""
        deck = self.text(entries, "deck")
        node = self.value_node(entries, "deck")
        if node is not None and not deck.strip():
            self.fail("'deck' is blank; give a deck name, or delete the line to use the title", node)
        if node is not None and has_blank_part(deck):
            self.fail(f"'deck' {deck!r} has an empty part between '::'; write Parent::Child", node)
        return deck  # kept as written, so that extract writes it back; tidied into a deck name by build

    def texts(self, entries: Entries, key: str) -> tuple[str, ...]:
        node = self.value_node(entries, key)
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(f"{key!r} must be a list of text, not {self.describe(node)}", node)
        values = []
        for item in node.value:
            value = self.scalar(item)
            if not isinstance(value, str):
                self.fail(
                    f"each entry of {key!r} must be text, not {self.describe(item)}{quote_hint(value)}", item
                )
            values.append(self.checked(value, key, item))
        return tuple(values)

    def flag(self, entries: Entries, key: str) -> bool:
        node = self.value_node(entries, key)
        if node is None:
            return False
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.fail(f"{key!r} must be true or false, not {self.describe(node)}", node)
        return value

    def identifier(self, entries: Entries, parent: Node, what: str) -> str:
        value = self.text(entries, "id", parent, what, required=True)
        if not ID_PATTERN.fullmatch(value):
            self.fail(
                f"id {value!r} may hold only letters, digits, '-', '_' and '.'"
                " (and must start with a letter or digit)",
                entries["id"][1],
            )
        return value

    def scalar(self, node: Node) -> Any:
        """The value of a scalar node as yaml.safe_load would build it; None for lists and mappings."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        try:
            return self.loader.construct_object(node)
        except ValueError:
            # Python reads at most 4,300 digits as a number.
            self.fail("is a number too long to read; put it in quotes to make it text", node)

    def describe(self, node: Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        return describe_value(self.loader.construct_object(node))


def describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__


def quote_hint(value: Any) -> str:
    # `answer: 1969` or `question: yes` reads as text to a person but not to YAML.
    if isinstance(value, (bool, int, float, date)):
        return "; put it in quotes to make it text"
    return ""
