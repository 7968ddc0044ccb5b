"""HTML pages: an .html file or a WARC record's page is one article, found by trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import BinaryIO
from urllib.parse import urlsplit

from eventmill import errors as E
from eventmill.errors import InputError
from eventmill.ingest.common import (
    SNIFF_BYTES,
    Item,
    ReadOptions,
    guarded,
    pub_date_of,
    read_whole,
    sniff,
    str_or_none,
)
from eventmill.records import Document


def read_html(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """An HTML page is one document: its main text, title, date and URL via trafilatura.

    The document's ``text`` is the extracted article text, and every offset eventmill
    reports for it indexes that text.
    """
    data = read_whole(stream, name, options)
    if isinstance(data, InputError):
        yield data
        return
    if not data.strip():
        yield InputError(name, E.E_EMPTY)
        return
    bad = sniff(data[:SNIFF_BYTES], name)
    if bad:
        yield bad
        return
    yield from guarded(name, partial(page_document, data, name, options))


def page_document(
    data: bytes, where: str, options: ReadOptions, url: str | None = None, empty: Item | None = None
) -> Iterator[Item]:
    """The article of an HTML page (an .html file, a WARC record), via trafilatura: its
    text, title, publisher, URL and the date its metadata states (never a guess from the
    file or the text). ``empty`` is what a page without article text yields."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        yield empty or InputError(where, E.E_HTML_EMPTY, "is it an article page? eventmill skips navigation-only pages")
        return
    pub_date, warning = pub_date_of(getattr(extracted, "date", None), where, options)
    if warning:
        yield warning
    page_url = url or str_or_none(getattr(extracted, "url", None))
    yield Document(
        id=url or "",
        text=text,
        pub_date=pub_date,
        title=str_or_none(getattr(extracted, "title", None)),
        source=str_or_none(getattr(extracted, "sitename", None)) or (host_of(url) if url else None),
        url=page_url,
        origin=where,
    )


def host_of(url: str | None) -> str | None:
    """``www.example.org`` -> ``example.org``: the publisher when a page names none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed address (an unclosed IPv6 bracket ...)
        return None
    return (host[4:] if host.startswith("www.") else host) or None
