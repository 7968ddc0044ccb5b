"""Every person in ../shared/kb/wikidata_officeholders/world_leaders_2021.csv (Wikidata's heads of
state and government in office in 2021-2022) resolves by bare name, on a date inside their term, to
that person as holding an office of that country: the built-in tables know them under the name
Wikidata gives. Skips without ../shared."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from eventmill.actors import people
from eventmill.actors.importers import jurisdiction_code
from eventmill.actors.kb_layers import load_kb

from .conftest import needs_shared

pytestmark = [pytest.mark.shared, needs_shared]

# The snapshot was taken in October 2022: a term it leaves open was held then.
SNAPSHOT = date(2022, 10, 1)
# Where the snapshot is wrong, and why (checked by the eventmill authors).
SNAPSHOT_ERRORS = {
    "Q3327520": "listed as Prime Minister of Kuwait in 2022; Mohammad Sabah Al-Salem Al-Sabah became prime minister "
                "in January 2024 (Kuwait News Agency)",
    "Q4955460": "an English label that is not the name of the Sahrawi president, Brahim Ghali",
}
# Places eventmill does not code as states (the table lists their leaders too).
NOT_STATES = {"Republic of Abkhazia", "Republic of Artsakh", "Somaliland", "South Ossetia", "Transnistria",
              "Turkish Republic of Northern Cyprus", "Republika Srpska"}


def _rows(shared):
    path = shared / "kb" / "wikidata_officeholders" / "world_leaders_2021.csv"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["country"] not in NOT_STATES]


def _days(row: dict[str, str], terms: list) -> list[date]:
    """Days inside the term as far as years tell: the snapshot for an open term; else the start of
    the last year when the term began before it; else (a term within one year) every month's middle,
    one of which lies inside it. Then the middle of each term the tables give the person in those
    years (a term the snapshot still shows open may have ended: David Granger left in 2020)."""
    start, end = int(row["start_year"]), int(row["end_year"]) if row["end_year"] else None
    if end is None:
        days = [SNAPSHOT]
    elif start < end:
        days = [date(end, 1, 1)]
    else:
        days = [date(end, m, 15) for m in range(1, 13)]
    lo, hi = date(start, 1, 1), date(end or SNAPSHOT.year, 12, 31)
    for t in terms:
        if t.start and t.start <= hi and (t.end is None or t.end >= lo):
            a, b = max(t.start, lo), min(t.end or hi, hi)
            days.append(a + (b - a) / 2)
    return days


def test_every_world_leader_resolves_by_bare_name(shared):
    kb = load_kb()
    unnamed, failures = 0, []
    rows = _rows(shared)
    for r in rows:
        name = r["officeholderLabel"]
        if name.startswith("Q") and name[1:].isdigit():
            unnamed += 1  # a Wikidata item without an English label names nobody
            continue
        if r["officeholder"] in SNAPSHOT_ERRORS:
            continue
        iso = jurisdiction_code(r["country"], kb)
        assert iso, r["country"]
        ok = False
        for day in _days(r, [t for t in kb.person_terms(name) if t.country == iso]):
            found = people.match(kb, name, day)
            if found is None or not found.current:
                continue
            # the person, holding an office of this country on the day (a monarch of several realms
            # resolves to the monarch's own country, and holds this one too)
            held = [t for t in kb.person_terms(name) if t.kb_id == found.entry.kb_id and t.country == iso
                    and t.valid_on(day)]
            if held:
                ok = True
                break
        if not ok:
            failures.append(f"{name} ({r['positionLabel']}, {r['start_year']}-{r['end_year'] or 'open'})")
    assert unnamed <= 2
    assert len(rows) > 400
    assert not failures, f"{len(failures)} of {len(rows)}: " + "; ".join(failures)
