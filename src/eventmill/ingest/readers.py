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
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from eventmill import errors as E
from eventmill.errors import InputError
from eventmill.ingest.common import (
    SNIFF_BYTES,
    Item,
    ReadOptions,
    Skipped,
    decode_error,
    kind_of,
    pub_date_of,
    record_to_document,
    sniff,
    str_or_none,
)
from eventmill.ingest.compressed import SUFFIXES as COMPRESSION_SUFFIXES
from eventmill.ingest.compressed import compression_of, decompressed
from eventmill.records import Document

__all__ = ["Item", "ReadOptions", "Skipped", "format_of", "iter_items", "read_file"]

# --------------------------------------------------------------------------- formats


def read_text(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """A plain-text file is one document (its date comes from ``--date``)."""
    data = stream.read()
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


def read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """JSON Lines: one ``{"text": ..., "id"?, "date"?, "title"?, "source"?, "url"?}`` per line."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    bad = sniff(head, name) if hasattr(stream, "peek") else None
    if bad:
        yield bad
        return
    offset = 0
    for lineno, raw in enumerate(stream, start=1):
        where = f"{name}:{lineno}"
        line_offset, offset = offset, offset + len(raw)
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield decode_error(where, exc, line_offset)
            continue
        if not line.strip():
            continue
        if lineno == 1 and line.lstrip().startswith("["):
            yield InputError(name, "is a JSON array, not JSON Lines", "convert it with `jq -c '.[]' FILE`")
            return
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, E.E_JSON.format(msg=exc.msg + f" at column {exc.colno}"))
            continue
        if not isinstance(rec, dict):
            yield InputError(where, E.E_JSON_OBJECT.format(kind=kind_of(rec)))
            continue
        yield from record_to_document(rec, where, options)


def read_csv(stream: BinaryIO, name: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    """CSV/TSV with a header row; columns named by ``--text-col``, ``--id-col``, ``--date-col``."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    bad = sniff(head, name) if hasattr(stream, "peek") else None
    if bad:
        yield bad
        return
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text_stream, delimiter=delimiter)
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
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{name}:{reader.line_num}", f"malformed CSV row ({exc})")
            continue
        where = f"{name}:{reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
            bad_cell = next(c for c in row if any("\udc80" <= ch <= "\udcff" for ch in c))
            byte = next(ord(ch) - 0xDC00 for ch in bad_cell if "\udc80" <= ch <= "\udcff")
            yield InputError(where, f"is not valid UTF-8 (undecodable byte 0x{byte:02x})", E.H_NOT_UTF8)
            continue

        def cell(col: str, row: list[str] = row) -> str | None:
            i = index.get(col)
            return row[i] if i is not None and i < len(row) else None

        text = cell(options.text_col)
        if not text or not text.strip():
            yield InputError(where, E.E_CSV_ROW.format(col=options.text_col))
            continue
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


def read_html(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """An HTML page is one document: its main text, title, date and URL via trafilatura.

    The document's ``text`` is the extracted article text, and every offset eventmill
    reports for it indexes that text.
    """
    import trafilatura

    data = stream.read()
    if not data.strip():
        yield InputError(name, E.E_EMPTY)
        return
    if b"\x00" in data[:SNIFF_BYTES]:
        yield InputError(name, E.E_BINARY)
        return
    # Only dates the page states in its metadata; never a guess from the file or the text.
    extracted = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        yield InputError(name, E.E_HTML_EMPTY, "is it an article page? eventmill skips navigation-only pages")
        return
    pub_date, warning = pub_date_of(getattr(extracted, "date", None), name, options)
    if warning:
        yield warning
    yield Document(
        id="",
        text=text,
        pub_date=pub_date,
        title=str_or_none(getattr(extracted, "title", None)),
        source=str_or_none(getattr(extracted, "sitename", None)),
        url=str_or_none(getattr(extracted, "url", None)),
        origin=name,
    )


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


def _guarded(items: Iterator[Item], where: str, compressed: bool) -> Iterator[Item]:
    """Pass items on; a decompression failure part-way becomes one error after them."""
    if not compressed:
        yield from items
        return
    n = 0
    try:
        for item in items:
            n += isinstance(item, Document)
            yield item
    except _stream_errors() as exc:
        yield InputError(
            where, f"compressed data is corrupt or truncated after {n} documents ({exc})", "check the download"
        )


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
    if compression:
        stream = decompressed(stream, compression)
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    fmt = options.format or ("jsonl" if head.lstrip().startswith(b"{") else "txt")
    if fmt not in READERS:
        yield InputError("<stdin>", f"cannot read {fmt} from standard input", "pass the file's path instead")
        return
    yield from _guarded(READERS[fmt](stream, "<stdin>", options), "<stdin>", bool(compression))


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Every item of one file, by its format; compressed files are decompressed as read."""
    fmt = format_of(path, options.format)
    if fmt is None:
        yield InputError(str(path), E.E_UNSUPPORTED.format(ext=path.suffix or "(none)"), E.H_UNSUPPORTED)
        return
    if fmt in PATH_FORMATS:
        from eventmill.ingest.parquet import read_parquet

        yield from _nonempty(read_parquet(path, options), path)
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
        compression = compression_of(raw.peek(4)[:4])
        if compression and fmt != "warc":  # WARC readers take gzip per record themselves
            stream = decompressed(raw, compression)
        elif compression == "zstd":
            yield InputError(str(path), "zstd-compressed WARC is not supported", "decompress it with `zstd -d`")
            return
        items = _guarded(READERS[fmt](stream, str(path), options), str(path), compression is not None)
        for item in _nonempty(items, path):
            yield item
            if options.on_read is not None and not raw.closed:
                options.on_read(str(path), raw.tell())


def _nonempty(items: Iterator[Item], path: Path) -> Iterator[Item]:
    yielded = False
    for item in items:
        yielded = True
        yield item
    if not yielded:
        yield InputError(str(path), "holds no documents (only blank lines)")


def iter_items(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Item]:
    """Read every path in turn (``-`` is standard input; directories are walked)."""
    from eventmill.ingest.paths import expand

    options = options or ReadOptions()
    for entry in expand(paths, options):
        if isinstance(entry, InputError):
            yield entry
        elif entry == "-":
            yield from read_stdin(options)
        else:
            yield from read_file(Path(entry), options)
