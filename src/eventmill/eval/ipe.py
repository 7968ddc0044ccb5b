"""IndiaPoliceEvents: police actions per sentence of Times of India articles (EVALUATION.md).

The gold labels sentences, but eventmill reads articles: each article is coded whole (its
sentences joined with line breaks in ``sent_id`` order, with its url and date), and every
event is then mapped to the gold sentence its trigger falls in, by character offsets into the
joined text (the gold's own sentence split, not spaCy's). An event with ``mentions`` is mapped
once per mention. A sentence is positive for a label when a non-negated, non-hypothetical
event there has a police actor and the label's kind (:func:`labels`, as ``score.py ipe``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventmill.eval import calibration
from eventmill.eval.common import confidence, group_by_story, per_mention, trigger_at
from eventmill.eval.stats import Figure, Scored, Sums, UnitTable, class_figures, point

LABELS = ("ANY_ACTION", "ARREST", "FORCE")


@dataclass
class Article:
    """One article rebuilt from its gold sentences."""

    id: str
    date: str | None
    url: str | None
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (gold id, text) in sent_id order

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.sentences)

    def starts(self) -> list[int]:
        out, at = [], 0
        for _, t in self.sentences:
            out.append(at)
            at += len(t) + 1
        return out

    def record(self) -> dict[str, Any]:
        """The article as ``eventmill code`` reads a JSON Lines record."""
        return {"id": self.id, "text": self.text, "date": self.date, "url": self.url}


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    """The gold's articles (``extra.doc_id``), in order of first appearance."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        by_doc.setdefault(str(g["extra"]["doc_id"]), []).append(g)
    out = []
    for doc_id, sents in by_doc.items():
        sents.sort(key=lambda g: int(g["extra"]["sent_id"]))
        first = sents[0]
        out.append(Article(f"doc-{doc_id}", first.get("date"), first["extra"].get("url"),
                           [(str(g["id"]), g["text"]) for g in sents]))
    return out


def to_sentences(arts: list[Article], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Article events as sentence events: ``story_id`` becomes the gold sentence that holds the
    trigger (one record per mention and sentence). Events already on a sentence pass as they are."""
    index = {a.id: (a.starts(), [sid for sid, _ in a.sentences]) for a in arts}
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for ev in per_mention(events):
        art = index.get(str(ev.get("story_id")))
        if art is None:  # already on a gold sentence (a file of mapped events)
            out.append(ev)
            continue
        at = trigger_at(ev)
        if at is None:
            continue
        starts, ids = art
        sid = ids[max(bisect_right(starts, at) - 1, 0)]
        key = (str(ev.get("id")), sid)
        if ev.get("id") is not None and key in seen:
            continue  # two mentions of one event in one gold sentence count once
        seen.add(key)
        out.append({**ev, "story_id": sid, "article_id": ev.get("story_id")})
    return out


def labels(events: list[dict[str, Any]]) -> set[str]:
    """Police-action labels a sentence's events give it (``score.py``'s ``ipe_labels``)."""
    out = set()
    for e in events:
        a = e.get("actor") or {}
        if (a.get("sector") or "").upper() != "COP" and not str(a.get("code") or "").upper().endswith("COP"):
            continue
        if {"negated", "hypothetical"} & set(e.get("aux") or []):
            continue
        out.add("ANY_ACTION")
        cameo = str(e.get("cameo") or "")
        if e.get("event") == "COERCE" and ("arrest" in (e.get("mode") or "").lower() or cameo.startswith("173")):
            out.add("ARREST")
        if e.get("event") == "ASSAULT" or cameo.startswith(("175", "18", "19", "20")):
            out.add("FORCE")
    return out


def gold_labels(g: dict[str, Any]) -> set[str]:
    out = {e["type"] for e in (g.get("events") or [])}
    return out | {"FORCE", "ANY_ACTION"} if "KILL" in out else out


_LABEL_FIGURES = {k: f for lab in LABELS for k, f in class_figures(lab, f"label|{lab}").items()}


def _macro(s: Sums) -> np.ndarray:
    """Mean F1 of the three labels (a label with neither gold nor predictions counts 0, as in score.py)."""
    return np.asarray(sum(np.nan_to_num(_LABEL_FIGURES[f"{lab}.f1"].formula(s)) for lab in LABELS)) / len(LABELS)


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """Micro P/R/F1 per label over sentences and their macro-F1; calibration; the worst sentences."""
    by_sentence = group_by_story(pred)
    table = UnitTable("sentence")
    misses = []
    for g in gold:
        events = by_sentence.get(str(g["id"]), [])
        want, got = gold_labels(g), labels(events)
        c: Counter[str] = Counter()
        for lab in LABELS:
            if lab in got or lab in want:
                c[f"label|{lab}|{'tp' if lab in got and lab in want else 'fp' if lab in got else 'fn'}"] += 1
        implied = [(confidence(e), labels([e])) for e in events]
        c.update(calibration.counts((conf, labs <= want) for conf, labs in implied if labs))
        table.add(str(g["id"]), c)
        if want & set(LABELS) != got:
            misses.append({"id": g["id"], "text": g.get("text", ""), "gold": sorted(want & set(LABELS)),
                           "pred": sorted(got), "max_conf": max((conf for conf, labs in implied if labs), default=0.0),
                           "events": [(e.get("event"), e.get("cameo"), (e.get("actor") or {}).get("code"),
                                       e.get("event_text")) for e in events][:3]})
    figures: dict[str, Figure] = {"macro_f1": Figure(_macro), **_LABEL_FIGURES, **calibration.figures()}
    values, totals = point(table, figures), table.totals()
    result: dict[str, Any] = {"kind": "ipe", "sentences": len(gold),
                              "articles": len({str(g["extra"]["doc_id"]) for g in gold}),
                              "pred_events": sum(len(v) for v in by_sentence.values())}
    for lab in LABELS:
        result[lab] = {**{k: values[f"{lab}.{k}"] for k in ("p", "r", "f1")},
                       **{k: int(totals[f"label|{lab}|{k}"][0]) for k in ("tp", "fp", "fn")}}
    result["macro_f1"] = values["macro_f1"]
    result["calibration"] = calibration.report("ipe", totals, values)
    misses.sort(key=lambda m: (-len(set(m["gold"]) ^ set(m["pred"])), -m["max_conf"], str(m["id"])))
    result["worst_misses"] = misses[:20]
    return Scored(result, table, figures)

