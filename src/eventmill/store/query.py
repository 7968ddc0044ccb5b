"""Event filters: one implementation behind the CLI, the Python API and the HTTP API.

:class:`EventFilter` turns filter values into a ``WHERE`` clause over the ``event_table``
view, a total sort order, and keyset (cursor) pagination. ``eventmill query``/``export``,
``Store.events()``, the aggregates (``store/aggregate.py``) and ``GET /events`` all build
their SQL here, so a filter means the same thing everywhere.

Pagination is by cursor, not by offset: a cursor names the last event of a page by its
sort key, so the next page starts right after it even when events were added meanwhile
(an offset would shift and repeat or skip events).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from eventmill.errors import ConfigError
from eventmill.records import AUX_MODES, PLOVER_TYPES

SORTABLE = ("date", "pub_date", "first_seen", "confidence", "goldstein", "num_mentions", "event_id")
_DATE_KEYS = ("date", "pub_date", "first_seen")

# The evidence sentence of an ``event_table`` row, cut from its story's text. Offsets are
# 0-based code points (Python's); DuckDB's substr counts code points from 1.
EVIDENCE_SQL = (
    "(SELECT substr(d.text, event_table.start_char + 1, event_table.end_char - event_table.start_char) "
    "FROM documents d WHERE d.doc_id = event_table.doc_id)"
)

# Tie-breakers after the sort key: together with it they order events totally (event_id
# is unique), so output is reproducible and a cursor names exactly one position.
_TIE_COLUMNS = ("doc_id", "coalesce(sentence, -1)", "coalesce(start_char, -1)", "event_id")


def like_pattern(text: str) -> str:
    """A substring pattern for ILIKE ... ESCAPE '\\' (the user's % and _ are literal)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def parse_bbox(value: str | Sequence[float]) -> tuple[float, float, float, float]:
    """``"west,south,east,north"`` (degrees; GeoJSON order) or a 4-sequence, checked."""
    parts: Sequence[Any] = value.split(",") if isinstance(value, str) else value
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bbox={value!r}: give four numbers west,south,east,north, e.g. 35,29,49,38") from exc
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ConfigError(f"bbox={value!r}: longitudes must be within -180..180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ConfigError(f"bbox={value!r}: latitudes must be within -90..90")
    if south > north:
        raise ConfigError(f"bbox={value!r}: south ({south}) is north of north ({north}); the order is w,s,e,n")
    return west, south, east, north


@dataclass(slots=True)
class EventFilter:
    """What to select from ``event_table``, in which order, from which position.

    ``actor``/``recipient`` match CAMEO-style codes by prefix ("IRQ" matches "IRQGOV");
    ``party`` matches either side; with ``exact`` the three match whole codes only ("IRQ"
    is then the code IRQ alone: what a network node or line counts). ``country`` matches
    the actor's, the recipient's or the location's country; ``actor_country`` and
    ``recipient_country`` that side's country alone; ``sector`` the actor's or the recipient's. ``cameo`` is a code
    prefix ("19" is every fight). Negated events are left out unless ``aux`` asks for them
    or ``include_negated`` is set: they are reported non-events (PRODUCT.md). ``since``
    and ``until`` apply to the event date, else the publication date. ``bbox`` is
    ``(west, south, east, north)`` over the event location (west > east crosses the
    antimeridian). ``text`` is a case-insensitive substring of the evidence sentence,
    the trigger phrase or either party's text. ``order`` names the sort key, ``-key`` (or
    ``descending``) for descending; ``after`` is a cursor from :meth:`cursor`.
    """

    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    exact: bool = False
    country: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    sector: str | None = None
    event: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_code: list[int] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    include_negated: bool = False
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    story_id: str | None = None
    min_confidence: float | None = None
    text: str | None = None
    order: str = "date"
    descending: bool = False
    limit: int | None = None
    offset: int = 0
    after: str | None = None

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> EventFilter:
        """Build from loose values (strings for dates and the bbox, scalars for lists)."""
        known = {f.name for f in fields(cls)}
        unknown = set(kwargs) - known
        if unknown:
            raise ConfigError(
                f"unknown event filter(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        for key in ("event", "quad_code", "aux"):
            v = kwargs.get(key)
            if v is not None and not isinstance(v, list | tuple | set):
                kwargs[key] = [v]
            elif v is not None:
                kwargs[key] = list(v)
        if kwargs.get("quad_code"):
            try:
                kwargs["quad_code"] = [int(q) for q in kwargs["quad_code"]]
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"quad_code={kwargs['quad_code']!r}: quad classes are 1, 2, 3 or 4") from exc
        for key in ("since", "until"):
            v = kwargs.get(key)
            if isinstance(v, str):
                try:
                    kwargs[key] = date.fromisoformat(v)
                except ValueError as exc:
                    raise ConfigError(f"{key}={v!r} is not a date (use YYYY-MM-DD)") from exc
        if kwargs.get("bbox") is not None:
            kwargs["bbox"] = parse_bbox(kwargs["bbox"])
        flt = cls(**{k: v for k, v in kwargs.items() if v is not None})
        flt.validate()
        return flt

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the bad value and the accepted ones."""
        bad = [t for t in self.event if t.upper() not in PLOVER_TYPES]
        if bad:
            raise ConfigError(f"unknown event type(s) {', '.join(bad)}; PLOVER types: {', '.join(PLOVER_TYPES)}")
        bad = [a for a in self.aux if a not in AUX_MODES]
        if bad:
            raise ConfigError(f"unknown aux mode(s) {', '.join(bad)}; use {', '.join(AUX_MODES)}")
        bad_q = [q for q in self.quad_code if q not in (1, 2, 3, 4)]
        if bad_q:
            raise ConfigError(f"unknown quad class(es) {', '.join(map(str, bad_q))}; quad classes are 1, 2, 3 or 4")
        if self.cameo is not None and not (self.cameo.isdigit() and 1 <= len(self.cameo) <= 4):
            raise ConfigError(f"cameo={self.cameo!r}: a CAMEO code prefix is 1-4 digits, e.g. 19 or 042")
        if self.order.lstrip("-") not in SORTABLE:
            raise ConfigError(f"cannot sort by {self.order!r}; use one of {', '.join(SORTABLE)} (prefix - to reverse)")
        if self.limit is not None and self.limit < 0:
            raise ConfigError("limit must be >= 0")
        if self.offset < 0:
            raise ConfigError("offset must be >= 0")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ConfigError(f"min_confidence={self.min_confidence}: confidence is between 0 and 1")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"since ({self.since}) is after until ({self.until})")
        if self.after is not None:
            self._decode_cursor(self.after)

    # ------------------------------------------------------------------ WHERE

    def where(self) -> tuple[str, list[Any]]:
        """SQL ``WHERE`` clause (over ``event_table``) and its parameters; no cursor."""
        clauses: list[str] = []
        params: list[Any] = []
        # a code prefix, or with ``exact`` the whole code
        match = "{} = ?" if self.exact else "starts_with({}, ?)"
        if self.actor:
            clauses.append(match.format("actor_code"))
            params.append(self.actor.upper())
        if self.recipient:
            clauses.append(match.format("recipient_code"))
            params.append(self.recipient.upper())
        if self.party:
            clauses.append(f"({match.format('actor_code')} OR {match.format('recipient_code')})")
            params += [self.party.upper()] * 2
        if self.country:
            clauses.append("(actor_country = ? OR recipient_country = ? OR loc_country = ?)")
            params += [self.country.upper()] * 3
        if self.actor_country:
            clauses.append("actor_country = ?")
            params.append(self.actor_country.upper())
        if self.recipient_country:
            clauses.append("recipient_country = ?")
            params.append(self.recipient_country.upper())
        if self.sector:
            clauses.append("(actor_sector = ? OR recipient_sector = ?)")
            params += [self.sector.upper()] * 2
        if self.event:
            clauses.append(f"event IN ({', '.join('?' for _ in self.event)})")
            params += [t.upper() for t in self.event]
        if self.cameo:
            clauses.append("starts_with(cameo, ?)")
            params.append(self.cameo)
        if self.quad_code:
            clauses.append(f"quad_code IN ({', '.join('?' for _ in self.quad_code)})")
            params += [int(q) for q in self.quad_code]
        for mode in self.aux:
            clauses.append("list_contains(aux, ?)")
            params.append(mode)
        if not self.include_negated and "negated" not in self.aux:
            clauses.append("NOT list_contains(coalesce(aux, []), 'negated')")
        if self.since:
            clauses.append("coalesce(date, pub_date) >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("coalesce(date, pub_date) <= ?")
            params.append(self.until)
        if self.bbox:
            west, south, east, north = self.bbox
            clauses.append("loc_lat BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("loc_lon BETWEEN ? AND ?")
                params += [west, east]
            else:  # the box crosses the antimeridian
                clauses.append("(loc_lon >= ? OR loc_lon <= ?)")
                params += [west, east]
        if self.story_id:
            clauses.append("doc_id = ?")
            params.append(self.story_id)
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.text:
            pattern = like_pattern(self.text)
            clauses.append(
                "(event_text ILIKE ? ESCAPE '\\' OR actor_text ILIKE ? ESCAPE '\\' "
                "OR recipient_text ILIKE ? ESCAPE '\\' "
                f"OR {EVIDENCE_SQL} ILIKE ? ESCAPE '\\')"
            )
            params += [pattern] * 4
        return (" AND ".join(clauses) or "TRUE"), params

    # ------------------------------------------------------------------ order and cursor

    @property
    def _desc(self) -> bool:
        return self.descending or self.order.startswith("-")

    def sort_key_sql(self) -> str:
        """The sort key as SQL; missing values sort last in either direction."""
        key = self.order.lstrip("-")
        if key == "event_id":
            return "event_id"
        if key in _DATE_KEYS:
            sentinel = "DATE '0001-01-01'" if self._desc else "DATE '9999-12-31'"
        else:
            sentinel = "'-inf'::DOUBLE" if self._desc else "'inf'::DOUBLE"
        return f"coalesce({key}, {sentinel})"

    def order_sql(self) -> str:
        direction = "DESC" if self._desc else "ASC"
        return f"{self.sort_key_sql()} {direction}, {', '.join(_TIE_COLUMNS)}"

    def cursor(self, row: Mapping[str, Any]) -> str:
        """The cursor that continues after ``row`` (selected with :meth:`sql`
        ``(with_cursor=True)``): an opaque URL-safe string."""
        key = row["_sort_key"]
        if isinstance(key, date):
            key = key.isoformat()
        elif hasattr(key, "item"):
            key = key.item()
        ties = [row["doc_id"], row["_tie_sentence"], row["_tie_start"], row["event_id"]]
        payload = json.dumps([self.order.lstrip("-"), self._desc, key, *ties], separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")

    def _decode_cursor(self, cursor: str) -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            order, desc, key, doc_id, sentence, start, event_id = json.loads(raw)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"cursor {cursor!r} is not a cursor this server made; start again without it") from exc
        if order != self.order.lstrip("-") or desc != self._desc:
            raise ConfigError(
                f"the cursor was made for order={'-' if desc else ''}{order}; "
                f"this request sorts by {'-' if self._desc else ''}{self.order.lstrip('-')}"
            )
        if order in _DATE_KEYS:
            try:
                key = date.fromisoformat(key)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"cursor {cursor!r} is damaged (bad date)") from exc
        elif order != "event_id" and not isinstance(key, int | float):
            raise ConfigError(f"cursor {cursor!r} is damaged (bad sort key)")
        if not (isinstance(doc_id, str) and isinstance(event_id, str)):
            raise ConfigError(f"cursor {cursor!r} is damaged")
        if not (isinstance(sentence, int) and isinstance(start, int)):
            raise ConfigError(f"cursor {cursor!r} is damaged")
        return [key, doc_id, sentence, start, event_id]

    def _after_clause(self) -> tuple[str, list[Any]]:
        assert self.after is not None
        key, *ties = self._decode_cursor(self.after)
        if isinstance(key, float) and key in (float("inf"), float("-inf")):
            key_sql = "'inf'::DOUBLE" if key > 0 else "'-inf'::DOUBLE"
            key_params: list[Any] = []
        else:
            key_sql, key_params = "?", [key]
        tie_row = f"({', '.join(_TIE_COLUMNS)})"
        op = "<" if self._desc else ">"
        key = self.sort_key_sql()
        clause = f"({key} {op} {key_sql} OR ({key} = {key_sql} AND {tie_row} > (?, ?, ?, ?)))"
        return clause, [*key_params, *key_params, *ties]

    # ------------------------------------------------------------------ the query

    def sql(self, columns: str = "*", *, with_cursor: bool = False) -> tuple[str, list[Any]]:
        """``SELECT columns FROM event_table`` filtered, ordered, paged. With
        ``with_cursor`` the rows also carry what :meth:`cursor` needs."""
        where, params = self.where()
        if self.after:
            clause, more = self._after_clause()
            where = f"{where} AND {clause}"
            params = params + more
        if with_cursor:
            columns += (
                f", {self.sort_key_sql()} AS _sort_key, coalesce(sentence, -1) AS _tie_sentence, "
                "coalesce(start_char, -1) AS _tie_start"
            )
        order = self.order_sql()
        if self.limit is None:
            sql = f"SELECT {columns} FROM event_table WHERE {where} ORDER BY {order}"
            if self.offset:
                sql += f" OFFSET {int(self.offset)}"
            return sql, params
        # A page: find its event ids on the sort columns alone, then read the wide rows
        # of those only (sorting every full row to keep 100 costs several times more).
        page = f"SELECT event_id FROM event_table WHERE {where} ORDER BY {order} LIMIT {int(self.limit)}"
        if self.offset:
            page += f" OFFSET {int(self.offset)}"
        sql = f"SELECT {columns} FROM event_table WHERE event_id IN ({page}) ORDER BY {order}"
        return sql, params
