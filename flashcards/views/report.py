"""The change report as text: a summary line, and with verbose one line a note."""

from __future__ import annotations

from flashcards.errors import printable
from flashcards.record.report import CHANGES, Change, Report


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
