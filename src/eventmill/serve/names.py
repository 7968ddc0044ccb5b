"""Names in, codes out: what the web app's actor and country boxes suggest (``GET /names``).

A reader types a name ("Iran", "Kadhimi") or a code with a slip ("IRAN", "IRQGVO"); the
answer says whether the text is already a code of that kind, what the name means on a date
(the knowledge base, exactly as ``eventmill kb search`` resolves a bare name), and the
closest codes, each with its name and how many stored events it has. Three sources, in
this order of trust:

- the knowledge base's answer for the name on the day (an office-holder, an organisation,
  a country name, alias or nationality);
- codes in the store whose code starts with the text or whose stored names contain it;
- for countries, the country table's names and aliases (prefix, word start, substring), and
  for a text that matches nothing, the nearest codes and names by edit distance (rapidfuzz).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import duckdb
from rapidfuzz import fuzz, process

from eventmill.actors.names import fold
from eventmill.serve.convert import records
from eventmill.store import aggregate
from eventmill.store.query import EventFilter

KINDS = ("actor", "country")


@lru_cache(maxsize=1)
def _kb() -> Any:
    from eventmill.actors.kb_layers import load_layered_kb

    return load_layered_kb()


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """ISO3 -> English name, and (folded name or alias, ISO3) pairs to search."""
    from eventmill.serve.vocabulary import vocabulary

    names: dict[str, str] = dict(vocabulary()["countries"])
    kb = _kb()
    for iso3, entry in kb.countries.items():
        names.setdefault(iso3, entry.name)
    aliases = {(fold(name), iso3) for iso3, name in names.items()}
    aliases |= {(alias, iso3) for alias, iso3 in kb.country_names.items() if iso3 in names}
    return names, sorted(aliases)


def _rank(key: str, text: str) -> int | None:
    """How well a folded name matches the folded query: 0 exact, 1 prefix, 2 a word's start,
    3 anywhere; None not at all."""
    if not key:
        return None
    if text == key:
        return 0
    if text.startswith(key):
        return 1
    if f" {key}" in f" {text}":
        return 2
    return 3 if key in text else None


def _country_events(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Events per country as ``country=`` selects them (actor's, recipient's or place's)."""
    where, params = EventFilter().where()
    rows = con.execute(
        "SELECT c, count(DISTINCT event_id) FROM (SELECT event_id, unnest([actor_country, recipient_country, "
        f"loc_country]) AS c FROM event_table WHERE {where}) WHERE c IS NOT NULL GROUP BY c",
        params,
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _code_events(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict[str, int]:
    """Events whose actor or recipient code starts with each code (what ``party=`` selects)."""
    if not codes:
        return {}
    where, params = EventFilter().where()
    rows = con.execute(
        "SELECT q.code, count(*) FROM (SELECT unnest(?) AS code) q JOIN "
        f"(SELECT actor_code, recipient_code FROM event_table WHERE {where}) e "
        "ON starts_with(e.actor_code, q.code) OR starts_with(e.recipient_code, q.code) GROUP BY q.code",
        [codes, *params],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _answer(q: str, day: date) -> dict[str, Any] | None:
    from eventmill.actors.search import explain

    answer = explain(_kb(), q, day).answer
    if answer is None or not answer.code:
        return None
    return {"code": answer.code, "name": answer.name, "country": answer.country, "why": answer.why}


def lookup(con: duckdb.DuckDBPyConnection, q: str, kind: str, day: date, limit: int = 10) -> dict[str, Any]:
    """What ``q`` means as an actor or a country code, and the codes it most likely means."""
    text = q.strip()
    code = text.upper()
    key = fold(text)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(item: dict[str, Any]) -> None:
        if item["code"] not in seen and len(out) < limit:
            seen.add(item["code"])
            out.append(item)

    resolved = _answer(text, day)
    if kind == "country":
        names, aliases = _country_index()
        counts = _country_events(con)
        known = code in names
        if resolved and resolved.get("country"):
            iso = resolved["country"]
            resolved = {"code": iso, "name": names.get(iso, iso), "why": resolved["why"]}
        else:
            resolved = None
        ranked: dict[str, tuple[int, int]] = {}
        if known:
            ranked[code] = (0, 0)
        if resolved:
            ranked.setdefault(resolved["code"], (0, 1))
        for iso in names:
            if len(code) <= 3 and iso.startswith(code):
                ranked.setdefault(iso, (1, 0))
        for alias, iso in aliases:
            r = _rank(key, alias)
            if r is not None:
                ranked[iso] = min(ranked.get(iso, (9, 9)), (r + 1, 1))
        if not ranked:  # a slip: the nearest codes and names
            for iso, score, _ in process.extract(code, list(names), scorer=fuzz.ratio, limit=4, score_cutoff=50):
                ranked.setdefault(iso, (8, -int(score)))
            for (_alias, iso), score, _ in process.extract(
                (key, ""), aliases, processor=lambda a: a[0], scorer=fuzz.WRatio, limit=6, score_cutoff=70
            ):
                ranked.setdefault(iso, (9, -int(score)))
        order = sorted(ranked, key=lambda iso: (ranked[iso], -counts.get(iso, 0), iso))
        for iso in order:
            why = resolved["why"] if resolved and iso == resolved["code"] else "country"
            add({"code": iso, "name": names.get(iso, iso), "kind": "country", "events": counts.get(iso, 0),
                 "why": why})
        return {"query": q, "kind": kind, "on": day.isoformat(), "known": known, "resolved": resolved,
                "suggestions": out}

    # actors: the stored codes and names, with the knowledge base's reading of the name
    stored = aggregate.actors(con, EventFilter(), q=text, limit=limit)
    known = bool(code) and any(str(c).startswith(code) for c in stored["code"])
    if resolved:
        add({**resolved, "kind": "actor"})
    for row in records(stored):
        add({"code": row["code"], "name": row["name"], "country": row["country"], "kind": "actor",
             "why": "in the store"})
    if not out:  # a slip: the nearest stored codes
        where, params = EventFilter().where()
        codes = [r[0] for r in con.execute(
            f"SELECT DISTINCT c FROM (SELECT unnest([actor_code, recipient_code]) AS c FROM event_table "
            f"WHERE {where}) WHERE c IS NOT NULL",
            params,
        ).fetchall()]
        for near, _score, _ in process.extract(code, codes, scorer=fuzz.ratio, limit=limit, score_cutoff=60):
            add({"code": near, "name": None, "country": None, "kind": "actor", "why": "a similar code"})
    counts = _code_events(con, [item["code"] for item in out])
    for item in out:
        item["events"] = counts.get(item["code"], 0)
    return {"query": q, "kind": kind, "on": day.isoformat(), "known": known, "resolved": resolved,
            "suggestions": out}
