"""Property tests: generated summaries, rendered as page text, parse back to exactly themselves.

The generator writes what DESIGN.md says a page looks like: a title line with the channel
glued on, optional "At a glance", overview and link, a glued "<N> ideas" label, headlines
that are one short sentence, explanations of one or two paragraphs, quotes with em dash,
en dash or hyphen speaker lines and notes, CRLF or LF, a byte-order mark, blank lines,
U+2011 and no-break spaces, HTML- and Anki-significant characters, trailing boilerplate.

The one thing the text of a page cannot show is which short line is a headline and which
a further paragraph (the page's bold is lost in copying). The parser's rule is in
flashcards.parse.choose_headlines; the generator keeps to what that rule promises to read:
the first paragraph of every explanation is more than one sentence or over 30 words.
A second paragraph may be anything, including one short sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from flashcards.errors import FlashcardsError, InputError
from flashcards.sources.page import parse_summary
from flashcards.sources.text import decode

SOURCE = "generated.txt"
LOOKS_LIKE_COUNT = re.compile(r"(\d+|no|zero|one|two|three|four|five)\s*(idea|quote)", re.IGNORECASE)

# Characters a word may hold: none of them ends a sentence or a line.
WORD_ALPHABET = "abcdefghijklmnopqrstuvwxyzKLMXYZ0123456789’‘“”—–\u2011<>&{}:*#%$@~=+/\\_`'\"()[];,éøß"
COMMON_WORDS = [
    "the", "of", "and", "a", "model", "sleep", "light", "costs", "ideas", "quotes", "{{c1::cloze}}",
    "<script>alert(1)</script>", "&amp;", "::", "}}", "{{", "*emphasis*", "Dr.", "U.S.", "B.", "J.",
    "night\u2011time", "10\u00a0°C", "–", "—", "self‑control", "“quoted”", "‘single’", "3–5",
]  # fmt: skip


def glued(word: str) -> bool:
    """A lower-case letter running into a capital, or capitals into a capitalised word."""
    return any(
        (a.islower() and b.isupper()) or (a.isupper() and b.isupper() and c.islower())
        for a, b, c in zip(word, word[1:], word[2:] + " ", strict=False)
    )


# Words that open a sentence: capitals (also non-ASCII), opening quotes, an "S" after a count.
SENTENCE_STARTERS = [
    "Adenosine",
    "Bronze",
    "Soil",
    "Salt",
    "Every",
    "Émile",
    "Ørsted",
    "“Little",
    "(Most",
    "Zero",
]
# A headline may also open with a small letter or a digit.
HEADLINE_STARTERS = [*SENTENCE_STARTERS, "sleep", "iPhone", "10x", "3 ideas", "ideas"]
NAMES = [
    "Ada",
    "Lovelace",
    "Tobias",
    "Lind",
    "Anne\u2011Marie",
    "O’Neil",
    "Dr.",
    "J.",
    "Zoë",
    "Nguyễn",
    "Koh",
]
ROLE_WORDS = ["Professor", "of", "Neuroscience", "at", "Northfield", "University", "CEO", "Acme", "&", "Co."]
BOILERPLATE = [
    "High quality AI-generated summary created from speaker-labeled transcript.",
    "Get more out of YouTube videos.",
    "High quality summaries for YouTube videos. Accurate transcripts to search & find moments.",
    "Powered by ChatGPT & Claude AI.",
    "Add to Chrome",
]

word = st.one_of(
    st.sampled_from(COMMON_WORDS),
    st.text(alphabet=WORD_ALPHABET, min_size=1, max_size=8),
    # A no-break space inside a word: the page shows one space, the parser keeps one.
    st.builds(lambda a, b: f"{a}\u00a0{b}", st.sampled_from(COMMON_WORDS), st.sampled_from(COMMON_WORDS)),
)


def folded(text: str) -> str:
    """What a reader sees: U+2011 is a hyphen, a no-break space is a space."""
    return text.replace("\u2011", "-").replace("\u00a0", " ")


# The last word of a sentence: never an initial or title ("J.", "Dr."), which do not end one.
CLOSING_WORDS = ["today", "again", "costs", "it", "<b>", "}}", "*too*", "night\u2011time"]


@st.composite
def sentence(draw, min_words: int = 2, max_words: int = 12, end: str = ".") -> str:
    words = draw(st.lists(word, min_size=max(min_words - 2, 0), max_size=max_words - 2))
    if min_words > 12:
        # Long sentences repeat a few drawn words: as long, and much cheaper to generate.
        while len(words) < min_words - 2:
            words = [*words, *draw(st.lists(word, min_size=1, max_size=8))]
        words = words[: max_words - 2]
    closing = [draw(st.sampled_from(CLOSING_WORDS))] if min_words > 1 or draw(st.booleans()) else []
    return " ".join([draw(st.sampled_from(SENTENCE_STARTERS)), *words, *closing]) + end


@st.composite
def headline(draw) -> str:
    # One sentence of at most 12 words (24 with no-break spaces split): always under 30.
    words = draw(st.lists(word, min_size=0, max_size=11))
    end = draw(st.sampled_from([".", "?", "!", "", "…"]))
    return " ".join([draw(st.sampled_from(HEADLINE_STARTERS)), *words]) + end


@st.composite
def explanation_paragraph(draw, long_only: bool = False) -> str:
    """A paragraph that reads as an explanation: several sentences or over 30 words."""
    if long_only or draw(st.booleans()):
        return draw(sentence(min_words=31, max_words=40))
    return " ".join(draw(st.lists(sentence(), min_size=2, max_size=4)))


@st.composite
def further_paragraph(draw, long_only: bool = False) -> str:
    """A second paragraph: anything from one short sentence to a long one."""
    if long_only:
        return draw(sentence(min_words=31, max_words=40))
    return " ".join(draw(st.lists(sentence(min_words=1, max_words=35), min_size=1, max_size=3)))


@dataclass(frozen=True)
class GeneratedIdea:
    headline: str
    paragraphs: tuple[str, ...]


@st.composite
def idea(draw, long_only: bool = False) -> GeneratedIdea:
    paragraphs = [draw(explanation_paragraph(long_only))]
    if draw(st.booleans()):
        paragraphs.append(draw(further_paragraph(long_only)))
    return GeneratedIdea(draw(headline()), tuple(paragraphs))


@dataclass(frozen=True)
class GeneratedQuote:
    text: str
    speaker: str
    note: str
    speaker_line: str


@st.composite
def quote(draw) -> GeneratedQuote:
    text = " ".join(draw(st.lists(sentence(min_words=1, max_words=20, end=""), min_size=1, max_size=2)))
    text += draw(st.sampled_from([".", "?", "!", "", "…", "”"]))
    speaker = " ".join(draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)))
    form = draw(st.sampled_from(["plain", "citing", "role"]))
    if form == "citing":
        cited = " ".join(draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)))
        note = f"{draw(st.sampled_from(['citing', 'quoting', 'paraphrasing']))} {cited}"
        who = f"{speaker} ({note})"
    elif form == "role":
        note = " ".join(draw(st.lists(st.sampled_from(ROLE_WORDS), min_size=1, max_size=6)))
        who = f"{speaker}, {note}"
    else:
        note = ""
        who = speaker
    dash = draw(st.sampled_from(["— ", "– ", "- ", "—", "–\u00a0"]))
    return GeneratedQuote(text, speaker, note, dash + who)


@dataclass
class Rendered:
    """A page being written line by line, and what a reader of it would list."""

    lines: list[str] = field(default_factory=list)
    ideas: list[tuple[int, str, str]] = field(default_factory=list)
    quotes: list[tuple[int, str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)


def count_label(declared: int, kind: str) -> str:
    return f"{declared} {kind}" if declared == 1 else f"{declared} {kind}s"


def declares(declared: int, found: int, kind: str) -> str:
    noun = kind if declared == 1 else f"{kind}s"
    return f"the page declares {declared} {noun} but {found} {'was' if found == 1 else 'were'} found"


@st.composite
def page(draw, long_only: bool = False, mismatched: bool = False):
    """Page text and the expected reading: (text, title, channel, series, link, Rendered)."""
    ideas = draw(st.lists(idea(long_only), max_size=10))
    quotes = draw(st.lists(quote(), max_size=10))
    if not ideas and not quotes:
        ideas = [draw(idea(long_only))]
    out = Rendered()
    pad = st.sampled_from(["", "", " ", "\t", "  "])
    blanks = st.lists(st.sampled_from(["", " ", "\t"]), max_size=2)

    def emit(text: str) -> int:
        for blank in draw(blanks):
            out.add(blank)
        return out.add(draw(pad) + text + draw(pad))

    channel = " ".join(
        draw(
            st.lists(
                st.sampled_from(["Deep", "Rest", "Money,", "Lab", "Show", "Ørsted"]), min_size=1, max_size=3
            )
        )
    )
    title_words = draw(st.lists(word, max_size=8))
    title = " ".join([draw(st.sampled_from(SENTENCE_STARTERS)), *title_words])
    series_form = draw(st.sampled_from(["numbered", "channel", "none"]))
    if series_form == "numbered":
        series = f"{channel} #{draw(st.integers(0, 999))}"
        emit(f"{channel}{title} | {series}")
    elif series_form == "channel":
        series = channel
        emit(f"{channel}{title} | {series}")
    else:
        # A word running into a capital reads as a channel glued to the title (firstline.py):
        # a line without one stays whole.
        channel = series = ""
        title = " ".join(word for word in title.split(" ") if not glued(word))
        emit(title)
    link = ""
    if draw(st.booleans()):
        video = draw(st.text(alphabet="abcXYZ019_-", min_size=1, max_size=11))
        link = f"https://www.youtube.com/watch?v={video}"
        emit(draw(st.sampled_from(["", "Source: "])) + link)
    if draw(st.booleans()):
        emit("At a glance")
    if draw(st.booleans()):
        emit(
            draw(
                st.sampled_from(
                    ["WHAT IT’S REALLY ABOUT", "WHAT IT'S REALLY ABOUT", "What it’s really about"]
                )
            )
        )
        emit(draw(sentence()))
        for _ in range(draw(st.integers(0, 3))):
            emit("- " + draw(sentence()))

    labelled = draw(st.booleans()) if not mismatched else True
    if not labelled:
        # Without a label, a first item opening with "Zero ideas" would read as one.
        firsts = [item.headline for item in ideas[:1]] + [item.text for item in quotes[:1]]
        assume(not any(LOOKS_LIKE_COUNT.match(first) for first in firsts))
    if ideas or draw(st.booleans()):
        emit(draw(st.sampled_from(["IDEAS WORTH REMEMBERING", "Ideas worth remembering"])))
        declared = len(ideas)
        if mismatched:
            declared = draw(st.integers(0, 12).filter(lambda n: n != len(ideas)))
        label = count_label(declared, "idea") if labelled or not ideas else ""
        label_line = None
        for index, item in enumerate(ideas):
            first = emit(label + item.headline) if index == 0 else emit(item.headline)
            label_line = label_line or first
            for paragraph in item.paragraphs:
                emit(paragraph)
            out.ideas.append((first, folded(item.headline), folded("\n\n".join(item.paragraphs))))
        if not ideas:
            label_line = emit(label)
        if label and declared != len(ideas):
            out.warnings.append(f"{SOURCE}:{label_line}: {declares(declared, len(ideas), 'idea')}")

    if quotes or draw(st.booleans()):
        emit(draw(st.sampled_from(["WORDS WORTH SAVING", "Words worth saving"])))
        declared = len(quotes)
        if mismatched:
            declared = draw(st.integers(0, 12).filter(lambda n: n != len(quotes)))
        label = count_label(declared, "quote") if labelled or not quotes else ""
        label_line = None
        for index, item in enumerate(quotes):
            first = emit(label + item.text) if index == 0 else emit(item.text)
            label_line = label_line or first
            emit(item.speaker_line)
            out.quotes.append((first, folded(item.text), folded(item.speaker), folded(item.note)))
        if not quotes:
            label_line = emit(label)
        if label and declared != len(quotes):
            out.warnings.append(f"{SOURCE}:{label_line}: {declares(declared, len(quotes), 'quote')}")

    for line in draw(st.lists(st.sampled_from(BOILERPLATE), max_size=3, unique=True)):
        emit(line)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(out.lines) + draw(st.sampled_from(["", newline]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, (folded(title), folded(channel), folded(series), link), out


def reading(summary):
    ideas = [(idea.line, idea.headline, idea.explanation) for idea in summary.ideas]
    quotes = [(quote.line, quote.text, quote.speaker, quote.note) for quote in summary.quotes]
    return ideas, quotes


@settings(max_examples=150, deadline=None)
@given(page())
def test_generated_pages_parse_to_exactly_what_was_written(generated):
    text, header, expected = generated
    summary, warnings = parse_summary(text, SOURCE)
    assert (summary.title, summary.channel, summary.series, summary.link) == header
    assert reading(summary) == (expected.ideas, expected.quotes)
    assert [str(warning) for warning in warnings] == expected.warnings == []


@settings(max_examples=100, deadline=None)
@given(page(long_only=True, mismatched=True))
def test_a_wrong_declared_count_is_reported_and_changes_nothing(generated):
    # With every explanation paragraph over 30 words there is only one way to read the
    # page, so a wrong count must not re-cut it: the items stay, and the count is reported.
    text, _, expected = generated
    summary, warnings = parse_summary(text, SOURCE)
    assert reading(summary) == (expected.ideas, expected.quotes)
    assert [str(warning) for warning in warnings] == expected.warnings
    assert expected.warnings


PAGE_PARTS = [
    "IDEAS WORTH REMEMBERING", "WORDS WORTH SAVING", "At a glance", "WHAT IT’S REALLY ABOUT",
    "3 ideas", "1 ideaSoil", "0 quotes", "2 quotesA", "999999999999 ideas", "— Name", "- (note)",
    "– Name, Role at Org", "—", "-", "https://example.com", "Source: https://x", "Add to Chrome",
    "ChannelTitle | Channel #1", " | ", "#", "- bullet", "Dr. B. J. Fogg.", "",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(st.one_of(st.sampled_from(PAGE_PARTS), st.text(max_size=40)), max_size=40).map(
            lambda parts: "\n".join(parts)
        ),
    )
)
def test_parse_raises_only_the_projects_errors(text):
    try:
        summary, _ = parse_summary(text, SOURCE)
    except FlashcardsError as error:
        assert error.source == SOURCE
        return
    assert summary.ideas or summary.quotes
    for item in (*summary.ideas, *summary.quotes):
        assert 1 <= item.line <= text.count("\n") + text.count("\r") + 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["utf-8", "UTF_8", "latin-1", "cp1252", "utf-16", "no-such"]))
def test_decode_raises_only_input_errors(data, encoding):
    try:
        text = decode(data, SOURCE, encoding)
    except InputError as error:
        assert error.source == SOURCE
        return
    assert isinstance(text, str)
