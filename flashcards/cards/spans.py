"""Which words a card hides: the part of a sentence that carries its claim.

A learner keeps a cloze that hides what is worth knowing (a figure with its unit, a
name, a technical term, the side a contrast takes) and deletes one that hides a filler
or half a phrase. The rules below list a sentence's candidate spans of each kind, score
them and hide the best one, or none when nothing is worth hiding:

- a quantity: a number with its unit or magnitude ("five to six hours", "70 %",
  "$2.5 trillion", "1969");
- a name: a run of capitalised words that is not just the sentence's first word
  ("TSMC", "Bank of England", "OpenAI o1");
- a term: a rare word (wordfreq) with the noun phrase around it ("inference economics",
  "adenosine receptors"), or a hyphenated compound ("mixture-of-experts");
- the asserted side of "X, not Y" / "X rather than Y" is preferred, the rejected side never hidden.

A span is never a stop word alone, never longer than a short phrase, and never a word that
also shows elsewhere on the front (the answer would be visible).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import NamedTuple

from flashcards.cards.lexicon import lemma, parts_of_speech, zipf
from flashcards.sources.text import EMPHASIS, without_emphasis


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_SPAN_WORDS = 4
MAX_NAME_WORDS = 5
# Below this Zipf frequency a word is rare enough to be a term ("inference" 3.3, "levers" 3.1);
# at or above COMMON_ZIPF it is everyday English ("people", "company", "day").
RARE_ZIPF = 3.7
COMMON_ZIPF = 5.0
EVERYDAY_ZIPF = 5.5
# A name as common as "AI", "China" or "Fed" is guessed as often as recalled.
COMMON_NAME_ZIPF = 4.2
# After these a word that is a noun or a verb is the verb: "to push", "you feel", "will change",
# "before it comes apart" (rounds 28 to 30 edited "it [comes]", "it [ends] up", "it [stops]").
VERB_OPENERS = word_set(
    "to will would can could should must may might shall you we they i it he she "
    "don't doesn't didn't never won't can't cannot"
)

LEADING = "\"'“”‘’([*¡¿"
TRAILING = "\"'“”‘’)]*.,;:!?…"
PHRASE_ENDS = frozenset(',;:.!?…)”"')


STOP_WORDS = word_set("""
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each even ever every few for
    from further had has have having he her here hers herself him himself his how however i if in into
    is it its itself just least less like many may me might more most much must my myself no nor not
    now of off often on once only or other our ours ourselves out over own rather same she should so
    some still such than that the their theirs them themselves then there these they this those though
    through thus to too under until up upon us very was we were what when where which while who whom
    whose why will with within without would you your yours yourself yourselves one ones around across
    among along toward towards behind beyond near per via onto cannot yet else whether instead
    something anything everything nothing someone anyone everyone way ways thing things lot lots kind
    nobody everybody somebody anybody yes
    """) | word_set(
    "isn't aren't wasn't weren't don't doesn't didn't can't won't wouldn't shouldn't couldn't it's that's "
    "there's let's i'm i've you're we're they're he's she's who's what's we've you've they've i'd you'd "
    "he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll it'll that'll haven't hasn't hadn't"
)
# Words a contrast's side may carry that are no part of what it contrasts: "not merely an issue".
FILLERS = word_set("a an the merely just simply only mainly mostly even also")
PARTICLES = word_set("up down out back off away over")
DENIALS = word_set("not isn't aren't wasn't weren't doesn't don't didn't never")
NEGATIONS = word_set("not no never n't nothing none neither nor without")
# Capitalised words that open a sentence without naming anything.
PRONOUNS = word_set("i you he she it we they me him her us them this that these those")
MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Words that join a multi-word name ("Bank of England", "Leonardo da Vinci").
NAME_JOINERS = word_set("of de da del der van von la le du and &")
# The particles of a surname, capitalised where it opens a sentence ("Van Veen", "De Gaulle").
NAME_PARTICLES = word_set("de da del der van von la le du di")
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    "million|billion|trillion|dozen|dozens|hundreds|thousands|millions|billions"
)
NUMBER_WORD = re.compile(rf"(?:{NUMBER_WORDS})(?:-(?:{NUMBER_WORDS}))*")
# "one" and "a dozen" are often not quantities ("one of the", "no one"): they count only with a unit.
WEAK_NUMBERS = word_set("one dozen hundreds thousands millions billions dozens")
UNITS = word_set("""
    second seconds minute minutes hour hours day days week weeks month months year years decade decades
    century centuries millennia percent percentage point points degree degrees celsius fahrenheit kelvin
    gram grams kilogram kilograms kg g mg mcg µg milligram milligrams microgram micrograms pound pounds
    lb lbs ounce ounces oz litre litres liter liters ml millilitre millilitres cup cups tablespoon
    tablespoons teaspoon teaspoons metre metres meter meters km kilometre kilometres kilometer kilometers
    mile miles foot feet inch inches cm mm calorie calories kcal watt watts kw mw gw kwh mwh gwh twh volt
    volts times people patients participants users customers dollars euros yen bps millisecond
    milliseconds microsecond microseconds nanosecond nanoseconds hertz hz khz mhz ghz tonne tonnes ton
    tons acre acres hectare hectares gallon gallons barrel barrels °c °f
    """)
# An f-string (for NUMBER_WORDS): a regular expression's own braces are doubled.
NUMBER = rf"""
    (?<![\w$€£¥#./\-‑])
    (?:
        [$€£¥]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[kKMB]|bn|x|s)?
        (?:\s?(?:%|percent\b|per\ cent\b|[×x](?!\w)(?!\s?\d)|°\s?[CF]?))?
        (?:\+)?
      | (?:{NUMBER_WORDS})(?:[-\s](?:{NUMBER_WORDS}))*\b
    )
    (?:\s(?:hundred|thousand|million|billion|trillion)\b)?
"""
# The second number of a share said in words: "one in [ten]", "three out of four" (not "5% in 2020").
FEW = r"(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|[2-9]|[1-9]\d{1,2})"
QUANTITY = re.compile(
    rf"""{NUMBER}(?:\s?(?:–|—|-|to|or|and|×)\s?{NUMBER}|\s(?:in|out\ of)\s{FEW}\b)?
        (?:\s?(?:%|percent\b|per\ cent\b|[ap]\.m\.))?(?![\w(-])""",
    re.IGNORECASE | re.VERBOSE,
)
# For may_state_a_number: what QUANTITY needs to match at all.
DIGIT = re.compile(r"\d")
RUN = re.compile(r"\w+")
NUMBER_WORD_SET = frozenset(NUMBER_WORDS.split("|"))
QUOTED = re.compile(r"[‘“](\S.{0,38}?)[,.]?[’”](?![a-z])")
# Words that give a term its name: "ash called [pozzolana]", "known as [redispatch]".
NAMING_WORDS = ("called", "termed", "dubbed", "so-called", "nicknamed")
NAMING_OR_STRESS = re.compile(rf"\b(?:{'|'.join(NAMING_WORDS)}|known as)\b|[*‘“]", re.IGNORECASE)
WORD = re.compile(r"[^\s—–]+")
INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
NUMBER_PARTS = re.compile(r"[\s-]+")
INNER_CAPITAL = re.compile(r"[a-z][A-Z]|\d[A-Za-z]|[A-Za-z]\d")
PLAIN_WORD = re.compile(r"[\w'-]+")
WORDS_OF = re.compile(r"[\w’'-]+")
# Initials ("U.S.", "e.g."), after which a stop ends no sentence; a number's does ("since Go 1.5.").
DOTTED = re.compile(r"(?:[^\W\d_]\.)+")
# A share or a ratio said without a number QUANTITY reads: "about [a third]", "[two-thirds]",
# "[4.5:1]", "for about [an hour]".
SHARE = re.compile(
    # A share, not an ordinal: "[a third] of the oxygen", "by [a third].", not "a third voice".
    r"\b(?:(?:a|one|two|three|four)[\s-](?:half|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)"
    r"(?=\s+of\b|\s*[.,;:!?)—–]|\s*$)"
    r"|(?<=\bthan )half|(?<=\bby )half"
    r"|(?<=\babout )an? (?:hour|day|week|month|year|decade|century)"
    r"|(?<=\baround )an? (?:hour|day|week|month|year|decade|century))\b"
    r"|(?<![\w.:])\d+(?:\.\d+)?:\d(?![\w:])",  # "4.5:1", "16:9", not a time ("3:00")
    re.IGNORECASE,
)
# Before a count, a word that says it was measured ("roughly [250] towns"), not a story's detail.
APPROXIMATORS = word_set("about around roughly nearly almost approximately some over under least than")
MEASURE_MARK = re.compile(r"[%$€£¥°]|percent|per cent|\d[kKMB]\b|bn\b|[ap]\.m\.|\d\s?[×x]$| in | out of ")
MAGNITUDES = word_set("hundred thousand million billion trillion")
ACRONYM = re.compile(r"[A-Z]{2,6}s?")
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
YEAR = re.compile(r"1\d{3}s?|20\d{2}s?")
CONTRAST = re.compile(
    r"[,—–;][’”'\"]?\s*(?:and\s+|but\s+)?not\s+|\brather than\b|\binstead of\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Cloze:
    """A text cut in three: what shows before the hidden span, the span, what shows after."""

    before: str
    hidden: str
    after: str
    score: float = 0.0
    kind: str = ""  # the span's kind ("quantity", "name", "term"…); "" where none was judged


class Token(NamedTuple):
    """A word of a sentence: its core (without surrounding punctuation) and where that lies.

    A named tuple rather than a frozen dataclass: a page makes hundreds, and a tuple is made in a
    fifth of the time.
    """

    core: str
    lower: str
    start: int
    end: int
    ends_phrase: bool  # punctuation after the core ("," ";" ")" …) ends a phrase here
    opens_phrase: bool  # punctuation before the core ("(" or a quote mark) starts one
    ends_sentence: bool = False  # a full stop, "!" or "?" follows the core
    possessive: bool = False  # written with "'s": it owns the phrase after it, it is no part of it


class Span(NamedTuple):
    """Candidate words to hide, tokens first to last (exclusive), and how good a cloze they make."""

    first: int
    last: int
    score: float
    kind: str


@lru_cache(maxsize=256)
def tokens_of(text: str) -> tuple[Token, ...]:
    """The words of a sentence; dashes between words count as punctuation, not words."""
    tokens = []
    dashes = "—" in text or "–" in text
    for found in WORD.finditer(text):
        raw = found.group()
        if raw.isalnum():
            # Most words: no punctuation around them, nothing to strip (a third of the time).
            start, end = found.span()
            dash = dashes and (text[end + 1 : end + 2] in ("—", "–") or text[end : end + 1] in ("—", "–"))
            tokens.append(Token(raw, raw.casefold(), start, end, dash, False))
            continue
        lead = len(raw) - len(raw.lstrip(LEADING))
        core = raw[lead:].rstrip(TRAILING)
        if raw.endswith(".") and INITIALS.fullmatch(core):
            core += "."  # "U.S." keeps its last stop
        possessive = core.endswith(("'s", "’s")) and len(core) > 2
        if possessive:
            core = core[:-2]
        if not core:
            continue
        start = found.start() + lead
        end = start + len(core)
        after = text[end : found.end()]
        following = text[found.end() : found.end() + 2].strip()
        ends = any(mark in PHRASE_ENDS for mark in after) or following[:1] in ("—", "–")
        lower = core.casefold().replace("’", "'")
        stop = any(mark in ".!?…" for mark in after) and not core.endswith(".")
        tokens.append(Token(core, lower, start, end, ends, lead > 0, stop, possessive))
    return tuple(tokens)


@dataclass(frozen=True)
class SpanContext:
    """What an item's texts are judged against when their span is chosen: the card stage makes it
    once an item (cards/notes.py) and passes it down with each text of the item.

    context: other text on the same front (a cue); a span whose words show there is not hidden.
    explanation: what the text is about; a term it repeats is the text's topic.
    avoid: what other cards hide already; a span that asks the same is not hidden again.
    page_topic: the words the whole page is about; a span of only those is guessed, not recalled.
    spoken: the text is a quote, whose figures are most often an anecdote's ("they waited [four
    hours] last time") and whose point is often what it says something is ("it's [a coin flip]").
    """

    context: str = ""
    explanation: str = ""
    avoid: Sequence[str] = ()
    page_topic: frozenset[str] = frozenset()
    spoken: bool = False


# A text judged alone: nothing else on its front, no topic, nothing asked by other cards.
ALONE = SpanContext()


def best_cloze(text: str, around: SpanContext = ALONE, hidden: str = "") -> Cloze | None:
    """The text with its best span hidden, or None when no span is worth hiding.

    around: what the text is judged against (SpanContext).
    hidden: a span written by hand, which wins when it is in the text.
    """
    if hidden:
        # Matched in the text itself: case-folding can lengthen it ("ß" is "ss"), so an offset
        # found in the folded text would cut the original a letter or more late. The text's
        # *emphasis* is dropped first, as the rules drop it: a span may run across a star.
        plain = without_emphasis(text)
        found = re.search(re.escape(hidden), plain, re.IGNORECASE)
        if found:
            return Cloze(plain[: found.start()], found.group(), plain[found.end() :], 1000)
    span = best_span(text, around)
    return None if span is None else cloze_of(text, span)


def cloze_of(text: str, span: Span) -> Cloze:
    """The text cut around the span; its *emphasis* marks dropped, as they could be cut in two."""
    plain = without_emphasis(text)
    tokens = tokens_of(plain)  # the same words as the text's: stars never make a word of their own
    start, end = tokens[span.first].start, tokens[span.last - 1].end
    # "[140–165 °C (285–330 °F)]", "[Optional[List[int]]]" hide their own closing brackets.
    for opening, closing in ("()", "[]"):
        while (
            plain.count(opening, start, end) > plain.count(closing, start, end)
            and plain[end : end + 1] == closing
        ):
            end += 1
    return Cloze(plain[:start], plain[start:end], plain[end:], span.score, span.kind)


def quantity_cloze(text: str, context: str = "") -> Cloze | None:
    """The text with its best figure hidden, or None when it states none."""
    if not may_state_a_number(text) or QUANTITY.search(text) is None:
        return None  # as in most sentences: no need to weigh the spans
    tokens = tokens_of(text)
    # Only a measure is asked for: a sentence whose figures are all years or counts needs no judge.
    figures = [span for span in quantity_spans(text, tokens) if span.kind == "quantity"]
    judge = Judge.of(text, context, "") if figures else None
    if judge is None:
        return None
    spans = [judged for span in figures if (judged := judge.score(change_to(tokens, span))) is not None]
    # A duration beside another measure is how long something took, and a figure after "from" is
    # where something started, not what it came to: "raised immunisation from 62% to [84%] over
    # three years", "moved customers from a flat $49 a month …, raising revenue by [23%]".
    measures = [span for span in spans if not side_figure(tokens, span)] or spans
    best = max(measures, key=lambda span: (span.score, -span.first), default=None)
    return None if best is None else cloze_of(text, best)


def side_figure(tokens: Sequence[Token], span: Span) -> bool:
    before = [token.lower for token in tokens[max(0, span.first - 3) : span.first]]
    starts = (
        "from" in before and "to" not in before
    )  # "from [62%]", "from a flat [$49/month]", not "to [84%]"
    rate = span.last - span.first > 1 and tokens[span.last - 2].lower == "per"  # "90 g per hour"
    return starts or (tokens[span.last - 1].lower in DURATIONS and not rate)


def change_to(tokens: Sequence[Token], span: Span) -> Span:
    """Of "from 62% to 84%", the figure it came to: the first is shown, the second asked."""
    words = [token.lower for token in tokens[span.first : span.last]]
    if span.first == 0 or tokens[span.first - 1].lower != "from" or "to" not in words:
        return span
    return span._replace(first=span.first + words.index("to") + 1)


def fallback_cloze(text: str, context: str = "") -> Cloze:
    """When nothing scores: hide the rarest word that is no stop word (or the whole text), one
    the context (the cue line on the same front) does not show where there is one."""
    tokens = tokens_of(without_emphasis(text))
    if not tokens:
        # No word at all: the text is hidden whole, without the spaces around it (a `hide` is
        # read back stripped, and must make the same card).
        core = text.strip()
        start = text.find(core) if core else 0
        return Cloze(text[:start], core or text, text[start + len(core) :] if core else "")
    words = [token.lower for token in tokens]
    content = [index for index, word in enumerate(words) if word not in STOP_WORDS]
    # A word the text says once, if it has one: a repeated word shows its own answer.
    once = [index for index in content if words.count(words[index]) == 1]
    shown = content_lemmas(context) if context else frozenset()
    once = [index for index in once if lemma(words[index]) not in shown] or once
    if content and not once:
        # "I had a dream, which was not all a dream": hide from its first say to the end.
        return cloze_of(text, Span(content[0], len(tokens), 0, "words"))
    rarest = min(once or [len(tokens) - 1], key=lambda index: (zipf(words[index]), -index))
    return cloze_of(text, Span(rarest, rarest + 1, 0, "word"))


def best_span(text: str, around: SpanContext = ALONE) -> Span | None:
    """The highest-scoring span (the earliest of equals), judging candidates best first.

    A candidate's score can only grow by the topic bonus, so once a candidate cannot reach the
    best judged so far, none after it can: most of a sentence's candidates are never judged.
    """
    judge = Judge.of(text, around.context, around.explanation)
    if judge is None:
        return None
    asked = tuple(other.casefold() for other in around.avoid if other)
    best: Span | None = None
    # An explanation makes the text a headline, whose subject is what the idea is about.
    candidates = candidate_spans(text, judge.tokens, headline=bool(around.explanation), spoken=around.spoken)
    for span in sorted(candidates, key=lambda span: (-span.score, span.first)):
        if best is not None and span.score + TOPIC_BONUS < best.score:
            break
        judged = judged_on_page(judge, span, around, asked)
        if judged is not None and (best is None or (judged.score, -judged.first) > (best.score, -best.first)):
            best = judged
    return best


def judged_on_page(judge: Judge, span: Span, around: SpanContext, asked: Sequence[str]) -> Span | None:
    """The span's score on its page: the judge's, less what the page says of it (its topic, a
    list's item, a speaker's story), or None where another card asks it (asked: casefolded)."""
    judged = judge.score(span)
    if judged is None or (asked and asks_again(judge.tokens, judged, asked)):
        return None
    if judged.kind != "quantity" and judge.only_topic(judged, around.page_topic):
        judged = judged._replace(score=judged.score - PAGE_TOPIC_PENALTY)
    if not around.spoken and list_item(judge.text, judge.tokens, judged):
        # "stomach, [kidney] and bleeding risks": any other item is as right. (A speaker's
        # list is more often rhetoric whose vivid item is the point: "made of [haircuts], …")
        judged = judged._replace(score=judged.score - LIST_ITEM_PENALTY)
    if around.spoken and judged.kind in FIGURES and anecdotal(judge.tokens, judged):
        judged = judged._replace(score=min(judged.score, SPOKEN_FIGURE_SCORE))
    return judged


def asks_again(tokens: Sequence[Token], span: Span, asked: Sequence[str]) -> bool:
    """Does the span ask what another card asks: the same words, or words inside the other's, or
    the same figure said otherwise ("[sixty years]" beside "[60 years]")?"""
    words = " ".join(token.lower for token in tokens[span.first : span.last])
    if any(words in other or other in words for other in asked):
        return True
    return same_figure(words, asked)


def same_figure(hidden: str, asked: Sequence[str]) -> bool:
    """Does a figure hidden here have the value, and the unit where both say one, of one another
    card hides ("one hundred million sesterces" and "100 million", "sixty years" and "60 years";
    not "60–80 g" and "60 years")?"""
    mine = figure_values(hidden)
    return any(
        value == other and (unit == other_unit or not unit or not other_unit)
        for text in asked
        for other, other_unit in figure_values(text)
        for value, unit in mine
    )


@lru_cache(maxsize=1024)  # asked of every span another card hides, once per span judged
def figure_values(text: str) -> tuple[tuple[float, str], ...]:
    """The figures a text states, in digits or in words: each one's value and the word after it."""
    if not may_state_a_number(text):
        return ()
    figures = []
    for found in QUANTITY.finditer(text):
        value = number_value(found.group())
        if value is not None:
            after = RUN.search(text, found.end())
            unit = "%" if found.group().endswith("%") else (after.group().casefold() if after else "")
            figures.append((value, unit))
    return tuple(figures)


ONE_TO_NINETEEN = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TWENTY_TO_NINETY = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES = {
    **{word: float(value) for value, word in enumerate(ONE_TO_NINETEEN, start=1)},
    **{word: float(10 * value) for value, word in enumerate(TWENTY_TO_NINETY, start=2)},
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def number_value(figure: str) -> float | None:
    """The value of a figure's first number: "one hundred million" 1e8, "$2.5 billion" 2.5e9,
    "twenty-five" 25, "60%" 60; None for a range's or a word's that says no value ("dozens")."""
    total, current, seen = 0.0, 0.0, False
    for part in NUMBER_PARTS.split(figure.casefold().strip()):
        digits = DIGITS.search(part)
        if digits and not seen:
            current, seen = float(digits.group().replace(",", "")), True
        elif part in WORD_VALUES:
            current, seen = current + WORD_VALUES[part], True
        elif part in SCALES and seen:
            if part == "hundred":
                current *= 100
            else:
                total, current = total + current * SCALES[part], 0.0
        elif seen:
            break  # the unit, or the second number of a range
    return total + current if seen else None


TOPIC_BONUS = 15
# In a quote, a figure ranks with a complement, below a contrast, a name or a stressed phrase.
SPOKEN_FIGURE_SCORE = 70
LIST_ITEM_PENALTY = 50
# What a sentence names ("ash called [pozzolana]") is the term it teaches: above a name, below a measure.
NAMED_TERM_SCORE = 110
COMPLEMENT_SCORE = 62
# A complement that ends the quote is its punchline ("isn't a plan, it's [a coin flip]"), the span
# blind reviewers proposed most often for a quote (53 of 145 proposals they placed in its text),
# and kept two times in three where the rules hid one, against 44 % for a quote's weak noun.
PUNCHLINE_SCORE = 85
MAX_PUNCHLINE_WORDS = 6
COPULAS = word_set("is are was were it's that's he's she's they're we're you're isn't aren't wasn't weren't")
COMPLEMENT_OPENERS = word_set("not just only really basically actually never also simply still a an the")
EXAMPLE_MARKERS = word_set("like says say said saying e.g. including as")
# A word inside another of at least this many letters is its kin ("correct" in "correction").
KIN_LETTERS = 5
DERIVED_ENDINGS = ("ness", "est", "er", "ly")
DURATIONS = word_set(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades"
)
# Below a second quote card's bar (cards.py): a who-said-it card asks such a quote well enough.
PARALLEL_SCORE = 90
DENIERS = word_set(
    "not isn't aren't wasn't weren't doesn't don't didn't never no nobody nothing cannot can't won't"
)
CLAUSE_OPENERS = word_set("it's it but that's")
# What a denied clause's successor says instead, in common words: above a common noun of the quote
# (its topic, "lava"), below what the rules already find in such a pair (a complement, a name, the
# parallel side: kept 68 % of the time where it lay in the correction, 49 % outside it).
CORRECTION_SCORE = 80
MAX_CORRECTION_WORDS = 7
SUBJECT_PRONOUNS = word_set("it they he she we you i this that")
CONTRACTED_COPULA = re.compile(r"[’']s\b|[’']re\b")
# Past the verb: its object pronoun and "as" or "like" ("gave it", "read it as").
CORRECTION_OPENERS = word_set("it them him her us you me as like just simply only really actually more")
RELATIVES = word_set("that which who whom whose where when")
PREPOSITIONS = word_set("by with for of in on at from into")
FIGURES = frozenset({"quantity", "count", "year"})
JOINING_DASHES = ("-", "–")
AREA_OR_VOLUME = frozenset({"square", "cubic"})
PAGE_TOPIC_PENALTY = 40


@dataclass(frozen=True)
class Judge:
    """What a span is judged against: the text's words, what shows around it, what it is about."""

    text: str
    tokens: Sequence[Token]
    topic: frozenset[str]
    shown_elsewhere: frozenset[str]
    context: str
    rejected: set[int]
    advice: bool
    forms: list[str]  # each word's dictionary form ("" for a stop word)
    counts: Counter[str]
    stems: list[str]  # each word without its plural or possessive ending ("" for a stop word)
    spelled: tuple[tuple[int, int], ...]  # runs of words an acronym of the text spells out

    @classmethod
    def of(cls, text: str, context: str, explanation: str) -> Judge | None:
        tokens = tokens_of(text)
        if len(tokens) < 3:
            return None
        forms = [lemma(token.lower) if token.lower not in STOP_WORDS else "" for token in tokens]
        return cls(
            text,
            tokens,
            content_lemmas(explanation),
            content_lemmas(context),
            context,
            rejected_side(text, tokens),
            imperative(tokens),
            forms,
            Counter(forms),
            [stem(token.lower) if token.lower not in STOP_WORDS else "" for token in tokens],
            tuple(spelled_runs(tokens)),
        )

    @cached_property
    def names(self) -> tuple[tuple[int, int], ...]:
        """Runs of two or more words that name one thing (wanted for a few spans of a few texts)."""
        runs = name_spans(self.tokens)
        return tuple((span.first, span.last) for span in runs if span.last - span.first > 1)

    def kin_shown(self, span: Span) -> bool:
        """Does a word of the span show elsewhere on the front in another form than its lemma's
        ("correct" for "correction", "falling" for "infalling", "middens" for "midden")?"""
        figure = span.kind in FIGURES  # a unit said twice gives no figure away
        hidden = [
            self.stems[index]
            for index in range(span.first, span.last)
            if self.stems[index]
            and not (figure and self.tokens[index].lower in UNITS)
            and "-" not in self.tokens[index].lower
        ]
        if not hidden:
            return False
        shown = [word for word in (*self.stems[: span.first], *self.stems[span.last :]) if word]
        # In the cue and the deck's name only the same word counts ("PMs" under "PM"): a kin
        # there is the topic's ("America" above "American suburbs").
        cue = context_stems(self.context)
        return any(kin(word, other) for word in hidden for other in shown) or any(
            word in cue for word in hidden
        )

    def without_shown_count(self, span: Span) -> Span:
        """A figure without what it counts where that shows elsewhere: "between [365 and 988
        million] birds" under a title about birds (the figure is the answer, not the birds)."""
        last = span.last
        while last - 1 > span.first and not states_number(self.tokens[last - 1]):
            form = self.forms[last - 1]
            if not form or form in UNITS or not (form in self.shown_elsewhere or self.counts[form] > 1):
                break
            last -= 1
        rate = [index for index in range(span.first, last) if self.tokens[index].lower == "per"]
        if last < span.last and rate:
            last = rate[0]  # "[$10,377] per 40-foot container", not "[$10,377 per 40-foot]"
        return span._replace(last=last)

    def part_of_a_name(self, span: Span) -> bool:
        """Does the span hide some words of a name of several, and show the others?"""
        return any(
            first <= span.first and span.last <= last and (first, last) != (span.first, span.last)
            for first, last in self.names
        )

    def only_topic(self, span: Span, page_topic: frozenset[str]) -> bool:
        """Is every word the span would hide one the whole page is about, or kin to one?"""
        inside = [form for form in self.forms[span.first : span.last] if form]
        # "[accountant]" on a page about accounting: a topic word's kin is as guessed as it.
        return bool(inside) and all(
            form in page_topic or any(kin(form, topic) for topic in page_topic) for form in inside
        )

    def score(self, span: Span) -> Span | None:
        """The span with its final score, or None when it may not be hidden at all."""
        tokens = self.tokens
        if self.advice and span.first == 0:
            return None  # hiding the verb of advice asks for a word, not a fact
        if span.kind in FIGURES:
            span = self.without_shown_count(span)
        inside = [form for form in self.forms[span.first : span.last] if form]
        if span.kind in FIGURES:
            # "about [66 days] …, but the range runs from 18 to 254 days": a unit said again
            # gives no figure away (numbers_shown guards the figures themselves).
            inside = [form for form in inside if form not in UNITS]
        lemmas = set(inside)
        # A word shows elsewhere when the text has it more often than the span does.
        if lemmas & self.shown_elsewhere or any(self.counts[form] > inside.count(form) for form in lemmas):
            return None
        words = tokens[span.first : span.last]
        if not fair_span(words, len(tokens)):
            return None
        if self.kin_shown(span):
            return None  # "we correct them … [Correction] teaches", "[infalling] … the falling clock"
        if spelled_out(tokens, span, self.spelled):
            return None  # "read, update and memory … the [RUM] conjecture"
        if bare_unit(tokens, span) or counts_its_list(self.text, tokens, span):
            return None  # "Per [microgram]", "Awe has [two ingredients]: vastness and …"
        if half_compound(self.text, tokens, span):
            return None  # "apnea–[hypopnea index]", "[Corsi]–Rosenthal box"
        if span.kind not in FIGURES and self.part_of_a_name(span):
            return None  # "the [Global] Sourdough Project": the rest of the name gives it away
        if span.kind != "name" and numbers_shown(tokens, span, self.context):
            return None  # "a minimum age of [16]" under a title that says "Under-16s"
        score = span.score
        if span.kind != "quantity" and lemmas & self.topic:
            score += TOPIC_BONUS
        if any(index in self.rejected for index in range(span.first, span.last)):
            score -= 60
        if words[0].opens_phrase and self.text[words[0].start - 1 : words[0].start] == "(":
            score -= 30  # "custom attention (MLA)": a gloss of the words before it
        if span.kind == "contrast" and len(words) == 1 and word_tags(words[0].lower) <= {"ADJ", "ADV"}:
            score -= 40  # "[modest], not miraculous": the opposite on the front gives it away
        if pair_half(tokens, span):
            score -= 25  # "compression or [tension]": the other half of a pair calls it up
        return Span(span.first, span.last, score, span.kind)


def bare_unit(tokens: Sequence[Token], span: Span) -> bool:
    """Is the span a unit alone, after "per" or its figure ("Per [microgram]", "60 [kg]")? It
    asks how a thing is measured, not how much."""
    before = tokens[span.first - 1] if span.first else None
    measured = before is not None and (before.lower == "per" or states_number(before))
    return measured and all(token.lower in UNITS for token in tokens[span.first : span.last])


# A count's noun and what follows it up to the colon that lists them: "[Three] motions cover almost
# everything: the rock, …".
COUNTED_WORDS = 4


def counts_its_list(text: str, tokens: Sequence[Token], span: Span) -> bool:
    """Is the span a count whose items a colon after it lists ("Awe has [two ingredients]:
    vastness and…", "One anesthetic, [four] jobs: unconsciousness, amnesia…", "[Four connections],
    in order: backing, fly line…")? The front counts them for the learner. A measure is no count
    ("a cable is typically [17 mm] across: a few fibre pairs…")."""
    words = tokens[span.first : span.last]
    numbers = [token for token in words if NUMBER_WORD.fullmatch(token.lower) or token.core.isdigit()]
    if not numbers or any(token.lower in UNITS or MEASURE_MARK.search(token.core) for token in words):
        return False
    colon = text.find(":", numbers[-1].end)
    listed = text[colon + 1 :]
    counted = len(text[numbers[-1].end : colon].split())
    return colon >= 0 and counted <= COUNTED_WORDS and (", " in listed or " and " in listed)


def half_compound(text: str, tokens: Sequence[Token], span: Span) -> bool:
    """Would the span hide one half of a compound whose other half shows, joined to it by a
    hyphen or an en dash ("apnea–[hypopnea index]", "[Corsi]–Rosenthal", "60–[90 minutes]")?
    The half on the front calls the other up. (An em dash with no space around it is punctuation:
    "cooled below [50 kelvin]—is built…".)"""
    start, end = tokens[span.first].start, tokens[span.last - 1].end
    if text[start - 2 : start - 1].isalnum() and text[start - 1 : start] in JOINING_DASHES:
        return True
    return text[end : end + 1] in JOINING_DASHES and text[end + 1 : end + 2].isalnum()


def states_number(token: Token) -> bool:
    """Is the word a number ("58", "$2.5", "million", "twenty-five"), not what it counts?"""
    return DIGIT.search(token.core) is not None or NUMBER_WORD.fullmatch(token.lower) is not None


def stem(word: str) -> str:
    """A word without its plural or possessive ending, for telling kin words apart roughly."""
    word = word.replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=64)
def context_stems(context: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words_and_parts(context) if word not in STOP_WORDS)


def kin(word: str, other: str) -> bool:
    """The same word, or one inside the other, the shorter of at least KIN_LETTERS letters."""
    if word == other or root(word) == root(other):
        return True
    shorter, longer = (word, other) if len(word) <= len(other) else (other, word)
    return len(shorter) >= KIN_LETTERS and (longer.startswith(shorter) or longer.endswith(shorter))


def root(word: str) -> str:
    """A word without one ending that makes an adjective's kin: "softer", "softness" → "soft"."""
    for ending in DERIVED_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def pair_half(tokens: Sequence[Token], span: Span) -> bool:
    """Is a one-word span the second of "X or Y" / "X and Y" (or "good–better–best"), with the
    first showing right before it?"""
    if span.last - span.first != 1 or span.first < 2:
        return False
    joiner, first = tokens[span.first - 1], tokens[span.first - 2]
    paired = "NOUN" in word_tags(first.lower) or word_tags(first.lower) == {"ADJ"}
    return (joiner.lower in ("or", "and") and paired and not first.ends_phrase) or (
        tokens[span.first - 1].ends_phrase and "–" in tokens[span.first - 1].core + " "
    )


def list_item(text: str, tokens: Sequence[Token], span: Span) -> bool:
    """Is the span one item of a list of three or more ("loop, [Rembrandt] and butterfly",
    "in [Mesopotamia], China and Mesoamerica"), not the list whole?"""

    def comma_after(index: int) -> bool:
        return 0 <= index < len(tokens) and text[tokens[index].end : tokens[index].end + 1] == ","

    def joins(index: int) -> bool:
        return 0 <= index < len(tokens) and tokens[index].lower in ("and", "or")

    first, last = span.first, span.last
    if first > 0 and tokens[first - 1].lower in ("the", "a", "an"):
        first -= 1  # "the pan, [the] fat, and the heat"
    if any(comma_after(index) for index in range(first, last - 1)):
        return False  # the span holds the list (or part of it) whole
    after_comma = comma_after(first - 1) or (joins(first - 1) and comma_after(first - 2))
    before_more = comma_after(last - 1) and (joins(last) or joins(last + 1) or comma_after(last))
    if after_comma and (before_more or joins(last)):
        return True  # an inner item, or the last but one
    if before_more and joins(last + 1):
        return True  # the first of three: "[Mesopotamia], China and Mesoamerica"
    # The last: "loop, Rembrandt and [butterfly]".
    return joins(first - 1) and any(comma_after(index) for index in range(max(0, first - 5), first - 2))


def spelled_out(tokens: Sequence[Token], span: Span, spelled: Sequence[tuple[int, int]]) -> bool:
    """Does the span hold an acronym whose letters begin the other words of the sentence, or
    a part of a run of words an acronym it shows spells out (spelled: spelled_runs of the
    sentence; "[Game theory optimal] … a GTO strategy")?"""
    inside = tokens[span.first : span.last]
    acronyms = [acronym_letters(token) for token in inside if ACRONYM.fullmatch(token.core)]
    if not acronyms:
        return any(span.first < last and first < span.last for first, last in spelled)
    outside = (*tokens[: span.first], *tokens[span.last :])
    initials = "".join(token.lower[0] for token in outside if token.lower not in STOP_WORDS)
    return any(acronym in initials for acronym in acronyms)


def acronym_letters(token: Token) -> str:
    """The initials an acronym stands for: "GPUs" spells "gpu"; "SS" (a ship's prefix) spells
    "ss", where stripping every trailing "s" left nothing, which every run matched."""
    core = token.core[:-1] if token.core.endswith("s") else token.core
    return core.casefold()


def spelled_runs(tokens: Sequence[Token]) -> Iterable[tuple[int, int]]:
    """Runs of words whose initials spell an acronym the sentence shows: "Game theory optimal"
    beside "GTO"; any part of one is given away."""
    letters = [token.lower[:1] for token in tokens]
    for token in tokens:
        if ACRONYM.fullmatch(token.core):
            acronym = acronym_letters(token)
            for first in range(len(tokens) - len(acronym) + 1):
                if "".join(letters[first : first + len(acronym)]) == acronym and tokens[first] is not token:
                    yield first, first + len(acronym)


MIN_WORDED_FIGURE = 10


def numbers_shown(tokens: Sequence[Token], span: Span, context: str) -> bool:
    """Does a number the span would hide show elsewhere on the front or in its context?"""
    hidden = {number for token in tokens[span.first : span.last] for number in DIGITS.findall(token.core)}
    if not hidden:
        return False
    others = [token.core for token in (*tokens[: span.first], *tokens[span.last :])]
    if hidden & (set(DIGITS.findall(context)) | set(DIGITS.findall(" ".join(others)))):
        return True
    # Said in words on the cue line: "[42%]" under "Forty-Two Per Cent" (round 32). A small
    # number in words ("Episode 2", "two jobs") is too common to count.
    worded = {value for value, _ in figure_values(context) if value >= MIN_WORDED_FIGURE}
    return any(
        value in worded
        for value, _ in figure_values(" ".join(token.core for token in tokens[span.first : span.last]))
    )


def fair_span(words: Sequence[Token], sentence_length: int) -> bool:
    """Not a filler, a negation or a pronoun alone, and not most of the sentence."""
    if len(words) > max(MAX_NAME_WORDS, sentence_length // 2):
        return False
    meaningful = [token for token in words if token.lower not in STOP_WORDS and token.lower not in NEGATIONS]
    return bool(meaningful) and words[0].lower not in NEGATIONS and words[-1].lower not in STOP_WORDS


def rejected_side(text: str, tokens: Sequence[Token]) -> set[int]:
    """Token indexes of the alternative a contrast rejects: the Y of "X, not Y" or "X rather than Y"."""
    rejected: set[int] = set()
    for _, end in contrasts(text):
        for index, token in enumerate(tokens):
            if token.start >= end:
                rejected.add(index)
                if token.ends_phrase:
                    break
    # What a claim denies is no answer either: "isn't a bad steak", "does not seal in juices".
    for index, token in enumerate(tokens):
        if token.lower in DENIALS:
            for after in range(index + 1, len(tokens)):
                rejected.add(after)
                if tokens[after].ends_phrase:
                    break
    return rejected


# Words that open a subject without being part of what it names ("The FBI's model", "Most funds").
SUBJECT_OPENERS = word_set("the a an most many some every each any all")
# The finite verbs a subject is followed by most often: "Fiber [is]", "checks [can] catch".
AUXILIARIES = word_set(
    "is are was were be has have had can could will would may might must should does do did isn't "
    "aren't wasn't weren't hasn't haven't doesn't don't didn't won't can't cannot shouldn't wouldn't"
)
SUBJECT_SCORE = 70
# Verbs that open advice and are nouns too: with them a headline is advice whatever follows.
ADVICE_VERBS = word_set(
    "treat use trade set plan test check practice benchmark aim store cut match measure time track start "
    "stop focus watch question map batch rest fuel cap price keep hire raise reconcile separate build"
)
# An "-ing" subject can run long ("Using silence deliberately after a label…"): its object is then the span.
MAX_GERUND_WORDS = 10
# A word this common that is a noun or a verb is the verb after a noun ("reaction [needs]").
COMMON_VERB_ZIPF = 4.5


def subject_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """What a headline is about: the noun phrase (or "-ing" phrase) before its verb, the label
    before its colon, or what a piece of advice is about.

    "[Meal timing] matters far less…", "[Activating the king] is the most undervalued skill",
    "[The principle of two weaknesses]: a single weakness…", "Treat [maintenance] as heroic
    work": a learner recalls the thing a claim describes, from the claim.
    """
    if advice(tokens):
        yield from advice_object(tokens)
        return
    start = 0
    while start < len(tokens) - 1 and tokens[start].lower in SUBJECT_OPENERS:
        start += 1
    gerund = tokens[start].lower.endswith("ing") and "VERB" in word_tags(tokens[start].lower)
    end = subject_end(text, tokens, start, gerund)
    if end is None and gerund and zipf(tokens[start].lower) < RARE_ZIPF:
        gerund, end = False, subject_end(text, tokens, start, False)  # "[Bunching estimates] show…"
    if end is None:
        return
    if end - start <= MAX_SPAN_WORDS or text[tokens[end - 1].end : tokens[end - 1].end + 1] == ":":
        yield subject(tokens, start, end)
    elif gerund:
        # "Using [silence] deliberately after a label or a key question draws out…"
        yield from advice_object(tokens[:end])


def subject_end(text: str, tokens: Sequence[Token], start: int, gerund: bool) -> int | None:
    """Where the subject that starts at tokens[start] ends: before its verb, or at a label's
    colon; None when no verb follows soon enough."""
    for end in range(start + 1, min(len(tokens), start + MAX_GERUND_WORDS + 1)):
        before = tokens[end - 1]
        if not gerund and text[before.end : before.end + 1] == ":" and end - start <= MAX_NAME_WORDS:
            return end  # a label: "The principle of two weaknesses: …"
        if before.ends_phrase or before.possessive:
            return None
        if main_verb(tokens, end, strict=gerund):
            return end
        word = tokens[end].lower
        if not gerund and ((word in STOP_WORDS and word != "of") or word in NEGATIONS):
            return None
    return None


def subject(tokens: Sequence[Token], start: int, end: int) -> Span:
    words = tokens[start:end]
    if (
        words[0].lower in STOP_WORDS
        or words[-1].lower in STOP_WORDS
        or words[0].opens_phrase
        or everyday(words)
    ):
        return Span(start, end, 0, "subject")
    return Span(start, end, SUBJECT_SCORE + rarity_bonus(words) / 2, "subject")


def everyday(words: Sequence[Token]) -> bool:
    return all(zipf(word.lower) >= EVERYDAY_ZIPF for word in words if word.lower not in STOP_WORDS)


def advice(tokens: Sequence[Token]) -> bool:
    """Does the text open with a verb telling what to do ("Treat", "Use", "Trade"), no subject?"""
    first = tokens[0].lower
    tags = word_tags(first)
    if len(tokens) < 3 or "VERB" not in tags or lemma(first) != first or main_verb(tokens, 1):
        return False
    # A word that is also a noun or an adjective opens advice only if it is advice's usual verb:
    # "Treat …", "Use …", but not "Tree rings …", "Firm clean power …", "Age verification …".
    return tags == frozenset({"VERB"}) or first in ADVICE_VERBS


def advice_object(tokens: Sequence[Token]) -> Iterable[Span]:
    """The words right after the opening verb, up to a stop word or an adverb: "Treat [permitting
    reform] as…", "Use [implementation intentions]—…", "Trade [pieces], not pawns"."""
    first = 1
    while first < len(tokens) and tokens[first].lower in SUBJECT_OPENERS:
        first += 1
    last = first
    while (
        last < len(tokens)
        and last - first < MAX_SPAN_WORDS - 1
        and tokens[last].lower not in STOP_WORDS
        and tokens[last].lower not in NEGATIONS
        and not is_adverb(tokens[last].lower)
        and (last == first or not tokens[last].opens_phrase)
    ):
        last += 1
        if tokens[last - 1].ends_phrase:
            break
    coordinated = last < len(tokens) and tokens[last].lower in (
        "and",
        "or",
    )  # "every [bank] and card account"
    if last > first and not coordinated:
        yield subject(tokens, first, last)


def main_verb(tokens: Sequence[Token], index: int, strict: bool = False) -> bool:
    """Does the subject end before tokens[index]: an auxiliary, an adverb before the verb
    ("resistance [already] kills"), or a word that is a verb here?

    strict: after an "-ing" subject, only an auxiliary or a verb that agrees with it ("Taking
    notes slowly [is]", "Saying no well [means]", "Riding along [revealed]").
    """
    word = tokens[index].lower
    if word in AUXILIARIES:
        return True
    tags = word_tags(word)
    if strict:
        # … or one that is a noun too, with its object after it ("before the solution [forces] the team").
        after = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        return (
            "VERB" in tags and word.endswith(("s", "ed")) and ("NOUN" not in tags or after in SUBJECT_OPENERS)
        )
    if is_adverb(word):
        return True
    if "VERB" not in tags or tokens[index].ends_phrase:
        return False  # "Seed oils, not villains": no verb is followed by a comma
    if not tags & {"NOUN", "ADJ"}:
        return True
    # A word that is a noun or a verb ("drives", "filters", "buffer") is the verb when it agrees
    # with the noun before it and no verb follows it: "food [drives] overeating", "LSM-trees
    # [buffer] writes", but "supplement labels are", "Bloom filters make", "Smaller doses work".
    following = index + 1
    while following < len(tokens) and is_adverb(tokens[following].lower):
        following += 1
    after = tokens[following].lower if following < len(tokens) else ""
    if not after or after in AUXILIARIES or after in ("and", "or"):
        return False
    previous = tokens[index - 1].lower
    before = word_tags(previous)
    if not index or (before and "NOUN" not in before):
        return False
    plural_before = previous.endswith("s") and not previous.endswith("ss")
    if word.endswith("s") and not word.endswith("ss"):
        if "-" in previous or "ADJ" in before:
            return False  # "Smaller doses", "Central banks", "high-voltage lines": a noun's modifier
        verb_follows = "VERB" in word_tags(after) and not after.endswith("ing")
        return not plural_before and (zipf(word) >= COMMON_VERB_ZIPF or not verb_follows)
    # "Inflation [fell]", "Riding along with customers [revealed]": a past tense.
    return plural_before or (not word.endswith("ing") and lemma(word) != word)


def is_adverb(word: str) -> bool:
    tags = word_tags(word)
    return bool(tags) and tags <= {"ADV"} and word not in STOP_WORDS


def candidate_spans(
    text: str, tokens: Sequence[Token], headline: bool = False, spoken: bool = False
) -> Iterable[Span]:
    if headline:
        yield from subject_spans(text, tokens)
    if spoken:
        yield from complement_spans(text, tokens)
        yield from correction_spans(text, tokens)
    yield from quantity_spans(text, tokens, headline)
    yield from share_spans(text, tokens)
    yield from named_term_spans(tokens)
    yield from contrast_spans(text, tokens)
    yield from parallel_spans(text, tokens)
    yield from emphasis_spans(text, tokens)
    yield from name_spans(tokens)
    yield from term_spans(tokens)


def anecdotal(tokens: Sequence[Token], span: Span) -> bool:
    """A count, a year or a duration: in a quote, most often the story's ("waited [four hours]")."""
    return span.kind != "quantity" or tokens[span.last - 1].lower in DURATIONS


def complement_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """What a clause says something is, when it ends the clause: "isn't a plan, it's [a coin
    flip]", "the most profitable thing I ever did was [stop touching it]", "are just [exhausted]"."""
    for index, token in enumerate(tokens[:-1]):
        if token.lower not in COPULAS or token.ends_phrase:
            continue
        first = index + 1
        while first < len(tokens) - 1 and tokens[first].lower in COMPLEMENT_OPENERS:
            first += 1
        last = first
        while last < len(tokens) and not (tokens[last].ends_phrase or tokens[last].ends_sentence):
            last += 1
        # Not after "not" (what it is not is the foil) or before a verb ("is [keeping…]": an
        # auxiliary's), nor "the one…" that points at something named in the clause before.
        denied = any(tokens[between].lower in NEGATIONS for between in range(index + 1, first))
        verb = tokens[first].lower.endswith("ing") and "VERB" in word_tags(tokens[first].lower)
        punchline = last == len(tokens) - 1 and not (denied or verb or tokens[first].lower == "one")
        most = MAX_PUNCHLINE_WORDS if punchline else MAX_SPAN_WORDS
        if last >= len(tokens) or last + 1 - first > most or text[tokens[last].end :].startswith("?"):
            continue  # too long to recall word for word, or a question's
        bonus = rarity_bonus(tokens[first : last + 1])
        if bonus > 0:  # "it's [real]", "the pattern is [clear]": everyday words tell nothing
            yield Span(
                first,
                last + 1,
                (PUNCHLINE_SCORE if punchline else COMPLEMENT_SCORE) + bonus / 2,
                "complement",
            )


@lru_cache(maxsize=256)
def contrasts(text: str) -> tuple[tuple[int, int], ...]:
    """Where CONTRAST matches the text, found once for the judge and the candidates."""
    return tuple(found.span() for found in CONTRAST.finditer(text))


def contrast_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """The side a contrast takes: "[blood lactate], not pace", "the [darkness] hormone, not the sleep
    hormone", "[Labour scarcity], not a moral awakening": as many words as the side it rejects."""
    for start, end in contrasts(text):
        rejected = [index for index, token in enumerate(tokens) if token.start >= end]
        taken = [index for index, token in enumerate(tokens) if token.end <= start]
        if not rejected or not taken:
            continue
        other: list[int] = []
        for index in rejected:
            other.append(index)
            if tokens[index].ends_phrase:
                break
        clause: list[int] = []
        for index in reversed(taken):
            if clause and tokens[index].ends_phrase:
                break
            clause.insert(0, index)
        side = parallel_side(tokens, clause, [index for index in other if tokens[index].lower not in FILLERS])
        if side:
            yield Span(side[0], side[-1] + 1, 100, "contrast")
            if side[-1] - side[0] > 0:
                # Its head alone, where the whole phrase may not be hidden ("Cash" in the deck's name).
                yield Span(side[-1], side[-1] + 1, 95, "contrast")


def parallel_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """What the second of two clauses says that the first, denied, did not: "A grey steak isn't
    a bad steak, it's a [wet] steak", "A five-year queue is not a market. It's a [waiting room].",
    "A central bank can survive being wrong. It cannot survive being [seen as political]."."""
    clauses = clauses_of(text, tokens)
    for first, second in pairwise(clauses):
        if not any(tokens[index].lower in DENIERS for index in (*first, *second)):
            continue
        said = {lemma(tokens[index].lower) for index in first}
        new = [
            index
            for index in second
            if tokens[index].lower not in STOP_WORDS and lemma(tokens[index].lower) not in said
        ]
        if not new:
            continue
        run = [new[-1]]
        while run[0] - 1 in second and (run[0] - 1 in new or tokens[run[0] - 1].lower in STOP_WORDS):
            run.insert(0, run[0] - 1)
        while tokens[run[0]].lower in STOP_WORDS:
            run.pop(0)
        if len(run) <= MAX_SPAN_WORDS and any(
            word_tags(tokens[index].lower) & {"NOUN", "ADJ"} or not word_tags(tokens[index].lower)
            for index in run
        ):
            yield Span(run[0], run[-1] + 1, PARALLEL_SCORE, "contrast")


def correction_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """In a quote, what the clause after a denied one says instead, in whatever words it takes:
    "Boredom isn't having nothing to do. It's [having nothing you want to do]", "The walls never
    stopped the lava. They gave it [somewhere else to go]", "Don't read it as credulity. Read it as
    [a machine for producing confessions]". The round 37 editors hid that, and reviewers of
    earlier rounds proposed it, where the rules hid the quote's topic ("Boredom", "lava"): its
    words are common, so no span that asks a rare word finds it.
    """
    for first, second in pairwise(clauses_of(text, tokens)):
        if not any(tokens[index].lower in DENIERS for index in first):
            continue
        if any(tokens[index].lower in NEGATIONS or tokens[index].lower in DENIERS for index in second):
            continue
        start = correction_start(text, tokens, first, second)
        if start is None or start > second[-1]:
            continue
        last = start
        # Up to the phrase's end, or before a relative clause ("a Wikipedia page [that anyone…]").
        while last < second[-1] and not tokens[last].ends_phrase and tokens[last + 1].lower not in RELATIVES:
            last += 1
        words = [tokens[index].lower for index in range(start, last + 1)]
        if len(words) <= MAX_CORRECTION_WORDS and any(word not in STOP_WORDS for word in words):
            yield Span(start, last + 1, CORRECTION_SCORE, "contrast")


def correction_start(text: str, tokens: Sequence[Token], first: list[int], second: list[int]) -> int | None:
    """Where what the correcting clause says begins: past its subject pronoun and verb ("It's",
    "They gave it"), or past the verb the denied clause used, said again ("Read it as")."""
    index, end = second[0], second[-1]
    opener = tokens[index]
    if opener.lower in SUBJECT_PRONOUNS:
        index += 1
        if not CONTRACTED_COPULA.match(text, opener.end):
            verb = index
            while index < end and (tokens[index].lower in AUXILIARIES or tokens[index].lower in FILLERS):
                index += 1
            # "It is [simply patient]": the auxiliary was the verb.
            if "VERB" in word_tags(tokens[index].lower) and not tokens[index].lower.endswith("ing"):
                index += 1
            elif index == verb or tokens[verb].lower not in COPULAS:
                return None
    elif "VERB" in word_tags(opener.lower) and lemma(opener.lower) in {
        lemma(tokens[earlier].lower) for earlier in first
    }:
        index += 1  # "Don't read it as X. Read it as [Y]."
    else:
        return None
    while index < end and tokens[index].lower in CORRECTION_OPENERS:
        index += 1
    return index + 1 if index < end and tokens[index].lower in PREPOSITIONS else index


def clauses_of(text: str, tokens: Sequence[Token]) -> list[list[int]]:
    """Token indexes of each clause: cut at a sentence's end, a semicolon, and a comma before
    "it's" or "but"."""
    clauses: list[list[int]] = [[]]
    for index, token in enumerate(tokens):
        clauses[-1].append(index)
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        mark = text[token.end : token.end + 1]
        if token.ends_sentence or mark == ";" or (mark == "," and following in CLAUSE_OPENERS):
            clauses.append([])
    return [clause for clause in clauses if clause]


def parallel_side(tokens: Sequence[Token], clause: list[int], other: list[int]) -> list[int]:
    """The words of clause that stand where other's words stand: "by blood lactate" for "by pace"."""
    if not clause or not other:
        return []
    opener = tokens[other[0]].lower
    quoted = [index for index in clause if tokens[index].opens_phrase]
    if tokens[other[0]].opens_phrase and quoted:
        # "Aim for ‘that’s right,’ not ‘yes’": the quoted words against the quoted words.
        side = clause[clause.index(quoted[-1]) :]
        return side if len(side) <= MAX_SPAN_WORDS else []
    if opener in STOP_WORDS:
        # "by blood lactate, not by pace": the words after the same opener.
        openers = [index for index in clause if tokens[index].lower == opener]
        if not openers:
            # "died slowly through economics rather than by any single law": the words after the
            # clause's own last preposition stand where "any single law" stands.
            openers = [index for index in clause[:-1] if tokens[index].lower in STOP_WORDS]
        side = clause[clause.index(openers[-1]) + 1 :] if openers else []
        other = other[1:]
    else:
        side = [index for index in clause if tokens[index].lower not in FILLERS][-len(other) :]
        # "but [service quality], not price": the side is the whole noun phrase it ends.
        while (
            side
            and side[0] - 1 in clause
            and len(side) < MAX_SPAN_WORDS
            and modifies_noun(tokens, side[0] - 1)
            and not tokens[side[0] - 1].ends_phrase
            and not (side[0] == 1 and advice(tokens))  # "Trade [pieces], not pawns"
        ):
            side = [side[0] - 1, *side]
        if side and side[0] - 2 in clause and pair_half(tokens, Span(side[0], side[0] + 1, 0, "")):
            side = [side[0] - 2, side[0] - 1, *side]  # "[compression or tension] instead of bending"
    # "the darkness hormone, not the sleep hormone": the words both sides share are no answer.
    while side and other and tokens[side[-1]].lower == tokens[other[-1]].lower:
        side, other = side[:-1], other[:-1]
    side = past_the_verb(tokens, side)
    while side and tokens[side[0]].lower in STOP_WORDS:
        side = side[1:]
    return side if 0 < len(side) <= MAX_NAME_WORDS else []


def verb_here(tokens: Sequence[Token], index: int) -> bool:
    """Is tokens[index] a verb: one that is nothing else ("chose", not "sweetened"), or main_verb's
    reading."""
    word = tokens[index].lower
    after = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if word.endswith(("ed", "en")) and "NOUN" in word_tags(after):
        return False  # "sweetened drinks", "browned fond": a participle as an adjective
    return word_tags(word) == {"VERB"} or (index > 0 and main_verb(tokens, index))


def past_the_verb(tokens: Sequence[Token], side: list[int]) -> list[int]:
    """The side's words after its last verb: what a clause's verb does is the side taken, not the
    clause ("Otho chose [suicide], not a long war", "means [seeding larvae] rather than…", "Sweep to
    go [farther and straighter], not to steer"); a side that is a verb alone is no span ("Glaciers
    flow, not just melt"). Blind reviews edited 21 of 49 contrast clozes from 110 up, most of them
    a clause hidden with its verb ("[Automation changes the errors]", "[Glaciers flow]")."""
    verbs = [
        position
        for position, index in enumerate(side[:-1])
        if (tokens[index].lower in AUXILIARIES or tokens[index].lower in COPULAS or verb_here(tokens, index))
        and not is_adverb(tokens[index].lower)
        and not (index == 0 and tokens[index].lower.endswith("ing"))  # "[Rewriting star formation], not…"
    ]
    return side[verbs[-1] + 1 :] if verbs else side


def quantity_spans(text: str, tokens: Sequence[Token], headline: bool = False) -> Iterable[Span]:
    """Numbers with what they count: "five to six hours", "70 %", "10k–50k+ GPUs", "March 1969".

    A measure (a unit, a share, money, a magnitude) is the likeliest point of a sentence; a year
    or a bare count ("150 incidents", "three kinds") is more often a detail around it.
    """
    if not may_state_a_number(text):
        return
    for found in QUANTITY.finditer(text):
        first = token_at(tokens, found.start())
        last = token_at(tokens, found.end() - 1) + 1
        if first < 0 or last <= first:
            continue
        if first > 0 and is_name_word(tokens, first - 1) and not sentence_start(tokens, first - 1):
            continue  # "FERC Order 1920", "Apollo 11": a number inside a name
        number = found.group()
        weak = all(word.casefold() in WEAK_NUMBERS for word in NUMBER_PARTS.split(number))
        year = YEAR.fullmatch(number) is not None
        unit = unit_after(tokens, last, listed_only=weak or year)
        if weak and (not unit or (first > 0 and tokens[first - 1].lower == "the")):
            continue  # "one of the", "no one", "the one point both accepted" (which, not how many)
        counted = first > 0 and tokens[first - 1].lower in ("a", "an", "one")  # "more than a thousand"
        if number.casefold() in MAGNITUDES and not unit and not counted:
            continue  # "sworn in every hundred": a hundred of what? (Here, a county's district.)
        if first > 0 and tokens[first - 1].lower in MONTHS:
            first -= 1
        elif not tokens[last - 1].core.endswith(("%", ".m")):
            last += unit
        last += conversion_after(text, tokens, last)
        if not unit and last + 2 < len(tokens) and tokens[last + 1].lower == "per":
            last += 1  # "20–25 words per minute": what the rate counts
        if last + 1 < len(tokens) and tokens[last].lower == "per" and not tokens[last - 1].ends_phrase:
            last += 2  # … and what it is per
            if (
                last < len(tokens)
                and not tokens[last - 1].ends_phrase
                and (
                    "NOUN" not in word_tags(tokens[last - 1].lower)
                    or tokens[last - 1].lower in AREA_OR_VOLUME
                )
            ):
                last += 1  # "3 km per solar mass", "1.6 kWh per square metre": the noun after its adjective
        words = {token.lower for token in tokens[first:last]}
        if year:
            kind = "year"
        elif MEASURE_MARK.search(number) or words & (UNITS | MAGNITUDES | {"per"}):
            kind = "quantity"
        elif headline and first > 0 and tokens[first - 1].lower in APPROXIMATORS:
            # "roughly [250] European towns": a figure a headline chose to state. (In an
            # explanation, "across roughly 150 incidents" is more often a sample's size.)
            kind = "quantity"
        else:
            kind = "count"
        yield Span(first, last, 130 if kind == "quantity" else 65, kind)


def named_term_spans(tokens: Sequence[Token]) -> Iterable[Span]:
    """The term a sentence gives a name to: "volcanic ash called [pozzolana]", "known as
    [redispatch]", "a technique called [negative fill]"."""
    for index, token in enumerate(tokens[:-1]):
        if token.ends_phrase or not naming(tokens, index):
            continue
        first = index + 1
        if tokens[first].lower in ("a", "an") and first + 1 < len(tokens):
            first += 1
        if tokens[first].lower in STOP_WORDS or tokens[first].lower in PRONOUNS:
            continue  # "called the 30 largest users", "called it un-American"
        last = first + 1
        while last < len(tokens) and last - first < MAX_SPAN_WORDS and not tokens[last - 1].ends_phrase:
            if tokens[last].lower in STOP_WORDS or participle(tokens[last]):
                break  # "a glycoprotein called [glomalin] produced by fungi"
            last += 1
        ends = last == len(tokens) or tokens[last].lower in STOP_WORDS or participle(tokens[last])
        if tokens[last - 1].ends_phrase or ends:
            yield Span(first, last, NAMED_TERM_SCORE, "named")


def participle(token: Token) -> bool:
    """Is the word a verb's past participle ("produced", "made"), which no name runs into?"""
    return token.lower.endswith("ed") and "VERB" in word_tags(token.lower)


def naming(tokens: Sequence[Token], index: int) -> bool:
    """Does tokens[index] end "called", "known as", "termed", "dubbed" or "so-called"?"""
    word = tokens[index].lower
    if word in NAMING_WORDS:
        return True
    known = index > 0 and tokens[index - 1].lower == "known" and not tokens[index - 1].ends_phrase
    return word == "as" and known


def share_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """Shares and ratios QUANTITY does not read: "about [a third]", "[two-thirds]", "[4.5:1]"."""
    for found in SHARE.finditer(text):
        first = token_at(tokens, found.start())
        last = token_at(tokens, found.end() - 1) + 1
        if 0 <= first < last:
            yield Span(first, last, 130, "quantity")


@lru_cache(maxsize=256)  # asked of a sentence of an explanation up to three times
def may_state_a_number(text: str) -> bool:
    """False only where QUANTITY cannot match, told in a fraction of its time (it tries dozens of
    number words at the start of every word; most sentences state no number).

    A match of QUANTITY holds a digit or a number word, and a number word is a whole run of word
    characters there, in any case. re's IGNORECASE also reads "ı" and "İ" as "i", which casefold
    does not: a text with them is let through. tests/cards/test_number_shortcut.py checks this
    against QUANTITY.
    """
    if DIGIT.search(text) or "ı" in text or "İ" in text:
        return True
    return not NUMBER_WORD_SET.isdisjoint(map(str.casefold, RUN.findall(text)))


def may_name_a_term(text: str) -> bool:
    """False where no span of a term's kinds can be found: nothing named ("called", "known
    as"), stressed (*stars*, quotes) or contrasted ("X, not Y")."""
    return NAMING_OR_STRESS.search(text) is not None or CONTRAST.search(text) is not None


def conversion_after(text: str, tokens: Sequence[Token], last: int) -> int:
    """The words of "(285–330 °F)" right after a figure: the same figure, which would give it away."""
    if last >= len(tokens) or not text[tokens[last - 1].end :].lstrip().startswith("("):
        return 0
    if not tokens[last].core[:1].isdigit():
        return 0
    end = last
    while end < len(tokens) and ")" not in text[tokens[end].end : tokens[end].end + 2]:
        end += 1
    return end + 1 - last if end < len(tokens) and end - last < 4 else 0


def emphasis_spans(text: str, tokens: Sequence[Token]) -> Iterable[Span]:
    """What the page itself stresses with *stars* or sets in quotes: its author's choice of the point."""
    for found in (*EMPHASIS.finditer(text), *QUOTED.finditer(text)):
        first = token_at(tokens, found.start(1))
        last = token_at(tokens, found.end(1) - 1) + 1
        starred = found.re is EMPHASIS
        if starred and 0 <= first < last and all(token.lower in STOP_WORDS for token in tokens[first:last]):
            # "tells the brain *when* night begins": the stress falls on the clause it opens.
            while last < len(tokens) and last - first < MAX_SPAN_WORDS and not tokens[last - 1].ends_phrase:
                last += 1
        if not starred and quoted_example(tokens, first, last):
            continue
        if 0 <= first < last and last - first <= MAX_SPAN_WORDS:
            yield Span(first, last, 75 + rarity_bonus(tokens[first:last]), "emphasis")


def quoted_example(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Are the quoted words an example of what the sentence says, not its point: after "like",
    "says" and the like, or one of a list ("Errors like “goed” and “foots”", "the kid who says
    ‘mouses’")? Any other example would be as right an answer."""
    if first <= 0 or last <= first:
        return False
    before = tokens[first - 1].lower
    listed = before in ("and", "or") and first > 1 and tokens[first - 2].ends_phrase
    following = tokens[last].lower if last < len(tokens) else ""
    return (
        before in EXAMPLE_MARKERS or listed or (following in ("and", "or") and tokens[last - 1].ends_phrase)
    )


def unit_after(tokens: Sequence[Token], index: int, listed_only: bool = False) -> int:
    """How many words after a number say what it counts (0, 1 or 2): "hours", "degrees Celsius".

    listed_only: only a unit of the list counts, as after "one" or a year ("1990s process").
    """
    if index >= len(tokens) or tokens[index - 1].ends_phrase:
        return 0
    word = tokens[index].lower
    if word in UNITS:
        if index + 1 < len(tokens) and tokens[index + 1].lower in UNITS and not tokens[index].ends_phrase:
            return 2
        return 1
    if listed_only or word in STOP_WORDS or not tokens[index].core.replace("-", "").isalpha():
        return 0
    if tokens[index].core[0].isupper() and not tokens[index].core[1:2].isupper():
        return 0  # "250 [European] towns": a name's adjective, not what is counted ("GPUs" is)
    tags = parts_of_speech(word)
    countable = "NOUN" in tags and not tags & {"ADV", "ADJ", "VERB"}
    return 1 if countable or (not tags and word != tokens[index].core) else 0


def token_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the token whose core spans (or follows) a character offset; -1 if none."""
    for index, token in enumerate(tokens):
        if token.end > offset:
            return index
    return -1


def name_spans(tokens: Sequence[Token]) -> Iterable[Span]:
    """Runs of capitalised words: names of people, places, organisations, products."""
    index = 0
    while index < len(tokens):
        if not is_name_word(tokens, index):
            index += 1
            continue
        end = index + 1
        # A possessive ends a name: "[Krueger]’s New Jersey study" names two things.
        while end < len(tokens) and not tokens[end - 1].ends_phrase and not tokens[end - 1].possessive:
            if is_name_word(tokens, end) and not tokens[end].opens_phrase:
                end += 1
            elif (
                tokens[end].lower in NAME_JOINERS
                and end + 1 < len(tokens)
                and is_name_word(tokens, end + 1)
                and not tokens[end].ends_phrase
                and not tokens[end + 1].opens_phrase
            ):
                end += 2
            else:
                break
        if opens_name(tokens, index - 1):
            index -= 1  # "[Grand Rapids], Michigan": not "Grand [Rapids]"
        if end - index == 1 and species_name(tokens, end):
            end += 1  # "[Camellia sinensis]": not "[Camellia] sinensis", half a binomial
        after_number = index > 0 and tokens[index - 1].core[-1:].isdigit()
        if end - index <= MAX_NAME_WORDS and not after_number:  # "8 [KB]", "5 [GW]": a unit, no name
            # "China" or "AI" is guessed as often as recalled; "TSMC" or "Hermann Ebbinghaus" is not.
            common = min(zipf(token.lower) for token in tokens[index:end]) >= COMMON_NAME_ZIPF
            yield Span(index, end, 45 if common else 70 + rarity_bonus(tokens[index:end]), "name")
        index = end


def opens_name(tokens: Sequence[Token], index: int) -> bool:
    """Is tokens[index] a capitalised adjective or first name opening a sentence and the name
    after it ("Grand Rapids", "New Zealand", "Kenny Clarke"), which is_name_word leaves out at a
    sentence's start? A first name is a word no part of speech is known for."""
    if index < 0 or not sentence_start(tokens, index) or tokens[index].ends_phrase:
        return False
    token = tokens[index]
    plain = token.core[:1].isupper() and token.core[1:].islower() and token.core.isalpha()
    if plain and token.lower in NAME_PARTICLES:
        return True  # "[Van Veen] had drawn…", not "Van [Veen]" (round 32)
    tags = word_tags(token.lower)
    adjective_or_name = "ADJ" in tags or not (tags or NUMBER_WORD.fullmatch(token.lower))
    return plain and token.lower not in STOP_WORDS and adjective_or_name and not tags & {"VERB", "ADV"}


def species_name(tokens: Sequence[Token], index: int) -> bool:
    """Is tokens[index] the lower-case half of a binomial after its genus ("Camellia sinensis",
    "Apis mellifera"): a word no English word list knows?"""
    if index >= len(tokens) or tokens[index - 1].ends_phrase or tokens[index - 1].possessive:
        return False
    core = tokens[index].core
    return core.isalpha() and core.islower() and zipf(core) == 0 and not word_tags(core)


# What follows a verb of advice opening a sentence, and never a name that opens one as its subject.
IMPERATIVE_OBJECTS = word_set("by the a an your every each it them")


def is_name_word(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    core = token.core
    if core.islower() and core.isalpha():
        return False  # most words, told apart before the expression below is tried
    if not core[:1].isupper() and not INNER_CAPITAL.search(core):
        return False
    if token.lower in PRONOUNS or token.lower in MONTHS or (token.lower in STOP_WORDS and len(core) < 3):
        return False  # "I", "A", "It"
    if NUMBER_WORD.fullmatch(token.lower):
        return False  # "Seventy-five thousand generations"
    plain_word = core[1:].islower() and core.isalpha()
    if not (plain_word and sentence_start(tokens, index)):
        return True
    # A sentence's first word is capitalised anyway: it names something only if it is no
    # everyday word and no verb or adjective ("Caffeine" is a term; "Reasoning", "Copying",
    # "Hard" are not).
    tags = word_tags(token.lower)
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following in IMPERATIVE_OBJECTS and not token.ends_phrase:
        return False  # "[Resize] by doubling": a verb of advice that no word list knows
    return zipf(token.lower) < RARE_ZIPF and not tags & {"VERB", "ADJ", "ADV"}


def sentence_start(tokens: Sequence[Token], index: int) -> bool:
    previous = tokens[index - 1] if index else None
    return (
        previous is None
        or previous.ends_sentence
        or previous.core.endswith(".")
        or tokens[index].opens_phrase
    )


def imperative(tokens: Sequence[Token]) -> bool:
    """Advice ("Benchmark with real data", "Treat permitting as policy"): its first word is a verb."""
    if len(tokens) < 2:
        return False
    first, second = tokens[0].lower, tokens[1].lower
    tags = word_tags(first)
    return "VERB" in tags and lemma(first) == first and (second in STOP_WORDS or "ADJ" in word_tags(second))


def term_spans(tokens: Sequence[Token]) -> Iterable[Span]:
    """Noun phrases: a rare word or a hyphenated compound makes a term, everyday nouns a weaker one."""
    seen: set[tuple[int, int]] = set()
    # Whether each word may continue or open a noun phrase, asked once a word, not once a phrase.
    continues = [index > 0 and continues_noun(tokens, index) for index in range(len(tokens))]
    modifies = [modifies_noun(tokens, index) for index in range(len(tokens))]
    for index, token in enumerate(tokens):
        if not heads_phrase(token) or verb_at(tokens, index):
            continue
        first, last = noun_phrase(tokens, index, continues, modifies)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        words = tokens[first:last]
        score = 20 + rarity_bonus(words) + (8 if first == 0 else 0)
        if any(is_term_word(word) for word in words):
            score += 20
        elif all(zipf(word.lower) >= EVERYDAY_ZIPF for word in words if word.lower not in STOP_WORDS):
            score -= 15  # "day", "people", "company": filler a learner fills in without recalling
        yield Span(first, last, score, "term")
        acting = words[0].lower.endswith("ing") and "VERB" in word_tags(words[0].lower)
        if last - first > 1 and acting and (first + 1, last) not in seen:
            seen.add((first + 1, last))  # "by blocking [cyclooxygenase]": the act is no part
            yield Span(first + 1, last, score, "term")
        if last - first > 1 and (first, last - 1) not in seen:
            # "it's a [wet] steak": where the noun repeats, the word that tells it apart is the point.
            seen.add((first, last - 1))
            yield Span(first, last - 1, score - 5, "term")


def verb_at(tokens: Sequence[Token], index: int) -> bool:
    """Is tokens[index], which could be a noun, rather a verb here: "to push", "a question draws
    out", "businesses challenge rules" (but "interest rates shape", where "rates" is a noun)?"""
    token = tokens[index]
    if not index or "VERB" not in word_tags(token.lower):
        return False
    previous = tokens[index - 1]
    if previous.lower in VERB_OPENERS:
        return True
    if previous.lower in ("what", "that", "which", "who") and token.lower.endswith("s"):
        return True  # "is what makes it work"
    if previous.ends_phrase or "NOUN" not in word_tags(previous.lower) or previous.lower in STOP_WORDS:
        return False
    # A verb agrees with the noun before it, and an object or a particle follows it.
    plural_noun = previous.lower.endswith("s") and not previous.lower.endswith("ss")
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if token.lower.endswith("s") and not plural_noun:
        return following in STOP_WORDS or following in PARTICLES  # "a question draws out"
    return plural_noun and not token.lower.endswith("s") and following not in PARTICLES


def heads_phrase(token: Token) -> bool:
    """A word a noun phrase can be built around: a noun, a compound, or a rare word."""
    word = token.lower
    if word in STOP_WORDS or word in NEGATIONS or not PLAIN_WORD.fullmatch(word) or word.isdigit():
        return False
    tags = word_tags(word)
    return not tags or "NOUN" in tags or is_term_word(token)


def is_term_word(token: Token) -> bool:
    word = token.lower
    if word in STOP_WORDS or not PLAIN_WORD.fullmatch(word) or word.isdigit():
        return False
    if "-" in word.strip("-") and any(part.isalpha() for part in word.split("-")):
        return True
    tags = word_tags(word)
    # A rare verb ("repays", "consolidates") is the claim's action, not a term to recall.
    return zipf(word) < RARE_ZIPF and (not tags or bool(tags & {"NOUN", "ADJ", "PROPN"}))


def rarity_bonus(words: Sequence[Token]) -> float:
    """Up to 25 points for a span whose rarest word is rare; none for everyday words."""
    rarest = min((zipf(token.lower) for token in words if token.lower not in STOP_WORDS), default=7.0)
    hyphenated = any("-" in token.core.strip("-") for token in words)
    return max(0.0, min(25.0, (COMMON_ZIPF - rarest) * 10)) + (5 if hyphenated else 0)


def noun_phrase(
    tokens: Sequence[Token], index: int, continues: Sequence[bool], modifies: Sequence[bool]
) -> tuple[int, int]:
    """The words around tokens[index] that form one noun phrase with it (at most MAX_SPAN_WORDS).

    continues, modifies: for each word, may it follow inside a noun phrase, or stand before its noun.
    """
    first, last = index, index + 1
    while (
        last < len(tokens)
        and last - first < MAX_SPAN_WORDS
        and not tokens[last - 1].ends_phrase
        and not tokens[last].opens_phrase
        and continues[last]
    ):
        last += 1
    while (
        first > 0
        and last - first < MAX_SPAN_WORDS
        and not tokens[first - 1].ends_phrase
        and not tokens[first].opens_phrase
        and modifies[first - 1]
    ):
        first -= 1
    # A phrase grown rightwards from a word that is rather a verb ("change inference economics")
    # starts after it.
    while last - first > 1 and not modifies[first]:
        first += 1
    return first, last


@lru_cache(maxsize=1 << 14)
def word_tags(word: str) -> frozenset[str]:
    return parts_of_speech(word)


def continues_noun(tokens: Sequence[Token], index: int) -> bool:
    """Can tokens[index] follow inside a noun phrase: a noun that is not rather a verb here?"""
    token = tokens[index]
    word = token.lower
    if word in STOP_WORDS or not token.core.replace("-", "").isalpha() or token.core[:1].isupper():
        return False
    tags = word_tags(word)
    if not tags:
        return True
    if "NOUN" not in tags or word.endswith("ly"):
        return False
    if "VERB" not in tags:
        return True
    if index + 1 < len(tokens) and tokens[index + 1].lower in PARTICLES:
        return False  # "make a dead ploughman stand up": a verb with its particle
    # "remains", "proves" after a noun: a verb's third person; "decades-old rules": a plural noun.
    return zipf(word) < RARE_ZIPF or not verb_at(tokens, index)


def modifies_noun(tokens: Sequence[Token], index: int) -> bool:
    """Can tokens[index] stand before a noun inside its phrase: an adjective, a noun, a compound?"""
    token = tokens[index]
    word = token.lower
    if word in STOP_WORDS or word in NEGATIONS or not token.core.replace("-", "").isalpha():
        return False
    if token.possessive:
        return False  # "the elite's easy volume": the phrase is "easy volume"
    if "-" in word:
        return True
    tags = word_tags(word)
    if not tags:
        return True
    if "ADJ" in tags:
        return not word.endswith("ly")
    if "NOUN" not in tags:
        return False
    # A word that is a noun or a verb ("change", "reasoning") modifies a noun only where no verb
    # could stand: first in the sentence or after a determiner or a preposition.
    if verb_at(tokens, index):
        return False
    return "VERB" not in tags or index == 0 or tokens[index - 1].lower in STOP_WORDS


@lru_cache(maxsize=64)
def content_lemmas(text: str) -> frozenset[str]:
    """The dictionary forms of a text's words that are no stop words, for "is it shown?" checks."""
    if not text:
        return frozenset()
    words = words_and_parts(text)
    return frozenset(lemma(word) for word in words if word not in STOP_WORDS and len(word) > 1)


def words_and_parts(text: str) -> list[str]:
    """A text's words, casefolded, and the parts of each hyphenated one: "Diffie-Hellman" above
    a front shows "diffie" as much as a front's "Diffie–Hellman" (a dash: two words) does."""
    words = WORDS_OF.findall(text.casefold())
    return words + [part for word in words if "-" in word for part in word.split("-") if part]


# The space after a full stop (and any closing quote or bracket, which stays with its sentence).
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”’\"')]))\s+(?=[A-Z“‘\"(*])")
# A full stop after these ends no sentence: "Loper Bright v. Raimondo", "Dr. Solberg", "U.S. labs".
ABBREVIATIONS = word_set(
    "v. vs. dr. mr. mrs. ms. prof. st. no. e.g. i.e. etc. inc. co. jr. sr. fig. approx. ca."
)


def sentences(text: str) -> list[str]:
    """A paragraph cut into sentences at a full stop followed by a capital, abbreviations aside."""
    text = " ".join(text.split())
    parts, start = [], 0
    for found in SENTENCE_END.finditer(text):
        last_word = text[start : found.start()].rsplit(" ", 1)[-1].casefold()
        if last_word in ABBREVIATIONS or DOTTED.fullmatch(last_word):
            continue
        parts.append(text[start : found.start()].strip())
        start = found.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]
