"""The countries eventmill knows (``data/kb/countries.tsv``): names, aliases and nationality
adjectives folded for lookup, capitals, ISO and CAMEO codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from eventmill.lang.names import fold
from eventmill.resources import read_tsv, split


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    cameo: str
    name: str
    capital: str
    lat: float | None
    lon: float | None
    region: str


@dataclass
class Countries:
    """Every country by ISO3, and the folded names and adjectives that name one."""

    by_iso3: dict[str, Country] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # folded name or alias -> ISO3
    adjectives: dict[str, str] = field(default_factory=dict)  # folded adjective or demonym -> ISO3
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital -> ISO3


def _add(index: dict[str, str], key: str, value: str) -> None:
    k = fold(key)
    if k and k not in index:
        index[k] = value


@lru_cache(maxsize=1)
def load_countries() -> Countries:
    """The country table, read once per process."""
    out = Countries()
    for row in read_tsv("kb/countries.tsv"):
        iso3 = row["iso3"]
        out.by_iso3[iso3] = Country(iso3, row["iso2"], row.get("cameo") or iso3, row["name"], row.get("capital", ""),
                                    float(row["lat"]) if row.get("lat") else None,
                                    float(row["lon"]) if row.get("lon") else None, row.get("region", ""))
        for name in [row["name"], *split(row.get("aliases", ""))]:
            _add(out.names, name, iso3)
        for adj in split(row.get("adjectives", "")):
            _add(out.adjectives, adj, iso3)
        capital = fold(row.get("capital", ""))
        if capital:
            out.capitals.setdefault(capital, iso3)
    return out
