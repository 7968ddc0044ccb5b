"""Where `eventmill code` spends its time and memory: cProfile and tracemalloc on real articles.

    python benchmarks/profile_code.py [--n 60] [--top 25] [--batch-size N] [--stages-only]

Codes ``--n`` Guardian articles (``$EVENTMILL_SHARED/corpora/guardian_sample.jsonl``, read as
``throughput.py`` reads them) with the whole coder, as ``eventmill code`` does, in two passes
in this process:

1. cProfile over start-up (model, knowledge base, gazetteer) and coding; prints the top
   entries by own time and by cumulative time, and the time of each coding stage;
2. tracemalloc (a second, fresh pipeline is not needed: the tables are cached) over coding
   alone; prints the source lines holding the most memory at the end and at the peak.

The timings are inflated by the profiler (roughly 2x); compare entries with each other,
not with ``throughput.py``'s figures.

``--stages-only`` parses the articles first and profiles the coding stages alone (their
call counts do not depend on the machine's load), then times spaCy and each stage again
without the profiler in one pass, so that the stages' share of spaCy's time is measured in
the same minutes: the figure to compare before and after a change to the stages.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
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


def print_profile(prof: cProfile.Profile, top: int, what: str) -> None:
    """The top entries by own time, then by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(f"== cProfile: {what} ==")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip() and "Ordered by" not in line))


def stages_only(args: argparse.Namespace) -> None:
    """cProfile over the coding stages of already parsed articles, then the stages' seconds
    against spaCy's (``time.process_time``: CPU seconds, less disturbed by other jobs)."""
    from eventmill.nlp import BATCH_SIZE, parse
    from eventmill.pipeline import Pipeline

    if args.batch_size is None:
        args.batch_size = BATCH_SIZE
    pipe = Pipeline(batch_size=args.batch_size)
    pipe.warm()  # (the small-town index, read at the first name no city has)
    docs = [pipe.prepare(d) for d in documents(args.n)]
    list(parse(docs, pipe.nlp, args.batch_size))
    gc.freeze()  # (as `eventmill code` does after its first batch: the collector skips the tables)
    prof = cProfile.Profile()
    prof.enable()
    for doc in docs:
        pipe.code_parsed(doc)
    prof.disable()
    if args.save:
        prof.dump_stats(args.save)
    print_profile(prof, args.top, f"the coding stages alone, {args.n} parsed articles")
    spent: dict[str, float] = {}
    for _ in range(args.repeat):
        docs = [pipe.prepare(d) for d in documents(args.n)]
        t = time.process_time()
        list(parse(docs, pipe.nlp, args.batch_size))
        spent["spaCy (parse)"] = spent.get("spaCy (parse)", 0.0) + time.process_time() - t
        for doc in docs:
            for stage in pipe.stages:
                t = time.process_time()
                stage(doc)
                name = type(stage).__name__
                spent[name] = spent.get(name, 0.0) + time.process_time() - t
    spacy = spent.pop("spaCy (parse)")
    print(f"\n== CPU seconds, {args.n} articles x {args.repeat}, no profiler ==")
    print(f"  {'spaCy (parse)':24s} {spacy:7.2f} s")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {s:7.2f} s  {s / spacy:6.3f} of spaCy")
    print(f"  {'stages / spaCy':24s} {sum(spent.values()) / spacy:15.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--batch-size", type=int, default=None, help="default: eventmill's own")
    ap.add_argument("--stages-only", action="store_true",
                    help="profile the coding stages of parsed articles, then their CPU share of spaCy's")
    ap.add_argument("--repeat", type=int, default=2, help="passes of the unprofiled timing (--stages-only)")
    ap.add_argument("--save", help="write the stages' profile here (pstats format; --stages-only)")
    args = ap.parse_args()

    if args.stages_only:
        stages_only(args)
        return
    prof = cProfile.Profile()
    prof.enable()
    from eventmill.pipeline import Pipeline

    if args.batch_size is None:
        from eventmill.nlp import BATCH_SIZE

        args.batch_size = BATCH_SIZE
    pipe = Pipeline(batch_size=args.batch_size)
    events = code_all(pipe, documents(args.n))
    prof.disable()
    print_profile(prof, args.top, f"start-up and {args.n} articles ({events} events)")

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
