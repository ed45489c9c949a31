"""A small build plan made by hand, so preview tests do not depend on the card rules."""

from __future__ import annotations

from pathlib import Path

from flashcards.models import NO_EDITS, Idea, ItemRef, Note, Quote, Summary
from flashcards.pipeline.build import BuildPlan

SUMMARY = Summary(
    id="show-1",
    source="pages/show.txt",
    title="A Show About Things",
    channel="Show",
    series="Show #1",
    link="https://example.com/show",
    overview="",
    points=(),
    ideas=(Idea("cats", 3, NO_EDITS, "Cats purr", "They purr when content."),),
    quotes=(Quote("mats", 5, NO_EDITS, "Sit on the mat.", "Kim", ""),),
)

QA_NOTE = Note(
    guid="guid-qa",
    note_type="qa",
    fields=(
        "Why do cats <em>purr</em>?",
        "Because they are content &amp; calm",
        "<p>First paragraph.</p><p>Second \x1b[31mparagraph.</p>",
        "A Show About Things · Show #1",
        "https://example.com/show",
        "",
        "",
    ),
    tags=("flashcards", "idea", "show-1"),
    deck="Shows::A Show About Things",
    item=ItemRef("show-1", "idea", "cats", 1, "qa", "qa", "Cats purr"),
)

CLOZE_NOTE = Note(
    guid="guid-cloze",
    note_type="cloze",
    fields=("Sit on the {{c1::mat}}, said the {{c2::cat::animal}}.", "", "A Show", "", "Kim", ""),
    tags=("flashcards", "quote", "show-1"),
    deck="Shows::A Show About Things",
    item=ItemRef("show-1", "quote", "mats", 1, "complete", "cloze", "Sit on the mat."),
)

PLAN = BuildPlan(summaries=(SUMMARY,), notes=(QA_NOTE, CLOZE_NOTE), warnings=(), output=Path("out.apkg"))
