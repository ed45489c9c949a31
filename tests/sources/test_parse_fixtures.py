"""Each fixture page in tests/data parses to exactly what a person reading it would list.

The expected values were written by reading the pages, not by running the parser. Where
a page has a non-breaking hyphen (U+2011) or a no-break space, the expected text has a
plain "-" or " ": the parser folds them so that Anki's search finds what a person types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from helpers import FIXTURES

from flashcards.sources.page import parse_summary, read_summary


@dataclass(frozen=True)
class Page:
    title: str
    channel: str
    series: str
    summary_id: str
    link: str = ""
    overview: str = ""
    points: int = 0
    ideas: list[tuple[int, str, str]] = field(default_factory=list)
    quotes: list[tuple[int, str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


PAGES = {
    # "At a glance", a link line, an explanation whose short second paragraph looks like a
    # headline (lines 11 and 18), a one-line explanation, "Name, Title at Org", boilerplate.
    "sleep-pressure.txt": Page(
        title="Why Sleep Pressure Builds and How to Work With It",
        channel="Deep Rest Podcast",
        series="Deep Rest Podcast #88",
        summary_id="deep-rest-podcast-88-b4f9bfc216",
        link="https://www.youtube.com/watch?v=dR3stP0d88x",
        overview="Sleep Pressure, Light and Caffeine: A Practical Guide to Better Nights",
        points=2,
        ideas=[
            (
                9,
                "Sleep pressure is a chemical debt that only sleep repays.",
                "Adenosine accumulates in the brain for every hour you are awake, and the longer it builds"
                " the stronger the urge to sleep becomes. Caffeine does not remove adenosine; it only"
                " blocks the receptors, so the debt is still there when the caffeine wears off."
                "\n\nThat is why the crash arrives all at once.",
            ),
            (
                12,
                "Morning light sets the clock that decides when you feel sleepy at night.",
                "Viewing bright outdoor light within an hour of waking anchors the circadian rhythm, so"
                " that melatonin release begins roughly fourteen to sixteen hours later. On overcast days"
                " the light outside is still many times brighter than indoor lighting, so a short walk"
                " beats a bright desk lamp.",
            ),
            (
                14,
                "Delay caffeine by 90 minutes after waking to avoid the afternoon slump.",
                "Lind’s rule of thumb is to let the natural morning clearance of adenosine happen first."
                " Drinking coffee immediately after waking masks sleepiness that then returns in force in"
                " the early afternoon, which many people then treat with more coffee.",
            ),
            (
                16,
                "Naps under 20 minutes restore alertness without stealing night-time sleep.",
                "Short naps keep you out of deep sleep, so you wake without grogginess. They also leave"
                " most of the sleep pressure you need in the evening untouched."
                "\n\nLonger naps are a tool for shift workers, not for everyone.",
            ),
        ],
        quotes=[
            (
                20,
                "Caffeine doesn’t give you energy; it hides the bill.",
                "Dr. Tobias Lind",
                "Professor of Neuroscience at Northfield University",
            ),
            (22, "The best sleep aid is the sun you saw at eight in the morning.", "Dr. Tobias Lind", ""),
            (
                24,
                "I used to think the 10 p.m. second wind was my body telling me to stay up.",
                "Mara Quinn",
                "",
            ),
        ],
    ),
    # Byte-order mark and CRLF, no "At a glance", 10 ideas, no quotes section at all, a
    # short second paragraph (line 16) and the site's boilerplate right after the ideas.
    "bronze-age-ten-ideas.txt": Page(
        title="The Bronze Age Collapse in Ten Ideas",
        channel="Past Forward",
        series="Past Forward",
        summary_id="past-forward-the-bronze-age-collapse-in-ten-9e2aa93cac",
        overview="How a Connected Mediterranean World Fell Apart Around 1177 BC",
        points=1,
        ideas=[
            (
                6,
                "The Late Bronze Age was a globalised trading system.",
                "Copper from Cyprus and tin from as far as Afghanistan had to meet to make bronze. Palaces"
                " in Egypt, Hatti, Mycenae and Ugarit exchanged gifts, grain and letters, so a shock in one"
                " place travelled along the same routes as the tin.",
            ),
            (
                8,
                "No single cause explains the collapse.",
                "Okafor rejects the search for one culprit. Earthquakes, drought, famine, internal revolts"
                " and raids each had precedents that palaces had survived before; what was new was that"
                " they arrived together, within a few decades.",
            ),
            (
                10,
                "Drought shows up in pollen cores and in the letters.",
                "Lake sediments from the Levant show a sharp fall in tree pollen around 1200 BC. The Ugarit"
                " archive contains urgent requests for grain shipments, including one asking for a ship to"
                " be sent “as a matter of life or death.”",
            ),
            (
                12,
                "The “Sea Peoples” were as much refugees as raiders.",
                "Egyptian reliefs at Medinet Habu show warriors, but also ox-carts carrying women and"
                " children. Okafor reads them as displaced populations on the move, not only as an"
                " invading army.",
            ),
            (
                14,
                "Palace economies were brittle because they were centralised.",
                "Scribes in Pylos recorded every sheep and every bronze ingot in Linear B. When the palace"
                " fell, the administration fell with it, and with it the ability to organise long-distance"
                " trade.\n\nThat brittleness is the lesson most often drawn for today.",
            ),
            (
                17,
                "Ugarit’s last letters were never sent.",
                "Tablets found in a kiln were apparently being baked when the city was destroyed. They"
                " describe enemy ships off the coast and the city’s own troops away in Hittite territory.",
            ),
            (
                19,
                "Writing disappeared from Greece for four centuries.",
                "Linear B was an accounting script tied to the palaces. With no palaces there was nothing"
                " to account for, and Greece had no writing until the Phoenician alphabet was adapted in"
                " the 8th century BC.",
            ),
            (
                21,
                "Iron rose because tin routes broke, not because iron was better.",
                "Early iron was not harder than good bronze. It was local, though: when tin stopped"
                " arriving, smiths turned to a metal they could source nearby, and the techniques improved"
                " over the following centuries.",
            ),
            (
                23,
                "Egypt survived, but diminished.",
                "Ramesses III repelled the invaders in 1177 BC, yet the victory drained the treasury."
                " Within a generation Egypt saw the first recorded labour strike, at Deir el-Medina, when"
                " tomb workers’ rations failed to arrive.",
            ),
            (
                25,
                "Collapse was also a beginning.",
                "Out of the ruins came the Phoenician city-states, the alphabet, Israel and eventually"
                " classical Greece. Okafor ends by arguing that “collapse” describes the elites’ experience"
                " better than that of ordinary farmers, many of whom carried on.",
            ),
        ],
    ),
    # Byte-order mark with LF, "1 idea" and "1 quote" (singular) glued to text starting
    # with "S", a straight apostrophe in the overview header, an en-dash speaker line.
    "compost-one-each.txt": Page(
        title="Soil First: Why Compost Beats Fertiliser",
        channel="The Gardening Hour",
        series="The Gardening Hour #12",
        summary_id="the-gardening-hour-12-0b8fd1298b",
        overview="A Short Case for Feeding the Soil Instead of the Plant",
        ideas=[
            (
                6,
                "Soil life does the feeding when you add compost.",
                "Compost feeds fungi, bacteria and worms, which release nutrients slowly as plants need"
                " them. Synthetic fertiliser gives a quick green flush but bypasses that network, and over"
                " several seasons the soil holds less water and needs ever more inputs.",
            ),
        ],
        quotes=[(9, "Stop feeding the plant and start feeding the soil.", "Aggie Brennan", "")],
    ),
    # "Source: <link>", a two-sentence headline (line 10), an en dash inside an explanation,
    # a channel with a comma, and "0 quotes" under the quotes header followed by boilerplate.
    "index-funds-zero-quotes.txt": Page(
        title="Index Funds, Fees and the Math of Doing Less",
        channel="Money, Plainly",
        series="Money, Plainly #31",
        summary_id="money-plainly-31-48b9f1d20b",
        link="https://www.youtube.com/watch?v=mP31ndxFnds",
        overview="Why low-cost index funds beat most active managers over 20 years",
        points=2,
        ideas=[
            (
                8,
                "Most active funds trail their index after costs.",
                "Over fifteen-year periods, the large majority of actively managed US equity funds"
                " underperform the S&P 500 once fees are counted. The few that win rarely keep winning, so"
                " picking them in advance is mostly luck.",
            ),
            (
                10,
                "A 1% fee is not small. Over 30 years it can take a quarter of your returns.",
                "Fees compound just like returns do, but in the wrong direction. On a portfolio growing at"
                " 6% a year, a 1% annual fee leaves you with roughly 25% less after three decades than the"
                " same fund at 0.05%, which is why Adeyemi calls the expense ratio “the only number you"
                " control.”",
            ),
            (
                12,
                "The biggest risk is the investor, not the market.",
                "Investors who buy after rallies and sell after crashes earn less than the funds they own"
                " – the so-called behaviour gap. Automating monthly contributions and not checking the"
                " balance every day are the two habits she recommends.",
            ),
        ],
    ),
    # CRLF without a byte-order mark, no overview at all, HTML and Anki syntax everywhere
    # (< > & {{ }} ::), *emphasis*, hyphen speaker lines, a "(quoting ...)" note.
    "escaping-html-cloze.txt": Page(
        title="<template> & {{ mustache }}: Escaping Done Right",
        channel="Frontend Friday",
        series="Frontend Friday #7",
        summary_id="frontend-friday-7-a1dc8227a5",
        ideas=[
            (
                3,
                "Never build HTML by gluing strings: `<b>` + name + `</b>` is an injection.",
                'If *name* is "<script>alert(1)</script>", the browser runs it. Use the template engine’s'
                " auto-escaping, or `textContent`, so that <, > and & arrive as text and never as markup.",
            ),
            (
                5,
                "Double braces mean different things in different tools.",
                "In Mustache and Handlebars {{ value }} escapes while {{{ value }}} does not; in Anki"
                " {{c1::answer}} marks a cloze deletion; in C++ std::vector uses :: for scope. Copying"
                " text between these tools without escaping breaks at least one of them.",
            ),
        ],
        quotes=[
            (8, "If you can’t say where the string was escaped, it wasn’t.", "Priya Raman", ""),
            (
                10,
                "Treat every < and & from a user as hostile until it’s rendered as text.",
                "Jonas Feld",
                "quoting the OWASP cheat sheet",
            ),
        ],
    ),
    # Declares 5 ideas and 3 quotes but has 4 and 2: both are warnings at the label's line.
    # Also a series without a number, a no-break space (line 8) and "(citing X)".
    "perfect-sear-count-mismatch.txt": Page(
        title="The Science of a Perfect Sear",
        channel="Salt Fat Kitchen",
        series="Salt Fat Kitchen",
        summary_id="salt-fat-kitchen-the-science-of-a-perfect-6f01fbb35a",
        overview="Why dry surfaces, hot pans and patience make meat taste better",
        points=1,
        ideas=[
            (
                7,
                "A wet surface cannot brown.",
                "Until the surface water has boiled off, the meat is stuck at about 100 °C, far below the"
                " 140–165 °C range where Maillard browning takes off. Patting steaks dry, or salting them"
                " uncovered in the fridge overnight, removes that water before the pan ever sees it.",
            ),
            (
                9,
                "Salt early or salt at the last minute – never in between.",
                "Salt draws moisture out within minutes; given 40 minutes or more, the brine is reabsorbed"
                " and the surface dries again. Salting 10 minutes before cooking leaves a puddle on the"
                " surface, the worst of both worlds.",
            ),
            (
                11,
                "Preheat the pan longer than feels necessary.",
                "Heavy pans need 4–5 minutes on medium-high heat to store enough energy. A cold steak"
                " pulls the temperature down sharply, and a thin pan never recovers in time to brown.",
            ),
            (
                13,
                "Resting is about juices *and* carry-over cooking.",
                "A thick steak keeps cooking by 3–5 °C after it leaves the pan. Brooks pulls beef at 52 °C"
                " for medium-rare and lets it rest on a rack, not a plate, so the crust stays crisp.",
            ),
        ],
        quotes=[
            (16, "Browning is flavour. Grey meat is a missed opportunity.", "Nadia Brooks", ""),
            (
                18,
                "The Maillard reaction is really hundreds of reactions wearing one name.",
                "Dr. Sam Ito",
                "citing Harold McGee",
            ),
        ],
        warnings=[
            "{path}:7: the page declares 5 ideas but 4 were found",
            "{path}:16: the page declares 3 quotes but 2 were found",
        ],
    ),
    # CRLF with a blank line between every line (line numbers still count them), ‘ ’ and
    # U+2011 in a headline, a short second paragraph before the next headline, em and en
    # dash speakers, "Name, Title at Org" and "(citing X)", "Powered by ..." boilerplate.
    "willpower-blank-lines.txt": Page(
        title="Dr. Elena Varga on Habits, Willpower and Environment Design",
        channel="The Deliberate Life Show",
        series="The Deliberate Life Show #204",
        summary_id="the-deliberate-life-show-204-505bc19ab2",
        overview="Stop relying on willpower: shape the environment instead",
        points=1,
        ideas=[
            (
                11,
                "People with ‘high self-control’ mostly avoid temptation rather than resist it.",
                "Experience-sampling studies found that the people who score highest on self-control"
                " scales report *fewer* temptations during the day, not more successful battles with them."
                " They arrange their lives so the choice rarely comes up."
                "\n\nTheir advantage is set-up, not strength.",
            ),
            (
                17,
                "Friction is the cheapest behaviour change tool.",
                "Adding twenty seconds of effort to a bad habit (logging out, unplugging the console,"
                " moving snacks to a high shelf) cuts how often people do it, while removing twenty"
                " seconds from a good habit raises it. Varga calls this “moving the path of least"
                " resistance.”",
            ),
            (
                21,
                "Identity statements beat outcome goals.",
                "“I’m someone who runs” survives a missed week; “I will run a marathon in May” collapses"
                " at the first injury. Varga recommends writing habits as descriptions of who you are,"
                " then collecting small pieces of evidence for them each day.",
            ),
        ],
        quotes=[
            (
                27,
                "Willpower is the emergency brake, not the steering wheel.",
                "Elena Varga",
                "Associate Professor of Psychology at Lakeshore University",
            ),
            (31, "Make the right thing the easy thing.", "Elena Varga", "citing B. J. Fogg"),
            (35, "If it’s on the counter, you’ll eat it.", "Tom Reyes", ""),
        ],
    ),
    # Two short one-sentence paragraphs (lines 8-9) could be one more idea; the declared
    # "4 ideas" says they belong to the first idea's explanation.
    "webb-count-decides.txt": Page(
        title="What the James Webb Telescope Changed in Three Years",
        channel="Cosmos in Focus",
        series="Cosmos in Focus #56",
        summary_id="cosmos-in-focus-56-8169795733",
        overview="Early galaxies, exoplanet air and a universe that grew up fast",
        ideas=[
            (
                6,
                "Galaxies formed earlier than models predicted.",
                "Webb found bright, massive galaxies only 300–400 million years after the Big Bang, more"
                " than standard simulations allowed. Astronomers are now debating whether star formation"
                " was simply more efficient then, or whether some of the masses are overestimated."
                "\n\nNeither answer breaks cosmology yet.\n\nBoth are being tested with new spectra.",
            ),
            (
                10,
                "Webb can read the air of planets around other stars.",
                "By measuring starlight filtered through a planet’s atmosphere during a transit, Webb has"
                " detected water, carbon dioxide and sulphur dioxide on worlds hundreds of light-years"
                " away, including the first clear CO₂ signal from an exoplanet.",
            ),
            (
                12,
                "The Hubble tension did not go away.",
                "Webb’s sharper Cepheid measurements confirmed Hubble’s value for today’s expansion rate."
                " The gap with the value inferred from the early universe therefore remains, and new"
                " physics is back on the table.",
            ),
            (
                14,
                "“Little red dots” are still unexplained.",
                "These compact, red objects at high redshift might be galaxies packed with dust, or black"
                " holes far too big for their hosts. Both readings strain current models of how fast"
                " structure can grow.",
            ),
        ],
        quotes=[
            (
                17,
                "We ordered a telescope to see the first galaxies, and the first galaxies showed up early.",
                "Dr. Ines Carvalho",
                "",
            ),
            (
                19,
                "Every spectrum is a paragraph in a book we haven’t learned to read yet.",
                "Dr. Ines Carvalho",
                "citing Cecilia Payne",
            ),
        ],
    ),
    # Quotes only: no channel glued to the title, no overview, em dash, en dash and hyphen
    # speakers, U+2011 in a name, {{ }} and :: in a quote; declares 3 quotes but has 4.
    "studio-quotes-only.txt": Page(
        title="What Makes a Live Take Work",
        channel="",
        series="Studio Notes",
        summary_id="what-makes-a-live-take-work-2c20ec80bc",
        quotes=[
            (4, "The click track is a map, not a cage.", "Anne-Marie Koh", ""),
            (
                6,
                "If the singer believes it, the listener will forgive every wrong note.",
                "Lou Marsh",
                "Head of Mastering at Ridgeway Studios",
            ),
            (
                8,
                "We kept the take with the squeaky chair. *That* was the one with life in it.",
                "Dev Okonkwo",
                "",
            ),
            (
                10,
                "Loudness is a {{setting}}; dynamics are a decision :: choose them.",
                "Lou Marsh",
                "paraphrasing Bob Katz",
            ),
        ],
        warnings=["{path}:4: the page declares 3 quotes but 4 were found"],
    ),
    # Issue 3's card fixtures. A question as a headline, a "Name, Title at Org" speaker
    # with a title, U+2011 in explanations.
    "cards-science.txt": Page(
        title="How Memory Really Works",
        channel="Curious Minds",
        series="Curious Minds #12",
        summary_id="curious-minds-12-f5bfa7d798",
        overview="Why we forget, and the few habits that make learning stick",
        points=1,
        ideas=[
            (
                7,
                "Sleep consolidates memories that were formed during the day.",
                "During deep sleep the hippocampus replays the day’s experiences and the cortex stores them"
                " for the long term. Pulling an all-nighter before an exam undoes much of that work.",
            ),
            (
                9,
                "Hermann Ebbinghaus measured the forgetting curve in 1885.",
                "Testing himself on nonsense syllables, he found that most of what we learn fades within a"
                " day unless it is reviewed.",
            ),
            (
                11,
                "Spacing: reviews spread over days beat the same reviews crammed into one evening.",
                "The gap forces the brain to reconstruct the memory, which strengthens it more than rereading"
                " does.",
            ),
            (
                13,
                "Why does rereading feel productive?",
                "Familiarity with a page is easy to mistake for mastery; the fluency is real but the recall"
                " is not.",
            ),
            (
                15,
                "Test yourself before you feel ready.",
                "Retrieval practice works even when the answers are wrong at first, as long as feedback"
                " follows.",
            ),
            (
                17,
                "Deep sleep is when the brain clears metabolic waste.",
                "The glymphatic system flushes waste products such as beta-amyloid, mostly during slow-wave"
                " sleep.",
            ),
        ],
        quotes=[
            (
                20,
                "The act of retrieving a memory changes the memory itself.",
                "Dr. Ana Ruiz",
                "Neuroscientist at UCL",
            ),
            (
                22,
                "If you only reread your notes, you are practising recognition, and the exam will ask you"
                " for recall.",
                "Tom Becker",
                "",
            ),
            (
                24,
                "We remember what we use, and we use what we remember.",
                "Ana Ruiz",
                "paraphrasing William James",
            ),
        ],
    ),
    # Syntax in every part of the page; a last quote with no speaker line before the boilerplate.
    "cards-syntax.txt": Page(
        title="Templates, Clozes & <Escaping> in Practice",
        channel="Code Hour",
        series="Code Hour #7",
        summary_id="code-hour-7-2f86a529a8",
        overview="Why text that looks like syntax must stay text",
        points=1,
        ideas=[
            (
                6,
                "Jinja's {{ }} delimiters separate logic from markup.",
                "Anything between double braces is evaluated, so user text that contains {{ must be escaped"
                " before it reaches the template.",
            ),
            (
                8,
                "C++ uses :: to name things inside a namespace, as in std::vector.",
                "The scope resolution operator :: also appears in Anki's cloze syntax, where it separates the"
                " number from the text.",
            ),
            (
                10,
                "Escaping is the job of the last stage that knows the output format.",
                "If parsing code escapes HTML, the YAML and the search index both get &amp; where a person"
                " typed &.",
            ),
        ],
        quotes=[
            (
                13,
                "Write {{c1::answer}} in a field and Anki hides the word; write it in a quote and you have a"
                " bug.",
                "Priya Natarajan",
                "",
            ),
            (
                15,
                "A template engine is a tiny programming language, and every tiny programming language"
                " eventually grows loops, conditionals, includes, macros, inheritance, and finally a debugger"
                " that nobody on the team knows how to use properly.",
                "Sam O'Neill",
                "",
            ),
            (
                17,
                "Never trust <script>alert(1)</script> or anything else that arrived from outside.",
                "Priya Natarajan",
                "",
            ),
            (19, "Escape late, escape once, and escape for the format you are writing.", "", ""),
        ],
        warnings=["{path}:19: quote has no speaker line; kept without a speaker"],
    ),
    # Byte-order mark and CRLF; an explanation of two paragraphs split by a blank line.
    "cards-business.txt": Page(
        title="The Hidden Cost of Cheap Money",
        channel="Money Matters",
        series="Money Matters #88",
        summary_id="money-matters-88-ee9b227773",
        overview="How a decade of low interest rates reshaped housing, startups and savings",
        points=1,
        ideas=[
            (
                7,
                "Interest rates shape housing prices more than wages do.",
                "When borrowing is cheap, buyers bid with the size of the loan they can carry, not with their"
                " income.\n\nWages moved slowly in the same years. The gap between what homes cost and what"
                " buyers earn widened every year the rates stayed low.",
            ),
            (
                11,
                "The Fed raised rates eleven times between 2022 and 2023.",
                "It was the fastest tightening cycle since the early 1980s, and it ended the era of near-zero"
                " rates.",
            ),
            (
                13,
                "Inflation erodes the value of cash savings over time.",
                "At 4% inflation, cash loses about a third of its purchasing power in ten years. Savers who"
                " hold cash for safety pay for it quietly.",
            ),
            (
                15,
                "It’s cheaper to keep a customer than to win a new one.",
                "Acquisition costs have risen as ad prices climbed, so retention became the metric investors"
                " ask about first.",
            ),
        ],
        quotes=[
            (18, "Cheap money hides bad ideas; expensive money finds them.", "Claudia Sahm", ""),
            (
                20,
                "When the tide goes out you discover who’s been swimming naked.",
                "Claudia Sahm",
                "quoting Warren Buffett",
            ),
        ],
    ),
}


def test_every_fixture_has_expectations():
    assert sorted(path.name for path in FIXTURES.glob("*.txt")) == sorted(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_header(name):
    page = PAGES[name]
    summary, _ = read_summary(FIXTURES / name)
    assert (summary.title, summary.channel, summary.series) == (page.title, page.channel, page.series)
    assert summary.id == page.summary_id
    assert summary.link == page.link
    assert summary.overview == page.overview
    assert len(summary.points) == page.points


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_ideas(name):
    summary, _ = read_summary(FIXTURES / name)
    found = [(idea.line, idea.headline, idea.explanation) for idea in summary.ideas]
    assert found == PAGES[name].ideas


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_quotes(name):
    summary, _ = read_summary(FIXTURES / name)
    found = [(quote.line, quote.text, quote.speaker, quote.note) for quote in summary.quotes]
    assert found == PAGES[name].quotes


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_warnings(name):
    path = FIXTURES / name
    _, warnings = read_summary(path)
    assert [str(warning) for warning in warnings] == [w.format(path=path) for w in PAGES[name].warnings]


def test_fixtures_keep_their_bytes():
    # Git must not normalise these (tests/data/.gitattributes): the CRLF and BOM pages are the point.
    assert (FIXTURES / "bronze-age-ten-ideas.txt").read_bytes().startswith(b"\xef\xbb\xbfPast Forward")
    assert b"\r\n" in (FIXTURES / "bronze-age-ten-ideas.txt").read_bytes()
    assert (FIXTURES / "compost-one-each.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in (FIXTURES / "compost-one-each.txt").read_bytes()
    assert b"\r\n" in (FIXTURES / "escaping-html-cloze.txt").read_bytes()
    assert b"\r\n\r\n" in (FIXTURES / "willpower-blank-lines.txt").read_bytes()
    assert "\u00a0" in (FIXTURES / "perfect-sear-count-mismatch.txt").read_text(encoding="utf-8")


def test_without_the_declared_count_the_webb_page_reads_differently():
    # The count is what settles lines 8-9: drop it and the two short lines read as one more idea.
    text = (FIXTURES / "webb-count-decides.txt").read_text(encoding="utf-8")
    summary, _ = parse_summary(text.replace("4 ideasGalaxies", "Galaxies"), "webb.txt")
    assert [idea.line for idea in summary.ideas] == [6, 8, 10, 12, 14]
