"""Request bodies and the response shapes the OpenAPI document shows.

Events themselves follow the output contract (docs/output-format.md); they are typed
loosely here (``dict``) so the contract is defined in one place, ``Event.to_dict``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

MAX_TEXT = 1_000_000
MAX_DOCUMENTS = 1000


class Error(BaseModel):
    detail: str = Field(description="What went wrong, and what to do about it.")


class EventsPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="Events in the output contract, with merge counts.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    limit: int
    total: int | None = Field(None, description="Events the filters select (when `total=true`).")


class EventDetail(BaseModel):
    model_config = {"extra": "allow"}
    id: str
    mentions: list[dict[str, Any]] = Field(
        description="Every report of the event: the contract fields plus `evidence` "
        "{text, start, end, highlights: [{role, start, end}]} (offsets relative to the sentence)."
    )


class TimeSeries(BaseModel):
    interval: str
    by: str
    on: str
    normalize: bool
    series: list[dict[str, Any]] = Field(
        description="One row per period (and series key): events, mentions, goldstein_sum, goldstein_mean "
        "[, documents, normalized]."
    )


class Network(BaseModel):
    level: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class Places(BaseModel):
    places: list[dict[str, Any]] = Field(
        description="One row per event location: name, lat, lon, country, precision, events, quad1..quad4, "
        "first_date, last_date."
    )


class Actors(BaseModel):
    actors: list[dict[str, Any]]


class Commitments(BaseModel):
    commitments: list[dict[str, Any]]


class Stats(BaseModel):
    model_config = {"extra": "allow"}
    documents: int
    events: int
    event_mentions: int


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The story text.")
    date: dt.date | None = Field(None, description="Publication date; relative dates resolve against it.")
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None


class CodeResponse(BaseModel):
    events: list[dict[str, Any]]


class IngestRequest(BaseModel):
    documents: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=MAX_DOCUMENTS,
        description='Records as in a JSON Lines input: {"text", "id"?, "date"?, "title"?, "source"?, "url"?}.',
    )


class IngestResponse(BaseModel):
    read: int
    coded: int
    events: int
    skipped: dict[str, int]
    problems: list[str] = Field(description="One line per record that could not be read, naming it.")
