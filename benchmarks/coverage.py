"""Trigger coverage: how many sentences carry a verb or noun the lexicon codes, before and
after a change to the lexicon, and (with ``--ngec``) how often the coder finds a synthetic
story's labelled type.

    python benchmarks/coverage.py [--before REV] [--limit N] [--ngec] [--ngec-limit N]

Reads ``$EVENTMILL_SHARED/corpora/guardian_sample.jsonl`` (249 real Guardian articles) and
``ngec_synthetic_plover.jsonl`` (4,500 synthetic stories labelled with a PLOVER type). Every
sentence is parsed once with eventmill's spaCy model; a sentence is *covered* by a lexicon
when one of its verbs matches a row that can code an event (not a reporting, intending or
denying verb, not a row that says its object makes no event) or one of its nouns is an
event noun. Lexicons compared:

- ``before``: the hand tables (``verbs.tsv``, ``nouns.tsv``) as they were at git revision
  ``--before`` (default ``main``), read with ``git show``;
- ``hand``: the hand tables of the working tree;
- ``after``: what the coder uses, the hand tables over the compiled CAMEO.2.0 verbs.

``--ngec`` also codes the synthetic stories through the whole pipeline and prints the share
whose labelled type is among the types of their (non-negated) events, overall and per type.
Results are appended to ``benchmarks/results/coverage.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTMILL_SHARED", REPO.parent / "shared"))


def read_corpus(name: str, limit: int | None) -> list[dict[str, Any]]:
    path = shared_dir() / "corpora" / name
    if not path.exists():
        sys.exit(f"{path}: not found (set EVENTMILL_SHARED to the folder holding corpora/)")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def lexicon_at(rev: str) -> Any:
    """The hand tables of a git revision as a lexicon (no compiled rows)."""
    from eventmill.events.lexicon import index, noun_rules, verb_rules
    from eventmill.events.ontology import codes
    from eventmill.events.rules import Lexicon

    folder = Path(tempfile.mkdtemp(prefix="eventmill-coverage-"))
    tables = {}
    for name in ("verbs.tsv", "nouns.tsv"):
        text = subprocess.run(["git", "show", f"{rev}:src/eventmill/data/events/{name}"], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout
        tables[name] = folder / name
        tables[name].write_text(text, encoding="utf-8")
    return Lexicon(codes(), index(verb_rules(tables["verbs.tsv"])), noun_rules(tables["nouns.tsv"]))


def hand_lexicon() -> Any:
    from eventmill.events.lexicon import index, noun_rules, verb_rules
    from eventmill.events.ontology import codes
    from eventmill.events.rules import Lexicon

    return Lexicon(codes(), index(verb_rules()), noun_rules())


def covered(sent: Any, lex: Any) -> bool:
    """Does a verb or noun of the sentence trigger an event row of this lexicon?"""
    from eventmill.events import triggers
    from eventmill.events.frames_base import FRAMES

    for t in sent:
        if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"):
            for rule, _ in triggers.match_verb(lex, t):
                if rule.frame == "report":
                    if rule.objects or rule.particle:
                        break  # "requested anonymity": this object makes it no event
                    continue  # a verb of saying codes only what its clause charges (events/charges.py)
                if FRAMES[rule.frame].handler is not None:
                    return True
        elif t.pos_ in ("NOUN", "PROPN") and triggers.noun_rule(lex, t) is not None:
            return True
    return False


def coverage(records: list[dict[str, Any]], lexicons: dict[str, Any], nlp: Any) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    n = 0
    texts = (r["text"] for r in records)
    for doc in nlp.pipe(texts, batch_size=32):
        for sent in doc.sents:
            if not any(t.is_alpha for t in sent):
                continue
            n += 1
            for name, lex in lexicons.items():
                counts[name] += covered(sent, lex)
    return {"sentences": n, **{name: counts[name] for name in lexicons}}


def ngec_types(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of stories whose labelled PLOVER type is among the types of their events."""
    import eventmill
    from eventmill.records import Document

    pipe = eventmill.get_pipeline()
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    labels = {r["id"]: r["plover_type"] for r in records}
    docs = (Document(id=r["id"], text=r["text"]) for r in records)
    for doc in pipe.pipe(docs):
        label = labels[doc.id]
        total[label] += 1
        hit[label] += label in {e.event for e in doc.events if "negated" not in e.aux}
    per_type = {t: round(hit[t] / total[t], 3) for t in sorted(total, key=lambda t: -hit[t] / total[t])}
    return {"stories": sum(total.values()), "found": sum(hit.values()),
            "share": round(sum(hit.values()) / max(1, sum(total.values())), 3), "per_type": per_type}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default="main", help="git revision whose hand tables are the 'before' lexicon")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents of each corpus")
    ap.add_argument("--ngec", action="store_true", help="also code the synthetic stories (slow: minutes)")
    ap.add_argument("--ngec-limit", type=int, default=None, help="only the first N synthetic stories")
    args = ap.parse_args(argv)

    from eventmill.events.lexicon import load_lexicon
    from eventmill.nlp import load_model

    nlp = load_model()
    lexicons = {"before": lexicon_at(args.before), "hand": hand_lexicon(), "after": load_lexicon()}
    result: dict[str, Any] = {"before_rev": args.before, "time": time.strftime("%Y-%m-%d %H:%M:%S")}
    for name, corpus in (("guardian", "guardian_sample.jsonl"), ("ngec", "ngec_synthetic_plover.jsonl")):
        t0 = time.perf_counter()
        res = coverage(read_corpus(corpus, args.limit), lexicons, nlp)
        n = res["sentences"]
        line = ", ".join(f"{k} {res[k]:,} ({res[k] / max(1, n):.1%})" for k in lexicons)
        print(f"{name}: {n:,} sentences with a trigger: {line}  [{time.perf_counter() - t0:.0f} s]")
        result[name] = res
    if args.ngec:
        t0 = time.perf_counter()
        res = ngec_types(read_corpus("ngec_synthetic_plover.jsonl", args.ngec_limit))
        per = ", ".join(f"{t} {s:.2f}" for t, s in res["per_type"].items())
        print(f"ngec stories whose labelled type is among their events: {res['found']:,} of {res['stories']:,}, "
              f"{res['share']:.3f}  [{time.perf_counter() - t0:.0f} s]\n  {per}")
        result["ngec_types"] = res
    out = HERE / "results" / "coverage.jsonl"
    out.parent.mkdir(exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
