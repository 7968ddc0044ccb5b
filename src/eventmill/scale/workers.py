"""Coding engines for ``eventmill ingest``: in this process, or in N worker processes.

Both take chunks of prepared documents (normalized, deduplicated against the store) and
give back, in the order the chunks came, the coded documents ready to write. Only the
calling process writes the database: DuckDB allows one writer, and one transaction per
chunk is what makes an interrupted ingest resumable.

Worker processes are started with ``spawn`` (a fresh interpreter: no threads or open
database inherited from the parent), with BLAS/OpenMP pinned to one thread, and each
loads the spaCy model and the knowledge base once. They ignore SIGINT and SIGTERM (Ctrl-C
reaches the whole process group; the parent decides, see ``stop.py``, and kills them) and
exit on their own when the parent dies, even by SIGKILL. At most ``2 x workers`` chunks are in flight, so memory does
not grow with the corpus.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from eventmill.errors import EventmillError, InputError
from eventmill.records import Document, Layers

if TYPE_CHECKING:
    from concurrent.futures import Future

    from eventmill.pipeline import Pipeline
    from eventmill.scale.stop import StopRequest

THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "BLIS_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}

TASKS_PER_WORKER = 1000
"""A worker is replaced by a fresh one after this many chunks (64,000 documents at the
default chunk size): spaCy's string store grows with every new word a process meets, and a
few seconds of reloading the model per hours of coding keep a week-long ingest's memory flat."""

Coded = list[Document | InputError]
"""A chunk's result: each document coded (or uncoded, when not English), or an error in
its place when the coder failed on it."""


def slim(doc: Document) -> Document:
    """Drop what only the coding stages need (the parse, the offset map, the layers), so a
    coded document is small to send back and to hold until written."""
    doc.spacy = None
    doc.norm = None
    doc.layers = Layers()
    return doc


def code_chunk(pipeline: Pipeline, docs: list[Document]) -> Coded:
    """Code prepared documents; a document the coder fails on becomes an error naming it
    (and is not stored, so a rerun tries it again) while the others are kept."""
    from eventmill.pipeline import coding_failure

    try:
        return [coding_failure(d) or slim(d) for d in pipeline.pipe(docs, prepared=True, keep_parse=False)]
    except Exception:  # find the culprit: code one at a time
        out: Coded = []
        for doc in docs:
            try:
                [coded] = list(pipeline.pipe([doc], prepared=True, keep_parse=False))
                out.append(slim(coded))
            except Exception as exc:
                out.append(InputError(doc.origin or doc.id, f"could not be coded ({type(exc).__name__}: {exc})",
                                      "please report it; the rest of the batch goes on"))
        return out


class LocalCoder:
    """Code in this process with a loaded pipeline (``--workers 1``)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.coder = pipeline.coder

    def map(
        self, chunks: Iterable[list[Document]], stop: StopRequest | None = None
    ) -> Iterator[tuple[list[Document], Coded]]:
        for chunk in chunks:
            yield chunk, code_chunk(self.pipeline, chunk)

    def close(self, abort: bool = False) -> None:
        pass


# --------------------------------------------------------------------------- worker side

_PIPELINE: Pipeline | None = None


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:  # the parent is gone (killed): nothing will read our results
            os._exit(1)


def _init_worker(parent_pid: int) -> None:
    import signal

    # Ctrl-C reaches the whole process group and `kill` may too: the parent decides, and
    # stops the workers itself (SIGKILL) once the batch in hand is settled.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    global _PIPELINE
    from eventmill.pipeline import Pipeline

    _PIPELINE = Pipeline()


def _worker_coder() -> dict[str, str]:
    assert _PIPELINE is not None
    return _PIPELINE.coder


def _code_in_worker(docs: list[Document]) -> Coded:
    assert _PIPELINE is not None
    return code_chunk(_PIPELINE, docs)


# --------------------------------------------------------------------------- parent side


class ProcessCoder:
    """Code in ``workers`` processes (``--workers N``), results in input order."""

    def __init__(self, workers: int, in_flight: int | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        os.environ.update(THREAD_ENV)  # inherited by the spawned workers
        self.workers = workers
        self.in_flight = in_flight or 2 * workers
        self.pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
            initargs=(os.getpid(),), max_tasks_per_child=TASKS_PER_WORKER,
        )
        self.coder = self._result(self.pool.submit(_worker_coder))

    def _result(self, future: Future[Any], stop: StopRequest | None = None) -> Any:
        from concurrent.futures import TimeoutError as Pending
        from concurrent.futures.process import BrokenProcessPool

        try:
            while True:
                if stop is not None:
                    stop.check()  # nothing of this chunk is written yet: a safe point
                try:
                    return future.result(timeout=0.2)
                except Pending:
                    continue
        except BrokenProcessPool as exc:
            if stop is not None and stop.requested:
                raise KeyboardInterrupt from exc
            raise EventmillError(
                "a worker process died (out of memory, or killed); what was stored is kept: rerun the same "
                "command to continue"
            ) from exc

    def map(
        self, chunks: Iterable[list[Document]], stop: StopRequest | None = None
    ) -> Iterator[tuple[list[Document], Coded]]:
        window: deque[tuple[list[Document], Future[Coded]]] = deque()
        for chunk in chunks:
            window.append((chunk, self.pool.submit(_code_in_worker, chunk)))
            while len(window) >= self.in_flight:
                done, future = window.popleft()
                yield done, self._result(future, stop)
        while window:
            done, future = window.popleft()
            yield done, self._result(future, stop)

    def close(self, abort: bool = False) -> None:
        if abort:  # interrupted: stop the workers now, their chunks are not written
            processes = list(getattr(self.pool, "_processes", {}).values())  # no public way before 3.14
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in processes:
                p.kill()  # they ignore SIGTERM (see _init_worker)
            for p in processes:
                p.join(5)
        else:
            self.pool.shutdown(wait=True)
