"""Reading annotated sets and running the coder over them.

Sentence sets are coded one gold record at a time; whole articles exactly as ``eventmill
code`` codes a JSON Lines file (``id``, ``text``, ``date``, ``source``, ``url``);
IndiaPoliceEvents article by article, rebuilt from the gold sentences (:mod:`eventmill.eval.ipe`),
the events then mapped back to the sentences.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventmill.errors import ConfigError
from eventmill.eval import ipe

if TYPE_CHECKING:
    from eventmill.jobs import Report
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

EVENT_KINDS = ("plover", "penta", "petrarch", "articles", "ipe")


def load_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise ConfigError(f"{path}:{lineno}: a JSON {type(record).__name__}, not an object (one per line)")
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
    return out


def detect_kind(records: list[dict[str, Any]]) -> str:
    """Which annotated-set format these records are in."""
    if not records:
        raise ConfigError("the gold file holds no records")
    r = records[0]
    extra = r.get("extra") or {}
    if "timexes" in r:
        return "timex"
    if "toponyms" in r:
        return "geo"
    if "expected_events" in r:
        return "petrarch"
    if "annotated_until" in r and "events" in r:
        return "articles"
    if "doc_id" in extra and "sent_id" in extra:
        return "ipe"
    events = r.get("events") or []
    if events and re.match(r"^\d-", str(events[0].get("type") or "")):
        return "penta"
    if "events" in r:
        return "plover"
    raise ConfigError("cannot tell the format of the gold file; pass --kind")


def _sentence_documents(gold: list[dict[str, Any]], kind: str) -> Iterator[Document]:
    from eventmill.ingest import parse_pub_date
    from eventmill.records import Document

    for g in gold:
        if kind == "petrarch" and "inactive" in (g.get("flags") or {}):
            continue  # a record the suite switched off is not scored, and its id may repeat an active one's
        raw_date = g.get("dct") if kind in ("timex", "geo") else g.get("date")
        try:
            pub_date = parse_pub_date(raw_date)
        except ValueError:
            pub_date = None
        yield Document(id=str(g["id"]), text=g["text"], pub_date=pub_date, url=g.get("url"), title=g.get("title"))


def petrarch_dictionaries(gold_path: Path | None = None) -> list[Path]:
    """The PETRARCH validation suite's own actor, agent and verb dictionaries, which its
    records are coded with: ``$EVENTMILL_SHARED/dictionaries/petrarch2`` (default
    ``../shared``, or beside the gold file's folder)."""
    names = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.Validate.verbs.txt")
    roots = [Path(os.environ["EVENTMILL_SHARED"])] if os.environ.get("EVENTMILL_SHARED") else []
    if gold_path is not None:
        roots.append(Path(gold_path).resolve().parent.parent)
    roots.append(Path("../shared"))
    for root in roots:
        folder = root / "dictionaries" / "petrarch2"
        if all((folder / n).is_file() for n in names):
            return [folder / n for n in names]
    raise ConfigError("the PETRARCH validation records are coded with the suite's own dictionaries "
                      "(dictionaries/petrarch2/PETR.Validate.actors.txt, .agents.txt, .verbs.txt), not found; "
                      "set EVENTMILL_SHARED to the folder that holds them")


@contextmanager
def _pipeline(kind: str, gold_path: Path | None) -> Iterator[Pipeline]:
    """The process pipeline; for the PETRARCH suite, one whose knowledge base and lexicon have
    the suite's dictionaries layered over the built-in ones (in a temporary KB file, not the
    user's)."""
    import eventmill

    if kind != "petrarch":
        yield eventmill.get_pipeline()
        return
    from eventmill.actors.importers import import_petrarch
    from eventmill.actors.kb_layers import load_layered_kb
    from eventmill.pipeline import Pipeline

    with tempfile.TemporaryDirectory(prefix="eventmill-eval-") as tmp:
        kb_file = Path(tmp) / "kb.sqlite"
        for path in petrarch_dictionaries(gold_path):
            import_petrarch(path, kb_file)
        yield Pipeline(kb=load_layered_kb(kb_file))


def code_records(records: list[tuple[str, dict[str, Any]]], pipeline: Pipeline, report: Report) -> Iterator[Document]:
    """Code JSON Lines records (named ``FILE:LINE``) as ``eventmill code`` does: the same
    reader, the same checks, the same report of records that could not be read or coded."""
    from eventmill.ingest import ReadOptions
    from eventmill.ingest.common import record_to_document
    from eventmill.jobs import documents_of
    from eventmill.pipeline import coding_failure

    options = ReadOptions()
    items = (item for where, rec in records for item in record_to_document(rec, where, options))
    for doc in pipeline.pipe(documents_of(items, report)):
        failure = coding_failure(doc)
        report.tally(failure or doc)
        if failure is None:
            yield doc


def _article_records(gold: list[dict[str, Any]], kind: str, gold_path: Path | None) -> list[tuple[str, dict[str, Any]]]:
    name = str(gold_path or "gold")
    if kind == "ipe":
        return [(f"{name}:{a.id}", a.record()) for a in ipe.articles(gold)]
    keys = ("id", "text", "date", "source", "url")
    return [(f"{name}:{i}", {k: g.get(k) for k in keys}) for i, g in enumerate(gold, start=1)]


def predict(
    gold: list[dict[str, Any]], kind: str, gold_path: Path | None = None, report: Report | None = None
) -> list[dict[str, Any]]:
    """Run the coder over the gold texts: events (for IPE, mapped to the gold sentences), or
    annotation records for time and place."""
    from eventmill.jobs import Report, annotation

    report = report or Report()
    out: list[dict[str, Any]] = []
    with _pipeline(kind, gold_path) as pipeline:
        if kind in ("articles", "ipe"):
            for doc in code_records(_article_records(gold, kind, gold_path), pipeline, report):
                out.extend(ev.to_dict() for ev in doc.incidents)
            return ipe.to_sentences(ipe.articles(gold), out) if kind == "ipe" else out
        for doc in pipeline.pipe(_sentence_documents(gold, kind)):
            if kind in ("timex", "geo"):
                out.append(annotation(doc))
            else:
                out.extend(ev.to_dict() for ev in doc.incidents)
    return out
