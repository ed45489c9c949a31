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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from flashcards.lexicon import lemma, parts_of_speech, zipf


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
# After these a word that is a noun or a verb is the verb: "to push", "you feel", "will change".
VERB_OPENERS = word_set(
    "to will would can could should must may might shall you we they i don't doesn't didn't never "
    "won't can't cannot"
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
    """) | word_set(
    "isn't aren't wasn't weren't don't doesn't didn't can't won't wouldn't shouldn't couldn't it's that's "
    "there's let's i'm i've you're we're they're he's she's who's what's"
)
NEGATIONS = word_set("not no never n't nothing none neither nor without")
# Capitalised words that open a sentence without naming anything.
PRONOUNS = word_set("i you he she it we they me him her us them this that these those")
MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Words that join a multi-word name ("Bank of England", "Leonardo da Vinci").
NAME_JOINERS = word_set("of de da del der van von la le du the and &")
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    "million|billion|trillion|dozen|dozens|hundreds|thousands|millions|billions"
)
# "one" and "a dozen" are often not quantities ("one of the", "no one"): they count only with a unit.
WEAK_NUMBERS = word_set("one dozen hundreds thousands millions billions dozens")
UNITS = word_set("""
    second seconds minute minutes hour hours day days week weeks month months year years decade decades
    century centuries millennia percent percentage point points degree degrees celsius fahrenheit kelvin
    gram grams kilogram kilograms kg g mg mcg µg milligram milligrams microgram micrograms pound pounds
    lb lbs ounce ounces oz litre litres liter liters ml millilitre millilitres cup cups tablespoon
    tablespoons teaspoon teaspoons metre metres meter meters km kilometre kilometres kilometer kilometers
    mile miles foot feet inch inches cm mm calorie calories kcal watt watts kw mw gw kwh mwh gwh twh volt
    volts times people patients participants users customers dollars euros yen bps
    """)
NUMBER = rf"""
    (?<![\w$€£¥#./\-‑])
    (?:
        [$€£¥]?(?:\d{1, 3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[kKMB]|bn|x|s)?
        (?:\s?(?:%|percent\b|per\ cent\b|[×x](?!\w)|°\s?[CF]?))?
        (?:\+)?
      | (?:{NUMBER_WORDS})(?:[-\s](?:{NUMBER_WORDS}))*\b
    )
    (?:\s(?:hundred|thousand|million|billion|trillion)\b)?
"""
QUANTITY = re.compile(
    rf"""{NUMBER}(?:\s?(?:–|—|-|to|or|and)\s?{NUMBER})?
        (?:\s?(?:%|percent\b|per\ cent\b|[ap]\.m\.))?(?![\w-])""",
    re.IGNORECASE | re.VERBOSE,
)
EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")
YEAR = re.compile(r"1\d{3}s?|20\d{2}s?")
CONTRAST = re.compile(r"(?:,|—|–|;)\s*(?:and\s+|but\s+)?not\s+|\brather than\b|\binstead of\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cloze:
    """A text cut in three: what shows before the hidden span, the span, what shows after."""

    before: str
    hidden: str
    after: str
    score: float = 0.0


@dataclass(frozen=True)
class Token:
    """A word of a sentence: its core (without surrounding punctuation) and where that lies."""

    core: str
    lower: str
    start: int
    end: int
    ends_phrase: bool  # punctuation after the core ("," ";" ")" …) ends a phrase here
    opens_phrase: bool  # punctuation before the core ("(" or a quote mark) starts one


@dataclass(frozen=True)
class Span:
    """Candidate words to hide, tokens first to last (exclusive), and how good a cloze they make."""

    first: int
    last: int
    score: float
    kind: str


def tokens_of(text: str) -> list[Token]:
    """The words of a sentence; dashes between words count as punctuation, not words."""
    tokens = []
    for found in re.finditer(r"[^\s—–]+", text):
        raw = found.group()
        lead = len(raw) - len(raw.lstrip(LEADING))
        core = raw[lead:].rstrip(TRAILING)
        if raw.endswith(".") and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", core):
            core += "."  # "U.S." keeps its last stop
        if core.endswith(("'s", "’s")) and len(core) > 2:
            core = core[:-2]
        if not core:
            continue
        start = found.start() + lead
        end = start + len(core)
        after = text[end : found.end()]
        following = text[found.end() : found.end() + 2].strip()
        ends = any(mark in PHRASE_ENDS for mark in after) or following[:1] in ("—", "–")
        lower = core.casefold().replace("’", "'")
        tokens.append(Token(core, lower, start, end, ends, lead > 0))
    return tokens


def best_cloze(text: str, context: str = "", explanation: str = "", hidden: str = "") -> Cloze | None:
    """The text with its best span hidden, or None when no span is worth hiding.

    context: other text on the same front (a cue); a span whose words show there is not hidden.
    explanation: what the text is about; a term it repeats is the text's topic.
    hidden: a span written by hand, which wins when it is in the text.
    """
    if hidden:
        where = text.casefold().find(hidden.casefold())
        if where >= 0:
            return Cloze(text[:where], text[where : where + len(hidden)], text[where + len(hidden) :], 1000)
    span = best_span(text, context, explanation)
    return None if span is None else cloze_of(text, span)


def cloze_of(text: str, span: Span) -> Cloze:
    """The text cut around the span; its *emphasis* marks dropped, as they could be cut in two."""
    plain = EMPHASIS.sub(r"\1", text)
    tokens = tokens_of(plain)  # the same words as the text's: stars never make a word of their own
    start, end = tokens[span.first].start, tokens[span.last - 1].end
    return Cloze(plain[:start], plain[start:end], plain[end:], span.score)


def quantity_cloze(text: str, context: str = "") -> Cloze | None:
    """The text with its best figure hidden, or None when it states none."""
    spans = [span for span in scored_spans(text, context) if span.kind == "quantity"]
    best = max(spans, key=lambda span: (span.score, -span.first), default=None)
    return None if best is None else cloze_of(text, best)


def fallback_cloze(text: str) -> Cloze:
    """When nothing scores: hide the rarest word that is no stop word (or the last word)."""
    tokens = tokens_of(text) or [Token(text, text.casefold(), 0, len(text), False, False)]
    content = [index for index, token in enumerate(tokens) if token.lower not in STOP_WORDS] or [
        len(tokens) - 1
    ]
    rarest = min(content, key=lambda index: (zipf(tokens[index].lower), -index))
    return cloze_of(text, Span(rarest, rarest + 1, 0, "word"))


def best_span(text: str, context: str = "", explanation: str = "") -> Span | None:
    candidates = scored_spans(text, context, explanation)
    return max(candidates, key=lambda span: (span.score, -span.first), default=None)


def scored_spans(text: str, context: str = "", explanation: str = "") -> list[Span]:
    tokens = tokens_of(text)
    if len(tokens) < 3:
        return []
    topic = content_lemmas(explanation)
    shown_elsewhere = content_lemmas(context)
    rejected = rejected_side(text, tokens)
    spans = []
    advice = imperative(tokens)
    for span in candidate_spans(text, tokens):
        if advice and span.first == 0:
            continue  # hiding the verb of advice asks for a word, not a fact
        words = tokens[span.first : span.last]
        lemmas = {lemma(token.lower) for token in words if token.lower not in STOP_WORDS}
        others = tokens[: span.first] + tokens[span.last :]
        visible = shown_elsewhere | {lemma(token.lower) for token in others}
        if lemmas & visible or not fair_span(words, len(tokens)):
            continue
        score = span.score
        if span.kind != "quantity" and lemmas & topic:
            score += 15
        if any(index in rejected for index in range(span.first, span.last)):
            score -= 60
        if words[0].opens_phrase and text[words[0].start - 1 : words[0].start] == "(":
            score -= 30  # "custom attention (MLA)": a gloss of the words before it
        spans.append(Span(span.first, span.last, score, span.kind))
    return spans


def fair_span(words: list[Token], sentence_length: int) -> bool:
    """Not a filler, a negation or a pronoun alone, and not most of the sentence."""
    if len(words) > max(MAX_NAME_WORDS, sentence_length // 2):
        return False
    meaningful = [token for token in words if token.lower not in STOP_WORDS and token.lower not in NEGATIONS]
    return bool(meaningful) and words[0].lower not in NEGATIONS and words[-1].lower not in STOP_WORDS


def rejected_side(text: str, tokens: list[Token]) -> set[int]:
    """Token indexes of the alternative a contrast rejects: the Y of "X, not Y" or "X rather than Y"."""
    rejected: set[int] = set()
    for found in CONTRAST.finditer(text):
        for index, token in enumerate(tokens):
            if token.start >= found.end():
                rejected.add(index)
                if token.ends_phrase:
                    break
    return rejected


def candidate_spans(text: str, tokens: list[Token]) -> Iterable[Span]:
    yield from quantity_spans(text, tokens)
    yield from emphasis_spans(text, tokens)
    yield from name_spans(tokens)
    yield from term_spans(tokens)


def quantity_spans(text: str, tokens: list[Token]) -> Iterable[Span]:
    """Numbers with what they count: "five to six hours", "70 %", "10k–50k+ GPUs", "March 1969"."""
    for found in QUANTITY.finditer(text):
        first = token_at(tokens, found.start())
        last = token_at(tokens, found.end() - 1) + 1
        if first < 0 or last <= first:
            continue
        if first > 0 and is_name_word(tokens, first - 1) and not sentence_start(tokens, first - 1):
            continue  # "FERC Order 1920", "Apollo 11": a number inside a name
        weak = all(word.casefold() in WEAK_NUMBERS for word in re.split(r"[\s-]+", found.group()))
        unit = unit_after(tokens, last, listed_only=weak or YEAR.fullmatch(found.group()) is not None)
        if weak and not unit:
            continue  # "one of the", "no one"
        if first > 0 and tokens[first - 1].lower in MONTHS:
            first -= 1
        elif not tokens[last - 1].core.endswith(("%", ".m")):
            last += unit
        yield Span(first, last, 130, "quantity")


def emphasis_spans(text: str, tokens: list[Token]) -> Iterable[Span]:
    """What the page itself stresses with *stars*: its author's own choice of the point."""
    for found in EMPHASIS.finditer(text):
        first = token_at(tokens, found.start(1))
        last = token_at(tokens, found.end(1) - 1) + 1
        if 0 <= first < last and last - first <= MAX_SPAN_WORDS:
            yield Span(first, last, 75 + rarity_bonus(tokens[first:last]), "emphasis")


def unit_after(tokens: list[Token], index: int, listed_only: bool = False) -> int:
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
    tags = parts_of_speech(word)
    countable = "NOUN" in tags and not tags & {"ADV", "ADJ", "VERB"}
    return 1 if countable or (not tags and word != tokens[index].core) else 0


def token_at(tokens: list[Token], offset: int) -> int:
    """The index of the token whose core spans (or follows) a character offset; -1 if none."""
    for index, token in enumerate(tokens):
        if token.end > offset:
            return index
    return -1


def name_spans(tokens: list[Token]) -> Iterable[Span]:
    """Runs of capitalised words: names of people, places, organisations, products."""
    index = 0
    while index < len(tokens):
        if not is_name_word(tokens, index):
            index += 1
            continue
        end = index + 1
        while end < len(tokens) and not tokens[end - 1].ends_phrase:
            if is_name_word(tokens, end) and not tokens[end].opens_phrase:
                end += 1
            elif (
                tokens[end].lower in NAME_JOINERS
                and end + 1 < len(tokens)
                and is_name_word(tokens, end + 1)
                and not tokens[end].ends_phrase
            ):
                end += 2
            else:
                break
        if end - index <= MAX_NAME_WORDS:
            # "China" or "AI" is guessed as often as recalled; "TSMC" or "Hermann Ebbinghaus" is not.
            common = min(zipf(token.lower) for token in tokens[index:end]) >= COMMON_NAME_ZIPF
            yield Span(index, end, 45 if common else 70 + rarity_bonus(tokens[index:end]), "name")
        index = end


def is_name_word(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    core = token.core
    if not core[:1].isupper() and not re.search(r"[a-z][A-Z]|\d[A-Za-z]|[A-Za-z]\d", core):
        return False
    if token.lower in PRONOUNS or token.lower in MONTHS:
        return False
    plain_word = core[1:].islower() and core.isalpha()
    # A sentence's first word is capitalised anyway: it names something only if it is no
    # everyday word ("Caffeine" is a term, "Reasoning" is not).
    return not (sentence_start(tokens, index) and plain_word and zipf(token.lower) >= RARE_ZIPF)


def sentence_start(tokens: list[Token], index: int) -> bool:
    return index == 0 or tokens[index - 1].core.endswith((".", ":")) or tokens[index].opens_phrase


def imperative(tokens: list[Token]) -> bool:
    """Advice ("Benchmark with real data", "Treat permitting as policy"): its first word is a verb."""
    if len(tokens) < 2:
        return False
    first, second = tokens[0].lower, tokens[1].lower
    tags = word_tags(first)
    return "VERB" in tags and lemma(first) == first and (second in STOP_WORDS or "ADJ" in word_tags(second))


def term_spans(tokens: list[Token]) -> Iterable[Span]:
    """Noun phrases: a rare word or a hyphenated compound makes a term, everyday nouns a weaker one."""
    seen: set[tuple[int, int]] = set()
    for index, token in enumerate(tokens):
        if not heads_phrase(token) or (index and verb_after(tokens[index - 1], token)):
            continue
        first, last = noun_phrase(tokens, index)
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


def verb_after(previous: Token, token: Token) -> bool:
    return previous.lower in VERB_OPENERS and "VERB" in word_tags(token.lower)


def heads_phrase(token: Token) -> bool:
    """A word a noun phrase can be built around: a noun, a compound, or a rare word."""
    word = token.lower
    if word in STOP_WORDS or word in NEGATIONS or not re.fullmatch(r"[\w'-]+", word) or word.isdigit():
        return False
    tags = word_tags(word)
    return not tags or "NOUN" in tags or is_term_word(token)


def is_term_word(token: Token) -> bool:
    word = token.lower
    if word in STOP_WORDS or not re.fullmatch(r"[\w'-]+", word) or word.isdigit():
        return False
    if "-" in word.strip("-") and any(part.isalpha() for part in word.split("-")):
        return True
    tags = word_tags(word)
    # A rare verb ("repays", "consolidates") is the claim's action, not a term to recall.
    return zipf(word) < RARE_ZIPF and (not tags or bool(tags & {"NOUN", "ADJ", "PROPN"}))


def rarity_bonus(words: list[Token]) -> float:
    """Up to 25 points for a span whose rarest word is rare; none for everyday words."""
    rarest = min((zipf(token.lower) for token in words if token.lower not in STOP_WORDS), default=7.0)
    hyphenated = any("-" in token.core.strip("-") for token in words)
    return max(0.0, min(25.0, (COMMON_ZIPF - rarest) * 10)) + (5 if hyphenated else 0)


def noun_phrase(tokens: list[Token], index: int) -> tuple[int, int]:
    """The words around tokens[index] that form one noun phrase with it (at most MAX_SPAN_WORDS)."""
    first, last = index, index + 1
    while (
        last < len(tokens)
        and last - first < MAX_SPAN_WORDS
        and not tokens[last - 1].ends_phrase
        and not tokens[last].opens_phrase
        and continues_noun(tokens, last)
    ):
        last += 1
    while (
        first > 0
        and last - first < MAX_SPAN_WORDS
        and not tokens[first - 1].ends_phrase
        and not tokens[first].opens_phrase
        and modifies_noun(tokens, first - 1)
    ):
        first -= 1
    # A phrase grown rightwards from a word that is rather a verb ("change inference economics")
    # starts after it.
    while last - first > 1 and not modifies_noun(tokens, first):
        first += 1
    return first, last


@lru_cache(maxsize=1 << 14)
def word_tags(word: str) -> frozenset[str]:
    return parts_of_speech(word)


def continues_noun(tokens: list[Token], index: int) -> bool:
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
    # "Interest rates shape housing prices": after a plural noun a noun-or-verb is the verb;
    # "remains", "proves": a verb's third person more often than a plural noun.
    previous = tokens[index - 1].lower
    after_plural = previous.endswith("s") and not previous.endswith("ss")
    return zipf(word) < RARE_ZIPF or not (word.endswith("s") or after_plural)


def modifies_noun(tokens: list[Token], index: int) -> bool:
    """Can tokens[index] stand before a noun inside its phrase: an adjective, a noun, a compound?"""
    token = tokens[index]
    word = token.lower
    if word in STOP_WORDS or word in NEGATIONS or not token.core.replace("-", "").isalpha():
        return False
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
    return "VERB" not in tags or index == 0 or tokens[index - 1].lower in STOP_WORDS


def content_lemmas(text: str) -> set[str]:
    """The dictionary forms of a text's words that are no stop words, for "is it shown?" checks."""
    if not text:
        return set()
    words = re.findall(r"[\w’'-]+", text.casefold())
    return {lemma(word) for word in words if word not in STOP_WORDS and len(word) > 2}


SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')]*\s+(?=[A-Z“‘\"(*])")


def sentences(text: str) -> list[str]:
    """A paragraph cut into sentences at a full stop followed by a capital."""
    return [part.strip() for part in SENTENCE_END.split(" ".join(text.split())) if part.strip()]
