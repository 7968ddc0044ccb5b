"""WARC and ARC web archives (warcio): one document per archived HTML page.

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
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import urlsplit

from eventmill.errors import InputError
from eventmill.ingest.common import Item, ReadOptions, Skipped, pub_date_of, str_or_none
from eventmill.records import Document

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource", "conversion")
SKIP_NOT_PAGE = "not an article page (WARC)"
SKIP_NO_TEXT = "no article text (WARC)"


def _content_type(record) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:
        value = record.rec_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _status_ok(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return True
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def host_of(url: str | None) -> str | None:
    """``www.example.org`` -> ``example.org``: the publisher when a page names none."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return (host[4:] if host.startswith("www.") else host) or None


def read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Each archived HTML page of a WARC (or ARC) file, gzipped per record or not."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    try:
        archive = ArchiveIterator(stream, arc2warc=True)
        records = iter(archive)
    except Exception as exc:  # warcio raises a bare ArchiveLoadFailed for a non-archive
        yield InputError(name, f"is not a WARC or ARC file ({exc})")
        return
    while True:
        offset = getattr(archive, "offset", 0)
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:  # a corrupt record: the archive cannot be read on from here
            yield InputError(f"{name}@{offset}", f"unreadable WARC record ({exc}); the rest of the file is skipped")
            return
        offset = archive.offset  # where this record starts (get_record_offset() would consume it)
        if record.rec_type not in _PAGE_RECORDS:
            continue
        where = f"{name}@{offset}"
        if _content_type(record) not in _HTML_TYPES:
            continue  # images, scripts, PDFs: not pages
        if not _status_ok(record):
            yield Skipped(where, SKIP_NOT_PAGE)
            continue
        try:
            payload = record.content_stream().read()
        except Exception as exc:  # a broken chunked or compressed HTTP body
            yield InputError(where, f"unreadable HTTP payload ({exc})")
            continue
        url = str_or_none(record.rec_headers.get_header("WARC-Target-URI"))
        extracted = trafilatura.bare_extraction(
            payload,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = getattr(extracted, "text", None) if extracted is not None else None
        if not text or not text.strip():
            yield Skipped(where, SKIP_NO_TEXT)
            continue
        pub_date, warning = pub_date_of(getattr(extracted, "date", None), where, options)
        if warning:
            yield warning
        yield Document(
            id=url or "",
            text=text,
            pub_date=pub_date,
            title=str_or_none(getattr(extracted, "title", None)),
            source=str_or_none(getattr(extracted, "sitename", None)) or host_of(url),
            url=url,
            origin=where,
        )

