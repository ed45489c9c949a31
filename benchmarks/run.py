"""Benchmark `flashcards build` against the floor it sits on: bare genanki writing the same notes.

Usage: python benchmarks/run.py [N ...] [--repeat R] [--keep DIR]

For each N (default 10, 1000 and 10000) it writes N varied summary pages into a
temporary folder, then, R times in turn, runs `flashcards build` on them and a
bare genanki script (benchmarks/bare_genanki.py) that writes the same notes with
the same fields, each in its own process. Wall time is measured around the
process, peak memory is the largest resident memory of the process and its worker
processes together (sampled from /proc) or of its largest process (os.wait4). It
also times `flashcards --help` against `python -c "import click"`. Times are the
best of R runs (the least disturbed by whatever else the machine is doing);
memory is the largest seen. The benchmark's own process never loads the notes:
a child's peak memory as the kernel reports it includes its parent's size at the
moment it was started. CPU time (user + system, from os.wait4) is shown
too: it moves less than wall time when other work shares the machine. It
prints Markdown tables, ready for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pages import write_pages

HERE = Path(__file__).resolve().parent
FLASHCARDS = [sys.executable, "-m", "flashcards"]
DEFAULT_SIZES = (10, 1000, 10000)
PARENT_DECK = "Benchmark"
TARGET_RATIO = 1.1
TARGET_MEMORY_MB = 500
TARGET_STARTUP_RATIO = 1.3


@dataclass(frozen=True)
class Run:
    """One measured process: wall seconds, CPU seconds (user + system) and peak resident memory in MB."""

    seconds: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Row:
    summaries: int
    notes: int
    ours: list[Run]
    bare: list[Run]


def measure(command: list[str]) -> Run:
    """Run command to completion; fail loudly if it fails, since a broken run measures nothing."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = TreeMemory(process.pid)
    tree.start()
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    tree.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} ... failed ({process.returncode}):\n{stderr.decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    largest = usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux
    return Run(seconds=seconds, cpu=cpu, peak_mb=max(largest, tree.peak_mb))


class TreeMemory(threading.Thread):
    """The peak, over time, of the resident memory of a process and all its children together.

    os.wait4 reports the largest single process only, and `flashcards build` runs worker
    processes beside the main one. Sampled every 20 ms from /proc (Linux; elsewhere it
    stays 0 and the largest process is all there is). Pages a forked worker still shares
    with the main process count in both, so the sum errs on the high side.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = pid
        self.peak_mb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak_mb = max(self.peak_mb, sum(resident_mb(pid) for pid in family(self.root)))

    def stop(self) -> None:
        self.done.set()
        self.join()


def family(pid: int) -> list[int]:
    """pid and its descendants, as /proc lists them now."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(grandchild for child in children for grandchild in family(int(child)))]


def resident_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def dump_notes(pages: list[Path], path: Path) -> int:
    """The notes flashcards makes from the pages, as JSON for the bare genanki script; their number."""
    command = [sys.executable, str(HERE / "dump_notes.py"), PARENT_DECK, str(path), *map(str, pages)]
    return int(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def bench_size(count: int, repeat: int, folder: Path) -> Row:
    pages = write_pages(folder / "pages", count)
    notes_json = folder / "notes.json"
    notes = dump_notes(pages, notes_json)
    ours_command = [*FLASHCARDS, "build", "-q", "--deck", PARENT_DECK, "-o", str(folder / "ours.apkg")]
    ours_command += [str(page) for page in pages]
    bare_command = [sys.executable, str(HERE / "bare_genanki.py"), str(notes_json), str(folder / "bare.apkg")]
    ours: list[Run] = []
    bare: list[Run] = []
    # Interleaved, so that a busy moment on the machine hits both sides alike.
    for _ in range(repeat):
        # Every run a first build: a package and record left by the last run would make it a rebuild.
        for previous in folder.glob("ours.*"):
            previous.unlink()
        ours.append(measure(ours_command))
        bare.append(measure(bare_command))
    return Row(summaries=count, notes=notes, ours=ours, bare=bare)


def best(runs: list[Run]) -> float:
    return min(run.seconds for run in runs)


def best_cpu(runs: list[Run]) -> float:
    return min(run.cpu for run in runs)


def peak(runs: list[Run]) -> float:
    return max(run.peak_mb for run in runs)


def spread(runs: list[Run]) -> str:
    """Best and median, so a reader sees how noisy the machine was."""
    return f"{best(runs):.2f} s (median {statistics.median(run.seconds for run in runs):.2f})"


def size_table(rows: list[Row]) -> list[str]:
    lines = [
        "| summaries | notes | flashcards build | bare genanki | ours / bare | ours / bare, CPU time"
        " | peak memory, ours | peak memory, bare |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = best(row.ours) / best(row.bare)
        cpu_ratio = best_cpu(row.ours) / best_cpu(row.bare)
        lines.append(
            f"| {row.summaries:,} | {row.notes:,} | {spread(row.ours)} | {spread(row.bare)} | {ratio:.2f}x"
            f" | {cpu_ratio:.2f}x | {peak(row.ours):.0f} MB | {peak(row.bare):.0f} MB |"
        )
    return lines


def startup_table(repeat: int) -> tuple[list[str], float]:
    ours: list[Run] = []
    click: list[Run] = []
    for _ in range(repeat):  # interleaved, like the builds
        ours.append(measure([*FLASHCARDS, "--help"]))
        click.append(measure([sys.executable, "-c", "import click"]))
    ratio = best(ours) / best(click)
    lines = [
        "| command | best of runs | ratio |",
        "| --- | ---: | ---: |",
        f"| `flashcards --help` | {best(ours) * 1000:.0f} ms | {ratio:.2f}x |",
        f'| `python -c "import click"` | {best(click) * 1000:.0f} ms | 1.00x |',
    ]
    return lines, ratio


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )


def verdicts(rows: list[Row], startup_ratio: float) -> list[str]:
    lines = []
    for row in rows:
        if row.summaries == max(DEFAULT_SIZES):
            ratio = best(row.ours) / best(row.bare)
            lines.append(
                f"- build at {row.summaries:,} summaries: {ratio:.2f}x bare genanki"
                f" (target <= {TARGET_RATIO}x): {'met' if ratio <= TARGET_RATIO else 'NOT met'}"
            )
            memory = peak(row.ours)
            lines.append(
                f"- peak memory at {row.summaries:,} summaries: {memory:.0f} MB"
                f" (target < {TARGET_MEMORY_MB} MB): {'met' if memory < TARGET_MEMORY_MB else 'NOT met'}"
            )
    met = startup_ratio <= TARGET_STARTUP_RATIO
    lines.append(
        f"- `flashcards --help`: {startup_ratio:.2f}x `import click`"
        f" (target <= {TARGET_STARTUP_RATIO}x): {'met' if met else 'NOT met'}"
    )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, default=list(DEFAULT_SIZES), help="numbers of summaries"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--startup-runs", type=int, default=20, help="runs of each startup command")
    parser.add_argument(
        "--keep", type=Path, help="keep pages and packages in DIR/<N>/ instead of a temp folder"
    )
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="flashcards-bench-") as temporary:
        root = args.keep or Path(temporary)
        for count in args.sizes:
            rows.append(bench_size(count, args.repeat, root / str(count)))
    startup, startup_ratio = startup_table(args.startup_runs)
    print(f"Machine: {machine()}; times are the best of {args.repeat} runs, memory the largest.\n")
    print("\n".join(size_table(rows)))
    print()
    print("\n".join(startup))
    print()
    print("\n".join(verdicts(rows, startup_ratio)))


if __name__ == "__main__":
    main()
