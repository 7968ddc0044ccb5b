"""Event filters: one implementation behind the CLI, the Python API and the HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from eventmill.errors import ConfigError
from eventmill.records import AUX_MODES, PLOVER_TYPES

SORTABLE = ("date", "pub_date", "confidence", "goldstein", "num_mentions", "event_id")


@dataclass(slots=True)
class EventFilter:
    """What to select from ``event_table``.

    ``actor``/``recipient`` match CAMEO-style codes by prefix ("IRQ" matches "IRQGOV");
    ``party`` matches either side. ``country`` matches the actor's, the recipient's or the
    location's country. Negated events are left out unless ``aux`` asks for them or
    ``include_negated`` is set: they are reported non-events (PRODUCT.md).
    """

    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    country: str | None = None
    sector: str | None = None
    event: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_code: list[int] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    include_negated: bool = False
    since: date | None = None
    until: date | None = None
    story_id: str | None = None
    min_confidence: float | None = None
    text: str | None = None
    order: str = "date"
    descending: bool = False
    limit: int | None = None
    offset: int = 0

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> EventFilter:
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
        for key in ("since", "until"):
            v = kwargs.get(key)
            if isinstance(v, str):
                try:
                    kwargs[key] = date.fromisoformat(v)
                except ValueError as exc:
                    raise ConfigError(f"{key}={v!r} is not a date (use YYYY-MM-DD)") from exc
        flt = cls(**{k: v for k, v in kwargs.items() if v is not None})
        flt.validate()
        return flt

    def validate(self) -> None:
        bad = [t for t in self.event if t.upper() not in PLOVER_TYPES]
        if bad:
            raise ConfigError(f"unknown event type(s) {', '.join(bad)}; PLOVER types: {', '.join(PLOVER_TYPES)}")
        bad = [a for a in self.aux if a not in AUX_MODES]
        if bad:
            raise ConfigError(f"unknown aux mode(s) {', '.join(bad)}; use {', '.join(AUX_MODES)}")
        if self.order.lstrip("-") not in SORTABLE:
            raise ConfigError(f"cannot sort by {self.order!r}; use one of {', '.join(SORTABLE)}")
        if self.limit is not None and self.limit < 0:
            raise ConfigError("limit must be >= 0")

    def where(self) -> tuple[str, list[Any]]:
        """SQL ``WHERE`` clause (over ``event_table``) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("starts_with(actor_code, ?)")
            params.append(self.actor.upper())
        if self.recipient:
            clauses.append("starts_with(recipient_code, ?)")
            params.append(self.recipient.upper())
        if self.party:
            clauses.append("(starts_with(actor_code, ?) OR starts_with(recipient_code, ?))")
            params += [self.party.upper()] * 2
        if self.country:
            clauses.append("(actor_country = ? OR recipient_country = ? OR loc_country = ?)")
            params += [self.country.upper()] * 3
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
        if self.story_id:
            clauses.append("doc_id = ?")
            params.append(self.story_id)
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.text:
            clauses.append("(event_text ILIKE ? OR actor_text ILIKE ? OR recipient_text ILIKE ?)")
            params += [f"%{self.text}%"] * 3
        return (" AND ".join(clauses) or "TRUE"), params

    def sql(self, columns: str = "*") -> tuple[str, list[Any]]:
        where, params = self.where()
        key = self.order.lstrip("-")
        desc = self.descending or self.order.startswith("-")
        direction = "DESC" if desc else "ASC"
        # The tie-breakers make the order total, so output is reproducible.
        order = f"{key} {direction} NULLS LAST, doc_id, sentence, start_char, event_id"
        sql = f"SELECT {columns} FROM event_table WHERE {where} ORDER BY {order}"
        if self.limit is not None:
            sql += f" LIMIT {int(self.limit)}"
        if self.offset:
            sql += f" OFFSET {int(self.offset)}"
        return sql, params
