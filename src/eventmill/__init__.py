"""eventmill: turn news into political event data, offline.

The Python API (the CLI is a thin layer over it)::

    import eventmill

    events = eventmill.code("Iraq and the United States agreed on Monday to ...", date="2021-07-27")
    db = eventmill.open("eventmill.duckdb")
    db.events(actor="IRQ", event="AGREE", since="2021-01-01")   # a pandas DataFrame
    db.sql("SELECT event, count(*) FROM event_table GROUP BY 1")
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date as _date

    from eventmill.pipeline import Pipeline
    from eventmill.records import Document
    from eventmill.store import Store

__all__ = ["__version__", "code", "code_documents", "get_pipeline", "open"]

_PIPELINE: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide pipeline (the spaCy model and the knowledge base load once)."""
    global _PIPELINE
    if _PIPELINE is None:
        from eventmill.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def code(
    text: str,
    date: str | _date | None = None,
    *,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    mentions: bool = False,
) -> list[dict[str, Any]]:
    """Code one text into events (dicts in the output contract, docs/output-format.md): one per
    event, each with the ``mentions`` (sentences) that report it; ``mentions=True`` gives one
    per sentence that reports an event instead, as ``eventmill code --mentions`` does.

    ``date`` is the publication date (``YYYY-MM-DD``); relative dates in the text are
    resolved against it. Without it, events get ``date: null``: eventmill never guesses.
    """
    from eventmill.errors import ConfigError
    from eventmill.ingest import parse_pub_date
    from eventmill.records import Document

    try:
        pub_date = parse_pub_date(date)
    except ValueError as exc:
        raise ConfigError(f"date {date!r} is not a date (use YYYY-MM-DD)") from exc
    doc = Document(id=id or "", text=text, pub_date=pub_date, title=title, source=source, url=url)
    [coded] = list(get_pipeline().pipe([doc], keep_parse=False))  # (a server's vocabulary does not grow)
    return [ev.to_dict() for ev in (coded.events if mentions else coded.incidents)]


def code_documents(docs: Iterable[Document]) -> Iterator[Document]:
    """Code many documents (batched); yields each with ``.incidents`` (its events), ``.events``
    (one per sentence that reports one), ``.actors``, ... filled."""
    return get_pipeline().pipe(docs)


def open(db: str = "eventmill.duckdb", read_only: bool = False) -> Store:
    """Open (or create) an event store: ``.events(**filters)``, ``.sql(query)``, ``.stats()``."""
    from eventmill.store import Store

    return Store(db, read_only=read_only)
