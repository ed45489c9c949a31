"""Read a page's first line: the channel's name glued to the video's title, then " | series".

The copied page has lost the markup between the two, so "VeritasiumWhy Does Light…",
"CNBCHow Nvidia Became…" and "freeCodeCamp.orgLearn Python…" must be cut where a person
would cut them. Every place where a word runs into a capital is a candidate; each is
weighed by what a person looks for (a title's usual first words, a channel's usual last
words, a capitalised word left whole, the page's own words and speakers, a series that
repeats the channel), and the best one wins when it is clearly best. When none is, the
reading is still the best one, with a doubt for the caller to warn about; `channel:` and
`title:` in an editable YAML file settle it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

SERIES_NUMBER = re.compile(r"\s*#\s*\d+\s*$")
# Words that begin titles far more often than they end a channel's name (case-folded).
TITLE_OPENERS = frozenset(
    str.split(
        "how why what when where who which whose the a an is are was were can could should would will do does"
        " did i i'm we you my our your this these that inside learn meet top best every everything behind"
        " building making understanding introducing ask but"
    )
)
# Words that end channels' names far more often than they begin a title.
CHANNEL_ENDINGS = frozenset(
    str.split(
        "podcast pod show lab labs talks tv news channel media official network radio studio studios"
        " academy university institute school club daily weekly hour journal magazine insider clips"
    )
)
WEB_ENDINGS = (".org", ".com", ".io", ".net", ".tv", ".fm")
# Words with a capital inside that a reader knows as one word: a title may begin with them.
KNOWN_WORDS = frozenset(
    word.casefold()
    for word in str.split(
        "YouTube iPhone iPad MacBook macOS DeepSeek DeepMind OpenAI ChatGPT GitHub LinkedIn TikTok"
        " PayPal WordPress JavaScript TypeScript PowerPoint PlayStation BlackRock SpaceX McDonald WhatsApp"
        " FaceTime AirPods PhD eBay"
    )
)
# The least a channel's name holds (letters and digits): "i" of "iPhone" is no channel.
MIN_CHANNEL_CHARS = 3
# A reading is clearly best when it scores this much more than the next, and at least CONFIDENT.
# Known words spelled with a lower-case first letter: they may start inside a glued word.
LOWER_INITIAL_KNOWN = tuple(word.casefold() for word in ("iPhone", "iPad", "macOS", "eBay"))
ASCII_GLUE = re.compile(r"(?<=[a-z])[A-Z]|(?<=[A-Z])[A-Z](?=[a-z])")
CLEAR_MARGIN = 2
CONFIDENT = 4


@dataclass(frozen=True, slots=True)
class FirstLine:
    """The first line read: title, channel and series, and why the cut is in doubt ("" if it is not)."""

    title: str
    channel: str
    series: str
    doubt: str = ""


def read_first_line(line: str, speakers: Iterable[str] = (), page_text: str = "") -> FirstLine:
    """Cut the first line into title, channel and series, using the speakers' lines and the rest of
    the page's text as a reader would."""
    speakers = list(speakers)
    left, bar, right = line.rpartition(" | ")
    if not bar:
        left, right = line, ""
    left, series = left.strip(), right.strip()
    series_name = SERIES_NUMBER.sub("", series)
    rest = left[len(series_name) :]
    if series_name and left.startswith(series_name) and not rest[:1].islower() and alnum_count(rest) >= 2:
        # The series repeats the channel, as on most pages: no reading can beat that evidence.
        return FirstLine(rest.strip(), series_name, series)
    known = KNOWN_WORDS | words_the_page_spells(left, page_text)
    evidence = [name for name in (series_name, *speakers) if name]
    cuts = candidates(left, known, series_name)
    firsts = first_token_cuts(left, cuts)
    scored = sorted(
        (
            (score(left, cut, known, evidence, cut in firsts) + names_speaker(left[cut:], speakers), cut)
            for cut in cuts
        ),
        reverse=True,
    )
    if not scored:
        return FirstLine(left, "", series)
    best, cut = scored[0]
    channel, title = left[:cut].strip(), left[cut:].strip()
    runner_up = scored[1][0] if len(scored) > 1 else 0
    doubt = ""
    if best < CONFIDENT or best - runner_up < CLEAR_MARGIN:
        doubt = f"cannot tell for sure where the channel ends: read channel {channel!r} and title {title!r}"
    return FirstLine(title, channel, series, doubt)


def words_the_page_spells(left: str, page_text: str) -> frozenset[str]:
    """Words of the first line with a capital inside ("StarTalk") that the page spells the same way
    elsewhere: a reader takes them for one word. Only the first line's pieces are looked for."""
    found = set()
    for token in left.split():
        cuts = [0, *glued_cuts(token), len(token)]
        for first in range(len(cuts) - 2):
            for last in range(first + 2, len(cuts)):
                word = token[cuts[first] : cuts[last]].strip(".,:;!?’'\"()")
                # str's own search first: a regular expression over the page is far slower.
                if len(word) > 2 and word in page_text and spelled_whole(word, page_text):
                    found.add(word.casefold())
    return frozenset(found)


def spelled_whole(word: str, text: str) -> bool:
    """The word occurs in the text with no letter or digit against either end."""
    found = text.find(word)
    while found >= 0:
        end = found + len(word)
        if (found == 0 or not text[found - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        found = text.find(word, found + 1)
    return False


def candidates(left: str, known: frozenset[str], series_name: str) -> list[int]:
    """Where the channel may end: a word running into a capital, not inside a word the reader knows,
    and leaving a channel and a title of some length; or after a series name the line begins with."""
    cuts = [cut for cut in glued_cuts(left) if not inside_known_word(left, cut, known)]
    cuts += known_word_cuts(left)
    if (
        series_name
        and left.startswith(series_name)
        and not left[len(series_name) : len(series_name) + 1].islower()
    ):
        cuts.append(len(series_name))
    return sorted(cut for cut in set(cuts) if long_enough(left[:cut], left[cut:]))


def long_enough(channel: str, title: str) -> bool:
    return alnum_count(channel) >= MIN_CHANNEL_CHARS and alnum_count(title) >= 2


# The same words are asked about several times a line (and channels repeat across pages).
@lru_cache(maxsize=1024)
def glued_cuts(text: str) -> tuple[int, ...]:
    """Every place a lower-case letter runs into a capital ("mW"), or a run of capitals into a
    capitalised word ("CNBCHow": before the "H")."""
    if text.isascii():
        # The same places found in C: the loop below took most of reading a first line.
        return tuple(match.start() for match in ASCII_GLUE.finditer(text))
    cuts = []
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if not char.isupper():
            continue
        word_ends = before.islower()
        capitals_end = before.isupper() and index + 1 < len(text) and text[index + 1].islower()
        if word_ends or capitals_end:
            cuts.append(index)
    return tuple(cuts)


def inside_known_word(text: str, cut: int, known: frozenset[str]) -> bool:
    """True when the cut splits a word the reader knows ("Deep|Seek", "Marques Brownleei|Phone")."""
    start, token = token_at(text, cut)
    folded = token.casefold()
    for word in known:
        found = folded.find(word)
        while found >= 0:
            if start + found < cut < start + found + len(word):
                return True
            found = folded.find(word, found + 1)
    return False


def known_word_cuts(text: str) -> list[int]:
    """Where a known word that begins in lower case starts inside a longer word: "Brownlee|iPhone"."""
    cuts = []
    folded = text.casefold()
    for word in LOWER_INITIAL_KNOWN:
        if word not in folded:
            continue
        for match in re.finditer(re.escape(word), text, re.IGNORECASE):
            if match.start() > 0 and text[match.start() - 1].isalpha() and match.group()[1:2].isupper():
                cuts.append(match.start())
    return cuts


def token_at(text: str, index: int) -> tuple[int, str]:
    """The word (run of non-spaces) around index, and where it starts."""
    start = text.rfind(" ", 0, index) + 1
    end = text.find(" ", index)
    return start, text[start : len(text) if end < 0 else end]


def first_token_cuts(left: str, cuts: list[int]) -> set[int]:
    """The cuts in the first word that has any: where a reader looks for the glue first."""
    if not cuts:
        return set()
    start, token = token_at(left, cuts[0])
    return {cut for cut in cuts if start <= cut < start + len(token)}


def score(left: str, cut: int, known: frozenset[str], evidence: list[str], in_first_token: bool) -> int:
    channel, title = left[:cut].strip(), left[cut:].strip()
    value = 2  # a word running into a capital is glue more often than not
    first_word = title.split()[0] if title.split() else ""
    if first_word.strip(".,:;!?’'\"()").casefold() in TITLE_OPENERS:
        value += 3
    last = channel.split()[-1] if channel.split() else ""
    if last.strip(".,:;!?’'\"()").casefold() in CHANNEL_ENDINGS or last.casefold().endswith(WEB_ENDINGS):
        value += 2
    if title.casefold().startswith(channel.casefold()):
        value += 3  # "Y CombinatorY Combinator's Startup School"
    if acronym_before(left, cut):
        value += 1  # "NASAArtemis", "CEOThe"
    value += 1 if clean(first_word, known) else -1
    if glued_cuts(first_word) and clean(first_word, known):
        value += 1  # a word the reader knows, capitals inside: "Brownlee|iPhone", "Papers|OpenAI’s"
    if not in_first_token:
        value -= 1
    if (last[:1].islower() and len(last) <= 3) or any(mark in channel for mark in ",:;"):
        value -= 2  # channels are names: not "…Neil de", not a list
    if any(matches(channel, name) for name in evidence):
        value += 10
    return value


def names_speaker(title: str, speakers: Iterable[str]) -> int:
    """A title that begins with the name of someone the page quotes ("Neil deGrasse Tyson on…")."""
    return 2 if any(speaker and title.startswith(speaker) for speaker in speakers) else 0


def acronym_before(text: str, cut: int) -> bool:
    return cut >= 3 and text[cut - 3 : cut].isupper() and text[cut - 3 : cut].isalpha()


def clean(word: str, known: frozenset[str]) -> bool:
    """A word with no glue left in it, or one the reader knows."""
    bare = word.strip(".,:;!?’'\"()")
    return not glued_cuts(bare) or bare.casefold().removesuffix("'s").removesuffix("’s") in known


def matches(channel: str, name: str) -> bool:
    """The channel is the name, or the words the name begins with ("Huberman Lab" in "Huberman Lab
    Podcast"), but for case and spacing."""
    channel_words, name_words = channel.casefold().split(), name.casefold().split()
    return bool(channel_words) and name_words[: len(channel_words)] == channel_words


def alnum_count(text: str) -> int:
    return sum(map(str.isalnum, text))
