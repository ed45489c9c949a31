"""The glued first line read as a person reads it: channel, title and series, written by hand."""

# The table keeps one first line and its reading to a line, however long, so that it reads as a table.
# ruff: noqa: E501

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from pages import page

from flashcards.cli import cli
from flashcards.sources.firstline import read_first_line

# (first line, speakers the page quotes, the channel, title and series a person reads, warned).
LINES = [
    # A lower-case letter runs into the title's capital.
    ("VeritasiumWhy Does Light Slow Down in Glass?", (), "Veritasium", "Why Does Light Slow Down in Glass?", "", False),
    ("Huberman LabMaster Your Sleep and Be More Alert", (), "Huberman Lab", "Master Your Sleep and Be More Alert", "", False),
    ("Mark RoberGlitter Bomb 5.0 vs Porch Pirates", (), "Mark Rober", "Glitter Bomb 5.0 vs Porch Pirates", "", True),
    ("PBS Space TimeWhat Is the Shape of Space?", (), "PBS Space Time", "What Is the Shape of Space?", "", False),
    ("Kurzgesagt – In a NutshellWhat Happens If You Destroy the Moon?", (), "Kurzgesagt – In a Nutshell", "What Happens If You Destroy the Moon?", "", False),
    # A run of capitals, then a capitalised word.
    ("CNBCHow Nvidia Became the World's Most Valuable Company", (), "CNBC", "How Nvidia Became the World's Most Valuable Company", "", False),
    ("NASAArtemis II Launch Highlights", (), "NASA", "Artemis II Launch Highlights", "", False),
    ("The Diary Of A CEOThe Sleep Expert: Do This Before Bed", (), "The Diary Of A CEO", "The Sleep Expert: Do This Before Bed", "", False),
    ("BBC NewsUkraine war: what we know so far", (), "BBC News", "Ukraine war: what we know so far", "", False),
    # Digits and capitals inside the channel's name: the first glue point is not the channel's end.
    ("a16zThe Future of AI Agents", (), "a16z", "The Future of AI Agents", "", False),
    ("freeCodeCamp.orgLearn Python - Full Course for Beginners", (), "freeCodeCamp.org", "Learn Python - Full Course for Beginners", "", False),
    ("TEDxTalksWhy we procrastinate, and how to stop", (), "TEDxTalks", "Why we procrastinate, and how to stop", "", False),
    ("StarTalkNeil deGrasse Tyson Explains Black Holes", ("Neil deGrasse Tyson",), "StarTalk", "Neil deGrasse Tyson Explains Black Holes", "", False),
    ("SmarterEveryDayHow Do Helicopters Fly?", (), "SmarterEveryDay", "How Do Helicopters Fly?", "", False),
    ("3Blue1BrownBut what is a neural network?", (), "3Blue1Brown", "But what is a neural network?", "", False),
    ("ColdFusionThe Rise and Fall of Nokia", (), "ColdFusion", "The Rise and Fall of Nokia", "", False),
    ("MrBeastI Spent 50 Hours Buried Alive", (), "MrBeast", "I Spent 50 Hours Buried Alive", "", False),
    # A channel that also starts the title.
    ("Y CombinatorY Combinator's Startup School: How to Get Ideas", (), "Y Combinator", "Y Combinator's Startup School: How to Get Ideas", "", False),
    # A channel with spaces and punctuation.
    ("Lenny's PodcastHow to Build a Product Team", (), "Lenny's Podcast", "How to Build a Product Team", "", False),
    ("All-In PodcastE42: Markets, AI and the Election", (), "All-In Podcast", "E42: Markets, AI and the Election", "", False),
    ("The Tim Ferriss ShowJocko Willink on Discipline", ("Jocko Willink",), "The Tim Ferriss Show", "Jocko Willink on Discipline", "", False),
    # A title that begins with a word the reader knows, capitals inside and all.
    ("Lex Fridman PodcastDeepSeek, China, OpenAI, NVIDIA, xAI, TSMC | Lex Fridman Podcast #459", (), "Lex Fridman Podcast", "DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC", "Lex Fridman Podcast #459", False),
    ("Marques BrownleeiPhone 17 Review: The Truth", (), "Marques Brownlee", "iPhone 17 Review: The Truth", "", False),
    ("Two Minute PapersOpenAI’s New Model Is Amazing!", (), "Two Minute Papers", "OpenAI’s New Model Is Amazing!", "", False),
    # No channel at all: the line stays whole.
    ("How the Internet Works in 5 Minutes", (), "", "How the Internet Works in 5 Minutes", "", False),
    ("iPhone 17 Review: Three Weeks Later", (), "", "iPhone 17 Review: Three Weeks Later", "", False),
    ("YouTube's New Feature Explained", (), "", "YouTube's New Feature Explained", "", False),
    ("What Makes a Live Take Work | Studio Notes", (), "", "What Makes a Live Take Work", "Studio Notes", False),
    # The series repeats the channel: that settles it, with or without a glue point.
    ("Money, PlainlyIndex Funds, Fees and the Math of Doing Less | Money, Plainly #31", (), "Money, Plainly", "Index Funds, Fees and the Math of Doing Less", "Money, Plainly #31", False),
    ("Frontend Friday<template> & {{ mustache }}: Escaping Done Right | Frontend Friday #7", (), "Frontend Friday", "<template> & {{ mustache }}: Escaping Done Right", "Frontend Friday #7", False),
    ("Deep Rest Podcast Why Sleep Pressure Builds | Deep Rest Podcast #88", (), "Deep Rest Podcast", "Why Sleep Pressure Builds", "Deep Rest Podcast #88", False),
    ("Huberman LabThe Science of Focus | Huberman Lab Podcast", (), "Huberman Lab", "The Science of Focus", "Huberman Lab Podcast", False),
    ("MoneyballWhy Statistics Won Baseball | Money #3", (), "Moneyball", "Why Statistics Won Baseball", "Money #3", False),
    # Other scripts.
    ("Научный подкастКак работает память", (), "Научный подкаст", "Как работает память", "", True),
    ("Επιστημονικό podcastΠώς λειτουργεί η μνήμη", (), "Επιστημονικό podcast", "Πώς λειτουργεί η μνήμη", "", False),
    ("科学播客记忆是如何运作的", (), "", "科学播客记忆是如何运作的", "", False),
    # Two readings a person could take: the better one, and a warning.
    ("Big ThinkElon MuskOn Mars", (), "Big Think", "Elon MuskOn Mars", "", True),
]  # fmt: skip


@pytest.mark.parametrize(("line", "speakers", "channel", "title", "series", "warned"), LINES)
def test_a_first_line_reads_as_a_person_reads_it(line, speakers, channel, title, series, warned):
    reading = read_first_line(line, speakers)
    assert (reading.channel, reading.title, reading.series) == (channel, title, series)
    assert bool(reading.doubt) == warned, reading.doubt


def test_the_table_covers_enough_lines():
    assert len(LINES) >= 30


def test_a_word_the_page_spells_elsewhere_is_not_cut():
    # "ByteByteGo" is spelled whole in the page's text: the channel ends after it, not inside.
    line = "ByteByteGoSystem Design Interview: A Step-By-Step Guide"
    assert read_first_line(line).channel == "Byte"
    reading = read_first_line(line, page_text="As ByteByteGo shows in this video, start from requirements.")
    assert (reading.channel, reading.title) == ("ByteByteGo", "System Design Interview: A Step-By-Step Guide")


def test_a_doubtful_first_line_is_a_warning_with_file_and_line(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(
        page(
            ideas=[("Soil life feeds plants.", "Compost feeds it.")], title_line="Mark RoberGlitter Bomb 5.0"
        )
    )
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "out.apkg")])
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {source}:1: cannot tell for sure where the channel ends: read channel 'Mark Rober' and title"
        " 'Glitter Bomb 5.0'; to settle it, extract the page to YAML and set its channel: and title:\n"
    )


def test_channel_and_title_in_the_editable_yaml_settle_it(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(
        page(
            ideas=[("Soil life feeds plants.", "Compost feeds it.")], title_line="Mark RoberGlitter Bomb 5.0"
        )
    )
    extracted = tmp_path / "page.yaml"
    assert CliRunner().invoke(cli, ["extract", str(source), "-o", str(extracted)]).exit_code == 0
    text = extracted.read_text(encoding="utf-8")
    assert "title: Glitter Bomb 5.0\nchannel: Mark Rober\n" in text
    extracted.write_text(
        text.replace(
            "title: Glitter Bomb 5.0\nchannel: Mark Rober\n", "title: Bomb 5.0\nchannel: Mark Rober Glitter\n"
        )
    )
    result = CliRunner().invoke(cli, ["build", str(extracted), "-o", str(tmp_path / "out.apkg")])
    assert (result.exit_code, result.stderr) == (0, "")
    notes = import_and_read(tmp_path / "out.apkg", tmp_path / "anki")
    assert {card.deck for note in notes for card in note.cards} == {"Bomb 5.0"}
    assert all(note.fields["Source"] == "Bomb 5.0 · Mark Rober Glitter" for note in notes)
