"""What every reader shares: the options, the items a reader yields, and the step from a
record (a JSON object, a CSV row, a Parquet row, a feed entry) to a :class:`Document`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from eventmill import errors as E
from eventmill.errors import InputError, InputWarning
from eventmill.ingest.dates import EARLIEST, LATEST, parse_pub_date
from eventmill.records import Document

SNIFF_BYTES = 8192
MAX_RECORD_BYTES = 16 << 20
"""A record read whole may be this long by default (an article of a million characters
is under 4 MiB even in UTF-8 with entities): ``--max-record`` raises it."""
GIVE_UP_AFTER = 1000
"""A line format whose first this many records are all unreadable is not that format
(a binary file, another encoding): one error for the file instead of one per line."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that was read and is not a document eventmill codes (a WARC record of an
    image, a page with no article text): counted under ``reason``, not reported as an error."""

    where: str
    reason: str


Item = Document | InputError | InputWarning | Skipped


@dataclass(slots=True)
class ReadOptions:
    """How to read inputs. Column names apply to CSV/TSV and Parquet; ``default_date`` is
    used for documents that carry no date of their own (a .txt file, a record without one)."""

    format: str | None = None  # force a reader: txt | jsonl | csv | tsv | html | feed | warc | parquet
    text_col: str = "text"
    id_col: str = "id"
    date_col: str = "date"
    title_col: str = "title"
    source_col: str = "source"
    url_col: str = "url"
    default_date: date | None = None
    # called as (file, bytes read so far) while a file is read: the progress bar's position
    on_read: Callable[[str, int], None] | None = None
    # Bounds, so that no input can take the machine's memory: the longest record read whole
    # (a line, a CSV row, a page, a feed, a WARC record), and what a compressed file may
    # unpack to (None: at most RATIO times its compressed size, see compressed.py).
    max_record_bytes: int = MAX_RECORD_BYTES
    max_decompressed_bytes: int | None = None


def decode_error(where: str, exc: UnicodeDecodeError, base: int = 0) -> InputError:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return InputError(where, E.E_NOT_UTF8.format(byte=byte, offset=base + exc.start), E.H_NOT_UTF8)


_MAGIC = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program",
    b"SQLite format 3": "an SQLite database",
    b"PAR1": "a Parquet file (name it .parquet or pass --format parquet)",
}
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def encoding_problem(head: bytes) -> str | None:
    """"is UTF-16 encoded" and the like, from the first bytes; None for what may be UTF-8."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "is UTF-32 encoded"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 encoded"
    sample = head[:4096]
    if len(sample) >= 8:
        zeros = [i % 4 for i, b in enumerate(sample) if b == 0]
        texts = [i % 4 for i, b in enumerate(sample) if b != 0]
        if len(zeros) >= 0.6 * len(sample) and len(texts) >= 0.15 * len(sample) and len(set(texts)) == 1:
            return "is UTF-32 encoded"
        if (len(zeros) >= 0.35 * len(sample) and len(texts) >= 0.35 * len(sample)
                and len({z % 2 for z in zeros}) == 1):
            return "is UTF-16 encoded"
    return None


def sniff(head: bytes, where: str) -> InputError | None:
    """Reject what is clearly not UTF-8 text before reading further: an empty file, UTF-16
    or UTF-32, a known binary format, or bytes that are mostly not text. A text file with a
    few stray NUL or control bytes is text: its bad lines are reported one by one."""
    if not head:
        return InputError(where, E.E_EMPTY)
    encoding = encoding_problem(head)
    if encoding:
        codec = encoding.split()[-2].lower()
        return InputError(where, encoding, f"re-encode it as UTF-8, e.g. `iconv -f {codec} -t utf-8`")
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return InputError(where, f"{E.E_BINARY}: {what}", "eventmill reads text formats; extract the text first")
    sample = head[:4096]
    undecodable = len(sample.decode("utf-8", "replace").encode("utf-8")) - len(sample)  # 2 extra bytes per bad byte
    if sum(sample.count(c) for c in _CONTROL) + undecodable // 2 > 0.3 * len(sample):
        return InputError(where, E.E_BINARY, "eventmill reads text formats; extract the text first")
    return None


def clean_text(value: str) -> tuple[str, int]:
    """The string with lone surrogates (``"\\ud800"`` is valid JSON, but no text: it cannot
    be stored or written as UTF-8) replaced by U+FFFD, which keeps every offset; and how many."""
    try:
        value.encode("utf-8")
        return value, 0
    except UnicodeEncodeError:
        fixed = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
        return fixed, sum(1 for ch in value if "\ud800" <= ch <= "\udfff")


def guarded(where: str, make: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """The items of one record; whatever a parser raises on it becomes that record's error,
    never the batch's (a RecursionError from deep nesting, a ValueError from a huge number ...)."""
    try:
        yield from make()
    except Exception as exc:
        yield InputError(where, f"could not be read ({describe(exc)})")


def describe(exc: BaseException) -> str:
    """An exception in the user's words."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, ValueError) and "integer string conversion" in text:
        return "holds a number with more than 4,300 digits"
    if isinstance(exc, MemoryError):
        return "too large to hold in memory"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def size_text(n: int) -> str:
    """A byte count for people: ``16 MiB``, ``2.5 KiB``, ``900 bytes``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            value = n / (1 << shift)
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def kind_of(value: object) -> str:
    """How a value reads in an error message: "an array", "a number", "null" ..."""
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def str_or_none(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def pub_date_of(value: object, where: str, options: ReadOptions) -> tuple[date | None, InputWarning | None]:
    """The publication date a record states, else ``--date``; a warning for one that
    cannot be read (it is then treated as missing, never guessed)."""
    try:
        parsed = parse_pub_date(value)
    except Exception as exc:  # whatever a date parser raises, the record keeps no date
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        if isinstance(exc, ValueError) and " is outside " in str(exc):
            span = f"{EARLIEST.isoformat()}..{LATEST.isoformat()}"
            return options.default_date, InputWarning(where, E.W_DATE_RANGE.format(value=shown, range=span))
        return options.default_date, InputWarning(where, E.W_BAD_DATE.format(value=shown))
    return (parsed if parsed is not None else options.default_date), None


def record_to_document(rec: dict[str, Any], where: str, options: ReadOptions, text_key: str = "text") -> Iterator[Item]:
    """A record with ``text`` and optional ``id``/``date``/``title``/``source``/``url``/
    ``language`` (and their common aliases) as a Document, or an error saying what is missing."""
    text = rec.get(text_key)
    if text is None or (isinstance(text, str) and not text.strip()):
        yield InputError(where, E.E_NO_TEXT, E.H_NO_TEXT)
        return
    if not isinstance(text, str):
        yield InputError(where, E.E_TEXT_TYPE.format(kind=kind_of(text)))
        return
    raw_date = next((rec[k] for k in ("date", "pub_date", "published", "publish_date") if rec.get(k)), None)
    pub_date, warning = pub_date_of(raw_date, where, options)
    if warning:
        yield warning
    raw_id = next((rec[k] for k in ("id", "story_id", "doc_id") if rec.get(k) not in (None, "")), None)
    fields = {
        "id": str_or_none(raw_id) or "",
        "text": text,
        "title": str_or_none(rec.get("title")),
        "source": str_or_none(rec.get("source")),
        "url": str_or_none(rec.get("url")),
        "language": str_or_none(rec.get("language")),
    }
    for key, value in fields.items():
        if value:
            fields[key], bad = clean_text(value)
            if bad:
                yield InputWarning(where, E.W_SURROGATE.format(n=bad, field=key))
    yield Document(pub_date=pub_date, origin=where, **fields)  # type: ignore[arg-type]


def read_whole(stream: BinaryIO, name: str, options: ReadOptions) -> bytes | InputError:
    """A file read whole (a text, a page, a feed), refused past ``--max-record``."""
    data = stream.read(options.max_record_bytes + 1)
    if len(data) > options.max_record_bytes:
        return InputError(name, E.E_TOO_LARGE.format(limit=size_text(options.max_record_bytes)), E.H_TOO_LARGE)
    return data
