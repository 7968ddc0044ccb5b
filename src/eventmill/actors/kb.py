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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from eventmill.actors import store
from eventmill.actors.names import fold, name_key
from eventmill.actors.petrarch import CodeRule
from eventmill.geo.countries import Country
from eventmill.lang.words import word_class
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


def exists(relpath: str) -> bool:
    return (resources.files("eventmill") / "data" / relpath).is_file()


# Roles an office title names, for matching "President X" against the terms of X.
TITLE_ROLES: dict[str, frozenset[str]] = {
    row["title"]: frozenset(split(row["roles"])) for row in read_tsv("kb/office_titles.tsv")}
# Words too common to identify one person on their own.
COMMON_NAMES = word_class("common_name", "kb/words.tsv")
# Countries whose names put the family name first.
FAMILY_NAME_FIRST = word_class("family_name_first", "kb/words.tsv")
# The sector an actor in each role of the dated-people tables is coded with.
ROLE_SECTOR: dict[str, str] = {row["role"]: row["sector"] for row in read_tsv("kb/roles.tsv")}

# The first three letters of a CAMEO code that name no country: international actor types,
# sectors used as primary codes (Phoenix's "[ELI]", "[MED]") and religions ("CHRCTH").
NON_COUNTRY_CODES = word_class("non_country_code", "kb/words.tsv")


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


def alternatives(code: str | None) -> list[str]:
    """The actors a PETRARCH code names: "FRO/BIL/SAM" (a phrase that stands for several actors,
    "the Shire" for its three hobbits) names each, as PETRARCH codes an event for each."""
    return [c for c in (code or "").split("/") if c]


def actor_entry(hit: store.ImportedActor, rule: CodeRule) -> Entry:
    """An imported actor as the resolver sees it on a date: the code of the rule that applies
    (a code of several actors, "FRO/BIL/SAM", as it stands: the resolver makes one actor of each)."""
    country, sector = split_code(rule.code) if len(alternatives(rule.code)) < 2 else (None, None)
    return Entry(kb_id=hit.kb_id, name=hit.name, code=rule.code, sector=sector, country=country, kind="actor",
                 start=rule.start, end=rule.end, kb_source=hit.source)



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
    # the actor resolver's role-term lookups by their words, kept across documents (they read
    # only the role-term tables above, loaded once; the resolver bounds it)
    title_cache: dict[tuple[bool, tuple[str, ...], tuple[str, ...]], tuple[str, str | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _role_words: tuple[int, frozenset[str]] | None = field(default=None, init=False, repr=False, compare=False)

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

    def role_words(self) -> frozenset[str]:
        """The words of the role terms (:attr:`sectors`), "of" left out where a term has others
        ("minister of defence"): a phrase with none of them in its folded words names no role."""
        if self._role_words is None or self._role_words[0] != len(self.sectors):
            words: set[str] = set()
            for term in self.sectors:
                parts = term.split()
                words.update(w for w in parts if w != "of" or parts == ["of"])
            self._role_words = (len(self.sectors), frozenset(words))
        return self._role_words[1]

    def organization(self, text: str, day: date | None, home: str | None = None,
                     named: frozenset[str] = frozenset()) -> Entry | None:
        """The organisation or armed group a name refers to on a date (None if unknown);
        imported dictionary actors (people, groups, places) are answered here too, with their
        dated codes, layered over or under the built-in entries. A name two bodies share ("RAF":
        Britain's Royal Air Force, India's Rapid Action Force) is the one of ``home``, the story's
        country, else one of a country the story names (``named``), else the table's first."""
        if self.actors is not None:
            hit = self.imported_actor(text, day, "over")
            if hit is not None:
                return hit
        entries = self.orgs.get(fold(text))  # (folding strips the accents)
        if not entries:
            return self.imported_actor(text, day, "under") if self.actors is not None and not self.knows(text) \
                else None
        valid = [e for e in entries if e.valid_on(day)]
        if len(entries) > 1 and (home or named):  # (sorted is stable: the table's order otherwise)
            valid = sorted(valid, key=lambda e: (e.country != home, e.country not in named))
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
