"""Generate varied summary pages for the benchmark, deterministically from a seed.

The pages carry the quirks real ones have (see DESIGN.md): glued count labels,
CRLF line ends and a byte-order mark, typographic punctuation, non-breaking
hyphens, *emphasis*, characters that mean something to HTML or Anki, two-paragraph
explanations, pages without quotes, speakers with notes or titles, and the
site's trailing boilerplate.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

# Words as text has them: a few function words very often, a few verbs the question
# rules know, and a long tail of content words (Zipf-like, 20,000 of them), so that
# nothing that remembers words (caches) gets an easier time than on real pages.
FUNCTION_WORDS = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "that",
    "this",
    "as",
    "at",
    "its",
    "their",
    "more",
    "than",
]
VERBS = [
    "drives",
    "shapes",
    "changes",
    "makes",
    "shows",
    "reduces",
    "raises",
    "limits",
    "enables",
    "explains",
    "predicts",
]
COMMON = [
    "model",
    "training",
    "compute",
    "memory",
    "chip",
    "cluster",
    "power",
    "energy",
    "market",
    "policy",
    "research",
    "sleep",
    "habit",
]


def vocabulary(size: int = 20_000) -> list[str]:
    rng = random.Random(7)
    onsets = [
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "w",
        "z",
        "br",
        "cr",
        "dr",
        "gr",
        "pl",
        "st",
        "tr",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.randint(2, 4)
        words["".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))] = None
    return COMMON + list(words)


CONTENT = vocabulary()
CUMULATIVE_WEIGHTS = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(CONTENT))))


def words_for(rng: random.Random, count: int) -> list[str]:
    """A subject of one to three content words, a verb, then a mix of everything."""
    subject = rng.choices(CONTENT, cum_weights=CUMULATIVE_WEIGHTS, k=rng.randint(1, 3))
    rest = []
    for _ in range(max(0, count - len(subject) - 1)):
        roll = rng.random()
        if roll < 0.35:
            rest.append(rng.choice(FUNCTION_WORDS))
        elif roll < 0.42:
            rest.append(rng.choice(VERBS))
        else:
            rest.extend(rng.choices(CONTENT, cum_weights=CUMULATIVE_WEIGHTS))
    return [*subject, rng.choice(VERBS), *rest]


SPICE = ("R&D", "<b>bold</b>", "{{c1::not a cloze}}", "A::B", "‘quoted’", "“quoted”", "co\u2011op", "x < y")
CHANNELS = ("Lex Fridman Podcast", "Huberman Lab", "Dwarkesh Podcast", "Acquired", "The Tim Ferriss Show")
SPEAKERS = ("Lex Fridman", "Dylan Patel", "Nathan Lambert", "Andrew Huberman", "Ada Lovelace")
BOILERPLATE = (
    "High quality AI-generated summary created from speaker-labeled transcript.",
    "Get more out of YouTube videos.",
    "Add to Chrome",
)


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = words_for(rng, rng.randint(low, high))
    if rng.random() < 0.3:
        # Never first: a sentence must start with a capital for the reader to see where it starts.
        words.insert(rng.randint(1, len(words)), rng.choice(SPICE))
    if rng.random() < 0.2:
        index = rng.randrange(1, len(words))
        words[index] = f"*{words[index]}*"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, 8, 18) for _ in range(rng.randint(2, 4)))


def quote_block(rng: random.Random) -> list[str]:
    speaker = rng.choice(SPEAKERS)
    style = rng.random()
    if style < 0.15:
        speaker += " (citing Sam Altman)"
    elif style < 0.25:
        speaker += ", Chief Scientist at Example Labs"
    dash = rng.choice(("—", "—", "–", "-"))
    return [sentence(rng, 8, 24), f"{dash} {speaker}"]


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def page(number: int, rng: random.Random) -> str:
    """One summary page; the series number makes its identity unique."""
    channel = rng.choice(CHANNELS)
    title = sentence(rng, 3, 9).rstrip(".")
    lines = [f"{channel}{title} | {channel} #{number}", "At a glance", "WHAT IT’S REALLY ABOUT"]
    lines.append(sentence(rng, 5, 10))
    lines += [f"- {sentence(rng, 12, 30)}" for _ in range(rng.randint(2, 4))]
    ideas = rng.randint(1, 10)
    lines.append("IDEAS WORTH REMEMBERING")
    for index in range(ideas):
        headline = sentence(rng, 6, 16)
        lines.append(f"{plural(ideas, 'idea')}{headline}" if index == 0 else headline)
        lines.append(paragraph(rng))
        if rng.random() < 0.2:
            lines += ["", paragraph(rng)]
    quotes = rng.choice((0, 1, 3, 5, 5, 7, 10))
    if quotes:
        lines.append("WORDS WORTH SAVING")
        for index in range(quotes):
            text, speaker = quote_block(rng)
            lines += [f"{plural(quotes, 'quote')}{text}" if index == 0 else text, speaker]
    lines += BOILERPLATE
    return "\n".join(lines) + "\n"


def write_pages(folder: Path, count: int, seed: int = 459) -> list[Path]:
    """Write count pages into folder; some with CRLF line ends or a byte-order mark."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        text = page(number, rng)
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")
        if rng.random() < 0.1:
            text = "\ufeff" + text
        path = folder / f"summary-{number:05d}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths
