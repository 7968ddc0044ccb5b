"""Readers: one function per input format, each yielding documents or input errors.

Readers stream: line-based formats are read a line (or CSV row) at a time, so a file of
any size is never held in memory whole. A reader never raises for bad content; it yields
an :class:`~eventmill.errors.InputError` for the record (or file) and goes on.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from eventmill import errors as E
from eventmill.errors import InputError, InputWarning
from eventmill.ingest.dates import parse_pub_date
from eventmill.records import Document

Item = Document | InputError | InputWarning

_SNIFF_BYTES = 8192


@dataclass(slots=True)
class ReadOptions:
    """How to read inputs. Column names apply to CSV/TSV; ``default_date`` is used for
    documents that carry no date of their own (a .txt file, or a record without one)."""

    format: str | None = None  # force a reader: txt | jsonl | csv | tsv | html
    text_col: str = "text"
    id_col: str = "id"
    date_col: str = "date"
    title_col: str = "title"
    source_col: str = "source"
    url_col: str = "url"
    default_date: date | None = None


# --------------------------------------------------------------------------- helpers


def _decode_error(where: str, exc: UnicodeDecodeError, base: int = 0) -> InputError:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return InputError(where, E.E_NOT_UTF8.format(byte=byte, offset=base + exc.start), E.H_NOT_UTF8)


def _sniff(head: bytes, where: str) -> InputError | None:
    """Reject what is clearly not UTF-8 text before reading further."""
    if not head:
        return InputError(where, E.E_EMPTY)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(where, "is UTF-16 encoded", "re-encode it as UTF-8, e.g. `iconv -f utf-16 -t utf-8`")
    if b"\x00" in head:
        return InputError(where, E.E_BINARY, "eventmill reads text formats; extract the text first")
    return None


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _pub_date(value: object, where: str, options: ReadOptions) -> tuple[date | None, InputWarning | None]:
    try:
        parsed = parse_pub_date(value)
    except (ValueError, OverflowError):
        return options.default_date, InputWarning(where, E.W_BAD_DATE.format(value=value))
    return (parsed if parsed is not None else options.default_date), None


def _record_to_document(
    rec: dict[str, Any], where: str, options: ReadOptions, text_key: str = "text"
) -> Iterator[Item]:
    text = rec.get(text_key)
    if text is None or (isinstance(text, str) and not text.strip()):
        yield InputError(where, E.E_NO_TEXT, E.H_NO_TEXT)
        return
    if not isinstance(text, str):
        yield InputError(where, E.E_TEXT_TYPE.format(kind=_kind(text)))
        return
    raw_date = next((rec[k] for k in ("date", "pub_date", "published", "publish_date") if rec.get(k)), None)
    pub_date, warning = _pub_date(raw_date, where, options)
    if warning:
        yield warning
    raw_id = next((rec[k] for k in ("id", "story_id", "doc_id") if rec.get(k) not in (None, "")), None)
    yield Document(
        id=_str_or_none(raw_id) or "",
        text=text,
        pub_date=pub_date,
        title=_str_or_none(rec.get("title")),
        source=_str_or_none(rec.get("source")),
        url=_str_or_none(rec.get("url")),
        language=_str_or_none(rec.get("language")),
        origin=where,
    )


# --------------------------------------------------------------------------- formats


def read_text(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """A plain-text file is one document (its date comes from ``--date``)."""
    data = stream.read()
    bad = _sniff(data[:_SNIFF_BYTES], name)
    if bad:
        yield bad
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield _decode_error(name, exc)
        return
    if not text.strip():
        yield InputError(name, E.E_EMPTY)
        return
    yield Document(id="", text=text, pub_date=options.default_date, origin=name)


def read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """JSON Lines: one ``{"text": ..., "id"?, "date"?, "title"?, "source"?, "url"?}`` per line."""
    head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(stream, "peek") else b""
    bad = _sniff(head, name) if hasattr(stream, "peek") else None
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
            yield _decode_error(where, exc, line_offset)
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
            yield InputError(where, E.E_JSON_OBJECT.format(kind=_kind(rec)))
            continue
        yield from _record_to_document(rec, where, options)


def read_csv(stream: BinaryIO, name: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    """CSV/TSV with a header row; columns named by ``--text-col``, ``--id-col``, ``--date-col``."""
    head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(stream, "peek") else b""
    bad = _sniff(head, name) if hasattr(stream, "peek") else None
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
        yield from _record_to_document(rec, where, options)


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
    if b"\x00" in data[:_SNIFF_BYTES]:
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
    pub_date, warning = _pub_date(getattr(extracted, "date", None), name, options)
    if warning:
        yield warning
    yield Document(
        id="",
        text=text,
        pub_date=pub_date,
        title=_str_or_none(getattr(extracted, "title", None)),
        source=_str_or_none(getattr(extracted, "sitename", None)),
        url=_str_or_none(getattr(extracted, "url", None)),
        origin=name,
    )


READERS = {
    "txt": read_text,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": lambda s, n, o: read_csv(s, n, o, delimiter="\t"),
    "html": read_html,
}

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
}


def format_of(path: Path, forced: str | None = None) -> str | None:
    return forced or EXTENSIONS.get(path.suffix.lower())


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


def read_stdin(options: ReadOptions) -> Iterator[Item]:
    """Standard input: JSON Lines when it starts with ``{``, else one plain-text document."""
    raw = sys.stdin.buffer
    head = raw.read(_SNIFF_BYTES) or b""
    stream = io.BufferedReader(_Prefixed(head, raw))
    fmt = options.format or ("jsonl" if head.lstrip().startswith(b"{") else "txt")
    if not head:
        yield InputError("<stdin>", E.E_EMPTY)
        return
    yield from READERS[fmt](stream, "<stdin>", options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    fmt = format_of(path, options.format)
    if fmt is None:
        yield InputError(str(path), E.E_UNSUPPORTED.format(ext=path.suffix or "(none)"), E.H_UNSUPPORTED)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as exc:
        yield InputError(str(path), f"cannot be opened ({exc.strerror})")
        return
    with stream:
        if path.stat().st_size == 0:
            yield InputError(str(path), E.E_EMPTY)
            return
        yielded = False
        for item in READERS[fmt](stream, str(path), options):
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
