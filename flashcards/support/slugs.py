"""Names for files, tags and ids made from free text."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# What each byte of ASCII text is to a slug: letters lower-cased, digits kept, anything else a
# space, so that bytes.split() then gives the words: a third of the time of splitting the
# lower-cased text at the regular expression [^a-z0-9]+.
WORD_BYTES = bytes(
    ord(chr(byte).lower()) if chr(byte) in string.ascii_letters + string.digits else ord(" ")
    for byte in range(256)
)


# Every note of a summary tags it with the slug of the same id; remembering it saves a
# tenth of a large build.
@lru_cache(maxsize=1024)
def slugify(text: str, max_words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: "TSMC’s R&D" -> "tsmc-s-r-d"."""
    return make_slug(text, max_words)


def make_slug(text: str, max_words: int | None = None) -> str:
    """slugify without remembering: for text slugged once, such as a page's headlines, where the
    cache only costs its look-up."""
    ascii_bytes = (
        text.encode("ascii")
        if text.isascii()
        else unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    )
    words = ascii_bytes.translate(WORD_BYTES).split()
    return b"-".join(words[:max_words]).decode("ascii") or "untitled"


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Suffix repeats with -2, -3 … so that two items never share an id."""
    unique = UniqueIds()
    return [unique.take(candidate) for candidate in ids]


class UniqueIds:
    """unique_ids an id at a time, for ids that come one by one (a build's summaries)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        # The next suffix to try per id, so that thousands of repeats stay linear, not quadratic.
        self.next_suffix: dict[str, int] = {}

    def take(self, candidate: str) -> str:
        unique = candidate
        counter = self.next_suffix.get(candidate, 2)
        while unique in self.seen:
            unique = f"{candidate}-{counter}"
            counter += 1
        self.next_suffix[candidate] = counter
        self.seen.add(unique)
        return unique
