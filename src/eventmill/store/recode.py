"""The store's side of ``eventmill recode``: which documents another coder coded, the counts
before the recode began, and how they changed.

A recode is a row of ``recodes`` (the coder it brings documents to, how many there were,
how many are done) with the events per type and actor country as they stood before it
began (``recode_counts``, stage ``before``). It is resumable because each document
records the coder that coded it (``documents.coder_version``): a rerun codes only those
still at another version, and a recode left unfinished for the same coder is continued,
so its report compares with the counts before the *first* run, not with a half-recoded
store. When it finishes, the counts after are stored beside them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from eventmill.records import Document
from eventmill.store.opening import rollback

# Events per PLOVER type and the actor's country ('' when the actor has none), over every
# stored event, negated ones included: the counts a recode changes.
_COUNTS = """SELECT event, coalesce(actor_country, '') AS country, count(*) AS events
             FROM event_table GROUP BY ALL"""
STATUSES = ("coded", "not_english")  # what a recode codes again (a duplicate has no coding of its own)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Recode:
    recode_id: str
    coder: str  # the target coder version, as stored (JSON)
    total: int  # documents coded by another coder when the recode began
    done: int
    resumed: bool


def version_text(coder: dict[str, str]) -> str:
    return json.dumps(coder, sort_keys=True)


def describe_coder(raw: str | dict[str, Any] | None) -> str | None:
    """A coder version for people: ``eventmill 0.1.0 (code ..., data ..., model ...)``."""
    if not raw:
        return None
    if isinstance(raw, str):
        try:
            info = json.loads(raw)
        except ValueError:
            return raw
    else:
        info = raw
    if not isinstance(info, dict):
        return str(raw)
    version = info.get("eventmill")
    rest = ", ".join(f"{k} {v}" for k, v in sorted(info.items()) if k != "eventmill")
    return f"eventmill {version}" + (f" ({rest})" if rest else "") if version else rest or None


def pending(con: duckdb.DuckDBPyConnection, coder: dict[str, str]) -> int:
    """How many documents another coder (or an older version of this one) coded."""
    row = con.execute(
        "SELECT count(*) FROM documents WHERE status IN (SELECT unnest(?)) AND coder_version IS DISTINCT FROM ?",
        [list(STATUSES), version_text(coder)],
    ).fetchone()
    return int(row[0]) if row else 0


def versions(con: duckdb.DuckDBPyConnection) -> list[tuple[dict[str, Any], int]]:
    """The coder versions in the store, with how many documents each coded (most first)."""
    rows = con.execute(
        "SELECT coder_version, count(*) FROM documents WHERE status IN (SELECT unnest(?)) "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
        [list(STATUSES)],
    ).fetchall()
    out = []
    for text, n in rows:
        try:
            info = json.loads(text) if text else {}
        except ValueError:
            info = {"eventmill": text}
        out.append((info, int(n)))
    return out


def begin(con: duckdb.DuckDBPyConnection, coder: dict[str, str]) -> Recode:
    """Continue the unfinished recode to this coder, or start one (storing the counts before)."""
    target = version_text(coder)
    row = con.execute(
        "SELECT recode_id, n_documents, n_done FROM recodes WHERE coder_version = ? AND finished_at IS NULL "
        "ORDER BY started_at DESC LIMIT 1",
        [target],
    ).fetchone()
    if row is not None:
        return Recode(row[0], target, int(row[1]), int(row[2]), resumed=True)
    recode_id = uuid.uuid4().hex[:12]
    total = pending(con, coder)
    con.begin()
    try:
        con.execute("INSERT INTO recodes VALUES (?, ?, NULL, ?, ?, 0)", [recode_id, _now(), target, total])
        con.execute(f"INSERT INTO recode_counts SELECT ?, 'before', event, country, events FROM ({_COUNTS})",
                    [recode_id])
        con.commit()
    except BaseException:
        rollback(con)
        raise
    return Recode(recode_id, target, total, 0, resumed=False)


def next_batch(con: duckdb.DuckDBPyConnection, coder: dict[str, str], size: int, skip: set[str]) -> list[Document]:
    """Up to ``size`` documents still at another coder version (not those in ``skip``: the
    ones this run could not code), as the documents they were read as."""
    rows = con.execute(
        "SELECT doc_id, text, pub_date, title, source, url, language, origin FROM documents "
        "WHERE status IN (SELECT unnest(?)) AND coder_version IS DISTINCT FROM ? "
        "AND NOT list_contains(?, doc_id) ORDER BY doc_id LIMIT ?",
        [list(STATUSES), version_text(coder), sorted(skip), size],
    ).fetchall()
    return [
        # the language is found again: a source's label is kept only where it is not English
        Document(id=r[0], text=r[1] or "", pub_date=r[2], title=r[3], source=r[4], url=r[5],
                 language=r[6] if r[6] and r[6] != "en" else None, origin=r[7])
        for r in rows
    ]


def progress(con: duckdb.DuckDBPyConnection, recode: Recode, done: int) -> None:
    recode.done = done
    con.execute("UPDATE recodes SET n_done = ? WHERE recode_id = ?", [done, recode.recode_id])


def finish(con: duckdb.DuckDBPyConnection, recode: Recode, complete: bool = True) -> None:
    """Store the counts after; a recode some documents failed in stays open (a rerun tries
    them again and still reports against the counts before the first run)."""
    con.begin()
    try:
        con.execute("DELETE FROM recode_counts WHERE recode_id = ? AND stage = 'after'", [recode.recode_id])
        con.execute(f"INSERT INTO recode_counts SELECT ?, 'after', event, country, events FROM ({_COUNTS})",
                    [recode.recode_id])
        con.execute("UPDATE recodes SET finished_at = ?, n_done = ? WHERE recode_id = ?",
                    [_now() if complete else None, recode.done, recode.recode_id])
        con.commit()
    except BaseException:
        rollback(con)
        raise


def changes(con: duckdb.DuckDBPyConnection, recode_id: str) -> list[dict[str, Any]]:
    """Per event type and actor country: events before, after, and the change; rows that
    changed first (largest first)."""
    rows = con.execute(
        """SELECT coalesce(b.event, a.event) AS event, coalesce(b.country, a.country) AS country,
                  coalesce(b.events, 0) AS before, coalesce(a.events, 0) AS after
           FROM (SELECT * FROM recode_counts WHERE recode_id = ? AND stage = 'before') b
           FULL JOIN (SELECT * FROM recode_counts WHERE recode_id = ? AND stage = 'after') a
             ON a.event = b.event AND a.country = b.country
           ORDER BY abs(coalesce(a.events, 0) - coalesce(b.events, 0)) DESC, 1, 2""",
        [recode_id, recode_id],
    ).fetchall()
    return [{"event": e, "country": c, "before": int(b), "after": int(a), "change": int(a) - int(b)}
            for e, c, b, a in rows]


def latest(con: duckdb.DuckDBPyConnection) -> str | None:
    """The most recent finished recode's id."""
    row = con.execute(
        "SELECT recode_id FROM recodes WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None
