from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

SEED = ROOT / "data" / "lex-fridman-459.txt"
FIXTURES = TESTS / "data"
UNREAD = {
    line.strip()
    for line in (FIXTURES / "review" / "UNREAD").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
# The review pages read so far (the others wait for their blind round, tests/data/review/UNREAD).
REVIEW_PAGES = sorted(page for page in FIXTURES.glob("review/*/*.txt") if page.parent.name not in UNREAD)


@functools.cache
def seed_note_count() -> int:
    """How many notes the seed page makes with every card kind: what the card rules decide, for
    tests whose point is not that number (test_card_kinds and test_build_report spell it out)."""
    from flashcards.build.pipeline import Build

    return len(Build([SEED]).plan().notes)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Tests never touch the user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Nor the machine's $TMPDIR: whatever a test leaves there (genanki's write_to_file leaves its
    # database; a build killed with kill -9, its folder) goes with the test's own folders.
    temporary = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
