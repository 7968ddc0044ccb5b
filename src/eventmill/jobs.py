"""Jobs: the whole path from files to events (``code``) or to the store (``ingest``).

The CLI and the Python API both call these; a :class:`Report` collects counts and the
input problems met on the way, which never stop the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventmill.errors import InputError, InputWarning
from eventmill.ingest import ReadOptions, iter_items
from eventmill.pipeline import Pipeline, is_english
from eventmill.records import Document
from eventmill.store import Store


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


def documents_of(items: Iterable[Document | InputError | InputWarning], report: Report) -> Iterator[Document]:
    """The documents among reader items; errors and warnings go to the report."""
    for item in items:
        if isinstance(item, InputError | InputWarning):
            report.problem(item)
        else:
            report.read += 1
            yield item


def code_paths(
    paths: Sequence[str | Path], options: ReadOptions, pipeline: Pipeline, report: Report
) -> Iterator[Document]:
    """Read and code documents; yields every document read (uncoded ones have no events)."""
    for doc in pipeline.pipe(read_documents(paths, options, report)):
        if is_english(doc):
            report.coded += 1
            report.events += len(doc.events)
        else:
            report.skip("not English")
        if report.on_document:
            report.on_document(doc)
        yield doc


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    options: ReadOptions,
    pipeline: Pipeline,
    report: Report,
    commit_every: int = 64,
) -> Report:
    """Read files and code their documents into the store (see :func:`ingest_documents`)."""
    docs = read_documents(paths, options, report)
    return ingest_documents(docs, store, pipeline, report, [str(p) for p in paths], commit_every)


def ingest_documents(
    docs: Iterable[Document],
    store: Store,
    pipeline: Pipeline,
    report: Report,
    inputs: Sequence[str] = (),
    commit_every: int = 64,
) -> Report:
    """Code documents into the store, idempotently.

    A document whose id is stored already is skipped (a changed text under a stored id is
    reported, not overwritten); one whose text is stored under another id is recorded as
    a duplicate of it and not coded again. Each batch is one transaction.
    """
    run_id = store.start_run(pipeline.coder, list(inputs))
    seen_hashes: dict[str, str] = {}  # content hash -> id, for this run
    seen_ids: dict[str, str] = {}  # id -> content hash, for this run

    def fresh(docs: Iterable[Document]) -> Iterator[Document]:
        """Prepared documents minus those stored already; duplicates written straight away."""
        chunk: list[Document] = []

        def flush() -> Iterator[Document]:
            by_id, by_hash = store.known_documents([d.id for d in chunk], [d.content_hash for d in chunk])
            dups: list[Document] = []
            dup_of: dict[str, str] = {}
            for d in chunk:
                stored_hash = by_id.get(d.id) or seen_ids.get(d.id)
                if stored_hash:
                    if stored_hash != d.content_hash:
                        report.problem(
                            InputWarning(
                                d.origin or d.id,
                                f"document id {d.id!r} is stored already with a different text; kept the stored one",
                            )
                        )
                    report.skip("already stored")
                    continue
                original = by_hash.get(d.content_hash) or seen_hashes.get(d.content_hash)
                if original and original != d.id:
                    dups.append(d)
                    dup_of[d.id] = original
                    seen_ids[d.id] = d.content_hash
                    report.skip("duplicate text")
                    continue
                seen_hashes[d.content_hash] = d.id
                seen_ids[d.id] = d.content_hash
                yield d
            if dups:
                store.write_documents(
                    dups,
                    run_id=run_id,
                    coder_version=pipeline.coder,
                    status={d.id: "duplicate" for d in dups},
                    duplicate_of=dup_of,
                )

        for doc in docs:
            chunk.append(pipeline.prepare(doc))
            if len(chunk) >= commit_every:
                yield from flush()
                chunk = []
        if chunk:
            yield from flush()

    pending: list[Document] = []
    for doc in pipeline.pipe(fresh(docs), prepared=True):
        if is_english(doc):
            report.coded += 1
            report.events += len(doc.events)
        else:
            report.skip("not English")
        pending.append(doc)
        if report.on_document:
            report.on_document(doc)
        if len(pending) >= commit_every:
            _write(store, pending, run_id, pipeline)
            pending = []
    if pending:
        _write(store, pending, run_id, pipeline)
    store.finish_run(
        run_id,
        {"read": report.read, "coded": report.coded, "skipped": sum(report.skipped.values()), "errors": report.errors},
    )
    return report


def _write(store: Store, docs: list[Document], run_id: str, pipeline: Pipeline) -> None:
    status = {d.id: ("coded" if is_english(d) else "not_english") for d in docs}
    store.write_documents(docs, run_id=run_id, coder_version=pipeline.coder, status=status)


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
