"""GDELT 2.0 Events rows (``gdelt-tsv``): the 61 tab-separated columns of GDELT's event
table, so tools and code written for GDELT load eventmill data unchanged.

Column names, order and types follow the GDELT 2.0 Event Database codebook. What
eventmill knows goes where GDELT puts it; what it does not compute stays empty rather
than guessed: ``AvgTone`` (no tone model), the ethnic and religion codes, and the
Actor1Geo/Actor2Geo blocks (eventmill locates the event, not each actor). Specifics:

- ``GLOBALEVENTID``: GDELT wants an integer, eventmill ids are strings, so it is the
  first 52 bits of the SHA-1 of the eventmill event id (:func:`global_event_id`), stable
  across exports and exact even as a double; the eventmill id itself is not a GDELT column.
- ``SQLDATE``/``MonthYear``/``Year``/``FractionDate``: the event date (empty when the
  story had no date: eventmill never guesses one); ``FractionDate`` is the year plus the
  fraction of the year elapsed at that day.
- ``Actor1Code``: eventmill's CAMEO-style code with CAMEO country codes (ROM for
  Romania); ``Actor1Name`` in capitals as GDELT writes names; ``Actor1Type1Code`` the
  sector; ``Actor1KnownGroupCode`` the organisation tag of IGO/NGO/group codes (UNO).
- ``IsRootEvent``: 1 when the evidence lies in the story's first paragraph (GDELT's
  "lead paragraph").
- ``EventCode``/``EventBaseCode``/``EventRootCode``: CAMEO code, its 3- and 2-digit
  prefixes, always strings with leading zeros. ``QuadClass`` is GDELT's, from the root.
- ``GoldsteinScale``: GDELT's published value for the code.
- ``NumMentions``/``NumSources``/``NumArticles``: eventmill's merge counts.
- ``ActionGeo_Type``: 1 country, 2 US state, 3 US city or landmark, 4 world city or
  landmark, 5 world state (admin1); ``ActionGeo_CountryCode`` FIPS 10-4;
  ``ActionGeo_ADM1Code`` FIPS country + GeoNames admin1 code (GeoNames uses FIPS admin1
  codes for most countries and the state abbreviation for the US, as GDELT does);
  ``ActionGeo_FeatureID`` is the country or ADM1 code for those types, empty for places
  (GDELT's GNS/GNIS ids are not GeoNames ids).
- ``DATEADDED``: when the story was ingested (UTC, YYYYMMDDHHMMSS).
- ``SOURCEURL``: the story's URL, else its eventmill story id.

GDELT files have no header row; pass ``header=True`` for one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventmill.export.codes import (
    cameo_country,
    country_name,
    fips_country,
    gdelt_quad,
    split_actor_code,
    tsv_cell,
)

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

_ACTOR_BLOCK = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_BLOCK = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR_BLOCK),
    *(f"Actor2{c}" for c in _ACTOR_BLOCK),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO_BLOCK),
    *(f"Actor2Geo_{c}" for c in _GEO_BLOCK),
    *(f"ActionGeo_{c}" for c in _GEO_BLOCK),
    "DATEADDED",
    "SOURCEURL",
)

_INTEGER = {
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "IsRootEvent",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "Actor1Geo_Type",
    "Actor2Geo_Type",
    "ActionGeo_Type",
    "DATEADDED",
}
_FLOAT = {
    "FractionDate",
    "GoldsteinScale",
    "AvgTone",
    *(f"{b}_{c}" for b in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Lat", "Long")),
}

#: pandas dtypes to load a gdelt-tsv export with (``pd.read_csv(path, sep="\t",
#: header=None, names=GDELT_COLUMNS, dtype=GDELT_DTYPES)``): nullable integers, floats,
#: and strings for every code (CAMEO codes keep their leading zeros).
GDELT_DTYPES: dict[str, str] = {
    c: "Int64" if c in _INTEGER else "float64" if c in _FLOAT else "string" for c in GDELT_COLUMNS
}

_DOC = "(SELECT {f} FROM documents d WHERE d.doc_id = event_table.doc_id)"
# Whether the evidence lies in the story's first paragraph: no line break before it
# (leading blank lines aside).
_LEAD = (
    "strpos(ltrim(substr(d.text, 1, event_table.start_char), chr(10) || chr(13) || ' '), chr(10)) = 0"
)
_EXTRA_COLUMNS = f"{_DOC.format(f='d.ingested_at')} AS _ingested_at, {_DOC.format(f=_LEAD)} AS _lead"


def global_event_id(event_id: str) -> int:
    """GDELT's integer id for an eventmill event id: 52 bits of its SHA-1, so it is exact
    wherever numbers are doubles (R, JavaScript, spreadsheets) as well as in int64."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:13], 16)


def _fraction_date(day: date) -> float:
    days_in_year = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return round(day.year + (day.timetuple().tm_yday - 1) / days_in_year, 4)


def _actor_cells(row: dict[str, Any], prefix: str) -> list[Any]:
    code = row.get(f"{prefix}_code")
    country = row.get(f"{prefix}_country")
    sector = row.get(f"{prefix}_sector")
    name = row.get(f"{prefix}_name") or row.get(f"{prefix}_text")
    if not (code or name or country):
        return [None] * len(_ACTOR_BLOCK)
    types, group = split_actor_code(code, country, sector)
    cameo_cc = cameo_country(country)
    gdelt_code = code
    if code and country and cameo_cc and code.startswith(country) and cameo_cc != country:
        gdelt_code = cameo_cc + code[len(country) :]
    type_cells: list[str | None] = [*types, None, None, None]
    return [gdelt_code, name.upper() if name else None, cameo_cc, group, None, None, None, *type_cells[:3]]


def _action_geo(row: dict[str, Any]) -> list[Any]:
    lat, lon = row.get("loc_lat"), row.get("loc_lon")
    precision = row.get("loc_precision")
    country = row.get("loc_country")
    if lat is None and precision is None:
        return [None] * len(_GEO_BLOCK)
    fips = fips_country(country)
    admin1 = row.get("loc_admin1")
    us = country == "USA"
    geo_type = {"country": 1, "admin1": 2 if us else 5}.get(precision or "", 3 if us else 4)
    adm1 = f"{fips}{admin1}" if fips and admin1 and precision != "country" else None
    names = [row.get("loc_name")] if precision != "country" else []
    full_name = ", ".join(n for n in [*names, country_name(country)] if n) or None
    feature = fips if geo_type == 1 else adm1 if geo_type in (2, 5) else None
    return [geo_type, full_name, fips, adm1, None, lat, lon, feature]


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """An ``event_table`` row as the 61 GDELT 2.0 Events cells (None = empty)."""
    day = row.get("date")
    cameo = row.get("cameo") or None
    ingested = row.get("_ingested_at")
    cells: list[Any] = [
        global_event_id(row["event_id"]),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        _fraction_date(day) if day else None,
        *_actor_cells(row, "actor"),
        *_actor_cells(row, "recipient"),
        1 if row.get("_lead") else 0,
        cameo,
        cameo[:3] if cameo else None,
        cameo[:2] if cameo else None,
        gdelt_quad(cameo),
        row.get("goldstein"),
        row.get("num_mentions"),
        row.get("num_sources"),
        row.get("num_articles"),
        None,  # AvgTone: eventmill computes no tone
        *([None] * len(_GEO_BLOCK)),
        *([None] * len(_GEO_BLOCK)),
        *_action_geo(row),
        ingested.strftime("%Y%m%d%H%M%S") if isinstance(ingested, datetime) else None,
        row.get("url") or row.get("doc_id"),
    ]
    assert len(cells) == len(GDELT_COLUMNS)
    return cells


GDELT_HEADER = "\t".join(GDELT_COLUMNS) + "\n"


def gdelt_rows(store: Store, flt: EventFilter) -> Iterator[str]:
    """GDELT 2.0 Events rows (tab-separated, no quoting), one line per event."""
    for row in store.iter_rows(flt, f"*, {_EXTRA_COLUMNS}"):
        yield "\t".join(tsv_cell(v) for v in gdelt_row(row)) + "\n"
