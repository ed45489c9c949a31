"""The command line: parse options, call the core, report. No format details live here."""

from __future__ import annotations

import codecs
import errno
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import click

from flashcards import __version__
from flashcards.cards.kinds import CARD_KINDS
from flashcards.errors import FlashcardsError, OptionError, Terminated
from flashcards.package.decknames import parent_deck
from flashcards.sources.text import is_stdio
from flashcards.support.collector import collector_paused

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from flashcards.pipeline.outputs import PackageOutput

T = TypeVar("T")

# build and preview take the same choice, so that a preview shows exactly what a build writes.
cards_option = click.option(
    "--cards",
    default=",".join(CARD_KINDS),
    show_default=True,
    callback=lambda ctx, param, value: card_kinds(value),
    help="Card kinds to make, comma-separated: qa, cloze, fact (ideas); who, complete (quotes).",
)


class Flashcards(click.Group):
    """The command group, with the conventions people bring from other tools: Ctrl-C exits 130
    with one line, and a full or closed standard output ends the run without a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
            return result
        except KeyboardInterrupt as stop:
            # Exit codes as a shell gives them: 128 + SIGINT (2) for Ctrl-C, 128 + SIGTERM (15) for kill.
            if isinstance(stop, Terminated):
                click.echo("Terminated.", err=True)
                raise click.exceptions.Exit(143) from None
            click.echo("Interrupted.", err=True)
            raise click.exceptions.Exit(130) from None
        except OSError as error:
            # The core turns every failure of a file it names into a FlashcardsError; what is left
            # with no file name and one of these causes is a write to standard output that failed.
            if error.filename is not None or error.errno not in STREAM_ERRORS:
                raise
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so that the flush at exit is quiet)
            if error.errno == errno.EPIPE:  # `| head` stopped reading: nothing to say
                raise click.exceptions.Exit(1) from None
            reason = error.strerror or error
            raise click.ClickException(f"cannot write to standard output: {reason}") from None


# A closed pipe, a full disk (/dev/full), a file grown too large, an I/O fault.
STREAM_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EFBIG, errno.EIO})


def examples(*lines: str) -> str:
    """The end of a --help page: a few commands to copy, kept as typed (\b stops Click rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def option_value(
    convert: Callable[[str], T],
) -> Callable[[click.Context, click.Parameter, str | None], T | None]:
    """A Click callback that checks an option with a core function; its OptionError is a usage error."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> T | None:
        if value is None:
            return None
        try:
            return convert(value)
        except OptionError as error:
            raise click.BadParameter(str(error)) from None

    return callback


def package_output(value: str) -> PackageOutput:
    # outputs imports dataclasses, which --help need not load (tests/cli/test_startup.py).
    from flashcards.pipeline.outputs import package_output

    return package_output(value)


def encoding_name(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"{value!r} is not an encoding Python knows (say utf-8 or cp1252)") from None
    return value


# The pages and YAML files build and preview read; - reads standard input.
sources_argument = click.argument(
    "sources", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True)
)
encoding_option = click.option(
    "--encoding",
    metavar="NAME",
    default="utf-8",
    show_default=True,
    callback=lambda ctx, param, value: encoding_name(value),
    help="Encoding of the summary files.",
)


@click.group(
    cls=Flashcards,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples(
        "flashcards build data/lex-fridman-459.txt",
        "flashcards preview data/lex-fridman-459.txt",
        "flashcards inspect decks/lex-fridman-podcast-459.apkg",
    ),
)
@click.version_option(__version__, prog_name="flashcards")
def cli() -> None:
    """Turn AI summaries of videos and podcasts into Anki decks.

    build, preview and extract read standard input for an input of -. NO_COLOR=1 turns colour off.
    """


@cli.command(
    epilog=examples(
        "flashcards build data/lex-fridman-459.txt",
        "flashcards build a.txt b.txt -o decks/podcasts.apkg --deck 'Podcasts::Science'",
        "cat page.txt | flashcards build - -o decks/page.apkg",
    )
)
@sources_argument
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    callback=option_value(package_output),
    help="Package to write, or a folder (ending in /) for the default name"
    " (default: decks/<summary id>.apkg; .apkg is added to a name without it).",
)
@click.option(
    "--deck",
    metavar="NAME",
    callback=option_value(parent_deck),
    help="Parent deck; each summary becomes a subdeck of it. '::' nests, as in Anki.",
)
@encoding_option
@cards_option
@click.option("--force", is_flag=True, help="Replace a package made from other summaries.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List every note under the change report.")
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar, summary line or change report; warnings still show."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes that read sources and make notes (default: one per core; 1 for none).",
)
@collector_paused
def build(
    sources: tuple[Path, ...],
    output: PackageOutput | None,
    deck: str | None,
    encoding: str,
    cards: tuple[str, ...],
    force: bool,
    dry_run: bool,
    verbose: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Build an Anki package from summary pages and edited YAML files (.yaml, .yml).

    The package's record (.lock.yaml) is written beside it, so that a rebuild updates
    the notes in place. A package made from other summaries is never replaced without --force.
    """
    from flashcards.pipeline.build import Build
    from flashcards.pipeline.outputs import PackageOutput
    from flashcards.views.report import build_lines

    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    target = output or PackageOutput(None)
    if target.path is None and any(map(is_stdio, sources)):
        raise click.UsageError("a build from standard input (-) needs -o FILE.apkg to name its package")
    if target.added_suffix_to is not None:
        click.echo(f"Note: {target.added_suffix_to} has no extension; writing {target.path}", err=True)
    progress = Progress(len(sources), None if quiet else progress_stream())
    run = Build(
        sources, target.path, deck, encoding, cards=cards, jobs=jobs, folder=target.folder, force=force
    )
    try:
        try:
            result = run.run(dry_run=dry_run, step=progress.step, writing=progress.writing)
        finally:
            progress.close()  # before any message, so none lands in the middle of the bar
            for warning in run.warnings:
                click.echo(f"Warning: {warning}", err=True)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    if quiet:
        return
    for line in build_lines(result, verbose):
        click.echo(line)


@cli.command(
    epilog=examples(
        "flashcards extract data/lex-fridman-459.txt -o data/lex-fridman-459.yaml",
        "flashcards extract data/lex-fridman-459.txt -o - | less",
        "cat page.txt | flashcards extract - > page.yaml",
    )
)
@click.argument("source", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="YAML file to write, or - for standard output"
    " (default: SOURCE with the suffix .yaml; standard output for a SOURCE of -).",
)
@click.option("--force", is_flag=True, help="Replace an existing YAML file, losing its edits.")
@encoding_option
def extract(source: Path, output: Path | None, force: bool, encoding: str) -> None:
    """Write a summary page as editable YAML, with the cards the rules would make."""
    from flashcards.pipeline.build import read_sources
    from flashcards.pipeline.outputs import check_file_target
    from flashcards.sources.extract import summary_to_yaml, write_yaml_file
    from flashcards.views.report import plural

    # A page piped in has no name to put .yaml on: its YAML goes to standard output.
    default = Path("-") if is_stdio(source) else source.with_suffix(".yaml")
    target = output if output is not None else default
    try:
        if not is_stdio(target):
            check_file_target(target, [source])
        summaries, warnings = read_sources([source], encoding)
        for warning in warnings:
            click.echo(f"Warning: {warning}", err=True)
        text = summary_to_yaml(summaries[0])
        if is_stdio(target):
            click.echo(text, nl=False)
            return
        write_yaml_file(text, target, replace=force)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    summary = summaries[0]
    click.echo(
        f"{target}: {plural(len(summary.ideas), 'idea')} and {plural(len(summary.quotes), 'quote')};"
        f" edit it, then run: flashcards build {target}"
    )


def card_kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(kind.strip() for kind in value.split(",") if kind.strip()))
    unknown = [kind for kind in kinds if kind not in CARD_KINDS]
    choices = ", ".join(CARD_KINDS)
    if unknown:
        raise click.BadParameter(f"{', '.join(map(repr, unknown))}: not a card kind; choose from {choices}")
    if not kinds:
        raise click.BadParameter(f"give at least one card kind: {choices}")
    return kinds


@cli.command(
    epilog=examples(
        "flashcards preview data/lex-fridman-459.txt --cards cloze,fact",
        "flashcards preview data/lex-fridman-459.txt --html preview.html",
        "cat page.txt | flashcards preview - --cards who,complete",
    )
)
@sources_argument
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write a self-contained HTML page instead (- for standard output).",
)
@click.option("--deck", metavar="NAME", callback=option_value(parent_deck), help="Parent deck, as for build.")
@encoding_option
@cards_option
def preview(
    sources: tuple[Path, ...], html_path: Path | None, deck: str | None, encoding: str, cards: tuple[str, ...]
) -> None:
    """Show every card a build would make: front, back, tags and deck."""
    import shutil

    from flashcards.pipeline.build import Build
    from flashcards.pipeline.outputs import check_html_target
    from flashcards.views.preview import preview_groups, preview_html, preview_text, write_page
    from flashcards.views.report import plural

    try:
        if html_path is not None and not is_stdio(html_path):
            check_html_target(html_path, sources)
        plan = Build(sources, None, deck, encoding, cards=cards).plan()
        for warning in plan.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if html_path is None:
            # Colour codes are written unless NO_COLOR is set; click drops them when stdout is not a terminal.
            width = min(100, shutil.get_terminal_size((100, 24)).columns)
            click.echo(preview_text(plan, colour=not os.environ.get("NO_COLOR"), width=width), nl=False)
            return
        groups = preview_groups(plan)
        page = preview_html(plan, groups)
        if is_stdio(html_path):
            click.echo(page, nl=False)
            return
        write_page(page, html_path)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    card_count = sum(len(group.cards) for group in groups)
    click.echo(f"{html_path}: {plural(card_count, 'card')} from {plural(len(plan.notes), 'note')}")


@cli.command(
    name="inspect",
    epilog=examples(
        "flashcards inspect decks/lex-fridman-podcast-459.apkg",
        "flashcards inspect shared-deck.apkg --format json | jq '.notes | length'",
    ),
)
@click.argument("package", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text to read, or JSON for scripts.",
)
def inspect_package(package: Path, output_format: str) -> None:
    """List the decks, note types, notes and cards of any Anki package."""
    from flashcards.views.inspection import read_package
    from flashcards.views.listing import inspect_text, package_json

    try:
        contents = read_package(package)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(package_json(contents) if output_format == "json" else inspect_text(contents), nl=False)


def progress_stream() -> TextIO | None:
    """Where a progress bar goes: stderr, only when someone watches it in a terminal."""
    return sys.stderr if sys.stderr.isatty() else None


class Progress:
    """A progress bar that appears only once a build has taken longer than a moment."""

    delay = 0.5  # seconds; a build quicker than this shows nothing

    def __init__(self, length: int, stream: TextIO | None) -> None:
        self.length = length
        self.stream = stream
        self.done = 0
        self.started = time.monotonic()
        self.bar: ProgressBar[int] | None = None

    def step(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.stream is not None and time.monotonic() - self.started >= self.delay:
            self.bar = click.progressbar(
                length=self.length,
                label="Building",
                file=self.stream,
                update_min_steps=max(1, self.length // 200),  # redrawing is not free
            )
            self.bar.__enter__()
            self.bar.update(self.done)

    def writing(self, path: Path) -> None:
        if self.bar is not None:
            self.bar.label = f"Writing {path}"
            self.bar.render_progress()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
