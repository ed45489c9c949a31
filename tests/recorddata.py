"""Record entries and text the record's tests share."""

from __future__ import annotations

from hypothesis import strategies as st

from flashcards.record.entries import Entry

ENTRY = Entry(
    guid="c5e8e24c6853085beb4c",
    note_id=1795876988000,
    modified=1795877837,
    hash="3e2d38440d13af64",
    key="show-1/idea/a-b/qa",
    kind="idea",
    position=3,
    text="A headline",
)


# GUIDs, hashes and keys as builds make them (hex digests, lower-case words and "/"), near
# misses ("0b1", all digits, a ":" or " #"), so that the reader's shortcut for them is tried hard.
HEXISH = st.text(alphabet=st.sampled_from(list("0123456789abcdefbx")), min_size=1, max_size=24)


KEYISH = st.text(alphabet=st.sampled_from(list("0123456789abcdefnoyz_-/:. #")), min_size=1, max_size=24)
