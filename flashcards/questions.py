"""The rules that turn a headline or a quote into a question and a short answer, or a cloze.

Plain text in, plain text out: escaping to HTML is the cards stage's job.

Every rule here is plain, deterministic code over words; there is no model and
nothing is downloaded. A headline is read as "<subject> <verb> <rest>": the
question asks for the subject ("TSMC remains a single point of failure" ->
"What remains a single point of failure?" -> "TSMC"). Where a headline does not
split that way (an imperative, a pronoun subject, a subordinate clause), the
question falls back to asking for the claim about its key term, which is
always honest and grammatical. tests/test_questions.py walks a table of
headlines through these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from flashcards.models import Idea, Quote

MAX_FRONT_WORDS = 30
MAX_ANSWER_WORDS = 8
MAX_HIDDEN_WORDS = 4
MIN_EXCERPT_WORDS = 8
# The word rules below marked @lru_cache (bare, verb_base, is_content, is_adverb, …) are pure and
# run on every word of every headline and quote many times over; split_headline runs twice on
# each headline (question, then cloze). Remembering recent answers takes a fifth off the card
# stage of a large build.
WORD_CACHE = 1 << 14
MAX_LABEL_WORDS = 4


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string: easy to read, easy to extend."""
    return frozenset(text.split())


STOP_WORDS = word_set("""
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't could couldn't did didn't do does doesn't doing don't down
    during each even ever every few for from further had hadn't has hasn't have haven't having he her
    here hers herself him himself his how however i if in into is isn't it it's its itself just least
    less let's like many may me might more most much must my myself no nor not now of off often on once
    only or other our ours ourselves out over own rather same she should so some still such than that
    that's the their theirs them themselves then there there's these they they're this those though
    through thus to too under until up upon us very was wasn't we we're were weren't what when where
    which while who whom whose why will with within without won't would you you're your yours yourself
    yourselves one ones i'm i've i'll i'd you'll you've you'd we'll we've we'd they'll they've it'll
    he's she's who's what's neither either around across among along toward towards behind beyond near
    per via onto inside outside cannot wouldn't shouldn't mustn't
    """)

# Words that never end a subject: after one of these the next word is a noun, not the verb.
DETERMINERS = word_set(
    "a an the this that these those its their his her our your my every each no some any many much "
    "more most of in on at for from by with to into about than as"
)
PRONOUN_SUBJECTS = word_set(
    "it this that these those they we you i he she there here everything nothing something "
    "anything everyone nobody someone all most many some few every each no none one neither either both "
    "their his her its our my your"
)
ARTICLES = word_set("the a an")
QUESTION_WORDS = word_set("what why how when where who which whether")
COPULAS = word_set("is are was were")
SUBORDINATORS = word_set("if when whenever while because since although though unless once until as")
ADVERBS = word_set(
    "now still often already also only even never always rarely usually mostly really just far "
    "increasingly largely mainly quietly"
)
MODALS = word_set("can cannot could will would may might must should shall")
AUXILIARIES = word_set(
    "is are was were has have had does do did isn't aren't wasn't weren't doesn't don't didn't "
    "hasn't haven't can't won't couldn't wouldn't shouldn't mustn't"
)
# After these the next verb is bare ("cannot brown", "did not go"): it is the claim's verb, not its object.
BARE_VERB_TAKERS = MODALS | word_set(
    "do does did don't doesn't didn't can't won't couldn't wouldn't shouldn't mustn't"
)
# Words that complete a verb ("go away") and mean nothing hidden on their own.
PARTICLES = word_set("away back apart aside forward together")
# Words that open an object noun phrase: "Preheat the pan", "most active funds trail their index".
OBJECT_OPENERS = word_set("the a an your yourself their its his her our my this these those every each")
# The sets verb_shaped asks of every word, made once (as expressions they were rebuilt per call).
VERB_OBJECT_OPENERS = OBJECT_OPENERS - {"yourself", "a", "an"}
VERB_FOLLOWERS = STOP_WORDS - {"and", "or", "of", "to"}
# The verbs of claims; their plural and third-person forms are made by rule below.
VERBS = word_set("""
    accelerate account achieve act add affect allow alter amplify argue attract avoid beat become begin
    benefit blur boost break bring build carry cause change clarify collapse combine come compete
    compound concentrate constrain consume contain contribute control convert cost create cut damage
    decide decline define delay depend deserve destroy determine differ discover dominate double drift
    drive earn emerge enable encourage end erode exceed expand explain expose face fail fall feed fight
    find follow force form fuel gain generate give go govern grow guarantee halve happen help hide hinge
    hold hurt ignore improve increase influence invent involve keep kill lack last lead learn let limit
    live lose lower make match matter mean measure meet mirror move need offer outlast outperform outpace
    outweigh overtake pay play predict prevent produce protect prove provide push raise reach reduce
    reflect reinforce rely remain remove replace require reshape resist reveal reward rise rule run save
    separate
    scale see sell send set shape shift show shrink signal slow solve speed spread start stay stop store
    strengthen suggest support survive sustain take teach tend threaten tie train transform trigger turn
    undermine unlock use vanish warn weaken win work worsen write
    absorb adapt adopt appear arrive attack bear blame burn capture collect compress connect consider
    deliver deny deploy describe design detect develop disappear distort divide eat eliminate emit
    escape evolve exist expect explode extend fade feel filter flow forget hear identify imagine include
    inherit isolate know leak leave look maintain melt migrate multiply notice observe occur outlive
    persuade pollute preserve read recover regulate reject release remember repel replicate resolve
    restore restrict retain seem shrink speak spend steal struggle suffer supply trade transmit
    trust understand vary want waste widen yield
    """)
IRREGULAR_PAST = {
    "became": "become",
    "began": "begin",
    "broke": "break",
    "brought": "bring",
    "built": "build",
    "came": "come",
    "drove": "drive",
    "fell": "fall",
    "fought": "fight",
    "found": "find",
    "gave": "give",
    "grew": "grow",
    "held": "hold",
    "kept": "keep",
    "led": "lead",
    "lost": "lose",
    "made": "make",
    "meant": "mean",
    "met": "meet",
    "paid": "pay",
    "ran": "run",
    "rose": "rise",
    "saw": "see",
    "sold": "sell",
    "sent": "send",
    "shrank": "shrink",
    "spoke": "speak",
    "took": "take",
    "taught": "teach",
    "went": "go",
    "won": "win",
    "wrote": "write",
}
# Verbs that are as often nouns ("export controls", "climate change"): a later verb wins over them.
NOUN_LIKE_VERBS = word_set(
    "cause trade study design release supply trust waste yield look "
    "control change cost cut fall need rise rule run use work play set end lack turn shift "
    "start stop save scale show face force fuel gain limit move offer reach support play trigger"
)
# A named subject of these verbs is a person more often than a thing: ask "Who".
PERSON_VERBS = word_set(
    "argue say claim warn believe think insist predict write discover invent measure coin propose describe"
)
IRREGULAR_PLURALS = word_set("people children men women mice geese teeth feet data media criteria phenomena")
# A subject headed by one of these is a person: ask "Who" ("People with high self-control avoid …").
PERSON_NOUNS = word_set(
    "people person experts investors scientists researchers users customers students children adults "
    "patients founders managers leaders teachers doctors workers readers writers players"
)
# "The biggest risk is the investor": a subject like this is defined by the rest, so ask for the rest.
SUPERLATIVES = word_set(
    "best worst most least main key only first last real biggest largest greatest smallest hardest "
    "simplest cheapest fastest slowest strongest weakest highest lowest oldest newest safest surest"
)
COMPARISON = re.compile(
    # "than to …" only: "What is cheaper than buy?" would not be English.
    r"^it(?:'s|’s| is) (?P<quality>(?:more |less )?\w+) to (?P<first>[^,;:]+?),? than (?P<second>to .+)$",
    re.IGNORECASE,
)
# Imperatives: advice, asked for as "What should you do <tail>?".
IMPERATIVES = word_set("don't never always treat think test try ask read write focus spend invest review")
NEGATIONS = word_set("don't never")
ADVICE_TAILS = word_set("before after when whenever until unless if while once instead rather")
THIRD_PERSON = {"have": "has", "do": "does", "go": "goes"}

PUNCTUATION = "\"'“”‘’.,;:!?()[]*…"
TRAILING_PUNCTUATION = PUNCTUATION + "—–"  # A dash may end the hidden span's last word, not open its first.
LABEL = re.compile(r"^(?P<label>[^:]{1,60}?)(?<!:):(?!:)\s+(?P<claim>\S.*)$")
COMMENT_OPENERS = word_set("that's this it it's which that")
PREPOSITIONS = word_set("at in on for by with from after before during under over since across within")
CLAUSE_DASH = re.compile(r"\s*[—–]\s*|\s+-\s+")
DIGIT = re.compile(r"\d")
NUMBER = re.compile(r"^[$€£]?\d[\d,.]*(?:%|x|k|m|bn|s)?$", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')]*\s+")
# The same breaks matched from their full stop, for searching rather than splitting: a pattern that
# opens with a character class is searched for in a third of the time of one opening with a
# lookbehind (1.2 -> 0.4 µs a headline, twice for most of them).
SENTENCE_BREAK = re.compile(r"[.!?][”’\"')]*\s+")
# Unions of the sets above that the rules ask of word after word, made once: as expressions in
# the rules they were built anew on every call (phrase_after built the stop words and particles,
# some 250 words, for each word it looked at).
CLAUSE_OPENERS = SUBORDINATORS | QUESTION_WORDS
OPENING_PHRASE_WORDS = PREPOSITIONS | NEGATIONS | {"always"}
MODALS_AND_AUXILIARIES = MODALS | AUXILIARIES
CLAUSE_MARKS = frozenset(",;:(")
INFLECTED_AUXILIARIES = AUXILIARIES - {"have", "do"}
THIRD_PERSON_VERBS = VERBS | {"have", "do"}
NOUN_OPENERS = OBJECT_OPENERS - {"yourself"}
STOP_WORDS_AND_PARTICLES = STOP_WORDS | PARTICLES


@dataclass(frozen=True)
class Prompt:
    """A question to show and the short answer to recall."""

    question: str
    answer: str


@dataclass(frozen=True)
class Cloze:
    """A text with one span to hide: before + hidden + after is the whole text."""

    before: str
    hidden: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.hidden + self.after


@dataclass(frozen=True)
class Split:
    """A headline read as subject, verb group and the rest of the claim."""

    subject: str
    verb: str
    rest: str


def idea_prompt(idea: Idea) -> Prompt:
    """The question-answer pair for an idea; a hand-written question or answer wins."""
    generated = headline_prompt(idea.headline, idea.explanation)
    return with_edits(generated, idea.question, idea.answer)


def quote_prompt(quote: Quote) -> Prompt:
    """The who-said-it pair for a quote; a hand-written question or answer wins.

    With no speaker the answer is empty: nobody to recall means no who-said-it card.
    """
    answer = f"{quote.speaker} ({quote.note})" if quote.speaker and quote.note else quote.speaker
    generated = Prompt(question="Who said this?", answer=answer)
    return with_edits(generated, quote.question, quote.answer)


def with_edits(generated: Prompt, question: str, answer: str) -> Prompt:
    """The generated prompt with any hand-written question or answer in its place."""
    if not question and not answer:
        return generated  # Most items have no edits: a copy would cost a record per note for nothing.
    return Prompt(question=question or generated.question, answer=answer or generated.answer)


def headline_prompt(headline: str, explanation: str = "") -> Prompt:
    """Ask for the subject of the claim; failing that, for the claim about its key term."""
    text = plain(headline)
    if text.endswith("?"):
        # A headline that is already a question is answered by its explanation.
        first_sentence = SENTENCE_END.split(plain(explanation))[0] if explanation.strip() else ""
        return Prompt(question=text, answer=first_sentence) if first_sentence else fallback_prompt(text)
    labelled = label_match(text)
    if labelled:
        # "Spacing: reviews spread over days beat cramming": the label names the idea.
        label, claim = labelled.group("label", "claim")
        prompt = subject_prompt(claim)
        return prompt or Prompt(question=f"What is the key point about “{label}”?", answer=end_claim(claim))
    first, more = first_sentence_and_rest(text)
    if more:
        # "A 1% fee is not small. Over 30 years it …": ask with the first sentence, show the rest after.
        prompt = subject_prompt(first)
        if prompt is not None:
            return Prompt(question=prompt.question, answer=f"{prompt.answer}. {end_claim(more)}")
    return comparison_prompt(text) or subject_prompt(text) or advice_prompt(text) or fallback_prompt(text)


def label_match(text: str) -> re.Match[str] | None:
    """A label of a few words before a colon ("Spacing: reviews …"), or None."""
    # Most headlines have no colon at all: not running the regex on them saves 1 % of the cards stage.
    if ":" not in text:
        return None
    labelled = LABEL.match(text)
    return labelled if labelled and len(labelled.group("label").split()) <= MAX_LABEL_WORDS else None


def first_sentence_and_rest(text: str) -> tuple[str, str]:
    """Split off a headline's first sentence; an abbreviation ("U.S. Steel") does not end one."""
    for end in SENTENCE_BREAK.finditer(text):
        first = text[: end.start() + 1]  # up to and with the full stop
        if len(first.split()) >= 3 and "." not in bare(first.split()[-1]):
            return first, text[end.end() :]
    return text, ""


def comparison_prompt(text: str) -> Prompt | None:
    """ "It's cheaper to keep a customer than to win a new one" -> "What is cheaper than to win a new one?"

    -> "To keep a customer"."""
    matched = COMPARISON.match(end_claim(text))
    if matched is None:
        return None
    quality, first, second = matched.group("quality", "first", "second")
    if not (quality.endswith("er") or quality.split()[0].lower() in {"more", "less"}):
        return None
    answer = f"To {first}"
    question = f"What is {quality} than {second}?"
    if answer.casefold() in question.casefold() or len(question.split()) > MAX_FRONT_WORDS:
        return None
    return Prompt(question=question, answer=answer)


def subject_prompt(text: str) -> Prompt | None:
    split = split_headline(text)
    if split is None:
        return None
    defined = defined_subject_prompt(split)
    if defined is not None:
        return defined
    asker = "Who" if is_person(split) else "What"
    question = f"{asker} {split.verb} {split.rest}?"
    answer = split.subject
    if answer.casefold() in question.casefold() or len(question.split()) > MAX_FRONT_WORDS:
        return None
    if SENTENCE_BREAK.search(question):
        return None  # A question running over a full stop is two sentences glued: not English.
    return Prompt(question=question, answer=answer)


def defined_subject_prompt(split: Split) -> Prompt | None:
    """ "The biggest risk is the investor" asks "What is the biggest risk?": its subject is the cue."""
    if split.verb not in COPULAS:
        return None
    subject = split.subject.split()
    rest = split.rest.split()
    if bare(subject[0]) != "the" or not rest:
        return None
    if not any(bare(word) in SUPERLATIVES or bare(word).endswith("iest") for word in subject[1:]):
        return None
    # "… is the investor", "… is to teach", "… is that memory is reconstructive": a thing to recall.
    if bare(rest[0]) not in {"the", "a", "an", "to", "that"}:
        return None
    question = f"What {split.verb} {subject[0].lower()} {' '.join(subject[1:])}?"
    answer = split.rest[0].upper() + split.rest[1:]
    if answer.casefold() in question.casefold():
        return None
    return Prompt(question=question, answer=answer)


def advice_prompt(text: str) -> Prompt | None:
    """ "Test yourself before you feel ready" -> "What should you do before you feel ready?"."""
    words = end_claim(text).split()
    if not imperative(words):
        return None
    cut = next((index for index in range(1, len(words)) if bare(words[index]) in ADVICE_TAILS), None)
    if cut is None or cut == len(words) - 1:
        return None
    action, tail = words[:cut], " ".join(words[cut:])
    if bare(action[0]) in NEGATIONS and len(action) > 1:
        question, answer = f"What should you not do {tail}?", " ".join(action[1:])
    else:
        question, answer = f"What should you do {tail}?", " ".join(action)
    answer = strip_edges(answer)
    if not answer or answer.casefold() in question.casefold():
        return None
    return Prompt(question=question, answer=answer[0].upper() + answer[1:])


def fallback_prompt(text: str) -> Prompt:
    """Honest when no rule fits: ask for the claim, with its key term as the cue."""
    claim = end_claim(text)
    term = key_term(claim)
    if imperative(claim.split()) and not text.endswith(("?", "?”")):
        term = imperative_cue(claim.split()) or term
        return Prompt(question=f"What is the advice about “{term}”?", answer=claim)
    return Prompt(question=f"What is the key point about “{term}”?", answer=claim)


@lru_cache(maxsize=64)
def split_headline(text: str) -> Split | None:
    """Find the finite verb after a short subject; None when the headline is not "<subject> <verb> …"."""
    words = text.split()
    if not words or bare(words[0]) in CLAUSE_OPENERS:
        return None
    index = verb_index(words)
    if index is None:
        return None
    subject_words = words[:index]
    # Adverbs before the verb belong to the question: "Reasoning models fundamentally change …".
    while len(subject_words) > 1 and (is_adverb(subject_words[-1]) or bare(subject_words[-1]) == "not"):
        subject_words = subject_words[:-1]
    verb_group = words[len(subject_words) : index + 1]
    rest = words[index + 1 :]
    if not subject_words or not rest or bare(subject_words[0]) in PRONOUN_SUBJECTS:
        return None
    if len(subject_words) > MAX_ANSWER_WORDS or any(word[-1] in ",;:" for word in subject_words):
        return None  # "At 4% inflation, cash loses …": an opening phrase, not a subject.
    if bare(subject_words[0]) in OPENING_PHRASE_WORDS:
        return None
    if bare(subject_words[-1]) in {"and", "or"}:
        return None  # "Measure twice and cut once": two commands, no subject.
    if any(bare(word) in SUBORDINATORS for word in subject_words):
        return None  # "Never deploy on a Friday unless you can …": the verb belongs to a clause.
    if bare(verb_group[-1]) in COPULAS and bare(rest[0]) in QUESTION_WORDS:
        return None  # "Deep sleep is when …" has no thing to ask for.
    verb_group[-1] = third_person(verb_group[-1])
    return Split(
        subject=strip_edges(" ".join(subject_words)),
        verb=" ".join(verb_group),
        rest=end_claim(clause_commas(drop_comment(" ".join(rest)))),
    )


def verb_index(words: list[str]) -> int | None:
    """The index of the finite verb: the first verb-like word that a determiner does not precede."""
    # Only the first candidate and the two words after it matter: looking no further than them
    # (rather than at every word up to the limit) takes a third off verb_index.
    limit = min(len(words) - 1, MAX_ANSWER_WORDS + 3)
    first = next((index for index in range(1, limit) if is_finite_verb(words, index)), None)
    if first is None:
        return None
    word = bare(words[first])
    if word in MODALS or word in AUXILIARIES:
        return first
    # "Export controls constrain …": two finite verbs never stand side by side, so the first of a
    # pair ("controls", "rates") is a noun of the subject.
    if word != verb_base(word) or word in NOUN_LIKE_VERBS:
        if first + 1 < limit and is_finite_verb(words, first + 1):
            return first + 1
        if first + 2 < limit and is_adverb(words[first + 1]) and is_finite_verb(words, first + 2):
            return first + 2
    return first


def is_finite_verb(words: list[str], index: int) -> bool:
    """Whether words[index] can be the verb of the headline's main clause."""
    word = bare(words[index])
    if index > 1 and word not in MODALS_AND_AUXILIARIES and verb_base(word) is None:
        # Past a one-word subject, a word we do not know is no verb (unknown_verb): telling most
        # words so first, before the checks of the word before them, saves a fifth of verb_index.
        return False
    previous = bare(words[index - 1])
    if previous in DETERMINERS or words[index - 1].endswith(("'s", "’s")) or "*" in words[index]:
        return False
    if not CLAUSE_MARKS.isdisjoint(words[index - 1]) and word not in MODALS_AND_AUXILIARIES:
        return False
    if word in MODALS or word in AUXILIARIES:
        return True
    base = verb_base(word)
    if base is None:
        return unknown_verb(words, index)
    if word == base:
        # A bare verb follows a plural subject ("models change"), possibly past an adverb.
        subject_end = index - 1
        while subject_end > 0 and is_adverb(words[subject_end]):
            subject_end -= 1
        return subject_end < index - 1 or is_plural(words[: subject_end + 1])
    return True


def unknown_verb(words: list[str], index: int) -> bool:
    """ "Sleep consolidates memories", "Writing disappeared": after a one-word subject, an -s or -ed
    word we do not know is a verb, unless a verb comes right after it ("Tectonic plates move")."""
    word = bare(words[index])
    third_person_form = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
    if index != 1 or not (third_person_form or word.endswith("ed")) or len(word) < 4:
        return False
    subject = bare(words[0])
    if subject.endswith(("s", "ic", "al", "ive", "ous", "ed", "ful")) or subject in STOP_WORDS:
        return False
    following = [bare(next_word) for next_word in words[index + 1 : index + 3]]
    if verb_shaped(words, index + 1):
        return False  # "Good managers shield their teams": "shield" is the verb, "managers" the noun.
    return not any(
        is_adverb(next_word) or verb_base(next_word) or next_word in MODALS_AND_AUXILIARIES
        for next_word in following
    )


@lru_cache(maxsize=WORD_CACHE)
def verb_base(word: str) -> str | None:
    """The base form of a verb in our list, from its -s, -es, -ies, -ed, -d or irregular past form."""
    if word in VERBS:
        return word
    if word in IRREGULAR_PAST:
        return IRREGULAR_PAST[word]
    candidates = []
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s") and not word.endswith("'s"):
        candidates.append(word[:-1])
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word.endswith("ed"):
        candidates += [word[:-2], word[:-1], word[:-3]]
    return next((candidate for candidate in candidates if candidate in VERBS), None)


def third_person(word: str) -> str:
    """ "What" takes a singular verb: "models change" -> "What changes"."""
    lower = word.lower()
    if lower in MODALS or lower in INFLECTED_AUXILIARIES or lower not in THIRD_PERSON_VERBS:
        return word
    if lower in THIRD_PERSON:
        return THIRD_PERSON[lower]
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lower + "es"
    return lower + "s"


def is_person(split: Split) -> bool:
    # Only the first word past an article, and the names only for a verb of persons: most subjects
    # are told by a word or two (a third of is_person's time when every word was looked at).
    head = next((word for word in map(bare, split.subject.split()) if word not in ARTICLES), None)
    if head in PERSON_NOUNS:
        return True
    if (verb_base(bare(split.verb.split()[-1])) or "") not in PERSON_VERBS:
        return False
    names = split.subject.replace(" and ", " ").split()
    return all(word[:1].isupper() and not word.isupper() for word in names)


@lru_cache(maxsize=WORD_CACHE)
def is_adverb(word: str) -> bool:
    plain_word = bare(word)
    return plain_word in ADVERBS or (plain_word.endswith("ly") and len(plain_word) > 4)


def is_plural(subject: list[str]) -> bool:
    return is_plural_word(subject[-1]) or any(bare(word) == "and" for word in subject)


@lru_cache(maxsize=WORD_CACHE)
def is_plural_word(word: str) -> bool:
    """A subject ending in this word is plural: "models", "people", "and" of "cats and dogs"."""
    last = bare(word)
    if last == "and" or last in IRREGULAR_PLURALS:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3


def imperative(words: list[str]) -> bool:
    """ "Don't optimise before you measure": advice, with no subject to ask for."""
    first = bare(words[0]) if words else ""
    return first in VERBS or first in IMPERATIVES or imperative_shape(words)


def imperative_shape(words: list[str]) -> bool:
    """ "Preheat the pan …", "Salt early or salt late": a verb we do not know, told by what follows it.

    A noun subject is never followed straight by "the" or "your", and never repeated after "or".
    """
    if len(words) < 2 or not words[0][:1].isupper() or words[0].isupper():
        return False
    first = bare(words[0])
    if first in STOP_WORDS or first.endswith(("s", "ing", "ed", "'s")) or not first.isalpha():
        return False
    if bare(words[1]) in OBJECT_OPENERS and words[0][-1:].isalpha():
        return True
    joined = [bare(word) for word in words[1:]]
    return any(
        joined[index] in {"or", "and"} and joined[index + 1] == first for index in range(len(joined) - 1)
    )


def imperative_cue(words: list[str]) -> str | None:
    """What advice is about: a name in it, else the verb's object ("the pan"), else the verb ("salt")."""
    start = 1 if bare(words[0]) not in NEGATIONS else 2
    if start >= len(words) or name_span(words, start) is not None:
        return None
    if bare(words[start]) in NOUN_OPENERS:
        span = object_span(words, start)
        if span is not None:
            return " ".join(strip_edges(word) for word in words[start : span[1]])
    return bare(words[start - 1])


def object_span(words: list[str], start: int) -> tuple[int, int] | None:
    """The noun after a determiner: "the [pan] longer", "your [morning routine]"."""
    index = start + 1
    end = index
    while end < len(words) and end - index < MAX_HIDDEN_WORDS and is_content(words[end]):
        if verb_base(bare(words[end])) or is_adverb(words[end]) or comparative(words, end):
            break
        end += 1
        if words[end - 1][-1:] in ",;:—.!?":
            break
    return (index, end) if end > index else None


def comparative(words: list[str], index: int) -> bool:
    """ "longer than", "more than": a comparison, not part of a noun."""
    return index + 1 < len(words) and bare(words[index + 1]) == "than"


def verb_shaped(words: list[str], index: int) -> bool:
    """ "funds trail their index", "Startups die from …": a word between a noun and "their", or between
    a plural noun and a preposition, is a verb even if we do not know it."""
    if index == 0 or index + 1 >= len(words) or not is_content(words[index - 1]):
        return False
    if words[index - 1][-1:] in ",;:—" or words[index][-1:] in ",;:—.!?":
        return False
    following = bare(words[index + 1])
    if following in VERB_OBJECT_OPENERS:
        return True
    word = bare(words[index])
    return (
        is_plural_word(words[index - 1])
        and following in VERB_FOLLOWERS
        and not word.endswith("s")
        and word.isalpha()
        and len(word) > 2
    )


def key_term(text: str) -> str:
    """The phrase a learner would recall: a name or acronym, a term, else the longest noun-like word."""
    raw = text.split()
    words = [strip_edges(word.replace("*", "")) for word in raw]
    span = name_span(words) or first_term(raw)
    if span is not None:
        return " ".join(words[span[0] : span[1]])
    # "Most people overestimate what …": a verb known only by its place is no term either.
    words = [
        possessive_stem(word) for index, word in enumerate(words) if word and not verb_shaped(raw, index)
    ]
    nouns = [word for word in words if bare(word) not in STOP_WORDS and not verb_base(bare(word))]
    content = [word for word in nouns if not is_adverb(word)] or nouns or words
    return max(content, key=len) if content else "this idea"


def first_term(words: list[str], after: int = 0) -> tuple[int, int] | None:
    """Two or three content words in a row, none a verb, are most often a term: "dark matter"."""
    for start, end in content_runs(words):
        if (
            start >= after
            and end - start >= 2
            and not any(verb_in_term(words, index) for index in range(start, end))
        ):
            return start, end
    return None


def verb_in_term(words: list[str], index: int) -> bool:
    # "Teams rarely ship": an adverb in a run means a verb is in it too, known or not.
    if is_adverb(words[index]):
        return True
    # After "the" a verb-like word is a noun or adjective: "the last minute", "the cost".
    return clear_verb(verb_base(bare(words[index]))) and not (
        index and bare(words[index - 1]) in NOUN_OPENERS
    )


def possessive_stem(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


@lru_cache(maxsize=WORD_CACHE)
def is_name_word(word: str) -> bool:
    """A name as the text has it: "Altman,", "(TSMC)"."""
    return is_name(strip_edges(word))


def is_name(word: str) -> bool:
    letters = word.replace("-", "").replace("’", "").replace("'", "")
    return len(letters) > 1 and letters[:1].isupper() and bare(word) not in STOP_WORDS


# ---- clozes ---------------------------------------------------------------------------------


def idea_cloze(headline: str) -> Cloze | None:
    """Hide the key term of a headline: a number, a named subject, the object of the claim, a name."""
    words = headline.split()
    text = " ".join(words)  # plain(headline), without splitting it a second time
    return first_good_cloze(words, idea_cloze_spans(text, words))


# A generator, so a candidate is only worked out when every one before it failed: the first
# one most often makes a fair cloze, and the last (longest_word_span) alone took a sixth of the
# cards stage when all were worked out up front.
def idea_cloze_spans(text: str, words: list[str]) -> Iterator[tuple[int, int] | None]:
    """The spans idea_cloze would hide, best first."""
    split = split_headline(text)
    yield number_span(words)
    labelled = label_match(text)
    if labelled:
        yield 0, len(labelled.group("label").split())
    if split is None:
        yield name_span(words)
        if imperative(words):
            # "Preheat the [pan] longer": advice hides what it acts on, never its own verb.
            opener = 2 if bare(words[0]) in NEGATIONS else 1
            if opener < len(words) and bare(words[opener]) in NOUN_OPENERS:
                yield object_span(words, opener)
            yield first_term(words, after=opener)
            yield longest_word_span(words, after=opener)
        else:
            yield first_term(words)
    else:
        subject_words = split.subject.split()
        if is_named_subject(subject_words):
            yield 0, len(subject_words)
        start = len(subject_words) + len(split.verb.split())
        if bare(split.verb.split()[-1]) in BARE_VERB_TAKERS:
            start = past_bare_verb(words, start)
        yield name_span(words, start)
        yield phrase_after(words, start)
        # Nothing worth hiding after the verb ("… cannot brown", "… did not go away"): hide the subject.
        yield subject_core(subject_words)
    yield longest_word_span(words)


def past_bare_verb(words: list[str], start: int) -> int:
    """Skip "not", adverbs and the bare verb after a modal: "cannot [brown]" is the claim's verb.

    "Soil life does the feeding": before an article "does" is the verb itself, and nothing is skipped.
    """
    index = start
    while index < len(words) and (bare(words[index]) == "not" or is_adverb(words[index])):
        index += 1
    if index == len(words) or bare(words[index]) in STOP_WORDS:
        return start
    return index + 1


def subject_core(subject_words: list[str]) -> tuple[int, int] | None:
    """The subject without its article: "The [Hubble tension]", "A [wet surface]"."""
    start = 0
    while start < len(subject_words) and bare(subject_words[start]) in STOP_WORDS:
        start += 1
    if start == len(subject_words) or len(subject_words) - start > MAX_HIDDEN_WORDS:
        return None
    return start, len(subject_words)


def quote_cloze(text: str) -> Cloze | None:
    """Hide the last run of content words of the quote: its punchline, most often."""
    words = text.split()
    return first_good_cloze(words, quote_cloze_spans(words))


def quote_cloze_spans(words: list[str]) -> Iterator[tuple[int, int] | None]:
    """The runs of content words, last first; the longest word only when no run will do."""
    # No run takes in a word that cannot stand in one, so the runs of the last stretch of words
    # that can are the text's last runs. Working out those first, and the others only when none
    # of them makes a fair cloze, spares complete-the-quote cards most of content_runs.
    first = last_stretch(words)
    last_runs = content_runs(words, first)
    yield from reversed(last_runs)
    runs = content_runs(words) if first else last_runs  # ends with last_runs
    yield from reversed(runs[: len(runs) - len(last_runs)])
    yield longest_word_span(words)


def last_stretch(words: list[str]) -> int:
    """Where the last stretch of words that can stand in a run begins; 0 when there is none."""
    index = len(words)
    while index and not is_run_word(words[index - 1]):
        index -= 1
    while index and is_run_word(words[index - 1]):
        index -= 1
    return index


def quote_excerpt(text: str, budget: int) -> str:
    """The quote cut to a front-sized piece: whole sentences if they fit, else a clause or words."""
    budget = max(budget, MIN_EXCERPT_WORDS)
    if len(text.split()) <= budget:
        return text
    kept: list[str] = []
    for sentence in SENTENCE_END.split(text):
        if len(" ".join([*kept, sentence]).split()) > budget - 1:
            break
        kept.append(sentence)
    if kept:
        return " ".join(kept) + " …"
    # A dash glued between words ("long term—unless") ends a clause as much as a comma does.
    words = text.replace("—", "— ").split()[: budget - 1]
    clause_ends = [index for index, word in enumerate(words) if word.endswith((",", ";", "—"))]
    if clause_ends and clause_ends[-1] >= budget // 2:
        words = words[: clause_ends[-1] + 1]
    return " ".join(words).rstrip(",;—") + " …"


def first_good_cloze(words: list[str], spans: Iterable[tuple[int, int] | None]) -> Cloze | None:
    """The first candidate span that makes a fair cloze; None for a text of stop words alone."""
    for span in spans:
        if span is None:
            continue
        cloze = make_cloze(words, *span)
        if cloze is not None:
            return cloze
    return None


def make_cloze(words: list[str], start: int, end: int) -> Cloze | None:
    """Cut the text at word boundaries, keeping punctuation around the hidden span outside it."""
    if start >= end:
        return None
    before = " ".join(words[:start])
    middle = " ".join(words[start:end])
    after = " ".join(words[end:])
    lead = len(middle) - len(middle.lstrip(PUNCTUATION))
    trail = len(middle) - len(middle.rstrip(TRAILING_PUNCTUATION))
    hidden = middle[lead : len(middle) - trail]
    before = (before + " " if before else "") + middle[:lead]
    after = middle[len(middle) - trail :] + (" " + after if after else "")
    # Positional, as in cards.item_note: one candidate or more for every cloze note (0.61 -> 0.44 µs).
    cloze = Cloze(before, hidden, after)
    return cloze if good_cloze(cloze) else None


def good_cloze(cloze: Cloze) -> bool:
    """One real word hidden, not the whole text, no emphasis cut in two, and not given away elsewhere."""
    # map rather than a generator: half the time of the check, which runs for every candidate span.
    if not any(map(is_content, cloze.hidden.split())):
        return False
    if "*" in cloze.hidden or cloze.before.count("*") % 2 or "\n" in cloze.hidden:
        return False
    visible = f"{cloze.before} {cloze.after}".casefold()
    return bool(cloze.before.strip() or cloze.after.strip(" .")) and cloze.hidden.casefold() not in visible


def is_named_subject(words: list[str]) -> bool:
    """ "TSMC", "DeepSeek", "Marie Curie": a name, not a common noun capitalised by the sentence."""
    if not 1 <= len(words) <= 3 or not all(is_name_word(word) for word in words):
        return False
    first = strip_edges(words[0])
    return len(words) > 1 or first.isupper() or any(letter.isupper() for letter in first[1:])


def number_span(words: list[str]) -> tuple[int, int] | None:
    # A number has a digit (NUMBER asks for one) and most headlines have none: one search of the
    # whole text is half the time of a question per word.
    if DIGIT.search(" ".join(words)) is None:
        return None
    for index, word in enumerate(words):
        if is_number(word):
            return index, index + 1
    return None


@lru_cache(maxsize=WORD_CACHE)
def is_number(word: str) -> bool:
    """ "42", "$3.5bn", "(80%)": a figure worth hiding."""
    return NUMBER.match(strip_edges(word)) is not None and any(ch.isdigit() for ch in word)


def name_span(words: list[str], start: int = 1) -> tuple[int, int] | None:
    """The first run of capitalised words after the first word: "Sam Altman", "TSMC"."""
    for index in range(max(start, 1), len(words)):
        if is_name_word(words[index]):
            end = index + 1
            while end < len(words) and end - index < 3 and is_name_word(words[end]):
                if words[end - 1][-1:] in ",;:—":
                    break
                end += 1
            return index, end
    return None


def phrase_after(words: list[str], start: int) -> tuple[int, int] | None:
    """The object of the claim: content words after the verb, past articles and adverbs."""
    index = start
    while index < len(words) and leads_to_object(words[index]):
        # "Water expands when it freezes": a clause about "it" holds nothing to recall.
        opens_clause = bare(words[index]) in SUBORDINATORS and index + 1 < len(words)
        if opens_clause and bare(words[index + 1]) in PRONOUN_SUBJECTS:
            return None
        index += 1
    end = index
    while end < len(words) and end - index < MAX_HIDDEN_WORDS:
        word = bare(words[end])
        joins = word == "of" and end + 1 < len(words) and bare(words[end + 1]) not in STOP_WORDS
        verb = verb_base(word)
        if (word in STOP_WORDS_AND_PARTICLES and not joins) or (
            end > index and (is_adverb(word) or clear_verb(verb) or comparative(words, end))
        ):
            break
        end += 1
        if words[end - 1][-1:] in ",;:—.!?" or "—" in words[end - 1]:
            break
    return (index, end) if end > index else None


@lru_cache(maxsize=WORD_CACHE)
def leads_to_object(word: str) -> bool:
    """An article, particle, adverb or bare verb: phrase_after looks past it for the object."""
    plain_word = bare(word)
    return plain_word in STOP_WORDS_AND_PARTICLES or is_adverb(word) or verb_base(plain_word) == plain_word


@lru_cache(maxsize=WORD_CACHE)
def is_content(word: str) -> bool:
    """A word worth hiding: not a stop word, not bare punctuation, not half of an *emphasis*."""
    plain_word = bare(word)
    return plain_word not in STOP_WORDS and any(ch.isalnum() for ch in plain_word) and "*" not in word


def clear_verb(base: str | None) -> bool:
    return base is not None and base not in NOUN_LIKE_VERBS


def content_runs(words: list[str], first: int = 0) -> list[tuple[int, int]]:
    """Runs of up to three content words from words[first] on, broken by stop words and punctuation."""
    runs = []
    start = None
    for index, word in enumerate(words[first:], first):
        content = is_run_word(word)
        # Nor is a comparison ("pan longer than") or a verb we only know by its place ("funds trail
        # their"). Both are told by a stop word after them ("than", or a word of VERB_OBJECT_OPENERS
        # or VERB_FOLLOWERS): asking only then spares content_runs a quarter of its time.
        if content and index + 1 < len(words) and bare(words[index + 1]) in STOP_WORDS:
            content = not comparative(words, index) and not verb_shaped(words, index)
        if content and start is None:
            start = index
        if start is not None and (not content or index - start >= 3):
            runs.append((start, index))
            start = index if content else None
        if start is not None and (word[-1:] in ",;:—.!?" or "—" in word):
            runs.append((start, index + 1))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    return [run for run in runs if run[1] > run[0]]


@lru_cache(maxsize=WORD_CACHE)
def is_run_word(word: str) -> bool:
    """A content word that may stand in a run; an inflected verb ends one: "expensive money" is the
    phrase to recall, not "expensive money finds"."""
    plain_word = bare(word)
    base = verb_base(plain_word)
    return is_content(word) and not (base and base != plain_word)


def longest_word_span(words: list[str], after: int = 0) -> tuple[int, int] | None:
    content = [index for index, word in enumerate(words) if index >= after and is_content(word)]
    if not content:
        return None
    # An adverb is the last thing to hide: "Teams rarely ship on time" hides "Teams".
    # So is a verb known by its place: "Most [people] overestimate what …".
    content = [index for index in content if not is_adverb(words[index])] or content
    content = [index for index in content if not verb_shaped(words, index)] or content
    best = max(content, key=lambda index: len(bare(words[index])))
    return best, best + 1


# ---- text helpers ---------------------------------------------------------------------------


def plain(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=WORD_CACHE)
def bare(word: str) -> str:
    """A word for matching: lower case, without surrounding punctuation, straight apostrophes."""
    return word.strip(PUNCTUATION + "—–").replace("’", "'").lower()


def strip_edges(text: str) -> str:
    return text.strip(" ,;:—–").rstrip(".?!")


def drop_comment(text: str) -> str:
    """ "…ultra-cheap—and that’s a genuine shock": a remark after a dash is not part of the claim."""
    head, dash, tail = text.partition("—")
    tail_words = [bare(word) for word in tail.split()[:2]]
    if tail_words and tail_words[0] in {"and", "but"}:
        tail_words = tail_words[1:]
    if dash and head.strip() and tail_words and tail_words[0] in COMMENT_OPENERS:
        return head
    return text


def clause_commas(text: str) -> str:
    # "failure—and thus for AI" reads as "failure, and thus for AI" inside a question.
    if "—" not in text and "–" not in text and "-" not in text:
        return text  # No dash, nothing to replace: skipping the regex saves a quarter of split_headline.
    return CLAUSE_DASH.sub(", ", text)


def end_claim(text: str) -> str:
    # A claim of punctuation alone is all there is to show; an empty answer would show nothing.
    return text.strip().rstrip(".!;:, ").strip() or text.strip()
