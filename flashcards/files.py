"""Write a file so that a failure never leaves half of one: a temporary file beside it, renamed into place.

The rename is atomic on one file system, so the target is either the previous
file or the complete new one; a failed or interrupted write removes its
temporary file (only a hard kill can leave one, hidden, beside the target).
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flashcards.errors import OutputError


def write_atomically(path: Path, write: Callable[[Path], None], suffix: str) -> None:
    """Call write(temporary) and rename the result to path; suffix names the kind of file wanted."""
    check_target(path, suffix)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write here: {error.strerror or error}", str(path)) from None
    os.close(handle)
    try:
        with terminate_as_interrupt():
            write(Path(temporary))
            finish(Path(temporary), path)
            os.replace(temporary, path)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", str(path)) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text_atomically(path: Path, text: str, suffix: str) -> None:
    """Write UTF-8 text with LF line ends, atomically."""

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8", newline="\n")

    write_atomically(path, write, suffix)


def check_target(path: Path, suffix: str) -> None:
    if path.is_dir():
        raise OutputError(f"is a directory; give a file name ending in {suffix}", str(path))
    if path.exists() and not path.is_file():
        # Replacing a device or a pipe (say /dev/null, when run as root) would destroy it.
        raise OutputError(f"is not a regular file; give a file name ending in {suffix}", str(path))
    blocker = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write here: {blocker} is a file, not a folder", str(path))


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
    # Without fsync a crash soon after the rename can leave an empty file where the old one was.
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
