"""Where a story happens, before anything in it is read: its dateline, its outlet and its web address.

A Times of India story datelined "LUCKNOW:" is about India: "police arrested three men" there are
Indian police, though no sentence says so. :func:`story_setting` reads the signs a story carries
about its setting, strongest first:

- the dateline's place ("LUCKNOW:", "new delhi:", "MOYALE, Kenya (Reuters) -"), its likeliest
  reading in the gazetteer (inside the region the dateline names, if it names one);
- the outlet (``place/outlets.tsv``, by the document's web domain or its source's name): a
  national outlet's country; an international one (wire agencies, world services) says nothing;
- the country-code domain of its web address ("www.rte.ie").

The actor stage weighs the setting with the countries the story names (the story's focus); the
place stage with the places it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventmill.geo.gazetteer import Place, load_gazetteer
from eventmill.lang.names import fold
from eventmill.normalize.dateline import find_dateline
from eventmill.records import Document
from eventmill.resources import read_tsv, split

_WEB_SUFFIX = {"uk": "GBR"}  # country-code domains that are not the ISO 3166 alpha-2 code
_GENERIC_SUFFIX = frozenset({"com", "org", "net", "info", "edu", "gov", "int", "io", "co", "tv", "me", "news", "biz"})
_REACHES = frozenset({"national", "international"})


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    country: str
    national: bool


@dataclass(frozen=True, slots=True)
class StorySetting:
    """The setting a story's dateline, outlet and web address give (before its text is read)."""

    country: str | None  # the dateline's country, else a national outlet's, else the web domain's
    source: str | None  # which sign gave it: "dateline", "outlet" or "web"
    dateline: Place | None  # the dateline's likeliest place (the place stage reads it in context)
    outlet: Outlet | None


@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    """(web domain -> outlet, folded outlet name -> outlet) from ``place/outlets.tsv``."""
    relpath = "place/outlets.tsv"
    by_domain: dict[str, Outlet] = {}
    by_name: dict[str, Outlet] = {}
    for row in read_tsv(relpath):
        if row["reach"] not in _REACHES:
            raise ValueError(f"{row.where(relpath)}: reach {row['reach']!r} is not one of {sorted(_REACHES)}")
        outlet = Outlet(row["outlet"], row["country"], row["reach"] == "national")
        for domain in split(row["domains"]):
            by_domain[domain.lower()] = outlet
        by_name[fold(row["outlet"])] = outlet
    return by_domain, by_name


def host(url: str | None) -> str:
    """The host of a web address, lower case, without "www." ("" without one)."""
    if not url:
        return ""
    h = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return h[4:] if h.startswith("www.") else h


def outlet_of(url: str | None, source: str | None) -> Outlet | None:
    """The outlet of a story, by its web domain (or a parent domain), else by its source's name."""
    by_domain, by_name = _outlets()
    h = host(url)
    while h:
        if h in by_domain:
            return by_domain[h]
        h = h.split(".", 1)[1] if "." in h else ""
    return by_name.get(fold(source)) if source else None


def web_country(url: str | None, iso2_to_3: dict[str, str]) -> str | None:
    """The country of a web address's country-code domain ("www.rte.ie" -> IRL)."""
    suffix = host(url).rsplit(".", 1)[-1]
    if not suffix or suffix in _GENERIC_SUFFIX:
        return None
    return _WEB_SUFFIX.get(suffix) or iso2_to_3.get(suffix.upper())


@lru_cache(maxsize=1)
def _iso2_to_3() -> dict[str, str]:
    from eventmill.geo.countries import load_countries

    return {c.iso2: c.iso3 for c in load_countries().by_iso3.values() if c.iso2}


def dateline_place(text: str) -> Place | None:
    """The likeliest place a story's dateline names (None without a dateline, or one no place)."""
    found = find_dateline(text)
    if found is None:
        return None
    gaz = load_gazetteer()
    cands = [p for p in gaz.candidates(found.city) if p.precision != "region"]
    if found.region:
        within = {p.country for p in gaz.candidates(found.region) + gaz.abbreviation(found.region)
                  if p.precision in ("country", "admin1")}
        cands = [p for p in cands if p.country in within] or cands
    if not cands:
        return None
    return gaz.lookup(found.city) if not found.region else max(cands, key=lambda p: p.population)


def story_setting(doc: Document) -> StorySetting:
    """The setting of a story (computed once, kept in ``doc.layers``)."""
    known = doc.layers.get(StorySetting)
    if known is not None:
        return known
    text = doc.norm.text if doc.norm is not None else doc.text
    place = dateline_place(text)
    outlet = outlet_of(doc.url, doc.source)
    web = web_country(doc.url, _iso2_to_3())
    if place is not None and place.country:
        setting = StorySetting(place.country, "dateline", place, outlet)
    elif outlet is not None and outlet.national:
        setting = StorySetting(outlet.country, "outlet", place, outlet)
    elif web:
        setting = StorySetting(web, "web", place, outlet)
    else:
        setting = StorySetting(None, None, place, outlet)
    doc.layers.put(setting)
    return setting
