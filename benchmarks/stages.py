"""Where a build's time goes: CPU seconds for each stage, in one process.

Usage: python benchmarks/stages.py [N]    (default 10000 summaries)

It writes N pages like benchmarks/run.py does, then times reading and parsing
them, making their notes, matching them against the build record, writing the
package and writing the record, with the classes `flashcards build` uses (a build
does each a source at a time, the checks it adds on top are left out). In a build, worker processes read
and parse the pages, make the notes and hash them; the main process does the rest
while they run. CPU time, not wall time, so that other work on the machine
disturbs the split less.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

from pages import write_pages


def main(count: int) -> None:
    gc.disable()  # as `flashcards build` runs (flashcards/collector.py)
    started = time.process_time()
    from flashcards.cards.notes import write_notes
    from flashcards.package.decknames import deck_name
    from flashcards.package.writer import PackageWriter
    from flashcards.pipeline.build import read_sources
    from flashcards.record.entries import build_time, content_hash, record_path
    from flashcards.record.fileformat import RecordWriter, read_record
    from flashcards.record.matching import Matching

    marks = [("import flashcards and genanki", time.process_time() - started)]
    with tempfile.TemporaryDirectory(prefix="flashcards-stages-") as folder:
        pages = write_pages(Path(folder) / "pages", count)
        output = Path(folder) / "out.apkg"
        started = time.process_time()
        summaries, _ = read_sources(pages)
        marks.append(("read and parse pages", time.process_time() - started))
        started = time.process_time()
        made = [write_notes(summary, deck_name(summary, "Benchmark", alone=False)) for summary in summaries]
        notes = [note for notes_of_one in made for note in notes_of_one]
        marks.append(("make notes (cards stage)", time.process_time() - started))
        started = time.process_time()
        digests = [list(map(content_hash, notes_of_one)) for notes_of_one in made]
        marks.append(("hash the notes' content", time.process_time() - started))
        started = time.process_time()
        # A source at a time, as a build matches them.
        matching = Matching(read_record(record_path(output)), build_time())
        stamped = []
        for summary, notes_of_one, digests_of_one in zip(summaries, made, digests, strict=True):
            stamped += matching.add(notes_of_one, digests_of_one, summary)
        waited, _, record = matching.finish()
        stamped += [(note, entry) for _, note, entry in waited]
        marks.append(("match the record (ids, times)", time.process_time() - started))
        started = time.process_time()
        with PackageWriter(output, len(notes)) as package:
            package.add(stamped)
            package.save()
        marks.append(("write the package", time.process_time() - started))
        started = time.process_time()
        with RecordWriter(record_path(output)) as writer:
            writer.write_settled(record.entries)
            writer.commit()
        marks.append(("write the record (.lock.yaml)", time.process_time() - started))
    total = sum(seconds for _, seconds in marks)
    print(f"{count:,} summaries, {len(notes):,} notes: {total:.2f} s CPU")
    for name, seconds in marks:
        print(f"  {name:<30} {seconds:6.2f} s  {seconds / total:4.0%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
