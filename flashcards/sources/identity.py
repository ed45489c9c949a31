"""The ids a note's identity is made of: a summary's and an item's, and the ones the last release made.

A note's key is "<summary id>/<kind>/<item id>/<note type>" and its GUID a hash of the key
(cards.py), so these ids are the promise that the same idea is the same note in Anki and
two different ideas never are. Each id is a few readable words followed by a hash of the
whole text it names, in every script: two different texts never share an id however they
begin, and text without Latin letters is hashed rather than dropped. An item's id depends
on its own text alone, never on its place in the list or on the other items.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from flashcards.models import Summary
from flashcards.support.slugs import WORD_BYTES, make_slug, unique_ids

SUMMARY_WORDS = 8
ITEM_WORDS = 6
# Hex digits of the hash: 40 bits for a summary (a catalogue of 10,000 shares none but by a
# chance of 1 in 20,000), 32 for an item (compared only within its summary).
SUMMARY_HASH = 10
ITEM_HASH = 8
SERIES_NUMBER = re.compile(r"#\s*(\d+)\s*$")
LEGACY_SERIES_NUMBER = re.compile(r"\s*#\s*\d+\s*$")


# ASCII other than letters and digits, deleted by bytes.translate; and upper case made lower.
NOT_ALNUM = bytes(code for code in range(128) if not chr(code).isalnum())
LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
# Typography that most pages hold and that is never a letter: deleted first, it leaves most text
# ASCII, for the fast path.
TYPOGRAPHY = tuple(char.encode("utf-8") for char in "’‘“”—–…\u00a0")


def identity_text(text: str) -> str:
    """The letters and digits of the text in any script, case-folded, Latin accents dropped: what
    makes two texts the same item. Spaces, punctuation and typography do not count."""
    encoded = text.encode("utf-8", "surrogatepass")
    if not encoded.isascii():
        for mark in TYPOGRAPHY:
            if mark in encoded:
                encoded = encoded.replace(mark, b"")
    if encoded.isascii():
        # Most text: the same result by byte-wise loops in C.
        return encoded.translate(LOWER, NOT_ALNUM).decode("ascii")
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    kept = [char for char in decomposed if char.isalnum()]
    return unicodedata.normalize("NFC", "".join(kept))


def text_hash(text: str, digits: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def ascii_words(text: str, max_words: int) -> bytes:
    """The first Latin words of the text, lower-cased, accents dropped, joined by hyphens; nothing
    for other scripts."""
    ascii_bytes = (
        text.encode("ascii")
        if text.isascii()
        else unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    )
    return b"-".join(ascii_bytes.translate(WORD_BYTES).split()[:max_words])


def readable_id(words: bytes, digest: str) -> str:
    return f"{words.decode('ascii')}-{digest}" if words else digest


def summary_id(title: str, channel: str, series: str) -> str:
    """The channel and the series number (else the channel and the title) as words, then a hash of
    channel, title and series: "lex-fridman-podcast-459-b11a9648a2".

    The hash is of channel and title run together, so that where the first line is cut
    between them does not change it.
    """
    number = SERIES_NUMBER.search(series)
    show = channel or SERIES_NUMBER.sub("", series)
    name = f"{show} {number.group(1)}" if number else f"{channel} {title}"
    digest = text_hash(f"{identity_text(channel + title)}\n{identity_text(series)}", SUMMARY_HASH)
    return readable_id(ascii_words(name, SUMMARY_WORDS), digest)


def readable_part(summary_id: str) -> str:
    """The id without its hash, for a file name ("lex-fridman-podcast-459"); the whole id when
    it has no words before its hash (text in another script) or no hash (named in YAML)."""
    words, dash, digest = summary_id.rpartition("-")
    if dash and words and len(digest) == SUMMARY_HASH and all(c in "0123456789abcdef" for c in digest):
        return words
    return summary_id


def item_ids(texts: Iterable[str]) -> list[str]:
    """Each item's id from its own text; only items of the same text (but for case, spacing and
    punctuation) are told apart by order, with -2, -3 …"""
    return unique_ids(
        readable_id(ascii_words(text, ITEM_WORDS), text_hash(identity_text(text), ITEM_HASH))
        for text in texts
    )


# The ids of release 0.x (records of version 1), kept to carry their notes across.


def legacy_reading(title: str, channel: str, series: str) -> tuple[str, str, str]:
    """The first line as the last release read it: title, channel (only when the series repeats
    it) and series. The line is put back together from this release's reading of it."""
    line = channel + title + (f" | {series}" if series else "")
    left, bar, right = line.rpartition(" | ")
    if not bar:
        return line, "", ""
    series = right.strip()
    series_name = LEGACY_SERIES_NUMBER.sub("", series)
    left = left.strip()
    if series_name and left.startswith(series_name) and len(left) > len(series_name):
        return left[len(series_name) :].strip(), series_name, series
    return left, "", series


def legacy_summary_id(title: str, channel: str, series: str) -> str:
    """The id the last release gave this summary: the slug of the series alone when it has a
    number, else of the channel (as it read it) and title."""
    title, channel, series = legacy_reading(title, channel, series)
    if LEGACY_SERIES_NUMBER.search(series):
        return make_slug(series)
    return make_slug(f"{channel} {title}" if channel else title)


def legacy_summary_id_of(summary: Summary) -> str:
    """The id the last release gave the summary: an editable YAML file names its own."""
    if Path(summary.source).suffix.lower() in (".yaml", ".yml"):
        return summary.id
    return legacy_summary_id(summary.title, summary.channel, summary.series)


def legacy_item_ids(texts: Iterable[str]) -> list[str]:
    """The last release's item ids: the first eight words, -2, -3 … for repeats in page order."""
    return unique_ids(make_slug(text, max_words=8) for text in texts)
