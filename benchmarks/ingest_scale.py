"""Ingest throughput with 1 and 2 worker processes, against single-process coding and the
bare spaCy pipeline, with peak memory per process.

    python benchmarks/ingest_scale.py [--n 200] [--corpus guardian|synthetic] [--workers 1 2]

Phases (alternating ``--repeat`` times, the fastest of each kept), each in a fresh process
with BLAS/OpenMP pinned to one thread, on the same texts:

- ``spacy``: ``nlp.pipe`` alone (same model, components, batch size);
- ``code``: the whole coder in one process, as ``eventmill code`` runs it, writing nothing;
- ``ingest-N``: ``eventmill ingest --workers N`` into a new database (reading, dedup,
  coding in N processes, one writer, cross-outlet merge, commits).

Rates are steady-state: documents stored per second after the first chunk of each worker
(model loading is a fixed start-up cost, reported apart as ``startup_s``; ``total_s`` is
the whole wall time). Peak memory is sampled
(psutil) for the ingest's own process and for each worker. Prints a table, the speedup of
2 workers over 1, the ratio of ingest per worker to single-process coding, and the machines
needed for 300,000 articles a day; appends a JSON line to benchmarks/results/ingest_scale.jsonl.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_news import stories  # noqa: E402
from throughput import THREAD_ENV, load_texts  # noqa: E402

ARTICLES_PER_DAY = 300_000


def corpus(kind: str, n: int) -> list[dict]:
    if kind == "guardian":
        return load_texts(n)
    return list(stories(n, sentences=12, seed=5))


class PeakSampler:
    """Peak resident memory of this process and each of its children, sampled."""

    def __init__(self, every: float = 0.2) -> None:
        import psutil

        self.me = psutil.Process()
        self.peaks: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for p in [self.me, *self.me.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss / 2**20
                    if p.pid not in self.names:
                        cmd = " ".join(p.cmdline())
                        self.names[p.pid] = "tracker" if "resource_tracker" in cmd else "worker"
                except Exception:  # the process just ended
                    continue
                self.peaks[p.pid] = max(self.peaks.get(p.pid, 0.0), rss)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def phase(kind: str, n: int, source: str, commit_every: int = 16) -> dict:
    records = corpus(source, n)
    from eventmill.nlp import BATCH_SIZE

    if kind == "spacy":
        from eventmill.nlp import load_model

        nlp = load_model()
        start = time.perf_counter()
        for _ in nlp.pipe((r["text"] for r in records), batch_size=BATCH_SIZE):
            pass
        return {"kind": kind, "n": n, "seconds": time.perf_counter() - start, "startup_s": 0.0,
                "peak_mb": {"main": _maxrss()}}
    if kind == "code":
        from eventmill.ingest import parse_pub_date
        from eventmill.pipeline import Pipeline
        from eventmill.records import Document

        pipe = Pipeline()
        docs = [Document(id=r["id"], text=r["text"], pub_date=parse_pub_date(r.get("date")), source=r.get("source"))
                for r in records]
        start = time.perf_counter()
        events = 0
        for doc in pipe.pipe(docs):
            events += len(doc.events)
            doc.spacy = None
        return {"kind": kind, "n": n, "seconds": time.perf_counter() - start, "startup_s": 0.0, "events": events,
                "peak_mb": {"main": _maxrss()}}
    workers = int(kind.split("-")[1])
    from eventmill.ingest import ReadOptions
    from eventmill.jobs import Report, ingest_paths
    from eventmill.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="eventmill-bench-"))
    src = tmp / "in.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    stamps: list[float] = []
    report = Report()
    report.on_document = lambda _d: stamps.append(time.perf_counter())
    with PeakSampler() as sampler, Store(tmp / "db.duckdb") as store:
        pipeline = None
        if workers == 1:
            from eventmill.pipeline import Pipeline

            pipeline = Pipeline()  # loaded before the clock starts, as the workers load theirs at start-up
        t0 = time.perf_counter()
        ingest_paths([str(src)], store, ReadOptions(), pipeline, report, commit_every=commit_every, workers=workers)
        total = time.perf_counter() - t0
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    # chunks are written whole: their documents' stamps come in bursts
    bursts: list[list[float]] = []
    for i, t in enumerate(stamps):
        if i == 0 or t - stamps[i - 1] > 1e-3:
            bursts.append([])
        bursts[-1].append(t)
    skip = min(workers, len(bursts) - 1)  # the first chunk(s) carry the workers' start-up
    after = sum(len(b) for b in bursts[skip:])
    steady = (bursts[-1][-1] - bursts[skip - 1][-1]) * len(stamps) / after if skip >= 1 and after else total
    main_pid = os.getpid()
    peaks = {"main": round(sampler.peaks.get(main_pid, 0.0), 1)}
    workers_seen = sorted(p for p in sampler.peaks if p != main_pid and sampler.names.get(p) == "worker")
    for i, pid in enumerate(workers_seen):
        peaks[f"worker{i + 1}"] = round(sampler.peaks[pid], 1)
    return {"kind": kind, "n": n, "seconds": steady, "total_s": total, "startup_s": total - steady,
            "chunks": len(bursts), "mentions": report.events, "events": events, "peak_mb": peaks}


def _maxrss() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_phase(kind: str, n: int, source: str, commit_every: int) -> dict:
    env = {**os.environ, **THREAD_ENV}
    out = subprocess.run([sys.executable, __file__, "--phase", kind, "--n", str(n), "--corpus", source,
                          "--commit-every", str(commit_every)],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        sys.exit(f"{kind} phase failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--corpus", choices=["guardian", "synthetic"], default="guardian")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--note", default="", help="recorded with the result, e.g. 'machine shared, under load'")
    ap.add_argument("--repeat", type=int, default=2, help="alternating repeats; the fastest is kept (default 2)")
    ap.add_argument("--commit-every", type=int, default=16, help="documents per chunk and transaction (default 16)")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.n, args.corpus, args.commit_every)))
        return
    load = os.getloadavg()[0]
    results: dict[str, dict] = {}
    for _ in range(args.repeat):  # phases alternate; the fastest of each is kept (the machines are noisy)
        for kind in ["spacy", "code", *(f"ingest-{w}" for w in args.workers)]:
            r = run_phase(kind, args.n, args.corpus, args.commit_every)
            rate = args.n / r["seconds"]
            print(f"  {kind:9s} {r['seconds']:7.1f} s  {rate:6.2f} articles/s  start-up {r['startup_s']:5.1f} s  "
                  f"peak MB {r['peak_mb']}", file=sys.stderr)
            if kind not in results or r["seconds"] < results[kind]["seconds"]:
                results[kind] = r
    rate = {k: args.n / r["seconds"] for k, r in results.items()}
    out: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "corpus": args.corpus,
        "articles": args.n,
        "repeat": args.repeat,
        "commit_every": args.commit_every,
        "cores": os.cpu_count(),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "note": args.note,
        "articles_per_s": {k: round(v, 2) for k, v in rate.items()},
        "ratio_code_to_spacy": round(results["code"]["seconds"] / results["spacy"]["seconds"], 3),
        "peak_mb": {k: r["peak_mb"] for k, r in results.items()},
        "events": results.get("ingest-1", {}).get("events"),
    }
    if "ingest-1" in rate:
        out["ingest1_vs_code"] = round(rate["ingest-1"] / rate["code"], 3)
    if "ingest-1" in rate and "ingest-2" in rate:
        out["speedup_2_over_1"] = round(rate["ingest-2"] / rate["ingest-1"], 3)
        out["ingest2_per_worker_vs_code"] = round(rate["ingest-2"] / 2 / rate["code"], 3)
    best = max(w for w in args.workers)
    per_machine_day = rate[f"ingest-{best}"] * 86_400
    out["articles_per_day_per_machine"] = round(per_machine_day)
    out["machines_for_300k_per_day"] = math.ceil(ARTICLES_PER_DAY / per_machine_day)
    print(json.dumps(out, indent=1))
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "ingest_scale.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
