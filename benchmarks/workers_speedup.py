"""What a second worker buys, as a user sees it: ``eventmill ingest --workers 1`` against
``--workers 2`` on the same Guardian articles, wall time from the command's start to its end
(start-up, reading, coding, writing and merging included).

    python benchmarks/workers_speedup.py [--sizes 80 249] [--repeat 5]

For each size, the first N articles of ``$EVENTMILL_SHARED/corpora/guardian_sample.jsonl``
(distinct texts, so none is skipped as a duplicate) are ingested into a new database, the
two worker counts alternating ``--repeat`` times. Prints, per size, the median wall time of
each and the speed-up (median of one worker / median of two), with every run's time and the
peak resident memory and the CPU seconds of the ingest process and of each worker (psutil,
every 0.2 s; a forked worker shares the loaded model with the ingest process, so the sum of
the peaks counts the shared pages more than once). On a machine shared with other jobs the
wall-clock speed-up cannot show (two workers get no more than the cores left to them); the
CPU seconds still show how evenly the work was split and what a second process costs. Appends a JSON line to
benchmarks/results/workers_speedup.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memory_flat import watch  # noqa: E402
from throughput import THREAD_ENV, load_texts  # noqa: E402

EVENTMILL = str(Path(sys.executable).parent / "eventmill")


def run(src: Path, workers: int, work: Path) -> dict:
    db = work / f"w{workers}.duckdb"
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen([EVENTMILL, "ingest", str(src), "--db", str(db), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **THREAD_ENV})
    peaks, cpu = watch(proc)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.wait() != 0:
        sys.exit(f"ingest --workers {workers} failed:\n{err[-2000:]}")
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "ingest_mb": round(peaks.pop(proc.pid, 0.0), 1),
        "workers_mb": [round(mb, 1) for _, mb in sorted(peaks.items())],
        "ingest_cpu_s": round(cpu.pop(proc.pid, 0.0), 1),
        "workers_cpu_s": [round(s, 1) for _, s in sorted(cpu.items())],
        "summary": err.strip().splitlines()[-1] if err.strip() else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[80, 249])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="eventmill-workers-"))
    results = []
    for n in args.sizes:
        if n > 249:
            sys.exit("at most 249 articles (the sample's distinct texts)")
        src = work / f"guardian-{n}.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for rec in load_texts(n):
                f.write(json.dumps(rec) + "\n")
        runs: dict[int, list[dict]] = {1: [], 2: []}
        load_before = os.getloadavg()[0]
        for _ in range(args.repeat):
            for workers in (1, 2):
                r = run(src, workers, work)
                runs[workers].append(r)
                print(f"  {n} articles, --workers {workers}: {r['seconds']:6.2f} s, ingest peak {r['ingest_mb']} MB "
                      f"({r['ingest_cpu_s']} s CPU), workers {r['workers_mb'] or '-'} MB "
                      f"({r['workers_cpu_s'] or '-'} s CPU)", file=sys.stderr)
        one = statistics.median(r["seconds"] for r in runs[1])
        two = statistics.median(r["seconds"] for r in runs[2])
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "articles": n,
            "repeat": args.repeat,
            "median_1_worker_s": round(one, 2),
            "median_2_workers_s": round(two, 2),
            "speedup": round(one / two, 3),
            "runs": runs,
            "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
        results.append(result)
        print(f"{n} articles: --workers 1 median {one:.2f} s, --workers 2 median {two:.2f} s, "
              f"speed-up {one / two:.2f}x (medians of {args.repeat}; load average "
              f"{result['load_before']} -> {result['load_after']})")
        (HERE / "results").mkdir(exist_ok=True)
        with open(HERE / "results" / "workers_speedup.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
