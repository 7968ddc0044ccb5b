"""export: events out of the store in the formats analysts load.

| format | module | what |
|---|---|---|
| ``jsonl`` | ``flat`` | the output contract (docs/output-format.md) with the merge counts |
| ``csv``, ``parquet`` | ``flat`` | one flat row per event (Parquet keeps the types) |
| ``plover-jsonl`` | ``plover`` | strict PLOVER records, valid against ``plover.SCHEMA`` |
| ``gdelt-tsv`` | ``gdelt`` | GDELT 2.0 Events' 61 columns |
| ``icews-tsv`` | ``icews`` | the ICEWS event files' 20 columns |

Every format takes the same :class:`~eventmill.store.EventFilter`, so negated events are
left out unless the filter includes them (PRODUCT.md). Story text is left out unless
``with_text`` is set; then each event carries its evidence sentence (GDELT and ICEWS have
no column for it). Joint actors stay one row per actor with the other as recipient, each
flagged joint: the CAMEO convention, which GDELT and ICEWS data follow. docs/export.md
shows how to load each format in pandas and R.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventmill.errors import ConfigError

if TYPE_CHECKING:
    from eventmill.export.flat import FLAT_COLUMNS, write_csv, write_parquet
    from eventmill.store import EventFilter, Store

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "plover-jsonl", "gdelt-tsv", "icews-tsv")

__all__ = ["FLAT_COLUMNS", "FORMATS", "check_options", "export_events", "export_lines", "write_csv", "write_parquet"]


def check_options(fmt: str, *, with_text: bool = False, header: bool = False) -> None:
    """Refuse a format eventmill does not write, or an option the format cannot honour."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    if with_text and fmt in ("gdelt-tsv", "icews-tsv"):
        raise ConfigError(
            f"{fmt} has no column for text; ask for the text (--with-text, with_text=true) with jsonl, csv, parquet "
            "or plover-jsonl"
        )
    if header and fmt != "gdelt-tsv":
        raise ConfigError("--header only applies to gdelt-tsv (the other formats always have their header)")


def export_lines(
    store: Store,
    flt: EventFilter,
    fmt: str,
    *,
    with_text: bool = False,
    header: bool = False,
    notes: list[str] | None = None,
) -> tuple[str, Iterator[str]]:
    """A text format as its header (empty where the format has none) and its rows, one line
    per event, read from the store as they are consumed: what ``export_events`` writes to a
    file and ``GET /events.csv`` streams. Not for parquet (see ``write_parquet``)."""
    check_options(fmt, with_text=with_text, header=header)
    if fmt == "jsonl":
        from eventmill.export.flat import jsonl_rows

        return "", jsonl_rows(store, flt, with_text)
    if fmt == "csv":
        from eventmill.export.flat import csv_header, csv_rows

        return csv_header(with_text), csv_rows(store, flt, with_text)
    if fmt == "plover-jsonl":
        from eventmill.export.plover import plover_rows

        return "", plover_rows(store, flt, with_text, notes)
    if fmt == "gdelt-tsv":
        from eventmill.export.gdelt import GDELT_HEADER, gdelt_rows

        return GDELT_HEADER if header else "", gdelt_rows(store, flt)
    if fmt == "icews-tsv":
        from eventmill.export.icews import ICEWS_HEADER, icews_rows

        return ICEWS_HEADER, icews_rows(store, flt)
    raise ConfigError(f"{fmt} is not a text format; write it with export_events")


def export_events(
    store: Store,
    flt: EventFilter,
    fmt: str,
    path: Path,
    *,
    with_text: bool = False,
    header: bool = False,
    notes: list[str] | None = None,
) -> int:
    """Write the filtered events to ``path`` in ``fmt``; returns the number written.

    ``header`` adds a header row to ``gdelt-tsv`` (GDELT files have none). ``notes``
    collects what the user should know (events a format cannot hold, left out).
    """
    check_options(fmt, with_text=with_text, header=header)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        from eventmill.export.flat import write_parquet

        return write_parquet(store, flt, path, with_text=with_text)
    head, rows = export_lines(store, flt, fmt, with_text=with_text, header=header, notes=notes)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(head)
        for line in rows:
            f.write(line)
            n += 1
    return n


def __getattr__(name: str) -> Any:
    """The flat writers, imported when first asked for: they bring the store and DuckDB, which
    `eventmill code` (reading only :data:`FORMATS` for its command line) never needs."""
    if name in ("FLAT_COLUMNS", "write_csv", "write_parquet"):
        from eventmill.export import flat

        return getattr(flat, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
