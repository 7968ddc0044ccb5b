"""Coding engines for ``eventmill ingest``: in this process, or in N worker processes.

Both take chunks of prepared documents (normalized, deduplicated against the store) and
give back, in the order the chunks came, the coded documents ready to write. Only the
calling process writes the database: DuckDB allows one writer, and one transaction per
chunk is what makes an interrupted ingest resumable.

Worker processes are forked from this one once it has loaded the pipeline (the spaCy model,
the knowledge base, the gazetteer): they start at once and share those tables with it
copy-on-write instead of each loading its own (the objects loaded so far are frozen out of
the cyclic collector first, which would otherwise touch, and so copy, every page of them).
A chunk (one transaction) is cut into tasks of a few documents, so that the workers share
even a short corpus evenly, and two chunks are in flight, so that the workers code the next
one while this process writes the last. Only documents travel between processes, never a
parse: a worker sends its documents back coded and slimmed. Workers ignore SIGINT and
SIGTERM (Ctrl-C reaches the whole process group; the parent decides, see ``stop.py``, and
kills them) and exit on their own when the parent dies, even by SIGKILL. Memory does not
grow with the corpus: at most two chunks are in flight, and each batch is coded in a spaCy
memory zone (``Pipeline.pipe``), so a worker's vocabulary does not grow with every new name
it reads.
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

_REPORT_IT = "please report it; the rest of the batch goes on"

TASK_SIZE = 4
TASK_CHARS = 12_000
"""Documents (and characters) per task sent to a worker: few enough that the workers finish a
chunk (and a corpus) together, enough that sending them costs nothing next to coding them.
A chunk's longest tasks are sent first, so that no worker is left with a long story at the end."""

CHUNKS_IN_FLIGHT = 2
"""Chunks (transactions) handed to the workers at once: one is written while the next is coded."""

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
    """Code prepared documents; a document the coder fails on, or whose coding the store
    could not hold (a date beyond year 9998), becomes an error naming it (and is not
    stored, so a rerun tries it again) while the others are kept."""
    try:
        coded = list(pipeline.pipe(docs, prepared=True, keep_parse=False))
    except Exception:  # find the culprit: code one at a time
        return [_code_one(pipeline, doc) for doc in docs]
    return [_checked(doc) for doc in coded]


def _code_one(pipeline: Pipeline, doc: Document) -> Document | InputError:
    try:
        [coded] = list(pipeline.pipe([doc], prepared=True, keep_parse=False))
    except Exception as exc:
        return InputError(doc.origin or doc.id, f"could not be coded ({type(exc).__name__}: {exc})", _REPORT_IT)
    return _checked(coded)


def _checked(doc: Document) -> Document | InputError:
    from eventmill.pipeline import coding_failure
    from eventmill.store.rows import storage_problem

    failure = coding_failure(doc)
    if failure is not None:
        return failure
    problem = storage_problem(doc)
    if problem is not None:
        return InputError(doc.origin or doc.id, f"not stored: {problem}")
    return slim(doc)


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
    import gc
    import signal

    gc.enable()  # the parent paused the collector while forking (see ProcessCoder)

    # Ctrl-C reaches the whole process group and `kill` may too: the parent decides, and
    # stops the workers itself (SIGKILL) once the batch in hand is settled.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    global _PIPELINE
    if _PIPELINE is None:  # forked without one: load it
        from eventmill.pipeline import Pipeline

        _PIPELINE = Pipeline()


def _worker_coder() -> dict[str, str]:
    assert _PIPELINE is not None
    return _PIPELINE.coder


def _code_in_worker(docs: list[Document]) -> Coded:
    assert _PIPELINE is not None
    return code_chunk(_PIPELINE, docs)


# --------------------------------------------------------------------------- parent side


def split_tasks(chunk: list[Document], size: int = TASK_SIZE, chars: int = TASK_CHARS) -> list[list[Document]]:
    """A chunk cut into tasks of at most ``size`` documents and, past the first document,
    ``chars`` characters, in order."""
    tasks: list[list[Document]] = []
    task: list[Document] = []
    length = 0
    for doc in chunk:
        if task and (len(task) >= size or length + len(doc.text) > chars):
            tasks.append(task)
            task, length = [], 0
        task.append(doc)
        length += len(doc.text)
    if task:
        tasks.append(task)
    return tasks


class ProcessCoder:
    """Code in ``workers`` processes (``--workers N``) forked with ``pipeline`` loaded,
    results in input order."""

    def __init__(self, workers: int, pipeline: Pipeline, in_flight: int = CHUNKS_IN_FLIGHT,
                 task_size: int = TASK_SIZE) -> None:
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _PIPELINE
        # inherited by the workers (spaCy's matrix products run in blis, one thread; this keeps
        # any BLAS or OpenMP pool started after the fork to one thread too)
        os.environ.update(THREAD_ENV)
        self.workers = workers
        self.in_flight = in_flight
        self.task_size = task_size
        _PIPELINE = pipeline  # what the forked workers code with
        pipeline.warm()
        gc.collect()
        gc.freeze()  # the loaded tables: never scanned (so never copied) again, here or in the workers
        gc.disable()
        try:
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker,
                initargs=(os.getpid(),),
            )
            self.coder = self._result(self.pool.submit(_worker_coder))  # (the workers are forked by now)
        finally:
            gc.enable()

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
        window: deque[tuple[list[Document], list[Future[Coded]]]] = deque()
        for chunk in chunks:
            tasks = split_tasks(chunk, self.task_size)
            futures: dict[int, Future[Coded]] = {}
            for i in sorted(range(len(tasks)), key=lambda i: -sum(len(d.text) for d in tasks[i])):
                futures[i] = self.pool.submit(_code_in_worker, tasks[i])  # the longest first
            window.append((chunk, [futures[i] for i in range(len(tasks))]))
            while len(window) >= self.in_flight:
                yield self._settle(*window.popleft(), stop)
        while window:
            yield self._settle(*window.popleft(), stop)

    def _settle(self, chunk: list[Document], futures: list[Future[Coded]],
                stop: StopRequest | None) -> tuple[list[Document], Coded]:
        coded: Coded = []
        for future in futures:
            coded.extend(self._result(future, stop))
        return chunk, coded

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
