"""Tie the stages together for one build: read sources, name decks, write notes and package."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flashcards.cards import CARD_KINDS, write_notes
from flashcards.checks import (
    check_nothing_lost,
    distinct_decks,
    distinct_paths,
    distinct_summaries,
    repeated_items,
)
from flashcards.lock import Update, build_time, content_hash, reconcile_file, record_path, write_record
from flashcards.models import Diagnostic, Note, Summary
from flashcards.package import PackageStats, write_package
from flashcards.parse import read_summary
from flashcards.slugs import slugify
from flashcards.workers import map_in_order, worker_count
from flashcards.yamlfile import read_summary_yaml

DEFAULT_FOLDER = Path("decks")
DEFAULT_PARENT_DECK = "Summaries"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BuildPlan:
    """What one package will hold, before it is written."""

    summaries: tuple[Summary, ...]
    notes: tuple[Note, ...]
    warnings: tuple[Diagnostic, ...]
    output: Path
    # The notes' content hashes, made beside them (in the workers); empty: made when needed.
    digests: tuple[str, ...] = ()


def read_sources(
    paths: Sequence[Path], encoding: str = "utf-8", step: Callable[[], None] = lambda: None
) -> tuple[list[Summary], list[Diagnostic]]:
    summaries: list[Summary] = []
    warnings: list[Diagnostic] = []
    for path in paths:
        summary, found = read_source(path, encoding)
        summaries.append(summary)
        warnings.extend(found)
        step()
    return summaries, warnings


def read_source(path: Path, encoding: str) -> tuple[Summary, list[Diagnostic]]:
    # Edited YAML files and summary pages mix freely in one build.
    read = read_summary_yaml if path.suffix.lower() in YAML_SUFFIXES else read_summary
    return read(path, encoding)


@dataclass(frozen=True, slots=True)
class SourceNotes:
    """One source read and its notes made, with the deck it would have if nothing else shared its name."""

    summary: Summary
    warnings: tuple[Diagnostic, ...]
    deck: str
    notes: tuple[Note, ...]
    digests: tuple[str, ...]


@dataclass(frozen=True)
class NoteMaker:
    """Read sources and make their notes; a worker process is handed one (workers.py)."""

    encoding: str
    cards: tuple[str, ...]
    parent: str | None
    alone: bool

    def __call__(self, paths: Sequence[Path]) -> list[SourceNotes]:
        return [self.make(path) for path in paths]

    def make(self, path: Path) -> SourceNotes:
        summary, warnings = read_source(path, self.encoding)
        deck = deck_name(summary, self.parent, self.alone)
        notes = write_notes(summary, deck, self.cards)
        # Hashing every field is a tenth of a build's CPU: done here, it is shared out too.
        digests = tuple(map(content_hash, notes))
        return SourceNotes(summary, tuple(warnings), deck, tuple(notes), digests)


def deck_names(summaries: Sequence[Summary], parent: str | None) -> list[str]:
    """One deck per summary: its title alone, or a subdeck of the parent when there are several."""
    alone = parent is None and len(summaries) == 1
    return [deck_name(summary, parent, alone) for summary in summaries]


def deck_name(summary: Summary, parent: str | None, alone: bool) -> str:
    title = deck_part(summary.deck or summary.title)
    return title if alone else f"{deck_part(parent or DEFAULT_PARENT_DECK)}::{title}"


def deck_part(name: str) -> str:
    # "::" separates subdecks in Anki; a title containing it must not create a hierarchy.
    return " ".join(name.replace("::", ":").split()) or "Untitled"


def default_output(summaries: Sequence[Summary], parent: str | None) -> Path:
    name = parent if parent is not None or len(summaries) != 1 else summaries[0].title
    return DEFAULT_FOLDER / f"{slugify(name or DEFAULT_PARENT_DECK, max_words=10)}.apkg"


def plan_build(
    paths: Sequence[Path],
    output: Path | None = None,
    parent: str | None = None,
    encoding: str = "utf-8",
    cards: Sequence[str] = CARD_KINDS,
    step: Callable[[], None] = lambda: None,
    jobs: int | None = None,
) -> BuildPlan:
    """Read the sources and make their notes, in jobs processes (default: one per core, see
    workers.py); step is called twice a source, for a progress bar."""
    paths, warnings = distinct_paths(paths)
    maker = NoteMaker(encoding, tuple(cards), parent, alone=parent is None and len(paths) == 1)
    made: list[SourceNotes] = []
    for source in map_in_order(maker, paths, worker_count(len(paths), jobs)):
        made.append(source)
        step()
        step()
    warnings += [warning for source in made for warning in source.warnings]
    warnings += [warning for source in made for warning in repeated_items(source.summary)]
    summaries, found = distinct_summaries([source.summary for source in made])
    warnings += found
    decks, found = distinct_decks(deck_names(summaries, parent), summaries)
    warnings += found
    notes: list[Note] = []
    digests: list[str] = []
    for source, summary, deck in zip(made, summaries, decks, strict=True):
        if summary is source.summary and deck == source.deck:
            notes.extend(source.notes)
            digests.extend(source.digests)
        else:
            # Renamed for sharing its id or deck name with another: its notes are made again.
            remade = write_notes(summary, deck, cards)
            notes.extend(remade)
            digests.extend(map(content_hash, remade))
    check_nothing_lost(summaries, notes, cards)
    return BuildPlan(
        summaries=tuple(summaries),
        notes=tuple(notes),
        warnings=tuple(warnings),
        output=output if output is not None else default_output(summaries, parent),
        digests=tuple(digests),
    )


def plan_update(plan: BuildPlan, now: int | None = None) -> Update:
    """Match the plan's notes against the record beside its package: GUIDs, ids, times, report."""
    path = record_path(plan.output)
    now = build_time() if now is None else now
    return reconcile_file(plan.notes, plan.summaries, path, now, plan.digests or None)


def write_build(plan: BuildPlan, update: Update) -> PackageStats:
    """Write the package, then its record; the record only ever describes a written package."""
    stats = write_package(update.notes, plan.output, stamps=update.stamps)
    write_record(update.record, record_path(plan.output))
    return stats
