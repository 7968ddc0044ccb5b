"""WARC and ARC web archives: one document per archived HTML page.

``response`` records (and ``resource``/``conversion`` records) whose payload is HTML are
extracted with trafilatura, exactly as an ``.html`` file is: the article text, title and
the date the page states in its metadata. The URL is the record's ``WARC-Target-URI``
and is also the document id, so the same story crawled twice is stored once and the
same text under two URLs (a wire copy on two sites) is recorded as a duplicate. The
publisher is the site name the page gives, else the URL's host. The crawl date
(``WARC-Date``) is *not* taken as the publication date: a page fetched in 2024 may be a
story from 2019 (no date, no guess).

Records that are not HTML pages (requests, metadata, images, redirects, errors) are not
documents. HTML pages are counted as skipped when they are not a successful response or
hold no article text (navigation and index pages).

Records are cut from the archive here, by their declared lengths, and each is then parsed
on its own (warcio reads its headers and undoes chunked and compressed HTTP bodies), so
damage costs only what it touches: a truncated archive yields every record before the
cut and one error naming where it ends; bytes that are not a record are reported once
and skipped up to the next ``WARC/1.x`` header, and reading goes on from there. A gzipped
archive (per record, as crawlers write them, or as a whole) is decompressed as it is read
(``compressed.py``); ``FILE@OFFSET`` is the record's offset in the decompressed archive.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from eventmill.errors import InputError
from eventmill.ingest.common import Item, ReadOptions, Skipped, describe, guarded, size_text, str_or_none

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource", "conversion")
SKIP_NOT_PAGE = "not an article page (WARC)"
SKIP_NO_TEXT = "no article text (WARC)"
_HEADER_LINE = 64 << 10  # a header line longer than this is not a header
_HEADER_BYTES = 1 << 20
_CHUNK = 1 << 20
# An ARC record's header line: URL, IP address, date, content type, length (version 1);
# version 2 adds fields before the length, which is always the last.
_ARC_LINE = re.compile(rb"^\S+ \S+ \d{14} \S* (?:\S+ )*(\d+)\r?\n$")


@dataclass(frozen=True, slots=True)
class _Frame:
    offset: int
    header: bytes
    block: bytes
    kind: str  # warc | arc


@dataclass(frozen=True, slots=True)
class _Damage:
    offset: int
    problem: str
    fatal: bool = False  # nothing can be read after it
    to_end: bool = False  # no record was found after it


def _content_length(header: bytes) -> int | None:
    for line in header.split(b"\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            try:
                n = int(value.strip())
            except ValueError:
                return None
            return n if n >= 0 else None
    return None


def _skip(stream: BinaryIO, n: int) -> int:
    """Read past ``n`` bytes without keeping them; returns how many there were."""
    done = 0
    while done < n:
        chunk = stream.read(min(_CHUNK, n - done))
        if not chunk:
            break
        done += len(chunk)
    return done


def _frames(stream: BinaryIO, max_record: int) -> Iterator[_Frame | _Damage]:
    """The archive's records by their declared lengths, and what could not be read."""
    offset = 0
    lost_at: int | None = None  # where unreadable bytes began (reported once a record is found again)
    while True:
        line = stream.readline(_HEADER_LINE)
        if not line:
            if lost_at is not None:
                yield _Damage(lost_at, "unreadable bytes (not a WARC or ARC record) up to the end of the archive",
                              to_end=True)
            return
        start = offset
        offset += len(line)
        if not line.strip():
            continue
        if line.startswith(b"WARC/"):
            kind = "warc"
            header = [line]
            while header[-1].strip():
                more = stream.readline(_HEADER_LINE)
                offset += len(more)
                if not more:
                    yield _Damage(start, "the archive ends inside this record's header (truncated file?)", fatal=True)
                    return
                header.append(more)
                if offset - start > _HEADER_BYTES:
                    break
            head = b"".join(header)
            length = _content_length(head)
        elif (m := _ARC_LINE.match(line)) is not None:
            kind, head, length = "arc", line, int(m.group(1))
        else:
            if lost_at is None:
                lost_at = start
            continue
        if lost_at is not None:
            yield _Damage(lost_at, f"unreadable bytes (not a WARC or ARC record) skipped up to offset {start}")
            lost_at = None
        if length is None:
            yield _Damage(start, "record header without a valid Content-Length; skipped to the next record")
            continue
        if length > max_record:
            got = _skip(stream, length)
            offset += got
            if got < length:
                yield _Damage(start, "the archive ends inside this record (truncated file?)", fatal=True)
                return
            yield _Damage(start, f"record of {size_text(length)} is larger than {size_text(max_record)}, the most "
                                 "eventmill reads as one record (--max-record SIZE); skipped")
            continue
        block = stream.read(length)
        offset += len(block)
        if len(block) < length:
            yield _Damage(start, f"the archive ends inside this record, {length - len(block):,} bytes short "
                                 "(truncated file?)", fatal=True)
            return
        yield _Frame(start, head, block, kind)


def _content_type(record: Any) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:
        value = record.rec_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _status_ok(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return True
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Each archived HTML page of a WARC (or ARC) file."""
    from warcio.recordloader import ArcWarcRecordLoader

    loader = ArcWarcRecordLoader(arc2warc=True)
    found = False
    for frame in _frames(stream, options.max_record_bytes):
        where = f"{name}@{frame.offset}"
        if isinstance(frame, _Damage):
            if not found and frame.to_end:
                yield InputError(name, "is not a WARC or ARC file (it does not start with a WARC or ARC record)")
                return
            yield InputError(where, frame.problem)
            if frame.fatal:
                return
            continue
        found = True
        yield from guarded(where, partial(_page, loader, frame, where, options))
    if not found:
        yield InputError(name, "is not a WARC or ARC file (no record found)")


def _page(loader: Any, frame: _Frame, where: str, options: ReadOptions) -> Iterator[Item]:
    from warcio.bufferedreaders import DecompressingBufferedReader

    from eventmill.ingest.pages import page_document

    try:
        record = loader.parse_record_stream(
            DecompressingBufferedReader(io.BytesIO(frame.header + frame.block)), known_format=frame.kind
        )
    except Exception as exc:  # warcio raises bare exceptions for a malformed header
        yield InputError(where, f"unreadable WARC record ({describe(exc)})")
        return
    if record.rec_type not in _PAGE_RECORDS or _content_type(record) not in _HTML_TYPES:
        return  # requests, metadata, images, scripts, PDFs: not pages
    if not _status_ok(record):
        yield Skipped(where, SKIP_NOT_PAGE)
        return
    try:
        payload = record.content_stream().read(options.max_record_bytes + 1)
    except Exception as exc:  # a broken chunked or compressed HTTP body
        yield InputError(where, f"unreadable HTTP payload ({describe(exc)})")
        return
    if len(payload) > options.max_record_bytes:
        yield InputError(where, f"the page unpacks to more than {size_text(options.max_record_bytes)} "
                                "(--max-record SIZE); skipped")
        return
    url = str_or_none(record.rec_headers.get_header("WARC-Target-URI"))
    yield from page_document(payload, where, options, url=url, empty=Skipped(where, SKIP_NO_TEXT))
