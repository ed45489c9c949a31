"""Write notes into an Anki package (.apkg) with genanki, atomically and reproducibly.

The same notes with the same stamps give the same bytes: every note is written
with its own note id and modification time (genanki would stamp one time on all
and count ids from the clock), card ids follow from note ids, the note types'
time is the newest note's, and the zip holds its entries in name order with
fixed times and modes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import sqlite3
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import genanki

from flashcards.errors import LostItemError, OutputError
from flashcards.lock import NOTE_ID_STEP, Stamp
from flashcards.models import Note
from flashcards.notetypes import NOTE_TYPES, STYLESHEET, NoteType

# The earliest time a zip entry can carry (1980-01-01, UTC).
ZIP_EPOCH = 315532800
ENTRY_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # zip "made by" system; Python would say 0 on Windows and change the bytes


@dataclass(frozen=True)
class PackageStats:
    """What a written package holds."""

    path: Path
    notes: int
    cards: int


class StampedNote(genanki.Note):
    """A genanki note written with its own note id, time and card ids."""

    stamp: Stamp
    card_ids: tuple[int, ...]

    def write_to_db(self, cursor, timestamp, deck_id, id_gen) -> None:
        # genanki takes the note id and then one id per card from id_gen, and writes
        # timestamp as the note's and its cards' time: hand it this note's own.
        ids = iter([self.stamp.note_id, *self.card_ids])
        super().write_to_db(cursor, self.stamp.modified, deck_id, ids)


def write_package(
    notes: Sequence[Note],
    path: Path,
    timestamp: float | None = None,
    stamps: Mapping[str, Stamp] | None = None,
) -> PackageStats:
    """Write the notes to path; an existing file there is replaced only by a complete package.

    stamps gives each note (by GUID) its note id and time; without them every note
    gets timestamp (default: now) and ids counted from it.
    """
    if stamps is None:
        stamps = default_stamps(notes, time.time() if timestamp is None else timestamp)
    models = {key: genanki_model(note_type) for key, note_type in NOTE_TYPES.items()}
    decks: dict[str, genanki.Deck] = {}
    used_card_ids: set[int] = set()
    cards = 0
    for note in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        anki_note = StampedNote(
            model=models[note.note_type], fields=list(note.fields), tags=list(note.tags), guid=note.guid
        )
        if not anki_note.cards:
            # Anki imports a note without cards and never shows it: the item would be lost.
            raise LostItemError(f"note {note.key!r} would make no card in Anki; nothing was written")
        anki_note.stamp = stamps[note.guid]
        anki_note.card_ids = card_ids(anki_note.stamp.note_id, len(anki_note.cards), used_card_ids)
        cards += len(anki_note.cards)
        deck.add_note(anki_note)
    newest = max((stamps[note.guid].modified for note in notes), default=ZIP_EPOCH)
    write_atomically(genanki.Package(list(decks.values())), path, newest)
    return PackageStats(path=path, notes=len(notes), cards=cards)


def default_stamps(notes: Sequence[Note], timestamp: float) -> dict[str, Stamp]:
    first = int(timestamp * 1000)
    return {
        note.guid: Stamp(note_id=first + index * NOTE_ID_STEP, modified=int(timestamp))
        for index, note in enumerate(notes)
    }


def card_ids(note_id: int, count: int, used: set[int]) -> tuple[int, ...]:
    """Card ids next to the note id (as Anki's own are close to their note's), never repeated."""
    ids = []
    candidate = note_id
    for _ in range(count):
        while candidate in used:
            candidate += 1
        used.add(candidate)
        ids.append(candidate)
    return tuple(ids)


def genanki_model(note_type: NoteType) -> genanki.Model:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[
            {"name": template.name, "qfmt": template.front, "afmt": template.back}
            for template in note_type.templates
        ],
        css=STYLESHEET,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )


def deck_id(name: str) -> int:
    # Anki matches decks by name and replaces the id on import; a stable id keeps files comparable.
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def write_atomically(package: genanki.Package, path: Path, timestamp: int) -> None:
    """Write to a temporary file beside the target, then rename it into place.

    The rename is atomic on one file system, so the target is either the previous
    package or the complete new one; a failed or interrupted write removes its
    temporary file (only a hard kill can leave one, hidden, beside the target).
    """
    if path.is_dir():
        raise OutputError("is a directory; give a file name ending in .apkg", str(path))
    if path.exists() and not path.is_file():
        # Replacing a device or a pipe (say /dev/null, when run as root) would destroy it.
        raise OutputError("is not a regular file; give a file name ending in .apkg", str(path))
    blocker = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write here: {blocker} is a file, not a folder", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write here: {error.strerror or error}", str(path)) from None
    os.close(handle)
    try:
        with terminate_as_interrupt():
            write_apkg(package, Path(temporary), timestamp)
            finish(Path(temporary), path)
            os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", str(path)) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While writing, let `kill` (SIGTERM) unwind like Ctrl-C so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def finish(temporary: Path, target: Path) -> None:
    """Give the new file the permissions a plain file would get, and put it on disk before the rename."""
    # mkstemp makes the file private (0600); a deck is meant to be shared like any other file.
    if target.is_file():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    # Without fsync a crash soon after the rename can leave an empty file where the old package was.
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())


def write_apkg(package: genanki.Package, target: Path, timestamp: int) -> None:
    """genanki's database in a zip of our own making: sorted entries, fixed times and modes."""
    with tempfile.TemporaryDirectory(prefix="flashcards-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            # The id counter is unused: every note brings its own ids (StampedNote).
            package.write_to_db(connection.cursor(), timestamp, itertools.count(1))
            connection.commit()
        finally:
            connection.close()
        entries = {"collection.anki2": database.read_bytes(), "media": b"{}"}
    when = time.gmtime(max(timestamp, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = UNIX
            info.external_attr = ENTRY_MODE << 16
            archive.writestr(info, entries[name])
