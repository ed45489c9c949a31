"""Random and mutated summary pages through the whole pipeline: a sound deck or one of our own errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pages import HOSTILE, assert_cloze_keeps_its_span, assert_runs_nothing, page, visible_text

from flashcards.cards.notes import (
    Cues,
    asked_by_ideas,
    idea_cloze,
    idea_facts,
    ideas_clozes,
    quote_cloze,
)
from flashcards.cli import cli
from flashcards.models import note_key
from flashcards.package.notetypes import CLOZE
from flashcards.pipeline.build import Build

# Pieces that mean something to HTML, Anki, Unicode or the page format itself.
PIECES = [
    *HOSTILE,
    *"<>&\"'*#|—–-\u200b\u200d\u202e\u2028\ufeff\u00a0\u2011\t\r\n\x00\x07",
    "🧠",
    "{{",
    "}}",
    "::",
    "IDEAS WORTH REMEMBERING",
    "WORDS WORTH SAVING",
    "WHAT IT’S REALLY ABOUT",
    "5 ideas",
    "1 quote",
    "— ",
    " | ",
    " #4",
    "Source: https://example.com/[sound:x.mp3]",
]

# Mostly printable text, sometimes anything that can be encoded at all.
printable = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=40)
anything = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
words = st.one_of(printable, printable, printable, st.sampled_from(PIECES), st.sampled_from(PIECES), anything)
generated_pages = st.builds(
    lambda ideas, quotes, title: page(ideas, quotes, title_line=title),
    st.lists(st.tuples(words, words), max_size=4),
    st.lists(st.tuples(words, st.one_of(st.none(), words.map("— {}".format))), max_size=4),
    words,
)
base_pages = st.one_of(st.just(SEED.read_text(encoding="utf-8")), generated_pages)


@st.composite
def mutated_pages(draw) -> bytes:
    lines = draw(base_pages).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "swap", "drop", "repeat", "new line"]))
        if action == "insert":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.sampled_from(PIECES)) + lines[index][at:]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        else:
            lines.insert(index, draw(words))
    text = "\n".join(lines)
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return text.replace("\n", line_end).encode(encoding, errors="replace")


# Random bytes are refused almost always; a few are enough to show that.
inputs = st.one_of(mutated_pages(), mutated_pages(), mutated_pages(), st.binary(max_size=200))


def only_stars_removed(text: str) -> str:
    # *x* becomes <em>x</em>; compare what is left once every star is gone on both sides.
    return " ".join(text.replace("*", "").split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=inputs)
def test_any_page_makes_a_sound_deck_or_a_clear_error(data):
    with tempfile.TemporaryDirectory() as folder:
        source, package = Path(folder) / "page.txt", Path(folder) / "out.apkg"
        source.write_bytes(data)
        result = CliRunner().invoke(cli, ["build", str(source), "-o", str(package)])
        if result.exit_code != 0:
            # Only the project's own errors: ClickException exits 1 with one "Error:" line.
            assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
            assert result.stdout == ""
            assert result.stderr.splitlines()[-1].startswith(f"Error: {source}")
            assert not package.exists()
            event("refused: " + result.stderr.splitlines()[-1].split(": ", 2)[-1][:25])
            return
        assert result.exit_code == 0, result.output
        plan = Build([source]).plan()
        notes = import_and_read(package, Path(folder) / "anki")
        assert sorted(note.guid for note in notes) == sorted(note.guid for note in plan.notes)
        for note in notes:
            for card in note.cards:
                assert_runs_nothing(card.question)
                assert_runs_nothing(card.answer)
        assert_every_item_has_its_notes(plan, notes)
        assert_clozes_keep_their_spans(plan, notes)
        event(f"built: {min(len(notes), 5)}+ notes" if len(notes) >= 5 else f"built: {len(notes)} notes")


def assert_every_item_has_its_notes(plan, imported) -> None:
    """One note set per item found, and each item's own text visible on its cards.

    An idea's explanation is on the back of its cloze (and Q&A) card; its headline is checked
    whole on its cloze card (assert_clozes_keep_their_spans). A fact card shows a sentence of
    the explanation (checked there too) and, on its back, the headline it belongs to. A quote
    is shown whole on every card of it, cut on the front or not. (Beside a card of the headline
    the fact's cue is the show's alone: the headline is whole on that card.)
    """
    shown = {
        note.guid: only_stars_removed(" ".join(visible_text(card.answer) for card in note.cards))
        for note in imported
    }
    for summary in plan.summaries:
        items = [("idea", idea.id, paragraphs(idea.explanation)) for idea in summary.ideas]
        items += [("quote", quote.id, [only_stars_removed(quote.text)]) for quote in summary.quotes]
        headlines = {idea.id: [only_stars_removed(idea.headline)] for idea in summary.ideas}
        for kind, item_id, texts in items:
            prefix = note_key(summary.id, kind, item_id, "")
            notes = [note for note in plan.notes if note.key.startswith(prefix)]
            assert notes, f"{kind} {item_id} has no note"
            headline_card = any("/fact-" not in note.key for note in notes)
            for note in notes:
                if "/fact-" in note.key and headline_card:
                    continue
                wanted = headlines[item_id] if "/fact-" in note.key else texts
                assert all(text in shown[note.guid] for text in wanted), (note.key, wanted, shown[note.guid])


def paragraphs(text: str) -> list[str]:
    return [only_stars_removed(part) for part in text.split("\n\n") if part.strip()]


def assert_clozes_keep_their_spans(plan, imported) -> None:
    """Every cloze card hides exactly the span the cloze rules chose, whatever the text holds."""
    cards = {note.guid: note.cards for note in imported}
    intended = {}
    for summary in plan.summaries:
        cues = Cues.of(summary)
        clozes = ideas_clozes(summary, cues)
        for idea in summary.ideas:
            intended[note_key(summary.id, "idea", idea.id, CLOZE)] = idea_cloze(idea, cues)
            for number, fact in enumerate(idea_facts(idea, cues, clozes), 1):
                intended[note_key(summary.id, "idea", idea.id, f"fact-{number}")] = fact
        for quote in summary.quotes:
            asked = asked_by_ideas(summary, cues)
            intended[note_key(summary.id, "quote", quote.id, CLOZE)] = quote_cloze(quote, cues, asked)
    for note in plan.notes:
        if note.note_type == CLOZE:
            cloze = intended[note.key]
            assert cloze is not None, f"{note.key} has a note but no span to hide"
            [card] = cards[note.guid]
            assert_cloze_keeps_its_span(card, cloze.before, cloze.hidden, cloze.after)
