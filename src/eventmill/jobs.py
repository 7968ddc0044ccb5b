"""Jobs: the whole path from files to events (``code``) or to the store (``ingest``).

The CLI and the Python API both call these; a :class:`Report` collects counts and the
input problems met on the way, which never stop the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eventmill.errors import InputError, InputWarning
from eventmill.ingest import Item, ReadOptions, Skipped, iter_items
from eventmill.pipeline import Pipeline, coding_failure, is_english
from eventmill.records import Document

if TYPE_CHECKING:
    from eventmill.scale.stop import StopRequest
    from eventmill.store import Store


@dataclass
class Report:
    """What happened in a job. ``on_problem`` is called for each input error or warning
    as it happens (the CLI prints them); ``on_document`` after each document."""

    read: int = 0
    coded: int = 0
    events: int = 0  # events (a story's incidents), or sentences reporting one when counting mentions
    count_mentions: bool = False
    errors: int = 0
    warnings: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    problems: list[str] = field(default_factory=list)
    on_problem: Callable[[InputError | InputWarning], None] | None = None
    on_document: Callable[[Document], None] | None = None

    def problem(self, item: InputError | InputWarning) -> None:
        if isinstance(item, InputError):
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.problems) < 1000:
            self.problems.append(str(item))
        if self.on_problem:
            self.on_problem(item)

    def tally(self, item: Document | InputError) -> None:
        """Count a document the coder returned (coded, or skipped as not English), or report
        the error that stands for one it failed on."""
        if isinstance(item, InputError):
            self.problem(item)
            return
        if is_english(item):
            self.coded += 1
            self.events += len(item.events if self.count_mentions or not item.incidents else item.incidents)
        else:
            self.skip("not English")
        if self.on_document:
            self.on_document(item)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def ok(self) -> bool:
        """False only when there were errors and nothing at all could be processed."""
        return not (self.errors and self.read == 0)

    def summary(self) -> str:
        parts = [f"{self.read} documents read", f"{self.coded} coded", f"{self.events} events"]
        parts += [f"{n} skipped ({why})" for why, n in sorted(self.skipped.items())]
        if self.errors:
            parts.append(f"{self.errors} input errors")
        if self.warnings:
            parts.append(f"{self.warnings} warnings")
        return ", ".join(parts)


def read_documents(paths: Iterable[str | Path], options: ReadOptions, report: Report) -> Iterator[Document]:
    return documents_of(iter_items(paths, options), report)


def documents_of(items: Iterable[Item], report: Report) -> Iterator[Document]:
    """The documents among reader items; errors and warnings go to the report, records
    that are not documents (a WARC record of an image) to its skip counts."""
    for item in items:
        if isinstance(item, InputError | InputWarning):
            report.problem(item)
        elif isinstance(item, Skipped):
            report.skip(item.reason)
        else:
            report.read += 1
            yield item


def code_paths(
    paths: Sequence[str | Path], options: ReadOptions, pipeline: Pipeline, report: Report, mentions: bool = False
) -> Iterator[Document]:
    """Read and code documents; yields every document read (uncoded ones have no events). The
    report counts events, or with ``mentions`` the sentences that report them."""
    report.count_mentions = mentions
    for doc in pipeline.pipe(read_documents(paths, options, report), keep_parse=False):
        failure = coding_failure(doc)
        report.tally(failure or doc)
        if failure is None:
            yield doc


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    options: ReadOptions,
    pipeline: Pipeline | None,
    report: Report,
    commit_every: int = 64,
    workers: int = 1,
    stop: StopRequest | None = None,
) -> Report:
    """Read files and code their documents into the store (see :func:`ingest_documents`)."""
    docs = read_documents(paths, options, report)
    return ingest_documents(docs, store, pipeline, report, [str(p) for p in paths], commit_every, workers, stop)


WRITER_MEMORY = "512MB"


class _Fresh:
    """The documents that still need coding, in chunks: stored ids are skipped (a changed
    text under a stored id is reported, not overwritten), and a text stored under another
    id is recorded as a duplicate of it.

    A duplicate is never stored before its original: one whose original is stored already
    is written at once; one whose original is still being coded waits (``deferred``) and
    is written in the same transaction as its original. Should the original not be stored
    after all (the coder failed on it, or its date cannot be stored), the duplicate is
    coded in its place (``promoted``), so no text is lost behind an original that is not there.

    Only documents read but not yet committed are remembered here (the store answers for
    the rest), so memory does not grow with the corpus.
    """

    def __init__(
        self, store: Store, report: Report, run_id: str, coder: dict[str, str], stop: StopRequest | None = None
    ) -> None:
        self.store = store
        self.stop = stop
        self.report = report
        self.run_id = run_id
        self.coder = coder
        self.hash_to_id: dict[str, str] = {}  # documents in flight
        self.id_to_hash: dict[str, str] = {}
        self.deferred: list[tuple[Document, str]] = []  # (duplicate, its original in flight)
        self.promoted: list[Document] = []  # duplicates whose original could not be stored

    def chunks(self, docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
        chunk: list[Document] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= size:
                if self.stop is not None:
                    self.stop.check()  # between chunks: a safe point (a rerun may skip for a long while)
                fresh = self._filter(self._prepare(chunk))
                chunk = []
                if fresh:
                    yield fresh
        if chunk and (fresh := self._filter(self._prepare(chunk))):
            yield fresh

    def _prepare(self, chunk: list[Document]) -> list[Document]:
        """Normalize the documents, except those stored already with this very text: a
        rerun over a large corpus skips what it has done at the speed of reading."""
        stored = self.store.stored_texts(d.id for d in chunk if d.id)
        out = []
        for d in chunk:
            known = stored.get(d.id) if d.id else None
            if known is not None and known[1] == d.text:
                self.report.skip("already stored")
                continue
            out.append(Pipeline.prepare(d))
        return out

    def _filter(self, chunk: list[Document]) -> list[Document]:
        by_id, by_hash = self.store.known_documents([d.id for d in chunk], [d.content_hash for d in chunk])
        out: list[Document] = []
        dups: list[Document] = []
        dup_of: dict[str, str] = {}
        for d in chunk:
            stored_hash = by_id.get(d.id) or self.id_to_hash.get(d.id) or (d.content_hash if d.id in dup_of else None)
            if stored_hash:
                if stored_hash != d.content_hash:
                    self.report.problem(
                        InputWarning(
                            d.origin or d.id,
                            f"document id {d.id!r} is stored already with a different text; kept the stored one",
                        )
                    )
                self.report.skip("already stored")
                continue
            stored_original = by_hash.get(d.content_hash)
            if stored_original and stored_original != d.id:
                dups.append(d)
                dup_of[d.id] = stored_original
                continue
            in_flight = self.hash_to_id.get(d.content_hash)
            if in_flight and in_flight != d.id:
                self.deferred.append((d, in_flight))
                dup_of[d.id] = in_flight
                continue
            self.hash_to_id[d.content_hash] = d.id
            self.id_to_hash[d.id] = d.content_hash
            out.append(d)
        if dups:  # their originals are stored: the link is whole as soon as it is written
            self.store.write_documents(
                dups,
                run_id=self.run_id,
                coder_version=self.coder,
                status={d.id: "duplicate" for d in dups},
                duplicate_of=dup_of,
            )
            for _ in dups:
                self.report.skip("duplicate text")
        return out

    def settle(self, chunk: Iterable[Document], written: set[str]) -> list[tuple[Document, str]]:
        """The chunk is coded and ``written`` are the ids about to be stored: the deferred
        duplicates of those, to be written in the same transaction. Duplicates of documents
        of the chunk that will not be stored are promoted to be coded themselves."""
        failed = {d.id for d in chunk} - written
        ready: list[tuple[Document, str]] = []
        waiting: list[tuple[Document, str]] = []
        for dup, original in self.deferred:
            if original in written:
                ready.append((dup, original))
            elif original in failed:
                self.promoted.append(dup)
            else:
                waiting.append((dup, original))
        self.deferred = waiting
        return ready

    def committed(self, chunk: Iterable[Document]) -> None:
        """These are in the store now (or failed): the store answers for them from here on."""
        for d in chunk:
            if self.hash_to_id.get(d.content_hash) == d.id:
                del self.hash_to_id[d.content_hash]
            self.id_to_hash.pop(d.id, None)

    def take_promoted(self) -> list[Document]:
        """Duplicates to code in another round, their originals having failed."""
        out, self.promoted = self.promoted, []
        return out


def ingest_documents(
    docs: Iterable[Document],
    store: Store,
    pipeline: Pipeline | None,
    report: Report,
    inputs: Sequence[str] = (),
    commit_every: int = 64,
    workers: int = 1,
    stop: StopRequest | None = None,
) -> Report:
    """Code documents into the store, idempotently and resumably.

    A document whose id is stored already is skipped; one whose text is stored under
    another id is recorded as a duplicate of it and not coded again. Documents are coded
    in chunks of ``commit_every`` (in this process with ``pipeline``, or in ``workers``
    processes) and each chunk is written in one transaction, in input order, so an
    interrupted ingest (Ctrl-C, SIGTERM, SIGKILL) leaves whole chunks and the same call
    continues where it stopped. With ``stop`` (a :class:`~eventmill.scale.stop.StopRequest`
    the caller installed) a Ctrl-C or SIGTERM stops it between batches; KeyboardInterrupt
    propagates once the workers are stopped.
    """
    from eventmill.scale.workers import LocalCoder, ProcessCoder

    pipeline = pipeline or _default_pipeline()  # (loaded once here, shared by forked workers)
    engine: LocalCoder | ProcessCoder = ProcessCoder(workers, pipeline) if workers > 1 else LocalCoder(pipeline)
    aborted = True
    # DuckDB caches the database's pages up to 80% of the machine's memory by default; the
    # writer needs little of that, and a bound keeps a long ingest's memory flat
    limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
    store.con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
    try:
        run_id = store.start_run(engine.coder, list(inputs))
        fresh = _Fresh(store, report, run_id, engine.coder, stop)
        source: Iterable[Document] = docs
        while True:  # a second round codes the duplicates whose originals failed
            for chunk, coded in engine.map(fresh.chunks(source, commit_every), stop):
                _write_chunk(store, fresh, chunk, coded, run_id, engine.coder)
                if stop is not None:
                    stop.check()  # this chunk is committed: a safe point
            source = fresh.take_promoted()
            if not source:
                break
        store.finish_run(
            run_id,
            {
                "read": report.read,
                "coded": report.coded,
                "skipped": sum(report.skipped.values()),
                "errors": report.errors,
            },
        )
        aborted = False
    finally:
        engine.close(abort=aborted)
        if limit:
            store.con.execute(f"SET memory_limit = '{limit[0]}'")  # a server sharing the store gets its own back
    return report


def _write_chunk(
    store: Store, fresh: _Fresh, chunk: list[Document], coded: list[Document | InputError], run_id: str,
    coder: dict[str, str],
) -> None:
    """Store one coded chunk with the duplicates waiting for its documents (one transaction),
    then tally it. A document the store refuses is reported by name and left out, and its
    duplicates are coded in its place."""
    written = [d for d in coded if isinstance(d, Document)]
    ready = fresh.settle(chunk, {d.id for d in written})
    refused = _write(store, written, run_id, coder, ready) or {}
    fresh.promoted += [dup for dup, original in ready if original in refused]
    fresh.committed(chunk)
    for item in coded:
        fresh.report.tally(refused.get(item.id, item) if isinstance(item, Document) else item)
    for _dup, original in ready:
        if original not in refused:
            fresh.report.skip("duplicate text")


def _default_pipeline() -> Pipeline:
    import eventmill

    return eventmill.get_pipeline()


def _write(
    store: Store,
    docs: list[Document],
    run_id: str,
    coder: dict[str, str],
    duplicates: Sequence[tuple[Document, str]] = (),
) -> dict[str, InputError]:
    """Write coded documents and the duplicates waiting for them in one transaction. When
    the batch's values are what the database refuses, each document is written on its own
    (with its duplicates), so one odd document costs only itself. Returns the refused
    documents, each with the error that names it."""
    import duckdb

    if not docs and not duplicates:
        return {}
    try:
        _store(store, docs, run_id, coder, duplicates)
        return {}
    except duckdb.Error:
        pass  # a value of one of them: find which, below
    refused: dict[str, InputError] = {}
    for doc in docs:
        mine = [pair for pair in duplicates if pair[1] == doc.id]
        try:
            _store(store, [doc], run_id, coder, mine)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            refused[doc.id] = InputError(doc.origin or doc.id, f"could not be stored ({first})",
                                         "please report it; the rest of the batch goes on")
    return refused


def _store(
    store: Store, docs: list[Document], run_id: str, coder: dict[str, str], duplicates: Sequence[tuple[Document, str]]
) -> None:
    status = {d.id: ("coded" if is_english(d) else "not_english") for d in docs}
    status.update({dup.id: "duplicate" for dup, _ in duplicates})
    store.write_documents(
        [*docs, *(dup for dup, _ in duplicates)],
        run_id=run_id,
        coder_version=coder,
        status=status,
        duplicate_of={dup.id: original for dup, original in duplicates},
    )


@dataclass
class RecodeResult:
    """What ``eventmill recode`` did: the documents it coded anew (and those it could not,
    which keep their old coding), and per event type and actor country how counts changed."""

    recode_id: str | None
    total: int
    recoded: int
    failed: int
    resumed: bool
    changes: list[dict[str, object]] = field(default_factory=list)


def recode_store(
    store: Store,
    pipeline: Pipeline,
    report: Report,
    batch: int = 64,
    stop: StopRequest | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> RecodeResult:
    """Code the stored documents again with ``pipeline``'s coder: every document another
    coder version coded, in batches, each written in one transaction (its old sentences,
    entities and event mentions replaced, its events merged again). Resumable: a rerun
    continues with the documents still at another version, and reports against the
    counts before the first run. A document the coder fails on keeps its old coding and
    is reported."""
    from eventmill.scale.workers import code_chunk
    from eventmill.store import recode as rc

    coder = pipeline.coder
    if rc.pending(store.con, coder) == 0 and not store.con.execute(
        "SELECT 1 FROM recodes WHERE coder_version = ? AND finished_at IS NULL", [rc.version_text(coder)]
    ).fetchone():
        return RecodeResult(None, 0, 0, 0, resumed=False)
    job = rc.begin(store.con, coder)
    store.con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")  # as for an ingest: a flat memory
    failed: set[str] = set()
    done = job.done
    if on_progress:
        on_progress(done, job.total)
    while docs := rc.next_batch(store.con, coder, batch, failed):
        prepared = [Pipeline.prepare(d) for d in docs]
        coded = code_chunk(pipeline, prepared)
        written = [d for d in coded if isinstance(d, Document)]
        for item in coded:
            if isinstance(item, InputError):
                report.problem(item)
        failed |= {d.id for d in docs} - {d.id for d in written}
        if written:
            store.write_documents(
                written, coder_version=coder, replace=True,
                status={d.id: ("coded" if is_english(d) else "not_english") for d in written},
            )
        done += len(written)
        rc.progress(store.con, job, done)
        for d in written:
            report.tally(d)
        if on_progress:
            on_progress(done, job.total)
        if stop is not None:
            stop.check()  # this batch is committed: a safe point
    from eventmill.store import commitments

    commitments.update(store.con)
    store.writes += 1
    rc.finish(store.con, job, complete=not failed)
    return RecodeResult(job.recode_id, job.total, done, len(failed), job.resumed, rc.changes(store.con, job.recode_id))


def annotation(doc: Document) -> dict[str, object]:
    """The entity layer of a document: time expressions, places and actors with offsets
    into the original text (what ``eventmill annotate`` writes)."""
    return {
        "story_id": doc.id,
        "timexes": [t.to_dict() for t in doc.timexes],
        "places": [p.to_dict() for p in doc.places],
        "actors": [
            {
                "start": a.start,
                "end": a.end,
                "text": a.entity_text,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "code": a.code,
                "kb_id": a.kb_id,
            }
            for a in doc.actors
        ],
    }
