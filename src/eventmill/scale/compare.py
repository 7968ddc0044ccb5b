"""What two stores must agree on when they hold the same corpus, whatever engine, worker
count or interruptions built them: used by the tests and the kill/resume benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# Run ids, timestamps and the documents' origins (file:line) are left out: they say how
# and when a store was built, not what it holds.
_QUERIES = {
    "documents": "SELECT doc_id, content_hash, status, duplicate_of, pub_date, source, n_events FROM documents",
    "sentences": "SELECT * FROM sentences",
    "entity_mentions": "SELECT * FROM entity_mentions",
    "event_mentions": "SELECT * FROM event_mentions",
    "events": "SELECT * FROM events",
    "commitments": "SELECT commitment_id, event_id, mention_id, intended, made_on, deadline FROM commitments",
}


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows that carry content, sorted."""
    return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in _QUERIES.items()}


def differences(a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection) -> list[str]:
    """Which tables differ, and by how many rows each way (empty when the stores agree)."""
    out = []
    sa, sb = snapshot(a), snapshot(b)
    for name in _QUERIES:
        ra, rb = set(map(repr, sa[name])), set(map(repr, sb[name]))
        if ra != rb:
            out.append(f"{name}: {len(ra - rb)} rows only in the first, {len(rb - ra)} only in the second")
    return out


def file_differences(a: str | Path, b: str | Path) -> list[str]:
    """:func:`differences` of two store files, each opened read-only for the comparison."""
    ca, cb = duckdb.connect(str(a), read_only=True), duckdb.connect(str(b), read_only=True)
    try:
        return differences(ca, cb)
    finally:
        ca.close()
        cb.close()
