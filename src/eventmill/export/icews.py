"""ICEWS event rows (``icews-tsv``): the 20 tab-separated columns of the ICEWS Dataverse
event files, with their header, so code written for ICEWS loads eventmill data.

- ``Event ID`` and ``Story ID`` are eventmill's ids (strings): traceable back to the
  store, unlike an invented integer.
- ``Source Name``/``Target Name``: the named person or organisation when the knowledge
  base resolved one, else ICEWS's generic form ``Sector (Country)`` ("Government
  (Kenya)"), else the country name, else the text.
- ``Source Sectors``/``Target Sectors``: ICEWS sector names of the actor's sector
  (``data/ontology/sectors.tsv``); ``Source Country``/``Target Country``: country names.
- ``Event Text``: the CAMEO code's description; ``CAMEO Code`` a string with leading
  zeros; ``Intensity``: the Goldstein value of the code (GDELT's table).
- ``Sentence Number``: 1-based, as ICEWS counts (eventmill's ``sentence`` + 1).
- ``City``: the event location's name when it is a city or landmark; ``District`` and
  ``Province`` stay empty (eventmill keeps the admin1 code, not its name); ``Country``,
  ``Latitude``, ``Longitude`` from the event location.
- ``Event Date``: the event date (empty when the story had no date).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from eventmill.export.codes import cameo_label, country_name, icews_sector, tsv_cell

if TYPE_CHECKING:
    from eventmill.store import EventFilter, Store

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

#: pandas dtypes to load an icews-tsv export with (``pd.read_csv(path, sep="\t",
#: dtype=ICEWS_DTYPES, parse_dates=["Event Date"])``).
ICEWS_DTYPES: dict[str, str] = {
    c: "float64" if c in ("Intensity", "Latitude", "Longitude") else "Int64" if c == "Sentence Number" else "string"
    for c in ICEWS_COLUMNS
    if c != "Event Date"
}


def _name(row: dict[str, Any], prefix: str) -> str | None:
    name = row.get(f"{prefix}_name")
    country = country_name(row.get(f"{prefix}_country"))
    sector = icews_sector(row.get(f"{prefix}_sector"))
    if row.get(f"{prefix}_kb_id") and name:
        return name
    if sector and country:
        return f"{sector} ({country})"
    return country or name or sector or row.get(f"{prefix}_text")


def icews_row(row: dict[str, Any]) -> list[Any]:
    """An ``event_table`` row as the 20 ICEWS cells (None = empty)."""
    precision = row.get("loc_precision")
    sentence = row.get("sentence")
    return [
        row["event_id"],
        row["date"].isoformat() if row.get("date") else None,
        _name(row, "actor"),
        icews_sector(row.get("actor_sector")),
        country_name(row.get("actor_country")),
        cameo_label(row.get("cameo")),
        row.get("cameo"),
        row.get("goldstein"),
        _name(row, "recipient"),
        icews_sector(row.get("recipient_sector")),
        country_name(row.get("recipient_country")),
        row.get("doc_id"),
        sentence + 1 if sentence is not None else None,
        row.get("source"),
        row.get("loc_name") if precision in ("city", "landmark") else None,
        None,
        None,
        country_name(row.get("loc_country")),
        row.get("loc_lat"),
        row.get("loc_lon"),
    ]


ICEWS_HEADER = "\t".join(ICEWS_COLUMNS) + "\n"


def icews_rows(store: Store, flt: EventFilter) -> Iterator[str]:
    """ICEWS rows (tab-separated, no quoting), one line per event; the header is ``ICEWS_HEADER``."""
    for row in store.iter_rows(flt):
        yield "\t".join(tsv_cell(v) for v in icews_row(row)) + "\n"
