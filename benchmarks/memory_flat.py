"""Peak memory of ``eventmill ingest`` does not grow with the corpus.

    python benchmarks/memory_flat.py --corpus mixed --sizes 250 750 2500 --workers 1
    python benchmarks/memory_flat.py [--sizes 1000 5000] [--workers 1] [--sentences 6]

For each size, writes that many stories and runs ``eventmill ingest --workers N`` on them
into a new database, sampling the resident memory of the ingest and of each worker (psutil,
every 0.2 s). Prints the peaks and the ratio of the largest corpus's to the smallest's (the
target: within +-10%); appends a JSON line to benchmarks/results/memory_flat.jsonl.

Corpora:

- ``synthetic`` (default; needs no ``$EVENTMILL_SHARED``): the stories of
  benchmarks/synthetic_news.py, ``--sentences`` each. Their vocabulary is fixed, so they do
  not show what grows with every new word a process reads (spaCy's string store, caches);
- ``mixed``: real variety at every size: the 249 Guardian articles of
  ``corpora/guardian_sample.jsonl`` first (long, real news: the longest document is what
  sets a process's peak, so every size holds the same ones), then NGEC's synthetic stories
  (``corpora/ngec_synthetic_plover.jsonl``, 4,500 short stories written by a language model,
  every one with its own names and places), distinct texts up to 4,749 documents. What the
  larger sizes add is only more documents with new words: what grows with them shows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_news import stories  # noqa: E402

EVENTMILL = str(Path(sys.executable).parent / "eventmill")


def watch(proc: subprocess.Popen) -> tuple[dict[int, float], dict[int, float]]:
    """Until ``proc`` exits, every 0.2 s: the peak resident MB and the CPU seconds (user +
    system, the last sample) of it and of each of its children (multiprocessing's resource
    tracker left out), by process id."""
    main = psutil.Process(proc.pid)
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        try:
            procs = [main, *main.children(recursive=True)]
        except psutil.Error:
            break
        for p in procs:
            try:
                if "resource_tracker" in " ".join(p.cmdline()):
                    continue
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), p.memory_info().rss / 2**20)
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.Error:
                continue
        time.sleep(0.2)
    return peaks, cpu


def mixed(n: int) -> list[dict]:
    """The Guardian sample, then NGEC's synthetic stories (see the docstring)."""
    from throughput import load_texts, shared_dir

    path = shared_dir() / "corpora" / "ngec_synthetic_plover.jsonl"
    if not path.exists():
        sys.exit(f"benchmark corpus not found: {path} (set EVENTMILL_SHARED)")
    with open(path, encoding="utf-8") as f:
        ngec = [json.loads(line) for line in f if line.strip()]
    out = load_texts(min(n, 249))
    for r in ngec[: max(0, n - len(out))]:
        out.append({"id": r["id"], "text": r["text"], "title": r.get("title"), "source": r.get("source")})
    return out


def measure(n: int, workers: int, sentences: int, work: Path, corpus: str = "synthetic") -> dict:
    src = work / f"in-{n}.jsonl"
    records = mixed(n) if corpus == "mixed" else stories(n, sentences=sentences, seed=11)
    with open(src, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    db = work / f"db-{n}.duckdb"
    db.unlink(missing_ok=True)
    start = time.monotonic()
    proc = subprocess.Popen([EVENTMILL, "ingest", str(src), "--db", str(db), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks, _ = watch(proc)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.wait() != 0:
        sys.exit(f"ingest of {n} failed:\n{err[-2000:]}")
    out = {"documents": n, "seconds": round(time.monotonic() - start, 1), "main_mb": round(peaks.get(proc.pid, 0), 1)}
    workers_mb = [round(mb, 1) for pid, mb in sorted(peaks.items()) if pid != proc.pid]
    if workers_mb:
        out["workers_mb"] = workers_mb
    out["summary"] = err.strip().splitlines()[-1] if err.strip() else ""
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--sentences", type=int, default=6, help="synthetic: sentences per story")
    ap.add_argument("--corpus", choices=["synthetic", "mixed"], default="synthetic")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="eventmill-mem-"))
    runs = []
    for n in args.sizes:
        r = measure(n, args.workers, args.sentences, work, args.corpus)
        runs.append(r)
        print(f"  {n:6d} documents: {r['seconds']:7.1f} s, ingest peak {r['main_mb']} MB, "
              f"workers {r.get('workers_mb', '-')}", file=sys.stderr)

    def peak(r: dict) -> float:
        return max([r["main_mb"], *r.get("workers_mb", [])])

    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "workers": args.workers,
        "corpus": args.corpus,
        "sentences": args.sentences,
        "runs": runs,
        "peak_ratio_largest_to_smallest": round(peak(runs[-1]) / peak(runs[0]), 3),
        "main_ratio_largest_to_smallest": round(runs[-1]["main_mb"] / runs[0]["main_mb"], 3),
        "load": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=1))
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "memory_flat.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
