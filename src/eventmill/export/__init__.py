"""export: events out of the store in the formats analysts load.

- ``jsonl``: the output contract (docs/output-format.md), one event per line, plus the
  merge counts (``num_mentions``, ``num_articles``, ``num_sources``, ``first_seen``).
- ``csv``: one flat row per event; list fields joined with ``;``; CAMEO codes are text
  ("042"), so spreadsheets keep the leading zero only if told to: load with ``dtype=str``.
- ``parquet``: the same flat columns with real types (DATE, DOUBLE, lists as LIST).

Negated events are left out unless the filter includes them (PRODUCT.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from eventmill.errors import ConfigError

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

_ACTOR = ("text", "name", "country", "sector", "code", "kb_id", "kb_source")
_LOC = ("text", "name", "lat", "lon", "country", "admin1", "geonameid", "feature", "precision")

FLAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id AS story_id",
    "url",
    "source",
    "pub_date",
    "sentence",
    "event",
    "mode",
    "context",
    "cameo",
    "quad_code",
    "goldstein",
    "aux",
    "intended",
    "joint",
    "date",
    "date_precision",
    "deadline",
    *(f"actor_{f}" for f in _ACTOR),
    *(f"recipient_{f}" for f in _ACTOR),
    *(f"loc_{f}" for f in _LOC),
    "size_dead",
    "size_injured",
    "size_arrested",
    "event_text",
    "start_char",
    "end_char",
    "confidence",
    "num_mentions",
    "num_articles",
    "num_sources",
    "first_seen",
    "mention_id",
)
_LIST_COLUMNS = ("context", "aux")


def _select(for_csv: bool) -> str:
    cols = []
    for c in FLAT_COLUMNS:
        if for_csv and c in _LIST_COLUMNS:
            cols.append(f"array_to_string({c}, ';') AS {c}")
        else:
            cols.append(c)
    return ", ".join(cols)


def write_csv(store: Store, flt: EventFilter, stream: TextIO) -> int:
    """Write flat CSV rows to a text stream; returns the number of events."""
    import csv

    sql, params = flt.sql(_select(for_csv=True))
    cur = store.con.cursor()
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(names)
    n = 0
    while rows := cur.fetchmany(1000):
        for r in rows:
            writer.writerow(["" if v is None else v for v in r])
            n += 1
    return n


def export_events(store: Store, flt: EventFilter, fmt: str, path: Path) -> int:
    """Write the filtered events to ``path`` in ``fmt``; returns the number of events."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        n = 0
        with open(path, "w", encoding="utf-8") as f:
            for ev in store.iter_events(flt):
                f.write(json.dumps(ev, ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            return write_csv(store, flt, f)
    if fmt == "parquet":
        sql, params = flt.sql(_select(for_csv=False))
        rel = store.con.sql(sql, params=params)
        rel.write_parquet(str(path))
        (n,) = store.con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone() or (0,)
        return int(n)
    raise ConfigError(f"unknown export format {fmt!r}; use jsonl, csv or parquet")
