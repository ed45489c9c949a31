"""Turn a parsed Summary into Anki notes: fields as safe HTML, tags, deck and a stable GUID."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flashcards.cards.cloze import cloze_field, escape_cloze_syntax
from flashcards.cards.kinds import CARD_KINDS, NOTE_TYPE_OF
from flashcards.cards.lexicon import parts_of_speech
from flashcards.cards.spans import (
    DIGITS,
    Cloze,
    SpanContext,
    best_cloze,
    best_span,
    cloze_of,
    content_lemmas,
    fallback_cloze,
    may_name_a_term,
    may_state_a_number,
    quantity_cloze,
    same_figure,
    sentences,
    word_set,
)
from flashcards.models import Idea, ItemRef, Note, Quote, Summary
from flashcards.sources.page import GREETING
from flashcards.sources.text import EMPHASIS, without_emphasis
from flashcards.support.slugs import slugify

# No backslash: escape() breaks it up with markup, which an href cannot hold (a browser reads it as "/").
SAFE_LINK = re.compile(r"^https?://[^\s\"'<>\\]+$", re.IGNORECASE)
BASE_TAG = "flashcards"

CARD_TAGS = {kind: f"card-{kind}" for kind in CARD_KINDS}
MAX_FRONT_WORDS = 30
# A quote's point is most often in its last sentence: its cloze shows it whole up to this.
MAX_QUOTE_FRONT_WORDS = 45
# Who said it is told from what was said: a who-said-it card shows the quote whole, up to this.
MAX_WHO_FRONT_WORDS = 60
# A word in this many of a page's texts (overview, headlines, quotes), or a third of them, is its topic.
TOPIC_ITEMS = 3
MIN_EXCERPT_WORDS = 8
MAX_FACTS_PER_IDEA = 1
# A headline whose best span scores below this hides a word the rest of it implies more often
# than its point (blind reviews kept 4 in 10 of those beside a fact card, and 8 in 10 of those
# from 80 to 95), and a question put as a headline has no point to hide: where the explanation
# states a figure, its fact card (kept 3 in 4) is the idea's card instead.
WEAK_HEADLINE_SCORE = 80
# A speaker who said more than this share of a page's quotes is the answer to every who-said-it.
DOMINANT_SHARE = 0.6
UNKNOWN_SPEAKERS = frozenset({"unknown", "unknown speaker", "speaker", "narrator", "anonymous"})
# Who narrates a documentary is no fact about what was said: blind rounds deleted all three
# who-said-it cards of a narrator's line (19, 27), where they kept a moderator's seven times in eight.
NARRATOR = re.compile(r"\bnarrator\b", re.IGNORECASE)
# An explanation's sentence that opens with one of these leans on the sentence before it.
LEANING_OPENERS = word_set(
    "this that these those it its they their them he she his her such both another also instead yet "
    "but and so then here there because since later afterwards meanwhile"
)
MIN_FACT_WORDS = 6
MAX_FACT_WORDS = 30
# Where the headline is weak the fact card is the idea's only good card, and a sentence that
# states a figure is most often a long one (a study, its authors, its year, its finding).
MAX_LENIENT_FACT_WORDS = 40
POSSESSIVES = word_set("its their his her")
PRONOUN = re.compile(r"\b(?:it|its|he|his|him|she|her|they|them|their|this|these|those)\b", re.IGNORECASE)
RELATIVE = re.compile(
    r"\b(?:an earlier|a later|the same|a similar|another|the other|the previous|the former|the latter"
    r"|however|nevertheless|by contrast|in contrast|a companion|a follow-up|a second"
    r"|such (?!as\b)"
    r"|(?:a|one|\w+) (?:day|week|month|year|decade|centur(?:y|ie))s? (?:later|earlier|after))\b",
    re.I,
)
MAX_FACT_NUMBERS = 3
# A pronoun that opens a clause after one of these is the subject of a clause of the sentence.
CLAUSE_SUBJECTS = word_set("it they")
CLAUSE_JOINERS = word_set("as so until if when while because after before once where and but yet that")
# The spans of an explanation's sentence that make a term's card under a weak headline, how
# high one must score, and by how much it must beat the headline's best.
TERM_KINDS = ("named", "emphasis", "contrast")
TERM_FACT_SCORE = 95
TERM_FACT_MARGIN = 30
# Under a question alone, a name or a noun phrase of the explanation scoring this answers it.
ANSWER_SCORE = 60
# A name that says or argues something is a panelist's, not an answer's ("[Valdés] says…").
SPEECH_VERB = re.compile(
    r"[’']?s?\s+(?:also\s+)?(?:says|said|adds|argues|notes|points|cites|explains|recalls|suggests|"
    r"cautions|describes|blames|warns|recommends|traces|presses|accepts|urges|stresses)\b"
)
# Where a clause that states something else begins after a fact's figure.
CLAUSE_BREAK = re.compile(
    r";\s|,\s(?:and|but|while|whereas|which|roughly|so|leaving|making|although|though|compared)\s"
)
# Where a sentence joins two clauses before its figure, and how long the figure's must be to stand.
JOINED_CLAUSE = re.compile(r",\s(?:and|but|while|whereas)\s")
MIN_CLAUSE_WORDS = 4
CLAUSE_HEADS = word_set(
    "that which who whom whose what how whether to it its they their he his she her this these those"
)
# Nouns that stand for something said before them ("the improvement", "that deal"): a sentence
# naming its subject so, after "the", "that" or "such" and up to two words, leans on its paragraph.
SHELL_NOUNS = (
    "improvement|increase|decrease|decline|drop|rise|gain|loss|change|shift|effect|result|outcome|"
    "benefit|difference|trend|approach|method|programme|program|intervention|policy|measure|deal|"
    "project|plan|scheme|team|group|cohort|sample|samples|blocks|figure|finding|findings|gap|move|"
    "challenge|arm|arms|test|tests|protocol|"
    "company|firm|study|trial|survey|report|experiment|paper"
)
POINTING_NOUN = re.compile(
    rf"\b(the|that|such)\s+(?:(?!(?:the|that|such)\b)[\w’'-]+\s+){{0,2}}?({SHELL_NOUNS})\b", re.IGNORECASE
)
EXAMPLE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|example|imagine|suppose|hypothetical)\b", re.IGNORECASE
)
# Words that open a sentence as its subject, standing for a noun said before ("Many lack…").
QUANTIFIERS = frozenset({"Many", "Most", "Some", "Several", "Few", "Both", "Others", "All"})
PLURALS = frozenset({"people", "children", "men", "women", "police", "cattle"})
# A made-up person's figures are an illustration's: "A family that spends $300 at a game…".
HYPOTHETICAL = re.compile(
    r"^(?:A|An|Any) (?:typical |single |average )?(?:family|household|person|customer|worker|player|"
    r"runner|patient|driver|buyer|user|student|reader|fan|investor|saver|borrower|shopper|commuter|"
    r"homeowner|renter|taxpayer|employee|owner)s? (?:that|who)\b"
)
# How many took part in a study is its size, not its finding ("a trial of [139 people]").
SAMPLE_SIZE = re.compile(r"\b(?:people|participants|patients|adults|subjects|volunteers)$", re.IGNORECASE)
# …and how long its data runs is its span, not its finding ("a study of [13 years] of data").
STUDY_SPAN = re.compile(r"\s+of (?:data|records|follow-up|observations)\b", re.IGNORECASE)
# A title a page gives a speaker once and not the next time ("Dr. Kwame Asante", "Kwame Asante").
HONORIFIC = re.compile(r"^(?:(?:dr|prof|professor|sir|dame|mr|mrs|ms|mx|rev|judge|justice)\.?\s+)+", re.I)
# A who-said-it card needs this many speakers: with two, the quote's content gives the answer.
MIN_WHO_SPEAKERS = 3
# A series that names an episode ("The Night Shift #87") says show and episode in one.
EPISODE = re.compile(r"#\s?\d+|\b(?:episode|ep\.?)\s?\d+", re.IGNORECASE)
NUMBERS_ONLY = re.compile(r"(?:season|series|episode|ep|part|no|[se#.,:\s\d-])+", re.IGNORECASE)
TITLE_BREAK = re.compile(r":\s|\s[(|–—-]\s?|\?\s")


def write_notes(summary: Summary, deck: str, kinds: Sequence[str] = CARD_KINDS) -> list[Note]:
    """Every note for one summary, ideas first, in page order; skipped items make none."""
    cues = Cues.of(summary)
    notes: list[Note] = []
    clozes = ideas_clozes(summary, cues) if "cloze" in kinds else ()
    for idea in summary.ideas:
        if not idea.edits.skip:
            notes.extend(idea_notes(summary, idea, deck, kinds, cues, clozes))
    asked = asked_by_ideas(summary, cues) if summary.quotes else ()
    for quote in summary.quotes:
        if not quote.edits.skip:
            notes.extend(quote_notes(summary, quote, deck, kinds, cues, asked))
    return notes


def asked_by_ideas(summary: Summary, cues: Cues) -> tuple[str, ...]:
    """What the ideas' clozes and fact cards hide: a quote's cloze asks something else (one
    fact, one card)."""
    clozes = ideas_clozes(summary, cues)
    facts = (
        fact.hidden
        for idea in summary.ideas
        if not idea.edits.skip
        for fact in idea_facts(idea, cues, clozes)
    )
    return (*clozes, *facts)


def ideas_clozes(summary: Summary, cues: Cues) -> tuple[str, ...]:
    """What each idea's cloze hides, which no fact card of the page asks again."""
    return tuple(idea_cloze(idea, cues).hidden for idea in summary.ideas if not idea.edits.skip)


@dataclass(frozen=True)
class Cues:
    """What a card's front says of its source, so that it stands alone months later in a review.

    show: the series and episode and what the episode is about ("Restless Earth, Episode 3 ·
    Mount St. Helens"), or the channel and the title ("Gresham College · The Black Death and the
    End of Serfdom"); shown: everything else a
    learner sees around the front (the deck is named after the title), which a card must not
    hide; speakers: each quote's speaker once (a title aside: "Dr. Kwame Asante" is "Kwame Asante").
    """

    show: str
    shown: str
    speakers: tuple[str, ...]
    bare: str = ""  # the show without what the episode is about: the channel or the series
    topic: frozenset[str] = frozenset()
    quoted: tuple[frozenset[str], ...] = ()  # each quote's words (content_lemmas)
    roles: tuple[tuple[str, str], ...] = ()  # (person, role) where a quote's speaker line gives one

    def role_of(self, speaker: str) -> str:
        """The speaker's role as the page gives it on any of their quotes ("Tower Captain")."""
        return dict(self.roles).get(person(speaker), "")

    @classmethod
    def of(cls, summary: Summary) -> Cues:
        # One person once, however the page writes the name ("Dr. Kwame Asante", "Kwame Asante");
        # and the role a page gives a speaker once ("— Graham Pell, Tower Captain") and not on their
        # next quote, which every who-said-it back names (rounds 29 to 32 noted the difference).
        people: dict[str, str] = {}
        roles: dict[str, str] = {}
        for quote in summary.quotes:
            if known(quote.speaker):
                people.setdefault(person(quote.speaker), quote.speaker)
                if quote.note and not cited(quote) and not NARRATOR.search(quote.note):
                    roles.setdefault(person(quote.speaker), quote.note)
        topic = short_title(summary.title, frozenset(people))
        if EPISODE.search(summary.series) and NUMBERS_ONLY.fullmatch(summary.series) and summary.channel:
            # "Season 3, Episode 5" names no show.
            bare, show = summary.channel, f"{summary.channel} · {topic}"
        elif EPISODE.search(summary.series):
            # "Restless Earth, Episode 3" names no subject: a card alone in a review must say
            # what it is about (held-out rounds 14, 15 and 19).
            bare = summary.series
            show = (
                summary.series
                if topic.casefold() in summary.series.casefold()
                else f"{summary.series} · {topic}"
            )
        elif summary.channel:
            bare, show = summary.channel, f"{summary.channel} · {topic}"
        else:
            bare, show = "", topic
        speakers = tuple(people.values())
        quoted = tuple(content_lemmas(quote.text) for quote in summary.quotes)
        # Compared word for word with the page's text, where a page's non-breaking hyphen is a
        # hyphen already; a title written in the YAML may keep one ("Acetyl‑CoA", round 28).
        shown = f"{show} {summary.title} {summary.deck}".replace("\u2011", "-")
        return cls(show, shown, speakers, bare, page_topic(summary), quoted, tuple(roles.items()))


def page_topic(summary: Summary) -> frozenset[str]:
    """The words a page keeps coming back to (in its overview and in most of its headlines and
    quotes): its topic, which a learner of the page guesses rather than recalls."""
    texts = [
        summary.overview,
        *(idea.headline for idea in summary.ideas),
        *(quote.text for quote in summary.quotes),
    ]
    counts = Counter(word for text in texts for word in content_lemmas(text))
    return frozenset(word for word, count in counts.items() if count >= max(TOPIC_ITEMS, len(texts) // 3))


def idea_notes(
    summary: Summary, idea: Idea, deck: str, kinds: Sequence[str], cues: Cues, clozes: tuple[str, ...] = ()
) -> list[Note]:
    """A hand-written question, else the headline with its point hidden (or the headline's own
    question answered); then its figures."""
    notes = []
    details = paragraphs_html(idea.explanation)
    fields: tuple[str, ...]  # a Q&A note has seven fields, a cloze note six
    if "qa" in kinds and (asked := idea_question(idea, cues, clozes, kinds)):
        question, answer, rest = asked
        fields = (
            with_cue(inline_html(question), escape(cues.show)),
            inline_html(answer),
            paragraphs_html(rest),
            *source_fields(summary),
            "",
            "",
        )
        notes.append(item_note(summary, "idea", idea, "qa", "qa", fields, deck))
    if "cloze" in kinds and (idea.edits.hide or not notes) and headline_stands(idea, cues, clozes, kinds):
        cloze = idea_cloze(idea, cues)
        fields = (cloze_front(cloze, cues.show, cues), details, *source_fields(summary), "", "")
        notes.append(item_note(summary, "idea", idea, "cloze", "cloze", fields, deck))
    # A fact that stands for a weak headline is the idea's card, which a question written by
    # hand takes the place of (the round 37 editors' notes: it stayed beside theirs).
    stands_for_it = not headline_stands(idea, cues, clozes, kinds)
    if "fact" in kinds and not (stands_for_it and notes):
        # Where the fact is the idea's only card, its cue names the idea ("The antidote…" to
        # what?). Beside a card of the headline that would give the card's answer away (blind
        # reviews, rounds 10 and 15), and the headline less that answer read as garbled (16).
        cue = cues.show if notes else f"{without_emphasis(idea.headline)} · {cues.show}"
        for number, fact in enumerate(idea_facts(idea, cues, clozes), 1):
            fields = (cloze_front(fact, cue, cues), details, *source_fields(summary), "", "")
            notes.append(item_note(summary, "idea", idea, "fact", f"fact-{number}", fields, deck))
    return notes


def idea_question(
    idea: Idea, cues: Cues, asked: tuple[str, ...], kinds: Sequence[str]
) -> tuple[str, str, str] | None:
    """The idea's question card: its question, answer and what the back says besides.

    A question written in the YAML; else a headline that is a question alone ("Who should never
    be challenged?"), where no fact card of its explanation stands for it, with the explanation's
    first sentence for its answer. Blind reviews kept 1 in 45 clozes of such a headline and
    deleted 5: it hides a word of the question ("Why did Scott's last three die just [...] from
    a depot?"), while its explanation is the answer the page gives.
    """
    if idea.edits.question and idea.edits.answer:
        return idea.edits.question, idea.edits.answer, idea.explanation
    if idea.edits.hide or not asks_alone(idea) or not headline_stands(idea, cues, asked, kinds):
        return None
    answer, *rest = sentences(idea.explanation) or [""]
    return (without_emphasis(idea.headline), answer, " ".join(rest)) if answer else None


@lru_cache(maxsize=256)
def idea_facts(idea: Idea, cues: Cues, asked: tuple[str, ...]) -> tuple[Cloze, ...]:
    """An idea's fact cards: wanted for its notes and for what the page's quotes must not ask.

    Where the headline is weak and no sentence of the explanation both stands alone and states a
    figure, one with a possessive ("its", "their") or of up to 40 words may, and failing that a
    term the explanation names (explanation_term): its card is the idea's only card, and its cue
    line names the idea whose it is ("… its half-life of about [60–90 minutes]").
    """
    # Beside the headline's card, a fact is a second card: worth it where the sentence names
    # what it is about before its figure ("Paris's plan…", "Wiz estimated…"). Blind reviews kept
    # 18 of 25 such facts, and 9 of 31 of those that say "Total damage…", "One dose…".
    beside = not weak_headline(idea, cues)
    facts = explanation_facts(idea, cues.shown, asked, quoted=cues.quoted, named=beside)
    if not facts and not beside:
        facts = explanation_facts(idea, cues.shown, asked, lenient=True, quoted=cues.quoted)
        if not facts and (term := explanation_term(idea, cues, asked)) is not None:
            facts = [term]
    return tuple(facts)


def explanation_term(idea: Idea, cues: Cues, asked: Sequence[str]) -> Cloze | None:
    """Where a weak headline's explanation states no figure: the sentence of it that names a term
    ("a protein called [cryptochrome]", "a six-factor ‘[totality of the circumstances]’ test") or
    takes a side ("places the burden on [companies], not on parents"), if that span beats the
    headline's by far. Names are left out: the first author of a study is a side detail.

    Under a headline that is a question alone, whose own cloze blind reviews kept 1 time in 10
    (round 27 deleted three: "What is a [Natick]?"), a name or a term that answers it is enough
    ("[Anopheles stephensi], a species native to South Asia…" under "What happens when the city
    mosquito moves in?"), if it is no speaker's name and no list of names.
    """
    question = asks_alone(idea)
    least = max(TERM_FACT_SCORE, 0 if question else idea_cloze(idea, cues).score + TERM_FACT_MARGIN)
    # The headline shows on the card's cue line: a span it states is given away.
    shown = f"{cues.shown} {without_emphasis(idea.headline)}"
    around = SpanContext(shown, avoid=asked, page_topic=cues.topic)
    terms: list[Cloze] = []
    answers: list[Cloze] = []
    said = sentences(idea.explanation)
    for number, sentence in enumerate(said):
        if not (question or may_name_a_term(sentence)) or not stands_alone(sentence, lenient=True):
            continue
        if leans_back(sentence, said[:number]):
            continue
        span = best_span(sentence, around)
        if span is None:
            continue
        cloze = cloze_of(sentence, span)
        if illustrative(cloze):
            continue
        if span.kind in TERM_KINDS and span.score >= least:
            terms.append(cloze)
        elif (
            question
            and span.kind in ("name", "term")
            and span.score >= ANSWER_SCORE
            and answers_it(cloze, cues)
        ):
            answers.append(cloze)
    # A term the explanation names or a side it takes answers better than a name it mentions
    # ("Mensah argues that [poverty], not ignorance…", not "Under the [Harkin–Engel Protocol]…");
    # of equals, the earliest.
    return max(terms or answers, key=lambda cloze: cloze.score, default=None)


def answers_it(cloze: Cloze, cues: Cues) -> bool:
    """Is the span no speaker's name ("[Valdés] says…"), no list of names and no word the
    sentence says something with ("[Okafor] argues…"), on a front read at a glance?"""
    speakers = {part.casefold() for speaker in cues.speakers for part in person(speaker).split()}
    words = {word.strip("’'").removesuffix("’s").casefold() for word in cloze.hidden.split()}
    listed = " and " in cloze.hidden or ", " in cloze.hidden
    # Counted as the front shows it: "[...] ’s" is two words there.
    short = len(f"{cloze.before}[...] {cloze.after}".split()) <= MAX_LENIENT_FACT_WORDS
    return short and not (words & speakers or listed or SPEECH_VERB.match(cloze.after))


def weak_headline(idea: Idea, cues: Cues) -> bool:
    """Is the headline a question alone, or is the best span it can hide a weak one? (Never
    when `hide` says.)

    A question and its answer ("…permanent DST? Yes, in [1974]…") is judged as any other headline:
    blind reviews kept 11 of 17 such clozes from 80 up, 6 of 16 under. A question alone hides a
    word of the question: 1 kept in 10.
    """
    if idea.edits.hide:
        return False
    return asks_alone(idea) or idea_cloze(idea, cues).score < WEAK_HEADLINE_SCORE


def asks_alone(idea: Idea) -> bool:
    """Is the headline a question with no answer after it ("Who should never be challenged?")?"""
    return without_emphasis(idea.headline).rstrip().endswith("?")


def headline_stands(idea: Idea, cues: Cues, asked: tuple[str, ...], kinds: Sequence[str]) -> bool:
    """Does the headline make the idea's cloze, or does the fact card of its explanation stand for it?"""
    if "fact" not in kinds or not weak_headline(idea, cues):
        return True
    return not idea_facts(idea, cues, asked)


def stands_alone(sentence: str, lenient: bool = False) -> bool:
    """Can a card show this sentence of an explanation alone: no pronoun or opener that leans on
    the sentence before ("she says", "Because…", "the improvement"), not an example's, no table?

    lenient: a possessive pronoun allowed (the idea on the cue line says whose).
    """
    words = sentence.split()
    if not MIN_FACT_WORDS <= len(words) <= (MAX_LENIENT_FACT_WORDS if lenient else MAX_FACT_WORDS):
        return False
    opener = words[0].strip("*“‘\"'(")
    if opener.casefold() in LEANING_OPENERS or not opener[:1].isupper() or sentence[:1] == "(":
        return False
    if any(not (lenient and own_pronoun(sentence, found)) for found in PRONOUN.finditer(sentence)):
        return False
    if RELATIVE.search(sentence) or leaning_noun(sentence):
        return False
    # Six figures on one front are a table, not a fact; an example's figures are made up.
    if EXAMPLE.search(sentence) or HYPOTHETICAL.match(sentence):
        return False
    return len(DIGITS.findall(sentence)) <= MAX_FACT_NUMBERS


def own_pronoun(sentence: str, found: re.Match[str]) -> bool:
    """Does the sentence say what the pronoun stands for: a possessive (the idea on the cue line
    says whose), or "it" or "they" opening a later clause ("as [it] dissolves", "yet [it]
    borrowed"), whose noun came before it in the sentence? ("he", "she" and an object's "it"
    point past the sentence too often: "she insists…", "to bring [it] back".)"""
    if found.group().casefold() in POSSESSIVES:
        return True
    before = sentence[: found.start()].split()
    return len(before) > 2 and found.group().casefold() in CLAUSE_SUBJECTS and before[-1] in CLAUSE_JOINERS


def explanation_facts(
    idea: Idea,
    cue: str,
    asked: Sequence[str],
    lenient: bool = False,
    quoted: Sequence[frozenset[str]] = (),
    named: bool = False,
) -> list[Cloze]:
    """Sentences of the explanation (MAX_FACTS_PER_IDEA) that state a measure, the figure hidden.

    asked: what the page's idea clozes hide; a figure one of them asks for is not asked again.
    quoted: the words of each quote of the page; a sentence that says a quote again in other
    words ("Solberg says a ship at anchor for three weeks…") is the quote's card to make.
    named: only a sentence that names its subject before the figure (names_its_subject).
    """
    facts: list[Cloze] = []
    said = sentences(idea.explanation)
    for number, sentence in enumerate(said):
        # Most sentences state no figure to ask for, and that is the cheapest test of them.
        if not may_state_a_number(sentence) or leans_back(sentence, said[:number]):
            continue
        cloze = quantity_cloze(sentence, cue)
        if cloze is None:
            continue
        cloze = own_clause(cloze)
        if not stands_alone(cloze.before + cloze.hidden + cloze.after, lenient):
            continue
        if named and not names_its_subject(cloze):
            continue
        if any(overlaps(cloze.hidden, other) for other in asked) or restates(sentence, quoted):
            continue
        if shares_a_number(cloze.hidden, idea.headline):
            continue
        if illustrative(cloze) or SAMPLE_SIZE.search(cloze.hidden) or STUDY_SPAN.match(cloze.after):
            continue
        if any(cloze.hidden == fact.hidden for fact in facts):
            continue
        facts.append(cloze)
        if len(facts) == MAX_FACTS_PER_IDEA:
            break
    return facts


def names_its_subject(fact: Cloze) -> bool:
    """Does the fact name something before its figure: a word with a capital past its first?"""
    return any(word[:1].isupper() for word in fact.before.split()[1:])


def restates(sentence: str, quoted: Sequence[frozenset[str]]) -> bool:
    """Does the sentence hold most of one quote's words (two thirds or more)?"""
    if not quoted:
        return False
    words = content_lemmas(sentence)
    return any(len(quote & words) * 3 >= len(quote) * 2 for quote in quoted if len(quote) >= MIN_FACT_WORDS)


def own_clause(cloze: Cloze) -> Cloze:
    """The fact without the clauses around it that state another ("a [24%] rise on the Monday
    after the spring shift, and a 21% drop on the Tuesday…"; "…10 seconds; a hypopnea is a
    reduction of at least [30%]"): one fact a card, and a front a learner reads at a glance. The
    back shows the whole explanation."""
    before, after = cloze.before, cloze.after
    # Only at the first break after the figure, and never inside a list ("flying midweek,
    # booking roughly [three weeks] ahead, and setting fare alerts").
    cut = CLAUSE_BREAK.match(after, after.find(",") if "," in after else len(after))
    semicolon = after.find("; ")
    if semicolon >= 0 and (cut is None or semicolon < cut.start()):
        cut = CLAUSE_BREAK.match(after, semicolon)
    listed = cut is not None and cut.group().startswith(", and") and ", " in before
    if cut and not listed and after.count("(", 0, cut.start()) == after.count(")", 0, cut.start()):
        after = after[: cut.start()] + "."
    clauses = before.split("; ")
    if len(clauses) > 1 and clauses[-1].count(")") == clauses[-1].count("("):
        before = clauses[-1][:1].upper() + clauses[-1][1:]
    joined = list(JOINED_CLAUSE.finditer(before))
    if joined and ", " not in before[: joined[-1].start()] and "(" not in before[joined[-1].end() :]:
        # "A handful of companies account for most of it, and in May 2024 Apple announced a
        # [$110 billion] buyback": the clause before says another thing (round 31).
        rest = before[joined[-1].end() :]
        opener = rest.split()[0].casefold() if rest.split() else ""
        # Not "…, while noting that most pallets…": a clause of the sentence before, not its own.
        own = opener not in CLAUSE_HEADS and not opener.endswith("ing")
        if own and len(rest.split()) >= MIN_CLAUSE_WORDS:
            before = rest[:1].upper() + rest[1:]
    return Cloze(before, cloze.hidden, after, cloze.score, cloze.kind)


def leans_back(sentence: str, before: Sequence[str]) -> bool:
    """Does the sentence's subject point back to a sentence before it without a pronoun: "The
    reliefs show…" after "Reliefs and inscriptions at Medinet Habu…", "The city's plan…" after
    "the city of Paris", or a quantifier with no noun, "Many lack insurance…"?"""
    words = sentence.split()
    if len(words) > 1 and words[0] in QUANTIFIERS:
        verb = words[1].casefold()
        base = not verb.endswith(("s", "ed", "ing"))  # "Many lack…", not "Most failed Axels…"
        if base and verb not in PLURALS and parts_of_speech(verb) & {"VERB", "AUX"}:
            return True
    if not before or words[0] != "The":
        return False
    subject = [re.sub(r"[’']s$", "", word) for word in words[1:4] if word[:1].islower()]
    said = content_lemmas(" ".join(before))
    return bool(content_lemmas(" ".join(subject)) & said)


def leaning_noun(sentence: str) -> bool:
    """Does the sentence name something by a word that points back to its paragraph ("the
    improvement", "The net gain", "that deal", "the targeted blocks"), not said before in it?"""
    for found in POINTING_NOUN.finditer(sentence):
        between = found.group(0).split()[1:-1]
        # "the cash method", "the Fed's plan" say which; "the net gain" does not.
        described = all(
            word.islower() and ("ADJ" in parts_of_speech(word) or word.endswith("ed")) for word in between
        )
        if described and found.group(2).casefold() not in sentence[: found.start()].casefold():
            return True
    return False


def illustrative(cloze: Cloze) -> bool:
    """Is the figure inside an example: after "such as" in its phrase, or inside quoted words
    ("such as [4 ×] 5 minutes", "‘… I will stretch for [two minutes],’")?"""
    phrase = re.split(r"[,;:.—]", cloze.before)[-1]
    return "such as" in phrase.casefold() or cloze.before.count("‘") > cloze.before.count("’")


def shares_a_number(hidden: str, headline: str) -> bool:
    """Does the headline state a number the fact would hide ("80%" there, "75–80%" here; "the
    first ten days" there, "[ten days]" here)?"""
    return bool(set(DIGITS.findall(hidden)) & set(DIGITS.findall(headline))) or same_figure(
        hidden, (headline,)
    )


def overlaps(hidden: str, asked: str) -> bool:
    """Do two hidden spans ask for the same thing ("$115" and "$115/kWh", "60 years" and "sixty")?"""
    hidden, asked = hidden.casefold(), asked.casefold()
    return bool(hidden and asked) and (hidden in asked or asked in hidden or same_figure(hidden, (asked,)))


def quote_notes(
    summary: Summary, quote: Quote, deck: str, kinds: Sequence[str], cues: Cues, asked: Sequence[str] = ()
) -> list[Note]:
    """Who said it, where that is worth asking; else the quote with its key phrase hidden.

    Not both, unless a `hide` of the editable YAML asks for the cloze: each card gives the other
    away (the cloze's front names the speaker, the who-said-it front shows the hidden words), and
    blind reviews deleted 12 of 65 such second cards, 5 of 7 in rounds 25 to 30.
    """
    notes = []
    if "who" in kinds and ((quote.edits.question and quote.edits.answer) or asks_who(quote, summary, cues)):
        notes.append(who_note(summary, quote, deck, cues))
    if "complete" in kinds and (not notes or quote.edits.hide):
        excerpt, cloze = quote_window(quote, cues, asked)
        fields = (
            cloze_front(cloze, cues.show, cues),
            full_quote_html(quote, excerpt),
            *source_fields(summary),
            escape(speaker_line(quote)),
            "",
        )
        notes.append(item_note(summary, "quote", quote, "complete", "cloze", fields, deck))
    return notes


# Each idea's cloze is wanted twice: for its own card and for what the quotes must not ask again.
@lru_cache(maxsize=64)
def idea_cloze(idea: Idea, cues: Cues) -> Cloze:
    """The headline with its point hidden: what the hand-written `hide` says, else the rules' choice."""
    chosen = best_cloze(idea.headline, headline_context(idea, cues)) or fallback_cloze(
        idea.headline, cues.show
    )
    return hand_written_cloze(idea.headline, idea.edits.hide, chosen)


def headline_context(idea: Idea, cues: Cues) -> SpanContext:
    """What a headline's spans are judged against: the cue and the deck, its explanation, the page's topic."""
    return SpanContext(cues.shown, idea.explanation, page_topic=cues.topic)


def quote_context(quote: Quote, cues: Cues, asked: Sequence[str] = ()) -> SpanContext:
    """What a quote's spans are judged against: the cue with its speaker line, what other cards ask."""
    return SpanContext(f"{cues.shown} {speaker_line(quote)}", avoid=asked, page_topic=cues.topic, spoken=True)


def hand_written_cloze(text: str, hide: str, chosen: Cloze) -> Cloze:
    """The cloze a `hide` of the editable YAML asks for; the rules' own when it names their choice.

    `flashcards extract` writes the rules' choice out: read back, it must make the very card the
    page makes (the same occurrence of a repeated word, *emphasis* dropped, the same score).
    """
    if not hide or hide.casefold() == chosen.hidden.casefold():
        return chosen
    return best_cloze(text, hidden=hide) or chosen


def quote_cloze(quote: Quote, cues: Cues, asked: Sequence[str] = ()) -> Cloze:
    """The quote (as its front shows it) with its key phrase hidden; a low score when it has none.

    asked: what other cards of the page hide already, which this one does not ask again.
    """
    return quote_window(quote, cues, asked)[1]


def quote_window(quote: Quote, cues: Cues, asked: Sequence[str] = ()) -> tuple[str, Cloze]:
    """The part of the quote its front shows, and its cloze: of the front-sized runs of sentences,
    the one whose best span is best (a long quote's point is as often in its last sentence as
    in its first); a hand-written `hide` picks the run it is in."""
    speaker = speaker_line(quote)
    budget = MAX_QUOTE_FRONT_WORDS - len(speaker.split()) - 1
    around = quote_context(quote, cues, asked)
    excerpts = quote_excerpts(quote.text, budget)
    if quote.edits.hide:
        excerpts = [
            excerpt for excerpt in excerpts if quote.edits.hide.casefold() in excerpt.casefold()
        ] or excerpts[:1]
    best: tuple[str, Cloze] | None = None
    for excerpt in excerpts:
        chosen = best_cloze(excerpt, around)
        chosen = chosen or fallback_cloze(excerpt, f"{cues.show} {speaker}")
        cloze = hand_written_cloze(excerpt, quote.edits.hide, chosen)
        if best is None or cloze.score > best[1].score:
            best = (excerpt, cloze)
    assert best is not None  # quote_excerpts always gives one
    return best


def quote_excerpts(text: str, budget: int) -> list[str]:
    """The quote whole if it fits the front, else each run of whole sentences that fits (marked
    "…" where the quote goes on), or its opening clause when no sentence fits. A greeting that
    opens it ("Welcome back to The Night Shift.") is left out: there is nothing in it to recall."""
    budget = max(budget, MIN_EXCERPT_WORDS)
    parts = sentences(text)
    greeting = len(parts) > 1 and GREETING.match(parts[0]) is not None
    if len(text.split()) <= budget and not greeting:
        return [text]
    runs = []
    for first in range(1 if greeting else 0, len(parts)):
        last = first
        while last < len(parts) and len(" ".join(parts[first : last + 1]).split()) <= budget - 2:
            last += 1
        if last > first:
            opening = "… " if first else ""
            closing = " …" if last < len(parts) else ""
            runs.append(opening + " ".join(parts[first:last]) + closing)
    if runs:
        return runs
    if greeting:
        return ["… " + quote_excerpt(" ".join(parts[1:]), budget - 1)]
    return [quote_excerpt(text, budget)]


def asks_who(quote: Quote, summary: Summary, cues: Cues) -> bool:
    """Worth asking only when the answer is no foregone conclusion.

    A quote citing someone asks whom it cites. Otherwise the page needs three or more speakers, and
    this one must not have said nearly all of its quotes (in a talk or lecture, the speaker is
    always the answer).
    """
    if not known(quote.speaker) or NARRATOR.search(quote.note):
        return False
    answer = cited(quote) or quote.speaker
    if answer.casefold() in quote.text.casefold():
        return False  # "I, Agnolo di Tura, …": the quote names its own author
    if cited(quote):
        return True
    if len(cues.speakers) < MIN_WHO_SPEAKERS:
        return False
    said = [person(other.speaker) for other in summary.quotes if known(other.speaker)]
    return said.count(person(quote.speaker)) / len(said) <= DOMINANT_SHARE


def who_note(summary: Summary, quote: Quote, deck: str, cues: Cues) -> Note:
    source = cue_without(cues, quote.speaker)
    quoted_person = cited(quote)
    if quote.edits.question and quote.edits.answer:
        question, answer, extra = quote.edits.question, quote.edits.answer, ""
    elif quoted_person:
        question, answer, extra = f"{quote.speaker} was quoting someone. Whom?", quoted_person, ""
    else:
        question, answer, extra = "Who said this?", quote.speaker, quote.note or cues.role_of(quote.speaker)
    cue = f"{source} · {question}" if source else question
    excerpt = quote_excerpt(quote.text, MAX_WHO_FRONT_WORDS - len(cue.split()))
    fields = (
        with_cue(f"“{inline_html(excerpt)}”", escape(cue)),
        inline_html(answer),
        full_quote_html(quote, excerpt),
        *source_fields(summary),
        escape(quote.speaker),
        escape(extra),
    )
    return item_note(summary, "quote", quote, "who", "qa", fields, deck)


def cited(quote: Quote) -> str:
    """The person a quote cites: "Sam Altman" for a speaker noted "(citing Sam Altman)"."""
    found = re.fullmatch(r"(?:citing|quoting|paraphrasing)\s+(.+)", quote.note.strip(), re.IGNORECASE)
    return found.group(1).strip() if found else ""


def speaker_line(quote: Quote) -> str:
    """Who a quote's words belong to, as its front shows them: the cited person first."""
    quoted_person = cited(quote)
    if quoted_person:
        return f"{quoted_person}, quoted by {quote.speaker}"
    return quote.speaker


def person(speaker: str) -> str:
    """Who a speaker is, whatever title the page gives them once and not the next time."""
    return HONORIFIC.sub("", speaker.strip()).casefold()


def known(speaker: str) -> bool:
    return bool(speaker.strip()) and speaker.strip().casefold() not in UNKNOWN_SPEAKERS


def cue_without(cues: Cues, answer: str) -> str:
    """The show, unless it names the answer ("Lex Fridman Podcast" for Lex Fridman's own words)."""
    return "" if answer.casefold() in cues.show.casefold() else cues.show


def short_title(title: str, speakers: frozenset[str] = frozenset(), most: int = 8) -> str:
    """The title up to its first break ("After Chevron: Loper Bright…" -> "After Chevron"), in few
    words; past a quoted speaker's name ("Dr. Hana Okonkwo: Jet Lag, Morning Light…" -> "Jet Lag,
    Morning Light…") and with a numbered part's subject ("Lecture 9: The Citric Acid Cycle").

    speakers: the page's speakers (person()). A guest's name on every card's cue line says nothing
    of the subject, and stands above the host's quotes as if it were their speaker (rounds 29 to
    34 edited cards for both)."""
    parts = [part.strip() for part in TITLE_BREAK.split(title)]
    head = parts[0]
    if len(parts) > 1 and person(head) in speakers:
        head = parts[1]
    elif len(parts) > 1 and head[-1:].isdigit():
        head = f"{head}: {parts[1]}"
    if len(head.split()) >= 2:
        title = head
    words = title.split()
    return title if len(words) <= most else " ".join(words[:most]) + " …"


def item_note(
    summary: Summary,
    kind: str,
    item: Idea | Quote,
    card_kind: str,
    key_end: str,
    fields: tuple[str, ...],
    deck: str,
) -> Note:
    """One note of an item, tagged with its card kind; its key ends with key_end (kinds.py)."""
    note_type = NOTE_TYPE_OF[card_kind]
    tags = tags_for(summary, kind, (CARD_TAGS[card_kind], *item.edits.tags))
    ref = ItemRef.of(summary, kind, item, card_kind, key_end)
    return Note(guid_for(ref.key), note_type, fields, tags, deck, ref)


def with_cue(front_html: str, cue_html: str) -> str:
    """A front, and beneath it the cue that says where it comes from (none when there is no cue)."""
    return f'{front_html}<span class="cue">{cue_html}</span>' if cue_html else front_html


def cloze_front(cloze: Cloze, cue: str, cues: Cues) -> str:
    """The cloze text, and beneath it the cue that says where it comes from: without what the
    episode is about where that names the hidden words ("What is a [...]?" above "… · Seed
    Entries, Natick Crossings…")."""
    if re.search(rf"(?<!\w){re.escape(cloze.hidden)}(?!\w)", cues.show, re.IGNORECASE):
        cue = cue.replace(cues.show, cues.bare).removesuffix(" · ")
    return with_cue(cloze_html(cloze), escape_cloze_syntax(escape(cue)))


def quote_excerpt(text: str, budget: int) -> str:
    """The quote cut to a front-sized piece: whole sentences if they fit, else a clause or words."""
    budget = max(budget, MIN_EXCERPT_WORDS)
    if len(text.split()) <= budget:
        return text
    kept: list[str] = []
    for sentence in sentences(text):
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


def cloze_html(cloze: Cloze) -> str:
    return cloze_field(inline_html(cloze.before), inline_html(cloze.hidden), inline_html(cloze.after))


def full_quote_html(quote: Quote, excerpt: str) -> str:
    """The whole quote on the back when the front could only show a part of it."""
    return "" if excerpt == quote.text else f"<p>“{inline_html(quote.text)}”</p>"


def source_fields(summary: Summary) -> tuple[str, str]:
    return source_html(summary), safe_link(summary.link)


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


def hidden_words(summary: Summary) -> dict[tuple[str, str], str]:
    """What each item's cloze hides, by (kind, id): `flashcards extract` writes it out to edit."""
    cues = Cues.of(summary)
    hidden = {("idea", idea.id): idea_cloze(idea, cues).hidden for idea in summary.ideas}
    asked = asked_by_ideas(summary, cues)
    hidden.update({("quote", quote.id): quote_cloze(quote, cues, asked).hidden for quote in summary.quotes})
    # A `hide` makes its cloze: none for an idea whose question replaces its cloze, nor for a quote
    # whose who card stands alone, or the file would make a card the page does not.
    cloze_notes = (note for note in write_notes(summary, "") if note.key.endswith("/cloze"))
    made = {tuple(note.key.split("/")[-3:-1]) for note in cloze_notes}
    return {item: words for item, words in hidden.items() if item in made}
