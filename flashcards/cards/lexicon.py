"""What the card rules know about English words: how rare a word is and what it can be.

Two well-kept libraries ship their data inside the package, so nothing is downloaded:
wordfreq (how often a word appears across many sources: a rare word is a term worth
hiding, a common one is filler) and lemminflect (which parts of speech a word can be:
"models" a noun or a verb, "fundamentally" only an adverb). Both are loaded on first use,
so `flashcards --help` never pays for them.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

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


@cache
def frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=WORD_CACHE)
def zipf(word: str) -> float:
    """How common a lower-case word is, on wordfreq's Zipf scale; a compound takes its rarest part."""
    table = frequencies()
    found = table.get(word)
    if found is None:
        parts = [part for part in word.replace("’", "'").split("-") if part]
        if len(parts) < 2:
            return UNSEEN
        return min(zipf(part) for part in parts)
    return max(math.log10(found * 1e9), UNSEEN)


@lru_cache(maxsize=WORD_CACHE)
def parts_of_speech(word: str) -> frozenset[str]:
    """The universal tags a lower-case word can take (NOUN, VERB, ADJ, ADV, …); empty if unknown."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=WORD_CACHE)
def lemma(word: str) -> str:
    """A lower-case word's dictionary form ("runs" -> "run", "economics" stays), for sameness."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    for tag in ("NOUN", "VERB", "ADJ", "ADV"):
        if tag in lemmas:
            return lemmas[tag][0]
    return word
