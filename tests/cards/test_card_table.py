"""The card a careful person would write for headlines and quotes of the review pages, by hand.

Each row names a page under tests/data/review/tuning (or the seed), the start of an idea's
headline or of a quote, and the words its cloze must hide. The pages are read with their first
line as tests/data/review/first-lines.yaml says (channel, title, series), as the reviews were.
Only tuning pages appear here: the held-out pages are never tuned on.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from helpers import FIXTURES, SEED

from flashcards.cards.notes import Cues, asked_by_ideas, idea_cloze, quote_cloze
from flashcards.models import Summary
from flashcards.sources.page import read_summary

REVIEW = FIXTURES / "review"
READINGS = yaml.safe_load((REVIEW / "first-lines.yaml").read_text(encoding="utf-8"))

EXPECTED = [
    ("black-death-serfdom", "Europe lost somewhere between", "30% and 50%"),
    ("black-death-serfdom", "Labour scarcity, not a moral", "Labour scarcity"),
    ("black-death-serfdom", "East of the Elbe", "Elbe"),
    ("btree-vs-lsm", "High fanout is what makes", "High fanout"),
    ("grid-net-zero-panel", "The U.S. interconnection queue", "2,600 GW"),
    ("grid-net-zero-panel", "Building high-voltage lines", "55 miles"),
    ("grid-net-zero-panel", "Batteries have gone from niche", "$115 per kWh"),
    ("grid-net-zero-panel", "Treat permitting reform", "climate policy"),
    ("grid-net-zero-panel", "FERC Order 1920", "20 years"),
    ("grid-net-zero-panel", "Firm clean power", "geothermal"),
    ("index-funds-retirement", "A 1% annual fee", "1%"),
    ("index-funds-retirement", "Jack Bogle’s first index fund", "1976"),
    ("index-funds-retirement", "Behavior, not fund selection", "Behavior"),
    ("index-funds-retirement", "Sequence-of-returns risk", "five years"),
    ("loper-bright-chevron", "Loper Bright overruled", "Administrative Procedure Act"),
    ("loper-bright-chevron", "Agency expertise still matters", "persuasion"),
    ("loper-bright-chevron", "Congress can restore deference", "writing explicit delegations"),
    ("loper-bright-chevron", "For forty years", "forty years"),
    ("marathon-threshold", "Roughly 80% of weekly training", "aerobic volume"),
    ("marathon-threshold", "Norway’s double-threshold days", "blood lactate"),
    ("marathon-threshold", "Long runs should build", "30–35 km"),
    ("marathon-threshold", "Fueling is trainable", "60–90 g"),
    ("marathon-threshold", "Tapering means cutting", "40–60%"),
    ("marathon-threshold", "Super shoes provide", "4%"),
    ("negotiator-tactical-empathy", "Labeling emotions", "Labeling emotions"),
    ("negotiator-tactical-empathy", "Aim for ‘that’s right,’", "that’s right"),
    ("perfect-sear", "The Maillard reaction needs", "100 °C"),
    ("perfect-sear", "Dry-brining with about 1%", "1%"),
    ("sleep-melatonin", "Supplement labels are unreliable", "74% to 347%"),
    ("sleep-melatonin", "Parents should store melatonin", "530%"),
    ("sleep-melatonin", "Melatonin is the darkness hormone", "darkness"),
    ("sleep-melatonin", "If you’re taking ten milligrams", "ten milligrams"),
    ("social-media-ban-debate", "Treating social media as a", "collective-action problem"),
    ("social-media-ban-debate", "Age verification is", "Age verification"),
    ("social-media-ban-debate", "Both debaters converge", "algorithmic feeds"),
    ("webb-early-galaxies", "Webb’s design", "50 kelvin"),
    ("webb-early-galaxies", "JADES-GS-z14-0", "290 million years"),
    ("webb-early-galaxies", "Rewriting star formation", "Rewriting star formation"),
    ("webb-early-galaxies", "The ‘little red dots’", "little red dots"),
    ("webb-early-galaxies", "Webb has sharpened the Hubble tension", "8%"),
    ("lex-fridman-459", "Reasoning models fundamentally", "inference economics"),
    ("lex-fridman-459", "Export controls constrain", "Export controls"),
]

# Words a careful person would never hide in these: a filler verb, the answer's own echo, a unit
# without its number, the side a contrast rejects.
NEVER = [
    ("marathon-threshold", "Copying elite sessions", "Copying"),
    ("negotiator-tactical-empathy", "Aim for ‘that’s right,’", "Aim"),
    ("negotiator-tactical-empathy", "Aim for ‘that’s right,’", "yes"),
    ("perfect-sear", "Choosing a heavy pan", "Choosing"),
    ("social-media-ban-debate", "Treating social media as a", "parenting failure"),
    ("loper-bright-chevron", "Chevron deference had been", "Chevron"),
]


def read(page: str) -> Summary:
    path = SEED if page == SEED.stem else REVIEW / "tuning" / f"{page}.txt"
    summary, _ = read_summary(path)
    return dataclasses.replace(summary, **READINGS[page])


def hidden_for(page: str, start: str) -> str:
    summary = read(page)
    cues = Cues.of(summary)
    for idea in summary.ideas:
        if idea.headline.startswith(start):
            return idea_cloze(idea, cues).hidden
    asked = asked_by_ideas(summary, cues)
    for quote in summary.quotes:
        if quote.text.startswith(start):
            return quote_cloze(quote, cues, asked).hidden
    raise AssertionError(f"{page} has no headline or quote starting {start!r}")


def test_the_table_has_forty_rows_from_many_pages():
    assert len(EXPECTED) >= 40
    assert len({page for page, _, _ in EXPECTED}) >= 12


@pytest.mark.parametrize(("page", "start", "hidden"), EXPECTED, ids=[row[1] for row in EXPECTED])
def test_a_cloze_hides_what_a_careful_person_would(page, start, hidden):
    assert hidden_for(page, start) == hidden


@pytest.mark.parametrize(("page", "start", "word"), NEVER, ids=[f"{row[1]}-{row[2]}" for row in NEVER])
def test_a_cloze_never_hides_a_filler_or_the_rejected_side(page, start, word):
    assert word not in hidden_for(page, start)


def test_the_readings_name_every_review_page():
    pages = {path.stem for path in REVIEW.glob("*/*.txt")}
    assert pages <= set(READINGS), pages - set(READINGS)
