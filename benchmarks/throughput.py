"""Throughput benchmark: eventmill vs the bare spaCy pipeline, measured in the same run.

    python benchmarks/throughput.py [--n 100] [--repeat 2] [--batch-size 32]

Reads ``$EVENTMILL_SHARED/corpora/guardian_sample.jsonl`` (default ``../shared``; 249 real
Guardian articles), repeated to reach ``--n`` articles. Each measurement runs in a fresh
process with BLAS/OpenMP pinned to one thread:

- reference: ``nlp.pipe`` over the same texts, same model, same components, same batch size;
- eventmill: the whole coder (normalize, nlp, actors, events, time, place), as
  ``eventmill code`` runs it, without writing output.

Phases alternate (ref, eventmill, ref, eventmill, ...). Prints articles/s, sentences/s and
peak resident memory of the fastest of each, and the ratio eventmill time / reference time
three ways: of the medians (what the budget is stated on: ``--repeat 5``), of the fastest
runs, and the median of each eventmill run's ratio to the reference run just before it;
appends a JSON line to ``benchmarks/results/throughput.jsonl``. The start-up (loading the
model and the tables, the stages' lazy tables included) is outside both clocks:
``benchmarks/startup.py`` measures it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from eventmill.nlp import BATCH_SIZE

HERE = Path(__file__).resolve().parent
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTMILL_SHARED", HERE.parent.parent / "shared"))


def load_texts(n: int) -> list[dict]:
    path = shared_dir() / "corpora" / "guardian_sample.jsonl"
    if not path.exists():
        sys.exit(f"benchmark corpus not found: {path} (set EVENTMILL_SHARED)")
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    i = 0
    while len(out) < n:
        r = dict(records[i % len(records)])
        r["id"] = f"{r['id']}#{i // len(records)}"
        out.append(r)
        i += 1
    return out


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def phase(kind: str, n: int, batch_size: int) -> dict:
    """One measurement, in this (fresh) process."""
    records = load_texts(n)
    if kind == "reference":
        from eventmill.nlp import load_model

        nlp = load_model()
        texts = [r["text"] for r in records]
        start = time.perf_counter()
        sentences = 0
        for doc in nlp.pipe(texts, batch_size=batch_size):
            sentences += sum(1 for _ in doc.sents)
        elapsed = time.perf_counter() - start
        events = 0
    else:
        from eventmill.ingest import parse_pub_date
        from eventmill.pipeline import Pipeline
        from eventmill.records import Document

        pipe = Pipeline(batch_size=batch_size)
        pipe.warm()  # start-up, as the model load is for both phases (a one-sentence run measures it)
        docs = [
            Document(id=r["id"], text=r["text"], pub_date=parse_pub_date(r.get("date")), source=r.get("source"))
            for r in records
        ]
        start = time.perf_counter()
        sentences = events = 0
        for doc in pipe.pipe(docs, keep_parse=False):  # as `eventmill code` runs it
            sentences += len(doc.sentences)
            events += len(doc.events)
        elapsed = time.perf_counter() - start
    return {
        "kind": kind,
        "n": n,
        "seconds": elapsed,
        "sentences": sentences,
        "events": events,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def run_phase(kind: str, n: int, batch_size: int) -> dict:
    env = {**os.environ, **THREAD_ENV}
    out = subprocess.run(
        [sys.executable, __file__, "--phase", kind, "--n", str(n), "--batch-size", str(batch_size)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"{kind} phase failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    ap.add_argument("--repeat", type=int, default=2, help="alternating repeats; the fastest is kept (default 2)")
    ap.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"default {BATCH_SIZE}, as eventmill runs")
    ap.add_argument("--phase", choices=["reference", "eventmill"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.n, args.batch_size)))
        return
    runs: dict[str, list[dict]] = {"reference": [], "eventmill": []}
    for _ in range(args.repeat):
        for kind in ("reference", "eventmill"):
            r = run_phase(kind, args.n, args.batch_size)
            runs[kind].append(r)
            print(f"  {kind:9s} {r['seconds']:7.2f} s  peak {r['peak_rss_mb']:.0f} MB", file=sys.stderr)
    ref = min(runs["reference"], key=lambda r: r["seconds"])
    em = min(runs["eventmill"], key=lambda r: r["seconds"])
    ref_median = statistics.median(r["seconds"] for r in runs["reference"])
    em_median = statistics.median(r["seconds"] for r in runs["eventmill"])
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "articles": args.n,
        "batch_size": args.batch_size,
        "reference_s": round(ref["seconds"], 2),
        "eventmill_s": round(em["seconds"], 2),
        "ratio": round(em["seconds"] / ref["seconds"], 3),
        "reference_median_s": round(ref_median, 2),
        "eventmill_median_s": round(em_median, 2),
        "ratio_median": round(em_median / ref_median, 3),
        # each eventmill run against the reference run just before it: steadier when the load drifts
        "ratio_pairs_median": round(statistics.median(
            e["seconds"] / r["seconds"] for r, e in zip(runs["reference"], runs["eventmill"])), 3),
        "repeat": args.repeat,
        "load": round(os.getloadavg()[0], 2),
        "articles_per_s": round(args.n / em["seconds"], 2),
        "sentences_per_s": round(em["sentences"] / em["seconds"], 1),
        "reference_articles_per_s": round(args.n / ref["seconds"], 2),
        "events": em["events"],
        "peak_rss_mb": em["peak_rss_mb"],
        "reference_peak_rss_mb": ref["peak_rss_mb"],
    }
    print(
        f"articles {args.n}: eventmill {result['eventmill_s']} s ({result['articles_per_s']} articles/s, "
        f"{result['sentences_per_s']} sentences/s, peak {result['peak_rss_mb']} MB); "
        f"bare spaCy {result['reference_s']} s (peak {result['reference_peak_rss_mb']} MB); "
        f"ratio of medians {result['ratio_median']} ({em_median:.2f} s / {ref_median:.2f} s, {args.repeat} runs each), "
        f"of the fastest {result['ratio']}, median of the run-by-run ratios {result['ratio_pairs_median']}; "
        f"{result['events']} events; load average {result['load']}"
    )
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "throughput.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
