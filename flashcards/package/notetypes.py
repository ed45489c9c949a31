"""The note types every deck uses: fixed ids, fields, templates and stylesheet.

Anki matches a note type by id and copies it when its fields or templates
change, after which the old notes stop updating. So the ids are constants of
our own (never genanki's shared built-ins), and the field lists leave room for
what later releases may fill in. Append fields at the end; never rename,
remove or reorder one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.cards.kinds import CLOZE, QA


@dataclass(frozen=True)
class Template:
    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """An Anki note type described as plain data; the package stage turns it into genanki's.
    NOTE_TYPES names each by the key a note's note_type holds."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    is_cloze: bool


SOURCE_BLOCK = '<div class="source">{{Source}}{{#Link}} · <a href="{{Link}}">{{Link}}</a>{{/Link}}</div>'
BACK_DETAILS = (
    '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}'
    '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}'
)

QA_TYPE = NoteType(
    id=1873604521,
    name="flashcards Q&A",
    fields=("Question", "Answer", "Details", "Source", "Link", "Speaker", "Extra"),
    templates=(
        Template(
            name="Card 1",
            front='<div class="question">{{Question}}</div>',
            back=(
                '{{FrontSide}}<hr id="answer">'
                '<div class="answer">{{Answer}}</div>' + BACK_DETAILS + SOURCE_BLOCK
            ),
        ),
    ),
    is_cloze=False,
)

CLOZE_TYPE = NoteType(
    id=1873604522,
    name="flashcards Cloze",
    fields=("Text", "Details", "Source", "Link", "Speaker", "Extra"),
    templates=(
        Template(
            name="Cloze",
            front=(
                '<div class="cloze-text">{{cloze:Text}}</div>'
                '{{#Speaker}}<div class="speaker">— {{Speaker}}</div>{{/Speaker}}'
            ),
            back=(
                '<div class="cloze-text">{{cloze:Text}}</div>'
                '{{#Speaker}}<div class="speaker">— {{Speaker}}</div>{{/Speaker}}'
                '<hr id="answer">' + BACK_DETAILS + SOURCE_BLOCK
            ),
        ),
    ),
    is_cloze=True,
)

NOTE_TYPES = {QA: QA_TYPE, CLOZE: CLOZE_TYPE}

# Anki updates a note type it already has only when the incoming one is newer, and
# a package's note types otherwise carry its newest note's time: a better template
# or stylesheet would never reach decks whose notes did not change. So whenever
# the templates or the stylesheet change, set NOTE_TYPES_CHANGED to the time of the
# change (`date +%s`) and NOTE_TYPES_FINGERPRINT to what
# tests/package/test_notetype_updates.py computes; that test fails until both are set.
NOTE_TYPES_FINGERPRINT = "86b9ba3706d71b99"
NOTE_TYPES_CHANGED = 1795880788  # 2026-11-28

# Every colour set for the light theme has its night-mode twin below: Anki puts
# the classes nightMode and night_mode on the card's body in dark mode.
STYLESHEET = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  max-width: 36em;
  margin: 0 auto;
  padding: 0 0.6em;
  color: #1f2328;
  background-color: #ffffff;
}
.question { font-size: 1.1em; font-weight: 600; }
.cue { display: block; margin-top: 0.6em; font-size: 0.75em; font-weight: normal; color: #59636e; }
.answer { font-weight: 700; color: #0b4f9c; }
.cloze { font-weight: 700; color: #0b4f9c; }
.speaker { margin-top: 0.4em; font-style: italic; color: #59636e; }
.details { margin-top: 0.9em; color: #1f2328; }
.details p { margin: 0.5em 0; }
.extra { margin-top: 0.9em; color: #59636e; }
.source {
  margin-top: 1.2em;
  padding-top: 0.4em;
  font-size: 0.72em;
  color: #59636e;
  border-top: 1px solid #d1d9e0;
}
.source a { color: #0b4f9c; word-break: break-all; }
hr#answer { border: none; border-top: 1px solid #d1d9e0; }
/* A back with nothing between the divider and the source would show two lines. */
hr#answer + .source { border-top: none; padding-top: 0; margin-top: 0.6em; }

.nightMode.card, .night_mode.card, .nightMode .card, .night_mode .card {
  color: #e6edf3;
  background-color: #1e1e1e;
}
.nightMode .cue, .night_mode .cue { color: #9198a1; }
.nightMode .answer, .night_mode .answer { color: #79b8ff; }
.nightMode .cloze, .night_mode .cloze { color: #79b8ff; }
.nightMode .speaker, .night_mode .speaker { color: #9198a1; }
.nightMode .details, .night_mode .details { color: #e6edf3; }
.nightMode .extra, .night_mode .extra { color: #9198a1; }
.nightMode .source, .night_mode .source { color: #9198a1; border-top-color: #3d444d; }
.nightMode .source a, .night_mode .source a { color: #79b8ff; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3d444d; }
"""
