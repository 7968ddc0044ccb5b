"""What every scorer shares: the PLOVER and CAMEO conventions of the gold sets, how an actor
counts as a party, and how predicted events are grouped by story.

Predicted events come in two shapes. Today ``eventmill code`` writes one record per sentence
that reports an event; issue 14 makes it write one record per *event* with a ``mentions``
list (sentence index, sentence and trigger offsets, trigger text of every sentence that
reports it; the top-level ``text_info`` is the representative mention). The sentence-level
scorers count an event at every sentence that reports it, so :func:`per_mention` turns the
new shape into the old before they read it; records without ``mentions`` pass unchanged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
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


def group_by_story(events: Iterable[dict[str, Any]], keep_negated: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Predicted events per story, one per mention; negated ones are not events in PLOVER's sense."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in per_mention(events):
        if not keep_negated and "negated" in (ev.get("aux") or []):
            continue
        out[str(ev.get("story_id"))].append(ev)
    return out


def per_mention(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One record per mention: an event with ``mentions`` becomes one copy per sentence that
    reports it, each with that mention's sentence, offsets and trigger text."""
    for ev in events:
        mentions = ev.get("mentions")
        if not mentions:
            yield ev
            continue
        base = {k: v for k, v in ev.items() if k != "mentions"}
        for m in mentions:
            info = {k: m[k] for k in ("start", "end", "trigger_start", "trigger_end") if k in m}
            yield {**base, "sentence": m.get("sentence", ev.get("sentence")), "text_info": info,
                   "event_text": m.get("event_text", ev.get("event_text"))}


def trigger_at(ev: dict[str, Any]) -> int | None:
    """Where an event's trigger starts in its document (its sentence's start if no trigger)."""
    info = ev.get("text_info") or {}
    at = info.get("trigger_start", info.get("start"))
    return int(at) if at is not None else None


def confidence(ev: dict[str, Any]) -> float:
    return float(ev.get("confidence") or 0)


def sentence_event(preds: list[dict[str, Any]], main_first: bool = False) -> dict[str, Any] | None:
    """The one record that stands for its sentence: the most confident, as the reference scorer
    reads it; with ``main_first``, a main event before a background one (``salience``: the release,
    not the arrest told in its relative clause), then the most confident. Records without
    ``salience`` (older output) count as main."""
    if not main_first:
        return max(preds, key=confidence, default=None)
    return max(preds, key=lambda e: (e.get("salience", "main") != "background", confidence(e)), default=None)
