"""The actor knowledge base: countries, metonyms, sector nouns, organisations, armed groups
and office-holders with dated terms, loaded once per process from ``data/kb``.

Every entry knows where it came from (``kb_source``): ``eventmill`` for the bundled
tables, ``petrarch:FILE`` or ``wikidata:FILE`` for imported ones. Lookups are by folded name
(names.fold / names.name_key); dated entries are filtered by the date the actor is resolved for.

Layers (docs/kb.md): the bundled tables are compiled into an indexed SQLite store at first use
(:func:`load_kb`); a user KB file of imported dictionaries is laid over them
(:func:`load_layered_kb`). A name is answered by the highest layer that knows it: imported
sources over the built-in entries (later imports over earlier ones), except sources imported
``--under``, which only add names the built-in tables lack, and except an imported code that is
open-ended in time (``[USAGOV >090120]``) for a person whose built-in office terms ended since:
a dictionary cannot close a term that ended after it was written.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventmill.actors import store
from eventmill.actors.names import fold, name_key, strip_accents
from eventmill.actors.petrarch import CodeRule
from eventmill.errors import ConfigError
from eventmill.geo.countries import Country, load_countries
from eventmill.resources import read_tsv, split

BUNDLED = "eventmill"
# The kind of an office held by virtue of another (France's president is co-prince of Andorra, the
# British monarch reigns over the other Commonwealth realms): the person is named for the other one.
EX_OFFICIO = "ex officio"
# The kind of a dated standing without office (people_beyond_office.tsv): president-elect, candidate,
# opposition leader, leader of an armed group, head of an international organisation.
BEYOND_OFFICE = "beyond office"


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


def parse_day(value: str, end: bool = False) -> date | None:
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


_parse_day = parse_day  # the name older callers use


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
    "governor-general": frozenset({"governor_general"}),
    "governor general": frozenset({"governor_general"}),
    "interior minister": frozenset({"interior_minister"}),
    "home minister": frozenset({"interior_minister"}),
    "home secretary": frozenset({"interior_minister"}),
    "homeland security secretary": frozenset({"interior_minister"}),
    "secretary of homeland security": frozenset({"interior_minister"}),
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
    "interior_minister": "GOV",
    "governor_general": "GOV",
    # roles of imported office-holder tables (data/kb/office_roles.tsv)
    "deputy_head_of_government": "GOV",
    "minister": "GOV",
    "official": "GOV",
    "diplomat": "GOV",
    "defence_official": "MIL",
    "military_chief": "MIL",
    "intelligence_chief": "SPY",
    "police_chief": "COP",
    "judge": "JUD",
    "prosecutor": "JUD",
    "legislator": "LEG",
    "opposition_leader": "OPP",
    "igo_official": "IGO",
    # people_beyond_office.tsv (each row gives its sector)
    "president_elect": "ELI",
    "head_of_government_elect": "ELI",
    "candidate": "OPP",
    "armed_group_leader": "REB",
    "igo_head": "IGO",
}

# The first three letters of a CAMEO code that name no country: international actor types,
# sectors used as primary codes (Phoenix's "[ELI]", "[MED]") and religions ("CHRCTH").
NON_COUNTRY_CODES = frozenset(
    "IGO NGO IMG MNC NGM UAF UIS ELI MED GOV MIL COP JUD LEG OPP PTY REB INS PRM SPY CVL BUS EDU HLH REL "
    "LAB REF CRM AGR DEV ENV HRI MOD RAD SET UNK CHR MOS JEW BUD HIN JAN SIK".split()
)


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO-style code: "IRQGOV" -> (IRQ, GOV), "IGOUNO" -> (None, IGO),
    "ARN" -> (ARN, None). Countries are whatever three letters are not an actor type, so the
    fictional states of the PETRARCH validation suite ("ARN", "GON") work as countries."""
    if not code:
        return None, None
    head = code[:3]
    if head in NON_COUNTRY_CODES:
        return None, head
    return head, code[3:6] or None


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
    agent_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded term -> (agent code, source)
    sector_sources: dict[str, str] = field(default_factory=dict)  # folded term -> source, for imported terms
    name_sources: dict[str, str] = field(default_factory=dict)  # folded country name -> source, for imported ones
    sources: list[store.Source] = field(default_factory=list)  # imported sources, import order
    user_kb: Path | None = None  # the user KB file layered over the bundled tables
    version: str = ""  # content hash of the user layer ("" without one)
    actors: store.ActorIndex | None = None  # imported PETRARCH actor phrases
    layer_of: dict[str, str] = field(default_factory=dict)  # source -> over | under

    # ------------------------------------------------------------------ lookups

    def country_name(self, iso3: str | None) -> str | None:
        """The English name of a country code; None for codes the country table lacks (predecessor
        states such as SUN, the Soviet Union, appear in office-holder tables only)."""
        entry = self.countries.get(iso3 or "")
        return entry.name if entry is not None else None

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
        """The organisation or armed group a name refers to on a date (None if unknown);
        imported dictionary actors (people, groups, places) are answered here too, with their
        dated codes, layered over or under the built-in entries."""
        if self.actors is not None:
            hit = self.imported_actor(text, day, "over")
            if hit is not None:
                return hit
        entries = self.orgs.get(fold(text)) or self.orgs.get(fold(strip_accents(text)))
        if not entries:
            return self.imported_actor(text, day, "under") if self.actors is not None and not self.knows(text) \
                else None
        valid = [e for e in entries if e.valid_on(day)]
        if not valid:
            # the group existed under another role: prefer the nearest period
            valid = sorted(
                entries, key=lambda e: abs(((e.start or e.end or date(2000, 1, 1)) - (day or date(2000, 1, 1))).days)
            )
        return valid[0]

    def imported_actor(self, text: str, day: date | None, layer: str) -> Entry | None:
        """What an imported dictionary codes this phrase as on ``day`` (PETRARCH's rule: the
        first date restriction that holds, else the default code), from the sources of one
        layer, best source first. A code of ``---`` gives an entry without a code: the phrase
        is known and is no actor."""
        one_word_lower = " " not in text.strip() and text.islower()
        for hit in self.imported_matches(text):
            if self.layer_of.get(hit.source) != layer:
                continue
            if one_word_lower and " " not in hit.phrase:
                continue  # a one-word name matches a capitalised word ("Rice said", not "rice exports")
            rule, applied = hit.rule_on(day)
            if not applied or rule is None:
                continue  # nothing applies on this date: another source may know better
            if self.stale(text, rule, day):
                continue
            return actor_entry(hit, rule)
        return None

    def knows(self, text: str) -> bool:
        """Do the layers above an ``--under`` source know this name (as a person, a country, a
        nationality or a metonym)? Then the source does not answer for it."""
        key = fold(text)
        return bool(self.people.get(name_key(text)) or key in self.country_names or key in self.adjectives
                    or key in self.metonyms)

    def imported_matches(self, text: str) -> list[store.ImportedActor]:
        """Imported actor records a phrase matches, best first (all layers)."""
        if self.actors is None:
            return []
        key = fold(text)
        return self.actors.lookup(key) if key else []

    def stale(self, text: str, rule: CodeRule, day: date | None) -> bool:
        """An open-ended imported code ("USAGOV from 2009-01-20", or a default code) for a person
        whose known office terms all ended before the day, the last one after the code began:
        the dictionary was written before the term ended (PETRARCH's Phoenix files still have
        Obama in office). Dated office terms decide instead."""
        if day is None or rule.kind not in ("after", "default"):
            return False
        # office terms begun by the day only: a candidacy or opposition leadership does not keep a
        # government code alive, and neither does an office taken up later (Netanyahu in 2022)
        terms = [t for t in self.people.get(name_key(text), ())
                 if t.kind != BEYOND_OFFICE and (t.start is None or t.start <= day)]
        if not terms or any(t.valid_on(day) for t in terms):
            return False
        ends = [t.end for t in terms if t.end is not None]
        if len(ends) < len(terms):
            return False  # an undated open term: nothing says the code is out of date
        last = max(ends)
        return last < day and (rule.start is None or last > rule.start)

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
    if not _exists("kb/people_beyond_office.tsv"):
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


def _load_tables() -> KnowledgeBase:
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


def actor_entry(hit: store.ImportedActor, rule: CodeRule) -> Entry:
    """An imported actor as the resolver sees it on a date: the code of the rule that applies."""
    country, sector = split_code(rule.code)
    return Entry(kb_id=hit.kb_id, name=hit.name, code=rule.code, sector=sector, country=country, kind="actor",
                 start=rule.start, end=rule.end, kb_source=hit.source)


# ---------------------------------------------------------------------- the compiled store

# The modules whose code turns the tables into keys: a change to them builds a new store.
_KEY_MODULES = ("kb.py", "names.py", "store.py", "petrarch.py")


def bundled_hash(root: Path | None = None) -> str:
    """A hash of the bundled tables (``root``: another copy of ``data/kb``, for tests) and of
    the code that compiles them."""
    folder = root if root is not None else resources.files("eventmill") / "data" / "kb"
    parts = [(f"data/kb/{p.name}", p.read_bytes()) for p in folder.iterdir() if p.name.endswith(".tsv")]
    here = Path(__file__).parent
    parts += [(name, (here / name).read_bytes()) for name in _KEY_MODULES]
    return store.hash_parts(parts)


def compiled_store_path() -> Path:
    return store.cache_dir() / f"kb-{bundled_hash()}.sqlite"


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The bundled knowledge base (cached: loaded once per process).

    Read from the compiled store in the cache directory, which is built from the tables on
    first use (and again whenever they change). When the cache directory cannot be written,
    the tables are read directly each time: slower to start, the same content.
    """
    return load_compiled(compiled_store_path())


def load_compiled(path: Path) -> KnowledgeBase:
    """The bundled knowledge base from the compiled store at ``path``, building it first if it
    is missing or unreadable."""
    if path.exists():
        try:
            conn = store.connect(path, readonly=True)
            try:
                return _read_bundled(conn)
            finally:
                conn.close()
        except (sqlite3.Error, ConfigError, ValueError, KeyError):
            pass  # a damaged or foreign file: build it again
    kb = _load_tables()
    with suppress(OSError, sqlite3.Error, ConfigError):  # an unwritable cache: use the tables as read
        compile_store(kb, path)
    return kb


def compile_store(kb: KnowledgeBase, path: Path, keep: int = 4) -> None:
    """Write the bundled knowledge base to ``path`` (atomically), and delete older compiled
    stores beside it but the ``keep`` most recent (two installations sharing a cache keep theirs)."""
    with store.atomic_file(path) as tmp:
        conn = store.connect(tmp)
        try:
            rows = _bundled_rows(kb)
            store.write_source(conn, store.Source(BUNDLED, "bundled", "data/kb", None, "base", 0, None,
                                                  len(rows.entries), rows.count_names(), 0), rows)
        finally:
            conn.close()
    for p in sorted(path.parent.glob("kb-*.sqlite"), key=_mtime, reverse=True)[keep:]:
        with suppress(OSError):
            p.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


def _bundled_rows(kb: KnowledgeBase) -> store.SourceRows:
    rows = store.SourceRows.empty()
    rows.countries = [(c.iso3, c.iso2, c.cameo, c.name, c.capital, c.lat, c.lon, c.region)
                      for c in kb.countries.values()]
    rows.country_names = [(k, v, "name") for k, v in kb.country_names.items()]
    rows.country_names += [(k, v, "adjective") for k, v in kb.adjectives.items()]
    rows.metonyms = [(k, iso, sector) for k, (iso, sector) in kb.metonyms.items()]
    rows.capitals = sorted(kb.capitals)
    rows.sectors = [(k, s, kb.sector_kinds.get(k, "generic"), None) for k, s in kb.sectors.items()]
    rows.identity = [(t, "political" if t in kb.political_identity else "identity", kb.identity_home.get(t))
                     for t in sorted(kb.identity)]
    eids: dict[Entry, int] = {}
    for idx, index in (("orgs", kb.orgs), ("people", kb.people), ("surnames", kb.surnames)):
        for key, entries in index.items():
            for pos, e in enumerate(entries):
                eid = eids.setdefault(e, len(eids) + 1)
                rows.entry_names.append((idx, key, eid, pos))
    rows.entries = [(eid, e.kb_id, e.name, e.code, e.sector, e.country, e.kind, _iso(e.start), _iso(e.end),
                     e.role, e.title) for e, eid in eids.items()]
    return rows


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _read_bundled(conn: sqlite3.Connection) -> KnowledgeBase:
    kb = KnowledgeBase()
    _apply_source(kb, conn, BUNDLED, "base")
    if not kb.countries:
        raise ValueError("empty compiled store")
    return kb


def _apply_source(kb: KnowledgeBase, conn: sqlite3.Connection, source: str, layer: str) -> None:
    """Merge one source's rows into ``kb``: ``base`` and ``over`` set names (a name the source
    knows is answered by it), ``under`` only adds names nobody answers yet."""
    over = layer != "under"
    imported = layer != "base"

    def put(index: dict, key: str, value: object) -> bool:
        if over or key not in index:
            index[key] = value
            return True
        return False

    for code, iso2, cameo, name, capital, lat, lon, region in store.read_table(
            conn, "countries", "code, iso2, cameo, name, capital, lat, lon, region", [source]):
        if code not in kb.countries:
            kb.countries[code] = Country(code, iso2 or "", cameo or code, name, capital or "", lat, lon, region or "")
    for key, code, kind in store.read_table(conn, "country_names", "key, code, kind", [source]):
        index = kb.adjectives if kind == "adjective" else kb.country_names
        if put(index, key, code) and imported:
            kb.name_sources[key] = source
    for key, code, sector in store.read_table(conn, "metonyms", "key, code, sector", [source]):
        put(kb.metonyms, key, (code, sector))
    for (key,) in store.read_table(conn, "capitals", "key", [source]):
        kb.capitals.add(key)
    for key, sector, kind, agent_code in store.read_table(conn, "sectors", "key, sector, kind, agent_code",
                                                           [source]):
        if put(kb.sectors, key, sector):
            if key not in kb.sector_kinds or not imported:
                kb.sector_kinds[key] = kind or "generic"
            if imported:
                kb.sector_sources[key] = source
                if agent_code:
                    kb.agent_codes[key] = (agent_code, source)
            kb.max_term_words = max(kb.max_term_words, len(key.split()))
    for term, kind, home in store.read_table(conn, "identity", "term, kind, home", [source]):
        kb.identity.add(term)
        if kind == "political":
            kb.political_identity.add(term)
        if home:
            kb.identity_home[term] = home
    entries: dict[int, Entry] = {}
    days: dict[str | None, date | None] = {None: None}  # a few thousand distinct dates, parsed once
    for eid, kb_id, name, code, sector, country, kind, start, end, role, title in store.read_entries(conn, source):
        if start not in days:
            days[start] = _day(start)
        if end not in days:
            days[end] = _day(end)
        entries[eid] = Entry(kb_id, name, code, sector, country, kind, days[start], days[end], role, title,
                             kb_source=source)
    indexes = {"orgs": kb.orgs, "people": kb.people, "surnames": kb.surnames}
    if layer == "base":
        # the bundled tables, read first into empty indexes: names go straight in, in stored order
        for idx, key, eid in store.read_entry_names(conn, source):
            indexes[idx][key].append(entries[eid])
        return
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for idx, key, eid in store.read_entry_names(conn, source):
        grouped.setdefault((idx, key), []).append(entries[eid])
    for (idx, key), found in grouped.items():
        terms = indexes[idx]
        if idx != "orgs" and imported and terms.get(key):
            terms[key] = merge_terms(terms[key], found, over=over)
        else:
            put(terms, key, found)


def _same_office(a: Entry, b: Entry) -> bool:
    return a.kb_id == b.kb_id and a.role == b.role and a.country == b.country


def _minus(term: Entry, covers: list[Entry]) -> list[Entry]:
    """The parts of ``term``'s dates that none of ``covers`` covers."""
    one = timedelta(days=1)
    pieces: list[tuple[date | None, date | None]] = [(term.start, term.end)]
    for c in covers:
        out: list[tuple[date | None, date | None]] = []
        for s, e in pieces:
            if c.start is not None and (s is None or s < c.start) and c.start > date.min:
                out.append((s, c.start - one if e is None or e >= c.start else e))
            if c.end is not None and (e is None or e > c.end) and c.end < date.max:
                out.append((c.end + one if s is None or s <= c.end else s, e))
        pieces = [(s, e) for s, e in out if s is None or e is None or s <= e]
    return [replace(term, start=s, end=e) for s, e in dict.fromkeys(pieces)]


def merge_terms(known: list[Entry], new: list[Entry], *, over: bool) -> list[Entry]:
    """Office terms of one name from two layers.

    A new person with a known person's name and country is the same person, and keeps the
    known id (so a bare surname is not made ambiguous). For each office, the upper layer's
    terms stand and the lower layer's keep only the dates the upper ones do not cover (the
    built-in Karzai term from 2001 keeps its interim years when a table starts him in 2004).
    An open-ended term never overrides a term of the same office known to have ended since it
    began: a table made in 2022 cannot know who left office after.
    """
    same: dict[str, str] = {}
    for t in new:
        if t.kb_id not in same:
            same[t.kb_id] = next((k.kb_id for k in known if k.country == t.country), t.kb_id)
    new = [t if same[t.kb_id] == t.kb_id else replace(t, kb_id=same[t.kb_id]) for t in new]
    stale = [t for t in new if t.end is None and any(
        _same_office(t, k) and k.end is not None and k.end >= (t.start or date.min) for k in known)]
    new = [t for t in new if t not in stale]
    upper, lower = (new, known) if over else (known, new)
    out = list(upper)
    for t in lower:
        out.extend(_minus(t, [u for u in upper if _same_office(u, t)]))
    return out


class KnowledgeBaseWarning(UserWarning):
    """The user KB was made by a version of eventmill that matched names differently."""


# Names whose keys show how eventmill folds names; when they change, imported keys are stale.
_KEY_PROBES = ("The Côte d'Ivoire", "U.S.", "Mustafa Al-Kadhimi", "Sheikh Mohammed bin Zayed Al Nahyan",
               "al-Qaeda in the Islamic Maghreb", "Mr. O'Neill-Smith", "Ban Ki-moon", "ERDOĞAN", "NEW ZEALAND",
               "Dr. Abdullah Abdullah", "Hamas's armed wing", "СССР", "Kim Jong-un", "Raúl Castro Ruz")


@lru_cache(maxsize=1)
def key_version() -> str:
    """A hash of how names become lookup keys (names.fold and names.name_key on fixed names)."""
    parts = [(p, f"{fold(p)}|{name_key(p)}".encode()) for p in _KEY_PROBES]
    return store.hash_parts(parts)


def _layer_copy(base: KnowledgeBase) -> KnowledgeBase:
    """A knowledge base sharing the bundled entries, with its own indexes to layer into."""
    return KnowledgeBase(
        countries=dict(base.countries), country_names=dict(base.country_names), adjectives=dict(base.adjectives),
        metonyms=dict(base.metonyms), sectors=dict(base.sectors), sector_kinds=dict(base.sector_kinds),
        orgs=defaultdict(list, base.orgs), people=defaultdict(list, base.people),
        surnames=defaultdict(list, base.surnames), capitals=set(base.capitals), identity=set(base.identity),
        identity_home=dict(base.identity_home), political_identity=set(base.political_identity),
        max_term_words=base.max_term_words,
    )


def load_layered_kb(user_kb: Path | str | None = None) -> KnowledgeBase:
    """The bundled knowledge base with the user's imported sources layered over it.

    ``user_kb`` defaults to ``$EVENTMILL_KB`` or ``$XDG_DATA_HOME/eventmill/kb.sqlite``; without
    that file (or with nothing imported) this is :func:`load_kb`. Cached per file version, so
    an import made in this process is seen by the next call.
    """
    path = Path(user_kb).expanduser() if user_kb else store.default_user_kb()
    try:
        st = path.stat()
    except OSError:
        if user_kb:
            raise ConfigError(f"{path}: no such knowledge-base file") from None
        return load_kb()
    return _layered(str(path.resolve()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _layered(path_str: str, _mtime: int, _size: int) -> KnowledgeBase:
    path = Path(path_str)
    base = load_kb()
    try:
        conn = store.connect(path, readonly=True)
    except ConfigError:
        raise
    try:
        sources = store.list_sources(conn)
        if not sources:
            return base
        kb = _layer_copy(base)
        over = [s for s in sources if s.layer != "under"]
        under = [s for s in sources if s.layer == "under"]
        for s in over:  # import order: a later source overwrites an earlier one
            _apply_source(kb, conn, s.source, "over")
        for s in reversed(under):  # latest first: it claims the free names first
            _apply_source(kb, conn, s.source, "under")
        ranked = [*reversed(over), *reversed(under)]
        kb.layer_of = {s.source: ("under" if s.layer == "under" else "over") for s in sources}
        if conn.execute("SELECT 1 FROM actors LIMIT 1").fetchone():
            kb.actors = store.ActorIndex(path, {s.source: i for i, s in enumerate(ranked)})
        kb.sources = sources
        kb.user_kb = path
        kb.version = store.content_hash(conn)
        made_with = store.get_meta(conn, "key_version")
        if made_with and made_with != key_version():
            warnings.warn(KnowledgeBaseWarning(
                f"{path}: imported by an eventmill that matched names differently; some imported names may "
                "not be found until `eventmill kb reindex` imports the sources again"), stacklevel=3)
        return kb
    finally:
        conn.close()
