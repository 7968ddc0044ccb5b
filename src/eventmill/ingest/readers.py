"""Readers: one function per input format, each yielding documents or input errors.

Formats: plain text, JSON Lines, CSV/TSV, HTML (here); RSS/Atom feeds (``feeds.py``),
WARC/ARC web archives (``warc.py``), Parquet (``parquet.py``); any of the stream formats
gzip- or zstd-compressed (``compressed.py``).

Readers stream: line-based formats are read a line (or CSV row) at a time, Parquet by
row group and WARC a record at a time, so a file of any size is never held in memory
whole. A reader never raises for bad content; it yields an
:class:`~eventmill.errors.InputError` for the record (or file) and goes on. Records are
named ``FILE:LINE`` in line formats, ``FILE#N`` for the N-th record of a feed or Parquet
file, and ``FILE@OFFSET`` for the WARC record at that byte offset.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from eventmill import errors as E
from eventmill.errors import InputError
from eventmill.ingest.common import (
    GIVE_UP_AFTER,
    SNIFF_BYTES,
    Item,
    ReadOptions,
    Skipped,
    decode_error,
    guarded,
    kind_of,
    read_whole,
    record_to_document,
    size_text,
    sniff,
)
from eventmill.ingest.compressed import SUFFIXES as COMPRESSION_SUFFIXES
from eventmill.ingest.compressed import Bounded, TooLarge, compression_of, open_decompressed
from eventmill.ingest.lines import Line, bounded_lines
from eventmill.ingest.pages import read_html
from eventmill.records import Document

__all__ = ["Item", "ReadOptions", "Skipped", "format_of", "read_file"]

# --------------------------------------------------------------------------- formats


def _peek(stream: BinaryIO) -> bytes | None:
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else None


def read_text(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """A plain-text file is one document (its date comes from ``--date``)."""
    data = read_whole(stream, name, options)
    if isinstance(data, InputError):
        yield data
        return
    bad = sniff(data[:SNIFF_BYTES], name)
    if bad:
        yield bad
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield decode_error(name, exc)
        return
    if not text.strip():
        yield InputError(name, E.E_EMPTY)
        return
    yield Document(id="", text=text, pub_date=options.default_date, origin=name)


Records = Iterator[list[Item]]  # what a line format reads: the items of each record in turn


def _limited(records: Records, name: str, fmt: str) -> Iterator[Item]:
    """The records' items, except for a file that is not this format at all: while no
    good record has been read, the errors are held back, and when the first
    :data:`GIVE_UP_AFTER` records are all bad, one line says so for the whole file (with
    the first problem) in place of a thousand."""
    held: list[Item] = []
    bad = 0
    good = False
    for items in records:
        if good:
            yield from items
            continue
        held += items
        if any(isinstance(i, Document) for i in items):
            good = True
            yield from held
            held = []
        elif any(isinstance(i, InputError) for i in items):
            bad += 1
            if bad >= GIVE_UP_AFTER:
                first = next(i for i in held if isinstance(i, InputError))
                at = first.where[len(name):]
                place = f"line {at[1:]}" if at.startswith(":") else f"record {at[1:]}" if at else "the file"
                yield InputError(name, E.E_GIVE_UP.format(n=GIVE_UP_AFTER, fmt=fmt, first=f"{place}: {first.problem}"))
                return
    yield from held


def _too_long(where: str, length: int, options: ReadOptions) -> InputError:
    return InputError(
        where, E.E_TOO_LONG.format(size=size_text(length), limit=size_text(options.max_record_bytes)), E.H_TOO_LARGE
    )


def read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """JSON Lines: one ``{"text": ..., "id"?, "date"?, "title"?, "source"?, "url"?}`` per line.

    Every line is a record of its own: a line that cannot be read (not UTF-8, not JSON,
    nested too deeply, longer than ``--max-record``) is reported by number and the lines
    around it are read as usual. A file that is a JSON array of records rather than JSON
    Lines (one line ``[{...}, {...}]``, or spread over lines) is read as one.
    """
    head = _peek(stream)
    bad = sniff(head, name) if head is not None else None
    if bad:
        yield bad
        return
    yield from _limited(_jsonl_records(stream, name, options), name, "JSON Lines")


def _jsonl_records(stream: BinaryIO, name: str, options: ReadOptions) -> Records:
    lines = bounded_lines(stream, options.max_record_bytes)
    for line in lines:
        if line.data is not None and line.data.lstrip(b"\xef\xbb\xbf \t").startswith(b"[") and _opens_array(line):
            yield from _json_array(line, lines, name, options)
            return
        yield _json_record(line, name, options)
        break
    for line in lines:
        yield _json_record(line, name, options)


def _json_record(line: Line, name: str, options: ReadOptions) -> list[Item]:
    where = f"{name}:{line.number}"
    if line.data is None:
        return [_too_long(where, line.length, options)]
    return list(guarded(where, partial(_json_line, line, where, options)))


def _json_line(line: Line, where: str, options: ReadOptions) -> Iterator[Item]:
    assert line.data is not None
    if b"\x00" in line.data:
        yield InputError(where, E.E_NUL_LINE)
        return
    try:
        text = line.data.decode("utf-8-sig" if line.offset == 0 else "utf-8")
    except UnicodeDecodeError as exc:
        yield decode_error(where, exc, line.offset)
        return
    if not text.strip():
        return  # a line holding only the file's byte-order mark
    try:
        rec = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(where, E.E_JSON.format(msg=exc.msg.removesuffix(" at") + f" at column {exc.colno}"))
        return
    if not isinstance(rec, dict):
        yield InputError(where, E.E_JSON_OBJECT.format(kind=kind_of(rec)))
        return
    yield from record_to_document(rec, where, options)


def _opens_array(first: Line) -> bool:
    """The first line is an array of records, or opens one (``[``, ``[{``); not a bad line
    such as ``[[[[...`` or ``[1, 2]``."""
    assert first.data is not None
    if _array(first.data) is not None:
        return True
    opening = first.data.lstrip(b"\xef\xbb\xbf \t").rstrip()
    return opening == b"[" or re.match(rb"\[\s*\{", opening) is not None


def _json_array(first: Line, rest: Iterator[Line], name: str, options: ReadOptions) -> Records:
    """A JSON array of records, on the first line or over the whole file; if it is not one
    after all, the lines are read as JSON Lines."""
    assert first.data is not None
    records = _array(first.data)
    held = [first]
    if records is None:
        size = first.length
        for line in rest:
            size += line.length
            if line.data is None or size > options.max_record_bytes:
                yield [InputError(name, E.E_ARRAY_TOO_LARGE.format(limit=size_text(options.max_record_bytes)),
                                  "convert it to JSON Lines, e.g. `jq -c '.[]' FILE > FILE.jsonl`")]
                return
            held.append(line)
        records = _array(b"\n".join(line.data or b"" for line in held))
    if records is None:  # not an array after all: JSON Lines whose first line is bad
        for line in held:
            yield _json_record(line, name, options)
        return
    for i, rec in enumerate(records, start=1):
        where = f"{name}#{i}"
        if not isinstance(rec, dict):
            yield [InputError(where, E.E_ARRAY_ITEM.format(kind=kind_of(rec)))]
        else:
            yield list(guarded(where, partial(record_to_document, rec, where, options)))
    for line in rest:  # lines after a one-line array: JSON Lines
        yield _json_record(line, name, options)


def _array(data: bytes) -> list[Any] | None:
    """The records of a JSON array of objects; None for anything else (a line ``[1, 2]`` is
    a bad JSON Lines record, not an array of records)."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, list) and any(isinstance(v, dict) for v in value) else None


class _CsvLines:
    """Decoded lines for csv.reader, bounded in length, remembering which line it read last
    and which were too long (the row that holds one is refused)."""

    def __init__(self, stream: BinaryIO, options: ReadOptions) -> None:
        self._lines = bounded_lines(stream, options.max_record_bytes, keep_blank=True)
        self.number = 0
        self.too_long: list[tuple[int, int]] = []  # (line number, length)

    def __iter__(self) -> Iterator[str]:
        first = True
        for line in self._lines:
            self.number = line.number
            if line.data is None:
                self.too_long.append((line.number, line.length))
                yield "\n"
                continue
            yield line.data.decode("utf-8-sig" if first else "utf-8", "surrogateescape") + "\n"
            first = False


def read_csv(stream: BinaryIO, name: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    """CSV/TSV with a header row; columns named by ``--text-col``, ``--id-col``, ``--date-col``."""
    head = _peek(stream)
    bad = sniff(head, name) if head is not None else None
    if bad:
        yield bad
        return
    if csv.field_size_limit() < options.max_record_bytes:
        csv.field_size_limit(options.max_record_bytes)  # a cell may be a whole article
    lines = _CsvLines(stream, options)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield InputError(name, E.E_EMPTY)
        return
    except csv.Error as exc:
        yield InputError(f"{name}:1", f"unreadable CSV header ({exc})")
        return
    columns = [h.strip() for h in header]
    if options.text_col not in columns:
        yield InputError(
            name,
            E.E_CSV_COLUMN.format(col=options.text_col, cols=", ".join(columns) or "none"),
            E.H_CSV_COLUMN.format(opt="text-col"),
        )
        return
    for opt, col in (("id-col", options.id_col), ("date-col", options.date_col)):
        if col not in columns and col not in ("id", "date"):  # the defaults are optional
            yield InputError(
                name, E.E_CSV_COLUMN.format(col=col, cols=", ".join(columns)), E.H_CSV_COLUMN.format(opt=opt)
            )
            return
    index = {c: i for i, c in enumerate(columns)}
    yield from _limited(_csv_records(reader, lines, name, index, options), name, "CSV")


def _csv_records(reader: Any, lines: _CsvLines, name: str, index: dict[str, int], options: ReadOptions) -> Records:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield [InputError(f"{name}:{lines.number}", f"malformed CSV row ({exc})")]
            continue
        where = f"{name}:{lines.number}"
        if lines.too_long:
            number, length = lines.too_long[-1]
            lines.too_long.clear()
            yield [_too_long(f"{name}:{number}", length, options)]
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield list(guarded(where, partial(_csv_row, row, where, index, options)))


def _csv_row(row: list[str], where: str, index: dict[str, int], options: ReadOptions) -> Iterator[Item]:
    if any("\x00" in cell_text for cell_text in row):
        yield InputError(where, "row holds NUL bytes (binary data, not text)")
        return
    for cell_text in row:
        bad_byte = next((ord(ch) - 0xDC00 for ch in cell_text if "\udc80" <= ch <= "\udcff"), None)
        if bad_byte is not None:
            yield InputError(where, f"is not valid UTF-8 (undecodable byte 0x{bad_byte:02x})", E.H_NOT_UTF8)
            return

    def cell(col: str) -> str | None:
        i = index.get(col)
        return row[i] if i is not None and i < len(row) else None

    text = cell(options.text_col)
    if not text or not text.strip():
        yield InputError(where, E.E_CSV_ROW.format(col=options.text_col))
        return
    rec = {
        "text": text,
        "id": cell(options.id_col),
        "date": cell(options.date_col),
        "title": cell(options.title_col),
        "source": cell(options.source_col),
        "url": cell(options.url_col),
        "language": cell("language"),
    }
    yield from record_to_document(rec, where, options)


def _read_feed(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    from eventmill.ingest.feeds import read_feed

    return read_feed(stream, name, options)


def _read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    from eventmill.ingest.warc import read_warc

    return read_warc(stream, name, options)


Reader = Callable[[BinaryIO, str, ReadOptions], Iterator[Item]]

READERS: dict[str, Reader] = {
    "txt": read_text,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": lambda s, n, o: read_csv(s, n, o, delimiter="\t"),
    "html": read_html,
    "feed": _read_feed,
    "warc": _read_warc,
}
# Formats read from a path (a Parquet file is read by row groups, not as a stream).
PATH_FORMATS = ("parquet",)
FORMATS = (*READERS, *PATH_FORMATS)

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def _inner_suffix(path: Path) -> str:
    """The format suffix, looking through a compression suffix (``a.jsonl.gz`` -> ``.jsonl``)."""
    suffixes = [x.lower() for x in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in COMPRESSION_SUFFIXES:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def format_of(path: Path, forced: str | None = None) -> str | None:
    """The reader for a file: ``forced`` (``--format``), else by its name."""
    return forced or EXTENSIONS.get(_inner_suffix(path))


class _Prefixed(io.RawIOBase):
    """A raw stream that first replays bytes already read (to sniff the format)."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._prefix:
            n = min(len(buf), len(self._prefix))
            buf[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buf))
        n = len(data)
        buf[:n] = data
        return n


def _stream_errors() -> tuple[type[BaseException], ...]:
    """What a corrupt or truncated compressed stream raises part-way through."""
    import zstandard

    return (EOFError, OSError, zlib.error, zstandard.ZstdError)


def _guarded(items: Iterator[Item], where: str, bounded: Bounded | None) -> Iterator[Item]:
    """Pass items on; a decompression failure part-way (a truncated or corrupt stream, one
    past its size bound) becomes one error after the records read before it (unless the
    reader has just said where the data ends: one line per damage)."""
    n = 0
    last: Item | None = None
    failure: BaseException | None = None
    stream_errors: tuple[type[BaseException], ...] = (TooLarge, *_stream_errors())
    try:
        for item in items:
            n += isinstance(item, Document)
            last = item
            yield item
    except stream_errors as exc:
        failure = exc
    if failure is None and bounded is not None:
        failure = bounded.unreported()
        if isinstance(last, InputError) and "truncated" in last.problem and not isinstance(failure, TooLarge):
            return  # the reader named where the archive ends
    if failure is None:
        return
    docs = f"{n} document{'' if n == 1 else 's'}"
    if isinstance(failure, TooLarge):
        yield InputError(where, f"{failure}; read {docs} before it, the rest is skipped")
    elif bounded is not None:
        yield InputError(where, f"compressed data is corrupt or truncated after {docs} ({failure})",
                         "check the download")
    else:
        yield InputError(where, f"could not be read after {docs} ({failure})")


def _open_compressed(
    raw: BinaryIO, compression: str, where: str, options: ReadOptions
) -> tuple[BinaryIO, Bounded] | InputError:
    try:
        return open_decompressed(raw, compression, options.max_decompressed_bytes)
    except _stream_errors() as exc:
        return InputError(where, f"compressed data is corrupt or truncated ({exc})", "check the download")


def read_stdin(options: ReadOptions) -> Iterator[Item]:
    """Standard input: JSON Lines when it starts with ``{``, else one plain-text document
    (gzip or zstd compressed input is decompressed first)."""
    raw = sys.stdin.buffer
    head = raw.read(SNIFF_BYTES) or b""
    if not head:
        yield InputError("<stdin>", E.E_EMPTY)
        return
    stream: BinaryIO = io.BufferedReader(_Prefixed(head, raw))
    compression = compression_of(head)
    bounded: Bounded | None = None
    if compression:
        opened = _open_compressed(stream, compression, "<stdin>", options)
        if isinstance(opened, InputError):
            yield opened
            return
        stream, bounded = opened
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    fmt = options.format or ("jsonl" if head.lstrip().startswith((b"{", b"[")) else "txt")
    if fmt not in READERS:
        yield InputError("<stdin>", f"cannot read {fmt} from standard input", "pass the file's path instead")
        return
    yield from _guarded(READERS[fmt](stream, "<stdin>", options), "<stdin>", bounded)


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Every item of one file, by its format; compressed files are decompressed as read."""
    fmt = format_of(path, options.format)
    if fmt is None:
        yield InputError(str(path), E.E_UNSUPPORTED.format(ext=path.suffix or "(none)"), E.H_UNSUPPORTED)
        return
    if fmt in PATH_FORMATS:
        from eventmill.ingest.parquet import read_parquet

        yield from _nonempty(read_parquet(path, options), path, fmt)
        return
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as exc:
        yield InputError(str(path), f"cannot be opened ({exc.strerror})")
        return
    with raw:
        if path.stat().st_size == 0:
            yield InputError(str(path), E.E_EMPTY)
            return
        stream: BinaryIO = raw
        bounded: Bounded | None = None
        compression = compression_of(raw.peek(4)[:4])
        if compression:  # WARC too: its records are read from the decompressed archive
            opened = _open_compressed(raw, compression, str(path), options)
            if isinstance(opened, InputError):
                yield opened
                return
            stream, bounded = opened
        items = _guarded(READERS[fmt](stream, str(path), options), str(path), bounded)
        for item in _nonempty(items, path, fmt):
            yield item
            if options.on_read is not None and not raw.closed:
                options.on_read(str(path), raw.tell())


def _nonempty(items: Iterator[Item], path: Path, fmt: str) -> Iterator[Item]:
    yielded = False
    for item in items:
        yielded = True
        yield item
    if not yielded:
        blank = " (only blank lines)" if fmt in ("jsonl", "csv", "tsv") else ""
        yield InputError(str(path), f"holds no documents{blank}")
