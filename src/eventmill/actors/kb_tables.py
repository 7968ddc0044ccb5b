"""Reading the bundled knowledge-base tables (``data/kb``) into a :class:`KnowledgeBase`:
countries, metonyms, identity groups, sector nouns, organisations and armed groups, dated
office-holders and people beyond office. :mod:`eventmill.actors.kb_layers` compiles what this
reads into the indexed store the coder loads."""

from __future__ import annotations

from collections import defaultdict

from eventmill.actors.kb import (
    BEYOND_OFFICE,
    COMMON_NAMES,
    EX_OFFICIO,
    FAMILY_NAME_FIRST,
    ROLE_SECTOR,
    Entry,
    KnowledgeBase,
    exists,
    parse_day,
)
from eventmill.actors.names import fold, name_key
from eventmill.geo.countries import load_countries
from eventmill.resources import read_tsv, split


def _load_countries(kb: KnowledgeBase) -> None:
    table = load_countries()
    kb.countries.update(table.by_iso3)
    for key, iso3 in table.names.items():
        kb.country_names.setdefault(key, iso3)
    for key, iso3 in table.adjectives.items():
        kb.adjectives.setdefault(key, iso3)
    for capital, iso3 in table.capitals.items():
        kb.capitals.add(capital)
        if capital not in kb.metonyms:
            kb.metonyms[capital] = (iso3, "GOV")


def _load_metonyms(kb: KnowledgeBase) -> None:
    if not exists("kb/metonyms.tsv"):
        return
    for row in read_tsv("kb/metonyms.tsv"):
        kb.metonyms[fold(row["name"])] = (row["iso3"], row.get("sector") or "GOV")


def _load_identity(kb: KnowledgeBase) -> None:
    for row in read_tsv("kb/identity_groups.tsv"):
        term = fold(row["term"])
        kb.identity.add(term)
        if row.get("kind") == "political":
            kb.political_identity.add(term)
        homes = split(row.get("countries", ""))
        if len(homes) == 1:
            kb.identity_home[term] = homes[0]  # "Yoruba leaders" are Nigerian


def _load_sectors(kb: KnowledgeBase) -> None:
    for row in read_tsv("kb/sectors.tsv"):
        key = fold(row["term"])
        kb.sectors[key] = row["sector"]
        kb.sector_kinds[key] = row.get("kind") or "generic"
        kb.max_term_words = max(kb.max_term_words, len(key.split()))


def _load_orgs(kb: KnowledgeBase) -> None:
    for relpath, kind_default in (("kb/organizations.tsv", "igo"), ("kb/armed_groups.tsv", "armed"),
                                  ("kb/national_bodies.tsv", "national")):
        if not exists(relpath):
            continue
        for row in read_tsv(relpath):
            start = parse_day(row.get("from") or row.get("founded") or "")
            end = parse_day(row.get("to") or row.get("dissolved") or "", end=True)
            entry = Entry(
                kb_id=row["id"],
                name=row["name"],
                code=row.get("code") or None,
                sector=row.get("sector") or None,
                country=row.get("country") or None,
                kind=row.get("kind") or kind_default,
                start=start,
                end=end,
            )
            for alias in {row["name"], *split(row.get("aliases", ""))}:
                key = fold(alias)
                if key and entry not in kb.orgs[key]:
                    kb.orgs[key].append(entry)


def _load_people(kb: KnowledgeBase) -> None:
    for relpath in ("kb/officeholders_heads.tsv", "kb/officeholders_ministers.tsv"):
        if not exists(relpath):
            continue
        for row in read_tsv(relpath):
            role = row.get("role") or ""
            entry = Entry(
                kb_id=row["person_id"],
                name=row["name"],
                code=None,
                sector=ROLE_SECTOR.get(role, "GOV"),
                country=row.get("country") or None,
                kind=EX_OFFICIO if row.get("via") else "office",
                start=parse_day(row.get("start", "")),
                end=parse_day(row.get("end", ""), end=True),
                role=role,
                title=row.get("title") or None,
            )
            names = {row["name"], *split(row.get("aliases", ""))}
            keys = {name_key(n) for n in names} - {""}
            for key in keys:
                kb.people[key].append(entry)
            for s in surname_keys(row["name"], keys, row.get("country")):
                kb.surnames[s].append(entry)


def _load_beyond_office(kb: KnowledgeBase) -> None:
    """People with a dated standing but no office (people_beyond_office.tsv). An armed group's
    leader takes the group's code (and its country and sector unless the row gives them) as of the
    term's start; a head of an international organisation takes its code."""
    if not exists("kb/people_beyond_office.tsv"):
        return
    by_id: dict[str, list[Entry]] = defaultdict(list)
    for entries in kb.orgs.values():
        for e in entries:
            if e not in by_id[e.kb_id]:
                by_id[e.kb_id].append(e)
    for row in read_tsv("kb/people_beyond_office.tsv"):
        role = row.get("role") or ""
        start = parse_day(row.get("start", ""))
        org: Entry | None = None
        if row.get("org"):
            periods = by_id.get(row["org"], [])
            org = next((e for e in periods if e.valid_on(start)), periods[0] if periods else None)
        sector = row.get("sector") or (org.sector if org else None) or ROLE_SECTOR.get(role)
        country = row.get("country") or (org.country if org else None) or None
        entry = Entry(kb_id=row["person_id"], name=row["name"], code=org.code if org else None, sector=sector,
                      country=country, kind=BEYOND_OFFICE, start=start, end=parse_day(row.get("end", ""), end=True),
                      role=role, title=row.get("title") or None)
        keys = {name_key(n) for n in {row["name"], *split(row.get("aliases", ""))}} - {""}
        for key in keys:
            kb.people[key].append(entry)
        for s in surname_keys(row["name"], keys, country):
            kb.surnames[s].append(entry)


def surname_keys(name: str, keys: set[str], country: str | None) -> set[str]:
    """The keys under which a bare surname finds a person. A surname identifies a person when
    the table lists it as a one-word alias, or it is the last word of the canonical name, unless
    that word is a common given name or family name ("Khan", "Ahmed") or the name is written
    family name first (East Asia)."""
    sur = {k for k in keys if " " not in k}
    last = name_key(name).rsplit(" ", 1)[-1]
    if len(last) >= 4 and last not in COMMON_NAMES and country not in FAMILY_NAME_FIRST:
        sur.add(last)
    return sur - {""}


def load_tables() -> KnowledgeBase:
    """The bundled knowledge base read from the TSV tables in ``data/kb``."""
    kb = KnowledgeBase()
    _load_countries(kb)
    _load_metonyms(kb)
    _load_sectors(kb)
    _load_identity(kb)
    _load_orgs(kb)
    _load_people(kb)
    _load_beyond_office(kb)
    return kb
