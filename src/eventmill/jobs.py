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
from eventmill.store import Store

if TYPE_CHECKING:
    from eventmill.scale.stop import StopRequest


@dataclass
class Report:
    """What happened in a job. ``on_problem`` is called for each input error or warning
    as it happens (the CLI prints them); ``on_document`` after each document."""

    read: int = 0
    coded: int = 0
    events: int = 0
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
            self.events += len(item.events)
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
    paths: Sequence[str | Path], options: ReadOptions, pipeline: Pipeline, report: Report
) -> Iterator[Document]:
    """Read and code documents; yields every document read (uncoded ones have no events)."""
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
    id is written straight away as a duplicate of it.

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
            original = by_hash.get(d.content_hash) or self.hash_to_id.get(d.content_hash)
            if original and original != d.id:
                dups.append(d)
                dup_of[d.id] = original
                self.report.skip("duplicate text")
                continue
            self.hash_to_id[d.content_hash] = d.id
            self.id_to_hash[d.id] = d.content_hash
            out.append(d)
        if dups:
            self.store.write_documents(
                dups,
                run_id=self.run_id,
                coder_version=self.coder,
                status={d.id: "duplicate" for d in dups},
                duplicate_of=dup_of,
            )
        return out

    def committed(self, chunk: Iterable[Document]) -> None:
        """These are in the store now (or failed): the store answers for them from here on."""
        for d in chunk:
            if self.hash_to_id.get(d.content_hash) == d.id:
                del self.hash_to_id[d.content_hash]
            self.id_to_hash.pop(d.id, None)


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
        for chunk, coded in engine.map(fresh.chunks(docs, commit_every), stop):
            written = [d for d in coded if isinstance(d, Document)]
            _write(store, written, run_id, engine.coder)
            fresh.committed(chunk)
            for item in coded:
                report.tally(item)
            if stop is not None:
                stop.check()  # this chunk is committed: a safe point
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


def _default_pipeline() -> Pipeline:
    import eventmill

    return eventmill.get_pipeline()


def _write(store: Store, docs: list[Document], run_id: str, coder: dict[str, str]) -> None:
    if not docs:
        return
    status = {d.id: ("coded" if is_english(d) else "not_english") for d in docs}
    store.write_documents(docs, run_id=run_id, coder_version=coder, status=status)


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
