"""A page the reader recovers from still builds: the warning goes to stderr, the exit code is 0."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import FIXTURES
from pages import page

from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.sources.page import HOSTING_WARNING, from_the_floor, hosting, parse_summary

MISMATCH = FIXTURES / "perfect-sear-count-mismatch.txt"


def invoke(*args: str):
    """Run the CLI with stdout and stderr captured apart, on any click the project allows."""
    try:
        runner = CliRunner(mix_stderr=False)  # click 8.1 mixes stderr into stdout unless told
    except TypeError:
        runner = CliRunner()  # click 8.2+ keeps result.stderr apart (result.output has both)
    return runner.invoke(cli, list(args))


def test_count_mismatch_warns_on_stderr_and_builds(tmp_path):
    package = tmp_path / "sear.apkg"
    result = invoke("build", str(MISMATCH), "-o", str(package))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {MISMATCH}:7: the page declares 5 ideas but 4 were found\n"
        f"Warning: {MISMATCH}:16: the page declares 3 quotes but 2 were found\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    cards = sum(len(note.cards) for note in notes)
    # Every item found is in the deck; the counts come from what Anki imported. Three headlines
    # make clozes; the fourth ("Salt early or salt at the last minute") hides little, and the
    # figure its explanation states makes its card instead.
    assert sum("card-cloze" in note.tags for note in notes if "idea" in note.tags) == 3
    planned = Build([MISMATCH]).plan().notes
    assert {note.guid for note in notes} == {note.guid for note in planned}
    items = {note.key.rpartition("/")[0] for note in planned}
    assert sorted(item.split("/")[-2] for item in items) == ["idea"] * 4 + ["quote"] * 2
    assert result.stdout == (
        f"{package}: {len(notes)} notes, {cards} cards from 4 ideas and 2 quotes\n"
        f"Notes against the last build: {len(notes)} new, 0 updated, 0 unchanged, 0 removed\n"
    )


def test_clean_fixture_prints_no_warning(tmp_path):
    package = tmp_path / "compost.apkg"
    result = invoke("build", str(FIXTURES / "compost-one-each.txt"), "-o", str(package))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    notes = import_and_read(package, tmp_path / "anki")
    cards = sum(len(note.cards) for note in notes)
    assert result.stdout == (
        f"{package}: {len(notes)} notes, {cards} cards from 1 idea and 1 quote\n"
        f"Notes against the last build: {len(notes)} new, 0 updated, 0 unchanged, 0 removed\n"
    )


HOSTED = page(
    [("Retrieval practice beats rereading for long-term recall", "Testing yourself strengthens recall.")],
    [
        ("Welcome to Minds in Motion. My guest today studies why we forget.", "— Julian Marsh"),
        ("Every time you pull a memory out, you’re practising finding it.", "— Hannah Okafor"),
        (
            "Wait, so the feeling that I really know something after rereading it is basically a trap?",
            "— Julian Marsh",
        ),
    ],
)


def test_a_hosts_welcome_and_question_make_no_card_and_say_so(tmp_path):
    source, package = tmp_path / "memory.txt", tmp_path / "memory.apkg"
    source.write_text(HOSTED, encoding="utf-8")
    result = invoke("build", str(source), "-o", str(package))
    assert result.exit_code == 0, result.output
    warning = (
        "a host's welcome, question or own story, or one from the floor, makes no card"
        " (skip: false in the YAML makes one)"
    )
    assert result.stderr == f"Warning: {source}:8: {warning}\nWarning: {source}:12: {warning}\n"
    notes = import_and_read(package, tmp_path / "anki")
    quoted = [note for note in notes if "quote" in note.tags]
    assert [note.fields["Speaker"] for note in quoted] == ["Hannah Okafor"]
    # `extract` writes them out marked skip; set to false, they make their cards after all.
    editable = tmp_path / "memory.yaml"
    assert invoke("extract", str(source), "-o", str(editable)).exit_code == 0
    text = editable.read_text(encoding="utf-8")
    assert text.count("\n    skip: true\n") == 2
    editable.write_text(text.replace("\n    skip: true\n", "\n    skip: false\n"), encoding="utf-8")
    again = invoke("build", str(editable), "-o", str(tmp_path / "all.apkg"))
    assert (again.exit_code, again.stderr) == (0, "")
    notes = import_and_read(tmp_path / "all.apkg", tmp_path / "anki-all")
    speakers = [note.fields["Speaker"] for note in notes if "quote" in note.tags]
    assert sorted(speakers) == ["Hannah Okafor", "Julian Marsh", "Julian Marsh"]


# A show named after its host, whose guest is Daniel Okumura.
HOSTS_SHOW = "The Imogen Ashcroft ShowSmall Trees, Long Lives | The Imogen Ashcroft Show, Episode 212"


@pytest.mark.parametrize(
    ("title_line", "speaker", "hosted"),
    [
        # Rounds 16 to 30 deleted all six cards of a host's own story ("I've…").
        (HOSTS_SHOW, "Imogen Ashcroft", True),
        ("Wide Awake with Tobias FennDr. Hana Okonkwo: Jet Lag | Wide Awake #72", "Tobias Fenn", True),
        # The guest's "I've" is their experience; a show not named after the speaker has no host.
        (HOSTS_SHOW, "Daniel Okumura", False),
        ("Y CombinatorHow We Got to $10M ARR | Maya Lindgren, Pipewise", "Maya Lindgren", False),
    ],
)
def test_a_hosts_own_story_makes_no_card(title_line, speaker, hosted):
    quotes = [
        ("I’ve killed three of these. I’m hoping you can tell me whose fault that was.", f"— {speaker}"),
        ("A bonsai is a big tree that has agreed to live in a small house.", "— Someone Else"),
    ]
    summary, warnings = parse_summary(page([("A headline", "An explanation.")], quotes, title_line), "p.txt")
    assert summary.quotes[0].edits.skip is hosted
    assert [warning.message for warning in warnings].count(HOSTING_WARNING) == hosted


def test_the_only_speaker_of_a_page_tells_no_hosts_story():
    # A show named after its host with no guest quoted: the host's words are the page's words.
    quotes = [("I’ve killed three of these, and each one taught me something.", "— Imogen Ashcroft")]
    summary, _ = parse_summary(page([("A headline", "An explanation.")], quotes, HOSTS_SHOW), "p.txt")
    assert not summary.quotes[0].edits.skip


@pytest.mark.parametrize(
    ("text", "hosted"),
    [
        ("How do you decide, a hundred metres below a summit, that today isn’t the day?", True),
        ("Is climbing without oxygen a purer style, or just a more dangerous one?", True),
        ("So the top plan is basically there to make the middle plan look like a bargain?", True),
        ("Welcome back to The Night Shift. My guest today studies jet lag.", True),
        # Held-out round 16: a moderator's framing, a host announcing the question put.
        ("Tonight’s motion is simple: cities should stop paying for stadiums. Finch is for it.", True),
        ("Three years ago I heard vertical farms would feed us. So, a simple question: what happened?", True),
        # Held-out round 22: a host introduces the guests.
        ("Tonight I’ve got two people who spend their whole week thinking about ninety seconds.", True),
        ("Welcome back to the show. Today we go underground, with someone who has spent years there.", True),
        # Held-out round 25: a host opens with the guest or the subject, without a greeting.
        ("Today I’m talking to someone who replaces people’s lenses for a living.", True),
        ("Tonight we’re talking about the only player whose best work looks like nothing.", True),
        ("Tonight we decide whether a coin that costs almost four cents keeps its job.", True),
        ("We’re going to start with the word both of our guests will use tonight: employee.", True),
        # Round 29: a host names the guest without a greeting, a moderator "our two guests".
        ("Tonight my guest has tasted more whisky than anyone I’ve ever met.", True),
        ("This is The Imogen Hartley Show, and today my guest walks in other people’s shoes.", True),
        ("Should a 16-year-old vote? Our two guests have spent years disagreeing.", True),
        # Round 34: a moderator introduces the panel without a greeting.
        ("We have three people here who have seen a software patent from three sides.", True),
        ("We have two problems: the grid is old and the queue is long.", False),
        # Round 36: a moderator's opening question, written with a curly apostrophe.
        ("Let’s start with the number everybody here fears: how many resorts still have snow?", True),
        # Round 33: a welcome, then the day's subject.
        ("Welcome to Well Enough. Today we’re talking about a disease people still joke about.", True),
        # Rounds 22 and 38: a welcome, then the day's agenda; without a welcome, a claim.
        ("Welcome back to the show. Today we’re going underground, literally, with a caver.", True),
        ("Welcome back to The Ines Marlow Show. Today we’re fixing the thing that kills machines.", True),
        ("Today we’re seeing more measles cases than in any year since 1992.", False),
        # Round 27: a welcome that goes on about the episode itself.
        ("Welcome back to Endurance Lab. If you’ve a marathon coming, this is the episode to hear.", True),
        # Rounds 13 and 23: a show that names itself, then the day's guest.
        ("This is Storm Front, and today I’ve got someone who has drawn the cone you stare at.", True),
        ("This is Incident Room. Today’s guest spent the summer of 2017 rebuilding companies.", True),
        ("Today I’ve got someone who has spent more nights in caves than in hotels.", True),
        ("This is the part nobody tells you: today most of the work is paperwork.", False),
        ("This is Kubernetes. It does not care what your laptop did.", False),
        # …not a guest's "today" nor a speaker who talks about talking.
        ("Today we’re building for a city that doesn’t exist yet.", False),
        ("I’m talking about the people who pay for rounding at the register.", False),
        # A rhetorical question, a claim after a greeting, a moderator's claim: cards.
        ("When Adam delved and Eve span, who was then the gentleman?", False),
        ("Welcome back to The Night Shift. Most people take melatonin backwards.", False),
        ("Stop you both there. You’re arguing about the same number: the ratio to the local median.", False),
    ],
)
def test_a_hosts_welcome_or_question_is_told_from_a_word_worth_saving(text, hosted):
    assert hosting(text) is hosted


@pytest.mark.parametrize(
    ("text", "speaker", "asked"),
    [
        (
            "If Snow were working today, would he be in a laboratory or in front of a spreadsheet?",
            "Audience member",
            True,
        ),
        ("Caller from Leeds: does melatonin stop working if you take it every night?", "Caller", True),
        ("When Adam delved and Eve span, who was then the gentleman?", "John Ball", False),
        ("Every audience member votes twice tonight.", "Audience member", False),
    ],
)
def test_a_question_from_the_floor_is_told_from_a_word_worth_saving(text, speaker, asked):
    assert from_the_floor(text, speaker) is asked
