"""The records every stage passes on: a parsed summary and the notes made from it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TypeVar

from flashcards.errors import printable

Record = TypeVar("Record", bound=type)


def pickled_by_fields(cls: Record) -> Record:
    """Pickle the record as a call of its class with its fields in order.

    A large build sends 10,000 summaries and 200,000 notes back from its worker
    processes; a frozen slotted dataclass otherwise pickles as a state dictionary,
    set field by field on the way back in: a fifth more CPU on both sides.
    """
    # A field the record works out itself (init=False) is left out: its __init__ makes it again.
    names = [field.name for field in fields(cls) if field.init]
    values = attrgetter(*names)  # a tuple of the values, when there are several

    def reduce(record: object) -> tuple[type, tuple]:
        return cls, values(record) if len(names) > 1 else (values(record),)

    # mypy reads cls.__reduce__ as the bound method of the class object itself, not as the method its
    # instances get, so it can type neither the assignment nor the function assigned.
    cls.__reduce__ = reduce  # type: ignore[method-assign, assignment]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class HandEdits:
    """What a person may write on any item of an editable YAML file (`flashcards extract` writes
    them out); empty means "let the rules decide"."""

    question: str = ""
    answer: str = ""
    tags: tuple[str, ...] = ()
    # Marked "skip: true": kept in the file, but makes no note.
    skip: bool = False
    # The words of the item's headline or text its cloze hides; empty: the rules choose.
    hide: str = ""


# A page's items carry no edits: they share this one, which a worker's pickle then sends once.
NO_EDITS = HandEdits()


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """What every item of a summary has, idea or quote: its id, the line of the page or file it
    starts on, and what a person wrote on it."""

    id: str
    line: int
    edits: HandEdits


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Idea(SummaryItem):
    """One "idea worth remembering": a headline and the explanation behind it."""

    headline: str
    explanation: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote(SummaryItem):
    """One "word worth saving": what was said, who said it, and any note on the speaker."""

    text: str
    speaker: str
    note: str


@pickled_by_fields
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
        return printable(f"{where}: {self.message}")


def note_key(summary_id: str, kind: str, item_id: str, part: str) -> str:
    """The identity of a note, as the record stores it: which summary, which kind of item, which
    item, which card."""
    return f"{summary_id}/{kind}/{item_id}/{part}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ItemRef:
    """Which item of which summary a note asks about, and which of its cards it is.

    Set where the note is made (cards/notes.py), and the note's key made from its parts here: the
    later stages read the parts, never take the key apart.
    """

    summary: str  # the summary's id
    kind: str  # "idea" or "quote"
    item: str  # the item's id
    position: int  # the item's place in its list, from 1
    card: str  # the card kind a user picks with --cards: qa, cloze, fact, who or complete
    part: str  # the key's last part: the note type (qa, cloze), or fact-N (cards/kinds.py)
    text: str  # the item's text (a headline, a quote), which the rewording rule compares
    # The note's key, made from the parts above once, when the reference is: the matching, the
    # checks and the record share this one string (200,000 copies would be some 20 MB).
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", note_key(self.summary, self.kind, self.item, self.part))

    @classmethod
    def of(cls, summary: Summary, kind: str, item: Idea | Quote, card: str, part: str) -> ItemRef:
        items: tuple[Idea | Quote, ...] = summary.ideas if kind == "idea" else summary.quotes
        # By identity: two items may be equal (a repeated quote is kept twice).
        position = next(number for number, each in enumerate(items, start=1) if each is item)
        text = item.headline if isinstance(item, Idea) else item.text
        return cls(summary.id, kind, item.id, position, card, part, text)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Note:
    """One Anki note ready to package: its GUID, note type, HTML fields, tags, deck and item."""

    guid: str
    note_type: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    item: ItemRef

    @property
    def key(self) -> str:
        # The item reference's, not a copy held beside it that could disagree with it.
        return self.item.key


# New note ids are this far apart, so that card ids (note id + card number) of
# different notes never meet.
NOTE_ID_STEP = 100


@dataclass(frozen=True, slots=True)
class Stamp:
    """The note id and modification time (seconds) a note is written with: the record gives them,
    the package writes them."""

    note_id: int
    modified: int
