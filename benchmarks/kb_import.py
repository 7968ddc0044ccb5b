"""Knowledge-base benchmark: importing the Phoenix dictionaries, loading, looking names up.

    python benchmarks/kb_import.py [--throughput 100]

Reads the PETRARCH2 Phoenix dictionaries in ``$EVENTMILL_SHARED/dictionaries/petrarch2``
(default ``../shared``) and the Guardian sample for realistic lookups. Everything is written
to a temporary directory (the compiled store, the user KB); nothing touches your own files.
Each measurement that times a start or reports memory runs in a fresh process.

1. import: seconds and peak resident memory of ``eventmill kb import-petrarch`` over the four
   Phoenix files (Countries, International, MilNonState actors; agents);
2. load: the bundled knowledge base from the TSV tables, from the compiled store, and with the
   Phoenix layer over it (``load_layered_kb``);
3. lookups of imported actor phrases, the two designs: queried through the SQLite index on
   demand (cold, and with its memo warm) versus read into a dict at start (load time and
   memory for the dict, then a dict lookup);
4. with ``--throughput N``: the coder's speed on N Guardian articles without and with the
   Phoenix layer (the eventmill phase of benchmarks/throughput.py, fresh processes).

Appends a JSON line to ``benchmarks/results/kb_import.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHOENIX = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt",
           "Phoenix.agents.txt")


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTMILL_SHARED", HERE.parent.parent / "shared"))


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sub(*args: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        sys.exit(f"phase {args[:2]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- phases (fresh processes)


def phase_import(kb_file: str) -> dict:
    from eventmill.actors.importers import import_petrarch
    from eventmill.actors.kb_layers import load_kb

    load_kb()  # the compiled store exists before the clock starts (as after the first run)
    folder = shared_dir() / "dictionaries" / "petrarch2"
    files = {}
    start = time.perf_counter()
    for name in PHOENIX:
        r = import_petrarch(folder / name, Path(kb_file))
        files[name] = {"records": r.records, "names": r.names, "warnings": len(r.warnings),
                       "seconds": round(r.seconds, 3), **r.details}
    return {"seconds": round(time.perf_counter() - start, 3), "peak_rss_mb": round(_rss_mb(), 1), "files": files,
            "actors": sum(f.get("actors", 0) for f in files.values()),
            "kb_file_mb": round(Path(kb_file).stat().st_size / 1e6, 1)}


def phase_load(what: str, kb_file: str) -> dict:
    base = _rss_mb()
    start = time.perf_counter()
    from eventmill.actors import kb_layers, kb_tables

    if what == "tables":
        kb_tables.load_tables()
    elif what == "store":
        kb_layers.load_kb()
    else:
        kb_layers.load_layered_kb(Path(kb_file))
    return {"load": what, "seconds": round(time.perf_counter() - start, 4), "rss_growth_mb": round(_rss_mb() - base, 1)}


def _lookup_keys(n_docs: int = 60) -> list[str]:
    """Capitalised 1-3 word phrases of Guardian articles: what the resolver asks about."""
    from eventmill.actors.names import fold

    path = shared_dir() / "corpora" / "guardian_sample.jsonl"
    keys: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines()[:n_docs]:
        words = re.findall(r"[A-Z][\w'.-]+", json.loads(line)["text"])
        for i in range(len(words)):
            for n in (1, 2, 3):
                if i + n <= len(words):
                    keys.append(fold(" ".join(words[i:i + n])))
    return keys


def phase_lookup(design: str, kb_file: str) -> dict:
    """Per-lookup cost of one design over the same keys, and what it costs to get ready."""
    from eventmill.actors import store
    from eventmill.actors.kb_layers import load_layered_kb

    keys = _lookup_keys()
    kb = load_layered_kb(Path(kb_file))
    assert kb.actors is not None
    base = _rss_mb()
    t0 = time.perf_counter()
    if design == "dict":
        conn = store.connect(Path(kb_file), readonly=True)
        index: dict[str, list[store.ImportedActor]] = {}
        rows = conn.execute("SELECT n.key, a.source, a.kb_id, a.name, a.rules, a.line, n.phrase FROM actor_names n "
                            "JOIN actors a ON a.aid = n.aid ORDER BY a.aid").fetchall()
        for key, source, kb_id, name, rules, line, phrase in rows:
            index.setdefault(key, []).append(store.ImportedActor(
                source, kb_id, name, store.rules_from_json(json.loads(rules)), line, phrase))
        ready = time.perf_counter() - t0
        t1 = time.perf_counter()
        hits = sum(1 for k in keys if index.get(k))
        per = (time.perf_counter() - t1) / len(keys)
        return {"design": "dict", "ready_s": round(ready, 3), "memory_mb": round(_rss_mb() - base, 1),
                "lookups": len(keys), "hits": hits, "us_per_lookup": round(per * 1e6, 2)}
    index_ = kb.actors
    ready = time.perf_counter() - t0
    t1 = time.perf_counter()
    hits = sum(1 for k in keys if index_.lookup(k))
    cold = (time.perf_counter() - t1) / len(keys)
    t2 = time.perf_counter()
    for k in keys:
        index_.lookup(k)
    warm = (time.perf_counter() - t2) / len(keys)
    return {"design": "sqlite", "ready_s": round(ready, 4), "memory_mb": round(_rss_mb() - base, 1),
            "lookups": len(keys), "distinct": len(set(keys)), "hits": hits,
            "us_per_lookup_cold": round(cold * 1e6, 2), "us_per_lookup_warm": round(warm * 1e6, 2)}


def throughput(n: int, env: dict[str, str]) -> dict:
    """The eventmill phase of benchmarks/throughput.py (fresh process, one thread)."""
    out = subprocess.run([sys.executable, str(HERE / "throughput.py"), "--phase", "eventmill", "--n", str(n)],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        sys.exit(f"throughput phase failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--throughput", type=int, default=0, metavar="N",
                    help="also time the coder on N Guardian articles without and with the Phoenix layer")
    ap.add_argument("--repeat", type=int, default=2, help="throughput repeats (the fastest is kept)")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--what", help=argparse.SUPPRESS)
    ap.add_argument("--kb-file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        fn = {"import": lambda: phase_import(args.kb_file), "load": lambda: phase_load(args.what, args.kb_file),
              "lookup": lambda: phase_lookup(args.what, args.kb_file)}[args.phase]
        print(json.dumps(fn()))
        return
    folder = shared_dir() / "dictionaries" / "petrarch2"
    if not all((folder / n).exists() for n in PHOENIX):
        sys.exit(f"Phoenix dictionaries not found in {folder} (set EVENTMILL_SHARED)")
    with tempfile.TemporaryDirectory(prefix="eventmill-kb-bench-") as tmp:
        kb_file = str(Path(tmp) / "kb.sqlite")
        env = {**os.environ, "EVENTMILL_CACHE": str(Path(tmp) / "cache"), "OMP_NUM_THREADS": "1"}
        env.pop("EVENTMILL_KB", None)
        result: dict = {"time": time.strftime("%Y-%m-%dT%H:%M:%S")}
        result["import"] = imp = _sub("--phase", "import", "--kb-file", kb_file, env=env)
        print(f"import: {imp['actors']:,} actors from {len(PHOENIX)} files in {imp['seconds']:.2f} s, "
              f"peak memory {imp['peak_rss_mb']:.0f} MB, KB file {imp['kb_file_mb']} MB")
        for name, f in imp["files"].items():
            print(f"  {name}: {f['records']:,} records, {f['names']:,} names, {f['warnings']} warnings, "
                  f"{f['seconds']:.2f} s")
        result["load"] = {}
        for what in ("tables", "store", "layered"):
            r = min((_sub("--phase", "load", "--what", what, "--kb-file", kb_file, env=env) for _ in range(3)),
                    key=lambda r: r["seconds"])
            result["load"][what] = r
            label = {"tables": "bundled, from the TSV tables", "store": "bundled, from the compiled store",
                     "layered": "compiled store + Phoenix layer"}[what]
            print(f"load {label}: {r['seconds'] * 1000:.0f} ms (+{r['rss_growth_mb']:.0f} MB)")
        result["lookup"] = {}
        for design in ("sqlite", "dict"):
            r = _sub("--phase", "lookup", "--what", design, "--kb-file", kb_file, env=env)
            result["lookup"][design] = r
            if design == "sqlite":
                print(f"lookups, SQLite index on demand: ready in {r['ready_s'] * 1000:.1f} ms, "
                      f"{r['us_per_lookup_cold']:.1f} us cold / {r['us_per_lookup_warm']:.2f} us memoised "
                      f"({r['lookups']:,} lookups, {r['distinct']:,} distinct, {r['hits']:,} hits)")
            else:
                print(f"lookups, dict read at start: ready in {r['ready_s'] * 1000:.0f} ms, "
                      f"+{r['memory_mb']:.0f} MB, {r['us_per_lookup']:.2f} us per lookup")
        if args.throughput:
            configs = (("bundled", {}), ("phoenix", {"EVENTMILL_KB": kb_file}))
            runs: dict[str, list[dict]] = {label: [] for label, _ in configs}
            for _ in range(args.repeat):  # alternating, the fastest of each kept: the machines are noisy
                for label, kb_env in configs:
                    runs[label].append(throughput(args.throughput, {**env, **kb_env}))
            result["throughput"] = {}
            for label, _ in configs:
                best = min(runs[label], key=lambda r: r["seconds"])
                result["throughput"][label] = best
                print(f"coder, {label} KB: {best['n'] / best['seconds']:.2f} articles/s "
                      f"({best['sentences'] / best['seconds']:.0f} sentences/s), {best['events']} events, "
                      f"peak {best['peak_rss_mb']:.0f} MB")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    with open(results / "kb_import.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
