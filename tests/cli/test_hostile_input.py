"""Input that is not what we expect: a correct deck with warnings, or one clear error, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from ankicheck import import_and_read
from click.testing import CliRunner
from helpers import SEED
from pages import page, visible_text

from flashcards.cli import cli
from flashcards.sources.page import read_summary

IDEAS = [
    ("Short claims make good headlines.", "An explanation of the first idea, in a full sentence."),
    ("A second idea stands on its own.", "Its explanation is long enough to read as one."),
]
OTHER_IDEAS = [
    ("Different pages can share a title.", "Two episodes of one show may well be named alike."),
    ("Each keeps its own notes.", "Neither may replace the other's notes in Anki."),
]
QUOTES = [("Words worth keeping.", "— Ada Lovelace"), ("More words worth keeping.", "— Alan Turing")]
# Who said a quote is asked only on a page of three speakers or more.
THIRD_VOICE = ("A third voice is heard.", "— Grace Hopper")


def run(tmp_path, *sources, extra=()):
    package = tmp_path / "out.apkg"
    result = CliRunner().invoke(cli, ["build", *map(str, sources), "-o", str(package), *extra])
    return result, package


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def assert_error(result, package, message: str):
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert not package.exists()


def test_only_whitespace(tmp_path):
    source = write(tmp_path, "blank.txt", "  \n\t\n\r\n   ")
    result, package = run(tmp_path, source)
    assert_error(result, package, f"{source}: has only blank lines: expected a summary page")


def test_binary_data_with_nul_bytes(tmp_path):
    source = write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result, package = run(tmp_path, source)
    assert_error(result, package, f"{source}:3: contains NUL bytes: this is binary data, not a summary page")


def test_binary_data_without_nul_bytes(tmp_path):
    source = write(tmp_path, "photo.txt", b"\xff\xd8\xff\xe0 JFIF \xc3\x28")
    result, package = run(tmp_path, source)
    assert_error(
        result,
        package,
        f"{source}:1: is not valid utf-8 text (byte 0xff); give the file's encoding with --encoding",
    )


def test_nul_byte_in_a_text_page(tmp_path):
    text = page(IDEAS).replace("A second idea", "A sec\x00ond idea")
    source = write(tmp_path, "nul.txt", text)
    result, package = run(tmp_path, source)
    assert_error(result, package, f"{source}:7: contains NUL bytes: this is binary data, not a summary page")


def test_control_character_in_a_text_page(tmp_path):
    source = write(tmp_path, "bell.txt", page(IDEAS).replace("Its explanation", "Its \x07explanation"))
    result, package = run(tmp_path, source)
    assert_error(
        result,
        package,
        f"{source}:8: contains the control character U+0007: this is binary data"
        " or not utf-8 text (give the file's encoding with --encoding)",
    )


def latin1_page() -> bytes:
    return page([("Café culture shapes cities.", "Señora Núñez explains why, in detail.")]).encode("latin-1")


def test_text_that_is_not_utf8_names_the_expected_encoding(tmp_path):
    source = write(tmp_path, "latin.txt", latin1_page())
    result, package = run(tmp_path, source)
    assert_error(
        result,
        package,
        f"{source}:5: is not valid utf-8 text (byte 0xe9); give the file's encoding with --encoding",
    )


def test_encoding_option_reads_it(tmp_path):
    source = write(tmp_path, "latin.txt", latin1_page())
    result, package = run(tmp_path, source, extra=("--encoding", "latin-1"))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{package}: 1 note, 1 card from 1 idea and 0 quotes\n"
        "Notes against the last build: 1 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    answers = [visible_text(note.cards[0].answer) for note in import_and_read(package, tmp_path / "anki")]
    # The cloze note shows the whole headline on its back, and the explanation.
    assert len(answers) == 1
    assert "Café culture shapes cities." in answers[0]
    assert "Señora Núñez explains why, in detail." in answers[0]


def test_cp1252_read_as_latin1_is_caught(tmp_path):
    text = page([("“Curly” quotes come from Windows.", "They are bytes 0x93 and 0x94 in cp1252.")])
    source = write(tmp_path, "windows.txt", text.encode("cp1252"))
    result, package = run(tmp_path, source, extra=("--encoding", "latin-1"))
    assert_error(
        result,
        package,
        f"{source}:5: contains the control character U+0093: this is binary data"
        " or not latin-1 text (give the file's encoding with --encoding)",
    )
    result, package = run(tmp_path, source, extra=("--encoding", "cp1252"))
    assert result.exit_code == 0, result.output


def test_unknown_encoding(tmp_path):
    source = write(tmp_path, "page.txt", page(IDEAS))
    result, package = run(tmp_path, source, extra=("--encoding", "klingon"))
    # A usage error (issue 15), found before any file is read.
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--encoding': 'klingon' is not an encoding Python knows"
        " (say utf-8 or cp1252)\n"
    )
    assert not package.exists()


def read_deck(package, folder):
    return sorted((note.guid, tuple(note.fields.values())) for note in import_and_read(package, folder))


def test_byte_order_mark_and_crlf_change_nothing(tmp_path):
    plain = SEED.read_bytes()
    expected, _ = run(tmp_path / "plain", write(tmp_path, "plain.txt", plain))
    assert expected.exit_code == 0
    for name, data in [
        ("bom.txt", b"\xef\xbb\xbf" + plain),
        ("crlf.txt", b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")),
        ("utf16.txt", plain.decode("utf-8").encode("utf-16")),
    ]:
        (tmp_path / "out" / name).mkdir(parents=True)
        result, package = run(tmp_path / "out" / name, write(tmp_path, name, data))
        assert result.exit_code == 0, result.output
        assert result.output == expected.output.replace(str(tmp_path / "plain" / "out.apkg"), str(package))
        plain_deck = read_deck(tmp_path / "plain" / "out.apkg", tmp_path / "anki-plain" / name)
        assert read_deck(package, tmp_path / "anki" / name) == plain_deck


def test_fifty_megabyte_file_is_refused(tmp_path):
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        chunk = SEED.read_bytes()
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    result, package = run(tmp_path, source)
    assert_error(
        result, package, f"{source}: is 50.0 MB; a summary page is at most 5 MB: is this the right file?"
    )


def test_one_megabyte_single_line(tmp_path):
    text = page(IDEAS).replace("Its explanation", "word " * 200_000 + "Its explanation")
    source = write(tmp_path, "long.txt", text)
    result, package = run(tmp_path, source)
    assert_error(
        result,
        package,
        f"{source}:8: line is 1,000,046 characters long; a summary line is at most 20,000:"
        " this is not a summary page",
    )
    whole = write(tmp_path, "one-line.txt", "x" * 1_000_000)
    result, package = run(tmp_path, whole)
    assert_error(
        result,
        package,
        f"{whole}:1: line is 1,000,000 characters long; a summary line is at most 20,000:"
        " this is not a summary page",
    )


def test_headers_but_no_items(tmp_path):
    source = write(tmp_path, "bare.txt", page(idea_count=3, quote_count=2))
    result, package = run(tmp_path, source)
    assert_error(result, package, f"{source}:4: has no ideas and no quotes to make cards from")


def test_quote_without_speaker(tmp_path):
    source = write(tmp_path, "q.txt", page(IDEAS, [*QUOTES, THIRD_VOICE, ("Nobody said this.", None)]))
    result, package = run(tmp_path, source)
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {source}:16: quote has no speaker line; kept without a speaker\n"
    # A cloze per idea and a who-said-it per quote of the three speakers; nobody to name makes no
    # who-said-it note for the last quote, which gets its complete-the-quote note instead.
    assert result.stdout == (
        f"{package}: 6 notes, 6 cards from 2 ideas and 4 quotes\n"
        "Notes against the last build: 6 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    [orphan] = [note for note in notes if "Nobody said this." in visible_text(note.cards[0].answer)]
    assert orphan.note_type == "flashcards Cloze"
    assert orphan.fields["Speaker"] == ""
    # The cue under the quote names the show (visible_text joins it without a space).
    assert [visible_text(card.question) for card in orphan.cards] == [
        "Nobody [...] this.Some Channel #7 · A Careful Title"
    ]
    assert sorted(note.fields.get("Speaker", "") for note in notes if "card-who" in note.tags) == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]


def test_speaker_without_quote(tmp_path):
    text = page(IDEAS, QUOTES).replace("— Ada Lovelace\n", "— Ada Lovelace\n— Grace Hopper\n")
    source = write(tmp_path, "s.txt", text)
    result, package = run(tmp_path, source)
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {source}:12: speaker line with no quote above it\n"
    assert result.stdout == (
        f"{package}: 4 notes, 4 cards from 2 ideas and 2 quotes\n"
        "Notes against the last build: 4 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    assert len(import_and_read(package, tmp_path / "anki")) == 4


def test_count_that_disagrees(tmp_path):
    source = write(tmp_path, "c.txt", page(IDEAS, QUOTES, idea_count=3, quote_count=1))
    result, package = run(tmp_path, source)
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {source}:5: the page declares 3 ideas but 2 were found\n"
        f"Warning: {source}:10: the page declares 1 quote but 2 were found\n"
    )
    # Every item found has its note: a cloze per idea, a complete-the-quote per quote of two speakers.
    assert len(import_and_read(package, tmp_path / "anki")) == 4


def test_same_idea_twice_keeps_both_as_distinct_notes(tmp_path):
    source = write(tmp_path, "twice.txt", page([*IDEAS, IDEAS[0]], [*QUOTES, QUOTES[1]]))
    result, package = run(tmp_path, source)
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {source}:9: the same idea as line 5; kept both, as separate notes\n"
        f"Warning: {source}:16: the same quote as line 14; kept both, as separate notes\n"
    )
    assert result.stdout == (
        f"{package}: 6 notes, 6 cards from 3 ideas and 3 quotes\n"
        "Notes against the last build: 6 new, 0 updated, 0 unchanged, 0 removed\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert len({note.guid for note in notes}) == 6


def test_two_inputs_with_the_same_title_get_their_own_decks(tmp_path):
    first = write(tmp_path, "first.txt", page(IDEAS, title_line="Same Title"))
    second = write(tmp_path, "second.txt", page(OTHER_IDEAS, title_line="Same Title"))
    result, package = run(tmp_path, first, second)
    assert result.exit_code == 0
    same = read_summary(first)[0].id
    assert result.stderr == (
        f"Warning: {second}: has the same id {same!r} as {first};"
        f" its notes use the id '{same}-2' so that neither replaces the other\n"
        f"Warning: {second}: has the same deck name as {first}; its deck is 'Summaries::Same Title (2)'\n"
    )
    notes = import_and_read(package, tmp_path / "anki")
    assert len({note.guid for note in notes}) == 4
    decks = sorted(card.deck for note in notes for card in note.cards)
    assert decks == ["Summaries::Same Title"] * 2 + ["Summaries::Same Title (2)"] * 2


def test_two_inputs_with_the_same_series_number(tmp_path):
    # The id comes from the channel, series and title: different titles have ids of their own.
    first = write(tmp_path, "a.txt", page(IDEAS, title_line="ShowOne Title | Show #1"))
    second = write(tmp_path, "b.txt", page(OTHER_IDEAS, title_line="ShowAnother Title | Show #1"))
    result, package = run(tmp_path, first, second)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert read_summary(first)[0].id != read_summary(second)[0].id
    # Each page's two ideas make a cloze each: all four notes reach Anki, none replacing another.
    assert len({note.guid for note in import_and_read(package, tmp_path / "anki")}) == 4


def test_two_copies_of_one_page_are_refused(tmp_path):
    # Same id and the same items: one summary twice, whose notes would all be imported twice.
    first = write(tmp_path, "first.txt", page(IDEAS, title_line="Same Title"))
    second = write(tmp_path, "copy.txt", page(IDEAS, title_line="Same Title"))
    result, package = run(tmp_path, first, second)
    same = read_summary(first)[0].id
    assert_error(
        result, package, f"{second}: is the same summary as {first} (id {same!r}); build from one of them"
    )


def test_same_file_given_twice_is_read_once(tmp_path):
    source = write(tmp_path, "page.txt", page(IDEAS))
    result, package = run(tmp_path, source, tmp_path / "." / "page.txt")
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {tmp_path / 'page.txt'}: is the same file as {source}; read once\n"
    assert result.stdout == (
        f"{package}: 2 notes, 2 cards from 2 ideas and 0 quotes\n"
        "Notes against the last build: 2 new, 0 updated, 0 unchanged, 0 removed\n"
    )


def test_line_numbers_count_only_real_line_breaks(tmp_path):
    # U+2028 and U+2029 are not line breaks to an editor; the warning must still point at line 12.
    text = page(IDEAS, [QUOTES[0], ("Nobody said this.", None)])
    text = text.replace("in a full sentence.", "in a full\u2028sentence\u2029here.")
    source = write(tmp_path, "sep.txt", text)
    result, package = run(tmp_path, source)
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {source}:12: quote has no speaker line; kept without a speaker\n"
    assert len(import_and_read(package, tmp_path / "anki")) == 4


def test_endless_input_from_a_pipe_is_cut_short(tmp_path):
    # A pipe has no size to check up front; reading stops one byte past the limit.
    package = tmp_path / "out.apkg"
    done = subprocess.run(
        [sys.executable, "-m", "flashcards", "build", "/dev/stdin", "-o", str(package)],
        input=b"not a summary\n" * 500_000,
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, b"")
    assert (
        done.stderr
        == b"Error: /dev/stdin: is too long; a summary page is at most 5 MB: is this the right file?\n"
    )
    assert not package.exists()
