"""The actor knowledge base: countries, metonyms, sector nouns, organisations, armed groups
and office-holders with dated terms, loaded once per process from ``data/kb``.

Every entry knows where it came from (``kb_source``): ``eventmill`` for the bundled
tables. Lookups are by folded name (names.fold / names.name_key); dated entries are
filtered by the date the actor is resolved for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from eventmill.actors.names import fold, name_key, strip_accents
from eventmill.resources import read_tsv, split

BUNDLED = "eventmill"


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


@dataclass(frozen=True, slots=True)
class Entry:
    """An organisation, armed group or office term."""

    kb_id: str
    name: str
    code: str | None
    sector: str | None
    country: str | None
    kind: str  # igo, ngo, armed, office, ...
    start: date | None = None
    end: date | None = None
    role: str | None = None  # for office terms: head_of_state, foreign_minister, ...
    title: str | None = None
    kb_source: str = BUNDLED

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _parse_day(value: str, end: bool = False) -> date | None:
    """ISO day, month (YYYY-MM) or year; an end date rounds up to the period's last day."""
    value = (value or "").strip()
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return date(y, 12, 31) if end else date(y, 1, 1)
        m = int(parts[1])
        if len(parts) == 2:
            if end:
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1)
            return date(y, m, 1)
        return date(y, m, int(parts[2]))
    except (ValueError, IndexError):
        return None


def _exists(relpath: str) -> bool:
    return (resources.files("eventmill") / "data" / relpath).is_file()


# Roles an office title names, for matching "President X" against the terms of X.
TITLE_ROLES: dict[str, frozenset[str]] = {
    "president": frozenset({"head_of_state", "supreme_leader"}),
    "vice president": frozenset({"vice_president"}),
    "vice-president": frozenset({"vice_president"}),
    "prime minister": frozenset({"head_of_government"}),
    "premier": frozenset({"head_of_government"}),
    "chancellor": frozenset({"head_of_government", "head_of_state"}),
    "king": frozenset({"head_of_state"}),
    "queen": frozenset({"head_of_state"}),
    "emir": frozenset({"head_of_state"}),
    "sultan": frozenset({"head_of_state"}),
    "supreme leader": frozenset({"supreme_leader", "head_of_state"}),
    "foreign minister": frozenset({"foreign_minister"}),
    "foreign secretary": frozenset({"foreign_minister"}),
    "secretary of state": frozenset({"foreign_minister"}),
    "defence minister": frozenset({"defence_minister"}),
    "defense minister": frozenset({"defence_minister"}),
    "defence secretary": frozenset({"defence_minister"}),
    "defense secretary": frozenset({"defence_minister"}),
    "secretary of defense": frozenset({"defence_minister"}),
}

# Words too common to identify one person on their own.
COMMON_NAMES = frozenset(
    "khan singh ahmed ahmad ali mohamed mohammed muhammad mohammad hussein husain hassan hasan ibrahim abdullah "
    "mustafa mustapha mahmoud mahmud omar umar osman othman yusuf youssef salem saleh salih said sayed rahman "
    "abdel abdul karim kareem aziz hamid khalil ismail jamal nasser rashid kumar sharma gupta das shah rao reddy "
    "kim lee park choi jung kang cho yoon wang zhang chen yang zhao huang zhou nguyen tran pham "
    "jean pierre jose juan carlos luis maria john james david michael paul peter george william robert smith "
    "johnson brown jones white martin garcia lopez martinez rodriguez hernandez gonzalez perez sanchez "
    "diallo traore keita toure diop ndiaye sow kone coulibaly".split()
)
# Countries whose names put the family name first.
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "JPN", "KHM", "MNG", "HUN", "HKG", "MAC", "SGP"})

ROLE_SECTOR = {
    "head_of_state": "GOV",
    "head_of_government": "GOV",
    "vice_president": "GOV",
    "supreme_leader": "GOV",
    "foreign_minister": "GOV",
    "defence_minister": "MIL",
}


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)  # iso3 -> Country
    country_names: dict[str, str] = field(default_factory=dict)  # folded name/alias -> iso3
    adjectives: dict[str, str] = field(default_factory=dict)  # folded adjective/demonym -> iso3
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded -> (iso3, sector)
    sectors: dict[str, str] = field(default_factory=dict)  # folded term -> sector
    sector_kinds: dict[str, str] = field(default_factory=dict)  # folded term -> person|group|body|generic
    orgs: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))  # folded alias -> entries
    people: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))  # name key -> terms
    surnames: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))  # surname key -> terms
    capitals: set[str] = field(default_factory=set)  # folded capital city names
    _surname_keys: list[str] | None = None
    identity: set[str] = field(default_factory=set)  # ethnic/religious/political identity words
    identity_home: dict[str, str] = field(default_factory=dict)  # identity word -> its one home country
    political_identity: set[str] = field(default_factory=set)  # "opposition", "separatist": not an origin
    max_term_words: int = 4

    # ------------------------------------------------------------------ lookups

    def country(self, text: str) -> str | None:
        """ISO3 of a country name or alias ("Iraq", "the U.S.", "Côte d'Ivoire")."""
        return self.country_names.get(fold(text))

    def adjective(self, text: str) -> str | None:
        """ISO3 of a nationality adjective or demonym ("Iraqi", "Britons")."""
        return self.adjectives.get(fold(text))

    def metonym(self, text: str) -> tuple[str, str] | None:
        """(ISO3, sector) of a name standing for a state institution ("the Kremlin")."""
        return self.metonyms.get(fold(text))

    def sector(self, term: str) -> str | None:
        return self.sectors.get(fold(term))

    def organization(self, text: str, day: date | None) -> Entry | None:
        """The organisation or armed group a name refers to on a date (None if unknown)."""
        entries = self.orgs.get(fold(text)) or self.orgs.get(fold(strip_accents(text)))
        if not entries:
            return None
        valid = [e for e in entries if e.valid_on(day)]
        if not valid:
            # the group existed under another role: prefer the nearest period
            valid = sorted(
                entries, key=lambda e: abs(((e.start or e.end or date(2000, 1, 1)) - (day or date(2000, 1, 1))).days)
            )
        return valid[0]

    def person_terms(self, text: str) -> list[Entry]:
        """All office terms of the people a full name or alias may refer to."""
        return list(self.people.get(name_key(text), ()))

    def surname_terms(self, surname: str) -> list[Entry]:
        return list(self.surnames.get(name_key(surname), ()))

    def fuzzy_surname_terms(self, surname: str) -> list[Entry]:
        """Terms of people whose surname is a near spelling ("Mitterand" / "Mitterrand",
        "Gbago" / "Gbagbo"): at most one edit for names of five letters or more. Callers must
        check the candidates against the title, country and date in context."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extract

        key = name_key(surname)
        if len(key) < 5:
            return []
        if self._surname_keys is None:
            self._surname_keys = list(self.surnames)
        hits = extract(key, self._surname_keys, scorer=Levenshtein.distance, score_cutoff=1, limit=5)
        out: list[Entry] = []
        for match, _dist, _ in hits:
            if match != key and abs(len(match) - len(key)) <= 1 and match[0] == key[0]:
                out.extend(self.surnames[match])
        return out


def _add(index: dict[str, str], key: str, value: str) -> None:
    k = fold(key)
    if k and k not in index:
        index[k] = value


def _load_countries(kb: KnowledgeBase) -> None:
    for row in read_tsv("kb/countries.tsv"):
        iso3 = row["iso3"]
        lat = float(row["lat"]) if row.get("lat") else None
        lon = float(row["lon"]) if row.get("lon") else None
        kb.countries[iso3] = Country(
            iso3,
            row["iso2"],
            row.get("cameo") or iso3,
            row["name"],
            row.get("capital", ""),
            lat,
            lon,
            row.get("region", ""),
        )
        for name in [row["name"], *split(row.get("aliases", ""))]:
            _add(kb.country_names, name, iso3)
        for adj in split(row.get("adjectives", "")):
            _add(kb.adjectives, adj, iso3)
        capital = fold(row.get("capital", ""))
        if capital:
            kb.capitals.add(capital)
        if capital and capital not in kb.metonyms:
            kb.metonyms[capital] = (iso3, "GOV")


def _load_metonyms(kb: KnowledgeBase) -> None:
    if not _exists("kb/metonyms.tsv"):
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
        if not _exists(relpath):
            continue
        for row in read_tsv(relpath):
            start = _parse_day(row.get("from") or row.get("founded") or "")
            end = _parse_day(row.get("to") or row.get("dissolved") or "", end=True)
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
        if not _exists(relpath):
            continue
        for row in read_tsv(relpath):
            role = row.get("role") or ""
            entry = Entry(
                kb_id=row["person_id"],
                name=row["name"],
                code=None,
                sector=ROLE_SECTOR.get(role, "GOV"),
                country=row.get("country") or None,
                kind="office",
                start=_parse_day(row.get("start", "")),
                end=_parse_day(row.get("end", ""), end=True),
                role=role,
                title=row.get("title") or None,
            )
            names = {row["name"], *split(row.get("aliases", ""))}
            keys = {name_key(n) for n in names} - {""}
            for key in keys:
                kb.people[key].append(entry)
            # A surname identifies a person when the table lists it as a one-word alias, or it
            # is the last word of the canonical name, unless that word is a common given name or
            # family name ("Khan", "Ahmed") or the name is written family name first (East Asia).
            sur = {k for k in keys if " " not in k}
            last = name_key(row["name"]).rsplit(" ", 1)[-1]
            if len(last) >= 4 and last not in COMMON_NAMES and row.get("country") not in FAMILY_NAME_FIRST:
                sur.add(last)
            for s in sur - {""}:
                kb.surnames[s].append(entry)


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The bundled knowledge base (cached: loaded once per process)."""
    kb = KnowledgeBase()
    _load_countries(kb)
    _load_metonyms(kb)
    _load_sectors(kb)
    _load_identity(kb)
    _load_orgs(kb)
    _load_people(kb)
    return kb
