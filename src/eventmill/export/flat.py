"""eventmill's own formats: the output contract as JSON Lines, and flat CSV and Parquet.

- ``jsonl``: the output contract (docs/output-format.md), one event per line, plus the
  merge counts (``num_mentions``, ``num_articles``, ``num_sources``, ``first_seen``).
- ``csv``: one flat row per event; list fields joined with ``;``; CAMEO codes are text
  ("042"): load with ``dtype={"cameo": str}`` (docs/export.md).
- ``parquet``: the same flat columns with real types (DATE, DOUBLE, lists as LIST).

With ``with_text`` each event also carries ``text``, its evidence sentence.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from eventmill.store.query import EVIDENCE_SQL
from eventmill.store.rows import EVENT_MENTION_COLUMNS, row_to_contract

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

# The stored mention columns an analyst's flat table keeps: everything but the parties' and
# the place's character offsets, the trigger's offsets and the coder version.
_LEFT_OUT = frozenset({"mention_id", "event_id", "doc_id", "trigger_start", "trigger_end", "coder",
                       *(f"{p}_{f}" for p in ("actor", "recipient", "loc") for f in ("start", "end"))})

FLAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id AS story_id",
    "url",
    "source",
    "pub_date",
    *(c for c in EVENT_MENTION_COLUMNS if c not in _LEFT_OUT),
    "num_mentions",
    "num_articles",
    "num_sources",
    "first_seen",
    "mention_id",
)
_LIST_COLUMNS = ("context", "aux")


def stored_columns(store: Store) -> frozenset[str]:
    """The columns the store's ``event_table`` has (an older schema lacks the newer ones)."""
    cur = store.cursor()
    try:
        cur.execute("SELECT * FROM event_table LIMIT 0")
        return frozenset(d[0] for d in cur.description or [])
    finally:
        cur.close()


def flat_select(for_csv: bool, with_text: bool = False, present: frozenset[str] | None = None) -> str:
    """The flat column list (CSV joins the list columns with ``;``). A column the store does
    not have (a store of an older schema, read without migrating it) is written empty."""
    cols = []
    for c in FLAT_COLUMNS:
        source, _, name = c.partition(" AS ")
        if present is not None and source not in present:
            cols.append(f"NULL AS {name or source}")
        elif for_csv and c in _LIST_COLUMNS:
            cols.append(f"array_to_string({c}, ';') AS {c}")
        else:
            cols.append(c)
    if with_text:
        cols.append(f"{EVIDENCE_SQL} AS text")
    return ", ".join(cols)


def csv_header(with_text: bool = False) -> str:
    """The CSV header line: the flat columns' names (their SQL aliases)."""
    names = [c.rsplit(" AS ", 1)[-1] for c in FLAT_COLUMNS] + (["text"] if with_text else [])
    return _csv_line(names)


def _csv_line(cells: Sequence[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def csv_rows(store: Store, flt: EventFilter, with_text: bool = False) -> Iterator[str]:
    """One CSV line per event, streamed from a cursor of its own."""
    sql, params = flt.sql(flat_select(for_csv=True, with_text=with_text, present=stored_columns(store)))
    cur = store.cursor()
    try:
        cur.execute(sql, params)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        while rows := cur.fetchmany(1000):
            for r in rows:
                writer.writerow(["" if v is None else v for v in r])
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
    finally:
        cur.close()


def write_csv(store: Store, flt: EventFilter, stream: TextIO, with_text: bool = False) -> int:
    """Write flat CSV rows to a text stream; returns the number of events."""
    stream.write(csv_header(with_text))
    n = 0
    for line in csv_rows(store, flt, with_text):
        stream.write(line)
        n += 1
    return n


def jsonl_rows(store: Store, flt: EventFilter, with_text: bool = False) -> Iterator[str]:
    """The output contract, one event per line."""
    columns = f"*, {EVIDENCE_SQL} AS _text" if with_text else "*"
    for row in store.iter_rows(flt, columns):
        ev = row_to_contract(row)
        if with_text:
            ev["text"] = row["_text"]
        yield json.dumps(ev, ensure_ascii=False) + "\n"


def write_parquet(store: Store, flt: EventFilter, path: Path, with_text: bool = False) -> int:
    """Flat columns with their types kept; returns the number of events. (Parquet ends
    with its footer, so it is written whole to ``path``: a server streams the file.)"""
    sql, params = flt.sql(flat_select(for_csv=False, with_text=with_text, present=stored_columns(store)))
    cur = store.cursor()
    try:
        cur.sql(sql, params=params).write_parquet(str(path))
        (n,) = cur.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone() or (0,)
    finally:
        cur.close()
    return int(n)
