"""Predictions made from a gold set that are right some of the time and wrong in every way the
scorers tell apart, so that our scorers and the reference scorers can be compared on them."""

from __future__ import annotations

import random
from typing import Any

TYPES = ["AGREE", "CONSULT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "ASSAULT", "COERCE", "AID"]


def _actor(gold: dict[str, Any] | None, rng: random.Random) -> dict[str, Any] | None:
    """The gold party (country and an accepted sector) most of the time, else a wrong or no one."""
    if gold is None or rng.random() < 0.15:
        return rng.choice([None, {"country": "FRA", "sector": "GOV", "code": "FRAGOV"}])
    sectors = gold.get("sector_in") or [None]
    sector = rng.choice(sectors) if rng.random() < 0.85 else "CVL"
    country = gold.get("country")
    code = (country or ("IGO" if sector == "IGO" else "")) + (sector or "")
    return {"entity_text": gold.get("text"), "country": country, "sector": sector, "code": code}


def _record(doc: dict[str, Any], at: int, typ: str, g: dict[str, Any] | None, rng: random.Random) -> dict[str, Any]:
    g = g or {}
    date = g.get("date") if rng.random() < 0.8 else "1999-01-01"
    place = g.get("place") if rng.random() < 0.7 else {"name": "Nowhere", "country": "ZZZ"}
    aux = ["negated"] if rng.random() < 0.04 else []
    info: dict[str, Any] = {"start": max(at - 5, 0), "end": at + 20, "trigger_start": at, "trigger_end": at + 4}
    if rng.random() < 0.05:  # no trigger offsets: the sentence's start places the record
        info = {"start": at, "end": at + 20}
    return {"story_id": doc["id"], "event": typ, "actor": _actor(g.get("actor"), rng),
            "recipient": _actor(g.get("recipient"), rng), "date": date, "event_loc": place, "aux": aux,
            "text_info": info, "event_text": doc["text"][at:at + 12], "confidence": round(rng.random(), 3)}


def perturbed_article_events(gold: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Hits, duplicates, wrong types, joint mirrors, records placed by type/actor/date outside
    the evidence, false events, records after ``annotated_until`` and negated ones."""
    rng = random.Random(seed)
    out = []
    for doc in gold:
        text, until = doc["text"], int(doc.get("annotated_until") or len(doc["text"]))
        for g in doc["events"]:
            quotes = [text.find(q) for q in g.get("evidence") or [] if text.find(q) >= 0]
            if not quotes or rng.random() < 0.3:
                continue
            typ = g["type"] if rng.random() < 0.75 else rng.choice(TYPES)
            out.append(_record(doc, rng.choice(quotes) + rng.randint(0, 10), typ, g, rng))
            if g.get("joint") and rng.random() < 0.7:  # the other side's record
                mirror = dict(g, actor=g.get("recipient"), recipient=g.get("actor"))
                out.append(_record(doc, rng.choice(quotes) + 3, g["type"], mirror, rng))
            if rng.random() < 0.2:  # a repeat
                out.append(_record(doc, rng.choice(quotes) + 1, g["type"], g, rng))
            if rng.random() < 0.1:  # told outside the quoted sentences: found by type, actor and date
                out.append(_record(doc, max(until - 3, 0), g["type"], dict(g, place=None), rng))
        for _ in range(rng.randint(0, 4)):  # false events, some past the annotated part
            out.append(_record(doc, rng.randint(0, len(text) - 1), rng.choice(TYPES), None, rng))
    out.append({"story_id": "no-such-article", "event": "ASSAULT", "text_info": {"trigger_start": 0}})
    return out


def perturbed_ipe_events(gold: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Per gold sentence, events with and without a police actor, of every label's kind, some
    negated or hypothetical (already mapped to the sentence, as --save-pred writes them)."""
    rng = random.Random(seed)
    kinds = [("COERCE", "173", "arrest"), ("COERCE", "172", None), ("ASSAULT", "190", None),
             ("COERCE", "175", None), ("PROTEST", "141", None), ("ACCUSE", "112", None), ("COERCE", "", "arrest")]
    police = [{"sector": "COP", "country": "IND"}, {"code": "INDCOP"}, {"sector": "GOV", "code": "INDGOV"}]
    out = []
    for g in gold:
        labels = {e["type"] for e in g.get("events") or []}
        n = rng.choice([0, 1, 1, 2]) if labels else (1 if rng.random() < 0.08 else 0)
        for _ in range(n):
            event, cameo, mode = rng.choice(kinds)
            aux = rng.choice([[], [], [], ["negated"], ["hypothetical"]])
            out.append({"story_id": g["id"], "event": event, "cameo": cameo, "mode": mode, "aux": aux,
                        "actor": rng.choice(police), "confidence": round(rng.random(), 3)})
    return out
