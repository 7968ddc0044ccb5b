"""Metrics of docs/EVALUATION.md, computed from gold records and predicted events.

Each scorer takes the gold records (as read from the annotated set) and the predictions
(events in the output contract, or ``annotate`` records for time and place) and returns a
dict of figures. They follow the reference scorer's definitions exactly; a test checks
that both give the same numbers on the same files.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

# PLOVER 0.5 names in the gold set -> PLOVER 1.0 names.
OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Old or non-ISO country codes found in gold annotations.
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "GER": "DEU", "UK": "GBR", "UKG": "GBR"}
# Actor classes that are parties in their own right (not a country).
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "UAF"})
_SECTORS_NOT_COUNTRIES = frozenset({"GOV", "MIL", "COP", "REB", "CVL", "OPP", "BUS", "MED"})
_ISO3 = re.compile(r"[A-Z]{3}")

PLOVER_QUAD_CLASS = {  # PLOVER type -> CAMEO penta-class (used when an event has no CAMEO code)
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


def cameo_penta(cameo: str | None) -> int | None:
    """CAMEO root -> penta-class: 01-02 -> 0; 03-05 -> 1; 06-08 -> 2; 09-13 -> 3; 14-20 -> 4."""
    if not cameo or len(cameo) < 2 or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    for upper, cls in ((2, 0), (5, 1), (8, 2), (13, 3), (20, 4)):
        if 1 <= root <= upper:
            return cls
    return None


def event_penta(ev: dict[str, Any]) -> int:
    cls = cameo_penta(str(ev.get("cameo") or ""))
    return cls if cls is not None else PLOVER_QUAD_CLASS.get(str(ev.get("event")), 0)


def _alias(code: str) -> str:
    code = code.upper()
    return CODE_ALIASES.get(code, code)


def party(actor: dict[str, Any] | None) -> str | None:
    """The party an actor counts as: its ISO3 country, else IGO/NGO/IMG..., else None."""
    if not actor:
        return None
    country = _alias(actor.get("country") or "")
    code = (actor.get("code") or "").upper()
    sector = (actor.get("sector") or "").upper()
    if _ISO3.fullmatch(country) and country not in NON_STATE:
        return country
    for tag in (sector, code[:3], country):
        if tag in NON_STATE:
            return "IGO" if tag in ("IGO", "UAF") else tag
    prefix = _alias(code[:3])
    if _ISO3.fullmatch(prefix) and prefix not in _SECTORS_NOT_COUNTRIES:
        return prefix
    return None


def gold_party(actor: dict[str, Any]) -> str | None:
    code = _alias(actor.get("code") or "")
    if code in ("IGO", "UAF"):
        return "IGO"
    return code or None


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def group_by_story(events: Iterable[dict[str, Any]], keep_negated: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Predicted events per story; negated ones are not events in PLOVER's sense."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        if not keep_negated and "negated" in (ev.get("aux") or []):
            continue
        out[str(ev.get("story_id"))].append(ev)
    return out


def _gold_triples(gold_event: dict[str, Any]) -> frozenset[tuple[str, str | None, str | None]]:
    """Every (type, actor party, recipient party) a gold event accepts."""
    typ = OLD_TO_NEW.get(gold_event["type"], gold_event["type"])
    sources = [gold_party(a) for a in (gold_event.get("source") or [])] or [None]
    targets = [gold_party(a) for a in (gold_event.get("target") or [])] or [None]
    ok = {(typ, s, t) for s in sources for t in targets}
    if gold_event.get("reciprocal"):
        ok |= {(typ, s, t) for s in sources for t in sources if s != t}
        ok |= {(typ, t, s) for (_, s, t) in list(ok)}
    return frozenset(ok)


def score_plover(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Type F1, triple F1, actor (and recipient) accuracy, per-type table, confusion, misses."""
    by_story = group_by_story(pred)
    type_tp = type_np = type_nr = 0
    trip_tp_p = trip_np = trip_tp_r = trip_nr = 0
    actor_ok = actor_n = recip_ok = recip_n = 0
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for g in gold:
        sid = str(g["id"])
        gevents = g["events"]
        preds = by_story.get(sid, [])
        gtypes = {OLD_TO_NEW.get(e["type"], e["type"]) for e in gevents}
        ptypes = {e.get("event") for e in preds if e.get("event")}
        for t in ptypes:
            per_type[str(t)][0 if t in gtypes else 1] += 1
        for t in gtypes - ptypes:
            per_type[t][2] += 1
        type_tp += len(ptypes & gtypes)
        type_np += len(ptypes)
        type_nr += len(gtypes)
        if len(gtypes) == 1:
            [gt] = gtypes
            if not ptypes:
                confusion[gt]["(none)"] += 1
            elif gt in ptypes:
                confusion[gt][gt] += 1
            else:
                for t in ptypes:
                    confusion[gt][str(t)] += 1
        gtrip = [_gold_triples(e) for e in gevents]
        ptrip = [(e.get("event"), party(e.get("actor")), party(e.get("recipient"))) for e in preds]
        matched_pred = sum(1 for pt in ptrip if any(pt in gt for gt in gtrip))
        matched_gold = sum(1 for gt in gtrip if any(pt in gt for pt in ptrip))
        trip_tp_p += matched_pred
        trip_np += len(ptrip)
        trip_tp_r += matched_gold
        trip_nr += len(gtrip)
        if matched_gold < len(gtrip) or matched_pred < len(ptrip):
            misses.append(
                {
                    "id": sid,
                    "text": g.get("text", ""),
                    "gold": [
                        {
                            "type": OLD_TO_NEW.get(e["type"], e["type"]),
                            "source": [gold_party(a) for a in e.get("source") or []],
                            "target": [gold_party(a) for a in e.get("target") or []],
                        }
                        for e in gevents
                    ],
                    "pred": [{"type": p[0], "actor": p[1], "recipient": p[2]} for p in ptrip],
                    "missed": len(gtrip) - matched_gold,
                    "spurious": len(ptrip) - matched_pred,
                    "max_conf": max((float(e.get("confidence") or 0) for e in preds), default=0.0),
                }
            )
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
                actor_n += 1
                actor_ok += any(party(p.get("actor")) in sources for p in cands)
            if targets:
                recip_n += 1
                recip_ok += any(party(p.get("recipient")) in targets for p in cands)
    tp, tr, tf = _prf(type_tp, type_np, type_tp, type_nr)
    xp, xr, xf = _prf(trip_tp_p, trip_np, trip_tp_r, trip_nr)
    table = {}
    for t, (a, b, c) in sorted(per_type.items()):
        p, r, f = _prf(a, a + b, a, a + c)
        table[t] = {"tp": a, "fp": b, "fn": c, "p": p, "r": r, "f1": f}
    misses.sort(key=lambda m: (-(m["missed"] + m["spurious"]), -m["max_conf"], m["id"]))
    return {
        "kind": "plover",
        "stories": len(gold),
        "pred_events": sum(len(v) for v in by_story.values()),
        "type_p": tp,
        "type_r": tr,
        "type_f1": tf,
        "triple_p": xp,
        "triple_r": xr,
        "triple_f1": xf,
        "actor_acc": round(actor_ok / actor_n, 4) if actor_n else 0.0,
        "recipient_acc": round(recip_ok / recip_n, 4) if recip_n else 0.0,
        "per_type": table,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
        "worst_misses": misses[:20],
    }


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _actor_span_hits(g: dict[str, Any], preds: list[dict[str, Any]]) -> tuple[int, int]:
    """Gold source spans (that occur in the text) overlapped by a predicted actor's text."""
    text = (g.get("text") or "").lower()
    spans: list[tuple[int, int]] = []
    for ev in preds:
        for key in ("actor",):
            a = ev.get(key) or {}
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
            hit += any(_overlaps(i, i + len(s), a, b) for a, b in spans)
    return hit, n


def score_penta(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Penta-class accuracy and macro-F1 (sentence class = class of its most confident
    event, or 0 with no event); actor-span overlap share."""
    by_story = group_by_story(pred)
    y: list[int] = []
    yhat: list[int] = []
    span_hit = span_n = 0
    misses = []
    for g in gold:
        ev = g.get("events") or []
        if not ev or ev[0].get("type") in (None, ""):
            continue
        gold_cls = int(str(ev[0]["type"])[0])
        preds = by_story.get(str(g["id"]), [])
        if preds:
            best = max(preds, key=lambda e: float(e.get("confidence") or 0))
            cls = event_penta(best)
        else:
            cls = 0
        y.append(gold_cls)
        yhat.append(cls)
        h, n = _actor_span_hits(g, preds)
        span_hit += h
        span_n += n
        if cls != gold_cls:
            misses.append(
                {
                    "id": g["id"],
                    "text": g.get("text", ""),
                    "gold": gold_cls,
                    "pred": cls,
                    "events": [(p.get("event"), p.get("cameo"), p.get("event_text")) for p in preds][:3],
                }
            )
    n = len(y)
    acc = sum(a == b for a, b in zip(y, yhat)) / n if n else 0.0
    f1s = []
    per_class = {}
    for c in sorted(set(y)):
        tp = sum(1 for a, b in zip(y, yhat) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, yhat) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, yhat) if a == c and b != c)
        p, r, f = _prf(tp, tp + fp, tp, tp + fn)
        per_class[str(c)] = {"p": p, "r": r, "f1": f, "n": tp + fn}
        f1s.append(f)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b in zip(y, yhat):
        confusion[str(a)][str(b)] += 1
    return {
        "kind": "penta",
        "n": n,
        "accuracy": round(acc, 4),
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "per_class": per_class,
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        "actor_span_share": round(span_hit / span_n, 4) if span_n else 0.0,
        "actor_spans": span_n,
        "pred_dist": dict(sorted(Counter(yhat).items())),
        "gold_dist": dict(sorted(Counter(y).items())),
        "worst_misses": misses[:20],
    }


def score_petrarch(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """(source code, target code, CAMEO code) triples per record; flagged records expect none."""
    by_story = group_by_story(pred)
    tp = n_p = n_r = exact = n = 0
    misses = []
    for g in gold:
        flags = set(g.get("flags") or [])
        if "inactive" in flags:
            continue
        n += 1
        expected: set[tuple[Any, Any, Any]] = set()
        if not ({"no_event", "error", "discard"} & flags):
            expected = {(x.get("source"), x.get("target"), x.get("code")) for x in (g.get("expected_events") or [])}
        got = {
            ((e.get("actor") or {}).get("code"), (e.get("recipient") or {}).get("code"), e.get("cameo"))
            for e in by_story.get(str(g["id"]), [])
        }
        tp += len(got & expected)
        n_p += len(got)
        n_r += len(expected)
        exact += got == expected
        if got != expected:
            misses.append(
                {
                    "id": g["id"],
                    "text": g.get("text", ""),
                    "expected": sorted(map(str, expected)),
                    "got": sorted(map(str, got)),
                }
            )
    p, r, f = _prf(tp, n_p, tp, n_r)
    return {"kind": "petrarch", "records": n, "exact": exact, "p": p, "r": r, "f1": f, "worst_misses": misses[:20]}


def score_timex(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """TempEval-3 style: strict and relaxed span F1, value F1 and value accuracy on matches."""
    by_story = {str(d.get("story_id")): d for d in pred}
    n_g = n_p = strict = relaxed_g = relaxed_p = value_ok = 0
    misses = []
    for g in gold:
        gt = [t for t in g["timexes"] if t.get("function") != "CREATION_TIME"]
        dct = [t for t in g["timexes"] if t.get("function") == "CREATION_TIME"]
        pt = (by_story.get(str(g["id"])) or {}).get("timexes") or []
        pt = [p for p in pt if not any(_overlaps(p["start"], p["end"], t["start"], t["end"]) for t in dct)]
        if g.get("annotated_until") is not None:
            pt = [p for p in pt if p["start"] < g["annotated_until"]]
        n_g += len(gt)
        n_p += len(pt)
        for t in gt:
            m = [p for p in pt if _overlaps(p["start"], p["end"], t["start"], t["end"])]
            if not m:
                misses.append({"id": g["id"], "text": t.get("text"), "value": t.get("value"), "got": None})
                continue
            relaxed_g += 1
            strict += any(p["start"] == t["start"] and p["end"] == t["end"] for p in m)
            if any(str(p.get("value", "")).upper() == str(t.get("value", "")).upper() for p in m):
                value_ok += 1
            else:
                misses.append(
                    {
                        "id": g["id"],
                        "text": t.get("text"),
                        "value": t.get("value"),
                        "got": [(p.get("text"), p.get("value")) for p in m],
                    }
                )
        relaxed_p += sum(1 for p in pt if any(_overlaps(p["start"], p["end"], t["start"], t["end"]) for t in gt))
    _, _, sf = _prf(strict, n_p, strict, n_g)
    rp, rr, rf = _prf(relaxed_p, n_p, relaxed_g, n_g)
    _, _, vf = _prf(value_ok, n_p, value_ok, n_g)
    return {
        "kind": "timex",
        "gold": n_g,
        "pred": n_p,
        "strict_f1": sf,
        "relaxed_p": rp,
        "relaxed_r": rr,
        "relaxed_f1": rf,
        "value_f1": vf,
        "value_acc_on_matched": round(value_ok / relaxed_g, 4) if relaxed_g else 0.0,
        "worst_misses": misses[:30],
    }


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def score_geo(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Toponyms: accuracy@161 km over all gold toponyms and over those found; precision."""
    by_story = {str(d.get("story_id")): d for d in pred}
    n_g = found = ok = n_p = valid = 0
    misses = []
    for g in gold:
        gt = [t for t in g["toponyms"] if t.get("lat") is not None]
        any_place = g["toponyms"] + (g.get("unresolved_toponyms") or [])
        pp = [p for p in ((by_story.get(str(g["id"])) or {}).get("places") or []) if p.get("lat") is not None]
        n_g += len(gt)
        n_p += len(pp)
        valid += sum(1 for p in pp if any(_overlaps(p["start"], p["end"], t["start"], t["end"]) for t in any_place))
        for t in gt:
            m = [p for p in pp if _overlaps(p["start"], p["end"], t["start"], t["end"])]
            if not m:
                continue
            found += 1
            best = min(km_between((float(p["lat"]), float(p["lon"])), (t["lat"], t["lon"])) for p in m)
            if best <= 161:
                ok += 1
            else:
                misses.append(
                    {
                        "id": g["id"],
                        "text": t.get("text"),
                        "km": round(best),
                        "got": [(p.get("name"), p.get("country")) for p in m],
                    }
                )
    return {
        "kind": "geo",
        "gold": n_g,
        "pred": n_p,
        "acc161": round(ok / n_g, 4) if n_g else 0.0,
        "acc161_found": round(ok / found, 4) if found else 0.0,
        "recall_found": round(found / n_g, 4) if n_g else 0.0,
        "precision": round(valid / n_p, 4) if n_p else 0.0,
        "worst_misses": sorted(misses, key=lambda m: -m["km"])[:30],
    }


SCORERS = {
    "plover": score_plover,
    "penta": score_penta,
    "petrarch": score_petrarch,
    "timex": score_timex,
    "geo": score_geo,
}
