"""The rule that tells a headline from a further explanation paragraph (parse.choose_headlines).

Each page here is small and built to show one clause of the rule; LONG is a paragraph of
more than 30 words, which can only ever be an explanation.
"""

from __future__ import annotations

from flashcards.sources.page import parse_summary

LONG = (
    "This paragraph runs well past thirty words so that nobody could take it for a headline, because"
    " headlines are one short claim while explanations go on and on about the reasons behind the claim."
)
LONG_2 = LONG.replace("This paragraph", "That second paragraph")


def ideas_of(*lines: str, label: str = ""):
    """Parse an ideas section made of these lines; label is glued to the first, as on real pages."""
    first, *rest = lines
    text = "\n".join(["ShowA Title | Show #1", "IDEAS WORTH REMEMBERING", label + first, *rest])
    summary, warnings = parse_summary(text, "page.txt")
    return [(idea.line, idea.headline, idea.explanation) for idea in summary.ideas], [
        str(w) for w in warnings
    ]


def test_short_paragraph_before_a_headline_stays_with_its_explanation():
    # "That is all." could be a headline, but the line after it is a headline followed by
    # a long paragraph, and a headline is never followed directly by another.
    ideas, warnings = ideas_of("First claim.", LONG, "That is all.", "Second claim.", LONG_2)
    assert ideas == [(3, "First claim.", f"{LONG}\n\nThat is all."), (6, "Second claim.", LONG_2)]
    assert warnings == []


def test_a_long_line_is_never_a_headline():
    ideas, _ = ideas_of("First claim.", LONG, LONG_2, "Second claim.", LONG, label="2 ideas")
    assert ideas == [(3, "First claim.", f"{LONG}\n\n{LONG_2}"), (6, "Second claim.", LONG)]


def test_the_declared_count_settles_two_short_lines():
    lines = ("First claim.", LONG, "Short one.", "Short two.", "Second claim.", LONG_2)
    two, warnings = ideas_of(*lines, label="2 ideas")
    assert two == [(3, "First claim.", f"{LONG}\n\nShort one.\n\nShort two."), (7, "Second claim.", LONG_2)]
    assert warnings == []
    three, warnings = ideas_of(*lines, label="3 ideas")
    assert three == [
        (3, "First claim.", LONG),
        (5, "Short one.", "Short two."),
        (7, "Second claim.", LONG_2),
    ]
    assert warnings == []


def test_without_a_count_ties_go_to_more_ideas():
    ideas, _ = ideas_of("First claim.", LONG, "Short one.", "Short two.", "Second claim.", LONG_2)
    assert [line for line, _, _ in ideas] == [3, 5, 7]


def test_a_count_no_reading_can_meet_is_reported_not_forced():
    ideas, warnings = ideas_of("First claim.", LONG, "Second claim.", LONG_2, label="5 ideas")
    assert ideas == [(3, "First claim.", LONG), (5, "Second claim.", LONG_2)]
    assert warnings == ["page.txt:3: the page declares 5 ideas but 2 were found"]


def test_a_count_can_ask_for_a_last_headline_without_explanation():
    # A page cut off after its last headline: the count says it is an idea, not a paragraph.
    ideas, warnings = ideas_of("First claim.", LONG, "Second claim.", LONG_2, "Third claim.", label="3 ideas")
    assert ideas == [(3, "First claim.", LONG), (5, "Second claim.", LONG_2), (7, "Third claim.", "")]
    assert warnings == ["page.txt:7: idea has no explanation"]


def test_a_lone_headline():
    ideas, warnings = ideas_of("Only claim.", label="1 idea")
    assert ideas == [(3, "Only claim.", "")]
    assert warnings == ["page.txt:3: idea has no explanation"]


def test_initials_and_titles_do_not_end_a_sentence():
    # Read as two sentences, this headline would look like an explanation paragraph.
    headline = "Dr. B. J. Fogg’s rule is to start tiny."
    explanation = "Floss one tooth. Do two push-ups. Then stop."
    ideas, _ = ideas_of("First claim.", LONG, headline, explanation)
    assert ideas == [(3, "First claim.", LONG), (5, headline, explanation)]


def test_a_two_sentence_headline_before_a_long_paragraph():
    ideas, _ = ideas_of("First claim.", LONG, "Fees matter. They compound.", LONG_2, label="2 ideas")
    assert ideas == [(3, "First claim.", LONG), (5, "Fees matter. They compound.", LONG_2)]


def test_singular_count_label_keeps_a_headline_starting_with_s():
    ideas, warnings = ideas_of("Soil comes first.", LONG, label="1 idea")
    assert ideas == [(3, "Soil comes first.", LONG)]
    assert warnings == []
    plural, _ = ideas_of("sleep is debt.", LONG, "Second claim.", LONG_2, label="2 ideas")
    assert plural[0][1] == "sleep is debt."
