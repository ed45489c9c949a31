"""Read the text of a summary page into a Summary.

The page is plain text copied from a web page (see DESIGN.md for its shape and
quirks). Every item keeps the line it started on so that later messages can
point the user at it.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from flashcards.build.outputs import STDIN_NAME, is_stdio
from flashcards.errors import InputError, ParseError
from flashcards.models import Diagnostic, Idea, Quote, Summary
from flashcards.sources.firstline import read_first_line
from flashcards.sources.identity import item_ids, summary_id

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

# Limits far above any real page (about 10 kB, lines under 2,000 characters); past them the
# file is something else, and refusing it early keeps the tool fast and the deck sane.
MAX_FILE_BYTES = 5_000_000
MAX_LINE_CHARS = 20_000
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 and C1 controls other than tab, line feed and carriage return never occur in a
# page copied from the web; C1 ones appear when cp1252 text is read as latin-1.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Half of a UTF-16 surrogate pair is no character at all: no file can hold it as UTF-8, and it
# only appears when an escape such as "\ud800" is read (--encoding unicode_escape, YAML).
SURROGATE = re.compile("[\ud800-\udfff]")
# The same characters in UTF-8: a C0 control or DEL is one byte below 0x80, which no other
# character's bytes are; a C1 control is 0xC2 (which only ever starts a character) and 0x80-0x9F.
C0_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
C1_CONTROL_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
# Lines as an editor counts them, so that FILE:LINE points at the right place; str.splitlines
# would also break at U+2028, U+2029 and form feeds and shift every number after them.
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# The page ends with the site's marketing; none of it is content.
BOILERPLATE = re.compile(
    r"^(high quality ai-generated summary|get more out of youtube|high quality summaries for"
    r"|add to chrome|powered by chatgpt|accurate transcripts to search)",
    re.IGNORECASE,
)
# The characters a line of it can start with, case folding included (a test asks re about every
# character): a line that starts otherwise needs no match attempt, which takes a page's 24 lines
# from 7 to 3 µs.
BOILERPLATE_INITIALS = frozenset("AaGgHhPp")

# A headline is one short claim; an explanation line is anything longer.
HEADLINE_MAX_WORDS = 30
# End punctuation, closing quotes, space, then what opens the next sentence.
SENTENCE_BREAK = re.compile(r"[.!?][”’\"')\]]*\s+(?=(?P<next>\S))")
SENTENCE_OPENERS = '“‘"('
# "Dr. Lind" or "B. J. Fogg" is one sentence: a period after these is not an end.
ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "u.s", "u.k", "etc"})

# What a line looks like on its own: a short single sentence (HEAD), a few short
# sentences (SHORT), or more than HEADLINE_MAX_WORDS words (LONG).
HEAD, SHORT, LONG = "head", "short", "long"
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


# A named tuple rather than a frozen dataclass: a page makes some 34 of them, which takes
# 7 µs rather than 13.
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


def source_name(path: Path) -> str:
    """How messages name an input: its path as given, or <stdin>."""
    return STDIN_NAME if is_stdio(path) else str(path)


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text, or an InputError that says why it cannot be had."""
    source = source_name(path)
    if is_stdio(path):
        # Standard input has no size; the same limit holds.
        return checked_text(read_at_most(sys.stdin.buffer, 0, MAX_FILE_BYTES + 1), 0, source, encoding)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = read_at_most(handle, size, MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        # Neither a missing file nor a folder can be opened as a file: asking which only then
        # spares every page two stat calls (5 µs). A path with a NUL in it raises ValueError.
        if not path.exists():
            raise InputError("no such file", source) from None
        if path.is_dir():
            raise InputError("is a directory, not a summary file", source) from None
        raise InputError(f"cannot read: {getattr(error, 'strerror', None) or error}", source) from None
    return checked_text(data, size, source, encoding)


def checked_text(data: bytes, size: int, source: str, encoding: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        # A pipe has no size to report, only that it went on too long.
        how_big = f"is {size / 1_000_000:.1f} MB" if size > MAX_FILE_BYTES else "is too long"
        limit = MAX_FILE_BYTES // 1_000_000
        raise InputError(f"{how_big}; a summary page is at most {limit} MB: is this the right file?", source)
    text = decode(data, source, encoding)
    check_text(text, source, encoding)
    return text


def read_at_most(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, but never more than limit: a wrong file (a video, a disk image, an endless
    pipe) is never loaded whole, and one byte past the limit is enough to know."""
    # Asking for the size the file reports, not for the limit: read(limit) sets aside 5 MB for
    # every page, a quarter of reading and checking one (26 µs of 98 µs for a 4 kB page).
    data = handle.read(min(size, limit - 1) + 1)
    if len(data) > size:
        # A pipe reports no size and a file may grow while read: the rest, up to the limit.
        data += handle.read(limit - len(data))
    return data


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode bytes as text, refusing binary data with a message that says where it broke."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    if data.startswith(UTF16_BOMS):
        # A UTF-16 byte-order mark is unambiguous (Windows "Unicode" text); it would otherwise
        # look like binary data because every ASCII character carries a NUL byte.
        codec = "utf-16"
    elif b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("contains NUL bytes: this is binary data, not a summary page", source, line)
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"is not valid {codec.removesuffix('-sig')} text (byte 0x{data[error.start]:02x});"
            " give the file's encoding with --encoding",
            source,
            line,
        ) from None


def check_text(text: str, source: str, encoding: str) -> None:
    """Refuse text that decoded but cannot be a summary page: control characters, endless lines."""
    # Almost every page passes both tests, and a page no longer than a line can be and without a
    # control character passes them line by line too: looked at whole, it takes 6 µs, not 48.
    if len(text) <= MAX_LINE_CHARS and not has_control_character(text):
        return
    # Otherwise line by line, so that the first line at fault is the one named.
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise InputError(
                f"line is {len(raw):,} characters long; a summary line is at most"
                f" {MAX_LINE_CHARS:,}: this is not a summary page",
                source,
                number,
            )
        surrogate = SURROGATE.search(raw)
        if surrogate:
            raise InputError(
                f"contains U+{ord(surrogate.group()):04X}, half of a surrogate pair, which is not a"
                f" character: this is not {encoding} text (give the file's encoding with --encoding)",
                source,
                number,
            )
        control = CONTROL_CHARACTER.search(raw)
        if control:
            raise InputError(
                f"contains the control character U+{ord(control.group()):04X}: this is binary data"
                f" or not {encoding} text (give the file's encoding with --encoding)",
                source,
                number,
            )


def has_control_character(text: str) -> bool:
    """CONTROL_CHARACTER.search(text), sooner: the regular expression looks at a page's characters
    one by one (13 µs for 4 kB), while deleting C0 bytes from its UTF-8 and finding the 0xC2 of C1
    controls are byte-wise loops in C (6 µs, UTF-8 encoding included). True for a lone surrogate
    too, which UTF-8 cannot encode: the line by line check names it."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return len(encoded.translate(None, C0_CONTROL_BYTES)) < len(encoded) or bool(
        C1_CONTROL_BYTES.search(encoded)
    )


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
    # have one: looking for each with str's own search first takes 2 µs a page, not 12.
    if any(separator in text for separator in LINE_SEPARATOR_CHARACTERS):
        text = LINE_SEPARATORS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def header_key(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").casefold().rstrip(":").strip()


def may_be_header(text: str) -> bool:
    """False for a stripped line header_key cannot make a header of, known without folding it:
    folding never shortens a character nor ends it in a colon or a space (a test checks every
    character), so a longer line must end in the colons header_key drops. Most lines are longer:
    cutting a page's 33 lines into sections takes 9 µs, not 11."""
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


def line_shape(text: str) -> str:
    # Split no further than the limit: whether there are more words is all that is asked.
    if len(text.split(maxsplit=HEADLINE_MAX_WORDS)) > HEADLINE_MAX_WORDS:
        return LONG
    return SHORT if has_sentence_break(text) else HEAD


def has_sentence_break(text: str) -> bool:
    """True when one sentence ends inside the text and another begins."""
    # A break is end punctuation with a space after it, so never the last character. Most
    # headlines have none before their end, which str's own search tells three times faster
    # than the regular expression's scan (7.7 short lines a benchmark page: 10.5 -> 3.5 µs).
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
# here rather than for every line and state, which takes choosing a page's headlines from 12.3
# to 10.0 µs.
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
    # Positional, as in cards.item_note: a frozen dataclass takes keywords a fifth slower (1.09 -> 0.90 µs).
    return tuple(
        Idea(item_id, headline.text, explanation, headline.number)
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
    return tuple(
        Quote(item_id, text, speaker, note, first.number)
        for item_id, (first, text, speaker, note) in zip(ids, found, strict=True)
    )


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
