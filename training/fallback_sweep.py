"""The fallback as it would run in the pipeline (argument checks included), scored with
eventmill's own metrics on the dev sets, for several probability thresholds.

    python training/train_event_classifier.py      # once: writes training/.cache/event_type.tsv
    python training/fallback_sweep.py [--thresholds 0.5,0.6,0.7] [--no-defer] [--model PATH]

The fallback is attached from the outside: ``SentenceCoder.code`` is wrapped so that a
sentence it finds no candidate in gets the model's (``event_model.Fallback``); everything
after that (argument checks, records, dates, places) is the events stage as it is. Each
setting re-codes both sets (under a minute on a laptop core); the first row is the rules
alone, i.e. exactly what ``eventmill eval`` reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from event_model import MODEL_FILE, Fallback, load_type_model

from eventmill.eval.metrics import score_penta, score_plover
from eventmill.events.coder import SentenceCoder
from eventmill.pipeline import Pipeline
from eventmill.records import Document

_RULES_CODE = SentenceCoder.code
_ACTIVE: list[Fallback] = []


def _code_with_fallback(self: SentenceCoder, sent: Any) -> list[Any]:
    cands = _RULES_CODE(self, sent)
    if not cands and _ACTIVE:
        cands = _ACTIVE[0].candidates(sent, self)
    return cands


def predict(pipe: Pipeline, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    docs = (Document(id=str(g["id"]), text=g["text"]) for g in gold)
    return [ev.to_dict() for doc in pipe.pipe(docs) for ev in doc.events]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--thresholds", default="0.5,0.6,0.7")
    ap.add_argument("--model", type=Path, default=MODEL_FILE)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-defer", action="store_true",
                    help="let the model code a verb the lexicon has a fitting rule for (the rules dropped it)")
    args = ap.parse_args()
    plover = list(common.read_jsonl(common.shared_file("gold/plover_gsr_dev.jsonl")))[: args.limit]
    penta = list(common.read_jsonl(common.shared_file("gold/conflibert_cameo_train.jsonl")))[: args.limit]
    model = load_type_model(args.model)
    pipe = Pipeline()
    SentenceCoder.code = _code_with_fallback  # type: ignore[method-assign]
    settings: list[tuple[str, Fallback | None]] = [("rules alone", None)]
    settings += [(f"rules + fallback >= {t}", Fallback(model, float(t), defer_to_rules=not args.no_defer))
                 for t in args.thresholds.split(",")]
    for label, fb in settings:
        _ACTIVE[:] = [fb] if fb is not None else []
        start = time.perf_counter()
        pv = predict(pipe, plover)
        pn = predict(pipe, penta)
        took = time.perf_counter() - start
        a = score_plover(plover, pv)
        b = score_penta(penta, pn)
        print(f"{label:26} PLOVER type P/R/F1 {a['type_p']:.3f}/{a['type_r']:.3f}/{a['type_f1']:.3f} "
              f"triple F1 {a['triple_f1']:.3f} events {a['pred_events']:4} | "
              f"penta acc {b['accuracy']:.3f} macro-F1 {b['macro_f1']:.3f} events {len(pn)} | {took:.0f} s", flush=True)


if __name__ == "__main__":
    main()
