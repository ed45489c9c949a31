"""Run a build's per-source work on every core it may use, in order, as if it ran in one process.

Reading a page and making its notes depend on that page alone, and they are most of
a large build's time; worker processes share them out. Results come back in the
order of the sources, so a build's output does not depend on how many workers ran
it (tests/pipeline/test_workers.py), and the first source that fails is the one reported.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from flashcards.errors import OutputError
from flashcards.support.files import terminate_as_interrupt

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many sources a worker costs more to start and feed than it saves.
MIN_SOURCES_PER_WORKER = 32
# Each task hands a worker this many sources: enough to make sending it cheap, few enough
# that the workers finish together and a progress bar moves.
MAX_SOURCES_PER_TASK = 64
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(sources: int, jobs: int | None = None) -> int:
    """How many processes to use: jobs when given (1 is no workers at all), else one per core,
    and never more than the sources can keep busy."""
    wanted = available_cores() if jobs is None else jobs
    return max(1, min(wanted, sources // MIN_SOURCES_PER_WORKER))


def map_in_order(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], workers: int
) -> Generator[Result, None, None]:
    """work applied to items, results in the order of the items; with workers > 1, in that
    many processes, each given a slice of the items at a time."""
    if workers <= 1:
        # An item at a time, as the workers' results come: the first results are taken (and
        # their notes written) while the rest are still to be made, and fewer are held at once.
        for item in items:
            yield from work([item])
        return
    size = max(1, min(MAX_SOURCES_PER_TASK, len(items) // (workers * 8)))
    tasks = [items[start : start + size] for start in range(0, len(items), size)]
    try:
        results = tempfile.TemporaryDirectory(prefix="flashcards-results-")
    except OSError as error:
        raise results_error(error) from None
    # `kill` stops the build like Ctrl-C, so that the workers are ended with it.
    with terminate_as_interrupt(), results as folder:
        pool = process_context().Pool(workers, initializer=start_worker)
        try:
            try:
                for path in pool.imap(ResultsInFile(work, folder), tasks):
                    yield from read_results(path)
            except OSError as error:
                # A worker's or this process's, writing or reading a results file ($TMPDIR full).
                raise results_error(error) from None
            # Workers that are done are let go, not killed: killing idle workers (what
            # `with Pool()` does) now and then left the pool waiting for them forever.
            pool.close()
        except BaseException:
            pool.terminate()  # stopped or failed: the rest of the work is not wanted
            raise
        finally:
            pool.join()


def results_error(error: OSError) -> OutputError:
    return OutputError(
        f"cannot hand the workers' results back through files here: {error.strerror or error}",
        tempfile.gettempdir(),
    )


@dataclass(frozen=True)
class ResultsInFile(Generic[Item, Result]):
    """work, for a worker: it leaves its results in a file of folder and returns the file's path.

    Through the pool's pipe, each task's results (a megabyte) went in 64 kB pieces, each a
    wake-up of the pool's thread in the main process, which unpickled them beside the build;
    through files, read whole as the build takes them, both sides spend less
    (docs/PERFORMANCE.md).
    """

    work: Callable[[Sequence[Item]], list[Result]]
    folder: str

    def __call__(self, items: Sequence[Item]) -> str:
        results = self.work(items)
        handle, path = tempfile.mkstemp(dir=self.folder, suffix=".pickle")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(results, stream, protocol=pickle.HIGHEST_PROTOCOL)
        return path


def read_results(path: str) -> list:
    # Only this build's workers write here: a folder of its own, that only its user can read.
    with open(path, "rb") as stream:
        results = pickle.load(stream)
    os.unlink(path)
    return results


def process_context() -> multiprocessing.context.BaseContext:
    # A forked worker starts at once with everything imported; macOS and Windows cannot
    # fork safely, and spawn workers import flashcards anew (a tenth of a second each).
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def start_worker() -> None:
    # Ctrl-C reaches every process of the group: the build stops in the main process,
    # which ends the workers; without this each of them would print a traceback too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The main process turns `kill` into Ctrl-C while it builds; a worker that inherited that
    # would print a traceback when the main process ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    end_with_parent()
    # As in the main process (collector.py): a build makes no reference cycles.
    gc.disable()


def end_with_parent() -> None:
    """Have Linux end this worker when the build's process dies, even by `kill -9`; a worker left
    behind would run on and print a broken-pipe traceback into the user's terminal."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
