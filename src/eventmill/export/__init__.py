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

from pathlib import Path
from typing import TYPE_CHECKING

from eventmill.errors import ConfigError
from eventmill.export.flat import FLAT_COLUMNS, write_csv, write_jsonl, write_parquet

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "plover-jsonl", "gdelt-tsv", "icews-tsv")

__all__ = ["FLAT_COLUMNS", "FORMATS", "export_events", "write_csv"]


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
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    if with_text and fmt in ("gdelt-tsv", "icews-tsv"):
        raise ConfigError(f"{fmt} has no column for text; use --with-text with jsonl, csv, parquet or plover-jsonl")
    if header and fmt != "gdelt-tsv":
        raise ConfigError("--header only applies to gdelt-tsv (the other formats always have their header)")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return write_jsonl(store, flt, path, with_text=with_text)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            return write_csv(store, flt, f, with_text=with_text)
    if fmt == "parquet":
        return write_parquet(store, flt, path, with_text=with_text)
    if fmt == "plover-jsonl":
        from eventmill.export.plover import write_plover

        return write_plover(store, flt, path, with_text=with_text, notes=notes)
    if fmt == "gdelt-tsv":
        from eventmill.export.gdelt import write_gdelt

        return write_gdelt(store, flt, path, header=header)
    from eventmill.export.icews import write_icews

    return write_icews(store, flt, path)
