"""Sentence sets: PLOVER gold stories, ConfliBERT penta-class sentences, the PETRARCH suite.

Each scorer counts per story (one sentence, or a few for PLOVER) what its figures are built
from (docs/EVALUATION.md) and returns a :class:`~eventmill.eval.stats.Scored`; the figures
are the reference scorer's (``../shared/tools/score.py``), to the fourth decimal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np

from eventmill.eval import calibration
from eventmill.eval.common import (
    OLD_TO_NEW,
    confidence,
    event_penta,
    gold_party,
    group_by_story,
    party,
    sentence_event,
)
from eventmill.eval.stats import Figure, Scored, Sums, UnitTable, class_figures, f1_of, point, prf_figures, ratio

Triple = tuple[Any, str | None, str | None]


def _gold_triples(gold_event: dict[str, Any]) -> frozenset[Triple]:
    """Every (type, actor party, recipient party) a gold event accepts."""
    typ = OLD_TO_NEW.get(gold_event["type"], gold_event["type"])
    sources = [gold_party(a) for a in (gold_event.get("source") or [])] or [None]
    targets = [gold_party(a) for a in (gold_event.get("target") or [])] or [None]
    ok = {(typ, s, t) for s in sources for t in targets}
    if gold_event.get("reciprocal"):
        ok |= {(typ, s, t) for s in sources for t in sources if s != t}
        ok |= {(typ, t, s) for (_, s, t) in list(ok)}
    return frozenset(ok)


def _type_counts(gtypes: set[str], ptypes: set[str], counts: Counter[str]) -> None:
    for t in ptypes:
        counts[f"type|{t}|{'tp' if t in gtypes else 'fp'}"] += 1
    for t in gtypes - ptypes:
        counts[f"type|{t}|fn"] += 1
    counts["type_tp"] += len(ptypes & gtypes)
    counts["type_np"] += len(ptypes)
    counts["type_nr"] += len(gtypes)


def _party_counts(gevents: list[dict[str, Any]], preds: list[dict[str, Any]], counts: Counter[str]) -> None:
    """Actor and recipient accuracy among gold events whose type was predicted."""
    for e in gevents:
        typ = OLD_TO_NEW.get(e["type"], e["type"])
        cands = [p for p in preds if p.get("event") == typ]
        if not cands:
            continue
        sources = {gold_party(a) for a in (e.get("source") or [])}
        targets = {gold_party(a) for a in (e.get("target") or [])}
        if e.get("reciprocal"):
            targets |= sources
        if sources:
            counts["actor_n"] += 1
            counts["actor_ok"] += any(party(p.get("actor")) in sources for p in cands)
        if targets:
            counts["recip_n"] += 1
            counts["recip_ok"] += any(party(p.get("recipient")) in targets for p in cands)


def _confusion(gtypes: set[str], ptypes: set[str], confusion: dict[str, Counter[str]]) -> None:
    if len(gtypes) != 1:
        return
    [gt] = gtypes
    if not ptypes:
        confusion[gt]["(none)"] += 1
    elif gt in ptypes:
        confusion[gt][gt] += 1
    else:
        for t in ptypes:
            confusion[gt][t] += 1


def _plover_miss(g: dict[str, Any], preds: list[dict[str, Any]], ptrip: list[Triple],
                 missed: int, spurious: int) -> dict[str, Any]:
    return {
        "id": str(g["id"]),
        "text": g.get("text", ""),
        "gold": [{"type": OLD_TO_NEW.get(e["type"], e["type"]),
                  "source": [gold_party(a) for a in e.get("source") or []],
                  "target": [gold_party(a) for a in e.get("target") or []]} for e in g["events"]],
        "pred": [{"type": p[0], "actor": p[1], "recipient": p[2]} for p in ptrip],
        "missed": missed,
        "spurious": spurious,
        "max_conf": max((confidence(e) for e in preds), default=0.0),
    }


def _plover_story(g: dict[str, Any], preds: list[dict[str, Any]], confusion: dict[str, Counter[str]],
                  misses: list[dict[str, Any]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    gevents = g["events"]
    gtypes = {OLD_TO_NEW.get(e["type"], e["type"]) for e in gevents}
    ptypes = {str(e["event"]) for e in preds if e.get("event")}
    _type_counts(gtypes, ptypes, counts)
    _confusion(gtypes, ptypes, confusion)
    gtrip = [_gold_triples(e) for e in gevents]
    ptrip = [(e.get("event"), party(e.get("actor")), party(e.get("recipient"))) for e in preds]
    matched_pred = sum(1 for pt in ptrip if any(pt in gt for gt in gtrip))
    matched_gold = sum(1 for gt in gtrip if any(pt in gt for pt in ptrip))
    counts.update({"trip_tp_p": matched_pred, "trip_np": len(ptrip), "trip_tp_r": matched_gold,
                   "trip_nr": len(gtrip), "pred_events": len(preds)})
    if matched_gold < len(gtrip) or matched_pred < len(ptrip):
        misses.append(_plover_miss(g, preds, ptrip, len(gtrip) - matched_gold, len(ptrip) - matched_pred))
    _party_counts(gevents, preds, counts)
    right = {(t, s) for gt in gtrip for (t, s, _) in gt}
    counts.update(calibration.counts((confidence(e), (p[0], p[1]) in right) for e, p in zip(preds, ptrip)))
    return counts


def plover(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """Type F1, triple F1, actor (and recipient) accuracy, per-type table, confusion, misses."""
    by_story = group_by_story(pred)
    table = UnitTable("story")
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for g in gold:
        table.add(str(g["id"]), _plover_story(g, by_story.get(str(g["id"]), []), confusion, misses))
    figures = {
        **prf_figures("type_", "type_tp", "type_np", "type_tp", "type_nr"),
        **prf_figures("triple_", "trip_tp_p", "trip_np", "trip_tp_r", "trip_nr"),
        "actor_acc": Figure(lambda s: ratio(s["actor_ok"], s["actor_n"])),
        "recipient_acc": Figure(lambda s: ratio(s["recip_ok"], s["recip_n"])),
        **calibration.figures(),
    }
    totals = table.totals()
    types = sorted({c.split("|")[1] for c in table.columns() if c.startswith("type|")})
    for t in types:
        figures.update(class_figures(f"per_type.{t}", f"type|{t}"))
    values = point(table, figures)
    per_type = {t: {"tp": int(totals[f"type|{t}|tp"][0]), "fp": int(totals[f"type|{t}|fp"][0]),
                    "fn": int(totals[f"type|{t}|fn"][0]),
                    **{k: values[f"per_type.{t}.{k}"] for k in ("p", "r", "f1")}} for t in types}
    misses.sort(key=lambda m: (-(m["missed"] + m["spurious"]), -m["max_conf"], m["id"]))
    result = {
        "kind": "plover",
        "stories": len(gold),
        "pred_events": int(totals["pred_events"][0]),
        **{k: v for k, v in values.items() if "." not in k},
        "per_type": per_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
        "calibration": calibration.report("plover", totals, values),
        "worst_misses": misses[:20],
    }
    return Scored(result, table, figures)


def _actor_span_hits(g: dict[str, Any], preds: list[dict[str, Any]]) -> tuple[int, int]:
    """Gold source spans (that occur in the text) overlapped by a predicted actor's text."""
    text = (g.get("text") or "").lower()
    spans: list[tuple[int, int]] = []
    for ev in preds:
        a = ev.get("actor") or {}
        et = (a.get("entity_text") or "").lower()
        if a.get("start") is not None and a.get("end") is not None:
            spans.append((int(a["start"]), int(a["end"])))
        elif et and et in text:
            i = text.find(et)
            spans.append((i, i + len(et)))
    hit = n = 0
    for e in g.get("events") or []:
        for s in e.get("source") or []:
            s = str(s).lower()
            i = text.find(s)
            if not s or i < 0:
                continue
            n += 1
            hit += any(i < b and a < i + len(s) for a, b in spans)
    return hit, n


def _macro_f1(classes: list[int]) -> Figure:
    """Mean F1 over the classes a (resampled) set has gold sentences of."""

    def f(s: Sums) -> np.ndarray:
        total = present = np.zeros(s.matrix.shape[0])
        for c in classes:
            tp, fp, fn = s[f"class|{c}|tp"], s[f"class|{c}|fp"], s[f"class|{c}|fn"]
            total = total + np.nan_to_num(f1_of(ratio(tp, tp + fp), ratio(tp, tp + fn))) * (tp + fn > 0)
            present = present + (tp + fn > 0)
        return ratio(total, present)

    return Figure(f)


def penta(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """Penta-class accuracy and macro-F1 (sentence class = class of its most confident event, or 0
    with no event, as ``score.py penta`` reads it: :func:`~eventmill.eval.common.sentence_event`);
    beside it the accuracy when the main event is read before any background one (``salience``);
    actor-span overlap share."""
    by_story = group_by_story(pred)
    table = UnitTable("sentence")
    misses = []
    for g in gold:
        ev = g.get("events") or []
        if not ev or ev[0].get("type") in (None, ""):
            continue
        gold_cls = int(str(ev[0]["type"])[0])
        preds = by_story.get(str(g["id"]), [])
        chosen = sentence_event(preds)
        cls = event_penta(chosen) if chosen is not None else 0
        main = sentence_event(preds, main_first=True)
        main_cls = event_penta(main) if main is not None else 0
        hit, n = _actor_span_hits(g, preds)
        counts = Counter({"n": 1, "correct": int(cls == gold_cls), "main_correct": int(main_cls == gold_cls),
                          "span_hit": hit, "span_n": n,
                          f"gold|{gold_cls}": 1, f"pred|{cls}": 1})
        if cls == gold_cls:
            counts[f"class|{cls}|tp"] += 1
        else:
            counts[f"class|{cls}|fp"] += 1
            counts[f"class|{gold_cls}|fn"] += 1
            misses.append({"id": g["id"], "text": g.get("text", ""), "gold": gold_cls, "pred": cls,
                           "events": [(p.get("event"), p.get("cameo"), p.get("event_text")) for p in preds][:3]})
        table.add(str(g["id"]), counts)
    totals = table.totals()
    classes = sorted(c for c in range(5) if totals[f"gold|{c}"][0] > 0)
    figures = {
        "accuracy": Figure(lambda s: ratio(s["correct"], s["n"])),
        "main_first_accuracy": Figure(lambda s: ratio(s["main_correct"], s["n"])),
        "macro_f1": _macro_f1(classes),
        "actor_span_share": Figure(lambda s: ratio(s["span_hit"], s["span_n"])),
    }
    for c in classes:
        figures.update(class_figures(f"per_class.{c}", f"class|{c}"))
    values = point(table, figures)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for row in table.rows:
        g_cls = next(k for k in row if k.startswith("gold|")).split("|")[1]
        confusion[g_cls][next(k for k in row if k.startswith("pred|")).split("|")[1]] += 1
    result = {
        "kind": "penta",
        "n": len(table.rows),
        **{k: v for k, v in values.items() if "." not in k},
        "per_class": {str(c): {**{k: values[f"per_class.{c}.{k}"] for k in ("p", "r", "f1")},
                               "n": int(totals[f"gold|{c}"][0])} for c in classes},
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        "actor_spans": int(totals["span_n"][0]),
        "pred_dist": {c: int(totals[f"pred|{c}"][0]) for c in range(5) if totals[f"pred|{c}"][0]},
        "gold_dist": {c: int(totals[f"gold|{c}"][0]) for c in classes},
        "worst_misses": misses[:20],
    }
    return Scored(result, table, figures)


def petrarch(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """(source code, target code, CAMEO code) triples per record; flagged records expect none."""
    by_story = group_by_story(pred)
    table = UnitTable("record")
    misses = []
    for g in gold:
        flags = set(g.get("flags") or [])
        if "inactive" in flags:
            continue
        expected: set[tuple[Any, Any, Any]] = set()
        if not ({"no_event", "error", "discard"} & flags):
            expected = {(x.get("source"), x.get("target"), x.get("code")) for x in (g.get("expected_events") or [])}
        got = {((e.get("actor") or {}).get("code"), (e.get("recipient") or {}).get("code"), e.get("cameo"))
               for e in by_story.get(str(g["id"]), [])}
        table.add(str(g["id"]), {"tp": len(got & expected), "n_p": len(got), "n_r": len(expected),
                                 "exact": float(got == expected), "n": 1})
        if got != expected:
            misses.append({"id": g["id"], "text": g.get("text", ""), "expected": sorted(map(str, expected)),
                           "got": sorted(map(str, got))})
    figures = prf_figures("", "tp", "n_p", "tp", "n_r")
    totals = table.totals()
    result = {"kind": "petrarch", "records": len(table.rows), "exact": int(totals["exact"][0]),
              **point(table, figures), "worst_misses": misses[:20]}
    return Scored(result, table, figures)
