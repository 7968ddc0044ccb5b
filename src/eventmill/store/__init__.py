"""store: the embedded DuckDB event store (one file, nothing to start).

Writes go through :meth:`Store.write_documents`, one transaction per batch, so an
interrupted ingest leaves whole documents or none. Reads go through :class:`EventFilter`
(``events``) or plain SQL (``sql``): the tables and views are documented in
``docs/architecture.md``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from eventmill.errors import ConfigError, StoreError
from eventmill.store import aggregate
from eventmill.store.opening import connect, explain, is_file_problem, rollback
from eventmill.store.query import EventFilter
from eventmill.store.rows import (
    ENTITY_COLUMNS,
    EVENT_MENTION_COLUMNS,
    entity_rows,
    event_row,
    row_to_contract,
    stored_mentions,
)
from eventmill.store.schema import DDL, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas as pd

    from eventmill.records import Document

DEFAULT_DB = "eventmill.duckdb"

__all__ = ["DEFAULT_DB", "EventFilter", "Store"]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """An eventmill database file.

    ``Store(path)`` creates the file and its tables when missing. Open it with
    ``read_only=True`` to read while another process writes elsewhere (DuckDB allows one
    writing process per file).
    """

    def __init__(
        self, path: str | Path = DEFAULT_DB, read_only: bool = False, *, wait: float = 0.0, in_memory: bool = False
    ) -> None:
        from eventmill.store import migrations

        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database; create it with `eventmill ingest PATH --db {self.path}`")
        # Another process holding the file: say which, and wait for it up to `wait` seconds.
        self.attached = in_memory and read_only
        self.con = connect(self.path, read_only=read_only, wait=wait, attached=self.attached)
        self.read_only = read_only
        self.row_key = "event_id"  # how a page of event_table rows is fetched (see hold_events_in_memory)
        self.upgraded: list[str] = []  # the schema migrations this open applied
        self.writes = 0  # committed writes through this object: a server's cached answers follow it
        try:
            if not read_only:
                fresh = migrations.stored_version(self.con) is None
                self.upgraded = migrations.upgrade(self.con, self.path)
                self.con.execute(DDL)
                if fresh:
                    self.con.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING", [SCHEMA_VERSION]
                    )
            else:
                migrations.check_readable(self.con, self.path)
                try:
                    self.con.execute("SELECT 1 FROM event_table LIMIT 0")
                except duckdb.Error as exc:
                    raise StoreError(f"{self.path}: not an eventmill database ({exc})") from exc
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(explain(self.path, exc)) from exc
        except BaseException:
            self.con.close()
            raise

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own to the store, for one thread (a server request)."""
        cur = self.con.cursor()
        if self.attached:
            from eventmill.store.opening import SEARCH_PATH

            cur.execute(f"SET search_path = '{SEARCH_PATH}'")
        return cur

    def hold_events_in_memory(self) -> int:
        """Copy the ``event_table`` view into a table in memory, which every query then reads
        in its place (for a store opened read-only with ``in_memory``: nothing can change it).

        The view joins events, their representative mentions and their documents on every
        query; a server answering many requests a second pays that join each time. Held as
        one table, aggregates over 100,000 events cost a third to a quarter of the time, and
        a page of events is fetched by row number. About 1.5 KB of memory per event, built
        in about a second per 100,000 events. Returns the number of events held."""
        if not self.attached:
            raise StoreError(f"{self.path}: open it with Store(..., read_only=True, in_memory=True) to hold it")
        self.con.execute("CREATE OR REPLACE TABLE memory.main.event_table AS SELECT * FROM store.main.event_table")
        self.row_key = "rowid"
        row = self.con.execute("SELECT count(*) FROM memory.main.event_table").fetchone()
        return int(row[0]) if row else 0

    def schema_version(self) -> int | None:
        from eventmill.store.migrations import stored_version

        return stored_version(self.con)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def start_run(self, coder_version: dict[str, str], inputs: Sequence[str]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, coder_version, inputs) VALUES (?, ?, ?, ?)",
            [run_id, _now(), json.dumps(coder_version, sort_keys=True), json.dumps(list(inputs))],
        )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        from eventmill.store import commitments

        commitments.update(self.con)  # statuses follow from everything read so far
        self.writes += 1
        self.con.execute(
            "UPDATE runs SET finished_at = ?, n_read = ?, n_coded = ?, n_skipped = ?, n_errors = ? WHERE run_id = ?",
            [
                _now(),
                counts.get("read", 0),
                counts.get("coded", 0),
                counts.get("skipped", 0),
                counts.get("errors", 0),
                run_id,
            ],
        )

    def known_documents(self, doc_ids: Iterable[str], hashes: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Which of these ids are stored (id -> content hash), and which hashes are stored
        already as an original, coded or not English (hash -> the doc id that holds it)."""
        ids = list(set(doc_ids))
        hs = list(set(hashes))
        by_id = (
            dict(
                self.con.execute(
                    "SELECT doc_id, content_hash FROM documents WHERE list_contains(?, doc_id)", [ids]
                ).fetchall()
            )
            if ids
            else {}
        )
        by_hash = (
            dict(
                self.con.execute(
                    "SELECT content_hash, min(doc_id) FROM documents WHERE status <> 'duplicate' "
                    "AND list_contains(?, content_hash) GROUP BY content_hash",
                    [hs],
                ).fetchall()
            )
            if hs
            else {}
        )
        return by_id, by_hash

    def stored_texts(self, doc_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """For those of these ids that are stored: (content hash, text as given; None for a
        duplicate). A rerun compares texts with these to skip stored documents unnormalized."""
        ids = list(set(doc_ids))
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT doc_id, content_hash, text FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def write_documents(
        self,
        docs: Sequence[Document],
        *,
        run_id: str | None = None,
        coder_version: dict[str, str] | None = None,
        status: dict[str, str] | None = None,
        duplicate_of: dict[str, str] | None = None,
        replace: bool = False,
    ) -> int:
        """Store a batch of processed documents, their entities, events and duplicate links,
        and merge their events into the stored ones: all in one transaction, so a failure
        at any step leaves the store as it was.

        ``status`` maps doc id -> ``coded`` (default) | ``duplicate`` | ``not_english``;
        ``duplicate_of`` maps a duplicate's id to its original's. With ``replace`` the
        documents are stored already and are coded anew (``eventmill recode``): their old
        sentences, entities and event mentions are removed, and the events those took part
        in are merged again. Returns the number of event mentions written.

        A file problem (disk full, read-only, lost lock) raises :class:`StoreError` saying
        so; any other database error is the batch's values' and is raised as it is (the
        caller may retry document by document).
        """
        from eventmill.merge.incremental import recluster

        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        con = self.con
        ids = [d.id for d in docs]
        con.begin()
        try:
            old_events: list[str] = []
            extra: list[str] = []
            kept: dict[str, tuple[Any, Any]] = {}
            if replace:
                old_events, extra, kept = self._remove_coding(ids)
            n = self.insert_batch(docs, run_id=run_id, coder_version=coder_version, status=status,
                                  duplicate_of=duplicate_of, kept=kept)
            # the same real-world event across sentences, stories and outlets (merge/)
            coded = [d.id for d in docs if (status or {}).get(d.id, "coded") == "coded"]
            batch = set(ids)
            recluster(con, coded + [x for x in extra if x not in batch], also=old_events)
            con.commit()
            self.writes += 1
        except BaseException as exc:
            rollback(con)
            if isinstance(exc, duckdb.Error) and is_file_problem(exc):
                raise StoreError(explain(self.path, exc)) from exc
            raise
        return n

    def _remove_coding(self, ids: list[str]) -> tuple[list[str], list[str], dict[str, tuple[Any, Any]]]:
        """Inside a transaction: take out the stored coding of these documents (to be coded
        anew). Returns the events their mentions belonged to, the other documents whose
        mentions may merge differently without them, and each document's run and ingest time."""
        from eventmill.merge.incremental import neighbours

        con = self.con
        old_events = [r[0] for r in con.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE doc_id IN (SELECT unnest(?))", [ids]).fetchall()]
        extra = neighbours(con, ids)
        kept = {r[0]: (r[1], r[2]) for r in con.execute(
            "SELECT doc_id, run_id, ingested_at FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]).fetchall()}
        for table in ("event_mentions", "entity_mentions", "sentences", "documents"):
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
        return old_events, extra, kept

    def insert_batch(
        self,
        docs: Sequence[Document],
        *,
        run_id: str | None = None,
        coder_version: dict[str, str] | None = None,
        status: dict[str, str] | None = None,
        duplicate_of: dict[str, str] | None = None,
        kept: dict[str, tuple[Any, Any]] | None = None,
    ) -> int:
        """Insert the rows of these documents inside the caller's transaction (no merge):
        the part of :meth:`write_documents` that the Dask engine's loader shares."""
        import pandas as pd

        status = status or {}
        duplicate_of = duplicate_of or {}
        kept = kept or {}
        now = _now()
        version = json.dumps(coder_version or {}, sort_keys=True)
        doc_rows: list[dict[str, Any]] = []
        sent_rows: list[dict[str, Any]] = []
        ent_rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        for doc in docs:
            st = status.get(doc.id, "coded")
            coded = st == "coded"
            first_run, first_time = kept.get(doc.id, (run_id, now))
            doc_rows.append(
                {
                    "doc_id": doc.id,
                    "content_hash": doc.content_hash,
                    "title": doc.title,
                    "url": doc.url,
                    "source": doc.source,
                    "pub_date": doc.pub_date,
                    "language": doc.language,
                    "origin": doc.origin,
                    "status": st,
                    "duplicate_of": duplicate_of.get(doc.id),
                    "n_sentences": len(doc.sentences) if coded else None,
                    "n_events": len(doc.events) if coded else 0,
                    "text": doc.text if st != "duplicate" else None,
                    "coder_version": version,
                    "run_id": first_run,
                    "ingested_at": first_time,
                }
            )
            if not coded:
                continue
            sent_rows += [
                {"doc_id": doc.id, "sentence": s.index, "start_char": s.start, "end_char": s.end} for s in doc.sentences
            ]
            ent_rows += entity_rows(doc)
            mention_rows += [event_row(ev) for ev in stored_mentions(doc)]
        tables: list[tuple[str, list[dict[str, Any]], tuple[str, ...] | None]] = [
            ("documents", doc_rows, None),
            ("sentences", sent_rows, None),
            ("entity_mentions", ent_rows, ENTITY_COLUMNS),
            ("event_mentions", mention_rows, EVENT_MENTION_COLUMNS),
        ]
        con = self.con
        for name, rows, columns in tables:
            if not rows:
                continue
            frame = pd.DataFrame(rows, columns=list(columns) if columns else list(rows[0]))
            cols = ", ".join(f'"{c}"' for c in frame.columns)
            con.register("_batch", frame)
            try:
                con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _batch ON CONFLICT DO NOTHING")
            finally:
                con.unregister("_batch")
        return len(mention_rows)

    # ------------------------------------------------------------------ reading

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as a pandas DataFrame (one row per merged event), filtered.

        Filters: see :class:`EventFilter` (``actor``, ``recipient``, ``country``, ``event``,
        ``since``, ``until``, ``aux``, ``min_confidence``, ``limit`` ...).
        """
        flt = EventFilter.from_kwargs(**filters)
        sql, params = flt.sql()
        return self.con.execute(sql, params).df()

    def iter_events(self, flt: EventFilter, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Events in the output contract, streamed in batches."""
        for row in self.iter_rows(flt, batch=batch):
            yield row_to_contract(row)

    def iter_rows(self, flt: EventFilter, columns: str = "*", batch: int = 1000) -> Iterator[dict[str, Any]]:
        """``event_table`` rows (column -> value) the filter selects, streamed in batches
        on a cursor of their own (so a long export does not hold the shared connection)."""
        sql, params = flt.sql(columns)
        cur = self.cursor()
        try:
            cur.execute(sql, params)
            names = [d[0] for d in cur.description or []]
            while rows := cur.fetchmany(batch):
                for r in rows:
                    yield dict(zip(names, r))
        finally:
            cur.close()

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run any SQL against the store and return a DataFrame."""
        try:
            return self.con.execute(query, list(params or [])).df()
        except duckdb.Error as exc:
            raise ConfigError(f"SQL error: {exc}") from exc

    def stats(self) -> dict[str, Any]:
        """Document and event counts, for a quick look and for normalising by news volume."""
        return aggregate.stats(self.con)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event in the output contract with every mention of it (``mentions``), each
        with its evidence sentence and the spans to highlight; None if there is none."""
        return aggregate.event_detail(self.con, event_id)

    def timeseries(
        self,
        interval: str = "week",
        by: str = "none",
        *,
        on: str = "date",
        normalize: bool = False,
        top: int | None = None,
        fill: bool = True,
        **filters: Any,
    ) -> pd.DataFrame:
        """Event counts and Goldstein sums per day/week/month/year, optionally per dyad,
        type, quad class, actor or country, optionally normalised by document counts.
        Takes the filters of :meth:`events`; see :func:`eventmill.store.aggregate.timeseries`."""
        return aggregate.timeseries(
            self.con,
            EventFilter.from_kwargs(**filters),
            interval=interval,
            by=by,
            on=on,
            normalize=normalize,
            top=top,
            fill=fill,
        )

    def dyads(
        self, level: str = "code", *, min_events: int = 1, limit: int | None = None, **filters: Any
    ) -> pd.DataFrame:
        """The weighted actor network (one row per directed actor -> recipient pair), over
        the events :meth:`events` would select with the same filters."""
        flt = EventFilter.from_kwargs(**filters)
        return aggregate.dyads(self.con, flt, level=level, min_events=min_events, limit=limit)

    def places(self, *, limit: int | None = 2000, **filters: Any) -> pd.DataFrame:
        """Event locations (one row per place, with its events per quad class) over the
        events :meth:`events` would select with the same filters."""
        return aggregate.places(self.con, EventFilter.from_kwargs(**filters), limit=limit)

    def actors(self, q: str | None = None, *, limit: int = 100, offset: int = 0, **filters: Any) -> pd.DataFrame:
        """Actor codes in the filtered events, busiest first (``q``: code prefix or name)."""
        return aggregate.actors(self.con, EventFilter.from_kwargs(**filters), q=q, limit=limit, offset=offset)

    def commitments(self, **kwargs: Any) -> pd.DataFrame:
        """Commitments with their evidence (``status``, ``actor``, ``recipient``,
        ``intended``, ``due_after``, ``due_before``, ``limit``, ``offset``)."""
        return aggregate.commitments(self.con, **kwargs)
