"""The command line: parse options, call the core, report. No format details live here."""

from __future__ import annotations

from pathlib import Path

import click

from flashcards import __version__
from flashcards.cards import CARD_KINDS
from flashcards.errors import FlashcardsError


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
@click.option(
    "--cards",
    default=",".join(CARD_KINDS),
    show_default=True,
    callback=lambda ctx, param, value: card_kinds(value),
    help="Card kinds to make, comma-separated: qa, cloze (ideas); who, complete (quotes).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List every note under the change report.")
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    deck: str | None,
    encoding: str,
    cards: tuple[str, ...],
    dry_run: bool,
    verbose: bool,
) -> None:
    """Build an Anki package from summary pages."""
    from flashcards.build import plan_build, plan_update, write_build
    from flashcards.lock import report_lines

    try:
        plan = plan_build(sources, output, deck, encoding, cards=cards)
        for warning in plan.warnings:
            click.echo(f"Warning: {warning}", err=True)
        update = plan_update(plan)
        stats = None if dry_run else write_build(plan, update)
    except FlashcardsError as error:
        raise click.ClickException(str(error)) from None
    ideas = sum(len(summary.ideas) for summary in plan.summaries)
    quotes = sum(len(summary.quotes) for summary in plan.summaries)
    if stats is None:
        click.echo(
            f"{plan.output}: dry run, nothing written; {plural(len(update.notes), 'note')}"
            f" from {plural(ideas, 'idea')} and {plural(quotes, 'quote')}"
        )
    else:
        click.echo(
            f"{stats.path}: {plural(stats.notes, 'note')}, {plural(stats.cards, 'card')}"
            f" from {plural(ideas, 'idea')} and {plural(quotes, 'quote')}"
        )
    for line in report_lines(update.report, verbose):
        click.echo(line)


def card_kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(kind.strip() for kind in value.split(",") if kind.strip()))
    unknown = [kind for kind in kinds if kind not in CARD_KINDS]
    choices = ", ".join(CARD_KINDS)
    if unknown:
        raise click.BadParameter(f"{', '.join(map(repr, unknown))}: not a card kind; choose from {choices}")
    if not kinds:
        raise click.BadParameter(f"give at least one card kind: {choices}")
    return kinds


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
