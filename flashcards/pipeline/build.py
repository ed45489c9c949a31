"""Tie the stages together for one build: read sources, name decks, write notes and package."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path

from flashcards.cards.notes import CARD_KINDS, write_notes
from flashcards.errors import FlashcardsError
from flashcards.models import Diagnostic, Note, Summary
from flashcards.package.decknames import deck_description, deck_name
from flashcards.package.writer import PackageWriter
from flashcards.pipeline.checks import (
    DistinctDecks,
    DistinctSummaries,
    NothingLost,
    distinct_paths,
    repeated_items,
)
from flashcards.pipeline.outputs import (
    DEFAULT_FOLDER,
    check_package_target,
    check_same_summaries,
    default_output,
)
from flashcards.record.entries import Entry, Record, build_time, content_hash, key_parts, record_path
from flashcards.record.fileformat import RecordWriter, read_record
from flashcards.record.matching import Matching
from flashcards.record.report import UNCHANGED, UPDATED, Report
from flashcards.sources.page import parse_summary, read_summary
from flashcards.sources.text import STDIN_NAME, STDIO, is_stdio, read_text
from flashcards.sources.yamlfile import parse_summary_yaml, read_summary_yaml
from flashcards.support.files import check_target, output_lock, signals_held, terminate_as_interrupt
from flashcards.support.workers import map_in_order, worker_count

YAML_SUFFIXES = (".yaml", ".yml")
# Notes a page typically makes (the sample makes 20).
NOTES_PER_SUMMARY = 20


@dataclass(frozen=True)
class BuildPlan:
    """What one package will hold, before it is written."""

    summaries: tuple[Summary, ...]
    notes: tuple[Note, ...]
    warnings: tuple[Diagnostic, ...]
    output: Path
    # The notes' content hashes, made beside them (in the workers); empty: made when needed.
    digests: tuple[str, ...] = ()
    # Each summary's deck and its description, as a build writes them (BuildFiles.add).
    descriptions: tuple[tuple[str, str], ...] = ()


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
    if is_stdio(path):
        return read_stdin(encoding)
    # Edited YAML files and summary pages mix freely in one build.
    read = read_summary_yaml if path.suffix.lower() in YAML_SUFFIXES else read_summary
    return read(path, encoding)


def read_stdin(encoding: str) -> tuple[Summary, list[Diagnostic]]:
    """A page or an editable YAML file piped in: standard input has no suffix to tell which, but
    extract's YAML starts with its comment header or a `title:` key, and no page starts so."""
    text = read_text(Path(STDIO), encoding)
    opening = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    if opening.startswith(("#", "title:")):
        return parse_summary_yaml(text, STDIN_NAME), []
    return parse_summary(text, STDIN_NAME)


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

    def __call__(self, paths: Sequence[Path]) -> list[SourceNotes | FlashcardsError]:
        """Each source's notes, up to the first source that cannot be read: then its error, which
        the build raises when it gets there, after the sources before it (as without workers)."""
        # The whole task is read first: parsing a page between two pages' notes pushed the card
        # rules' word caches out of the CPU's cache.
        read: list[tuple[Summary, list[Diagnostic]]] = []
        failed: list[FlashcardsError] = []
        for path in paths:
            try:
                read.append(read_source(path, self.encoding))
            except FlashcardsError as error:
                failed.append(error)
                break
        return [*(self.make(summary, warnings) for summary, warnings in read), *failed]

    def make(self, summary: Summary, warnings: Sequence[Diagnostic]) -> SourceNotes:
        deck = deck_name(summary, self.parent, self.alone)
        notes = write_notes(summary, deck, self.cards)
        # Hashing every field is a tenth of a build's CPU: done here, it is shared out too.
        digests = tuple(map(content_hash, notes))
        return SourceNotes(summary, tuple(warnings), deck, tuple(notes), digests)


@dataclass(frozen=True)
class ItemCounts:
    """How many ideas and quotes a build's notes came from, and how many YAML files skipped."""

    ideas: int = 0
    quotes: int = 0
    skipped: int = 0

    def plus(self, summary: Summary) -> ItemCounts:
        ideas = sum(not idea.edits.skip for idea in summary.ideas)
        quotes = sum(not quote.edits.skip for quote in summary.quotes)
        skipped = len(summary.ideas) + len(summary.quotes) - ideas - quotes
        return ItemCounts(self.ideas + ideas, self.quotes + quotes, self.skipped + skipped)


class Sources:
    """A build's sources taken in order, as the workers made them: ids and deck names made
    distinct, the notes of a renamed summary made again, and every item checked for its notes.

    Each check depends only on the sources before, so a build takes each source as it comes.
    """

    def __init__(self, parent: str | None, cards: Sequence[str], alone: bool):
        self.parent = parent
        self.cards = tuple(cards)
        self.alone = alone
        self.ids = DistinctSummaries()
        self.decks = DistinctDecks()
        self.lost = NothingLost(cards)
        self.counts = ItemCounts()
        # Kept by kind and reported in that order, as when the checks ran over all sources at once:
        # what reading found, repeated items, shared ids, shared deck names.
        self.read_warnings: list[Diagnostic] = []
        self.repeat_warnings: list[Diagnostic] = []
        self.id_warnings: list[Diagnostic] = []
        self.deck_warnings: list[Diagnostic] = []

    def take(self, made: SourceNotes) -> SourceNotes:
        """The source as it goes in the package."""
        self.read_warnings.extend(made.warnings)
        self.repeat_warnings.extend(repeated_items(made.summary))
        summary, id_warning = self.ids.take(made.summary)
        if id_warning is not None:
            self.id_warnings.append(id_warning)
        deck, deck_warning = self.decks.take(deck_name(summary, self.parent, self.alone), summary)
        if deck_warning is not None:
            self.deck_warnings.append(deck_warning)
        notes, digests = made.notes, made.digests
        if summary is not made.summary or deck != made.deck:
            # Renamed for sharing its id or deck name with another: its notes are made again.
            notes = tuple(write_notes(summary, deck, self.cards))
            digests = tuple(map(content_hash, notes))
        self.lost.check(summary, notes)
        self.counts = self.counts.plus(summary)
        return SourceNotes(summary, made.warnings, deck, notes, digests)

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.read_warnings + self.repeat_warnings + self.id_warnings + self.deck_warnings


def made_sources(
    paths: Sequence[Path], encoding: str, cards: Sequence[str], parent: str | None, jobs: int | None
) -> Generator[SourceNotes, None, None]:
    """Each source read and its notes made, in order, in jobs processes (default: one per core)."""
    maker = NoteMaker(encoding, tuple(cards), parent, alone=parent is None and len(paths) == 1)
    if any(map(is_stdio, paths)):
        jobs = 1  # only this process can read its standard input
    with closing(map_in_order(maker, paths, worker_count(len(paths), jobs))) as made:
        for source in made:
            if isinstance(source, FlashcardsError):
                raise source
            yield source


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote (in a dry run, would have written) and what it found on the way."""

    output: Path
    items: ItemCounts
    notes: int
    # None in a dry run, which writes nothing.
    cards: int | None
    report: Report


class Build:
    """One build, streamed: each source's notes are matched against the record and written
    to the package as the workers hand them over, while they make the next ones.

    Only the notes of a rebuild that the record does not know by GUID wait for the end
    (lock.Matching). The warnings found so far are kept in warnings, for the caller to
    show even when the build fails.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        output: Path | None = None,
        parent: str | None = None,
        encoding: str = "utf-8",
        cards: Sequence[str] = CARD_KINDS,
        jobs: int | None = None,
        folder: Path = DEFAULT_FOLDER,
        force: bool = False,
    ):
        if not paths:
            raise ValueError("a build needs at least one source")
        self.paths, self.path_warnings = distinct_paths(paths)
        self.output = output
        # Where a default name goes (-o FOLDER/), and whether a deck of other summaries may be replaced.
        self.folder = folder
        self.force = force
        self.parent = parent
        self.encoding = encoding
        self.cards = tuple(cards)
        self.jobs = jobs
        self.sources = Sources(parent, cards, alone=parent is None and len(self.paths) == 1)

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.path_warnings + self.sources.warnings

    def taken_sources(self) -> Generator[SourceNotes, None, None]:
        """Each source read, its notes made (in workers) and taken in order (Sources.take)."""
        made = made_sources(self.paths, self.encoding, self.cards, self.parent, self.jobs)
        with closing(made):
            yield from map(self.sources.take, made)

    def plan(self, step: Callable[[], None] = lambda: None) -> BuildPlan:
        """Every note the build would write, all at once, written nowhere (the preview shows them;
        tests look at them); step is called once a source."""
        taken: list[SourceNotes] = []
        for source in self.taken_sources():
            taken.append(source)
            step()
        summaries = tuple(source.summary for source in taken)
        output = self.output or default_output(summaries[0], len(summaries), self.parent, self.folder)
        return BuildPlan(
            summaries=summaries,
            notes=tuple(note for source in taken for note in source.notes),
            warnings=tuple(self.warnings),
            output=output,
            digests=tuple(digest for source in taken for digest in source.digests),
            descriptions=tuple(
                (source.deck, deck_description(source.summary)) for source in taken if source.notes
            ),
        )

    def run(
        self,
        dry_run: bool = False,
        now: int | None = None,
        step: Callable[[], None] = lambda: None,
        writing: Callable[[Path], None] = lambda path: None,
    ) -> BuildResult:
        """Build the package and its record beside it (in a dry run, only the report); step is
        called once a source, writing once the last source is in."""
        now = build_time() if now is None else now
        if self.output is not None:
            check_package_target(self.output, self.paths)  # before a source is read
        sources = self.taken_sources()
        # `kill` stops the build like Ctrl-C, so that its temporary files are removed; a build
        # stopped by a fault in a source ends its workers at once (closing(sources)).
        with terminate_as_interrupt(), closing(sources), ExitStack() as cleanup:
            # The first source comes once the workers are started; the output may be its title.
            first = next(sources)
            output = self.output or default_output(first.summary, len(self.paths), self.parent, self.folder)
            check_package_target(output, self.paths)
            # A target that cannot be written is said so before its record is looked for, in a dry run too.
            check_target(output, ".apkg")
            if not dry_run:
                # Another build into the same package would read the same record and overwrite this one's.
                cleanup.enter_context(output_lock(output))
            last = read_record(record_path(output))
            recorded = {key_parts(entry.key).summary for entry in last.entries}
            matching = Matching(last, now)
            del last  # the matching lets go of each entry as a note continues it
            files = None if dry_run else cleanup.enter_context(BuildFiles(output, len(self.paths)))
            built: set[str] = set()
            for source in itertools.chain([first], sources):
                built.add(source.summary.id)
                settled = matching.add(source.notes, source.digests, source.summary)
                if files is not None:
                    files.add(source, settled, matching.entries)
                step()
            waited, report, record = matching.finish()
            if not self.force:
                continued = report.count(UPDATED) + report.count(UNCHANGED)
                check_same_summaries(output, recorded, built, continued)
            writing(output)
            cards = None if files is None else files.save(waited, record)
        return BuildResult(output, self.sources.counts, len(record.entries), cards, report)


class BuildFiles:
    """A build's package and its record, written as its notes settle. Both are put in place
    by save(), the record after the package: it only ever describes a written package."""

    def __init__(self, output: Path, sources: int):
        with ExitStack() as undo:
            # The package's page size follows its number of notes: guessed from the sources.
            self.package = undo.enter_context(PackageWriter(output, NOTES_PER_SUMMARY * sources))
            self.record = undo.enter_context(RecordWriter(record_path(output)))
            self.undo = undo.pop_all()

    def __enter__(self) -> BuildFiles:
        return self

    def __exit__(self, *exception: object) -> None:
        self.undo.close()

    def add(
        self, source: SourceNotes, settled: Sequence[tuple[Note, Entry]], entries: Sequence[Entry | None]
    ) -> None:
        """Write the source's settled notes, and the record's entries as far as they are settled."""
        if source.notes:
            self.package.add_deck(source.deck, deck_description(source.summary))
            self.package.add(settled)
            self.record.write_settled(entries)

    def save(self, waited: Sequence[tuple[int, Note, Entry]], record: Record) -> int:
        """Write the notes that waited for the end and put both files in place; the package's cards.

        Both are complete and on disk before either is renamed (a full disk stops the build with
        the last package and record as they were), and Ctrl-C or `kill` wait for both renames.
        """
        self.package.add([(note, entry) for _, note, entry in waited])
        self.record.write_settled(record.entries)
        cards = self.package.complete().cards
        self.record.complete()
        with signals_held():
            self.package.target.put_in_place()
            self.record.file.put_in_place()
        return cards
