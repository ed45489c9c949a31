"""YAML that people edit, read as nodes so that each fault is named with its line: the editable
summary (sources/yamlfile.py) and the record (record/fileformat.py) are both read so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from flashcards.errors import FlashcardsError

# libyaml's safe loader and dumper when PyYAML has them (its wheels do): the pure-Python
# ones are many times slower.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

ALIAS = "alias"
DEPTH = "depth"


@dataclass(frozen=True)
class Refusals:
    """What a file says of an alias ({anchor} is its name) and of nesting deeper than max_depth."""

    error: type[FlashcardsError]
    max_depth: int
    alias: str
    depth: str


def refuse_aliases(text: str, source: str, refusals: Refusals) -> None:
    """Raise the file's error at the line of the first alias or too-deep nesting in text."""
    refused = refused_event(text, refusals.max_depth)
    if refused is None:
        return
    fault, event = refused
    message = refusals.alias.format(anchor=getattr(event, "anchor", "")) if fault == ALIAS else refusals.depth
    raise refusals.error(message, source, event_line(event))


def refused_event(text: str, max_depth: int) -> tuple[str, yaml.Event] | None:
    """The first alias (ALIAS) or list or mapping nested deeper than max_depth (DEPTH) in text,
    with its event; None when there is neither before the end or the first syntax fault.

    Neither file has a use for aliases, which can make a small file expand without end (300
    aliases of one 1 MB text made a 568 MB package), nor for deep nesting, which PyYAML builds
    by recursion. Looked for in the parser's events, before anything is built; a syntax fault
    is left to the loader, which names it in PyYAML's own words.
    """
    depth = 0
    try:
        events: Iterable[yaml.Event] = yaml.parse(text, Loader=SAFE_LOADER)
        for event in events:
            if isinstance(event, yaml.AliasEvent):
                return ALIAS, event
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return DEPTH, event
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def event_line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1
