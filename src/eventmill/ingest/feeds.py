"""RSS and Atom feeds (feedparser): one document per entry.

An entry's text is its full content (``content:encoded``, Atom ``content``) when the
feed carries it, else its summary/description; HTML in either is reduced to plain text
with paragraph breaks kept. Metadata comes from the feed: the entry's ``guid``/``id`` is
the document id (else its link), ``link`` the URL, ``published`` (else ``updated``) the
date, the entry's own ``source`` or the feed's title the publisher, and the entry's or
the feed's ``language``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO

from eventmill.errors import InputError, InputWarning
from eventmill.ingest.common import Item, ReadOptions, describe, guarded, pub_date_of, str_or_none
from eventmill.records import Document

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)*")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraphs, entities are
    decoded, scripts and styles dropped."""
    from lxml import etree
    from lxml import html as lxml_html

    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for el in root.xpath("//script|//style"):
        el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        else:
            el.tail = "\n\n" + (el.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _entry_text(entry: Any) -> str:
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        if value.strip():
            return html_fragment_text(value) if "html" in (part.get("type") or "html") else value.strip()
    summary = entry.get("summary") or entry.get("description") or ""
    return html_fragment_text(summary)


def _language(entry: Any, feed: Any) -> str | None:
    for part in entry.get("content") or ():
        if part.get("language"):
            return str(part["language"])
    detail = entry.get("summary_detail") or {}
    return str_or_none(detail.get("language") or feed.get("language"))


def read_feed(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Each entry of an RSS (0.9x, 1.0, 2.0) or Atom feed, as a document."""
    import feedparser

    from eventmill.ingest.common import read_whole

    data = read_whole(stream, name, options)  # a feed is one XML document; feeds are small
    if isinstance(data, InputError):
        yield data
        return
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser reports most problems as `bozo`, but not all
        yield InputError(name, f"is not a readable RSS/Atom feed ({describe(exc)})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = f"is not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        elif parsed.get("version"):
            problem = "is a feed with no entries"
        else:
            problem = "is not an RSS or Atom feed"
        yield InputError(name, problem)
        return
    if parsed.get("bozo"):
        yield InputWarning(name, f"feed is not well-formed ({parsed.get('bozo_exception')}); read what could be")
    feed = parsed.get("feed") or {}
    feed_title = str_or_none(feed.get("title"))
    for i, entry in enumerate(entries, start=1):
        where = f"{name}#{i}"
        yield from guarded(where, partial(_entry, entry, feed, feed_title, where, options))


def _entry(entry: Any, feed: Any, feed_title: str | None, where: str, options: ReadOptions) -> Iterator[Item]:
    text = _entry_text(entry)
    if not text:
        yield InputError(where, "feed entry has no content or summary text")
        return
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    pub_date, warning = pub_date_of(raw_date, where, options)
    if warning:
        yield warning
    source = (entry.get("source") or {}).get("title") or feed_title
    url = str_or_none(entry.get("link"))
    yield Document(
        id=str_or_none(entry.get("id")) or url or "",
        text=text,
        pub_date=pub_date,
        title=str_or_none(entry.get("title")),
        source=str_or_none(source),
        url=url,
        language=_language(entry, feed),
        origin=where,
    )
