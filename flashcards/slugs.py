"""Names for files, tags and ids made from free text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

NON_WORD = re.compile(r"[^a-z0-9]+")


# Every note of a summary tags it with the slug of the same id; remembering it saves a
# tenth of a large build.
@lru_cache(maxsize=1024)
def slugify(text: str, max_words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: "TSMC’s R&D" -> "tsmc-s-r-d"."""
    ascii_text = (
        text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    )
    words = [word for word in NON_WORD.split(ascii_text.lower()) if word]
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words) or "untitled"


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Suffix repeats with -2, -3 … so that two items never share an id."""
    seen: set[str] = set()
    # The next suffix to try per id, so that thousands of repeats stay linear, not quadratic.
    next_suffix: dict[str, int] = {}
    result = []
    for candidate in ids:
        unique = candidate
        counter = next_suffix.get(candidate, 2)
        while unique in seen:
            unique = f"{candidate}-{counter}"
            counter += 1
        next_suffix[candidate] = counter
        seen.add(unique)
        result.append(unique)
    return result
