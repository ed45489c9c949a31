"""Show every card of a build before it is packaged: as terminal text, or as one HTML page.

Both views render the cards from the build plan with the package's own templates
and stylesheet (flashcards.views.render), so what is previewed is what would be built.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from flashcards.errors import TemplateError
from flashcards.models import Note, Summary
from flashcards.package.notetypes import NOTE_TYPES, STYLESHEET, NoteType
from flashcards.pipeline.build import BuildPlan
from flashcards.support.files import write_text_atomically
from flashcards.views.render import RenderedCard, render_note


@dataclass(frozen=True)
class PreviewCard:
    """One card to show, with the note it comes from."""

    note: Note
    card: RenderedCard

    @property
    def note_type(self) -> NoteType:
        # Looked up from the note, which names its type: a copy held beside it could disagree.
        return NOTE_TYPES[self.note.note_type]


@dataclass(frozen=True)
class PreviewGroup:
    """The cards made from one summary."""

    summary: Summary
    notes: tuple[Note, ...]
    cards: tuple[PreviewCard, ...]

    @property
    def decks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(note.deck for note in self.notes))


def preview_groups(plan: BuildPlan) -> list[PreviewGroup]:
    """The plan's notes rendered into cards, grouped by the summary they come from."""
    by_summary: dict[str, list[Note]] = {}
    for note in plan.notes:
        by_summary.setdefault(note.item.summary, []).append(note)
    groups = []
    for summary in plan.summaries:
        notes = by_summary.pop(summary.id, [])
        groups.append(PreviewGroup(summary, tuple(notes), tuple(render_cards(notes, summary.source))))
    return groups


def render_cards(notes: list[Note], source: str) -> list[PreviewCard]:
    cards = []
    for note in notes:
        note_type = NOTE_TYPES[note.note_type]
        values = dict(zip(note_type.fields, note.fields, strict=True))
        try:
            rendered = render_note(note_type, values)
        except TemplateError as error:
            # Name the note, so that a card Anki would show as an error is found before importing.
            raise TemplateError(f"note {note.key}: {error.message}", source) from None
        cards += [PreviewCard(note, card) for card in rendered]
    return cards


def count_line(plan: BuildPlan, groups: list[PreviewGroup]) -> str:
    cards = sum(len(group.cards) for group in groups)
    ideas = sum(len(summary.ideas) for summary in plan.summaries)
    quotes = sum(len(summary.quotes) for summary in plan.summaries)
    return (
        f"{plural(len(plan.summaries), 'summary', 'summaries')}: {plural(len(plan.notes), 'note')},"
        f" {plural(cards, 'card')} from {plural(ideas, 'idea')} and {plural(quotes, 'quote')}"
    )


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def group_line(group: PreviewGroup) -> str:
    return f"{plural(len(group.notes), 'note')}, {plural(len(group.cards), 'card')}"


# --- terminal text -----------------------------------------------------------------------------

# Private-use characters mark highlighted text until the lines are wrapped.
MARK_ON, MARK_OFF = "\ue000", "\ue001"
BOLD, CYAN, YELLOW, DIM, RESET = "\x1b[1m", "\x1b[36m", "\x1b[33m", "\x1b[2m", "\x1b[0m"
LABEL_WIDTH = 7
HIGHLIGHT_CLASSES = {"cloze", "answer"}
BLOCK_TAGS = {"div", "p", "br", "hr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
# Classes the stylesheet displays as blocks start a new line in text too (e.g. the quote's cue).
BLOCK_CLASSES = set(re.findall(r"\.([\w-]+)\s*\{[^}]*display:\s*block", STYLESHEET))
# Text from a web page may hold terminal escape sequences; none of it reaches the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000\ue001]")


def plain(text: str) -> str:
    """Text from the input as it may reach the terminal: no control character, no highlight mark."""
    return CONTROL.sub("", text)


class TextExtractor(HTMLParser):
    """Card HTML to lines of plain text, with highlighted spans marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.stack: list[tuple[str, bool, bool]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        block = tag in BLOCK_TAGS or bool(classes & BLOCK_CLASSES)
        highlight = bool(classes & HIGHLIGHT_CLASSES)
        if tag in ("style", "script"):
            self.skipping += 1
        if block:
            self.break_line()
        if highlight:
            self.lines[-1] += MARK_ON
        if tag not in ("br", "hr"):
            self.stack.append((tag, block, highlight))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, block, highlight = self.stack.pop()
            if highlight:
                self.lines[-1] += MARK_OFF
            if block:
                self.break_line()
            if name == tag:
                break
        if tag in ("style", "script"):
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1] += " ".join(CONTROL.sub("", data).split("\n"))

    def break_line(self) -> None:
        if self.lines[-1].strip(f" {MARK_ON}{MARK_OFF}"):
            self.lines.append("")


def html_to_lines(fragment: str) -> list[str]:
    extractor = TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    lines = [" ".join(line.split()) for line in extractor.lines]
    return [line for line in lines if line.strip(MARK_ON + MARK_OFF)]


def answer_only(card: RenderedCard) -> str:
    """The back without the front it repeats, as Anki's browser shows the answer."""
    answer = card.answer.removeprefix(card.question) if card.answer.startswith(card.question) else card.answer
    return re.sub(r'^\s*<hr id="?answer"?>', "", answer)


def preview_text(plan: BuildPlan, colour: bool = False, width: int = 100) -> str:
    """Every card of the plan as readable text, grouped by summary; ANSI colour when asked."""
    groups = preview_groups(plan)
    out = [style(f"Preview of {count_line(plan, groups)}", BOLD, colour)]
    for group in groups:
        out += ["", style(plain(group.summary.title), BOLD, colour)]
        out.append(f"{label('Source', colour)}{plain(group.summary.source)}")
        out += [f"{label('Deck', colour)}{plain(deck)}" for deck in group.decks]
        out.append(f"{label('Cards', colour)}{group_line(group)}")
        for number, item in enumerate(group.cards, start=1):
            out += ["", card_heading(number, len(group.cards), item, colour)]
            out += labelled("Front", html_to_lines(item.card.question), width, colour)
            out += labelled("Back", html_to_lines(answer_only(item.card)), width, colour)
            out += labelled("Tags", [plain(" ".join(item.note.tags))], width, colour)
    return "\n".join(out) + "\n"


def card_heading(number: int, total: int, item: PreviewCard, colour: bool) -> str:
    return style(f"── card {number}/{total} · {item.note_type.name} · {item.card.template}", DIM, colour)


def labelled(name: str, lines: list[str], width: int, colour: bool) -> list[str]:
    """Lines wrapped under a label: the first beside it, the rest indented to match."""
    out = []
    for line in lines or [""]:
        wrapped = wrap(line, max(20, width - LABEL_WIDTH))
        out += [" " * LABEL_WIDTH + part for part in wrapped]
    first = label(name, colour) + out[0][LABEL_WIDTH:]
    return [highlight(line, colour) for line in [first, *out[1:]]]


def wrap(line: str, width: int) -> list[str]:
    """Greedy word wrap that gives the highlight marks no width."""
    lines: list[str] = []
    current, used = "", 0
    for word in line.split(" "):
        size = len(word.replace(MARK_ON, "").replace(MARK_OFF, ""))
        if current and used + 1 + size > width:
            lines.append(current)
            current, used = "", 0
        current, used = (f"{current} {word}", used + 1 + size) if current else (word, size)
    return [*lines, current]


def label(name: str, colour: bool) -> str:
    return style(name.ljust(LABEL_WIDTH - 1), CYAN, colour) + " "


def highlight(line: str, colour: bool) -> str:
    if not colour:
        return line.replace(MARK_ON, "").replace(MARK_OFF, "")
    return line.replace(MARK_ON, BOLD + YELLOW).replace(MARK_OFF, RESET)


def style(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{RESET}" if colour else text


# --- HTML page ---------------------------------------------------------------------------------

PAGE_STYLE = """\
body.pv-page { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: #f6f8fa; color: #1f2328; }
body.pv-page.nightMode { background: #0d1117; color: #e6edf3; color-scheme: dark; }
.pv-top { display: flex; flex-wrap: wrap; align-items: flex-start; justify-content: space-between;
  gap: 8px 24px; padding: 16px 24px; border-bottom: 1px solid #d1d9e0; }
.pv-top h1 { margin: 0 0 4px; font-size: 20px; }
.pv-meta { margin: 2px 0; color: #59636e; font-size: 13px; }
.pv-meta code { font-size: 12px; }
#pv-theme { font: inherit; font-size: 13px; padding: 6px 12px; border-radius: 6px; cursor: pointer;
  border: 1px solid #d1d9e0; background: #ffffff; color: inherit; }
.pv-group { padding: 4px 24px 24px; }
.pv-group h2 { margin: 20px 0 2px; font-size: 18px; }
.pv-item { margin: 18px 0 26px; }
.pv-item h3 { margin: 0 0 6px; font-size: 12px; font-weight: 600; color: #59636e; }
.pv-sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px;
  align-items: start; }
.pv-label { margin: 0 0 4px; font-size: 11px; font-weight: 700; letter-spacing: 0.06em;
  text-transform: uppercase; color: #59636e; }
.card.pv-face { max-width: none; margin: 0; padding: 12px 16px; border: 1px solid #d1d9e0;
  border-radius: 8px; box-sizing: border-box; }
.nightMode .pv-top, .nightMode .card.pv-face, .nightMode #pv-theme { border-color: #3d444d; }
.nightMode .pv-meta, .nightMode .pv-item h3, .nightMode .pv-label { color: #9198a1; }
.nightMode #pv-theme { background: #21262d; }
"""

# Anki marks dark mode with the classes nightMode and night_mode on the card's body;
# the toggle sets the same classes, so the stylesheet's own night-mode rules apply.
PAGE_SCRIPT = """\
(function () {
  var body = document.body, button = document.getElementById("pv-theme");
  function apply(dark) {
    body.classList.toggle("nightMode", dark);
    body.classList.toggle("night_mode", dark);
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    button.textContent = dark ? "Light mode" : "Dark mode";
  }
  var hash = window.location.hash;
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  apply(hash === "#dark" || (hash !== "#light" && prefersDark));
  button.addEventListener("click", function () { apply(!body.classList.contains("nightMode")); });
})();
"""

# Nothing on the page may load from anywhere: no server, no network.
CONTENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def preview_html(plan: BuildPlan, groups: list[PreviewGroup]) -> str:
    """One self-contained page with every card's front and back, as Anki renders them."""
    titles = [summary.title for summary in plan.summaries]
    heading = titles[0] if len(titles) == 1 else f"{len(titles)} summaries"
    sources = ", ".join(f"<code>{html.escape(summary.source)}</code>" for summary in plan.summaries)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Preview: {html.escape(heading)}</title>",
        f"<style>\n{STYLESHEET}</style>",
        f"<style>\n{PAGE_STYLE}</style>",
        '</head><body class="pv-page">',
        '<header class="pv-top"><div>',
        f"<h1>Preview: {html.escape(heading)}</h1>",
        f'<p class="pv-meta" id="pv-counts">{html.escape(count_line(plan, groups))}</p>',
        f'<p class="pv-meta">Source: {sources}</p>',
        '</div><button id="pv-theme" type="button" aria-pressed="false">Dark mode</button></header>',
        "<main>",
    ]
    for group in groups:
        parts.append(group_html(group))
    parts += ["</main>", f"<script>\n{PAGE_SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(parts)


def group_html(group: PreviewGroup) -> str:
    decks = ", ".join(html.escape(deck) for deck in group.decks)
    parts = [
        '<section class="pv-group">',
        f"<h2>{html.escape(group.summary.title)}</h2>",
        f'<p class="pv-meta">Deck: {decks} · Source: <code>{html.escape(group.summary.source)}</code>'
        f" · {group_line(group)}</p>",
    ]
    for number, item in enumerate(group.cards, start=1):
        parts.append(card_html(number, len(group.cards), item))
    parts.append("</section>")
    return "\n".join(parts)


def card_html(number: int, total: int, item: PreviewCard) -> str:
    card_class = f"card card{item.card.ordinal + 1} pv-face"
    tags = html.escape(" ".join(item.note.tags))
    heading = f"Card {number}/{total} · {item.note_type.name} · {item.card.template} · tags: {tags}"
    return (
        f'<article class="pv-item" data-guid="{html.escape(item.note.guid)}"'
        f' data-ordinal="{item.card.ordinal}">'
        f"<h3>{heading}</h3>"
        '<div class="pv-sides">'
        f'<div class="pv-side"><p class="pv-label">Front</p>'
        f'<div class="{card_class} pv-front">{item.card.question}</div></div>'
        f'<div class="pv-side"><p class="pv-label">Back</p>'
        f'<div class="{card_class} pv-back">{item.card.answer}</div></div>'
        "</div></article>"
    )


def write_page(page: str, path: Path) -> None:
    """Write the page to path through a temporary file, so a failure leaves no half page."""
    write_text_atomically(path, page, ".html")
