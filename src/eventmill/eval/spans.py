"""Span sets: temporal expressions (MEANTIME) and toponyms (GeoWebNews), from ``annotate`` records.

The unit of the bootstrap is the article: a temporal expression's or a toponym's fate is
tied to its article's (one misread dateline or one wrong country skews many), and the
precision figures are over predictions, which belong to articles, not to gold spans.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from eventmill.eval.stats import Figure, Scored, UnitTable, point, prf_figures, ratio


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def _timex_article(g: dict[str, Any], got: dict[str, Any] | None, misses: list[dict[str, Any]]) -> dict[str, int]:
    gt = [t for t in g["timexes"] if t.get("function") != "CREATION_TIME"]
    dct = [t for t in g["timexes"] if t.get("function") == "CREATION_TIME"]
    pt = (got or {}).get("timexes") or []
    pt = [p for p in pt if not any(_overlaps(p, t) for t in dct)]  # the dateline is not scored
    if g.get("annotated_until") is not None:  # MEANTIME annotates only the first sentences
        pt = [p for p in pt if p["start"] < g["annotated_until"]]
    c = {"n_g": len(gt), "n_p": len(pt), "strict": 0, "relaxed_g": 0, "value_ok": 0,
         "relaxed_p": sum(1 for p in pt if any(_overlaps(p, t) for t in gt))}
    for t in gt:
        m = [p for p in pt if _overlaps(p, t)]
        if not m:
            misses.append({"id": g["id"], "text": t.get("text"), "value": t.get("value"), "got": None})
            continue
        c["relaxed_g"] += 1
        c["strict"] += any(p["start"] == t["start"] and p["end"] == t["end"] for p in m)
        if any(str(p.get("value", "")).upper() == str(t.get("value", "")).upper() for p in m):
            c["value_ok"] += 1
        else:
            misses.append({"id": g["id"], "text": t.get("text"), "value": t.get("value"),
                           "got": [(p.get("text"), p.get("value")) for p in m]})
    return c


ArticleCounter = Callable[[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]], dict[str, int]]


def _per_article(gold: list[dict[str, Any]], pred: list[dict[str, Any]],
                 count: ArticleCounter) -> tuple[UnitTable, list[dict[str, Any]]]:
    """Each gold article's counts against its ``annotate`` record, and the misses noted on the way."""
    by_story = {str(d.get("story_id")): d for d in pred}
    table = UnitTable("article")
    misses: list[dict[str, Any]] = []
    for g in gold:
        table.add(str(g["id"]), count(g, by_story.get(str(g["id"])), misses))
    return table, misses


def timex(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """TempEval-3 style: strict and relaxed span F1, value F1 and value accuracy on matches."""
    table, misses = _per_article(gold, pred, _timex_article)
    strict = prf_figures("strict_", "strict", "n_p", "strict", "n_g")
    value = prf_figures("value_", "value_ok", "n_p", "value_ok", "n_g")
    figures = {
        "strict_f1": strict["strict_f1"],
        **prf_figures("relaxed_", "relaxed_p", "n_p", "relaxed_g", "n_g"),
        "value_f1": value["value_f1"],
        "value_acc_on_matched": Figure(lambda s: ratio(s["value_ok"], s["relaxed_g"])),
    }
    totals = table.totals()
    result = {"kind": "timex", "gold": int(totals["n_g"][0]), "pred": int(totals["n_p"][0]),
              **point(table, figures), "worst_misses": misses[:30]}
    return Scored(result, table, figures)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _geo_article(g: dict[str, Any], got: dict[str, Any] | None, misses: list[dict[str, Any]]) -> dict[str, int]:
    gt = [t for t in g["toponyms"] if t.get("lat") is not None]
    any_place = g["toponyms"] + (g.get("unresolved_toponyms") or [])
    pp = [p for p in ((got or {}).get("places") or []) if p.get("lat") is not None]
    c = {"n_g": len(gt), "n_p": len(pp), "found": 0, "ok": 0,
         "valid": sum(1 for p in pp if any(_overlaps(p, t) for t in any_place))}
    for t in gt:
        m = [p for p in pp if _overlaps(p, t)]
        if not m:
            continue
        c["found"] += 1
        best = min(km_between((float(p["lat"]), float(p["lon"])), (t["lat"], t["lon"])) for p in m)
        if best <= 161:
            c["ok"] += 1
        else:
            misses.append({"id": g["id"], "text": t.get("text"), "km": round(best),
                           "got": [(p.get("name"), p.get("country")) for p in m]})
    return c


def geo(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """Toponyms: accuracy@161 km over all gold toponyms and over those found; precision."""
    table, misses = _per_article(gold, pred, _geo_article)
    figures = {
        "acc161": Figure(lambda s: ratio(s["ok"], s["n_g"])),
        "acc161_found": Figure(lambda s: ratio(s["ok"], s["found"])),
        "recall_found": Figure(lambda s: ratio(s["found"], s["n_g"])),
        "precision": Figure(lambda s: ratio(s["valid"], s["n_p"])),
    }
    totals = table.totals()
    result = {"kind": "geo", "gold": int(totals["n_g"][0]), "pred": int(totals["n_p"][0]),
              **point(table, figures), "worst_misses": sorted(misses, key=lambda m: -m["km"])[:30]}
    return Scored(result, table, figures)
