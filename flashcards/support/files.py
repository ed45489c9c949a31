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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from flashcards.errors import OutputError, Terminated


def write_atomically(path: Path, write: Callable[[Path], None], suffix: str) -> None:
    """Call write(temporary) and rename the result to path; suffix names the kind of file wanted."""
    with terminate_as_interrupt(), AtomicFile(path, suffix) as target:
        try:
            write(target.temporary)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", str(path)) from None
        target.commit()


class AtomicFile:
    """A file made in a temporary file beside path, put in place whole by commit().

    Leaving the block without commit() removes the temporary file, so a failed or
    interrupted build leaves the previous file as it was.
    """

    def __init__(self, path: Path, suffix: str):
        check_target(path, suffix)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise OutputError(f"cannot write here: {error.strerror or error}", str(path)) from None
        os.close(handle)
        self.path = path
        self.temporary = Path(temporary)
        self.stream: TextIO | None = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exception: object) -> None:
        self.discard()

    def write_text(self, parts: Iterable[str]) -> None:
        """Add UTF-8 text with LF line ends to the file."""
        try:
            if self.stream is None:
                self.stream = self.temporary.open("w", encoding="utf-8", newline="\n")
            self.stream.writelines(parts)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.path)) from None

    def commit(self) -> None:
        self.prepare()
        self.put_in_place()

    def prepare(self) -> None:
        """Everything but the rename: the file complete, with its permissions, on disk."""
        try:
            if self.stream is not None:
                self.stream.close()
            finish(self.temporary, self.path)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.path)) from None

    def put_in_place(self) -> None:
        """Rename the prepared file to its path."""
        try:
            os.replace(self.temporary, self.path)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.path)) from None

    def discard(self) -> None:
        if self.stream is not None:
            # The data it could not write (a full disk) goes with the file, removed below.
            with suppress(OSError):
                self.stream.close()
        with suppress(FileNotFoundError):
            self.temporary.unlink()


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


def raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While writing, let `kill` (SIGTERM) unwind like Ctrl-C so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and `kill` (SIGINT, SIGTERM) for the moment between renames that belong together:
    they take effect after it, so that a package is never left beside the record of another.

    Blocking them in this thread is not enough: the kernel may hand a signal to another thread of
    the process (a native thread numpy's OpenBLAS starts, for one), and Python then acts on it in
    the main thread all the same. So the handlers only note a signal until the moment is over.
    """
    held = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: noted.append(number)) for number in held}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, held) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for number, handler in previous.items():
            signal.signal(number, handler)
        for caught in dict.fromkeys(noted):
            signal.raise_signal(caught)


@contextmanager
def output_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on the package at path while a build reads its record and writes both:
    a second build into the same package waits until the first is done, then reads what it wrote.

    The lock is a hidden file beside the package, removed by the build that holds it; a build that
    locked a file removed meanwhile locks the new one instead. Without fcntl (Windows), no lock.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(handle, fcntl.LOCK_EX)
            if same_file(handle, lock_path):
                break
            os.close(handle)  # locked after its holder removed it: lock the one there now
    except OSError as error:
        raise OutputError(f"cannot write here: {error.strerror or error}", str(path)) from None
    try:
        yield
    finally:
        with suppress(FileNotFoundError):
            lock_path.unlink()
        os.close(handle)


def same_file(handle: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path))
    except FileNotFoundError:
        return False


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
