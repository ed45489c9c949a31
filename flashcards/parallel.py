"""Share the per-summary work of a large build between the machine's CPUs.

Parsing a page and making its notes depend on that summary alone, so for many
summaries they run in worker processes, in chunks, and the results come back in
input order: the package and record are the same bytes either way. Small builds
stay in one process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many summaries a build takes well under a second in one process.
PARALLEL_FROM = 200
CHUNK = 25


def usable_cpus() -> int:
    # The CPUs this process may run on, which a container or taskset may limit.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def map_in_order(
    function: Callable[[Item], Result], items: Sequence[Item], step: Callable[[], None]
) -> list[Result]:
    """function over items, in order, calling step after each; in workers when it pays.

    function must be picklable (a module-level function, or a partial of one). An
    exception raised for an item is raised here, for the first failing item in order.
    """
    workers = min(usable_cpus(), len(items) // CHUNK)
    # fork shares the parent's modules with the workers at no cost; where it is not the
    # way processes start (Windows, macOS), workers would import everything again.
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for item in items:
            results.append(function(item))
            step()
        return results
    global SHARED
    # The workers are forked with the items in memory: only their indices are sent.
    SHARED = (function, items)
    try:
        results = []
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for result in pool.imap(call_shared, range(len(items)), chunksize=CHUNK):
                results.append(result)
                step()
        return results
    finally:
        SHARED = None


SHARED: tuple[Callable, Sequence] | None = None


def call_shared(index: int) -> object:
    assert SHARED is not None, "only ever called in a worker forked by map_in_order"
    function, items = SHARED
    return function(items[index])
