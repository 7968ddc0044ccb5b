"""Where `eventmill code` spends its time and memory: cProfile and tracemalloc on real articles.

    python benchmarks/profile_code.py [--n 60] [--top 25] [--batch-size N]

Codes ``--n`` Guardian articles (``$EVENTMILL_SHARED/corpora/guardian_sample.jsonl``, read as
``throughput.py`` reads them) with the whole coder, as ``eventmill code`` does, in two passes
in this process:

1. cProfile over start-up (model, knowledge base, gazetteer) and coding; prints the top
   entries by own time and by cumulative time, and the time of each coding stage;
2. tracemalloc (a second, fresh pipeline is not needed: the tables are cached) over coding
   alone; prints the source lines holding the most memory at the end and at the peak.

The timings are inflated by the profiler (roughly 2x); compare entries with each other,
not with ``throughput.py``'s figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from throughput import load_texts  # noqa: E402


def documents(n: int) -> list:
    from eventmill.ingest import parse_pub_date
    from eventmill.records import Document

    return [Document(id=r["id"], text=r["text"], pub_date=parse_pub_date(r.get("date")), source=r.get("source"))
            for r in load_texts(n)]


def code_all(pipe, docs: list) -> int:
    events = 0
    for doc in pipe.pipe(docs, keep_parse=False):  # as `eventmill code` runs it
        events += len(doc.events)
    return events


def stage_times(pipe, docs: list) -> dict[str, float]:
    """Seconds in spaCy and in each coding stage (wrapping the stages' calls)."""
    from eventmill import nlp as nlp_module

    spent: dict[str, float] = {}

    def timed(name, fn):
        def run(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return run

    pipe.stages = [timed(type(s).__name__, s) for s in pipe.stages]
    parse = nlp_module.parse

    def timed_parse(docs, nlp=None, batch_size=32):
        it = parse(docs, nlp, batch_size)
        while True:
            t = time.perf_counter()
            try:
                doc = next(it)
            except StopIteration:
                break
            finally:
                spent["spaCy (parse)"] = spent.get("spaCy (parse)", 0.0) + time.perf_counter() - t
            yield doc

    import eventmill.pipeline as pipeline_module

    pipeline_module.parse = timed_parse  # type: ignore[assignment]
    try:
        code_all(pipe, docs)
    finally:
        pipeline_module.parse = parse  # type: ignore[assignment]
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--batch-size", type=int, default=None, help="default: eventmill's own")
    args = ap.parse_args()

    prof = cProfile.Profile()
    prof.enable()
    from eventmill.pipeline import Pipeline

    if args.batch_size is None:
        from eventmill.nlp import BATCH_SIZE

        args.batch_size = BATCH_SIZE
    pipe = Pipeline(batch_size=args.batch_size)
    events = code_all(pipe, documents(args.n))
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(f"== cProfile: start-up and {args.n} articles ({events} events) ==")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip() and "Ordered by" not in line))

    print(f"\n== seconds per stage, {args.n} articles, no profiler ==")
    pipe = Pipeline(nlp=pipe.nlp, kb=pipe.kb, batch_size=args.batch_size)
    spent = stage_times(pipe, documents(args.n))
    total = sum(spent.values())
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {s:7.2f} s  {100 * s / total:5.1f}%")

    print(f"\n== tracemalloc: coding {args.n} articles (the tables already loaded) ==")
    pipe = Pipeline(nlp=pipe.nlp, kb=pipe.kb, batch_size=args.batch_size)
    tracemalloc.start(1)
    before = tracemalloc.take_snapshot()
    code_all(pipe, documents(args.n))
    current, peak = tracemalloc.get_traced_memory()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    print(f"  traced Python memory: {current / 2**20:.1f} MB held after coding, peak {peak / 2**20:.1f} MB")
    print("  held after coding, by line (growth over the run):")
    for stat in after.compare_to(before, "lineno")[: args.top]:
        print(f"    {stat}")


if __name__ == "__main__":
    main()
