"""The command line: parse options, call the core, report. No format details live here."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from flashcards import __version__
from flashcards.collector import collector_paused
from flashcards.errors import FlashcardsError
from flashcards.kinds import CARD_KINDS

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from flashcards.build import ItemCounts


# build and preview take the same choice, so that a preview shows exactly what a build writes.
cards_option = click.option(
    "--cards",
    default=",".join(CARD_KINDS),
    show_default=True,
    callback=lambda ctx, param, value: card_kinds(value),
    help="Card kinds to make, comma-separated: qa, cloze, fact (ideas); who, complete (quotes).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="flashcards")
def cli() -> None:
    """Turn AI summaries of videos and podcasts into Anki decks."""


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Package to write (default: decks/<title>.apkg)."
)
@click.option("--deck", help="Parent deck; each summary becomes a subdeck of it.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the summary files.")
@cards_option
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
    output: Path | None,
    deck: str | None,
    encoding: str,
    cards: tuple[str, ...],
    dry_run: bool,
    verbose: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Build an Anki package from summary pages and edited YAML files (.yaml, .yml)."""
    from flashcards.build import Build
    from flashcards.lock import report_lines

    progress = Progress(len(sources), None if quiet else progress_stream())
    run = Build(sources, output, deck, encoding, cards=cards, jobs=jobs)
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
    counts = item_counts(result.items)
    if result.cards is None:
        click.echo(f"{result.output}: dry run, nothing written; {plural(result.notes, 'note')} from {counts}")
    else:
        click.echo(
            f"{result.output}: {plural(result.notes, 'note')}, {plural(result.cards, 'card')} from {counts}"
        )
    for line in report_lines(result.report, verbose):
        click.echo(line)


def item_counts(items: ItemCounts) -> str:
    """How many ideas and quotes the notes came from, and how many a YAML file skipped."""
    counts = f"{plural(items.ideas, 'idea')} and {plural(items.quotes, 'quote')}"
    return f"{counts} ({items.skipped} skipped)" if items.skipped else counts


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="YAML file to write, or - for standard output (default: SOURCE with the suffix .yaml).",
)
@click.option("--force", is_flag=True, help="Replace an existing YAML file, losing its edits.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the summary file.")
def extract(source: Path, output: Path | None, force: bool, encoding: str) -> None:
    """Write a summary page as editable YAML, with the cards the rules would make."""
    from flashcards.build import read_sources
    from flashcards.yamlfile import summary_to_yaml, write_yaml_file

    target = output if output is not None else source.with_suffix(".yaml")
    try:
        summaries, warnings = read_sources([source], encoding)
        for warning in warnings:
            click.echo(f"Warning: {warning}", err=True)
        text = summary_to_yaml(summaries[0])
        if target == Path("-"):
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


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--html", "html_path", type=click.Path(path_type=Path), help="Write a self-contained HTML page instead."
)
@click.option("--deck", help="Parent deck, as for build.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the summary files.")
@cards_option
def preview(
    sources: tuple[Path, ...], html_path: Path | None, deck: str | None, encoding: str, cards: tuple[str, ...]
) -> None:
    """Show every card a build would make: front, back, tags and deck."""
    import shutil

    from flashcards.build import plan_build
    from flashcards.preview import preview_groups, preview_html, preview_text, write_page

    try:
        plan = plan_build(sources, None, deck, encoding, cards=cards)
        for warning in plan.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if html_path is None:
            # Colour codes are written always; click drops them when stdout is not a terminal.
            width = min(100, shutil.get_terminal_size((100, 24)).columns)
            click.echo(preview_text(plan, colour=True, width=width), nl=False)
            return
        groups = preview_groups(plan)
        write_page(preview_html(plan, groups), html_path)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    cards = sum(len(group.cards) for group in groups)
    click.echo(f"{html_path}: {plural(cards, 'card')} from {plural(len(plan.notes), 'note')}")


@cli.command(name="inspect")
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
    from flashcards.inspect import inspect_text, package_json, read_package

    try:
        contents = read_package(package)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(package_json(contents) if output_format == "json" else inspect_text(contents), nl=False)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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
