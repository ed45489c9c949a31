"""Small summary pages built in tests, and the strings that mean something to HTML or Anki."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Every one of these must show literally on a card and run nothing.
HOSTILE = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "R&D & <b>bold</b> &amp; &lt;",
    "{{c1::x}}",
    "{{FrontSide}}",
    "{{Question}}",
    "}}",
    "{{",
    "::",
    "{{#Link}}x{{/Link}}",
    "[sound:evil.mp3]",
    "[latex]x^2[/latex] [anki:tts lang=en_US]hi[/anki:tts]",
    "zero\u200bwidth\u200djoin\ufeffbom",
    "right\u202eto\u202cleft \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "emoji 🧠👩‍🔬🇺🇸",
    "javascript:alert(1)",
    "*not emphasis",
)

TITLE_LINE = "Some ChannelA Careful Title | Some Channel #7"


def page(ideas=(), quotes=(), title_line=TITLE_LINE, idea_count=None, quote_count=None) -> str:
    """A summary page like the seed: ideas are (headline, explanation), quotes (text, speaker line)."""
    lines = [title_line, "WHAT IT'S REALLY ABOUT", "An overview headline"]
    if ideas or idea_count is not None:
        lines.append("IDEAS WORTH REMEMBERING")
        count = len(ideas) if idea_count is None else idea_count
        # As the site writes it: "1 idea", "2 ideas".
        label = f"{count} idea" if count == 1 else f"{count} ideas"
        for index, (headline, explanation) in enumerate(ideas):
            lines.append(label + headline if index == 0 else headline)
            lines.append(explanation)
    if quotes or quote_count is not None:
        lines.append("WORDS WORTH SAVING")
        count = len(quotes) if quote_count is None else quote_count
        label = f"{count} quote" if count == 1 else f"{count} quotes"
        for index, (text, speaker) in enumerate(quotes):
            lines.append(label + text if index == 0 else text)
            if speaker is not None:
                lines.append(speaker)
    return "\n".join(lines) + "\n"


def visible_text(rendered: str) -> str:
    """What a person sees: tags and the stylesheet removed, character references decoded."""
    without_style = re.sub(r"<style>.*?</style>", "", rendered, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", without_style))


def visible_words(rendered: str) -> str:
    """What a person reads, as words: visible_text with a space where a tag was, spaces folded."""
    without_style = re.sub(r"<style>.*?</style>", "", rendered, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_style)).split())


# What our own templates and fields use; anything else in a rendered card came from the input.
OUR_TAGS = {"style", "div", "span", "hr", "p", "em", "a", "br"}
OUR_ATTRIBUTES = {"class", "id", "href"}
# Anki's own markers on the span it renders for a cloze: the hidden text (shown on a click) and its number.
ANKI_CLOZE_ATTRIBUTES = {"data-cloze", "data-ordinal"}


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_runs_nothing(rendered: str) -> None:
    """The card holds only our own markup: no script, no event handler, no non-web link."""
    assert "<script" not in rendered.lower()
    collector = TagCollector()
    collector.feed(rendered)
    for tag, attributes in collector.tags:
        assert tag in OUR_TAGS, (tag, rendered)
        for name, value in attributes:
            allowed = OUR_ATTRIBUTES | (ANKI_CLOZE_ATTRIBUTES if tag == "span" else set())
            assert name in allowed, (tag, name, rendered)
            if name == "href":
                assert (value or "").startswith(("http://", "https://")), rendered
    # Anki's own markers for sound, TTS and LaTeX would mean a field was read as media.
    # (LaTeX would show up as an <img>, which the tag check above refuses.)
    assert "[anki:" not in rendered, rendered


CLOZE_TEXT = re.compile(r'<div class="cloze-text">(.*?)</div>', re.DOTALL)
CLOZE_SPAN = re.compile(r'<span class="cloze"([^>]*)>(.*?)</span>', re.DOTALL)
# The line under a cloze that names the show: part of the Text field, not of the cloze's sentence.
CUE = re.compile(r'<span class="cue">(.*?)</span>', re.DOTALL)
DATA_CLOZE = re.compile(r'data-cloze="([^"]*)"')


def assert_cloze_keeps_its_span(card, before: str, hidden: str, after: str) -> None:
    """The card hides exactly `hidden` between `before` and `after`, and shows it on the back.

    Compared as a person sees it; stars are dropped on both sides since *x* may become emphasis.
    """
    front, back = cloze_parts(card.question), cloze_parts(card.answer)
    expected = tuple(part.replace("*", "") for part in (before, hidden, after))
    assert front[0] == (expected[0], "[...]", expected[2]), (front, expected)
    assert back[0] == expected, (back, expected)
    # Clicking the front's [...] reveals the text Anki keeps in data-cloze: the same span.
    [revealed] = DATA_CLOZE.findall(front[1])
    assert visible_text(html.unescape(revealed)).replace("*", "") == expected[1], (revealed, expected)


def cloze_parts(rendered: str) -> tuple[tuple[str, str, str], str]:
    """What is seen before, in and after the one cloze span of a rendered card, and the span's attributes.

    The card's cue line is left out: it follows the text it names the source of (a card whose
    show is no more than what its hidden words name has none). The empty spans escape() puts after
    a backslash (so that MathJax never reads one) show nothing, and would end the patterns' spans
    early: they go first.
    """
    rendered = rendered.replace("<span></span>", "")
    [text] = CLOZE_TEXT.findall(rendered)
    cues = list(CUE.finditer(text))
    assert len(cues) <= 1, rendered
    if cues:
        assert cues[0].end() == len(text), rendered
        text = text[: cues[0].start()]
    [span] = list(CLOZE_SPAN.finditer(text))
    parts = (text[: span.start()], span.group(2), text[span.end() :])
    return tuple(visible_text(part).replace("*", "") for part in parts), span.group(1)


COUNT = 100


# Pages 40 and 90 repeat page 10's title with items of their own: their summaries get
# ids and decks of their own in the main process, after the workers made their notes.
SAME_TITLE_AS_10 = (40, 90)


PAGE = """Worker Show{title} | Worker Show
IDEAS WORTH REMEMBERING
2 ideasCaching makes idea {number} cheap to recall.
The explanation of idea {number} runs over two sentences. It says why it matters.
Sleep consolidates what page {number} taught.
Memory needs rest to settle, and page {number} says so at length.
WORDS WORTH SAVING
1 quote“Page {number} is the one worth quoting today.”
— Ada Lovelace
"""


def write_pages(folder, broken: int | None = None):
    paths = []
    for number in range(1, COUNT + 1):
        title = 10 if number in SAME_TITLE_AS_10 else number
        path = folder / f"page-{number:03d}.txt"
        text = "" if number == broken else PAGE.format(title=f"Episode {title}", number=number)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
