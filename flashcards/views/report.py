"""What a build reports, as text: what it wrote, then the changes against the record (with verbose,
one line a note)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashcards.errors import printable
from flashcards.record.report import CHANGES, Change, Report

if TYPE_CHECKING:
    from flashcards.pipeline.build import BuildResult, ItemCounts


def build_lines(result: BuildResult, verbose: bool = False) -> list[str]:
    """What the build wrote (in a dry run, would write), from how many items; then the report."""
    notes, counts = plural(result.notes, "note"), item_counts(result.items)
    if result.cards is None:
        written = f"{result.output}: dry run, nothing written; {notes} from {counts}"
    else:
        written = f"{result.output}: {notes}, {plural(result.cards, 'card')} from {counts}"
    return [written, *report_lines(result.report, verbose)]


def item_counts(items: ItemCounts) -> str:
    """How many ideas and quotes the notes came from, and how many a YAML file skipped."""
    counts = f"{plural(items.ideas, 'idea')} and {plural(items.quotes, 'quote')}"
    return f"{counts} ({items.skipped} skipped)" if items.skipped else counts


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def report_lines(report: Report, verbose: bool = False) -> list[str]:
    """One summary line; with verbose, one line per note under it."""
    counts = ", ".join(f"{report.count(change)} {change}" for change in CHANGES)
    lines = [f"Notes against the last build: {counts}"]
    if verbose:
        lines += [change_line(change) for change in report.changes]
    return lines


def change_line(change: Change) -> str:
    text = change.text if len(change.text) <= 60 else change.text[:59].rstrip() + "…"
    where = f"{change.kind} {change.position} ({change.card})" if change.kind else change.card
    suffix = " (reworded)" if change.reworded else ""
    return printable(f"  {change.change:<9} {where}: {text}{suffix}")
