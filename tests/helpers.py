"""What tests share that is not a fixture: the repository's paths, the seed's note count, and the
command line run in-process. Test modules import it (`from helpers import SEED, run`);
conftest.py holds the fixtures and puts this folder on the path."""

from __future__ import annotations

import functools
from pathlib import Path

from click.testing import CliRunner, Result

TESTS = Path(__file__).parent
ROOT = TESTS.parent
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
    from flashcards.pipeline.build import Build

    return len(Build([SEED]).plan().notes)


def run(
    *args: object, input: str | None = None, env: dict[str, str] | None = None, color: bool = False
) -> Result:
    """flashcards with these arguments, in this process, as a person types them."""
    from flashcards.cli import cli

    return CliRunner().invoke(
        cli, [str(arg) for arg in args], prog_name="flashcards", input=input, env=env, color=color
    )
