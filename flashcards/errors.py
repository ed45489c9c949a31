"""The project's own exceptions; each one says which file and line it is about."""

from __future__ import annotations

import re

# What must not reach a terminal from a file name or a value: C0 and C1 controls (ESC starts
# colour, window-title and hyperlink sequences; BEL rings), all but tab and line feed.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """text with its control characters removed, fit to print."""
    return TERMINAL_CONTROL.sub("", text)


class FlashcardsError(Exception):
    """Base of every error the tool reports to the user instead of a traceback."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        if self.source is None:
            return printable(self.message)
        if self.line is None:
            return printable(f"{self.source}: {self.message}")
        return printable(f"{self.source}:{self.line}: {self.message}")


class InputError(FlashcardsError):
    """An input file is missing, unreadable or not text."""


class ParseError(FlashcardsError):
    """An input file is text but not a summary page we can read."""


class OutputError(FlashcardsError):
    """The package cannot be written where it was asked for."""


class LostItemError(FlashcardsError):
    """An item found in the input would not reach the package: reported, never silently dropped."""


class TemplateError(FlashcardsError):
    """A card cannot be rendered: template syntax the preview does not support, or a broken cloze."""


class PackageReadError(FlashcardsError):
    """A file given as an Anki package cannot be read as one."""


class YamlError(FlashcardsError):
    """An editable YAML file is not valid YAML or does not describe a summary we can build."""


class SourceConflictError(FlashcardsError):
    """Two inputs of one build are the same summary, so their notes would share GUIDs."""


class RecordError(FlashcardsError):
    """The record kept beside a package (its .lock.yaml) is not one we can read."""


class OptionError(FlashcardsError):
    """An option's value cannot work whatever the files hold: reported as a usage error (exit 2)."""


class OverwriteError(OutputError):
    """An output would replace one of the command's inputs or a package's record."""


class OtherSummariesError(OutputError):
    """The output holds a package made from other summaries: replaced only with --force."""


class Terminated(KeyboardInterrupt):
    """`kill` (SIGTERM) stopped a write: it unwinds like Ctrl-C, and the command line says which."""
