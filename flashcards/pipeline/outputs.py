"""Where a command reads and writes: `-` for the standard streams, and the rules that keep an
output from replacing an input, another package's record or a deck made from other summaries.

cli.py calls these with the options as typed; build.py calls the last check once it knows
which summaries a build holds. Nothing here knows Click: refusals are named exceptions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from flashcards.errors import OptionError, OtherSummariesError, OverwriteError
from flashcards.models import Summary
from flashcards.record.entries import record_path
from flashcards.sources.identity import legacy_summary_id_of, readable_part
from flashcards.sources.text import STDIO, is_stdio
from flashcards.support.slugs import slugify

PACKAGE_SUFFIX = ".apkg"
RECORD_SUFFIX = ".lock.yaml"
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_FOLDER = Path("decks")


@dataclass(frozen=True)
class PackageOutput:
    """Where a build writes its package: a file, or a folder where the default name goes."""

    path: Path | None
    folder: Path = DEFAULT_FOLDER
    # The -o as typed when .apkg was added to it, so that the user can be told.
    added_suffix_to: str | None = None


def package_output(typed: str | None) -> PackageOutput:
    """The package -o names: a folder (existing, or ending in /) takes the default name; a name
    without an extension gets .apkg; any other extension is refused, as Anki imports only .apkg."""
    if typed is None:
        return PackageOutput(None)
    if typed == STDIO:
        raise OptionError(
            "a package cannot go to standard output: it is a file with its record beside it;"
            " give a file name ending in .apkg"
        )
    if typed == "":
        raise OptionError("is empty; give a file name ending in .apkg")
    path = Path(typed)
    if typed.endswith(("/", os.sep)) or path.is_dir():
        return PackageOutput(None, path)
    suffix = path.suffix
    if suffix.lower() == PACKAGE_SUFFIX:
        return PackageOutput(path)
    if suffix:
        raise OptionError(f"{typed}: Anki imports only {PACKAGE_SUFFIX} files; give a name ending in .apkg")
    return PackageOutput(path.with_name(path.name + PACKAGE_SUFFIX), added_suffix_to=typed)


def check_package_target(package: Path, sources: Sequence[Path]) -> None:
    """A package and its record never replace one of the build's sources."""
    check_not_input(package, sources)
    record = record_path(package)
    for source in sources:
        if same_file(record, source):
            raise OverwriteError(
                f"is an input of this command, and the record of {package} would replace it;"
                " choose another output",
                str(record),
            )


def check_file_target(target: Path, sources: Sequence[Path]) -> None:
    """A YAML file or an HTML page never replaces a source or a package's record."""
    check_not_input(target, sources)
    if target.name.lower().endswith(RECORD_SUFFIX):
        package = target.with_name(target.name[: -len(RECORD_SUFFIX)] + PACKAGE_SUFFIX)
        raise OverwriteError(
            f"is the name of a package's record (the one of {package}); choose another output", str(target)
        )


def check_html_target(target: Path, sources: Sequence[Path]) -> None:
    """A preview page is written as check_file_target allows, and never over a file that is no
    HTML page: "preview --html *.txt" takes the first summary for the page's name."""
    check_file_target(target, sources)
    if target.is_file() and target.suffix.lower() not in HTML_SUFFIXES:
        message = "exists and is no HTML page; writing the preview there would replace it"
        raise OverwriteError(message, str(target))


def check_not_input(target: Path, sources: Sequence[Path]) -> None:
    for source in sources:
        if same_file(target, source):
            raise OverwriteError("is an input of this command; writing there would replace it", str(target))


def same_file(target: Path, source: Path) -> bool:
    if is_stdio(source):
        return False
    try:
        if target.exists() and source.exists():
            # Catches hard links and any other name of the same file.
            return os.path.samefile(target, source)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(target)) == os.path.normcase(os.path.realpath(source))


MAX_NAME_BYTES = 200


def default_package_name(first_id: str, sources: int, parent_slug: str | None) -> str:
    """<summary id>.apkg for one page; <parent deck>.apkg with --deck; for several pages without
    one, <first id>-and-N-more.apkg, so that unrelated builds do not share a file."""
    if parent_slug is not None:
        return f"{shortened(parent_slug)}{PACKAGE_SUFFIX}"
    first = file_name_part(first_id)
    if sources == 1:
        return f"{first}{PACKAGE_SUFFIX}"
    return f"{first}-and-{sources - 1}-more{PACKAGE_SUFFIX}"


def file_name_part(text: str) -> str:
    """A summary id as one file name: ids are slugs, but a name must never climb folders."""
    name = text.replace("/", "-").replace(os.sep, "-").lstrip(".")
    return shortened(name) or "untitled"


def shortened(name: str) -> str:
    """At most MAX_NAME_BYTES in UTF-8, cut at a hyphen where it has one: a file system takes 255
    bytes a name, and an id named in YAML or a deck name can be longer (the record adds
    ".lock.yaml")."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    cut = name.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def check_same_summaries(
    package: Path, recorded: Set[str], built: Iterable[str], continued_notes: int
) -> None:
    """A build may replace a package only if it was made from at least one of the same summaries.

    recorded: the summary ids in the package's record (none: no record, or a first build).
    continued_notes: notes of this build that continue a note of the record (updated or
    unchanged), which also shows the same deck when its summary ids have changed.
    """
    if not recorded or continued_notes or not recorded.isdisjoint(set(built)):
        return
    shown = sorted(recorded)
    names = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
    raise OtherSummariesError(
        f"holds a deck made from other summaries ({names}); building here would replace it:"
        " choose another -o, or add --force to replace it",
        str(package),
    )


def default_output(first: Summary, sources: int, parent: str | None, folder: Path = DEFAULT_FOLDER) -> Path:
    """decks/<summary id>.apkg for one summary, decks/<parent deck>.apkg with one, else
    decks/<first id>-and-N-more.apkg (outputs.default_package_name); the id without its hash.

    A package named by the id the last release gave the summary keeps its name while its record
    is there and none is at the new name, so that a rebuild finds the record and carries it across.
    """
    parent_slug = None if parent is None else slugify(parent, max_words=10)
    path = folder / default_package_name(readable_part(first.id), sources, parent_slug)
    if parent_slug is None:
        legacy = folder / default_package_name(legacy_summary_id_of(first), sources, parent_slug)
        if legacy != path and record_path(legacy).exists() and not record_path(path).exists():
            return legacy
    return path
