"""Cost of the bootstrap intervals ``eventmill eval`` prints.

    python benchmarks/eval_bootstrap.py [--n 1558] [--resamples 1000]
    python benchmarks/eval_bootstrap.py --gold ../shared/gold/conflibert_cameo_train.jsonl --pred PRED.jsonl

Scores a penta-class set (synthetic sentences and predictions by default, or the files given),
then times, in the same run:

- the vectorised bootstrap (per-sentence counts, resampled as one matrix product per chunk)
  for every figure the report prints;
- the textbook bootstrap as the reference: drawing the sentences with replacement and running
  the scorer again on each resample (timed over ``--naive`` resamples, scaled to ``--resamples``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventmill.eval import load_jsonl  # noqa: E402
from eventmill.eval.sentences import penta  # noqa: E402
from eventmill.eval.stats import bootstrap  # noqa: E402


def synthetic(n: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """Sentences with a penta-class label and 0-2 predicted events each, right about 70% of the time."""
    rng = random.Random(seed)
    gold, pred = [], []
    for i in range(n):
        cls = rng.randint(0, 4)
        gold.append({"id": f"s{i}", "text": f"Actor {i} did something.", "events": [
            {"type": f"{cls}-class", "source": [f"Actor {i}"]}]})
        for _ in range(rng.choice([0, 1, 1, 2])):
            root = cls * 4 + 1 if rng.random() < 0.7 else rng.randint(1, 20)
            pred.append({"story_id": f"s{i}", "cameo": f"{root:02d}0", "confidence": rng.random(),
                         "actor": {"entity_text": f"Actor {i}"}, "aux": []})
    return gold, pred


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1558, help="synthetic sentences (without --gold)")
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--pred", type=Path)
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--naive", type=int, default=30, help="resamples of the textbook bootstrap actually run")
    args = ap.parse_args()
    gold, pred = (load_jsonl(args.gold), load_jsonl(args.pred)) if args.gold and args.pred else synthetic(args.n)

    start = time.perf_counter()
    scored = penta(gold, pred)
    scoring = time.perf_counter() - start
    start = time.perf_counter()
    ci = bootstrap(scored.table, scored.figures, args.resamples)
    fast = time.perf_counter() - start

    rng = random.Random(1)
    start = time.perf_counter()
    for _ in range(args.naive):
        # one resample: the sentences drawn with replacement (a repeated id scores twice), all re-scored
        penta(rng.choices(gold, k=len(gold)), pred)
    naive = (time.perf_counter() - start) / args.naive * args.resamples

    print(f"{len(scored.table.ids):,} sentences, {len(scored.figures)} figures, {args.resamples:,} resamples")
    print(f"scoring once                  {scoring * 1000:8.1f} ms")
    print(f"vectorised bootstrap          {fast * 1000:8.1f} ms")
    print(f"re-scoring bootstrap (ref.)   {naive * 1000:8.1f} ms  (from {args.naive} resamples)")
    print(f"ratio vectorised / reference  {fast / naive:8.4f}")
    print(f"accuracy {scored.result['accuracy']:.3f} {list(ci['accuracy'] or [])}")


if __name__ == "__main__":
    main()
