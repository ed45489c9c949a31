"""A source's text: read within limits, decoded, and refused with its line when it holds what no page may."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import BinaryIO

from flashcards.errors import InputError

# `-` on the command line: the standard streams; messages name standard input so.
STDIO = "-"
STDIN_NAME = "<stdin>"
# Limits far above any real page (about 10 kB, lines under 2,000 characters); past them the
# file is something else, and refusing it early keeps the tool fast and the deck sane.
MAX_FILE_BYTES = 5_000_000
MAX_LINE_CHARS = 20_000
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 and C1 controls other than tab, line feed and carriage return never occur in a
# page copied from the web; C1 ones appear when cp1252 text is read as latin-1.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Half of a UTF-16 surrogate pair is no character at all: no file can hold it as UTF-8, and it
# only appears when an escape such as "\ud800" is read (--encoding unicode_escape, YAML).
SURROGATE = re.compile("[\ud800-\udfff]")
# The same characters in UTF-8: a C0 control or DEL is one byte below 0x80, which no other
# character's bytes are; a C1 control is 0xC2 (which only ever starts a character) and 0x80-0x9F.
C0_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
C1_CONTROL_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
# Lines as an editor counts them, so that FILE:LINE points at the right place; str.splitlines
# would also break at U+2028, U+2029 and form feeds and shift every number after them.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Like Markdown: *x* is emphasis only when the stars hug the words, so lone stars stay literal.
EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")


def is_stdio(path: Path | str | None) -> bool:
    """Whether a path given on the command line means standard input or output."""
    return path is not None and str(path) == STDIO


def source_name(path: Path) -> str:
    """How messages name an input: its path as given, or <stdin>."""
    return STDIN_NAME if is_stdio(path) else str(path)


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text, or an InputError that says why it cannot be had."""
    source = source_name(path)
    if is_stdio(path):
        # Standard input has no size; the same limit holds.
        return checked_text(read_at_most(sys.stdin.buffer, 0, MAX_FILE_BYTES + 1), 0, source, encoding)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = read_at_most(handle, size, MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        # Neither a missing file nor a folder can be opened as a file: asking which only then
        # spares every page two stat calls. A path with a NUL in it raises ValueError.
        if not path.exists():
            raise InputError("no such file", source) from None
        if path.is_dir():
            raise InputError("is a directory, not a summary file", source) from None
        raise InputError(f"cannot read: {getattr(error, 'strerror', None) or error}", source) from None
    return checked_text(data, size, source, encoding)


def checked_text(data: bytes, size: int, source: str, encoding: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        # A pipe has no size to report, only that it went on too long.
        how_big = f"is {size / 1_000_000:.1f} MB" if size > MAX_FILE_BYTES else "is too long"
        limit = MAX_FILE_BYTES // 1_000_000
        raise InputError(f"{how_big}; a summary page is at most {limit} MB: is this the right file?", source)
    text = decode(data, source, encoding)
    check_text(text, source, encoding)
    return text


def read_at_most(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, but never more than limit: a wrong file (a video, a disk image, an endless
    pipe) is never loaded whole, and one byte past the limit is enough to know."""
    # Asking for the size the file reports, not for the limit: read(limit) sets aside 5 MB for
    # every page, a quarter of reading and checking one.
    data = handle.read(min(size, limit - 1) + 1)
    if len(data) > size:
        # A pipe reports no size and a file may grow while read: the rest, up to the limit.
        data += handle.read(limit - len(data))
    return data


def decode(data: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode bytes as text, refusing binary data with a message that says where it broke."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    if data.startswith(UTF16_BOMS):
        # A UTF-16 byte-order mark is unambiguous (Windows "Unicode" text); it would otherwise
        # look like binary data because every ASCII character carries a NUL byte.
        codec = "utf-16"
    elif b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("contains NUL bytes: this is binary data, not a summary page", source, line)
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"is not valid {codec.removesuffix('-sig')} text (byte 0x{data[error.start]:02x});"
            " give the file's encoding with --encoding",
            source,
            line,
        ) from None


def check_text(text: str, source: str, encoding: str) -> None:
    """Refuse text that decoded but cannot be a summary page: control characters, endless lines."""
    # Almost every page passes both tests, and a page no longer than a line can be and without a
    # control character passes them line by line too: it is looked at whole.
    if len(text) <= MAX_LINE_CHARS and not has_control_character(text):
        return
    # Otherwise line by line, so that the first line at fault is the one named.
    for number, raw in enumerate(LINE_BREAK.split(text), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise InputError(
                f"line is {len(raw):,} characters long; a summary line is at most"
                f" {MAX_LINE_CHARS:,}: this is not a summary page",
                source,
                number,
            )
        surrogate = SURROGATE.search(raw)
        if surrogate:
            raise InputError(
                f"contains U+{ord(surrogate.group()):04X}, half of a surrogate pair, which is not a"
                f" character: this is not {encoding} text (give the file's encoding with --encoding)",
                source,
                number,
            )
        control = CONTROL_CHARACTER.search(raw)
        if control:
            raise InputError(
                f"contains the control character U+{ord(control.group()):04X}: this is binary data"
                f" or not {encoding} text (give the file's encoding with --encoding)",
                source,
                number,
            )


def has_control_character(text: str) -> bool:
    """CONTROL_CHARACTER.search(text), sooner: the regular expression looks at a page's characters
    one by one, while deleting C0 bytes from its UTF-8 and finding the 0xC2 of C1 controls are
    byte-wise loops in C, twice as fast with the encoding included. True for a lone surrogate
    too, which UTF-8 cannot encode: the line by line check names it."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return len(encoded.translate(None, C0_CONTROL_BYTES)) < len(encoded) or bool(
        C1_CONTROL_BYTES.search(encoded)
    )


def without_emphasis(text: str) -> str:
    """The text without its *emphasis* stars, as a card's words are chosen and matched."""
    return EMPHASIS.sub(r"\1", text)
