"""Does a trained event-type classifier pay, alone or beside the rules? (issue 5)

    python training/experiments.py [--labels lead|lead+rules|all|story] [--none ...]

Trains the linear model (training/linear.py) on sentences of the NGEC synthetic stories
(the only licensed training data), then scores on the dev sets, simulated from the
cached rule predictions (training/common.py):

- the model alone: PLOVER type accuracy on the 164 PLOVER gold sentences; penta-class
  accuracy / macro-F1 on the ConfliBERT sentences (PLOVER type -> class as eval/metrics.py
  does; below the threshold the model abstains -> class 0);
- rules + model as a fallback on sentences the rules leave uncoded (threshold chosen by
  5-fold cross-validation on the dev set it is scored on, so the figure is out-of-fold);
- rules re-ranked by the model (the sentence's class is its most probable rule type).

The simulation ignores the argument checks a real fallback event must pass (an actor,
a recipient where PLOVER needs one); the integrated figures come from ``eventmill eval``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from train_event_classifier import NONE, Model, mil_model, training_rows

from eventmill.eval.metrics import PLOVER_QUAD_CLASS, event_penta

TYPES = sorted(PLOVER_QUAD_CLASS)


def rule_types(rec: dict[str, Any]) -> list[tuple[str, float, int]]:
    """Non-negated rule events of a record: (type, confidence, penta class as eval/metrics.py reads it)."""
    return [(e[0], e[2], event_penta({"event": e[0], "cameo": e[1]})) for s in rec["sents"] for e in s["rules"]
            if not e[3]]


def penta_of(t: str | None) -> int:
    return 0 if t is None or t == NONE else PLOVER_QUAD_CLASS[t]


def penta_scores(gold: list[int], pred: list[int]) -> tuple[float, float]:
    acc = float(np.mean([a == b for a, b in zip(gold, pred)]))
    f1s = []
    for c in sorted(set(gold)):
        tp = sum(1 for a, b in zip(gold, pred) if a == c and b == c)
        fp = sum(1 for a, b in zip(gold, pred) if a != c and b == c)
        fn = sum(1 for a, b in zip(gold, pred) if a == c and b != c)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return round(acc, 4), round(float(np.mean(f1s)), 4)


def type_prf(gold: list[str], pred: list[set[str]]) -> tuple[float, float, float]:
    tp = sum(1 for g, p in zip(gold, pred) if g in p)
    n_p = sum(len(p) for p in pred)
    prec = tp / n_p if n_p else 0.0
    rec = tp / len(gold)
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return round(prec, 4), round(rec, 4), round(f, 4)


def folds(n: int, k: int = 5) -> list[np.ndarray]:
    idx = np.arange(n)
    return [idx[i::k] for i in range(k)]


def cv_threshold(score_fn, n: int, grid: list[float]) -> tuple[float, list[float]]:
    """Out-of-fold evaluation of a threshold picked on the other folds; returns the mean
    held-out figure and the thresholds chosen."""
    chosen = []
    held = []
    for f in folds(n):
        train = np.setdiff1d(np.arange(n), f)
        best = max(grid, key=lambda t: (score_fn(train, t), -t))
        chosen.append(best)
        held.append(score_fn(f, best))
    return round(float(np.mean(held)), 4), chosen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", default="lead+rules", choices=["lead", "lead+rules", "all", "story", "mil"])
    ap.add_argument("--none", default="no", choices=["no", "uncoded", "mil"])
    ap.add_argument("--l2", type=float, default=1e-5)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--feats", default="u,d,r,a", help="feature families to use (prefixes)")
    ap.add_argument("--quiet", action="store_true", help="only the model-alone figures")
    args = ap.parse_args()
    keep = tuple(f"{x}:" for x in args.feats.split(","))

    stories = common.parsed("synthetic")
    plover = common.parsed("plover")
    penta = common.parsed("penta")
    for rec in (*stories, *plover, *penta):
        for s in rec["sents"]:
            s["f"] = [f for f in s["f"] if f.startswith(keep)]
    if args.labels == "mil":
        m = mil_model(stories, with_none=args.none == "mil", l2=args.l2, min_count=args.min_count, epochs=args.epochs)
    else:
        rows, ys = training_rows(stories, args.labels, args.none)
        print(f"training: {len(rows)} rows {dict(Counter(ys))}")
        m = Model(rows, ys, args.l2, args.min_count, args.epochs)
    print(f"vocabulary {len(m.vocab)} features")

    # ---- the model alone
    pv = m.best(m.proba(plover))
    gold_t = [r["type"] for r in plover]
    acc = np.mean([t == g for (t, _), g in zip(pv, gold_t)])
    print(f"PLOVER  model alone: type accuracy {acc:.4f}")
    P5 = m.proba(penta)
    pb = m.best(P5)
    gold_c = [r["type"] for r in penta]
    rules_only = [max(rule_types(r), key=lambda x: x[1])[2] if rule_types(r) else 0 for r in penta]
    print(f"penta   rules alone (simulated from cache): acc/macro-F1 {penta_scores(gold_c, rules_only)}")
    for th in (0.0, 0.3, 0.5, 0.7):
        pred = [penta_of(t) if p >= th else 0 for t, p in pb]
        print(f"penta   model alone, abstain below {th}: acc/macro-F1 {penta_scores(gold_c, pred)}")
    if args.quiet:
        return

    # ---- fallback: the model codes what the rules leave uncoded
    rules_types = [{t for t, _, _ in rule_types(r)} for r in plover]
    print(f"PLOVER  rules alone (cache): type P/R/F1 {type_prf(gold_t, rules_types)}")
    grid = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]

    def plover_fb(idx: np.ndarray, th: float) -> float:
        pred = [rules_types[i] or ({pv[i][0]} if pv[i][1] >= th else set()) for i in idx]
        return type_prf([gold_t[i] for i in idx], pred)[2]

    for th in grid:
        typesets = [rt or ({t} if p >= th else set()) for rt, (t, p) in zip(rules_types, pv)]
        print(f"PLOVER  rules + fallback >= {th}: type P/R/F1 {type_prf(gold_t, typesets)}")
    print(f"PLOVER  rules + fallback, threshold by 5-fold CV: F1 {cv_threshold(plover_fb, len(plover), grid)}")

    def penta_fb(idx: np.ndarray, th: float) -> float:
        pred = [rules_only[i] if rule_types(penta[i]) else (penta_of(pb[i][0]) if pb[i][1] >= th else 0) for i in idx]
        return penta_scores([gold_c[i] for i in idx], pred)[0]

    for th in grid:
        pred = [rules_only[i] if rule_types(penta[i]) else (penta_of(pb[i][0]) if pb[i][1] >= th else 0)
                for i in range(len(penta))]
        print(f"penta   rules + fallback >= {th}: acc/macro-F1 {penta_scores(gold_c, pred)}")
    print(f"penta   rules + fallback, threshold by 5-fold CV: acc {cv_threshold(penta_fb, len(penta), grid)}")

    # ---- re-ranking the rules' types by the model
    pred_rr = []
    for r, p in zip(penta, P5):
        rt = rule_types(r)
        if not rt:
            pred_rr.append(0)
            continue
        best = max(rt, key=lambda x: x[1] * (0.5 + p[m.classes.index(x[0])]) if x[0] in m.classes else x[1])
        pred_rr.append(best[2])
    print(f"penta   rules re-ranked by the model: acc/macro-F1 {penta_scores(gold_c, pred_rr)}")

    confidence_section(m, plover, penta)


W_GRID = [0.0, 0.25, 0.5, 0.75, 1.0]


def blend(conf: float, p: float, w: float) -> float:
    """The rule's confidence and the model's probability of the rule's type, geometrically weighted."""
    return conf ** (1 - w) * max(p, 1e-6) ** w


def auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a correct event outranks a wrong one (ties count half)."""
    if not pos or not neg:
        return float("nan")
    a = np.asarray(pos)[:, None]
    b = np.asarray(neg)[None, :]
    return float(np.mean((a > b) + 0.5 * (a == b)))


def confidence_section(m: Model, plover: list[dict[str, Any]], penta: list[dict[str, Any]]) -> None:
    """The model's probability of a rule event's type as a confidence feature: does it rank
    correct events above wrong ones better than the rules' own confidence?"""
    for name, recs in (("PLOVER", plover), ("penta", penta)):
        P = m.proba(recs)
        events = []  # (record index, correct?, rule confidence, model probability, type, penta class)
        for i, (r, p) in enumerate(zip(recs, P)):
            for t, c, cls in rule_types(r):
                ok = t == r["type"] if name == "PLOVER" else cls == r["type"]
                events.append((i, ok, c, float(p[m.classes.index(t)]) if t in m.classes else 0.0, t, cls))

        def score(idx: np.ndarray, w: float, events: list[tuple] = events) -> float:
            keep = set(idx.tolist())
            ev = [e for e in events if e[0] in keep]
            return auc([blend(e[2], e[3], w) for e in ev if e[1]], [blend(e[2], e[3], w) for e in ev if not e[1]])

        every = np.arange(len(recs))
        aucs = {w: round(score(every, w), 4) for w in W_GRID}
        print(f"{name:7} confidence AUC (correct vs wrong rule events, {len(events)} events) by model weight: {aucs}")
        rules_auc = round(float(np.mean([score(f, 0.0) for f in folds(len(recs))])), 4)
        print(f"{name:7} confidence AUC, weight by 5-fold CV: rules {rules_auc}"
              f" vs blended {cv_threshold(score, len(recs), W_GRID)}")
        for w in (0.0, 0.5):
            line = []
            for th in (0.3, 0.4, 0.5, 0.6, 0.7):
                kept = [e for e in events if blend(e[2], e[3], w) >= th]
                if name == "PLOVER":
                    kept_types: list[set[str]] = [set() for _ in recs]
                    for e in kept:
                        kept_types[e[0]].add(e[4])
                    line.append(f"{th}: P/R {type_prf([r['type'] for r in recs], kept_types)[:2]}")
                else:
                    best: dict[int, tuple[float, int]] = {}
                    for e in kept:
                        b = blend(e[2], e[3], w)
                        if e[0] not in best or b > best[e[0]][0]:
                            best[e[0]] = (b, e[5])
                    n_cov = len(best)
                    sel = sum(1 for i, (_, c) in best.items() if c == recs[i]["type"]) / n_cov if n_cov else 0.0
                    line.append(f"{th}: coded {n_cov} acc-on-coded {sel:.3f}")
            print(f"{name:7} min-confidence curve, weight {w}: " + "; ".join(line))
        if name == "penta":
            for w in W_GRID[1:]:
                classes: list[int] = []
                for i in range(len(recs)):
                    ev = [e for e in events if e[0] == i]
                    classes.append(max(ev, key=lambda e: blend(e[2], e[3], w))[5] if ev else 0)
                print(f"penta   sentence class from the blended confidence, weight {w}: acc/macro-F1 "
                      f"{penta_scores([r['type'] for r in recs], classes)}")


if __name__ == "__main__":
    main()
