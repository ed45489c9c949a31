"""The build's checks take shortcuts for speed that say what the plain definitions say."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.pipeline.checks import real_path, sameness_keys

# Whitespace of every kind, letters whose case-folding changes their length, and others.
CHARACTERS = st.sampled_from(list("aB ß\u0130\t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\xad’"))
TEXT = st.text(alphabet=CHARACTERS, max_size=10)


@settings(max_examples=300)
@given(texts=st.lists(TEXT | st.text(max_size=12), max_size=6))
def test_sameness_keys_are_case_folded_texts_with_single_spaces(texts):
    assert sameness_keys(texts) == [" ".join(text.casefold().split()) for text in texts]


def test_a_real_path_is_what_realpath_says(tmp_path, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    (tmp_path / "linked").symlink_to(folder)
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    monkeypatch.chdir(tmp_path)
    paths = [
        "pages/a.txt",
        "linked/a.txt",
        "pages/b.txt",
        "linked/b.txt",
        "pages/../pages/a.txt",
        "pages/missing.txt",
        "pages/loop.txt",
        "pages/.",
        "pages/..",
        "pages/",
        "a.txt",
        str(folder / "a.txt"),
        "//" + str(folder / "a.txt").lstrip("/"),
    ]
    folders: dict[str, str] = {}
    for path in paths * 2:  # the second time, with every folder remembered
        assert real_path(path, folders) == os.path.realpath(path), path
