"""Render a note's cards the way Anki does, for the template subset our note types use.

Supported: {{Field}}, {{#Field}}...{{/Field}}, {{^Field}}...{{/Field}}, {{FrontSide}}
and {{cloze:Field}}. The output is meant to equal what Anki's own backend renders
for the same note (tests/views/test_render.py checks it against the `anki` package), so
that a preview shows exactly what a person will study.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from flashcards.errors import TemplateError
from flashcards.package.notetypes import NoteType

TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Anki treats a field holding only whitespace, <br> or empty <div>s as empty.
EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
# Anki's cloze tokens (rslib/src/cloze.rs): "{{c" with ASCII digits and commas then "::" opens
# (e.g. "{{c1::", "{{c1,2::"), "}}" closes. An opening whose numbers do not parse is plain text.
CLOZE_TOKEN = re.compile(r"\{\{c([0-9,]*)::|\}\}")
CLOZE_FILTER = "cloze"
# Anki's limits: cloze numbers are u16, a note has at most 500 cards, and an opening
# inside ten open clozes is dropped.
MAX_CLOZE_NUMBER = 65535
MAX_CLOZE_CARDS = 500
MAX_OPEN_CLOZES = 10
# The cloze filter strips HTML tags (not entities) between \( \) or \[ \], so that MathJax
# gets plain TeX; the tag pattern is Anki's strip_html_preserving_entities (rslib/src/text.rs).
MATHJAX = re.compile(r"(\\[(\[])(.*?)(\\[\])])", re.DOTALL)
HTML_TAG = re.compile(
    r"<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>", re.DOTALL | re.IGNORECASE
)
IMAGE_OCCLUSION = "image-occlusion:"


@dataclass(frozen=True)
class RenderedCard:
    """One card as Anki would show it: which template, which ordinal, both sides as HTML."""

    ordinal: int
    template: str
    question: str
    answer: str


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Replacement:
    field: str
    filters: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    field: str
    inverted: bool
    children: tuple[Text | Replacement | Section, ...]


Node = Text | Replacement | Section


def render_note(note_type: NoteType, values: Mapping[str, str]) -> list[RenderedCard]:
    """Every card Anki makes from these field values, in card order."""
    missing = [name for name in note_type.fields if name not in values]
    if missing:
        raise TemplateError(f"note has no value for field {missing[0]!r}", note_type.name)
    if note_type.is_cloze:
        return cloze_cards(note_type, values)
    cards = []
    for ordinal, template in enumerate(note_type.templates):
        front = parse_template(template.front, note_type.name)
        # Anki makes a card only when the front shows something from the note's fields.
        blank = dict.fromkeys(values, "")
        if render_nodes(front, values, ordinal, None) == render_nodes(front, blank, ordinal, None):
            continue
        cards.append(render_card(note_type, ordinal, ordinal, values))
    return cards


def cloze_cards(note_type: NoteType, values: Mapping[str, str]) -> list[RenderedCard]:
    """One card per cloze number (c1 is ordinal 0) found in any of the note's fields, as Anki does."""
    numbers: set[int] = set()
    for name in note_type.fields:
        numbers |= cloze_numbers(values[name])
    # Anki makes a card per number, capping the ordinal at its 500 cards a note (so c500 and
    # c600 make two equal cards 500), and gives a note without any cloze one card anyway;
    # a card whose number is no cloze shows an error instead.
    ordinals = sorted(min(number, MAX_CLOZE_CARDS) - 1 for number in numbers) or [0]
    cards = []
    for ordinal in ordinals:
        if ordinal + 1 not in numbers:
            raise TemplateError(f"no cloze {ordinal + 1} found on the card: a cloze is missing or not closed")
        cards.append(render_card(note_type, 0, ordinal, values))
    return cards


def render_card(note_type: NoteType, index: int, ordinal: int, values: Mapping[str, str]) -> RenderedCard:
    template = note_type.templates[index]
    question = render_nodes(parse_template(template.front, note_type.name), values, ordinal, None)
    answer = render_nodes(parse_template(template.back, note_type.name), values, ordinal, question)
    return RenderedCard(ordinal=ordinal, template=template.name, question=question, answer=answer)


# A preview renders every card with the same few templates: each is parsed once (its tree is frozen).
@lru_cache(maxsize=64)
def parse_template(template: str, name: str) -> tuple[Node, ...]:
    """The template as a tree; unbalanced sections are an error, as in Anki."""
    stack: list[tuple[str, bool, list[Node]]] = [("", False, [])]
    position = 0
    for match in TAG.finditer(template):
        if match.start() > position:
            stack[-1][2].append(Text(template[position : match.start()]))
        position = match.end()
        tag = match.group(1).strip()
        if tag[:1] in ("#", "^"):
            stack.append((tag[1:].strip(), tag[0] == "^", []))
        elif tag[:1] == "/":
            field, inverted, children = stack.pop() if len(stack) > 1 else ("", False, [])
            if field != tag[1:].strip():
                raise TemplateError(f"{{{{{tag}}}}} does not close an open section", name)
            stack[-1][2].append(Section(field, inverted, tuple(children)))
        else:
            *filters, field = (part.strip() for part in tag.split(":"))
            stack[-1][2].append(Replacement(field, tuple(filters)))
    if len(stack) > 1:
        raise TemplateError(f"section {{{{#{stack[-1][0]}}}}} is never closed", name)
    if position < len(template):
        stack[-1][2].append(Text(template[position:]))
    return tuple(stack[0][2])


def render_nodes(
    nodes: tuple[Node, ...], values: Mapping[str, str], ordinal: int, front_side: str | None
) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Section):
            if is_empty(field_value(node.field, values, front_side)) == node.inverted:
                parts.append(render_nodes(node.children, values, ordinal, front_side))
        else:
            parts.append(replacement(node, values, ordinal, front_side))
    return "".join(parts)


def replacement(node: Replacement, values: Mapping[str, str], ordinal: int, front_side: str | None) -> str:
    value = field_value(node.field, values, front_side)
    for name in reversed(node.filters):
        if name != CLOZE_FILTER:
            raise TemplateError(f"template filter {name!r} is not supported by the preview")
        value = render_cloze(value, ordinal + 1, question=front_side is None)
    return value


def field_value(field: str, values: Mapping[str, str], front_side: str | None) -> str:
    if field == "FrontSide":
        return front_side or ""
    if field not in values:
        raise TemplateError(f"template refers to unknown field {field!r}")
    return values[field]


def is_empty(value: str) -> bool:
    return EMPTY_FIELD.match(value) is not None


def cloze_numbers(text: str) -> set[int]:
    """The cloze numbers used in text; {{c0::...}} makes no card, as in Anki."""
    return {number for cloze in walk_clozes(parse_clozes(text)) for number in cloze.numbers if number > 0}


@dataclass
class Cloze:
    numbers: tuple[int, ...]
    children: list[str | Cloze]
    hint: str | None = None

    @property
    def ordinal_attribute(self) -> str:
        return ",".join(str(number) for number in self.numbers)


def parse_clozes(text: str) -> list[str | Cloze]:
    """Split text into plain parts and (nested) clozes by Anki's rules.

    A "{{cN::" that never closes is dropped with everything after it, and a "}}"
    outside any cloze is plain text.
    """
    root: list[str | Cloze] = []
    open_clozes: list[Cloze] = []
    text_start = 0
    for match in CLOZE_TOKEN.finditer(text):
        numbers = None if match.group(1) is None else cloze_token_numbers(match.group(1))
        if numbers == ():
            # Not an opening ("{{c::", "{{c99999::"): Anki reads it as part of the text run around it.
            continue
        add_text(text[text_start : match.start()], root, open_clozes)
        text_start = match.end()
        if numbers is not None:
            if len(open_clozes) < MAX_OPEN_CLOZES:
                open_clozes.append(Cloze(numbers, []))
        elif open_clozes:
            cloze = open_clozes.pop()
            (open_clozes[-1].children if open_clozes else root).append(cloze)
        else:
            root.append(match.group(0))
    add_text(text[text_start:], root, open_clozes)
    return root


def cloze_token_numbers(digits_and_commas: str) -> tuple[int, ...]:
    """The numbers of "{{c2,1::" sorted and once each; Anki skips parts that are no u16 number."""
    numbers = {int(part) for part in digits_and_commas.split(",") if part}
    return tuple(sorted(number for number in numbers if number <= MAX_CLOZE_NUMBER))


def add_text(text: str, root: list[str | Cloze], open_clozes: list[Cloze]) -> None:
    if not text:
        return
    if not open_clozes:
        root.append(text)
        return
    cloze = open_clozes[-1]
    # Anki takes the hint from every run of text directly inside the cloze (between its
    # nested clozes), not only the last one: the first "::" of a run starts a hint, the
    # last such run's hint wins, and the hint is no part of the answer.
    if "::" in text:
        text, cloze.hint = text.split("::", 1)
    cloze.children.append(text)


def walk_clozes(items: list[str | Cloze]) -> Iterator[Cloze]:
    for item in items:
        if isinstance(item, Cloze):
            yield item
            yield from walk_clozes(item.children)


def render_cloze(text: str, number: int, question: bool) -> str:
    items = parse_clozes(text)
    if not any(number in cloze.numbers for cloze in walk_clozes(items)):
        # Anki's cloze filter shows nothing of a field without this card's cloze.
        return ""
    rendered = "".join(render_cloze_item(item, number, question) for item in items)
    return MATHJAX.sub(lambda match: match[1] + HTML_TAG.sub("", match[2]) + match[3], rendered)


def render_cloze_item(item: str | Cloze, number: int, question: bool) -> str:
    if isinstance(item, str):
        return item
    if item.children and isinstance(item.children[0], str) and item.children[0].startswith(IMAGE_OCCLUSION):
        # Anki draws such a cloze as a shape over an image note's picture; our notes have none.
        raise TemplateError("image occlusion clozes are not supported by the preview")
    inner = "".join(render_cloze_item(child, number, question) for child in item.children)
    ordinal = item.ordinal_attribute
    if number not in item.numbers:
        return f'<span class="cloze-inactive" data-ordinal="{ordinal}">{inner}</span>'
    if not question:
        return f'<span class="cloze" data-ordinal="{ordinal}">{inner}</span>'
    shown = f"[{item.hint}]" if item.hint is not None else "[...]"
    # Anki keeps the hidden text, as this side renders it, in an attribute for its scripts.
    hidden = encode_attribute(inner)
    return f'<span class="cloze" data-cloze="{hidden}" data-ordinal="{ordinal}">{shown}</span>'


ATTRIBUTE_ENTITIES = {'"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;"}


def encode_attribute(text: str) -> str:
    """Encode like Anki's data-cloze attribute: every non-alphanumeric character below 256 as &#xHH;.

    Anki uses the htmlescape crate, which always writes two hex digits ("&#x0A;" for a newline).
    """
    parts = []
    for char in text:
        if char in ATTRIBUTE_ENTITIES:
            parts.append(ATTRIBUTE_ENTITIES[char])
        elif ord(char) < 256 and not (char.isascii() and char.isalnum()):
            parts.append(f"&#x{ord(char):02X};")
        else:
            parts.append(char)
    return "".join(parts)
