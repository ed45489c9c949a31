"""Write notes into an Anki package (.apkg) with genanki, atomically."""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import genanki

from flashcards.errors import LostItemError, OutputError
from flashcards.models import Note
from flashcards.notetypes import NOTE_TYPES, STYLESHEET, NoteType


@dataclass(frozen=True)
class PackageStats:
    """What a written package holds."""

    path: Path
    notes: int
    cards: int


def write_package(notes: Sequence[Note], path: Path, timestamp: float | None = None) -> PackageStats:
    """Write the notes to path; an existing file there is replaced only by a complete package."""
    models = {key: genanki_model(note_type) for key, note_type in NOTE_TYPES.items()}
    decks: dict[str, genanki.Deck] = {}
    cards = 0
    for note in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        anki_note = genanki.Note(
            model=models[note.note_type], fields=list(note.fields), tags=list(note.tags), guid=note.guid
        )
        if not anki_note.cards:
            # Anki imports a note without cards and never shows it: the item would be lost.
            raise LostItemError(f"note {note.key!r} would make no card in Anki; nothing was written")
        cards += len(anki_note.cards)
        deck.add_note(anki_note)
    write_atomically(genanki.Package(list(decks.values())), path, timestamp)
    return PackageStats(path=path, notes=len(notes), cards=cards)


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


def write_atomically(package: genanki.Package, path: Path, timestamp: float | None) -> None:
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
            package.write_to_file(temporary, timestamp=timestamp)
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
