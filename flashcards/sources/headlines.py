"""Which lines of a page's ideas are headlines: the labelling of its line shapes that reads most like a
summary, and that the page's own count of ideas agrees with.
"""

from __future__ import annotations

import re

# What a line looks like on its own: a short single sentence (HEAD), a few short
# sentences (SHORT), or more than HEADLINE_MAX_WORDS words (LONG).
HEAD, SHORT, LONG = "head", "short", "long"
# A headline is one short claim; an explanation line is anything longer.
HEADLINE_MAX_WORDS = 30
# End punctuation, closing quotes, space, then what opens the next sentence.
SENTENCE_BREAK = re.compile(r"[.!?][”’\"')\]]*\s+(?=(?P<next>\S))")
SENTENCE_OPENERS = '“‘"('
# "Dr. Lind" or "B. J. Fogg" is one sentence: a period after these is not an end.
ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "u.s", "u.k", "etc"})


# How strongly a line reads as the start of an idea, by its shape and the shape of the
# line after it (a headline is followed by its explanation). See choose_headlines.
HEADLINE_VALUE = {
    (HEAD, LONG): 3,
    (HEAD, SHORT): 1,
    (HEAD, HEAD): 0,
    (SHORT, LONG): 0,
    (SHORT, SHORT): -1,
    (SHORT, HEAD): -2,
}
# A headline on the last line has no explanation; only a declared count can ask for one.
LAST_LINE_VALUE = -100


def line_shape(text: str) -> str:
    # Split no further than the limit: whether there are more words is all that is asked.
    if len(text.split(maxsplit=HEADLINE_MAX_WORDS)) > HEADLINE_MAX_WORDS:
        return LONG
    return SHORT if has_sentence_break(text) else HEAD


def has_sentence_break(text: str) -> bool:
    """True when one sentence ends inside the text and another begins."""
    # A break is end punctuation with a space after it, so never the last character. Most
    # headlines have none before their end, which str's own search tells three times faster
    # than the regular expression's scan.
    body = text[:-1]
    if "." not in body and "!" not in body and "?" not in body:
        return False
    for match in SENTENCE_BREAK.finditer(text):
        opener = match.group("next")
        if not (opener.isupper() or opener in SENTENCE_OPENERS):
            continue
        before = text[: match.start()].split()
        word = before[-1].lstrip(SENTENCE_OPENERS) if before else ""
        initial = len(word) == 1 and word.isupper()
        if text[match.start()] == "." and (initial or word.lower() in ABBREVIATIONS):
            continue
        return True
    return False


def choose_headlines(shapes: list[str], declared: int | None) -> list[bool]:
    """Which lines of the ideas section start an idea; the rest are explanation paragraphs.

    A copied page has lost the bold that marks headlines, so the rule reads shapes:
    - the first line is a headline, and a headline is always followed by at least one
      explanation line (so two headlines are never adjacent);
    - a LONG line (over HEADLINE_MAX_WORDS words) is never a headline;
    - a short single sentence followed by a LONG line is always a headline, unless it
      directly follows a headline (then it is that headline's explanation);
    - the last line is a headline (with no explanation, and a warning) only when the
      declared count cannot be met otherwise: a page cut off after its last headline;
    - every other line may be either: a short line after an explanation is a further
      paragraph or the next headline. Those choices are settled by HEADLINE_VALUE: the
      labelling with the highest total value among those with exactly the declared number
      of ideas; when no labelling can match the declared count (or none is declared),
      the best labelling overall, ties going to more ideas. A count that still disagrees
      is then reported by check_count, so a page is never silently re-cut to fit.
    """
    free = best_labelling(shapes, None)
    # Without a count some labelling always fits: each forced headline, and the rest explanations.
    assert free is not None
    if declared is None or sum(free) == declared:
        return free
    return best_labelling(shapes, declared) or free


def best_labelling(shapes: list[str], count: int | None) -> list[bool] | None:
    """Dynamic programme over lines: state is (previous line is a headline, headlines so far)."""
    if count is not None and count > (len(shapes) + 1) // 2:
        return None
    start = (True, 1)
    layers: list[dict[tuple[bool, int], tuple[int, int]]] = [{start: (0, 1)}]
    pointers: list[dict[tuple[bool, int], tuple[bool, int]]] = [{}]
    for index in range(1, len(shapes)):
        next_shape = shapes[index + 1] if index + 1 < len(shapes) else None
        choices = CHOICES[shapes[index], next_shape]
        layer: dict[tuple[bool, int], tuple[int, int]] = {}
        pointer: dict[tuple[bool, int], tuple[bool, int]] = {}
        for state, (score, heads) in layers[-1].items():
            previous_head, used = state
            for head, value in choices[previous_head]:
                if count is not None and used + head > count:
                    continue
                # Without a count, every count is one state: keep only the best labelling.
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


def headline_value(shape: str, following: str | None, head: bool, previous_head: bool) -> int | None:
    """What labelling a line a headline (or not) is worth, by its shape and the next line's (None
    for the last line); None where the rule forbids it."""
    if not head:
        forced = shape == HEAD and following == LONG and not previous_head
        return None if forced else 0
    if previous_head or shape == LONG:
        return None
    return LAST_LINE_VALUE if following is None else HEADLINE_VALUE[(shape, following)]


# The choices the rule allows a line, with their values, for every shape of the line and the
# next and whether the line before is a headline, in the order False, True: worked out once
# here rather than for every line and state.
CHOICES = {
    (shape, following): {
        previous_head: tuple(
            (head, value)
            for head in (False, True)
            if (value := headline_value(shape, following, head, previous_head)) is not None
        )
        for previous_head in (False, True)
    }
    for shape in (HEAD, SHORT, LONG)
    for following in (HEAD, SHORT, LONG, None)
}
