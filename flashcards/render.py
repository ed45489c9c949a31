"""Render a note's cards the way Anki does, for the template subset our note types use.

Supported: {{Field}}, {{#Field}}...{{/Field}}, {{^Field}}...{{/Field}}, {{FrontSide}}
and {{cloze:Field}}. The output is meant to equal what Anki's own backend renders
for the same note (tests/test_render.py checks it against the `anki` package), so
that a preview shows exactly what a person will study.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flashcards.errors import TemplateError
from flashcards.notetypes import NoteType

TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Anki treats a field holding only whitespace, <br> or empty <div>s as empty.
EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
CLOZE_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}")
CLOZE_FILTER = "cloze"


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
    """One card per cloze number (c1 is ordinal 0) found in the fields the front clozes."""
    front = parse_template(note_type.templates[0].front, note_type.name)
    numbers: set[int] = set()
    for name in cloze_fields(front):
        numbers |= cloze_numbers(values.get(name, ""))
    # Anki gives a cloze note without any cloze one card anyway, which shows an error.
    return [render_card(note_type, 0, number - 1, values) for number in sorted(numbers or {1})]


def render_card(note_type: NoteType, index: int, ordinal: int, values: Mapping[str, str]) -> RenderedCard:
    template = note_type.templates[index]
    question = render_nodes(parse_template(template.front, note_type.name), values, ordinal, None)
    answer = render_nodes(parse_template(template.back, note_type.name), values, ordinal, question)
    return RenderedCard(ordinal=ordinal, template=template.name, question=question, answer=answer)


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


def cloze_fields(nodes: tuple[Node, ...]) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, Replacement) and CLOZE_FILTER in node.filters:
            found.append(node.field)
        elif isinstance(node, Section):
            found += cloze_fields(node.children)
    return found


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
    """The cloze numbers used in text; {{c0::...}} is not a cloze, as in Anki."""
    return {cloze.number for cloze in walk_clozes(parse_clozes(text)) if cloze.number > 0}


@dataclass
class Cloze:
    number: int
    children: list[str | Cloze]

    def hint_split(self) -> tuple[list[str | Cloze], str | None]:
        # "{{c1::answer::hint}}": the hint follows the first "::" of the last plain part.
        if self.children and isinstance(self.children[-1], str) and "::" in self.children[-1]:
            text, hint = self.children[-1].split("::", 1)
            return [*self.children[:-1], text], hint
        return self.children, None


def parse_clozes(text: str) -> list[str | Cloze]:
    """Split text into plain parts and (nested) clozes.

    Like Anki, a "{{cN::" that never closes is dropped with everything after it.
    """
    root: list[str | Cloze] = []
    stack: list[Cloze] = []
    position = 0

    def add(item: str | Cloze) -> None:
        (stack[-1].children if stack else root).append(item)

    for match in CLOZE_TOKEN.finditer(text):
        if match.start() > position:
            add(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            stack.append(Cloze(int(match.group(1)), []))
        elif stack:
            cloze = stack.pop()
            add(cloze)
        else:
            add(match.group(0))
    if position < len(text):
        add(text[position:])
    return root


def walk_clozes(items: list[str | Cloze]):
    for item in items:
        if isinstance(item, Cloze):
            yield item
            yield from walk_clozes(item.children)


def render_cloze(text: str, number: int, question: bool) -> str:
    items = parse_clozes(text)
    if number not in {cloze.number for cloze in walk_clozes(items)}:
        # Anki shows an error instead of the card here; the preview says so too.
        raise TemplateError(f"no cloze {number} found on the card: a cloze is missing or not closed")
    return "".join(render_cloze_item(item, number, question) for item in items)


def render_cloze_item(item: str | Cloze, number: int, question: bool) -> str:
    if isinstance(item, str):
        return item
    children, hint = item.hint_split()
    inner = "".join(render_cloze_item(child, number, question) for child in children)
    if item.number != number:
        return f'<span class="cloze-inactive" data-ordinal="{item.number}">{inner}</span>'
    if not question:
        return f'<span class="cloze" data-ordinal="{item.number}">{inner}</span>'
    shown = f"[{hint}]" if hint is not None else "[...]"
    # Anki keeps the hidden text, as this side renders it, in an attribute for its scripts.
    hidden = encode_attribute(inner)
    return f'<span class="cloze" data-cloze="{hidden}" data-ordinal="{item.number}">{shown}</span>'


ATTRIBUTE_ENTITIES = {'"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;"}


def encode_attribute(text: str) -> str:
    """Encode like Anki's data-cloze attribute: every non-alphanumeric character below 256 as &#xHH;."""
    parts = []
    for char in text:
        if char in ATTRIBUTE_ENTITIES:
            parts.append(ATTRIBUTE_ENTITIES[char])
        elif ord(char) < 256 and not (char.isascii() and char.isalnum()):
            parts.append(f"&#x{ord(char):X};")
        else:
            parts.append(char)
    return "".join(parts)
