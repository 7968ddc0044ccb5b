"""Shared helpers of the training and experiment scripts: where the data is, and the
parsed sentences of each set (with the rules' events), cached under ``training/.cache``.

Data is read from ``$EVENTMILL_SHARED`` (default ``../shared`` beside the repository);
nothing read here is copied into the package.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"

# PLOVER 0.5 names in the gold set -> PLOVER 1.0 names (as eval/metrics.py reads them)
OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTMILL_SHARED", REPO.parent / "shared"))


def shared_file(rel: str) -> Path:
    path = shared_dir() / rel
    if not path.exists():
        sys.exit(f"{path}: not found (set EVENTMILL_SHARED to the folder holding corpora/ and gold/)")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _sets() -> dict[str, tuple[str, Any]]:
    """name -> (file under ../shared, function turning a record into (id, text, label))."""
    return {
        "synthetic": ("corpora/ngec_synthetic_plover.jsonl",
                      lambda r: (r["id"], r["text"], {"type": r["plover_type"], "mode": r.get("plover_mode")})),
        "plover": ("gold/plover_gsr_dev.jsonl",
                   lambda r: (r["id"], r["text"], {"type": OLD_TO_NEW.get(r["events"][0]["type"],
                                                                          r["events"][0]["type"])})),
        "penta": ("gold/conflibert_cameo_train.jsonl",
                  lambda r: (r["id"], r["text"], {"type": int(str(r["events"][0]["type"])[0])})
                  if r.get("events") and r["events"][0].get("type") else None),
    }


def parsed(name: str, pipeline: Any = None) -> list[dict[str, Any]]:
    """The records of a set, each with its sentences: text, classifier features and the
    events the rule-based coder finds there. Built once (the whole pipeline runs over the
    set) and cached; delete ``training/.cache`` after changing the coder or the features."""
    from event_model import FEATURES_VERSION

    cache = CACHE / f"{name}.f{FEATURES_VERSION}.jsonl.gz"
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    rel, reader = _sets()[name]
    items = [x for x in (reader(r) for r in read_jsonl(shared_file(rel))) if x is not None]
    out = build(items, pipeline)
    CACHE.mkdir(exist_ok=True)
    with gzip.open(cache, "wt", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec) + "\n")
    return out


def build(items: list[tuple[str, str, dict[str, Any]]], pipeline: Any = None) -> list[dict[str, Any]]:
    from event_model import sentence_features

    from eventmill.actors.index import ActorIndex
    from eventmill.nlp import parse
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

    pipe = pipeline or Pipeline()
    labels = {i: lab for i, _, lab in items}
    docs = (pipe.prepare(Document(id=i, text=t)) for i, t, _ in items)
    out = []
    for n, doc in enumerate(parse(docs, pipe.nlp, pipe.batch_size), start=1):
        assert doc.spacy is not None
        try:
            pipe.code_parsed(doc)
        except Exception as exc:  # a coder bug on one story must not stop a training run
            print(f"{doc.id}: the coder failed ({type(exc).__name__}: {exc}); its sentences have no rule events",
                  file=sys.stderr)
            doc.events = []
        by_sent: dict[int, list[list[Any]]] = {}
        for ev in doc.events:
            by_sent.setdefault(ev.sentence, []).append(
                [ev.event, ev.cameo, ev.confidence, "negated" in ev.aux, bool(ev.actor), bool(ev.recipient)])
        sents = [{"text": s.text, "f": sentence_features(s, doc.layers.get(ActorIndex)), "rules": by_sent.get(k, [])}
                 for k, s in enumerate(doc.spacy.sents)]
        out.append({"id": doc.id, **labels[doc.id], "sents": sents})
        if n % 500 == 0:
            print(f"  parsed {n}", file=sys.stderr)
    return out
