"""The knowledge base's office-holder dates, checked against Wikidata (CC0) office-holder tables
in ``$EVENTMILL_SHARED/kb/wikidata_officeholders`` (skipped when they are absent).

The bundled tables were written by us; these tests are how we find our mistakes. Each Wikidata
term of an office we cover (heads of state and government, foreign and defence ministers) must
match one of ours for the same person: starts and ends within 45 days, or Wikidata's term lying
inside ours (we list a continuous term where Wikidata splits it by reshuffle). Wikidata dates given
only as a year or a month are compared at that precision. Acting holders of under 45 days are
not listed by design. Where Wikidata is wrong or records a different office under the same
label, the row is in KNOWN_DIFFERENCES with the reason; nothing else may differ.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from eventmill.actors.kb import parse_day as _parse_day
from eventmill.actors.kb_layers import load_kb
from eventmill.actors.names import name_key, skeleton
from eventmill.resources import read_tsv

FOLDER = Path(os.environ.get("EVENTMILL_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")) / "kb" / (
    "wikidata_officeholders")
pytestmark = pytest.mark.skipif(not (FOLDER / "officeholders_2022.csv").is_file(),
                                reason="the Wikidata office-holder tables (../shared) are not available")

TOLERANCE_DAYS = 45
SNAPSHOT = date(2022, 1, 1)  # the tables' terms still open then may have ended since

POSITIONS = {
    "President": "head_of_state",
    "Prime Minister": "head_of_government",
    "Premier of the State Council": "head_of_government",
    "Supreme Leader": "supreme_leader",
    "Minister of Foreign Affairs": "foreign_minister",
    "Federal Minister of Foreign Affairs": "foreign_minister",
    "Secretary of State for Foreign and Commonwealth Affairs": "foreign_minister",
    "Secretary of State for Foreign, Commonwealth and Development Affairs": "foreign_minister",
    "Minister of Defence": "defence_minister",
    "Minister of National Defence": "defence_minister",
    "Federal Minister of Defence": "defence_minister",
    "Secretary of State for Defence": "defence_minister",
    "Secretary of Defense": "defence_minister",
    "Secretary of Defence": "defence_minister",
}

# (country, role, Wikidata's name for the person) -> why our table differs, and why we are right.
KNOWN_DIFFERENCES = {
    ("AFG", "supreme_leader", "Akhtar Mansour"): "leader of the Taliban insurgency, not of the state",
    ("AFG", "supreme_leader", "Hibatullah Akhundzada"):
        "Taliban leader from 2016; we list him from 2021-08-15, when he became the state's leader",
    ("AFG", "head_of_government", "Mohammed Omar"):
        "listed by us as head of state (Supreme Leader) for the same dates; the Taliban's council had its own chairmen",
    ("AFG", "foreign_minister", "Sher Mohammad Abbas Stanikzai"): "deputy foreign minister of the Taliban government",
    ("IND", "foreign_minister", "*"): "Wikidata lists India's Foreign Secretaries (civil servants) under this label",
    ("IND", "defence_minister", "Jaswant Singh"):
        "held defence only from March to October 2001 while George Fernandes was out; Wikidata's 2000 start is wrong",
    ("IRQ", "head_of_government", "*2003-2004"):
        "the Governing Council's monthly rotating presidency (July 2003 - June 2004), not a prime ministership",
    ("IRQ", "foreign_minister", "Muhammad Amin Ahmad"): "not a foreign minister of Iraq in 2003",
    ("IRQ", "foreign_minister", "Ghassan Muhsen"): "not a foreign minister of Iraq in 2003",
    ("IRQ", "foreign_minister", "Hoshyar Zebari"):
        "appointed with the first post-war cabinet in September 2003; July 2003 is when the Governing Council formed",
    ("IRQ", "defence_minister", "Qader Al-Obeidi"):
        "appointed 2006-06-08, after Maliki's cabinet had left the post vacant; Wikidata's March start is wrong",
    ("EGY", "foreign_minister", "Ahmed Aboul Gheit"): "appointed with the Nazif cabinet on 2004-07-14",
    ("FRA", "foreign_minister", "Laurent Fabius"):
        "left for the Constitutional Council on 2016-02-11 (Ayrault succeeded him); Wikidata extends him to December",
    ("TUR", "defence_minister", "Fikri Işık"): "succeeded by Nurettin Canikli on 2017-07-19; Wikidata merges the two",
    ("TUR", "defence_minister", "Nurettin Canikli"): "from 2017-07-19; Wikidata gives both men the same dates",
    ("SDN", "head_of_government", "Omar al-Bashir"):
        "Sudan had no prime minister 1989-2017; al-Bashir is listed as head of state for the whole period",
    ("SDN", "foreign_minister", "Lily Albino Akol Akol"): "a mislabelled entry: the foreign minister then was Lam Akol",
    ("SDN", "foreign_minister", "Mariam Sadiq al-Mahdi"): "dismissed in the coup of 2021-10-25; the snapshot is older",
    ("UKR", "head_of_government", "Volodymyr Groysman"): "a week as acting prime minister in 2014: under our threshold",
    ("YEM", "foreign_minister", "Muhammad Abdullah Hajar"): "not a foreign minister of either Yemeni government",
}


@dataclass
class Term:
    country: str
    role: str
    person: str
    start: date
    end: date | None
    start_precision: int  # 1 year, 2 month, 3 day
    end_precision: int


def _precision(value: str) -> int:
    return len(value.split("-")) if value else 3


def _wikidata_terms() -> Iterator[Term]:
    kb = load_kb()
    with open(FOLDER / "officeholders_2022.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            country = kb.country(row["jurisdiction"].removeprefix("the "))
            role = POSITIONS.get(row["position"])
            if country == "USA" and row["position"] == "Secretary of State":
                role = "foreign_minister"
            start, end = _parse_day(row["start"]), _parse_day(row["end"], end=True)
            if country and role and start:
                yield Term(country, role, row["person"], start, end, _precision(row["start"]), _precision(row["end"]))


def _merged(terms: list[Term]) -> list[Term]:
    """One person's consecutive terms in one office as one (reshuffles, reappointments)."""
    out: list[Term] = []
    for t in sorted(terms, key=lambda t: t.start):
        last = out[-1] if out else None
        if last is not None and last.end is not None and (t.start - last.end).days <= TOLERANCE_DAYS:
            last.end, last.end_precision = t.end, t.end_precision
        else:
            out.append(Term(**vars(t)))
    return out


def _ours() -> dict[tuple[str, str], list[dict[str, str]]]:
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for table in ("kb/officeholders_heads.tsv", "kb/officeholders_ministers.tsv"):
        for row in read_tsv(table):
            out.setdefault((row["country"], row["role"]), []).append(row)
    return out


def _same_person(row: dict[str, str], name: str) -> bool:
    names = [row["name"], *[a for a in row.get("aliases", "").split("|") if a]]
    key, sk = name_key(name), skeleton(name)
    words = set(key.split())

    def same(n: str) -> bool:
        theirs = set(name_key(n).split())
        # middle names and patronymics: one name's words contain the other's ("Hage Gottfried Geingob")
        shared = len(words & theirs) >= min(2, len(words), len(theirs))
        return name_key(n) == key or skeleton(n) == sk or (shared and (words <= theirs or theirs <= words)) or \
            fuzz.ratio(name_key(n), key) >= 90

    return any(same(n) for n in names)


def _close(ours: date | None, theirs: date | None, precision: int, open_ok: bool) -> bool:
    if theirs is None:
        return ours is None or (open_ok and ours >= SNAPSHOT)
    if ours is None:
        return theirs >= SNAPSHOT  # still in office for us; Wikidata may record a later date we missed
    if precision == 1:
        return ours.year == theirs.year
    if precision == 2:
        return (ours.year, ours.month) == (theirs.year, theirs.month) or abs((ours - theirs).days) <= TOLERANCE_DAYS
    return abs((ours - theirs).days) <= TOLERANCE_DAYS


def _matches(row: dict[str, str], t: Term) -> bool:
    start, end = _parse_day(row["start"]), _parse_day(row["end"], end=True)
    if start is None:
        return False
    if _close(start, t.start, t.start_precision, False) and _close(end, t.end, t.end_precision, True):
        return True
    inside = start <= t.start and (end is None or (t.end is not None and end >= t.end))
    return inside


def _known(t: Term) -> bool:
    if (t.country, t.role, t.person) in KNOWN_DIFFERENCES or (t.country, t.role, "*") in KNOWN_DIFFERENCES:
        return True
    return (t.country, t.role) == ("IRQ", "head_of_government") and date(2003, 7, 1) <= t.start <= date(2004, 6, 1) \
        and ("IRQ", "head_of_government", "*2003-2004") in KNOWN_DIFFERENCES


def differences() -> list[str]:
    ours = _ours()
    minister_countries = {c for (c, role) in ours if role in ("foreign_minister", "defence_minister")}
    by_person: dict[tuple[str, str, str], list[Term]] = {}
    for t in _wikidata_terms():
        if t.role in ("foreign_minister", "defence_minister") and t.country not in minister_countries:
            continue  # a country whose ministers we do not claim to cover
        by_person.setdefault((t.country, t.role, t.person), []).append(t)
    found = []
    for terms in by_person.values():
        for t in _merged(terms):
            if (t.end or date.max) < date(2000, 1, 1) or _known(t):
                continue
            if t.end is not None and (t.end - t.start).days < TOLERANCE_DAYS:
                continue  # a few days' acting holder
            rows = ours.get((t.country, t.role), [])
            candidates = [r for r in rows if _same_person(r, t.person)]
            if not candidates:
                # the same term under another spelling of the name: start and end both agree
                if any(_close(_parse_day(r["start"]), t.start, 3, False)
                       and _close(_parse_day(r["end"], end=True), t.end, 3, True) for r in rows):
                    continue
                found.append(f"missing: {t.country} {t.role} {t.person} {t.start}..{t.end or ''}")
            elif not any(_matches(r, t) for r in candidates):
                mine = "; ".join(f"{r['start']}..{r['end']}" for r in candidates)
                found.append(f"dates: {t.country} {t.role} {t.person}: Wikidata {t.start}..{t.end or ''}, ours {mine}")
    return found


def test_office_holder_dates_agree_with_wikidata():
    found = differences()
    assert not found, "\n".join(found)


def test_world_leaders_2021_are_known():
    """Every head of state or government in office in 2021 (Wikidata's world leaders table) is
    in our tables for the same country (monarchs' representatives, co-princes and collective
    presidencies aside)."""
    kb = load_kb()
    ours = _ours()
    missing = []
    with open(FOLDER / "world_leaders_2021.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = row["positionLabel"]
            if not label.lower().startswith(("president of", "prime minister of")) or "council" in label.lower() \
                    or "commission" in label.lower():
                continue
            country = kb.country(row["country"].removeprefix("the "))
            if country is None or country not in kb.countries or country == "ESH":
                continue  # (Western Sahara's exile government is outside our coverage)
            role = "head_of_state" if label.lower().startswith("president") else "head_of_government"
            start, end = int(row["start_year"] or 0), int(row["end_year"] or 9999)
            if end < 2021 or start > 2021:
                continue
            rows = ours.get((country, role), []) + ours.get((country, "head_of_state" if role != "head_of_state"
                                                                 else "head_of_government"), [])
            if not any(_same_person(r, row["officeholderLabel"]) for r in rows):
                missing.append(f"{country} {label}: {row['officeholderLabel']} {row['start_year']}..{row['end_year']}")
    assert not missing, "\n".join(missing)
