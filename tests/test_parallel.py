"""Many summaries are parsed and made into notes in worker processes, with the same result."""

from __future__ import annotations

import pytest
from ankicheck import import_and_read
from click.testing import CliRunner

from flashcards import parallel
from flashcards.cli import cli
from flashcards.errors import InputError

PAGE = """Bench Show{number} | Bench Show #{number}
IDEAS WORTH REMEMBERING
1 ideaIdea number {number} is worth remembering, at {number} percent.
It is explained here in a sentence. And in a second one, so it is not a headline.
WORDS WORTH SAVING
1 quoteQuote {number} says what it means.
— Guest {number}
"""
COUNT = parallel.PARALLEL_FROM + 30


def square_or_fail(number: int) -> int:
    if number % 7 == 3:
        raise InputError(f"no {number}", f"item-{number}", number)
    return number * number


@pytest.fixture
def two_cpus(monkeypatch):
    # Workers even on a one-CPU machine, so that the parallel path is the one tested.
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)


def test_results_come_back_in_order_with_a_step_each(two_cpus):
    steps = []
    numbers = list(range(COUNT))
    assert parallel.map_in_order(abs, [-n for n in numbers], lambda: steps.append(1)) == numbers
    assert len(steps) == COUNT


def test_the_first_failing_item_in_order_is_the_error_raised(two_cpus):
    with pytest.raises(InputError) as caught:
        parallel.map_in_order(square_or_fail, list(range(11, 11 + COUNT)), lambda: None)
    assert str(caught.value) == "item-17:17: no 17"


def test_a_large_build_is_the_same_bytes_in_workers_and_in_one_process(tmp_path, monkeypatch, two_cpus):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pages = []
    for number in range(COUNT):
        page = tmp_path / f"page-{number:04d}.txt"
        page.write_text(PAGE.format(number=number), encoding="utf-8")
        pages.append(str(page))
    outputs = {}
    for name, threshold in (("workers", parallel.PARALLEL_FROM), ("alone", COUNT + 1)):
        monkeypatch.setattr(parallel, "PARALLEL_FROM", threshold)
        package = tmp_path / name / "all.apkg"
        result = CliRunner().invoke(cli, ["build", *pages, "-o", str(package), "--deck", "All"])
        assert result.exit_code == 0, result.output
        outputs[name] = (result.output.replace(str(package), "PACKAGE"), package)
    (output, package), (alone_output, alone) = outputs["workers"], outputs["alone"]
    assert output == alone_output
    assert output.startswith(f"PACKAGE: {COUNT * 4} notes")
    assert package.read_bytes() == alone.read_bytes()
    assert package.with_suffix(".lock.yaml").read_bytes() == alone.with_suffix(".lock.yaml").read_bytes()
    assert len(import_and_read(package, tmp_path / "anki")) == COUNT * 4
