"""A digest of everything the tool writes: run it before and after a change that should change
no output (a move, a split, a faster path), and compare the last line.

    python tools/digest.py [--generated N] [-v]

Through the command line, as a user runs it, at a pinned SOURCE_DATE_EPOCH:

- the seed, every page and YAML file under tests/data, each built alone (`build -v`), then
  rebuilt against its record after an edit (a word reworded, the title changed, or nothing);
  each also previewed (`preview`) and extracted (`extract`);
- N generated pages (benchmarks/pages.py) built into one package, then rebuilt with a
  quarter of them reworded, an eighth retitled and the last ten gone;
- every package inspected (`inspect --format json`).

It hashes every row of every table of each package, each record, and every line the commands
print (exit code, standard output and error, the temporary folder's path taken out). With -v it
prints one line a part (name and digest) to diff two runs; the card stage's own digest
(tools/cards_digest.py) is printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

from cards_digest import notes_digest, source_pages  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from pages import write_pages  # noqa: E402

from flashcards.cli import cli  # noqa: E402

# The build times: a first build, then the rebuild a day later (within bounds of any clock).
FIRST_BUILD = 1_700_000_000
REBUILD = FIRST_BUILD + 86_400
YAML_SUFFIXES = (".yaml", ".yml")


class Digest:
    """A SHA-256 over named parts, each with its own digest for -v."""

    def __init__(self, folder: Path, verbose: bool):
        self.whole = hashlib.sha256()
        self.folder = str(folder)
        self.verbose = verbose
        self.parts = 0

    def add(self, name: str, data: bytes) -> None:
        data = data.replace(self.folder.encode(), b"TMP")
        part = hashlib.sha256(data).hexdigest()
        self.whole.update(f"{name}\x1f{part}\x1e".encode())
        self.parts += 1
        if self.verbose:
            print(f"{part[:16]} {name}")


def run(digest: Digest, name: str, *args: str) -> int:
    """Run the command line in this process; its exit code and output go in the digest."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    output = result.stdout_bytes + b"\x1d" + (result.stderr_bytes or b"")
    digest.add(f"{name} exit", str(result.exit_code).encode())
    digest.add(f"{name} output", output)
    return result.exit_code


def add_package(digest: Digest, name: str, package: Path) -> None:
    """Every row of every table of the package's collection, its other members, and its record."""
    if not package.exists():
        digest.add(f"{name} package", b"none")
        return
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as folder:
        for member in sorted(archive.namelist()):
            if not member.startswith("collection."):
                digest.add(f"{name} {member}", archive.read(member))
                continue
            path = Path(archive.extract(member, folder))
            with sqlite3.connect(path) as db:
                tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
                for table in sorted(tables):
                    rows = db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                    digest.add(f"{name} {member} {table}", repr(rows).encode())
            db.close()
    record = package.with_suffix(".lock.yaml")
    digest.add(f"{name} record", record.read_bytes() if record.exists() else b"none")
    run(digest, f"{name} inspect", "inspect", str(package), "--format", "json")


def edited(text: str, how: int) -> str:
    """The text after an edit: 0, a word reworded past its middle; 1, its first line changed; else none."""
    if how == 0:
        middle = len(text) // 2
        at = text.find(" the ", middle)
        return text if at < 0 else text[:at] + " that " + text[at + 5 :]
    if how == 1:
        first, _, rest = text.partition("\n")
        return f"{first} (revised)\n{rest}"
    return text


def build_twice(digest: Digest, name: str, sources: list[Path], package: Path, how: list[int]) -> None:
    """Build the sources, edit each (how: its edit), build again against the record."""
    os.environ["SOURCE_DATE_EPOCH"] = str(FIRST_BUILD)
    run(digest, f"{name} build", "build", *map(str, sources), "-o", str(package), "-v", "-j", "2")
    add_package(digest, f"{name} first", package)
    for source, edit in zip(sources, how, strict=True):
        text = source.read_bytes().decode("utf-8", "surrogateescape")
        source.write_bytes(edited(text, edit).encode("utf-8", "surrogateescape"))
    os.environ["SOURCE_DATE_EPOCH"] = str(REBUILD)
    run(digest, f"{name} rebuild", "build", *map(str, sources), "-o", str(package), "-v", "-j", "2")
    add_package(digest, f"{name} second", package)


def fixtures(folder: Path) -> list[Path]:
    """The seed and every page and YAML file of tests/data, copied under folder."""
    found = [*source_pages()]
    for suffix in YAML_SUFFIXES:
        found += sorted((ROOT / "tests" / "data").rglob(f"*{suffix}"))
    copies = []
    for path in found:
        copy = folder / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, default=2000)
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    os.environ.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        digest = Digest(folder, args.v)
        sources = fixtures(folder / "sources")
        count, cards = notes_digest(sources)
        print(f"card stage: {count} notes, {cards}")
        for number, source in enumerate(sources):
            label = str(source.relative_to(folder))
            os.environ["SOURCE_DATE_EPOCH"] = str(FIRST_BUILD)
            run(digest, f"{label} preview", "preview", str(source), "--cards", "all")
            if source.suffix not in YAML_SUFFIXES:
                run(digest, f"{label} extract", "extract", str(source), "-o", str(folder / f"{number}.yaml"))
                extracted = folder / f"{number}.yaml"
                digest.add(f"{label} yaml", extracted.read_bytes() if extracted.exists() else b"none")
            build_twice(digest, label, [source], folder / "out" / f"{number}.apkg", [number % 3])
        generated = write_pages(folder / "generated", args.generated)
        how = [0 if index % 4 == 0 else 1 if index % 8 == 1 else 2 for index in range(len(generated))]
        package = folder / "out" / "generated.apkg"
        os.environ["SOURCE_DATE_EPOCH"] = str(FIRST_BUILD)
        run(digest, "generated build", "build", *map(str, generated), "-o", str(package), "-v", "-j", "2")
        add_package(digest, "generated first", package)
        kept = generated[:-10]
        for source, edit in zip(kept, how, strict=False):
            source.write_bytes(edited(source.read_bytes().decode("utf-8"), edit).encode("utf-8"))
        os.environ["SOURCE_DATE_EPOCH"] = str(REBUILD)
        run(digest, "generated rebuild", "build", *map(str, kept), "-o", str(package), "-v", "--force")
        add_package(digest, "generated second", package)
        print(f"{len(sources)} fixtures and {len(generated)} generated pages, {digest.parts} parts")
    print(f"took {time.perf_counter() - started:.0f} s")
    print(f"digest {digest.whole.hexdigest()}")


if __name__ == "__main__":
    main()
