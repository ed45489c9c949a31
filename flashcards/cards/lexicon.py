"""What the card rules know about English words: how rare a word is and what it can be.

Two well-kept libraries ship their data inside the package, so nothing is downloaded:
wordfreq (how often a word appears across many sources: a rare word is a term worth
hiding, a common one is filler) and lemminflect (which parts of speech a word can be:
"models" a noun or a verb, "fundamentally" only an adverb).

Their data files are read here, as the libraries read them, rather than through the libraries
themselves: importing lemminflect loads numpy (for an inflection model the rules never use) and
its whole lemma table into a dictionary; importing wordfreq loads ftfy, langcodes and regex.
That cost 0.3 s and 57 MB in every process of a build; reading the files costs 0.02 s and 10 MB.
Both are read on first use, so `flashcards --help` never pays for them. tests/test_lexicon.py
checks every answer against the libraries' own.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import math
from functools import cache, lru_cache
from pathlib import Path

WORD_CACHE = 1 << 14
# Zipf scale: log10 of a word's frequency per billion words. "the" is about 7.7, "model" 5.1,
# "inference" 3.3; a word missing from the list counts as 0.
#
# wordfreq's "small" list (29,000 words, down to Zipf 3.0) rather than "large" (321,000): the
# rules only ask whether a word is rarer than 3.7, 4.2, 5.0 or 5.5, which the small list answers
# the same, and every worker process then holds 4 MB of it instead of 37 MB (a build of 10,000
# pages peaked at 572 MB with the large list). Of the cards of the seed, the fixtures and the
# review pages, two changed, none on the held-out pages.
UNSEEN = 0.0


def package_file(package: str, *parts: str) -> Path:
    """A data file of an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    return Path(next(iter(spec.submodule_search_locations)), *parts)


@cache
def zipf_table() -> dict[str, float]:
    """wordfreq's small English list, each word with its Zipf frequency.

    The file is wordfreq's "cBpack" (wordfreq.read_cBpack): msgpack, a header, then lists of
    words, the n-th list holding those whose frequency is 10 ** (-n / 100).
    """
    import msgpack

    with gzip.open(package_file("wordfreq", "data", "small_en.msgpack.gz")) as stream:
        header, *lists = msgpack.load(stream, raw=False)
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"wordfreq's word list has an unknown format: {header!r}")
    table: dict[str, float] = {}
    for index, words in enumerate(lists):
        # The frequency as wordfreq computes it (cB_to_freq), so that each Zipf value is its own.
        frequency = 10 ** (-index / 100)
        table.update(dict.fromkeys(words, max(math.log10(frequency * 1e9), UNSEEN)))
    return table


@lru_cache(maxsize=WORD_CACHE)
def zipf(word: str) -> float:
    """How common a lower-case word is, on wordfreq's Zipf scale; a compound takes its rarest part."""
    found = zipf_table().get(word)
    if found is None:
        parts = [part for part in word.replace("’", "'").split("-") if part]
        if len(parts) < 2:
            return UNSEEN
        return min(zipf(part) for part in parts)
    return found


@cache
def lemma_lines() -> list[str]:
    """lemminflect's lemma table: a line for each word and part of speech it can be, sorted by
    word ("models,noun,model", "models,verb,model"); a word's spellings are split by "/"."""
    path = package_file("lemminflect", "resources", "lemma_lu.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return stream.read().splitlines()


@cache
def lemma_overrides() -> dict[str, dict[str, tuple[str, ...]]]:
    """lemminflect's corrections to its table ("all,NOUN,all"), which win over it."""
    overrides: dict[str, dict[str, tuple[str, ...]]] = {}
    text = package_file("lemminflect", "resources", "lemma_overrides.csv").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, tag, form = line.split(",")
            overrides.setdefault(word, {})[tag] = (form,)
    return overrides


def word_of(line: str) -> str:
    return line[: line.find(",")]


def lemmas_of(word: str) -> dict[str, tuple[str, ...]]:
    """What lemminflect's getAllLemmas(word) answers: each part of speech the word can be, with its
    dictionary forms, found in the table by bisection (a table of a few thousand words is looked at,
    not 80,000 turned into a dictionary)."""
    lines = lemma_lines()
    key = word.lower()
    lemmas: dict[str, tuple[str, ...]] = {}
    index = bisect.bisect_left(lines, key, key=word_of)
    while index < len(lines) and word_of(lines[index]) == key:
        _, category, forms = lines[index].split(",")
        tag = category.upper()  # as lemminflect names it (categoryToUPos)
        lemmas["AUX" if tag == "MODAL" else tag] = tuple(forms.split("/"))
        index += 1
    lemmas.update(lemma_overrides().get(key, {}))
    return lemmas


@lru_cache(maxsize=WORD_CACHE)
def parts_of_speech(word: str) -> frozenset[str]:
    """The universal tags a lower-case word can take (NOUN, VERB, ADJ, ADV, …); empty if unknown."""
    return frozenset(lemmas_of(word))


@lru_cache(maxsize=WORD_CACHE)
def lemma(word: str) -> str:
    """A lower-case word's dictionary form ("runs" -> "run", "economics" stays), for sameness."""
    lemmas = lemmas_of(word)
    for tag in ("NOUN", "VERB", "ADJ", "ADV"):
        if tag in lemmas:
            return written_like(lemmas[tag][0], word)
    return word


def written_like(form: str, word: str) -> str:
    """The form in the word's capitals, as lemminflect gives it (applyCapsStyle)."""
    if word.isupper():
        return form.upper()
    if word[:1].isupper():
        return form.capitalize()
    return form.lower()
