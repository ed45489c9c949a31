"""What a complete-the-quote card shows of a long quote, and which of its words it hides."""

from __future__ import annotations

from dataclasses import replace

from ankicheck import import_and_read
from click.testing import CliRunner
from pages import page, visible_text

from flashcards.cards.notes import Cues, quote_excerpts, quote_window, write_notes
from flashcards.cli import cli
from flashcards.models import HandEdits
from flashcards.sources.page import parse_summary

LONG_QUOTE = (
    "We spent the first half of the season arguing about formations and drills and who should "
    "start on the left, and then the second half arguing about the same things again, louder. "
    "Every ice core layer is a page, and a big eruption leaves a smudge of sulfate you cannot miss."
)


def page_of(quote: str, speaker: str = "— Dr. Ada Rivers") -> str:
    return page([("Ice cores date eruptions to the year", "Layers are counted.")], [(quote, speaker)])


def summary_of(quote: str):
    return parse_summary(page_of(quote), "page.txt")[0]


def test_a_long_quote_shows_the_sentences_whose_point_is_best():
    summary = summary_of(LONG_QUOTE)
    excerpt, cloze = quote_window(summary.quotes[0], Cues.of(summary))
    # The opening sentence has nothing rarer than "formations"; the second has "sulfate".
    assert excerpt.startswith("… Every ice core layer is a page")
    assert cloze.hidden in ("sulfate", "smudge")


def test_a_quote_that_fits_its_front_is_shown_whole():
    assert quote_excerpts("Extraordinary claims need spectra. A colour is a hint.", 25) == [
        "Extraordinary claims need spectra. A colour is a hint."
    ]


def test_a_greeting_that_opens_a_quote_is_left_out():
    text = "Welcome back to The Night Shift. If there's one supplement people ask about, it's melatonin."
    assert quote_excerpts(text, 25) == ["… If there's one supplement people ask about, it's melatonin."]
    assert quote_excerpts("Welcome back to The Night Shift.", 25) == ["Welcome back to The Night Shift."]


def test_the_card_of_a_long_quote_renders_its_part_on_the_front_and_the_whole_on_the_back(tmp_path):
    (tmp_path / "page.txt").write_text(page_of(LONG_QUOTE), encoding="utf-8")
    package = tmp_path / "deck.apkg"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "page.txt"), "-o", str(package), "-q"])
    assert result.exit_code == 0, result.output
    notes = import_and_read(package, tmp_path / "collection")
    complete = [note for note in notes if "card-complete" in note.tags]
    assert len(complete) == 1
    card = complete[0].cards[0]
    front, back = visible_text(card.question), visible_text(card.answer)
    assert "… Every ice core layer is a page" in front and "arguing about formations" not in front
    assert "arguing about formations" in back and "sulfate you cannot miss" in back


def test_a_quote_asked_who_said_it_gets_no_second_card_unless_a_hide_asks_for_one():
    # Each card gives the other away: round 25 deleted "A stadium full of [100,000 people]…"
    # beside its who-said-it card, and rounds 25 to 30 deleted 5 of 7 such second cards.
    quotes = [
        ("A stadium full of 100,000 people is not watching a study group.", "— Marcus Whitley"),
        ("Revenue sharing is the honest version of what boosters already did.", "— Dana Castellanos"),
        ("The Deutschlandticket made transit simpler, not the late bus more frequent.", "— Ben Okoro"),
    ]
    summary = parse_summary(page([("Pay the players", "Revenue is shared.")], quotes), "page.txt")[0]
    assert [note.tags[-1] for note in write_notes(summary, "Deck") if "quote" in note.tags] == [
        "card-who"
    ] * 3
    # A cloze written by hand in the editable YAML wins over the rule.
    ticket = replace(summary.quotes[2], edits=HandEdits(hide="Deutschlandticket"))
    edited = replace(summary, quotes=(*summary.quotes[:2], ticket))
    kinds = [(note.tags[-1], note.fields[0]) for note in write_notes(edited, "Deck") if "quote" in note.tags]
    assert [kind for kind, _ in kinds] == ["card-who", "card-who", "card-who", "card-complete"]
    assert kinds[-1][1].startswith("The {{c1::Deutschlandticket}} made transit simpler")


def test_every_who_said_it_back_names_the_role_the_page_gives_its_speaker_once():
    # Rounds 29 to 33 noted backs that gave a speaker's role on one quote and not the next.
    quotes = [
        (
            "The bell weighs more than you do. You don’t pull it, you persuade it.",
            "— Graham Pell, Tower Captain",
        ),
        ("Three hours, and not one piece of paper in the room.", "— Graham Pell"),
        ("Ringers were doing group theory before anyone called it that.", "— Nadia Kowalczyk"),
        ("Nobody comes for the mathematics. They stay for the pub.", "— Felicity Harrow"),
    ]
    summary = parse_summary(
        page([("Change ringing is maths", "Bells are rung in permutations.")], quotes), "p.txt"
    )[0]
    who = [note for note in write_notes(summary, "Deck") if "card-who" in note.tags]
    assert [(note.fields[-2], note.fields[-1]) for note in who] == [
        ("Graham Pell", "Tower Captain"),
        ("Graham Pell", "Tower Captain"),
        ("Nadia Kowalczyk", ""),
        ("Felicity Harrow", ""),
    ]
