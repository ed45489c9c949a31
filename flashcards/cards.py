"""Turn a parsed Summary into Anki notes: fields as safe HTML, tags, deck and a stable GUID."""

from __future__ import annotations

import hashlib
import html
import re

from flashcards.models import Idea, Note, Quote, Summary
from flashcards.notetypes import QA
from flashcards.questions import idea_prompt, quote_prompt
from flashcards.slugs import slugify

EMPHASIS = re.compile(r"\*([^*\n]+)\*")
SAFE_LINK = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
BASE_TAG = "flashcards"


def write_notes(summary: Summary, deck: str) -> list[Note]:
    """Every note for one summary, ideas first, in page order; skipped items make none."""
    notes = [idea_note(summary, idea, deck) for idea in summary.ideas if not idea.skip]
    notes += [quote_note(summary, quote, deck) for quote in summary.quotes if not quote.skip]
    return notes


def idea_note(summary: Summary, idea: Idea, deck: str) -> Note:
    prompt = idea_prompt(idea)
    return Note(
        key=note_key(summary, "idea", idea.id, QA),
        guid=guid_for(note_key(summary, "idea", idea.id, QA)),
        note_type=QA,
        fields=(
            inline_html(prompt.question),
            inline_html(prompt.answer),
            paragraphs_html(idea.explanation),
            source_html(summary),
            safe_link(summary.link),
            "",
            "",
        ),
        tags=tags_for(summary, "idea", idea.tags),
        deck=deck,
    )


def quote_note(summary: Summary, quote: Quote, deck: str) -> Note:
    prompt = quote_prompt(quote)
    cue = f"{prompt.question} ({summary.title})"
    return Note(
        key=note_key(summary, "quote", quote.id, QA),
        guid=guid_for(note_key(summary, "quote", quote.id, QA)),
        note_type=QA,
        fields=(
            f'“{inline_html(quote.text)}”<span class="cue">{html.escape(cue)}</span>',
            inline_html(prompt.answer),
            "",
            source_html(summary),
            safe_link(summary.link),
            html.escape(quote.speaker),
            "",
        ),
        tags=tags_for(summary, "quote", quote.tags),
        deck=deck,
    )


def note_key(summary: Summary, kind: str, item_id: str, card_kind: str) -> str:
    """The identity of a note: which summary, which kind of item, which item, which card."""
    return f"{summary.id}/{kind}/{item_id}/{card_kind}"


def guid_for(key: str) -> str:
    # Derived from the key alone, never from the wording, so edits update notes in place.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def tags_for(summary: Summary, kind: str, item_tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    tags = (BASE_TAG, kind, slugify(summary.id), *summary.tags, *item_tags)
    # Anki splits tags on spaces; keep each one a single tag and drop repeats.
    return tuple(dict.fromkeys("_".join(tag.split()) for tag in tags if tag.strip()))


def inline_html(text: str) -> str:
    """Escape untrusted text for a field, then turn *emphasis* into <em>."""
    return EMPHASIS.sub(r"<em>\1</em>", html.escape(text))


def paragraphs_html(text: str) -> str:
    paragraphs = [part for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{inline_html(part)}</p>" for part in paragraphs)


def source_html(summary: Summary) -> str:
    where = summary.series or summary.channel
    text = f"{summary.title} · {where}" if where else summary.title
    return html.escape(text)


def safe_link(link: str) -> str:
    """Only plain web links reach an href; anything else (javascript:, data:) is dropped."""
    return html.escape(link) if SAFE_LINK.match(link) else ""
