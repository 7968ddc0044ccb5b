"""What every reader shares: the options, the items a reader yields, and the step from a
record (a JSON object, a CSV row, a Parquet row, a feed entry) to a :class:`Document`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventmill import errors as E
from eventmill.errors import InputError, InputWarning
from eventmill.ingest.dates import parse_pub_date
from eventmill.records import Document

SNIFF_BYTES = 8192


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


def decode_error(where: str, exc: UnicodeDecodeError, base: int = 0) -> InputError:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return InputError(where, E.E_NOT_UTF8.format(byte=byte, offset=base + exc.start), E.H_NOT_UTF8)


def sniff(head: bytes, where: str) -> InputError | None:
    """Reject what is clearly not UTF-8 text before reading further."""
    if not head:
        return InputError(where, E.E_EMPTY)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(where, "is UTF-16 encoded", "re-encode it as UTF-8, e.g. `iconv -f utf-16 -t utf-8`")
    if b"\x00" in head:
        return InputError(where, E.E_BINARY, "eventmill reads text formats; extract the text first")
    return None


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
            return options.default_date, InputWarning(where, E.W_DATE_RANGE.format(value=shown, range=str(exc)))
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
    yield Document(
        id=str_or_none(raw_id) or "",
        text=text,
        pub_date=pub_date,
        title=str_or_none(rec.get("title")),
        source=str_or_none(rec.get("source")),
        url=str_or_none(rec.get("url")),
        language=str_or_none(rec.get("language")),
        origin=where,
    )
