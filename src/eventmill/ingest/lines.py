"""Lines of a byte stream, each bounded in length: what the line formats (JSON Lines, CSV)
read through.

A reader that asked the stream for "the next line" would hold a line of any length in
memory, and a one-line gigabyte (a decompression bomb, a file with no line breaks) would
take the machine's memory before anything could be said about it. Here a line longer than
the bound is reported by its number and length and skipped, read through in chunks
without being kept. Runs of blank lines are skipped at C speed, so a file of a hundred
million empty lines costs seconds, not minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

_BLOCK = 1 << 18
_BLANK_RUN = re.compile(rb"[ \t\r\n]*\n")  # whole blank lines (a line's leading spaces stay)


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its number (from 1), the byte offset where it starts, and its bytes
    (without the line break); ``data`` is None when the line was longer than the bound
    (``length`` says how long it was)."""

    number: int
    offset: int
    data: bytes | None
    length: int


def bounded_lines(stream: BinaryIO, max_bytes: int, *, keep_blank: bool = False) -> Iterator[Line]:
    """Every non-blank line of ``stream`` (every line with ``keep_blank``), none longer than
    ``max_bytes`` kept. Line breaks are ``\\n`` (a ``\\r`` before it stays in the data)."""
    number = 0
    offset = 0  # of the start of `pending`
    pending = b""  # the start of a line whose end is not read yet
    too_long = False  # the current line passed the bound: its bytes are being skipped
    skipped = 0  # how many bytes of it
    while True:
        block = stream.read(_BLOCK)
        if not block:
            break
        start = 0
        while True:
            end = block.find(b"\n", start)
            if end < 0:
                piece = block[start:]
                if too_long:
                    skipped += len(piece)
                elif len(pending) + len(piece) > max_bytes:
                    too_long, skipped, pending = True, len(pending) + len(piece), b""
                else:
                    pending += piece
                break
            number += 1
            if too_long:
                length = skipped + end - start
                yield Line(number, offset, None, length)
                too_long, skipped = False, 0
            else:
                data = pending + block[start:end] if pending else block[start:end]
                pending = b""
                length = len(data)
                if length > max_bytes:
                    yield Line(number, offset, None, length)
                elif keep_blank or data.strip():
                    yield Line(number, offset, data, length)
            offset += length + 1
            start = end + 1
            if not keep_blank:  # a run of blank lines: count it without a loop turn per line
                run = _BLANK_RUN.match(block, start)
                if run is not None:
                    number += block.count(b"\n", start, run.end())
                    offset += run.end() - start
                    start = run.end()
    if too_long:
        yield Line(number + 1, offset, None, skipped)
    elif pending and (keep_blank or pending.strip()):
        yield Line(number + 1, offset, pending, len(pending))
