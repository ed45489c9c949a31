"""The records every stage passes on: a parsed summary and the notes made from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Idea:
    """One "idea worth remembering": a headline and the explanation behind it."""

    id: str
    headline: str
    explanation: str
    line: int
    # Hand edits from an editable YAML file; empty means "let the rules decide".
    question: str = ""
    answer: str = ""
    tags: tuple[str, ...] = ()
    # Marked "skip: true" in a YAML file: kept in the file, but makes no note.
    skip: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """One "word worth saving": what was said, who said it, and any note on the speaker."""

    id: str
    text: str
    speaker: str
    note: str
    line: int
    question: str = ""
    answer: str = ""
    tags: tuple[str, ...] = ()
    skip: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary page as parsed: where it came from, what it is about, and its items."""

    id: str
    source: str
    title: str
    channel: str
    series: str
    link: str
    overview: str
    points: tuple[str, ...]
    ideas: tuple[Idea, ...]
    quotes: tuple[Quote, ...]
    # From an editable YAML file: a deck name and tags for every note of this summary.
    deck: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the reader recovered from and the user should hear about."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Note:
    """One Anki note ready to package: its identity, note type, HTML fields, tags and deck."""

    key: str
    guid: str
    note_type: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
