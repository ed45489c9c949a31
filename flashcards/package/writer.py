"""Write notes into an Anki package (.apkg) with genanki, atomically and reproducibly.

The same notes with the same stamps give the same bytes: every note is written
with its own note id and modification time (genanki would stamp one time on all
and count ids from the clock), card ids follow from note ids, the note types'
time is the newest note's (never older than the last change to the note types),
and the zip holds its entries in name order with fixed times and modes.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from flashcards.errors import OutputError
from flashcards.models import Note, Stamp
from flashcards.package.rows import ZIP_EPOCH, PackageRows
from flashcards.support.files import AtomicFile

ENTRY_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # zip "made by" system; Python would say 0 on Windows and change the bytes


@dataclass(frozen=True)
class PackageStats:
    """What a written package holds."""

    path: Path
    notes: int
    cards: int


class PackageWriter:
    """A package written as a build makes its notes, a few at a time, then saved whole.

    The database is built in a temporary folder, and zipped into a temporary file beside
    path, which save() puts in place; leaving the block any other way removes both. The
    temporary file is made at once, so that a folder the package cannot go in is reported
    before the build. Each note is written with its own note id, time and card ids (its Stamp).
    """

    def __init__(self, path: Path, expected_notes: int):
        with ExitStack() as undo:
            self.target = undo.enter_context(AtomicFile(path, ".apkg"))
            try:
                folder = undo.enter_context(tempfile.TemporaryDirectory(prefix="flashcards-"))
            except OSError as error:
                where = tempfile.gettempdir()
                raise OutputError(f"cannot write in {where}: {error.strerror or error}", str(path)) from None
            self.database = Path(folder) / "collection.anki2"
            with database_errors(path):
                self.connection = sqlite3.connect(self.database)
                undo.callback(self.connection.close)
                self.rows = PackageRows(self.connection.cursor(), expected_notes)
            # Made whole: from here on close() undoes it, in the reverse order.
            self.undo = undo.pop_all()

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def add(self, stamped: Sequence[tuple[Note, Stamp]]) -> None:
        """Write these notes (each with its stamp) into the package."""
        with database_errors(self.target.path):
            self.rows.add(stamped)

    def add_deck(self, name: str, description: str = "") -> None:
        """List the deck in the package now, though some of its notes come later: decks are
        listed in the order the build takes its sources, whichever notes wait (lock.Matching).
        The description (HTML) is what Anki shows in the deck's overview."""
        self.rows.place_deck(name)
        if description:
            self.rows.descriptions[name] = description

    def save(self) -> PackageStats:
        """Finish the package and put it at its path, replacing a file there only with a complete one."""
        stats = self.complete()
        self.target.put_in_place()
        return stats

    def complete(self) -> PackageStats:
        """Finish the package in its temporary file, on disk and ready to be put in place."""
        with database_errors(self.target.path):
            self.rows.finish()
            self.connection.commit()
            self.connection.close()
        try:
            zip_database(self.database, self.target.temporary, self.rows.newest)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.target.path)) from None
        self.target.prepare()
        return PackageStats(path=self.target.path, notes=self.rows.notes, cards=self.rows.cards)

    def close(self) -> None:
        self.undo.close()


@contextmanager
def database_errors(path: Path) -> Iterator[None]:
    """SQLite's errors while the package's database is built in the temporary folder (a full
    $TMPDIR: "database or disk is full") as an OutputError about the package."""
    try:
        yield
    except sqlite3.Error as error:
        folder = tempfile.gettempdir()
        raise OutputError(f"cannot write its database in {folder}: {error}", str(path)) from None


def zip_database(database: Path, target: Path, timestamp: int) -> None:
    """The database in a zip of our own making: sorted entries, fixed times and modes."""
    when = time.gmtime(max(timestamp, ZIP_EPOCH))[:6]
    # The database is copied into the zip in chunks: read whole, a large one doubled peak memory.
    entries = {"collection.anki2": database, "media": None}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = UNIX
            info.external_attr = ENTRY_MODE << 16
            source = entries[name]
            if source is None:
                archive.writestr(info, b"{}")
                continue
            info.file_size = source.stat().st_size
            with source.open("rb") as reader, archive.open(info, "w") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
