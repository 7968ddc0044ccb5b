"""The built-in office-holder tables: every row says where it came from, and the offices of the 60
countries most in the news were checked against the changes since the 2022 Wikidata snapshots."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from eventmill.actors.kb import parse_day
from eventmill.resources import read_tsv

TABLES = ("kb/officeholders_heads.tsv", "kb/officeholders_ministers.tsv")
ROLES = {"head_of_state", "head_of_government", "vice_president", "supreme_leader", "governor_general",
         "foreign_minister", "defence_minister", "interior_minister"}
WIKIDATA = re.compile(r"^wikidata: every-politician-scrapers/[a-z0-9-]+@[0-9a-f]{12} html/holders21\.csv$")
CHECKED_ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister", "interior_minister")


def _rows():
    for table in TABLES:
        for i, r in enumerate(read_tsv(table), start=1):
            yield f"{table} row {i} ({r['name']}, {r['country']})", r


@pytest.mark.parametrize("table", TABLES)
def test_every_row_says_where_it_came_from(table):
    for i, r in enumerate(read_tsv(table), start=1):
        where = f"{table} row {i} ({r['name']})"
        source = r["source"]
        if source.startswith("hand:"):
            assert len(source) > len("hand: ") + 10, f"{where}: a hand row names its source"
        else:
            assert WIKIDATA.match(source), f"{where}: {source!r}"
            assert re.fullmatch(r"Q\d+", r["qid"]), f"{where}: a Wikidata row has the person's Q-id"


def test_rows_are_well_formed():
    codes = {r["iso3"] for r in read_tsv("kb/countries.tsv")} | {"SUN", "DDR", "YMD"}
    for where, r in _rows():
        assert r["role"] in ROLES, where
        assert r["country"] in codes, where
        start, end = parse_day(r["start"]), parse_day(r["end"], end=True)
        assert start is not None, where
        assert end is None or start <= end, where
        assert not r["qid"] or re.fullmatch(r"Q\d+", r["qid"]), where
        assert not r.get("via") or r["via"] in codes, where


def test_a_person_id_names_one_person():
    qids: dict[str, set[str]] = defaultdict(set)
    for _where, r in _rows():
        if r["qid"]:
            qids[r["person_id"]].add(r["qid"])
    assert not {pid: q for pid, q in qids.items() if len(q) > 1}


def test_both_sources_are_used():
    sources = [r["source"] for _w, r in _rows()]
    assert sum(s.startswith("wikidata:") for s in sources) > 2000
    assert sum(s.startswith("hand:") for s in sources) > 4000


def _checked():
    return list(read_tsv("kb/officeholders_checked.tsv"))


def test_sixty_countries_were_checked_for_every_office():
    offices: dict[str, set[str]] = defaultdict(set)
    for r in _checked():
        offices[r["country"]].add(r["role"])
        assert r["source"].startswith("hand: ") and len(r["source"]) > 20, r
        assert r["holder"] or r["notes"], f"{r['country']} {r['role']}: says why there is no holder"
    complete = [c for c, roles in offices.items() if roles >= set(CHECKED_ROLES)]
    assert len(complete) >= 60


def test_the_tables_agree_with_the_check():
    terms = defaultdict(list)
    for _where, r in _rows():
        terms[(r["country"], r["role"])].append(r)
    for c in _checked():
        if not c["holder"]:  # "-": no holder (read_tsv reads it as empty)
            continue
        day = parse_day(c["checked"])
        holders = {r["person_id"] for r in terms[(c["country"], c["role"])]
                   if parse_day(r["start"]) <= day and (not r["end"] or day <= parse_day(r["end"], end=True))}
        assert set(c["holder"].split("|")) == holders, f"{c['country']} {c['role']} on {day}"


def test_foreign_defence_and_interior_ministers_of_the_sixty():
    checked = {r["country"] for r in _checked()}
    have: dict[str, set[str]] = defaultdict(set)
    for _where, r in _rows():
        if r["country"] in checked:
            have[r["role"]].add(r["country"])
    assert len(have["foreign_minister"]) == 60
    assert len(have["defence_minister"]) >= 58  # Palestine has no defence ministry; Haiti's are not listed
    assert len(have["interior_minister"]) >= 50


def test_changes_since_the_snapshots_name_their_source():
    """Rows of the 60 countries that begin or end after mid-2022 (when the Wikidata snapshots were made)
    name the report or official record they come from, not just "public knowledge"."""
    checked = {r["country"] for r in _checked()}
    vague = [where for where, r in _rows() if r["country"] in checked and r["source"].startswith("hand:")
             and ((r["start"] >= "2022-07") or (r["end"] and r["end"] >= "2022-07"))
             and "public knowledge" in r["source"]]
    assert not vague, vague[:10]


def test_people_beyond_office_are_well_formed():
    roles = {"president_elect", "head_of_government_elect", "candidate", "opposition_leader", "armed_group_leader",
             "igo_head", "igo_envoy"}
    groups = {r["id"] for r in read_tsv("kb/armed_groups.tsv")}
    orgs = {r["id"] for r in read_tsv("kb/organizations.tsv")}
    codes = {r["iso3"] for r in read_tsv("kb/countries.tsv")}
    seen = defaultdict(set)
    for i, r in enumerate(read_tsv("kb/people_beyond_office.tsv"), start=1):
        where = f"people_beyond_office.tsv row {i} ({r['name']})"
        assert r["role"] in roles, where
        assert r["source"].startswith("hand: ") and len(r["source"]) > 20, where
        start, end = parse_day(r["start"]), parse_day(r["end"], end=True)
        assert start is not None and (end is None or start <= end), where
        if r["role"] == "armed_group_leader":
            assert r["org"] in groups, where
        elif r["role"] in ("igo_head", "igo_envoy"):
            assert r["org"] in orgs and not r["country"], where
        else:
            assert r["country"] in codes and r["sector"] in ("OPP", "ELI"), where
        seen[r["role"]].add(r["org"] or r["country"])
    # opposition leaders of many of the 60 countries, and the main international organisations
    assert len(seen["opposition_leader"]) >= 25
    assert {"un", "nato", "eu", "euco", "auc", "opec", "who", "imf"} <= seen["igo_head"]
    assert len(seen["armed_group_leader"]) >= 40


def test_a_person_is_one_id_across_the_tables():
    """The same person in the office tables and in people_beyond_office.tsv has one id: a bare
    surname counts people by id, and two ids for one person would make it ambiguous."""
    ids: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table in TABLES:
        for r in read_tsv(table):
            ids[(r["name"], r["country"])].add(r["person_id"])
    split = [(r["name"], r["person_id"], ids[(r["name"], r["country"])])
             for r in read_tsv("kb/people_beyond_office.tsv")
             if ids.get((r["name"], r["country"])) and r["person_id"] not in ids[(r["name"], r["country"])]]
    assert not split, split[:10]
