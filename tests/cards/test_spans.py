"""What a cloze hides: the span that carries the claim, never a filler, half a phrase or a shown word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.cards.spans import (
    EMPHASIS,
    QUANTITY,
    STOP_WORDS,
    UNITS,
    Judge,
    Span,
    SpanContext,
    best_cloze,
    candidate_spans,
    cloze_of,
    fallback_cloze,
    number_value,
    quantity_cloze,
    same_figure,
    sentences,
    spelled_out,
    tokens_of,
)

WORDS = [
    "TSMC", "remains", "a", "single", "point", "of", "failure", "caffeine", "has", "half-life",
    "five", "hours", "70%", "not", "the", "*key*", "Bank", "England", "rates", "—", "“quoted”", "1969",
    "$2.5", "trillion", "adenosine", "it", "is", "they", "(MLA)", "U.S.", "labs", "::", "{{c1::x}}", "SS",
]  # fmt: skip

# A headline: the text an explanation is about.
HEADLINE = SpanContext(explanation="An explanation.")


def plain(text: str) -> str:
    return EMPHASIS.sub(r"\1", text)


# The first example loads the word lists (half a second): no deadline.
@settings(deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join) | st.text(max_size=60))
def test_a_cloze_cuts_the_text_without_losing_or_adding_a_character(text):
    cloze = best_cloze(text) or fallback_cloze(text)
    assert cloze.before + cloze.hidden + cloze.after == plain(text)
    assert cloze.hidden.strip() or not text.strip()


@settings(deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(" ".join))
def test_a_chosen_span_is_never_a_stop_word_alone_nor_shown_elsewhere(text):
    cloze = best_cloze(text)
    if cloze is None:
        return
    words = [word.strip(".,;:()“”*").casefold() for word in cloze.hidden.split()]
    assert any(word not in STOP_WORDS for word in words), cloze
    rest = (cloze.before + " " + cloze.after).casefold()
    # A hidden word that shows elsewhere would give the answer away (stop words aside, and a
    # figure's unit: "about [66 days] … from 18 to 254 days" gives no figure away).
    figure = QUANTITY.search(cloze.hidden) is not None
    for word in words:
        if figure and word in UNITS:
            continue
        if word not in STOP_WORDS and re.fullmatch(r"[a-z]+", word):
            assert not re.search(rf"\b{re.escape(word)}\b", rest), cloze


def test_a_hand_written_span_wins_over_the_rules():
    cloze = best_cloze("TSMC remains a single point of failure.", hidden="single point of failure")
    assert (cloze.before, cloze.hidden, cloze.after) == ("TSMC remains a ", "single point of failure", ".")


def test_a_hand_written_span_may_run_across_an_emphasis_mark():
    # The rules drop *stars* before they choose ("about juices [and carry-over cooking]"): what
    # `extract` writes of their choice must be found again, star or not.
    cloze = best_cloze("Resting is about juices *and* carry-over cooking.", hidden="and carry-over cooking")
    assert (cloze.before, cloze.hidden, cloze.after) == (
        "Resting is about juices ",
        "and carry-over cooking",
        ".",
    )


def test_quantity_cloze_hides_only_a_measure():
    assert quantity_cloze("The Fed raised rates in 2022 after a long pause.") is None
    cloze = quantity_cloze("Caffeine has a half-life of about five to six hours in most adults.")
    assert cloze is not None and cloze.hidden == "five to six hours"


def test_sentences_are_not_cut_at_abbreviations():
    text = "In Loper Bright Enterprises v. Raimondo the Court ruled. Dr. Solberg agrees. U.S. labs too."
    assert sentences(text) == [
        "In Loper Bright Enterprises v. Raimondo the Court ruled.",
        "Dr. Solberg agrees.",
        "U.S. labs too.",
    ]


def test_a_figure_with_thousands_separators_is_one_quantity():
    cloze = quantity_cloze("Federal courts had cited the decision more than 18,000 times by then.")
    assert cloze is not None and cloze.hidden == "18,000 times"
    assert [found.group() for found in QUANTITY.finditer("2,600 GW; $23,500; 1,000")] == [
        "2,600",
        "$23,500",
        "1,000",
    ]


def test_a_contrast_hides_the_whole_side_it_takes():
    # Not half a noun phrase ("service [quality]"), nor half a pair ("compression or [tension]"),
    # nor an adjective whose opposite shows ("[modest], not miraculous").
    cases = {
        "Lower fares help, but service quality, not price, is what moves most drivers onto transit.": (
            "service quality"
        ),
        "Arches and trusses keep members in direct compression or tension instead of bending.": (
            "compression or tension"
        ),
        "Soil carbon helps, but the gain is modest, not miraculous: about 1 mm per 100 mm of soil.": (
            "1 mm per 100 mm"
        ),
    }
    for text, hidden in cases.items():
        cloze = best_cloze(text)
        assert cloze is not None and cloze.hidden == hidden, text


def test_a_headline_hides_its_figure_said_in_words_or_as_a_ratio():
    # Reviewers asked for the figure a headline states, not the subject beside it: a share said
    # in words, a ratio, a count someone measured ("roughly 250"), a duration "about an hour".
    cases = {
        "On the summit of Everest each breath holds about a third of the oxygen it would at sea level.": (
            "a third"
        ),
        "Low-contrast grey text is the most common readability failure; the fix is at least 4.5:1.": "4.5:1",
        "Printing spread fast: by 1500, presses had operated in roughly 250 European towns.": "250",
        "Functional threshold power is the highest average power you can sustain for about an hour.": (
            "an hour"
        ),
    }
    for text, hidden in cases.items():
        cloze = best_cloze(text, HEADLINE)
        assert cloze is not None and cloze.hidden == hidden, text


def test_an_ordinal_or_a_clock_time_is_no_share():
    for text in ("A third voice is heard at the back.", "The vote closed at 3:00 after a long debate."):
        cloze = best_cloze(text, HEADLINE)
        assert cloze is None or cloze.hidden not in ("A third", "3:00"), cloze


def test_one_item_of_a_list_is_not_hidden_when_something_else_is_worth_it():
    # "stomach, [kidney] and bleeding risks": any item would be as right an answer. The enzyme
    # is found inside "blocking cyclooxygenase", whose verb is no part of the term.
    text = (
        "NSAIDs relieve pain by blocking cyclooxygenase, and the same block explains their stomach,"
        " kidney and bleeding risks."
    )
    cloze = best_cloze(text, SpanContext("Pharmacology of Pain Relief: Opioids, NSAIDs", "An explanation."))
    assert cloze is not None and cloze.hidden == "cyclooxygenase", cloze


def test_a_word_whose_kin_shows_is_not_hidden():
    # "makes it softer" gives "Softness" away; "Nobody" is no answer at all.
    cloze = best_cloze("Softness depends on the light's size, and moving it closer makes it softer.")
    assert cloze is not None and cloze.hidden.casefold() != "softness", cloze
    cloze = best_cloze(
        "Nobody has ever closed a web page because it was too easy to read.", SpanContext(spoken=True)
    )
    assert cloze is not None and cloze.hidden != "Nobody", cloze


def test_the_term_a_sentence_names_is_hidden():
    cases = {
        "Roman concrete lasted because of its ingredients: lime mixed with volcanic ash called pozzolana.": (
            "pozzolana"
        ),
        "Congestion management, known as redispatch, costs grid operators billions.": "redispatch",
        "Black foam board deepens shadows instead, a technique called negative fill.": "negative fill",
    }
    for text, hidden in cases.items():
        cloze = best_cloze(text, HEADLINE)
        assert cloze is not None and cloze.hidden == hidden, (text, cloze)
    # A phone call names nothing.
    cloze = best_cloze("The founders personally called the largest customers.", HEADLINE)
    assert cloze is None or not cloze.hidden.startswith("the largest"), cloze


def test_words_an_acronym_on_the_front_spells_are_not_hidden():
    text = "Against players who call too much, game theory optimal play wins less than a tuned GTO strategy."
    cloze = best_cloze(text, HEADLINE)
    assert cloze is not None and cloze.hidden.casefold() not in (
        "game theory optimal",
        "game",
        "theory optimal",
    )


def test_a_name_opened_by_an_adjective_is_hidden_whole():
    cloze = best_cloze(
        "Grand Rapids, Michigan, was the first city to fluoridate its water.",
        SpanContext(explanation="An idea."),
    )
    assert cloze is not None and cloze.hidden == "Grand Rapids", cloze


def test_a_kin_of_the_page_topic_ranks_as_the_topic():
    # On a page about accounting, "accountant" is guessed, not recalled.
    text = "If you can't explain a category to your accountant in one sentence, you don't need it."
    judge = Judge.of(text, "", "")
    words = [token.core for token in judge.tokens]
    accountant = Span(words.index("accountant"), words.index("accountant") + 1, 0, "term")
    category = Span(words.index("category"), words.index("category") + 1, 0, "term")
    topic = frozenset({"account", "cash"})
    assert judge.only_topic(accountant, topic) and not judge.only_topic(category, topic)


def test_a_figure_another_card_asks_is_not_asked_again_in_other_words():
    # An idea's card asks "[60 years]": a quote's "sixty years" is the same figure.
    text = "Metformin costs a few pounds a month and has sixty years of safety data."
    cloze = best_cloze(text, SpanContext(avoid=("60 years",), spoken=True))
    assert cloze is not None and "sixty" not in cloze.hidden, cloze
    # The same value with another unit is another figure: "60–80 g" is still asked.
    cloze = quantity_cloze("Patients lose roughly 60–80 g of glucose a day in their urine.")
    assert cloze is not None and not same_figure(cloze.hidden, ("60 years",))
    assert same_figure("one hundred million sesterces", ("100 million",))


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("one hundred million", 1e8),
        ("$2.5 billion", 2.5e9),
        ("ninety", 90),
        ("ninety-nine", 99),
        ("twenty-five", 25),
        ("1,450", 1450),
        ("60%", 60),
        ("5–10%", 5),
        ("dozens", None),
    ],
)
def test_a_figure_said_in_words_or_digits_has_its_value(figure, value):
    assert number_value(figure) == value


def test_a_part_of_a_hyphenated_word_on_the_cue_is_shown():
    # The cue's "Diffie-Hellman" shows "Diffie" as much as the front's "Diffie–Hellman" would.
    text = "Diffie–Hellman: both sides combine a private number with the other's public value."
    cloze = best_cloze(text, SpanContext(context="Lecture 14: Public-Key Cryptography - Diffie-Hellman, RSA"))
    assert cloze is not None and cloze.hidden not in ("Diffie", "Hellman", "Diffie–Hellman"), cloze


@pytest.mark.parametrize(
    ("text", "half"),
    [
        # Held-out round 14: the half on the front gave the other away.
        ("Sleep apnea is graded by the apnea–hypopnea index, the pauses per hour.", "hypopnea index"),
        ("Clean indoor air is cheapest: a Corsi–Rosenthal box costs less than a night in hospital.", "Corsi"),
        ("The trial found a dose of 60–90 milligrams worked best for most adults.", "90 milligrams"),
    ],
)
def test_half_of_a_compound_joined_by_a_dash_is_not_hidden(text, half):
    topic = frozenset({"sleep", "apnea"})
    cloze = best_cloze(text, SpanContext(explanation="An explanation.", page_topic=topic))
    assert cloze is not None and cloze.hidden != half, cloze
    assert not cloze.before.endswith(("-", "–")) and not cloze.after.startswith(("-", "–")), cloze


def test_an_em_dash_without_spaces_is_punctuation_not_a_compound():
    text = "Webb's mirror is cooled below 50 kelvin—cold enough to catch faint infrared light."
    cloze = best_cloze(text, HEADLINE)
    assert cloze is not None and cloze.hidden == "50 kelvin", cloze


def test_a_sentence_ends_after_a_number_s_full_stop():
    text = "GOMAXPROCS has defaulted to the core count since Go 1.5. Ribeiro runs a million goroutines."
    assert sentences(text) == [
        "GOMAXPROCS has defaulted to the core count since Go 1.5.",
        "Ribeiro runs a million goroutines.",
    ]


def test_yes_is_no_answer():
    cloze = best_cloze("Is the benefit smaller today? The review says yes, but not zero.", HEADLINE)
    assert cloze is None or cloze.hidden.casefold() != "yes", cloze


def test_an_acronym_of_capital_esses_is_an_acronym():
    # "SS" once lost both letters as a plural's "s" and spelled nothing: the judge crashed.
    cloze = quantity_cloze("The SS Ancon made the first transit on 15 August 1914, in about 9 hours.")
    assert cloze is not None and cloze.hidden == "9 hours"


@pytest.mark.parametrize(
    ("text", "given_away"),
    [
        # Held-out round 14: a unit alone asks how a thing is measured, not how much.
        (
            "Is smoke worse than ordinary pollution? Per microgram, the evidence suggests it may be.",
            "microgram",
        ),
        # The colon's list counts the items for the learner.
        ("Awe has two ingredients: perceived vastness and the need to update your view.", "two ingredients"),
        ("Learn the three phases: drying, browning and development each shape the flavor.", "three phases"),
        # Round 25: the noun counted, or a phrase, may stand between the count and the colon.
        ("One anesthetic, four jobs: unconsciousness, amnesia, pain control and stillness.", "four"),
        ("Four connections, in order: backing, fly line, leader and tippet.", "Four connections"),
    ],
)
def test_a_bare_unit_or_a_count_its_list_spells_out_is_not_hidden(text, given_away):
    cloze = best_cloze(text, HEADLINE)
    assert cloze is not None and cloze.hidden != given_away, cloze


def test_a_named_term_ends_before_a_participle():
    text = "Soil is held together by fungal hyphae and a glycoprotein called glomalin produced by fungi."
    cloze = best_cloze(text)
    assert cloze is not None and cloze.hidden == "glomalin"


def test_a_fallback_cloze_hides_no_word_its_cue_shows():
    # Held-out round 16: every span of the headline was ruled out, and the fallback hid "rebase"
    # under the cue "Commit & Ship · Git Rebase Without Fear".
    text = "Never rebase commits that someone else has already pulled."
    assert fallback_cloze(text, "Commit & Ship · Git Rebase Without Fear").hidden != "rebase"
    assert fallback_cloze(text).hidden == "rebase"  # the rarest word, where nothing shows it


@pytest.mark.parametrize(
    ("sentence", "hidden"),
    [
        # An area's unit is two words; a rate's "per" keeps its unit or goes with it.
        (
            "A vertical farm takes about 1.6 kWh per square meter every day to light.",
            "1.6 kWh per square meter",
        ),
        ("The World Container Index peaked at about $10,377 per 40-foot container in 2021.", "$10,377"),
    ],
)
def test_a_rate_is_hidden_with_its_whole_unit_or_without_it(sentence, hidden):
    cloze = quantity_cloze(sentence)
    assert cloze is not None and cloze.hidden == hidden


def test_a_span_hides_its_own_closing_brackets():
    # Held-out round 20: "Write list[int] | None, not [...]]]." left the brackets behind.
    text = "Write list[int] | None, not Optional[List[int]]."
    last = len(tokens_of(text))
    cloze = cloze_of(text, Span(last - 1, last, 100, "contrast"))
    assert (cloze.hidden, cloze.after) == ("Optional[List[int]]", ".")


def test_an_acronym_of_capital_esses_is_not_taken_for_one_spelled_out():
    # The twin of the crash above: "SS" spelled nothing, and nothing is in every sentence.
    text = "The SS Ancon made the first official transit of the canal in August 1914."
    tokens = tokens_of(text)
    assert not spelled_out(tokens, Span(1, 3, 95, "name"), ())


@pytest.mark.parametrize(
    ("quote", "hidden"),
    [
        # The complement that ends a quote is its punchline, over a figure of its story (round 21).
        (
            "If your build depends on a file nobody read in five years, that file is your attack surface.",
            "your attack surface",
        ),
        (
            "People think natural means better. Chanel No. 5 was a triumph of chemistry.",
            "triumph of chemistry",
        ),
        # Not what a denial says it is not, nor an auxiliary's verb.
        ("Spray, don't rub. You are not trying to get out a stain.", "stain"),
        (
            "The safest antibiotic is very often the one the label is keeping your patient from getting.",
            "safest antibiotic",
        ),
    ],
)
def test_a_quote_hides_its_punchline(quote: str, hidden: str):
    cloze = best_cloze(quote, SpanContext(spoken=True))
    assert cloze is not None and cloze.hidden == hidden, cloze


@pytest.mark.parametrize(
    ("quote", "hidden"),
    [
        # Round 37: what the editors hid where the rules hid the quote's topic ("lava", "congregations").
        ("The walls never stopped the lava. They gave it somewhere else to go.", "somewhere else to go"),
        (
            "Don’t read the ordeal as medieval people being credulous. Read it as a machine for "
            "producing confessions, run by men who knew their congregations very well.",
            "a machine for producing confessions",
        ),
        # Earlier rounds' reviewers proposed these.
        (
            "If your benchmark finished before compaction started, you didn’t benchmark an LSM-tree. "
            "You benchmarked a very expensive hash map in RAM.",
            "a very expensive hash map in RAM",
        ),
        (
            "For most of history, blue wasn’t a colour you chose. It was a colour you could afford.",
            "could afford",
        ),
        # Up to a relative clause, past a preposition: "invented by [workers] who wanted…".
        (
            "The alphabet wasn’t invented by scholars. It was invented by workers who wanted to write "
            "their own language with someone else’s signs.",
            "workers",
        ),
        # What the rules found in the pair already stays: the parallel side, a punchline.
        ("A grey steak isn’t a bad steak, it’s a wet steak. Fix the water and the pan does the rest.", "wet"),
    ],
)
def test_a_quote_hides_what_follows_its_denial_instead(quote: str, hidden: str):
    cloze = best_cloze(quote, SpanContext(spoken=True))
    assert cloze is not None and cloze.hidden == hidden, cloze


def test_no_word_of_a_longer_name_is_hidden_alone():
    # Round 27 edited "the [Global] Sourdough Project" (the rest of the name was shown).
    text = "Ambient AI scribes are the fastest-spreading tool, because they give clinicians time back."
    cloze = best_cloze(text, HEADLINE)
    assert cloze is not None and cloze.hidden != "Ambient", cloze
    judge = Judge.of("Where you live matters less: the Global Sourdough Project.", "sourdough", "")
    assert judge is not None
    words = [token.core for token in judge.tokens]
    global_ = Span(words.index("Global"), words.index("Global") + 1, 60, "term")
    assert judge.score(global_) is None


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        # A name whole: a first name opening the sentence is the name's, not an everyday word
        # (held-out round 23); a genus without its species is half a binomial (round 24); a number
        # word opening a sentence is no first name.
        ("Kenny Clarke moved the beat from the bass drum to the ride cymbal.", "Kenny Clarke"),
        ("Every true tea comes from one species, Camellia sinensis.", "Camellia sinensis"),
        ("Sixteen Nepali workers died in the Khumbu Icefall in 2014.", "Nepali"),
        # A surname's particle opening the sentence is the name's (round 32 edited "Van [Veen]").
        ("Van Veen had drawn most of the Delta Plan before the flood.", "Van Veen"),
        # A word no list knows opening advice is a verb, not a name (round 26: "[Resize] by…").
        ("Resize by doubling, and the cost of rehashing averages out to O(1) per insert.", "O(1)"),
        # A figure before a colon that lists nothing it counts ("Minus 18 degrees: cold, dry…").
        ("It lasted about ten weeks: Pope Innocent III annulled it in 1215.", "ten weeks"),
        ("In deep water a cable is typically 17 mm across: a few fibre pairs, then steel.", "17 mm"),
        # A dimension is one figure (round 28 edited "[48 ×] 40"); a multiplier is one still.
        ("The GMA pallet measures 48 × 40 inches and carries a heavy load.", "48 × 40 inches"),
        ("Four filters and a box fan clean the air as well as equipment costing 5× as much.", "5×"),
        # A contrast hides the side past its clause's verb (rounds 19 to 25 edited the clause
        # hidden verb and all); a participle before its noun is no verb; a noun phrase alone is
        # the side still.
        ("The Kessler syndrome is a slow cascade, not a sudden chain reaction.", "slow cascade"),
        (
            "Pull the arms in: rotation speed comes from reducing the moment of inertia, not from spinning.",
            "moment of inertia",
        ),
        ("Retry serialization failures instead of reporting them as errors.", "serialization failures"),
        (
            "Processed meat and sweetened drinks, not the whole category, carry most of the risk.",
            "meat and sweetened drinks",
        ),
        ("Density, not distance, sets the price of a delivery.", "Density"),
    ],
)
def test_a_headline_hides_its_span_whole_and_past_its_verb(text: str, hidden: str):
    cloze = best_cloze(text, HEADLINE)
    assert cloze is not None and cloze.hidden == hidden, cloze


def test_a_figure_the_cue_line_says_in_words_is_not_hidden():
    # Round 32 edited "[42%]: the death rate…" under the cue "… · Forty-Two Per Cent".
    text = "42%: the death rate among patients admitted to Scutari in February 1855."
    cloze = best_cloze(text, SpanContext("Healers at War, Episode 2 · Forty-Two Per Cent", "An explanation."))
    assert cloze is not None and "42" not in cloze.hidden, cloze
    # A small number in words (the episode's) gives no figure away.
    cloze = best_cloze(
        "The full test suite takes about 2 hours to run.", SpanContext("Episode Two", "Tests.")
    )
    assert cloze is not None and cloze.hidden == "2 hours"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Judge a bag by where it ends up, not only by its carbon footprint.", "ends"),
        ("Bag, tag and photograph everything before it comes apart.", "comes"),
        ("The cycle uses no oxygen directly, yet it stops without it.", "stops"),
        ("She cures every bar for six weeks.", "cures"),
    ],
)
def test_a_word_after_it_he_or_she_is_its_verb_not_a_term(text: str, verb: str):
    # Rounds 28 to 30 edited "before it [comes] apart", "where it [ends] up", "yet it [stops]
    # without it": a word that may be a noun or a verb is the verb after its subject.
    tokens = tokens_of(text)
    spans = candidate_spans(text, tokens, headline=True)
    assert [token.core for span in spans for token in tokens[span.first : span.last]].count(verb) == 0
