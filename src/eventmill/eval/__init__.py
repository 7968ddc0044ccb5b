"""eval: score eventmill against annotated sets (the formats of ``../shared/gold``).

``evaluate(gold)`` runs the coder over the gold texts (or reads ``pred``) and computes the
figures of docs/EVALUATION.md; ``format_report`` prints them with per-type tables, a
confusion matrix and the worst misses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventmill.errors import ConfigError
from eventmill.eval.metrics import SCORERS

__all__ = ["detect_kind", "evaluate", "format_report", "load_jsonl"]


def load_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if limit is not None and len(out) >= limit:
                break
    return out


def detect_kind(records: list[dict[str, Any]]) -> str:
    """Which annotated-set format these records are in."""
    if not records:
        raise ConfigError("the gold file holds no records")
    r = records[0]
    if "timexes" in r:
        return "timex"
    if "toponyms" in r:
        return "geo"
    if "expected_events" in r:
        return "petrarch"
    events = r.get("events") or []
    if events and re.match(r"^\d-", str(events[0].get("type") or "")):
        return "penta"
    if "events" in r:
        return "plover"
    raise ConfigError("cannot tell the format of the gold file; pass --kind")


def _documents(gold: list[dict[str, Any]], kind: str) -> Iterator[Any]:
    from eventmill.ingest import parse_pub_date
    from eventmill.records import Document

    for g in gold:
        raw_date = g.get("dct") if kind in ("timex", "geo") else g.get("date")
        try:
            pub_date = parse_pub_date(raw_date)
        except ValueError:
            pub_date = None
        yield Document(id=str(g["id"]), text=g["text"], pub_date=pub_date, url=g.get("url"), title=g.get("title"))


def petrarch_dictionaries(gold_path: Path | None = None) -> list[Path]:
    """The PETRARCH validation suite's own actor and agent dictionaries, which its records are
    coded with: ``$EVENTMILL_SHARED/dictionaries/petrarch2`` (default ``../shared``, or beside
    the gold file's folder)."""
    import os

    names = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
    roots = [Path(os.environ["EVENTMILL_SHARED"])] if os.environ.get("EVENTMILL_SHARED") else []
    if gold_path is not None:
        roots.append(Path(gold_path).resolve().parent.parent)
    roots.append(Path("../shared"))
    for root in roots:
        folder = root / "dictionaries" / "petrarch2"
        if all((folder / n).is_file() for n in names):
            return [folder / n for n in names]
    raise ConfigError("the PETRARCH validation records are coded with the suite's own dictionaries "
                      "(dictionaries/petrarch2/PETR.Validate.actors.txt, .agents.txt), not found; "
                      "set EVENTMILL_SHARED to the folder that holds them")


@contextmanager
def _pipeline(kind: str, gold_path: Path | None) -> Iterator[Any]:
    """The process pipeline; for the PETRARCH suite, one whose knowledge base has the suite's
    dictionaries layered over the built-in tables (in a temporary KB file, not the user's)."""
    import tempfile

    import eventmill

    if kind != "petrarch":
        yield eventmill.get_pipeline()
        return
    from eventmill.actors.importers import import_petrarch
    from eventmill.actors.kb import load_layered_kb
    from eventmill.pipeline import Pipeline

    with tempfile.TemporaryDirectory(prefix="eventmill-eval-") as tmp:
        kb_file = Path(tmp) / "kb.sqlite"
        for path in petrarch_dictionaries(gold_path):
            import_petrarch(path, kb_file)
        yield Pipeline(kb=load_layered_kb(kb_file))


def predict(gold: list[dict[str, Any]], kind: str, gold_path: Path | None = None) -> list[dict[str, Any]]:
    """Run the coder over the gold texts; events, or annotation records for time/place."""
    from eventmill.jobs import annotation

    out: list[dict[str, Any]] = []
    with _pipeline(kind, gold_path) as pipeline:
        for doc in pipeline.pipe(_documents(gold, kind)):
            if kind in ("timex", "geo"):
                out.append(annotation(doc))
            else:
                out.extend(ev.to_dict() for ev in doc.events)
    return out


def evaluate(
    gold_path: Path,
    pred_path: Path | None = None,
    kind: str = "auto",
    save_pred: str | None = None,
    limit: int | None = None,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    """Score the coder (or ``pred_path``'s predictions) against an annotated set. With
    ``min_confidence``, events below it are dropped before scoring. For event sets the result
    also holds a calibration table and the precision/recall curve over thresholds."""
    gold = load_jsonl(gold_path, limit)
    kind = detect_kind(gold) if kind == "auto" else kind
    if pred_path is not None:
        pred = load_jsonl(pred_path)
    else:
        pred = predict(gold, kind, gold_path)
        if save_pred:
            with open(save_pred, "w", encoding="utf-8") as f:
                for p in pred:
                    f.write(json.dumps(p, ensure_ascii=False) + "\n")
    if min_confidence is not None and kind in ("plover", "penta", "petrarch"):
        pred = [p for p in pred if float(p.get("confidence") or 0) >= min_confidence]
    result = SCORERS[kind](gold, pred)
    if kind == "plover":
        result["calibration"] = calibration(gold, pred)
        result["curve"] = [
            {"min_confidence": t, **{k: v for k, v in SCORERS[kind](gold, [p for p in pred if float(
                p.get("confidence") or 0) >= t]).items() if k in ("type_p", "type_r", "type_f1", "triple_f1")}}
            for t in CURVE_THRESHOLDS
        ]
    result["gold_file"] = str(gold_path)
    if min_confidence is not None:
        result["min_confidence"] = min_confidence
    return result


CURVE_THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
_BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def calibration(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predicted confidence bins against observed precision on a PLOVER-style set: an event
    counts as right when its story's gold events include its type (negated events aside)."""
    from eventmill.eval.metrics import OLD_TO_NEW

    truth = {(str(g["id"]), OLD_TO_NEW.get(e["type"], e["type"])) for g in gold for e in g.get("events") or []}
    out = []
    for lo, hi in _BINS:
        hits = [(str(p.get("story_id")), p.get("event")) in truth for p in pred
                if "negated" not in (p.get("aux") or []) and lo <= float(p.get("confidence") or 0) < hi]
        out.append({"lo": lo, "hi": min(hi, 1.0), "n": len(hits),
                    "precision": round(sum(hits) / len(hits), 3) if hits else None})
    return out


def _table(rows: list[list[Any]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def format_report(res: dict[str, Any], n_misses: int = 10) -> str:
    """A human-readable report of :func:`evaluate`'s result."""
    kind = res["kind"]
    out = [f"{res.get('gold_file', '')} ({kind})"]
    if kind == "plover":
        out.append(f"stories {res['stories']}  predicted events {res['pred_events']}")
        out.append(f"type     P {res['type_p']:.3f}  R {res['type_r']:.3f}  F1 {res['type_f1']:.3f}")
        out.append(f"triple   P {res['triple_p']:.3f}  R {res['triple_r']:.3f}  F1 {res['triple_f1']:.3f}")
        out.append(f"actor accuracy {res['actor_acc']:.3f}   recipient accuracy {res['recipient_acc']:.3f}")
        out.append("")
        out.append(
            _table(
                [[t, v["tp"], v["fp"], v["fn"], v["p"], v["r"], v["f1"]] for t, v in res["per_type"].items()],
                ["type", "tp", "fp", "fn", "P", "R", "F1"],
            )
        )
        if res.get("calibration"):
            out.append("\ncalibration (an event is right when its story's gold has its type)")
            out.append(_table([[f"{b['lo']:.1f}-{b['hi']:.1f}", b["n"], b["precision"]] for b in res["calibration"]],
                              ["confidence", "events", "precision"]))
        if res.get("curve"):
            out.append("\nthreshold curve (--min-confidence)")
            out.append(_table([[c["min_confidence"], c["type_p"], c["type_r"], c["type_f1"], c["triple_f1"]]
                               for c in res["curve"]], ["min", "type P", "type R", "type F1", "triple F1"]))
        conf = res.get("confusion") or {}
        if conf:
            cols = sorted({c for row in conf.values() for c in row})
            out.append("\nconfusion (rows: gold type; columns: predicted)")
            out.append(
                _table(
                    [[g] + [row.get(c, "") for c in cols] for g, row in conf.items()], ["gold"] + [c[:6] for c in cols]
                )
            )
    elif kind == "penta":
        out.append(f"sentences {res['n']}  accuracy {res['accuracy']:.3f}  macro-F1 {res['macro_f1']:.3f}")
        out.append(f"actor spans overlapped {res['actor_span_share']:.3f} (of {res['actor_spans']})")
        out.append(
            _table(
                [[c, v["n"], v["p"], v["r"], v["f1"]] for c, v in res["per_class"].items()],
                ["class", "n", "P", "R", "F1"],
            )
        )
        conf = res["confusion"]
        cols = [str(c) for c in range(5)]
        out.append("\nconfusion (rows: gold class; columns: predicted)")
        out.append(_table([[g] + [row.get(c, "") for c in cols] for g, row in conf.items()], ["gold", *cols]))
    elif kind == "petrarch":
        out.append(
            f"records {res['records']}  exact {res['exact']}  P {res['p']:.3f}  R {res['r']:.3f}  F1 {res['f1']:.3f}"
        )
    elif kind == "timex":
        out.append(f"gold {res['gold']}  predicted {res['pred']}")
        out.append(
            f"strict span F1 {res['strict_f1']:.3f}  relaxed span F1 {res['relaxed_f1']:.3f} "
            f"(P {res['relaxed_p']:.3f} R {res['relaxed_r']:.3f})"
        )
        out.append(f"value F1 {res['value_f1']:.3f}  value accuracy on matched {res['value_acc_on_matched']:.3f}")
    elif kind == "geo":
        out.append(f"gold toponyms {res['gold']}  predicted places {res['pred']}")
        out.append(
            f"accuracy@161km {res['acc161']:.3f} (all gold)  {res['acc161_found']:.3f} (found)  "
            f"found {res['recall_found']:.3f}  precision {res['precision']:.3f}"
        )
    misses = res.get("worst_misses") or []
    if misses:
        out.append(f"\nworst misses ({min(n_misses, len(misses))} of {len(misses)} listed):")
        for m in misses[:n_misses]:
            out.append("  " + json.dumps(m, ensure_ascii=False, default=str)[:400])
    return "\n".join(out)
