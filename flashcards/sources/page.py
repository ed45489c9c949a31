"""Read the text of a summary page into a Summary.

The page is plain text copied from a web page (see docs/DESIGN.md for its shape and
quirks). Every item keeps the line it started on so that later messages can
point the user at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from flashcards.errors import ParseError
from flashcards.models import NO_EDITS, Diagnostic, HandEdits, Idea, Quote, Summary
from flashcards.sources.firstline import read_first_line
from flashcards.sources.headlines import SENTENCE_BREAK, choose_headlines, line_shape
from flashcards.sources.identity import item_ids, summary_id
from flashcards.sources.text import read_text, source_name

# Headers are matched after folding case and typographic apostrophes.
OVERVIEW_HEADER = "what it's really about"
IDEAS_HEADER = "ideas worth remembering"
QUOTES_HEADER = "words worth saving"
GLANCE_HEADER = "at a glance"
LONGEST_HEADER = max(map(len, (OVERVIEW_HEADER, IDEAS_HEADER, QUOTES_HEADER, GLANCE_HEADER)))

COUNT_WORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# The plural "s" is not part of this pattern: in "1 ideaSoil matters" the "S" starts the
# headline, so split_count takes an "s" only when the number asks for a plural.
COUNT_LABEL = re.compile(r"^(\d+|no|zero|one|two|three|four|five)\s*(idea|quote)", re.IGNORECASE)
SPEAKER_LINE = re.compile(r"^[—–―-]\s*(?P<who>\S.*)$")
SPEAKER_NOTE = re.compile(r"(?P<name>[^()]+?)\s*\((?P<note>[^()]*)\)")
SERIES_NUMBER = re.compile(r"\s*#\s*\d+\s*$")
LINE_SEPARATOR_CHARACTERS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_SEPARATORS = re.compile(f"[{LINE_SEPARATOR_CHARACTERS}]")
LINK = re.compile(r"^(?:source:\s*)?(https?://\S+)$", re.IGNORECASE)


# The page ends with the site's marketing; none of it is content.
BOILERPLATE = re.compile(
    r"^(high quality ai-generated summary|get more out of youtube|high quality summaries for"
    r"|add to chrome|powered by chatgpt|accurate transcripts to search)",
    re.IGNORECASE,
)
# The characters a line of it can start with, case folding included (a test asks re about every
# character): a line that starts otherwise needs no match attempt.
BOILERPLATE_INITIALS = frozenset("AaGgHhPp")


# A named tuple rather than a frozen dataclass: a page makes some 34 of them, in half the time.
class Line(NamedTuple):
    """A non-blank line of the page, stripped, with its 1-based number."""

    number: int
    text: str


@dataclass
class Sections:
    """The page cut at its headers; each part keeps its lines with their numbers."""

    head: list[Line] = field(default_factory=list)
    overview: list[Line] = field(default_factory=list)
    ideas: list[Line] = field(default_factory=list)
    quotes: list[Line] = field(default_factory=list)
    ideas_header: int | None = None
    quotes_header: int | None = None


def read_summary(path: Path, encoding: str = "utf-8") -> tuple[Summary, list[Diagnostic]]:
    """Read and parse one summary page from disk (or standard input, for `-`)."""
    return parse_summary(read_text(path, encoding), source_name(path))


def parse_summary(text: str, source: str) -> tuple[Summary, list[Diagnostic]]:
    """Parse a summary page's text; return the summary and what was recovered on the way."""
    warnings: list[Diagnostic] = []
    lines = split_lines(text)
    if not lines:
        what = "has only blank lines" if text.removeprefix("\ufeff") else "is empty"
        raise ParseError(f"{what}: expected a summary page", source)
    sections = cut_sections(lines)
    if sections.ideas_header is None and sections.quotes_header is None:
        raise ParseError(
            "no 'IDEAS WORTH REMEMBERING' or 'WORDS WORTH SAVING' section: not a summary page",
            source,
            lines[0].number,
        )
    ideas = read_ideas(sections.ideas, source, warnings)
    quotes = read_quotes(sections.quotes, source, warnings)
    title, channel, series = read_title(sections.head, lines, quotes, source, warnings)
    first_line = f"{channel} {title} {series}".casefold()
    quotes = tuple(skip_if_the_hosts_story(quote, first_line, quotes, source, warnings) for quote in quotes)
    if not ideas and not quotes:
        line = sections.ideas_header or sections.quotes_header
        raise ParseError("has no ideas and no quotes to make cards from", source, line)
    if not title:
        title = Path(source).stem
        warnings.append(Diagnostic(source, 1, f"no title line; using the file name {title!r}"))
    overview, points = read_overview(sections.overview)
    summary = Summary(
        id=summary_id(title, channel, series),
        source=source,
        title=title,
        channel=channel,
        series=series,
        link=find_link(sections.head + sections.overview),
        overview=overview,
        points=points,
        ideas=ideas,
        quotes=quotes,
    )
    return summary, warnings


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers, normalised for matching and search."""
    text = text.removeprefix("\ufeff")
    # Only CR, LF and CRLF end a line, as in an editor and in decode's line numbers;
    # str.splitlines would also split at form feeds, U+2028 and the like.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Normalised once for the whole page rather than line by line (a fifth of parsing a
    # large build): the same result, since no line break composes with its neighbours.
    text = normalise_characters(text)
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = raw.strip()
        if cleaned:
            result.append(Line(number, cleaned))
    return result


def normalise_characters(text: str) -> str:
    # A non-breaking hyphen looks like "-" but Anki's search will not match it when typed.
    text = text.replace("\u2011", "-").replace("\u00a0", " ")
    # Separators that splitlines would break at stay inside the line, read as spaces. Few pages
    # have one: str's own search looks for each first.
    if any(separator in text for separator in LINE_SEPARATOR_CHARACTERS):
        text = LINE_SEPARATORS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def header_key(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").casefold().rstrip(":").strip()


def may_be_header(text: str) -> bool:
    """False for a stripped line header_key cannot make a header of, known without folding it:
    folding never shortens a character nor ends it in a colon or a space (a test checks every
    character), so a longer line must end in the colons header_key drops. Most lines are longer."""
    return len(text) <= LONGEST_HEADER or text.endswith(":")


def cut_sections(lines: list[Line]) -> Sections:
    sections = Sections()
    target = sections.head
    for line in lines:
        key = header_key(line.text) if may_be_header(line.text) else ""
        if key == GLANCE_HEADER:
            continue
        if key == OVERVIEW_HEADER:
            target = sections.overview
        elif key == IDEAS_HEADER:
            sections.ideas_header = line.number
            target = sections.ideas
        elif key == QUOTES_HEADER:
            sections.quotes_header = line.number
            target = sections.quotes
        else:
            target.append(line)
    return sections


def read_title(
    head: list[Line], lines: list[Line], quotes: tuple[Quote, ...], source: str, warnings: list[Diagnostic]
) -> tuple[str, str, str]:
    """Title, channel and series from the first line, with a warning where the cut is in doubt."""
    if not head:
        return "", "", ""
    first = head[0]
    speakers = [name for quote in quotes for name in (quote.speaker, quote.note) if name]
    page_text = "\n".join([line.text for line in lines if line is not first])
    reading = read_first_line(first.text, speakers, page_text)
    if reading.doubt:
        settle = "to settle it, extract the page to YAML and set its channel: and title:"
        warnings.append(Diagnostic(source, first.number, f"{reading.doubt}; {settle}"))
    return reading.title, reading.channel, reading.series


def read_overview(lines: list[Line]) -> tuple[str, tuple[str, ...]]:
    headline = ""
    points: list[str] = []
    for line in lines:
        if line.text.startswith(("- ", "• ", "* ")):
            points.append(line.text[2:].strip())
        elif not headline and not LINK.match(line.text):
            headline = line.text
    return headline, tuple(points)


def find_link(lines: list[Line]) -> str:
    for line in lines:
        match = LINK.match(line.text)
        if match:
            return match.group(1)
    return ""


def split_count(lines: list[Line], source: str, kind: str) -> tuple[int | None, list[Line]]:
    """Take the "<N> ideas" label off the first line; it is glued to the first item."""
    if not lines:
        return None, lines
    first = lines[0]
    match = COUNT_LABEL.match(first.text)
    if not match or not match.group(2).lower().startswith(kind):
        return None, lines
    word = match.group(1).lower()
    count = int(word) if word.isdigit() else COUNT_WORDS[word]
    end = match.end()
    if count != 1 and first.text[end : end + 1] in ("s", "S"):
        end += 1
    rest = first.text[end:].strip()
    remaining = lines[1:]
    if rest:
        remaining = [Line(first.number, rest), *remaining]
    return count, remaining


def check_count(
    declared: int | None, found: int, kind: str, line: int | None, source: str, warnings: list
) -> None:
    if declared is not None and declared != found:
        noun = kind if declared == 1 else f"{kind}s"
        verb = "was" if found == 1 else "were"
        warnings.append(
            Diagnostic(source, line, f"the page declares {declared} {noun} but {found} {verb} found")
        )


def strip_boilerplate(lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        if line.text[0] in BOILERPLATE_INITIALS and BOILERPLATE.match(line.text):
            return lines[:index]
    return lines


def read_ideas(lines: list[Line], source: str, warnings: list[Diagnostic]) -> tuple[Idea, ...]:
    lines = strip_boilerplate(lines)
    label_line = lines[0].number if lines else None
    declared, lines = split_count(lines, source, "idea")
    groups: list[list[Line]] = []
    starts = choose_headlines([line_shape(line.text) for line in lines], declared) if lines else []
    for line, starts_idea in zip(lines, starts, strict=True):
        if starts_idea:
            groups.append([line])
        else:
            groups[-1].append(line)
    pairs = []
    for group in groups:
        headline, explanation = group[0], group[1:]
        if not explanation:
            warnings.append(Diagnostic(source, headline.number, "idea has no explanation"))
        pairs.append((headline, "\n\n".join([line.text for line in explanation])))
    check_count(declared, len(pairs), "idea", label_line, source, warnings)
    ids = item_ids(headline.text for headline, _ in pairs)
    # Positional, as in cards.item_note: a frozen dataclass takes keywords a fifth slower.
    return tuple(
        Idea(item_id, headline.number, NO_EDITS, headline.text, explanation)
        for item_id, (headline, explanation) in zip(ids, pairs, strict=True)
    )


def read_quotes(lines: list[Line], source: str, warnings: list[Diagnostic]) -> tuple[Quote, ...]:
    lines = strip_boilerplate(lines)
    label_line = lines[0].number if lines else None
    declared, lines = split_count(lines, source, "quote")
    found: list[tuple[Line, str, str, str]] = []
    pending: list[Line] = []
    for line in lines:
        match = SPEAKER_LINE.match(line.text)
        if match is None:
            pending.append(line)
            continue
        speaker, note = split_speaker(match.group("who"))
        if not pending:
            warnings.append(Diagnostic(source, line.number, "speaker line with no quote above it"))
            continue
        found.append((pending[0], join_quote(pending), speaker, note))
        pending = []
    if pending:
        warnings.append(
            Diagnostic(source, pending[0].number, "quote has no speaker line; kept without a speaker")
        )
        found.append((pending[0], join_quote(pending), "", ""))
    check_count(declared, len(found), "quote", label_line, source, warnings)
    ids = item_ids(text for _, text, _, _ in found)
    quotes = []
    for item_id, (first, text, speaker, note) in zip(ids, found, strict=True):
        # A host's welcome or question is no word worth saving, as a marketing line is none: it
        # is kept, marked skip (`extract` writes `skip: true`; `false` makes its cards after all).
        skip = hosting(text) or from_the_floor(text, speaker)
        if skip:
            warnings.append(Diagnostic(source, first.number, HOSTING_WARNING))
        edits = HandEdits(skip=True) if skip else NO_EDITS
        quotes.append(Quote(item_id, first.number, edits, text, speaker, note))
    return tuple(quotes)


HOSTING_WARNING = (
    "a host's welcome, question or own story, or one from the floor, makes no card "
    "(skip: false in the YAML makes one)"
)


def skip_if_the_hosts_story(
    quote: Quote, first_line: str, quotes: tuple[Quote, ...], source: str, warnings: list[Diagnostic]
) -> Quote:
    """The quote marked skip where it is the host's story of their own ("I've killed three of
    these, Daniel."), as a welcome is: no word worth saving, and held-out rounds 16 to 30 deleted
    all six such cards. The host is the speaker the first line names the show after ("The Imogen
    Ashcroft Show", "Wide Awake with Tobias Fenn"), with a guest on the page; the first line
    (channel, title and series, casefolded) is read after the quotes, since its split needs their
    speakers."""
    speaker = quote.speaker.strip()
    named = (f"the {speaker.casefold()} show", f"with {speaker.casefold()}")
    if quote.edits.skip or not speaker or not any(name in first_line for name in named):
        return quote
    if all(other.speaker.strip() == speaker for other in quotes) or not OWN_STORY.match(quote.text):
        return quote
    warnings.append(Diagnostic(source, quote.line, HOSTING_WARNING))
    return replace(quote, edits=HandEdits(skip=True))


def hosting(text: str) -> bool:
    """Is the quote a host's welcome of a guest ("Welcome to Minds in Motion. My guest today…") or
    a question put to one ("So the top plan is basically there to make the middle plan look like a
    bargain?", "Tonight I want to get past… What does a rider actually need?")?"""
    opening = text.lstrip("‘“\"'")
    if SHOW_ITSELF.match(opening) and (GUEST.search(text) or NOW.search(text)):
        return True  # "This is Storm Front, and today I’ve got someone who…"
    greeting_over = SENTENCE_BREAK.search(text.strip())
    if GREETING.match(opening) and (
        GUEST.search(text)
        or EPISODE_ITSELF.search(text)
        or greeting_over is None
        or INTRODUCTION.match(text.strip()[greeting_over.end() :])
        or AGENDA.match(text.strip()[greeting_over.end() :])
    ):
        return True  # the guest's introduction or the day's subject, or the greeting alone
    if MOTION.search(text) or INTRODUCTION.search(opening):
        return True  # a moderator sets the debate out, or a host introduces the guests
    if not asks(text):
        return False
    if ANNOUNCED.search(text):
        return True  # "So I want to start with a simple question: what happened?"
    # Opened as interviewers open ("So…?", "Is climbing without oxygen a purer style…?"), or put
    # to the guest ("How do you decide…?"); not a rhetorical one ("who was then the gentleman?").
    return ASKING.match(opening) is not None or ADDRESSED.search(text) is not None


def from_the_floor(text: str, speaker: str) -> bool:
    """Is the quote a question from the audience ("If Snow were working today, would he…?" —
    Audience member)? It asks; it saves no word worth keeping."""
    return QUESTIONER.search(speaker) is not None and asks(text)


def asks(text: str) -> bool:
    """Does the quote end with a question mark (inside its closing quote mark or not)?"""
    return text.rstrip(" ”’\"'").endswith("?")


# Who asks from the floor: "Audience member", "Caller from Leeds", "Question from the audience".
QUESTIONER = re.compile(r"\b(?:audience|caller|questioner)\b", re.IGNORECASE)
GREETING = re.compile(
    r"(?:welcome\b|hi\b|hello\b|hey\b|good (?:morning|afternoon|evening)\b|thanks for having me)",
    re.IGNORECASE,
)
GUEST = re.compile(
    r"\b(?:my|our|today['’]s|tonight['’]s) guests?\b|\bjoining (?:me|us)\b|\bwith someone who\b",
    re.IGNORECASE,
)
# A host who introduces the evening's guests or subject without a greeting: "Tonight I've got two
# people who…", "We have three people here who…", "Today I'm talking to someone who…", "Tonight
# we're talking about…", "Tonight we decide whether…", "We're going to start with the word both of
# our guests will use…", "Tonight my guest has tasted more whisky than…" (held-out rounds 25, 29
# and 34 deleted seven such cards).
INTRODUCTION = re.compile(
    r"^(?:(?:tonight|today|this week)\b[^.?!]*?\b)?(?:I|we)(?:['’]ve got| have)\s(?:\w+\s)?"
    r"(?:people|guests|panell?ists|experts|someone)\b"
    r"|^(?:tonight|today|this week),?\s(?:I|we)(?:['’](?:m|re)| am| are)\s"
    r"(?:talking|speaking|sitting)\s(?:to|with|about)\b"
    r"|^(?:tonight|today),?\swe\s(?:decide|debate|ask)\b"
    r"|\b(?:both of )?our (?:\w+ )?guests\b|\bmy guests?\b",
    re.IGNORECASE,
)
# What a welcome goes on to: the day's agenda, "Welcome back to the show. Today we're going
# underground…", "…Today we're fixing the thing that…" (held-out rounds 22 and 38 deleted both; only
# after a greeting: a guest's "Today we're seeing more cases…" is a claim).
AGENDA = re.compile(
    r"^(?:tonight|today|this week),?\s(?:I|we)(?:['’](?:m|re)| am| are)\s\w+ing\b", re.IGNORECASE
)
# A host's story of their own: "I've played piano for thirty years and nobody ever told me…".
OWN_STORY = re.compile(r"[‘“\"']?I[’']ve\b")
# A show that names itself, as a host opens it: "This is Storm Front, and today…", "This is
# Incident Room. Today’s guest…" (held-out rounds 13 and 23 deleted both); the name's capitals
# tell it from a claim ("This is the part nobody tells you").
SHOW_ITSELF = re.compile(r"^This is (?:[A-Z][\w’'&#-]*\s?)+[,.]")
NOW = re.compile(r"\b(?:today|tonight|this week)\b", re.IGNORECASE)
# How an interviewer or a moderator opens a question: "So…?", "Wait, so…?", "Let me push you…?"
ASKING = re.compile(
    r"(?:so|wait|okay|ok|right|now|tonight|let me|let['’]s|is|are|do|does|did|can|could|should|would|will)\b",
    re.IGNORECASE,
)
ADDRESSED = re.compile(r"\byou(?:r|rs|rself)?\b", re.IGNORECASE)
# A moderator's framing of a debate, and a host announcing the question they put.
MOTION = re.compile(r"\b(?:tonight|today)['’]s motion\b|\bthis house (?:believes|would)\b", re.IGNORECASE)
# A welcome that goes on about the episode itself: "Welcome back… this is the episode to hear…".
EPISODE_ITSELF = re.compile(
    r"\b(?:this|today['’]s|tonight['’]s) (?:is the )?(?:episode|show|hour)\b", re.IGNORECASE
)
ANNOUNCED = re.compile(r"\b(?:a|one|my|the|first|simple|last) question\b", re.IGNORECASE)


def join_quote(lines: list[Line]) -> str:
    # A list, not a generator: join makes a list of it anyway, and the generator's steps cost more.
    return " ".join([line.text for line in lines])


def split_speaker(who: str) -> tuple[str, str]:
    """ "Dylan Patel (citing Sam Altman)" -> name and note; "Name, Title at Org" likewise."""
    who = who.strip()
    # Only a speaker ending in ")" can have a note; most have none and need no match attempt.
    match = SPEAKER_NOTE.fullmatch(who) if who.endswith(")") else None
    if match:
        return match.group("name").strip(), match.group("note").strip()
    name, comma, role = who.partition(", ")
    if comma:
        return name.strip(), role.strip()
    return who, ""
