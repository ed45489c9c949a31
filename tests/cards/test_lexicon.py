"""lexicon.py reads wordfreq's and lemminflect's data files itself: it must answer as they do, for
every word they know, and a build must not import them (numpy, 0.3 s and 47 MB a process)."""

from __future__ import annotations

import math
import subprocess
import sys

import wordfreq
from lemminflect import getAllLemmas

from flashcards.cards import lexicon

# Words outside the tables, capitals, apostrophes, compounds, lemminflect's own corrections.
ODD_WORDS = ["", "qwertyuiop", "NASA", "Models", "don't", "'d", "all", "another", "mixture-of-experts", "ß"]


def test_the_zipf_table_is_wordfreqs_own():
    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    expected = {word: max(math.log10(found * 1e9), 0.0) for word, found in frequencies.items()}
    assert lexicon.zipf_table() == expected


def test_parts_of_speech_and_lemmas_are_lemminflects_own():
    words = {lexicon.word_of(line) for line in lexicon.lemma_lines()}
    words |= {word.lower() for word in words} | set(lexicon.lemma_overrides()) | set(ODD_WORDS)
    for word in sorted(words):
        lemmas = getAllLemmas(word)
        assert lexicon.parts_of_speech(word) == frozenset(lemmas), word
        forms = [lemmas[tag][0] for tag in ("NOUN", "VERB", "ADJ", "ADV") if tag in lemmas]
        assert lexicon.lemma(word) == (forms[0] if forms else word), word


def test_the_table_is_sorted_by_word_as_bisection_needs():
    words = [lexicon.word_of(line) for line in lexicon.lemma_lines()]
    assert words == sorted(words)


def test_looking_words_up_imports_neither_library():
    code = (
        "import sys; from flashcards.cards import lexicon; "
        "lexicon.zipf('inference'); lexicon.parts_of_speech('models'); lexicon.lemma('runs'); "
        "print(sorted({'numpy', 'lemminflect', 'wordfreq'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
