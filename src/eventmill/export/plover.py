"""Strict PLOVER records (``plover-jsonl``), and the JSON Schema they validate against.

The field names, types and nesting follow the PLOVER manual's "Data Fields" chapter
(openeventdata/PLOVER, PLOVER_MANUAL.tex: the tables "PLOVER JSON", "Information object
for entities", "... for text", "... for size", "... for citations" and "Location
object"). Only PLOVER's fields appear, with PLOVER's semantics:

- ``actor``/``recipient`` are *lists* of entity objects whose ``code`` is the 3-character
  entity code (ISO alpha-3 country; UNO, EUR, IGO, NGO, IMG, MNC for international actors)
  and whose ``sector`` is a PLOVER sector code (JRN for media, MED for health);
- ``event``, ``mode``, ``context`` and ``event_text`` are lists; a field with nothing to
  say is null, as the manual asks;
- the auxiliary modes go into ``context`` (historical, future, hypothetical, negation), as
  the manual's section "Auxiliary modes" says the coder should put them;
- ``event_scale`` is the Goldstein value of the event's CAMEO code (GDELT's table);
- ``date`` is required: an event without a date (its story had none) is left out.

Joint actors stay one record per actor with the other as recipient (PRODUCT.md: the
CAMEO convention for dyadic data); the records of one joint event share a ``link``.
eventmill's extensions without a PLOVER field (``intended``, ``deadline``, ``confidence``,
``date_precision``, the CAMEO code) are written into ``comment`` as ``key=value`` pairs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventmill.export.codes import country_name, plover_entity_code, plover_sector
from eventmill.records import PLOVER_TYPES
from eventmill.store.query import EVIDENCE_SQL

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

# PLOVER's names for eventmill's auxiliary modes (manual, section "Auxiliary modes").
AUX_CONTEXT = {"negated": "negation", "future": "future", "hypothetical": "hypothetical", "historical": "historical"}
# Location precision -> the location object's ``resolution`` (5 sub-city ... 1 country).
RESOLUTION = {"landmark": 5, "city": 4, "admin1": 2, "country": 1}
_QID = re.compile(r"^Q[1-9][0-9]*$")

_NULLABLE_STRING = {"type": ["string", "null"]}
_STRING_LIST = {"type": ["array", "null"], "items": {"type": "string"}}
_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

ENTITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
        "sector": {"type": ["string", "null"], "pattern": "^[A-Z]{3}([A-Z]{3})?$"},
        "entity_text": _NULLABLE_STRING,
        "identifier_id": _NULLABLE_STRING,
        "identifier_text": _NULLABLE_STRING,
        "religion": _NULLABLE_STRING,
        "ethnicity": _NULLABLE_STRING,
        "office": _NULLABLE_STRING,
        "gender": _NULLABLE_STRING,
        "age": {"type": ["integer", "null"], "minimum": 0},
    },
    "additionalProperties": False,
}

LOCATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "extracted_place": _NULLABLE_STRING,
        "resolved_place": _NULLABLE_STRING,
        "geonameid": {"type": ["integer", "null"]},
        "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
        "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        "city": _NULLABLE_STRING,
        "district": _NULLABLE_STRING,
        "province": _NULLABLE_STRING,
        "country": _NULLABLE_STRING,
        "country_code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
        "feature_class": {"type": ["string", "null"], "pattern": "^[AHLPRSTUV]$"},
        "feature_code": _NULLABLE_STRING,
        "resolution": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
    },
    "additionalProperties": False,
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "PLOVER event record",
    "description": "One event in the PLOVER data format (PLOVER manual, chapter 'Data Fields'), as eventmill "
    "writes it with `eventmill export --format plover-jsonl`.",
    "type": "object",
    "required": ["id", "date", "actor", "event"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "has_event": {"type": ["boolean", "null"]},
        "date": _DATE,
        "time": _NULLABLE_STRING,
        "enddate": {"anyOf": [_DATE, {"type": "null"}]},
        "endtime": _NULLABLE_STRING,
        "actor": {"type": "array", "items": ENTITY_SCHEMA},
        "recipient": {"type": ["array", "null"], "items": ENTITY_SCHEMA},
        "event": {"type": "array", "minItems": 1, "items": {"enum": list(PLOVER_TYPES)}},
        "event_loc": {"anyOf": [LOCATION_SCHEMA, {"type": "null"}]},
        "event_text": _STRING_LIST,
        "quad_code": {"type": ["integer", "null"], "enum": [1, 2, 3, 4, None]},
        "event_scale": {"type": ["number", "null"], "minimum": -10, "maximum": 10},
        "mode": _STRING_LIST,
        "context": _STRING_LIST,
        "link": _NULLABLE_STRING,
        "text": _NULLABLE_STRING,
        "text_info": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "sequence": {"type": ["integer", "null"], "minimum": 0},
                        "start": {"type": ["integer", "null"], "minimum": 0},
                        "end": {"type": ["integer", "null"], "minimum": 0},
                        "text_story": _STRING_LIST,
                    },
                    "additionalProperties": False,
                },
                {"type": "null"},
            ]
        },
        "size": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "dead": {"type": ["integer", "null"], "minimum": 0},
                        "injured": {"type": ["integer", "null"], "minimum": 0},
                        "arrested": {"type": ["integer", "null"], "minimum": 0},
                    },
                    "additionalProperties": False,
                },
                {"type": "null"},
            ]
        },
        "cite_info": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        k: _NULLABLE_STRING
                        for k in (
                            "corpus",
                            "citation",
                            "url",
                            "title",
                            "language",
                            "publication",
                            "license",
                            "copyright",
                            "coder",
                            "codebook",
                            "version",
                        )
                    },
                    "additionalProperties": False,
                },
                {"type": "null"},
            ]
        },
        "coder": _NULLABLE_STRING,
        "coded_date": {"anyOf": [_DATE, {"type": "null"}]},
        "coded_time": _NULLABLE_STRING,
        "comment": _NULLABLE_STRING,
    },
    "additionalProperties": False,
}

# Extra columns the records need beyond event_table: when and in which language the
# story was coded.
_DOC = "(SELECT d.{f} FROM documents d WHERE d.doc_id = event_table.doc_id)"
_EXTRA_COLUMNS = f"{_DOC.format(f='ingested_at')} AS _ingested_at, {_DOC.format(f='language')} AS _language"


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, date) else (str(v) if v is not None else None)


def _entity(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    text, name = row.get(f"{prefix}_text"), row.get(f"{prefix}_name")
    country, code = row.get(f"{prefix}_country"), row.get(f"{prefix}_code")
    if not any((text, name, country, code)):
        return None
    kb_id = row.get(f"{prefix}_kb_id")
    if kb_id and not _QID.match(kb_id):
        kb_id = f"eventmill:{kb_id}"  # PLOVER expects a Wikidata id; say whose id this is
    return {
        "code": plover_entity_code(country, code),
        "sector": plover_sector(row.get(f"{prefix}_sector")),
        "entity_text": text,
        "identifier_id": kb_id,
        "identifier_text": name if kb_id else None,
        "religion": None,
        "ethnicity": None,
        "office": None,
        "gender": None,
        "age": None,
    }


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("loc_lat") is None and not row.get("loc_name"):
        return None
    precision = row.get("loc_precision")
    feature = row.get("loc_feature")
    feature_class: str | None
    feature_code: str | None
    if feature == "LANDMARK":  # a building or spot: GeoNames class S, no GeoNames code
        feature_class, feature_code = "S", None
    elif feature:
        feature_class, feature_code = feature[0] if feature[0] in "AHLPRSTUV" else None, feature
    else:
        feature_class = feature_code = None
    if feature_class is None and precision == "country":
        feature_class = "A"
    return {
        "extracted_place": row.get("loc_text"),
        "resolved_place": row.get("loc_name"),
        "geonameid": int(row["loc_geonameid"]) if row.get("loc_geonameid") is not None else None,
        "lat": row.get("loc_lat"),
        "lon": row.get("loc_lon"),
        "city": row.get("loc_name") if precision == "city" else None,
        "district": None,
        "province": None,
        "country": country_name(row.get("loc_country")),
        "country_code": row.get("loc_country"),
        "feature_class": feature_class,
        "feature_code": feature_code,
        "resolution": RESOLUTION.get(precision or ""),
    }


def joint_link(row: dict[str, Any]) -> str:
    """The ``link`` shared by the one-per-actor records of one joint event: they come
    from the same trigger in the same sentence, with the same type."""
    key = "|".join(str(row.get(k)) for k in ("doc_id", "sentence", "trigger_start", "trigger_end", "event"))
    return "joint-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _coder(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return raw
    version = info.get("eventmill")
    rest = ", ".join(f"{k} {v}" for k, v in sorted(info.items()) if k != "eventmill")
    return f"eventmill {version}" + (f" ({rest})" if rest else "") if version else rest or None


def plover_record(row: dict[str, Any], with_text: bool = False) -> dict[str, Any] | None:
    """An ``event_table`` row as a strict PLOVER record; None when it has no date."""
    if row.get("date") is None:
        return None
    actor = _entity(row, "actor")
    recipient = _entity(row, "recipient")
    context = list(row.get("context") or []) + [AUX_CONTEXT[a] for a in (row.get("aux") or []) if a in AUX_CONTEXT]
    size = {k: row.get(f"size_{k}") for k in ("dead", "injured", "arrested")}
    ingested = row.get("_ingested_at")
    notes = []
    for key in ("intended", "deadline", "date_precision", "cameo", "confidence"):
        value = row.get(key)
        if value is not None:
            notes.append(f"{key}={_iso(value)}")
    if row.get("joint"):
        notes.append("joint=true")
    return {
        "id": row["event_id"],
        "has_event": True,
        "date": _iso(row["date"]),
        "actor": [actor] if actor else [],
        "recipient": [recipient] if recipient else None,
        "event": [row["event"]],
        "event_loc": _location(row),
        "event_text": [row["event_text"]] if row.get("event_text") else None,
        "quad_code": row.get("quad_code"),
        "event_scale": row.get("goldstein"),
        "mode": [row["mode"]] if row.get("mode") else None,
        "context": context or None,
        "link": joint_link(row) if row.get("joint") else None,
        "text": row.get("_text") if with_text else None,
        "text_info": {"sequence": row.get("sentence"), "start": row.get("start_char"), "end": row.get("end_char")},
        "size": size if any(v is not None for v in size.values()) else None,
        "cite_info": {
            "citation": row.get("doc_id"),
            "url": row.get("url"),
            "title": row.get("title"),
            "language": row.get("_language"),
            "publication": row.get("source"),
        },
        "coder": _coder(row.get("coder")),
        "coded_date": ingested.date().isoformat() if isinstance(ingested, datetime) else None,
        "coded_time": ingested.time().isoformat(timespec="seconds") if isinstance(ingested, datetime) else None,
        "comment": "eventmill: " + "; ".join(notes) if notes else None,
    }


def plover_rows(
    store: Store, flt: EventFilter, with_text: bool = False, notes: list[str] | None = None
) -> Iterator[str]:
    """Strict PLOVER records, one per line. Events without a date are left out (PLOVER
    requires one); once all are read, ``notes`` says how many."""
    columns = f"*, {_EXTRA_COLUMNS}" + (f", {EVIDENCE_SQL} AS _text" if with_text else "")
    undated = 0
    for row in store.iter_rows(flt, columns):
        rec = plover_record(row, with_text=with_text)
        if rec is None:
            undated += 1
            continue
        yield json.dumps(rec, ensure_ascii=False) + "\n"
    if undated and notes is not None:
        notes.append(f"{undated} events without a date left out (PLOVER requires a date; their stories had none)")
