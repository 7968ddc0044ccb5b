"""Which office-holder a person's name refers to on a date.

A name is looked up in steps, each weaker than the last and each needing more context to be
believed: the full name or a listed alias; the surname alone; a near spelling of the surname
("Mitterand"); a transliteration variant ("Kazemi", "Kadhafi", "الكاظمي": the same consonant
skeleton, names.skeleton). The candidates' office terms are then checked against what the text
says: the title ("President", "Foreign Minister" restrict the role), the country in context
(an Afghan minister called Kazemi is not Iraq's "Al-Kazemi") and the date (who held office
then). Context beats surface similarity: a weak match with nothing to confirm it is no match.

The spaCy-bound parts (which tokens form the name, the title, the country around it, earlier
mentions in the story) stay in the resolvers (persons.py, coref.py); this module is plain data
in, decision out, so ``eventmill kb search`` can show the same reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventmill.actors.kb import (
    BEYOND_OFFICE,
    COMMON_NAMES,
    EX_OFFICIO,
    ROLE_SECTOR,
    TITLE_ROLES,
    Entry,
    KnowledgeBase,
)
from eventmill.actors.mention import make_code
from eventmill.actors.names import name_key, skeleton

# How a name matched, weakest last.
FULL_NAME = "full name"
SURNAME = "surname"
NEAR_SPELLING = "near spelling"
TRANSLITERATION = "transliteration"

# Offices whose former holders the news still names by surname alone ("Obama", "Blair").
_LEADERS = frozenset({"head_of_state", "head_of_government", "supreme_leader"})

# A skeleton shorter than this ("bm" for Obama) meets too many names to be trusted alone.
_MIN_SKELETON = 3


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """An office-holder a name refers to, and what they were on the day."""

    entry: Entry  # the office term that decided (the current one, else the nearest past one)
    current: bool  # in office on the day
    how: str  # FULL_NAME, SURNAME, NEAR_SPELLING or TRANSLITERATION
    sector: str | None  # GOV/MIL in office; ELI for a former office-holder; None before office
    confidence: float
    reasons: list[str] = field(default_factory=list)


def person_code(entry: Entry, sector: str | None) -> str | None:
    """A person's actor code on a day they have this sector: the code of the organisation or
    group whose office they hold (the UN Secretary-General is IGOUNO, HTS's leader SYRINSHTS),
    else their country and sector (USAGOV, BRAELI)."""
    return entry.code if entry.code and sector == entry.sector else make_code(entry.country, sector)


def candidates(kb: KnowledgeBase, name: str, *, fuzzy: bool) -> tuple[list[Entry], str]:
    """Office terms a name may refer to, and how they were found. ``fuzzy`` allows the weak
    steps (near spellings and transliteration variants); callers allow them only when a title
    or a country in context can confirm the match."""
    terms = kb.person_terms(name)
    if terms:
        return terms, FULL_NAME
    key = name_key(name)
    if not key:
        return [], ""
    surname = key.rsplit(" ", 1)[-1]
    terms = kb.surname_terms(surname)
    if terms:
        return terms, SURNAME
    non_latin = not name.isascii() and not name_key(name).isascii()
    if fuzzy or non_latin:
        terms = kb.fuzzy_surname_terms(surname) if surname.isascii() else []
        if terms:
            return terms, NEAR_SPELLING
        terms = transliteration_terms(kb, name)
        if terms:
            return terms, TRANSLITERATION
    return [], ""


def transliteration_terms(kb: KnowledgeBase, name: str) -> list[Entry]:
    """Terms of people whose full name or surname has the name's consonant skeleton."""
    index = _skeleton_index(kb)
    full = skeleton(name)
    if len(full.replace(" ", "")) < _MIN_SKELETON:
        return []
    hits = index.get(full)
    if not hits and " " in full:
        last = full.rsplit(" ", 1)[-1]
        hits = index.get(last) if len(last) >= _MIN_SKELETON else None
    if not hits:
        return []
    out: list[Entry] = []
    for key in hits:
        out.extend(kb.people.get(key) or kb.surnames.get(key) or ())
    return out


_INDEXES: dict[int, dict[str, list[str]]] = {}


def _skeleton_index(kb: KnowledgeBase) -> dict[str, list[str]]:
    """skeleton -> name keys (full names and surnames), built once per knowledge base."""
    index = _INDEXES.get(id(kb))
    if index is None:
        index = {}
        for key in [*kb.people, *kb.surnames]:
            sk = skeleton(key)
            if sk and key not in index.setdefault(sk, []):
                index[sk].append(key)
        _INDEXES[id(kb)] = index
    return index


def _still_known(terms: list[Entry], day: date | None) -> bool:
    """Is a former office-holder still named by surname alone: out of office for at most twelve
    years, or in office for four years or more."""
    if day is None:
        return True
    ends = [t.end for t in terms if t.end]
    served = sum(((t.end or day) - t.start).days for t in terms if t.start)
    return served >= 4 * 365 or (bool(ends) and (day - max(ends)).days <= 12 * 365)


def _given_name_fits(given: str, entry: Entry) -> bool:
    """Does the first word of a mention fit the person's names ("Mustafa" for Mustafa al-Kadhimi,
    "M." as an initial, a spelling variant of the given name)?"""
    names = [name_key(entry.name)]
    first_words = {n.split()[0] for n in names if n}
    if given in first_words or any(len(given) == 1 and w.startswith(given) for w in first_words):
        return True
    return any(skeleton(given) == skeleton(w) for w in first_words)


def choose(
    terms: list[Entry], day: date | None, *, title: str = "", country: str | None = None, weak: bool = False
) -> tuple[Entry, bool] | None:
    """The office term that fits the date, the title and the country in context, and whether
    it is current on the day. ``weak`` marks candidates found by surname or spelling variant:
    they must be unambiguous or confirmed by context."""
    if country:
        terms = [t for t in terms if t.country == country]
    roles = TITLE_ROLES.get(title)
    if roles:
        matching = [t for t in terms if t.role in roles]
        if matching or weak:
            terms = matching
    if not terms:
        return None
    # an office held by virtue of another gives way to that one ("Macron" is France's president,
    # not Andorra's co-prince), unless the context asked for it
    primary = {t.kb_id for t in terms if t.kind != EX_OFFICIO}
    terms = [t for t in terms if t.kind != EX_OFFICIO or t.kb_id not in primary]
    current = [t for t in terms if t.valid_on(day)] if day else list(terms)
    if any(t.kind != BEYOND_OFFICE for t in current):
        # an office held on the day comes before a standing without one (the vice-president who is a candidate)
        current = [t for t in current if t.kind != BEYOND_OFFICE]
    if current:
        people = {t.kb_id for t in current}
        if len(people) > 1 and weak and not country and not roles:
            return None  # an ambiguous surname with nothing to decide
        return sorted(current, key=lambda t: t.start or date.min, reverse=True)[0], True
    if len({t.kb_id for t in terms}) > 1:
        return None
    past = [t for t in terms if day and t.end and t.end < day]
    if past and weak and not country and not roles and not (
            _still_known(terms, day) and any(t.role in _LEADERS for t in past)):
        # "Campbell" in 2018 is not the prime minister of four months in 1993, and a former
        # minister ("Graham") is named by full name, not by surname alone
        return None
    if past:  # a former office-holder ("Obama" in 2021): their last office before the day, a national one first
        return max(past, key=lambda t: (t.country is not None, t.end or date.min)), False
    if weak and not country and not roles:
        # a bare surname of someone who only later took office ("Kazemi" in 2003): too weak
        return None
    return min(terms, key=lambda t: t.start or date.max), False  # not yet in office


def match(
    kb: KnowledgeBase, name: str, day: date | None, *, title: str = "", country: str | None = None,
    fuzzy: bool | None = None,
) -> PersonMatch | None:
    """The office-holder ``name`` refers to on ``day`` given the title and country the text
    gives, or None. Fuzzy steps are tried only with a title or country to confirm them unless
    ``fuzzy`` says otherwise."""
    if fuzzy is None:
        fuzzy = title in TITLE_ROLES or country is not None
    terms, how = candidates(kb, name, fuzzy=fuzzy)
    reasons = [f"{len({t.kb_id for t in terms})} people by {how}"] if terms else ["no candidate"]
    if not terms:
        return None
    key = name_key(name)
    # one word, even a listed alias ("Kazemi"), is a surname: it needs the date or context to agree
    weak = how != FULL_NAME or " " not in key
    if " " not in key and key in COMMON_NAMES and not (country or TITLE_ROLES.get(title)):
        return None  # "said Abdullah": a common name alone names no one in particular
    if how != FULL_NAME and " " in key:
        # "Anna Campbell" is not Kim Campbell: a given name that is written must fit the person's
        given = key.split()[0]
        terms = [t for t in terms if _given_name_fits(given, t)]
        if not terms:
            return None
    chosen = choose(terms, day, title=title, country=country, weak=weak)
    if chosen is None:
        return None
    entry, current = chosen
    where = f"of {entry.country}" if entry.country else f"({entry.code})" if entry.code else ""
    if current:
        sector: str | None = entry.sector or ROLE_SECTOR.get(entry.role or "", "GOV")
        conf = {FULL_NAME: 0.95, SURNAME: 0.85}.get(how, 0.75)
        reasons.append(f"{entry.title or entry.role} {where} on {day}".replace("  ", " "))
    elif day and entry.end and entry.end < day:
        # a former office-holder (CAMEO's elite); a former leader of an armed group is still of the group
        sector = entry.sector if entry.role == "armed_group_leader" else "ELI"
        conf = 0.8
        reasons.append(f"former {entry.title or entry.role} {where} (until {entry.end})".replace("  ", " "))
    else:
        sector, conf = None, 0.7
        reasons.append(f"not yet {entry.title or entry.role} {where} (from {entry.start})".replace("  ", " "))
    return PersonMatch(entry, current, how, sector, conf, reasons)
