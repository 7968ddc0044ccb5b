"""Gazetteer cost: load time and memory, and the place stage's time per article.

    python benchmarks/gazetteer.py [--n 100]

Prints, in one fresh process:

- the gazetteer's build time (wall clock and CPU) and the resident memory it adds (RSS
  before and after, in MB), with the size of its indexes;
- the place stage alone (recognition and resolution, on parses made beforehand) over ``--n``
  Guardian articles from ``../shared/corpora/guardian_sample.jsonl`` (skipped without it),
  beside the spaCy parse of the same articles: what places add to a run.

The gazetteer is built once per process (``load_gazetteer`` is cached); the coder's
throughput benchmark (``benchmarks/throughput.py``) builds it before timing starts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """Resident memory now (from /proc; the peak where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shared_dir() -> Path:
    return Path(os.environ.get("EVENTMILL_SHARED", ROOT.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100, help="Guardian articles for the per-article figures (default 100)")
    args = ap.parse_args()

    from eventmill.actors.kb_layers import load_kb

    load_kb()  # the knowledge base is the actor stage's; not counted here
    before = rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    from eventmill.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = rss_mb()
    result: dict[str, object] = {
        "load_wall_s": round(wall, 2),
        "load_cpu_s": round(cpu, 2),
        "rss_before_mb": round(before),
        "rss_after_mb": round(after),
        "rss_added_mb": round(after - before),
        "names": len(gaz.names),
        "alternate_names": len(gaz.alt_names),
        "regions": len(gaz.regions),
    }
    print(f"gazetteer: built in {wall:.2f} s ({cpu:.2f} s CPU), +{after - before:.0f} MB resident "
          f"({before:.0f} -> {after:.0f} MB); {len(gaz.names)} names, {len(gaz.alt_names)} alternate names, "
          f"{len(gaz.regions)} first-level regions", file=sys.stderr)

    corpus = shared_dir() / "corpora" / "guardian_sample.jsonl"
    if corpus.exists():
        from eventmill.actors import ActorStage
        from eventmill.nlp import load_model, parse
        from eventmill.pipeline import Pipeline
        from eventmill.place import PlaceStage
        from eventmill.records import Document

        records = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
        records = (records * (args.n // max(len(records), 1) + 1))[: args.n]
        docs = [Pipeline.prepare(Document(id=str(i), text=r["text"], url=r.get("url"))) for i, r in enumerate(records)]
        nlp = load_model()
        start = time.perf_counter()
        docs = list(parse(docs, nlp))
        parse_s = time.perf_counter() - start
        actors, places = ActorStage(), PlaceStage(gaz)
        for doc in docs:
            actors(doc)
        start = time.perf_counter()
        found = 0
        for doc in docs:
            places(doc)
            found += len(doc.places)
        place_s = time.perf_counter() - start
        result.update({"articles": len(docs), "parse_s": round(parse_s, 2), "place_s": round(place_s, 2),
                       "place_share_of_parse": round(place_s / parse_s, 3), "places": found})
        print(f"place stage: {place_s:.2f} s for {len(docs)} articles ({found} places), "
              f"{100 * place_s / parse_s:.1f}% of the spaCy parse ({parse_s:.2f} s)", file=sys.stderr)
    else:
        print(f"{corpus} not found: per-article figures skipped", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
