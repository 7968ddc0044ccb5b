"""Whole articles, scored as an analyst reads them (``../shared/docs/ARTICLE_GOLD.md``).

Each gold article lists every real-world event in its first sentences (up to
``annotated_until``), once, with ``evidence``: quotes of every sentence that reports it.
Each record eventmill writes for the article is judged in output order:

- **hit**: the first record of a gold event's type whose trigger lies in one of its evidence
  quotes (or, when no quote holds it, of its type, actor and date); a joint event
  (``joint: true``, "X met Y") takes two hits, the second read with the sides swapped;
- **duplicate**: a further record of an event already hit;
- **false event**: no gold event fits; it is a **wrong type** when its trigger lies in some
  gold event's evidence (a real event told there, coded with another type).

Gold events no record hit are **missed**. On hits the actor, recipient, date and place are
checked. The algorithm and figures are those of ``../shared/tools/score_articles.py``; a
test checks both agree. Like that scorer, a record is placed by its top-level trigger
(``text_info``): a record with ``mentions`` (one per event, issue 14) is placed by its
representative mention, not by each one, so one event told in three sentences is one record,
not two duplicates.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventmill.eval import calibration
from eventmill.eval.common import NON_STATE, confidence, trigger_at
from eventmill.eval.stats import Figure, Scored, Sums, UnitTable, f1_of, point, ratio


def _fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def _spans(text: str, quotes: list[str] | None) -> list[tuple[int, int]]:
    out = []
    for q in quotes or []:
        i = text.find(q)
        if i >= 0:
            out.append((i, i + len(q)))
    return out


def party_ok(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    """A predicted actor against a gold one (``country`` and acceptable ``sector_in``);
    a gold party left empty is not held against a record."""
    if gold is None:
        return True
    if not pred:
        return False
    gc = (gold.get("country") or "").upper() or None
    pc = (pred.get("country") or "").upper() or None
    sectors = {s.upper() for s in (gold.get("sector_in") or [])}
    psec = (pred.get("sector") or "").upper()
    pcode = (pred.get("code") or "").upper()
    if sectors & NON_STATE and gc is None:  # an international or non-state actor: the record's must be too
        return bool({psec, pcode[:3]} & NON_STATE) or psec in sectors
    if gc != pc:
        return False
    return not sectors or psec in sectors or any(pcode.endswith(s) for s in sectors)


def date_ok(gold: str | None, pred: str | None) -> bool:
    """The record's date within the gold's (a gold "2018-08" accepts any day of that month)."""
    return not gold or (bool(pred) and str(pred)[: len(gold)] == gold)


def place_ok(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    if not gold:
        return True
    if not pred:
        return False
    gn, pn = _fold(gold.get("name")), _fold(pred.get("name"))
    if gn and pn and (gn == pn or gn in pn or pn in gn):
        return True
    # a country named as the place matches the record's place's country only when the gold place is the country
    gc = (gold.get("country") or "").upper()
    return bool(gc) and gn in {"", gc.lower()} and (pred.get("country") or "").upper() == gc


@dataclass
class Verdict:
    """What one record (or one missed gold event) is, and why."""

    story: str
    verdict: str  # hit | duplicate | false | missed
    event: str | None
    text: str | None = None
    confidence: float = 0.0
    gold_type: str | None = None  # a false record whose trigger lies in another type's evidence
    wrong: list[str] = field(default_factory=list)  # the fields a hit got wrong
    source: str | None = None  # the article's outlet
    sentence: str = ""  # the record's sentence, for the analyst's list

    @property
    def right(self) -> bool:
        """Right in the calibration sense: a hit with the right actor."""
        return self.verdict == "hit" and "actor" not in self.wrong

    @property
    def reason(self) -> str:
        if self.verdict == "false":
            return f"wrong type (gold {self.gold_type})" if self.gold_type else "false event"
        if self.verdict == "hit":
            return ", ".join(f"wrong {w}" for w in self.wrong) or "right"
        return self.verdict


@dataclass
class _Gold:
    event: dict[str, Any]
    spans: list[tuple[int, int]]
    need: int  # a joint event wants a record per side
    got: int = 0


def _fit(g: dict[str, Any], e: dict[str, Any]) -> int:
    """How many of parties, date and place a record shares with a gold event (ties: the first)."""
    return (party_ok(g.get("actor"), e.get("actor")) + party_ok(g.get("recipient"), e.get("recipient"))
            + date_ok(g.get("date"), e.get("date")) + place_ok(g.get("place"), e.get("event_loc")))


def _hit(gold: _Gold, e: dict[str, Any]) -> list[str]:
    """Record a hit on a gold event; the fields the record got wrong."""
    g = gold.event
    if g.get("joint") and gold.got == 1:  # the mirror record of a joint event: sides swapped
        mirror = dict(g, actor=g.get("recipient"), recipient=g.get("actor"))
        if party_ok(mirror["actor"], e.get("actor")):
            g = mirror
    gold.got += 1
    ok = {
        "actor": party_ok(g.get("actor"), e.get("actor")),
        "recipient": party_ok(g.get("recipient"), e.get("recipient")) if g.get("recipient") else not e.get("recipient"),
        "date": date_ok(g.get("date"), e.get("date")),
        "place": place_ok(g.get("place"), e.get("event_loc")),
    }
    return [k for k, v in ok.items() if not v]


def _judge(golds: list[_Gold], e: dict[str, Any], at: int, base: dict[str, Any]) -> Verdict:
    typ = e.get("event")
    told_here = [x for x in golds if any(a <= at < b for a, b in x.spans)]
    cands = [x for x in told_here if x.event["type"] == typ]
    if not cands:  # the same event told in a sentence the gold did not quote: same type, actor and date
        cands = [x for x in golds if x.event["type"] == typ and party_ok(x.event.get("actor"), e.get("actor"))
                 and x.event.get("date") and date_ok(x.event.get("date"), e.get("date"))]
    if not cands:
        return Verdict(**base, verdict="false", gold_type=told_here[0].event["type"] if told_here else None)
    open_ = [x for x in cands if x.got < x.need]
    if not open_:
        return Verdict(**base, verdict="duplicate")
    best = max(open_, key=lambda x: _fit(x.event, e))
    return Verdict(**base, verdict="hit", wrong=_hit(best, e))


def _sentence(text: str, e: dict[str, Any]) -> str:
    info = e.get("text_info") or {}
    start, end = info.get("start"), info.get("end")
    if start is None or end is None:
        return ""
    return " ".join(text[int(start):int(end)].split())[:200]


def judge_article(doc: dict[str, Any], events: list[dict[str, Any]]) -> tuple[list[Verdict], list[Verdict]]:
    """The verdict on each scored record of one article, in output order, and on each gold event
    (``hit`` or ``missed``). Records after ``annotated_until`` and negated ones are not scored."""
    text = doc["text"]
    until = int(doc.get("annotated_until") or len(text))
    golds = [_Gold(g, _spans(text, g.get("evidence")), 2 if g.get("joint") else 1)
             for g in doc.get("events", []) if "negated" not in (g.get("aux") or [])]
    story, source = str(doc["id"]), doc.get("source")
    records = []
    for e in events:
        at = trigger_at(e)
        if at is None or at >= until or "negated" in (e.get("aux") or []):
            continue
        base = {"story": story, "event": e.get("event"), "text": e.get("event_text"),
                "confidence": confidence(e), "source": source, "sentence": _sentence(text, e)}
        records.append(_judge(golds, e, at, base))
    found = [Verdict(story, "hit" if x.got else "missed", x.event["type"],
                     text=(x.event.get("evidence") or [""])[0][:100], source=source) for x in golds]
    return records, found


def judge(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[list[Verdict], list[Verdict]]]:
    """:func:`judge_article` for every gold article, with its records (by ``story_id``)."""
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in pred:
        by_story[str(e.get("story_id"))].append(e)
    return [judge_article(doc, by_story.get(str(doc["id"]), [])) for doc in gold]


FIELDS = ("actor", "recipient", "date", "place")


def _counts(records: list[Verdict], found: list[Verdict], source: str) -> Counter[str]:
    """One article's counts, overall (plain names), per type (``type|T|...``) and per outlet."""
    c: Counter[str] = Counter({f"outlet|{source}|articles": 1})
    for v in records:
        keys = ["", f"type|{v.event}|", f"outlet|{source}|"]
        name = {"hit": "hits", "duplicate": "dups", "false": "false"}[v.verdict]
        for k in keys:
            c[f"{k}records"] += 1
            c[f"{k}{name}"] += 1
            c[f"{k}wrong_type"] += v.gold_type is not None
            c[f"{k}full"] += v.verdict == "hit" and not v.wrong
        if v.verdict == "hit":
            for f in FIELDS:
                c[f"ok|{f}"] += f not in v.wrong
    for v in found:
        for k in ("", f"type|{v.event}|", f"outlet|{source}|"):
            c[f"{k}gold"] += 1
            c[f"{k}gold_hit"] += v.verdict == "hit"
    c.update(calibration.counts((v.confidence, v.right) for v in records))
    return c


def _rate(num: str, den: str, higher_is_better: bool = True) -> Figure:
    return Figure(lambda s: ratio(s[num], s[den]), higher_is_better)


def _group_figures(key: str, col: str) -> dict[str, Figure]:
    """Precision, recall, F1 and the error rates of the records counted under ``col``."""
    p, r = _rate(f"{col}hits", f"{col}records"), _rate(f"{col}gold_hit", f"{col}gold")
    return {
        f"{key}precision": p,
        f"{key}recall": r,
        f"{key}f1": Figure(lambda s: f1_of(p.formula(s), r.formula(s))),
        f"{key}duplicate_rate": _rate(f"{col}dups", f"{col}records", False),
        f"{key}false_rate": _rate(f"{col}false", f"{col}records", False),
        f"{key}wrong_type_rate": _rate(f"{col}wrong_type", f"{col}records", False),
        f"{key}full_precision": _rate(f"{col}full", f"{col}records"),
    }


# the profile's counts: name in the report -> column
_PROFILE_COUNTS = {"gold": "gold", "hit": "gold_hit", "records": "records", "dup": "dups", "false": "false",
                   "wrong_type": "wrong_type"}
_PROFILE_RATES = ("precision", "recall", "duplicate_rate", "false_rate", "wrong_type_rate", "full_precision")


def _profile(prefix: str, names: list[str], totals: Sums, values: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Per type or per outlet: the counts and rates of :func:`_group_figures`."""
    out = {}
    for n in names:
        col, key = f"{prefix}|{n}|", f"per_{prefix}.{n}."
        out[n] = {**{k: int(totals[col + c][0]) for k, c in _PROFILE_COUNTS.items()},
                  **{k: values[key + k] for k in _PROFILE_RATES}}
        if prefix == "outlet":
            out[n]["articles"] = int(totals[col + "articles"][0])
    return out


def worst(verdicts: list[Verdict], n: int = 25) -> list[dict[str, Any]]:
    """The records an analyst would strike first: not a right event with the right actor
    (false, wrong type, duplicate, wrong actor) before a right event with another field
    wrong, the most confident first."""
    bad = [v for v in verdicts if v.reason != "right"]
    bad.sort(key=lambda v: (v.right, -v.confidence, v.story))
    return [{"story": v.story, "reason": v.reason, "event": v.event, "text": v.text, "confidence": v.confidence,
             "source": v.source, "sentence": v.sentence} for v in bad[:n]]


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Scored:
    """Event precision, recall, duplicate, false and wrong-type rates, full-record precision and
    field accuracies (the reference's figures), a per-type and per-outlet error profile, the
    worst records with their reason, the missed gold events and the calibration table."""
    table = UnitTable("article")
    verdicts: list[Verdict] = []
    missed: list[Verdict] = []
    for doc, (records, found) in zip(gold, judge(gold, pred)):
        table.add(str(doc["id"]), _counts(records, found, str(doc.get("source"))))
        verdicts += records
        missed += [v for v in found if v.verdict == "missed"]
    figures = {**_group_figures("", ""), **{f"{f}_acc": _rate(f"ok|{f}", "hits") for f in FIELDS},
               **calibration.figures()}
    cols = table.columns()
    types = sorted({c.split("|")[1] for c in cols if c.startswith("type|")})
    outlets = sorted({c.split("|")[1] for c in cols if c.startswith("outlet|")})
    for t in types:
        figures.update(_group_figures(f"per_type.{t}.", f"type|{t}|"))
    for o in outlets:
        figures.update(_group_figures(f"per_outlet.{o}.", f"outlet|{o}|"))
    values, totals = point(table, figures), table.totals()
    result = {
        "kind": "articles",
        "articles": len(gold),
        "gold_events": int(totals["gold"][0]),
        "records": int(totals["records"][0]),
        **{k: v for k, v in values.items() if "." not in k},
        "per_type": _profile("type", types, totals, values),
        "per_outlet": _profile("outlet", outlets, totals, values),
        "calibration": calibration.report("articles", totals, values),
        "worst_records": worst(verdicts),
        "missed": [{"story": v.story, "event": v.event, "evidence": v.text} for v in missed],
    }
    return Scored(result, table, figures)
