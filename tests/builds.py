"""The build's stages one at a time, all notes at once: what tests use to write a package, match a
record or write one outside a build. A build (flashcards.pipeline.build.Build) does each a source
at a time, with the same classes."""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from flashcards.models import NOTE_ID_STEP, Note, Stamp, Summary
from flashcards.package.writer import PackageStats, PackageWriter
from flashcards.pipeline.build import BuildPlan
from flashcards.record.entries import Record, build_time, content_hash, record_path
from flashcards.record.fileformat import RecordWriter, empty_record, parse_yaml_record, read_record
from flashcards.record.lines import RECORD_HEAD, dump_entry, read_as_written
from flashcards.record.matching import Matching
from flashcards.record.report import Report


@dataclass(frozen=True, slots=True)
class Update:
    """The notes as they will be written, their stamps by GUID, the report and the new record."""

    notes: tuple[Note, ...]
    stamps: Mapping[str, Stamp]
    report: Report
    record: Record


def reconcile(
    notes: Sequence[Note],
    summaries: Iterable[Summary],
    record: Record,
    now: int,
    digests: Sequence[str] | None = None,
) -> Update:
    """Give each note its GUID, note id and time from the record, and say what changed.

    The notes have GUIDs and keys of their own (the build checks them). digests are
    their content hashes when the caller has them already (worker processes make them).
    A build matches its notes a source at a time (build.py); this is all of them at once.
    """
    matching = Matching(record, now)
    if digests is None:
        digests = [content_hash(note) for note in notes]
    # Each summary's notes, in order: the notes come as builds make them, a summary at a time.
    start = 0
    for summary in summaries:
        end = start
        while end < len(notes) and notes[end].item.summary == summary.id:
            end += 1
        matching.add(notes[start:end], digests[start:end], summary)
        start = end
    matching.add(notes[start:], digests[start:])
    settled, report, new_record = matching.finish()
    written = list(notes)
    for index, note, _ in settled:
        written[index] = note
    # Each entry is also its note's stamp.
    stamps = {entry.guid: entry for entry in new_record.entries}
    return Update(tuple(written), stamps, report, new_record)


def plan_update(plan: BuildPlan, now: int | None = None) -> Update:
    """Match the plan's notes against the record beside its package: GUIDs, ids, times, report."""
    record = read_record(record_path(plan.output))
    now = build_time() if now is None else now
    return reconcile(plan.notes, plan.summaries, record, now, plan.digests or None)


def write_package(
    notes: Sequence[Note],
    path: Path,
    timestamp: float | None = None,
    stamps: Mapping[str, Stamp] | None = None,
    descriptions: Sequence[tuple[str, str]] = (),
) -> PackageStats:
    """Write the notes to path; an existing file there is replaced only by a complete package.

    stamps gives each note (by GUID) its note id and time; without them every note
    gets timestamp (default: now) and ids counted from it. descriptions: (deck, HTML) pairs.
    """
    if stamps is None:
        stamps = default_stamps(notes, time.time() if timestamp is None else timestamp)
    with PackageWriter(path, expected_notes=len(notes)) as writer:
        for deck, description in descriptions:
            writer.add_deck(deck, description)
        writer.add([(note, stamps[note.guid]) for note in notes])
        return writer.save()


def default_stamps(notes: Sequence[Note], timestamp: float) -> dict[str, Stamp]:
    first = int(timestamp * 1000)
    return {
        note.guid: Stamp(note_id=first + index * NOTE_ID_STEP, modified=int(timestamp))
        for index, note in enumerate(notes)
    }


def write_record(record: Record, path: Path) -> None:
    """Replace the record atomically: a failed write leaves the old one in place."""
    with RecordWriter(path) as writer:
        writer.write_settled(record.entries)
        writer.commit()


def parse_record(text: str, source: str) -> Record:
    """A record from its text: the fast path when its lines are as a build writes them, else YAML."""
    written = read_as_written(io.StringIO(text))
    return written if written is not None else parse_yaml_record(text, source)


def dump_record(record: Record) -> str:
    """Plain YAML, one block per note in package order, so that a diff shows what changed."""
    return "".join(record_parts(record))


def record_parts(record: Record) -> Iterator[str]:
    """The record's text a piece at a time: written whole, 200,000 notes made a 70 MB string."""
    if not record.entries:
        yield empty_record()
        return
    yield RECORD_HEAD
    yield from map(dump_entry, record.entries)
