"""eval: score eventmill against annotated sets (the formats of ``../shared/gold``).

``evaluate(gold)`` runs the coder over the gold texts (or reads ``pred``) and computes the
figures of docs/EVALUATION.md, each with a 95% bootstrap interval over the set's units
(stories, sentences or articles); with ``baseline`` it also compares two sets of predictions
figure by figure (paired bootstrap). ``format_report`` prints the result: a compact summary,
then tables (per type, per outlet, calibration, the worst records).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventmill.eval import ipe
from eventmill.eval.metrics import SCORERS
from eventmill.eval.predict import EVENT_KINDS, detect_kind, load_jsonl, petrarch_dictionaries, predict
from eventmill.eval.report import format_report
from eventmill.eval.stats import DRAWS, SEED, Figure, Scored, bootstrap, compare

if TYPE_CHECKING:
    from eventmill.jobs import Report

__all__ = ["detect_kind", "evaluate", "format_report", "load_jsonl", "petrarch_dictionaries", "predict"]

CURVE_THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def _prepare(kind: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
             min_confidence: float | None) -> list[dict[str, Any]]:
    """Predictions as the scorer reads them: IPE article events mapped to gold sentences,
    events below ``min_confidence`` dropped."""
    if kind == "ipe":
        pred = ipe.to_sentences(ipe.articles(gold), pred)
    if min_confidence is not None and kind in EVENT_KINDS:
        pred = [p for p in pred if float(p.get("confidence") or 0) >= min_confidence]
    return pred


def headline(figures: dict[str, Figure]) -> dict[str, Figure]:
    """The figures a comparison reports: the summary's, not the per-type tables'."""
    return {k: f for k, f in figures.items() if "." not in k or k in ("calibration.ece", "calibration.high")}


def _curve(gold: list[dict[str, Any]], pred: list[dict[str, Any]], draws: int, seed: int) -> list[dict[str, Any]]:
    """PLOVER figures when events below each confidence threshold are dropped."""
    out = []
    keys = ("type_p", "type_r", "type_f1", "triple_f1")
    for t in CURVE_THRESHOLDS:
        scored = SCORERS["plover"](gold, [p for p in pred if float(p.get("confidence") or 0) >= t])
        ci = bootstrap(scored.table, {k: scored.figures[k] for k in ("type_f1", "triple_f1")}, draws, seed)
        out.append({"min_confidence": t, **{k: scored.result[k] for k in keys}, "ci": ci})
    return out


def _with_intervals(scored: Scored, draws: int, seed: int) -> dict[str, Any]:
    result = dict(scored.result)
    ci = bootstrap(scored.table, scored.figures, draws, seed)
    result["ci"] = {k: list(v) if v else None for k, v in ci.items()}
    result["bootstrap"] = {"unit": scored.table.unit, "units": len(scored.table.ids), "resamples": draws,
                           "seed": seed, "level": 0.95}
    return result


def evaluate(
    gold_path: Path,
    pred_path: Path | None = None,
    kind: str = "auto",
    save_pred: str | None = None,
    limit: int | None = None,
    min_confidence: float | None = None,
    baseline: Path | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
    report: Report | None = None,
) -> dict[str, Any]:
    """Score the coder (or ``pred_path``'s predictions) against an annotated set.

    Every figure gets a 95% bootstrap interval in ``result["ci"]`` (``draws`` resamples of the
    set's units, seeded). With ``min_confidence``, events below it are dropped before scoring.
    With ``baseline`` (older predictions on the same set), ``result["comparison"]`` holds each
    summary figure before and after, the difference and its paired-bootstrap interval, and a
    verdict (``worse`` when the whole interval lies on the bad side of zero). ``report``
    receives the records that could not be read or coded (articles and IPE)."""
    gold = load_jsonl(gold_path, limit)
    kind = detect_kind(gold) if kind == "auto" else kind
    pred = load_jsonl(pred_path) if pred_path is not None else predict(gold, kind, gold_path, report)
    if save_pred and pred_path is None:
        with open(save_pred, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in pred)
    pred = _prepare(kind, gold, pred, min_confidence)
    scored = SCORERS[kind](gold, pred)
    result = _with_intervals(scored, draws, seed)
    if kind == "plover":
        result["curve"] = _curve(gold, pred, draws, seed)
    if baseline is not None:
        old = SCORERS[kind](gold, _prepare(kind, gold, load_jsonl(baseline), min_confidence))
        changes = compare(scored.table, old.table, headline({**old.figures, **scored.figures}), draws, seed)
        result["comparison"] = {"baseline": str(baseline), "figures": {k: c.as_dict() for k, c in changes.items()}}
    result["gold_file"] = str(gold_path)
    if min_confidence is not None:
        result["min_confidence"] = min_confidence
    return result
