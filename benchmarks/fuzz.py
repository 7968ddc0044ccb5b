"""The long fuzz run: ten thousand generated inputs (or more) through every reader and the
coder. A benchmark, not a test (``tests/fuzz/`` runs a short version in CI).

    python benchmarks/fuzz.py [--cases 10000] [--seed 1] [--batch 250] [--workdir DIR]

Inputs come from ``tests/fuzz/generate.py``: JSON Lines, CSV, TSV, HTML, RSS, Atom, WARC,
ARC, Parquet and plain text, good records mixed with bad ones, each stream format also
gzip- or zstd-compressed, twice compressed or cut short; one heavy input per thousand (a
5 MB article, 100,000 one-word lines as JSON Lines and as text) and 1 MB gzip bombs.

Each input is read in this process (every good record read, one error line per bad one,
no exception) and, in a forked child, read again to measure the reader's peak memory
growth. Then the inputs go, a folder of ``--batch`` at a time, through ``eventmill ingest``
as a user would run it: no traceback on stderr, the error lines the bad records call
for, and every good record stored and coded. Prints the totals and the worst time and
memory per MB of input; appends a JSON line to ``benchmarks/results/fuzz.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.fuzz.generate import DEFAULT_MAX_RECORD, Gen, cases, gzip_bomb  # noqa: E402
from tests.fuzz.harness import describe, run_case  # noqa: E402

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
FLOOR = 64 << 10  # per-MB figures are for inputs of at least this size (below it, start-up costs dominate)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    return 0


def reader_memory(path: Path, max_record: int) -> float:
    """Peak resident memory the reader adds while reading ``path`` (MB), in a forked child."""
    from eventmill.ingest import ReadOptions, iter_items

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reset the peak, read, report the growth
        os.close(read_end)
        grown = -1.0
        try:
            Path("/proc/self/clear_refs").write_text("5")
            before = _status("VmRSS")
            for _ in iter_items([str(path)], ReadOptions(max_record_bytes=max_record)):
                pass
            grown = (_status("VmHWM") - before) / 1024
        finally:
            os.write(write_end, str(grown).encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as f:
        value = float(f.read() or -1)
    os.waitpid(pid, 0)
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=250, help="inputs per `eventmill ingest` run")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()

    import eventmill

    work = Path(args.workdir or tempfile.mkdtemp(prefix="eventmill-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    gen = Gen(args.seed + 1)
    all_cases = cases(args.cases, seed=args.seed) + [gzip_bomb(1, c) for c in (b"\n", b"\0", b"Kenya ")]
    all_cases.append(gen.big_text())
    print(f"{len(all_cases)} inputs, {sum(len(c.data) for c in all_cases) / 1e6:.1f} MB, in {work}", file=sys.stderr)
    pipeline = eventmill.get_pipeline()

    reading = work / "read"
    reading.mkdir(exist_ok=True)
    crashes, failures = 0, []
    per_mb: list[tuple[float, float, str]] = []  # (read s/MB, reader MB/MB, case)
    slowest: tuple[float, str] = (0.0, "")
    bomb_mb: list[float] = []
    good_total = bad_total = 0
    for i, case in enumerate(all_cases):
        heavy = case.max_record != DEFAULT_MAX_RECORD
        out = run_case(case, reading, i, pipeline if heavy else None)  # the coder runs in `eventmill ingest` below
        good_total += len(case.good)
        bad_total += case.errors
        crashes += out.crash is not None
        if not out.ok:
            failures.append(describe(out))
        grown = reader_memory(out.path, case.max_record)
        size = len(case.data)
        if "bomb" in case.kind:
            bomb_mb.append(grown)
        if out.read_seconds > slowest[0]:
            slowest = (out.read_seconds, f"{case.kind} ({size:,} bytes)")
        if size >= FLOOR:
            per_mb.append((out.read_seconds / (size / 1e6), grown / (size / 1e6), f"{case.kind} ({size:,} bytes)"))
        out.path.unlink()
        if (i + 1) % 1000 == 0:
            print(f"  read {i + 1} inputs, {len(failures)} failures, {time.perf_counter() - start:.0f} s",
                  file=sys.stderr)

    # Through the command line, as a user runs it: no traceback, the error lines, every good record coded.
    cli_tracebacks = cli_lost = cli_count_off = 0
    cli_errors = 0
    batchable = [c for c in all_cases if c.max_record == DEFAULT_MAX_RECORD]
    for b in range(0, len(batchable), args.batch):
        chunk = batchable[b: b + args.batch]
        folder = work / f"batch-{b // args.batch:04d}"
        folder.mkdir(exist_ok=True)
        for j, case in enumerate(chunk):
            (folder / f"{j:04d}-{case.name}").write_bytes(case.data)
        db = folder.with_suffix(".duckdb")
        r = subprocess.run([EVENTMILL, "ingest", str(folder), "--db", str(db), "--max-record",
                            str(DEFAULT_MAX_RECORD)], capture_output=True, text=True)
        errors = [ln for ln in r.stderr.splitlines() if ln.startswith("eventmill: error:")]
        cli_errors += len(errors)
        low = sum(c.errors for c in chunk)
        high = low + sum(c.uncertain for c in chunk)
        cli_tracebacks += "Traceback" in r.stderr or r.returncode not in (0, 1)
        cli_count_off += not low <= len(errors) <= high
        con_out = subprocess.run(
            [EVENTMILL, "sql", "SELECT text FROM documents WHERE status = 'coded'", "--db", str(db), "--format",
             "jsonl"], capture_output=True, text=True)
        texts = con_out.stdout
        good = {m for c in chunk for m in c.good}
        cli_lost += sum(1 for m in good if f"Filed under {m}." not in texts)
        if "Traceback" in r.stderr:
            failures.append(f"{folder}: traceback\n{r.stderr[-2000:]}")
        elif not low <= len(errors) <= high:
            failures.append(f"{folder}: {len(errors)} error lines, expected {low}..{high}")
        shutil.rmtree(folder)
        db.unlink()
        print(f"  ingested {min(b + args.batch, len(batchable))} inputs, {cli_lost} good records lost, "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)

    worst_time = max(per_mb, default=(0.0, 0.0, ""))
    worst_mem = max(per_mb, key=lambda x: x[1], default=(0.0, 0.0, ""))
    summary = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "inputs": len(all_cases),
        "megabytes": round(sum(len(c.data) for c in all_cases) / 1e6, 1),
        "good_records": good_total,
        "bad_records": bad_total,
        "tracebacks": crashes + cli_tracebacks,
        "good_records_lost": cli_lost,
        "failures": len(failures),
        "error_lines_via_cli": cli_errors,
        "worst_read_seconds_per_mb": round(worst_time[0], 3),
        "worst_read_seconds_per_mb_case": worst_time[2],
        "slowest_read_seconds": round(slowest[0], 3),
        "slowest_read_case": slowest[1],
        "worst_reader_mb_per_mb": round(worst_mem[1], 2),
        "worst_reader_mb_per_mb_case": worst_mem[2],
        "gzip_bomb_reader_mb": [round(x, 1) for x in bomb_mb],
        "seconds": round(time.perf_counter() - start),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary, indent=1))
    for f in failures[:20]:
        print(f, file=sys.stderr)
    out = HERE / "results" / "fuzz.jsonl"
    out.parent.mkdir(exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps(summary) + "\n")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
