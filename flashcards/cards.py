"""Turn a parsed Summary into Anki notes: fields as safe HTML, tags, deck and a stable GUID."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

from flashcards.cloze import cloze_field
from flashcards.kinds import CARD_KINDS, NOTE_TYPE_OF
from flashcards.models import Idea, Note, Quote, Summary
from flashcards.questions import (
    MAX_FRONT_WORDS,
    Cloze,
    idea_cloze,
    idea_prompt,
    quote_cloze,
    quote_excerpt,
    quote_prompt,
)
from flashcards.slugs import slugify

# Like Markdown: *x* is emphasis only when the stars hug the words, so lone stars stay literal.
EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")
# No backslash: escape() breaks it up with markup, which an href cannot hold (a browser reads it as "/").
SAFE_LINK = re.compile(r"^https?://[^\s\"'<>\\]+$", re.IGNORECASE)
BASE_TAG = "flashcards"

CARD_TAGS = {kind: f"card-{kind}" for kind in CARD_KINDS}
SOURCE_CUE_MAX_WORDS = 4


def write_notes(summary: Summary, deck: str, kinds: Sequence[str] = CARD_KINDS) -> list[Note]:
    """Every note for one summary, ideas first, in page order; skipped items make none."""
    notes: list[Note] = []
    for idea in summary.ideas:
        if idea.skip:
            continue
        if "qa" in kinds:
            notes.append(idea_note(summary, idea, deck))
        if "cloze" in kinds:
            notes.extend(idea_cloze_note(summary, idea, deck))
    for quote in summary.quotes:
        if quote.skip:
            continue
        # A quote with no speaker has nobody to recall; its complete-the-quote card still works.
        if "who" in kinds and (quote.speaker or quote.answer):
            notes.append(quote_note(summary, quote, deck))
        if "complete" in kinds:
            notes.extend(quote_cloze_note(summary, quote, deck))
    return notes


def idea_note(summary: Summary, idea: Idea, deck: str) -> Note:
    prompt = idea_prompt(idea)
    fields = (
        inline_html(prompt.question),
        inline_html(prompt.answer),
        paragraphs_html(idea.explanation),
        source_html(summary),
        safe_link(summary.link),
        "",
        "",
    )
    return item_note(summary, "idea", idea, "qa", fields, deck)


def idea_cloze_note(summary: Summary, idea: Idea, deck: str) -> list[Note]:
    """The headline with its key term hidden; none when it has no word worth hiding."""
    cloze = idea_cloze(idea.headline)
    if cloze is None:
        return []
    fields = (
        cloze_html(cloze),
        paragraphs_html(idea.explanation),
        source_html(summary),
        safe_link(summary.link),
        "",
        "",
    )
    return [item_note(summary, "idea", idea, "cloze", fields, deck)]


def quote_note(summary: Summary, quote: Quote, deck: str) -> Note:
    prompt = quote_prompt(quote)
    where = source_cue(summary, quote.speaker)
    cue = f"{where} · {prompt.question}" if where else prompt.question
    excerpt = quote_excerpt(quote.text, MAX_FRONT_WORDS - len(cue.split()))
    fields = (
        f'“{inline_html(excerpt)}”<span class="cue">{escape(cue)}</span>',
        inline_html(prompt.answer),
        full_quote_html(quote, excerpt),
        source_html(summary),
        safe_link(summary.link),
        escape(quote.speaker),
        "",
    )
    return item_note(summary, "quote", quote, "who", fields, deck)


def quote_cloze_note(summary: Summary, quote: Quote, deck: str) -> list[Note]:
    """The quote with its punchline hidden; none when it has no word worth hiding."""
    excerpt = quote_cloze_excerpt(quote)
    cloze = quote_cloze(excerpt)
    if cloze is None:
        return []
    fields = (
        cloze_html(cloze),
        full_quote_html(quote, excerpt),
        source_html(summary),
        safe_link(summary.link),
        escape(quote.speaker),
        escape(quote.note),
    )
    return [item_note(summary, "quote", quote, "complete", fields, deck)]


def item_note(
    summary: Summary, kind: str, item: Idea | Quote, card_kind: str, fields: tuple[str, ...], deck: str
) -> Note:
    """One note of an item, tagged with its card kind; its key ends with its note type (kinds.py)."""
    note_type = NOTE_TYPE_OF[card_kind]
    key = note_key(summary, kind, item.id, note_type)
    tags = tags_for(summary, kind, (CARD_TAGS[card_kind], *item.tags))
    # Positional: a frozen dataclass takes its fields by keyword a third slower (0.98 -> 0.73 µs a note).
    return Note(key, guid_for(key), note_type, fields, tags, deck)


def quote_cloze_excerpt(quote: Quote) -> str:
    """The part of the quote a complete-the-quote front shows, and hides a span of."""
    # The front shows the quote and "— Speaker"; together they stay within the front's word budget.
    speaker_words = len(quote.speaker.split()) + 1 if quote.speaker else 0
    return quote_excerpt(quote.text, MAX_FRONT_WORDS - speaker_words)


def cloze_html(cloze: Cloze) -> str:
    return cloze_field(inline_html(cloze.before), inline_html(cloze.hidden), inline_html(cloze.after))


def full_quote_html(quote: Quote, excerpt: str) -> str:
    """The whole quote on the back when the front could only show a part of it."""
    return "" if excerpt == quote.text else f"<p>“{inline_html(quote.text)}”</p>"


def source_cue(summary: Summary, answer: str = "") -> str:
    """A short name for the source on a card's front that does not give the answer away.

    "Lex Fridman Podcast #459" would answer "Who said this?" for Lex Fridman's own quotes.
    """
    names = [summary.series, summary.channel, summary.title]
    fair = [name for name in names if name and (not answer or answer.casefold() not in name.casefold())]
    words = fair[0].split() if fair else []
    if len(words) > SOURCE_CUE_MAX_WORDS:
        return " ".join(words[:SOURCE_CUE_MAX_WORDS]) + " …"
    return " ".join(words)


def note_key(summary: Summary, kind: str, item_id: str, card_kind: str) -> str:
    """The identity of a note: which summary, which kind of item, which item, which card."""
    return f"{summary.id}/{kind}/{item_id}/{card_kind}"


def guid_for(key: str) -> str:
    # Derived from the key alone, never from the wording, so edits update notes in place.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def tags_for(summary: Summary, kind: str, item_tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tags_of(summary.id, summary.tags, kind, item_tags)


# Every note of a summary has the same tags but for its kind and the item's own: remembering
# the last few spares a slug and a clean-up per note (5 % of making the notes).
@lru_cache(maxsize=16)
def tags_of(
    summary_id: str, summary_tags: tuple[str, ...], kind: str, item_tags: tuple[str, ...]
) -> tuple[str, ...]:
    tags = (BASE_TAG, kind, slugify(summary_id), *summary_tags, *item_tags)
    # Anki splits tags on spaces; keep each one a single tag and drop repeats.
    return tuple(dict.fromkeys("_".join(tag.split()) for tag in tags if tag.strip()))


def inline_html(text: str) -> str:
    """Escape untrusted text for a field, then turn *emphasis* into <em>."""
    escaped = escape(text)
    # Most text has no emphasis; skipping the regex then saves a tenth of writing cards.
    return EMPHASIS.sub(emphasis_html, escaped) if "*" in escaped else escaped


def emphasis_html(match: re.Match[str]) -> str:
    # A function, not the template r"<em>\1</em>": Python 3.11 expands a template four times slower.
    return "<em>" + match[1] + "</em>"


def escape(text: str) -> str:
    """HTML-escape untrusted text, and what else Anki's reviewer would act on: "[" ([sound:…],
    [anki:tts], [latex] become media), braces (Anki makes a card of every {{c2::…}} in any field of a
    cloze note) and backslashes (MathJax typesets \\( … \\) and \\[ … \\])."""
    # html.escape's own replacements, inlined: a fifth less time than calling it (escape runs for
    # nearly every field of every note). "&" goes first, as no replacement may be escaped again.
    escaped = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("[", "&#91;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )
    # MathJax looks for its delimiters in the text of the page, where "&#92;" is a backslash again;
    # an element between the backslash and what follows it splits that text, so none is found.
    return escaped.replace("\\", "\\<span></span>") if "\\" in escaped else escaped


# An idea's Q&A and cloze notes carry the same explanation, and every note of a summary
# the same source: remembering the last few makes them share one string, not copies
# (50 MB less at 10,000 summaries, and a little less work).
@lru_cache(maxsize=16)
def paragraphs_html(text: str) -> str:
    paragraphs = [part for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{inline_html(part)}</p>" for part in paragraphs)


def source_html(summary: Summary) -> str:
    return source_line_html(summary.title, summary.series or summary.channel)


@lru_cache(maxsize=16)
def source_line_html(title: str, where: str) -> str:
    return escape(f"{title} · {where}" if where else title)


# Every note of a summary carries its link: one check per summary, not per note.
@lru_cache(maxsize=16)
def safe_link(link: str) -> str:
    """Only plain web links reach an href; anything else (javascript:, data:) is dropped."""
    return escape(link) if SAFE_LINK.match(link) else ""
