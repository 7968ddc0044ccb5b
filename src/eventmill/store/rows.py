"""Flatten events into table rows and back into the output contract."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from typing import Any

from eventmill.ingest.dates import EARLIEST, LATEST, in_range
from eventmill.records import Actor, Document, Event, Mention

_INT32 = 2**31 - 1  # DuckDB's INTEGER

_ACTOR_FIELDS = ("text", "name", "country", "sector", "code", "kb_id", "kb_source", "start", "end")
_PLACE_FIELDS = ("text", "name", "lat", "lon", "country", "admin1", "geonameid", "feature", "precision", "start", "end",
                 "near")

EVENT_MENTION_COLUMNS: tuple[str, ...] = (
    "mention_id",
    "event_id",
    "doc_id",
    "sentence",
    "event",
    "mode",
    "context",
    "cameo",
    "quad_code",
    "goldstein",
    "aux",
    "intended",
    "joint",
    "date",
    "date_precision",
    "deadline",
    *(f"actor_{f}" for f in _ACTOR_FIELDS),
    *(f"recipient_{f}" for f in _ACTOR_FIELDS),
    *(f"loc_{f}" for f in _PLACE_FIELDS),
    "size_dead",
    "size_injured",
    "size_arrested",
    "event_text",
    "start_char",
    "end_char",
    "trigger_start",
    "trigger_end",
    "confidence",
    "coder",
    "actor_implicit",
    "recipient_implicit",
    *(f"reported_by_{f}" for f in _ACTOR_FIELDS),
    "reported_by_implicit",
    "claimed",
    "salience",
)

ENTITY_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "kind",
    "start_char",
    "end_char",
    "text",
    "name",
    "country",
    "sector",
    "code",
    "kb_id",
    "lat",
    "lon",
    "admin1",
    "geonameid",
    "feature",
    "timex_type",
    "timex_value",
)


def _actor_cells(prefix: str, actor: Actor | None) -> dict[str, Any]:
    d = actor.to_dict() if actor else {}
    d["text"] = d.pop("entity_text", None)
    return {f"{prefix}_{f}": d.get(f) for f in _ACTOR_FIELDS}


def event_row(ev: Event, event_id: str | None = None) -> dict[str, Any]:
    """One ``event_mentions`` row for an event (its merged ``event_id`` defaults to itself)."""
    loc = ev.event_loc.to_dict() if ev.event_loc else {}
    size = ev.size
    return {
        "mention_id": ev.id,
        "event_id": event_id or ev.id,
        "doc_id": ev.story_id,
        "sentence": ev.sentence,
        "event": ev.event,
        "mode": ev.mode,
        "context": list(ev.context),
        "cameo": ev.cameo,
        "quad_code": ev.quad_code,
        "goldstein": ev.goldstein,
        "aux": list(ev.aux),
        "intended": ev.intended,
        "joint": ev.joint,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "deadline": ev.deadline,
        **_actor_cells("actor", ev.actor),
        **_actor_cells("recipient", ev.recipient),
        **{f"loc_{f}": loc.get(f) for f in _PLACE_FIELDS},
        "size_dead": size.dead if size else None,
        "size_injured": size.injured if size else None,
        "size_arrested": size.arrested if size else None,
        "event_text": ev.event_text,
        "start_char": ev.text_info.get("start"),
        "end_char": ev.text_info.get("end"),
        "trigger_start": ev.text_info.get("trigger_start"),
        "trigger_end": ev.text_info.get("trigger_end"),
        "confidence": ev.confidence,
        "coder": json.dumps(ev.coder, sort_keys=True),
        "actor_implicit": bool(ev.actor and ev.actor.implicit),
        "recipient_implicit": bool(ev.recipient and ev.recipient.implicit),
        **_actor_cells("reported_by", ev.reported_by),
        "reported_by_implicit": bool(ev.reported_by and ev.reported_by.implicit),
        "claimed": ev.claimed,
        "salience": ev.salience,
    }


def storage_problem(doc: Document) -> str | None:
    """Why this coded document cannot be stored as it is (a date or a number beyond what the
    store and the merge can hold), in words for the user; None when it can."""
    span = f"{EARLIEST.isoformat()}..{LATEST.isoformat()}"
    if doc.pub_date is not None and not in_range(doc.pub_date):
        return f"its publication date {doc.pub_date.isoformat()} is outside what eventmill can store ({span})"
    for ev in doc.events:
        for name, value in (("date", ev.date), ("deadline", ev.deadline)):
            if value is None:
                continue
            try:
                day = date.fromisoformat(str(value)[:10])
            except ValueError:
                return f"an event's {name} {value!r} is not a date"
            if not in_range(day):
                return f"an event's {name} {day.isoformat()} is outside what eventmill can store ({span})"
        if ev.size is not None:
            for figure in (ev.size.dead, ev.size.injured, ev.size.arrested):
                if figure is not None and not 0 <= figure <= _INT32:
                    return f"an event's size {figure} is beyond what eventmill can store (0..{_INT32:,})"
    return None


def stored_mentions(doc: Document) -> list[Event]:
    """What ``event_mentions`` holds of a coded document: one record per sentence that reports an
    event, each coded as the event it reports (its actors, date, place and figures, so the merge
    keeps a story's mentions of one incident together) with its own evidence (sentence, offsets,
    trigger) and its own id. A document that comes without its events folded (made by hand, or
    by a pipeline without the fold) is folded here, so a store holds one kind of row."""
    from eventmill.events.incidents import fold

    out = []
    for ev in doc.incidents or fold(doc, doc.events):
        for m in ev.mentions or [Mention.of(ev)]:
            info = {"start": m.start, "end": m.end, "trigger_start": m.trigger_start, "trigger_end": m.trigger_end}
            out.append(replace(ev, id=m.id, sentence=m.sentence, text_info=info, event_text=m.event_text, mentions=[]))
    return out


def entity_rows(doc: Document) -> list[dict[str, Any]]:
    """Actor, place and time mentions of a document as ``entity_mentions`` rows."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for a in doc.actors:
        if a.start is None or a.end is None or ("actor", a.start, a.end) in seen:
            continue
        seen.add(("actor", a.start, a.end))
        rows.append(
            {
                "doc_id": doc.id,
                "kind": "actor",
                "start_char": a.start,
                "end_char": a.end,
                "text": a.entity_text,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "code": a.code,
                "kb_id": a.kb_id,
            }
        )
    for p in doc.places:
        if p.start is None or p.end is None or ("place", p.start, p.end) in seen:
            continue
        seen.add(("place", p.start, p.end))
        rows.append(
            {
                "doc_id": doc.id,
                "kind": "place",
                "start_char": p.start,
                "end_char": p.end,
                "text": p.text,
                "name": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "admin1": p.admin1,
                "geonameid": p.geonameid,
                "feature": p.feature,
            }
        )
    for t in doc.timexes:
        if ("time", t.start, t.end) in seen:
            continue
        seen.add(("time", t.start, t.end))
        rows.append(
            {
                "doc_id": doc.id,
                "kind": "time",
                "start_char": t.start,
                "end_char": t.end,
                "text": t.text,
                "timex_type": t.type,
                "timex_value": t.value,
            }
        )
    return rows


def _clean(v: Any) -> Any:
    """DuckDB/pandas values to JSON-ready ones (NaN -> None, dates -> ISO strings)."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, list | tuple | str):  # numpy scalar
        return _clean(v.item())
    if hasattr(v, "tolist"):  # numpy array (a list column)
        return list(v.tolist())
    return v


def _int(v: Any) -> int | None:
    v = _clean(v)
    return None if v is None else int(v)


def _actor_from_row(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    cells = {f: _clean(row.get(f"{prefix}_{f}")) for f in _ACTOR_FIELDS}
    if not any(cells[f] for f in ("text", "code", "country", "name")):
        return None
    return {
        "entity_text": cells["text"],
        "name": cells["name"],
        "country": cells["country"],
        "sector": cells["sector"],
        "code": cells["code"],
        "kb_id": cells["kb_id"],
        "kb_source": cells["kb_source"],
        "start": _int(cells["start"]),
        "end": _int(cells["end"]),
        "implicit": bool(_clean(row.get(f"{prefix}_implicit"))),
    }


def row_to_contract(row: dict[str, Any]) -> dict[str, Any]:
    """An ``event_table`` row as the output contract (plus the merge counts)."""
    loc = {f: _clean(row.get(f"loc_{f}")) for f in _PLACE_FIELDS}
    has_loc = any(loc[f] is not None for f in ("text", "name", "lat"))
    if has_loc:
        loc["geonameid"] = _int(loc["geonameid"])
        loc["start"] = _int(loc["start"])
        loc["end"] = _int(loc["end"])
    size = {k: _int(row.get(f"size_{k}")) for k in ("dead", "injured", "arrested")}
    coder = _clean(row.get("coder"))
    text_info = {"start": _int(row.get("start_char")), "end": _int(row.get("end_char"))}
    if _clean(row.get("trigger_start")) is not None:
        text_info["trigger_start"] = _int(row.get("trigger_start"))
        text_info["trigger_end"] = _int(row.get("trigger_end"))
    out = {
        "id": _clean(row.get("event_id")),
        "story_id": _clean(row.get("doc_id")),
        "url": _clean(row.get("url")),
        "source": _clean(row.get("source")),
        "pub_date": _clean(row.get("pub_date")),
        "sentence": _int(row.get("sentence")),
        "event": _clean(row.get("event")),
        "mode": _clean(row.get("mode")),
        "context": _clean(row.get("context")) or [],
        "cameo": _clean(row.get("cameo")),
        "quad_code": _int(row.get("quad_code")),
        "goldstein": _clean(row.get("goldstein")),
        "aux": _clean(row.get("aux")) or [],
        "intended": _clean(row.get("intended")),
        "joint": bool(_clean(row.get("joint"))),
        "date": _clean(row.get("date")),
        "date_precision": _clean(row.get("date_precision")),
        "deadline": _clean(row.get("deadline")),
        "actor": _actor_from_row(row, "actor"),
        "recipient": _actor_from_row(row, "recipient"),
        "event_loc": loc if has_loc else None,
        "size": size if any(v is not None for v in size.values()) else None,
        "reported_by": _actor_from_row(row, "reported_by"),
        "claimed": bool(_clean(row.get("claimed"))),
        "salience": _clean(row.get("salience")) or "main",
        "event_text": _clean(row.get("event_text")),
        "text_info": text_info,
        "confidence": _clean(row.get("confidence")),
        "coder": json.loads(coder) if coder else {},
    }
    for k in ("mention_id", "num_mentions", "num_articles", "num_sources", "first_seen"):
        if k in row:
            out[k] = _clean(row[k])
    return out
