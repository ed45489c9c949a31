"""Every colour the stylesheet sets has a night-mode twin (Anki marks dark mode with .nightMode)."""

from __future__ import annotations

import re

from flashcards.package.notetypes import STYLESHEET

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|\b(?:white|black|red|blue|green|gray|grey)\b")
NIGHT_CLASSES = ("nightMode", "night_mode")


def rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    parsed = []
    for selectors, body in RULE.findall(css):
        declarations = {}
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                declarations[name.strip()] = value.strip()
        parsed.append(([selector.strip() for selector in selectors.split(",")], declarations))
    return parsed


def night_twins(selector: str, night_class: str) -> set[str]:
    """How a night rule may name the same element: on the body (.card) or inside it."""
    if selector == ".card":
        return {f".{night_class}.card", f".{night_class} .card"}
    return {f".{night_class} {selector}"}


def coloured_properties(css: str) -> list[tuple[str, str]]:
    """(selector, property) for every colour a light-theme rule sets."""
    found = []
    for selectors, declarations in rules(css):
        if any(night in selector for selector in selectors for night in NIGHT_CLASSES):
            continue
        for name, value in declarations.items():
            if COLOUR.search(value):
                found += [(selector, name) for selector in selectors]
    return found


def has_twin(css: str, selector: str, prop: str, night_class: str) -> bool:
    twins = night_twins(selector, night_class)
    # A border shorthand is answered by its colour alone: border-top -> border-top-color.
    accepted = {prop, f"{prop}-color"}
    return any(
        twins & set(selectors) and accepted & set(declarations) for selectors, declarations in rules(css)
    )


def missing_twins(css: str) -> list[str]:
    return [
        f"{selector} {{{prop}}} has no .{night_class} twin"
        for selector, prop in coloured_properties(css)
        for night_class in NIGHT_CLASSES
        if not has_twin(css, selector, prop, night_class)
    ]


def test_every_colour_has_a_night_mode_twin():
    assert len(coloured_properties(STYLESHEET)) >= 8
    assert missing_twins(STYLESHEET) == []


def test_a_colour_without_a_twin_is_caught():
    css = STYLESHEET + ".new-thing { color: #123456; border-left: 2px solid #abcdef; }"
    assert missing_twins(css) == [
        ".new-thing {color} has no .nightMode twin",
        ".new-thing {color} has no .night_mode twin",
        ".new-thing {border-left} has no .nightMode twin",
        ".new-thing {border-left} has no .night_mode twin",
    ]
    half = css + ".nightMode .new-thing { color: #eeeeee; border-left-color: #222222; }"
    assert missing_twins(half) == [
        ".new-thing {color} has no .night_mode twin",
        ".new-thing {border-left} has no .night_mode twin",
    ]
