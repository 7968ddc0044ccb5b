"""Kill ``eventmill ingest`` at random moments, rerun it each time, and check the final
store equals an uninterrupted run's.

    python benchmarks/kill_resume.py [--n 2000] [--kills 20] [--workers 2] [--seed 1]

Writes ``--n`` short synthetic stories (benchmarks/synthetic_news.py), ingests them once
without interruption (``--workers 1``) as the reference, then runs the same command
(``--workers N``) again and again, each time sending it SIGKILL (most often), SIGTERM or
SIGINT (as Ctrl-C would) after a random delay, a quarter of them at any moment (start-up
included) and the rest while it codes and commits, until ``--kills`` signals have landed
on a running ingest;
a last run finishes the corpus. Every table's content (documents, sentences, entities,
event mentions, events with their counts, commitments) is then compared with the
reference's (eventmill.scale.compare). Prints the kills, what each run had stored, and
the verdict; appends a JSON line to benchmarks/results/kill_resume.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from eventmill.scale.compare import differences  # noqa: E402
from synthetic_news import stories  # noqa: E402

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
SIGNALS = [signal.SIGKILL] * 6 + [signal.SIGTERM, signal.SIGINT]


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _as_in_a_terminal() -> None:
    """Ctrl-C reaches a command run in a terminal; a background job (as this script may be)
    would pass SIGINT on ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wal_grows(db: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until the ingest has committed documents (its write-ahead log has grown)."""
    wal = Path(str(db) + ".wal")
    first = wal.stat().st_size if wal.exists() else 0
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        size = wal.stat().st_size if wal.exists() else 0
        if size > first + 4096:
            return
        time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--commit-every", type=int, default=16)
    ap.add_argument("--max-delay", type=float, default=12.0, help="longest wait before an any-moment kill, seconds")
    ap.add_argument("--coding-delay", type=float, default=2.0,
                    help="longest wait after the first commit of a run before its kill, seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", help="work folder (default: a new temporary one)")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    work = Path(args.dir or tempfile.mkdtemp(prefix="eventmill-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "short.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for rec in stories(args.n, sentences=2, seed=args.seed):
            f.write(json.dumps(rec) + "\n")
    ref, db = work / "reference.duckdb", work / "killed.duckdb"
    for p in (ref, db):
        for q in (p, Path(str(p) + ".wal")):
            q.unlink(missing_ok=True)

    base = [EVENTMILL, "ingest", str(src), "--commit-every", str(args.commit_every)]
    env = {**os.environ}
    t = time.monotonic()
    done = subprocess.run([*base, "--db", str(ref), "--workers", "1"], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"reference run failed:\n{done.stderr[-2000:]}")
    ref_s = time.monotonic() - t
    print(f"reference: {stored(ref)} documents in {ref_s:.0f} s", file=sys.stderr)

    kills: list[dict] = []
    runs = 0
    t = time.monotonic()
    while len(kills) < args.kills:
        runs += 1
        proc = subprocess.Popen([*base, "--db", str(db), "--workers", str(args.workers)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                preexec_fn=_as_in_a_terminal)
        started = time.monotonic()
        if rnd.random() < 0.25:  # any moment: loading, reading, skipping what is stored
            delay = rnd.uniform(0.2, args.max_delay)
        else:  # while coding and committing: once the write-ahead log grows, a little later
            _wal_grows(db, proc)
            delay = time.monotonic() - started + rnd.uniform(0.0, args.coding_delay)
        try:
            proc.wait(max(0.0, delay - (time.monotonic() - started)))
            print(f"run {runs}: finished before its kill ({delay:.1f} s)", file=sys.stderr)
            if stored(db) >= stored(ref):
                break  # nothing left to interrupt
            continue
        except subprocess.TimeoutExpired:
            pass
        sig = rnd.choice(SIGNALS)
        proc.send_signal(sig)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        n = stored(db)
        kills.append({"after_s": round(delay, 2), "signal": sig.name, "exit": proc.returncode, "stored": n})
        print(f"kill {len(kills):2d}: {sig.name:7s} after {delay:5.1f} s -> exit {proc.returncode}, "
              f"{n} documents stored", file=sys.stderr)
    final = subprocess.run([*base, "--db", str(db), "--workers", str(args.workers)], capture_output=True, text=True)
    if final.returncode != 0:
        sys.exit(f"final run failed:\n{final.stderr[-2000:]}")
    killed_s = time.monotonic() - t
    a, b = duckdb.connect(str(ref), read_only=True), duckdb.connect(str(db), read_only=True)
    diff = differences(a, b)
    counts = {
        name: con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM event_mentions), "
                          "(SELECT count(*) FROM events)").fetchone()
        for name, con in (("reference", a), ("killed", b))
    }
    runs_table = b.execute("SELECT count(*), count(finished_at) FROM runs").fetchone()
    a.close()
    b.close()
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "documents": args.n,
        "kills": len(kills),
        "signals": {s: sum(k["signal"] == s for k in kills) for s in ("SIGKILL", "SIGTERM", "SIGINT")},
        "workers": args.workers,
        "runs": list(runs_table or ()),
        "reference_s": round(ref_s, 1),
        "interrupted_total_s": round(killed_s, 1),
        "counts": counts,
        "equal": not diff,
        "differences": diff,
        "load": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=1))
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "kill_resume.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({**result, "kill_log": kills}) + "\n")
    if diff:
        sys.exit(1)


if __name__ == "__main__":
    main()
