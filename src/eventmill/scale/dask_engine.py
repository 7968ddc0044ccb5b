"""``eventmill ingest --engine dask``: code a corpus on a Dask cluster.

The client (the process that ran ``eventmill ingest``) reads the input, normalizes and
deduplicates it against the store exactly as the local engine does, and cuts the fresh
documents into partitions. Each partition is coded on a worker (the spaCy model and the
knowledge base are loaded once per worker process and kept), which writes the partition's
rows as Parquet files (``documents``, ``sentences``, ``entity_mentions``,
``event_mentions``: the store's own tables and types) under the staging folder. As each
partition finishes, the client loads its files into the store in one transaction and
runs the cross-outlet merge over its mentions. The merge rule does not depend on the
order partitions finish in, so the store equals the local engine's.

Without ``--scheduler`` a :class:`distributed.LocalCluster` is started on this machine;
with one, the workers must have eventmill installed (the same version: the client checks
that every worker reports the same coder) and see the staging folder (a shared file
system). Resuming: a partition written but not yet loaded when the client stopped is
loaded at the next start; everything else is re-read and skipped when stored.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventmill.errors import ConfigError, EventmillError, InputError
from eventmill.records import Document

if TYPE_CHECKING:
    from eventmill.jobs import Report
    from eventmill.pipeline import Pipeline
    from eventmill.scale.stop import StopRequest
    from eventmill.store import Store

TABLES = ("documents", "sentences", "entity_mentions", "event_mentions")
DONE = "_SUCCESS"


@dataclass
class DaskRun:
    """What the cluster did: per worker, the partitions and documents it coded."""

    scheduler: str = ""
    partitions: int = 0
    by_worker: dict[str, dict[str, float]] = field(default_factory=dict)

    def record(self, stats: dict[str, Any]) -> None:
        w = self.by_worker.setdefault(stats["worker"], {"partitions": 0, "documents": 0, "events": 0, "seconds": 0.0})
        w["partitions"] += 1
        w["documents"] += stats["documents"]
        w["events"] += stats["events"]
        w["seconds"] += stats["seconds"]
        self.partitions += 1


# --------------------------------------------------------------------------- worker side

_PIPELINE: Pipeline | None = None
_LOCK = threading.Lock()


def _worker_pipeline() -> Pipeline:
    """The worker process's pipeline, loaded on first use and kept for every later task."""
    global _PIPELINE
    with _LOCK:
        if _PIPELINE is None:
            from eventmill.pipeline import Pipeline

            _PIPELINE = Pipeline()
        return _PIPELINE


def warm_worker() -> dict[str, str]:
    """Load the model on a worker; its coder versions, to check the cluster agrees."""
    return _worker_pipeline().coder


def code_partition(docs: list[Document], staging: str, name: str, run_id: str) -> dict[str, Any]:
    """Code one partition on a worker and write its rows as Parquet under ``staging/name``."""
    from distributed import get_worker

    from eventmill.pipeline import is_english
    from eventmill.scale.workers import code_chunk
    from eventmill.store import Store

    start = time.perf_counter()
    pipeline = _worker_pipeline()
    coded = code_chunk(pipeline, docs)
    written = [d for d in coded if isinstance(d, Document)]
    errors = [(e.where, e.problem, e.hint) for e in coded if isinstance(e, InputError)]
    out = Path(staging) / name
    tmp = out.with_name(name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with Store(":memory:") as mem:
        mem.write_documents(
            written,
            run_id=run_id,
            coder_version=pipeline.coder,
            status={d.id: ("coded" if is_english(d) else "not_english") for d in written},
        )
        for table in TABLES:
            mem.con.execute(f"COPY {table} TO '{tmp / (table + '.parquet')}' (FORMAT parquet)")
    (tmp / DONE).write_text("ok")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return {
        "worker": get_worker().address,
        "name": name,
        "documents": len(written),
        "written": [d.id for d in written],
        "coded": sum(1 for d in written if is_english(d)),
        "events": sum(len(d.events) for d in written),
        "errors": errors,
        "seconds": time.perf_counter() - start,
    }


# --------------------------------------------------------------------------- client side


def load_partition(
    store: Store, part: Path, duplicates: Sequence[tuple[Document, str]] = (), run_id: str | None = None,
    coder: dict[str, str] | None = None,
) -> list[str]:
    """Load one partition's Parquet files into the store in one transaction, with the
    duplicates that waited for its documents, and merge its mentions into the stored
    events; returns the coded document ids."""
    from eventmill.merge.incremental import recluster
    from eventmill.store.opening import rollback

    con = store.con
    con.begin()
    try:
        if duplicates:
            store.insert_batch([d for d, _ in duplicates], run_id=run_id, coder_version=coder,
                               status={d.id: "duplicate" for d, _ in duplicates},
                               duplicate_of={d.id: original for d, original in duplicates})
        for table in TABLES:
            path = str(part / f"{table}.parquet")
            select = "SELECT * REPLACE (mention_id AS event_id)" if table == "event_mentions" else "SELECT *"
            con.execute(f"INSERT INTO {table} BY NAME {select} FROM read_parquet(?) ON CONFLICT DO NOTHING", [path])
        doc_ids = [
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM read_parquet(?) WHERE status = 'coded'", [str(part / "documents.parquet")]
            ).fetchall()
        ]
        recluster(con, doc_ids)
        con.commit()
        store.writes += 1
    except BaseException:
        rollback(con)
        raise
    shutil.rmtree(part, ignore_errors=True)
    return doc_ids


def _leftovers(store: Store, staging: Path) -> int:
    """Partitions a stopped run had written but not loaded: load them now."""
    if not staging.exists():
        return 0
    n = 0
    for part in sorted(staging.iterdir()):
        if part.is_dir() and (part / DONE).exists():
            load_partition(store, part)
            n += 1
        elif part.is_dir():
            shutil.rmtree(part, ignore_errors=True)  # half-written by a worker that was stopped
    return n


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("the dask engine needs dask and distributed: pip install 'eventmill[dask]'") from exc
    import logging

    from eventmill.scale.workers import THREAD_ENV

    logging.getLogger("distributed").setLevel(logging.ERROR)  # a worker's shutdown chatter is not the user's business
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise EventmillError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    with dask.config.set({"distributed.nanny.pre-spawn-environ": THREAD_ENV}):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=THREAD_ENV
        )
    return Client(cluster), cluster


def ingest_dask(
    docs: Iterable[Document],
    store: Store,
    report: Report,
    inputs: list[str],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 200,
    staging: str | Path | None = None,
    stop: StopRequest | None = None,
) -> DaskRun:
    """Code documents on a Dask cluster into the store (see the module docstring)."""
    from eventmill.jobs import _Fresh

    staging_dir = Path(staging or f"{store.path}.staging").resolve()
    staging_dir.mkdir(parents=True, exist_ok=True)
    _leftovers(store, staging_dir)
    client, cluster = _client(scheduler, workers)
    run = DaskRun(scheduler=str(client.scheduler.address))
    try:
        coders = client.run(warm_worker)  # the model, once per worker, before any partition
        versions = {repr(sorted(c.items())) for c in coders.values()}
        if len(versions) != 1:
            raise EventmillError(f"the Dask workers run different eventmill versions: {sorted(versions)}")
        coder = next(iter(coders.values()))
        n_workers = max(1, len(coders))
        run_id = store.start_run(coder, inputs)
        fresh = _Fresh(store, report, run_id, coder, stop)
        pending: dict[Any, list[Document]] = {}

        def next_done() -> Any:
            """The first finished partition; a Ctrl-C between partitions stops here (one written
            but not yet loaded is loaded at the next start)."""
            while True:
                for future in pending:
                    if future.done():
                        return future
                if stop is not None:
                    stop.check()
                time.sleep(0.05)

        def finish(future: Any) -> None:
            stats = future.result()
            chunk = pending.pop(future)
            ready = fresh.settle(chunk, set(stats["written"]))
            load_partition(store, staging_dir / stats["name"], ready, run_id, coder)
            fresh.committed(chunk)
            run.record(stats)
            for where, problem, hint in stats["errors"]:
                report.problem(InputError(where, problem, hint))
            report.coded += stats["coded"]
            report.events += stats["events"]
            for _ in range(stats["documents"] - stats["coded"]):
                report.skip("not English")
            for _ in ready:
                report.skip("duplicate text")
            if report.on_document is not None:
                for doc in chunk:
                    report.on_document(doc)

        source: Iterable[Document] = docs
        while True:  # a second round codes the duplicates whose originals failed
            for chunk in fresh.chunks(source, partition_size):
                name = f"part-{uuid.uuid4().hex[:12]}"
                future = client.submit(code_partition, chunk, str(staging_dir), name, run_id, pure=False)
                pending[future] = chunk
                while len(pending) >= 2 * n_workers:
                    finish(next_done())
                if stop is not None:
                    stop.check()
            while pending:
                finish(next_done())
            source = fresh.take_promoted()
            if not source:
                break
        store.finish_run(
            run_id,
            {"read": report.read, "coded": report.coded, "skipped": sum(report.skipped.values()),
             "errors": report.errors},
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if staging is None and not any(staging_dir.iterdir()):
            staging_dir.rmdir()
    return run
