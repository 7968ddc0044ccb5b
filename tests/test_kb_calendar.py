"""The calendar test: every country, every day from 1990-01-01 to today, has a known head of state
and (where the office exists) a head of government in the built-in tables; a collective office has
its several holders; a contested period lists its rival claimants as such; and the gaps that remain
are listed in data/kb/office_calendar.tsv with why, under 2% of country-days."""

from __future__ import annotations

from datetime import date

import pytest

from eventmill.actors import coverage
from eventmill.actors.kb import parse_day
from eventmill.resources import read_tsv


@pytest.fixture(scope="module")
def report() -> coverage.Report:
    return coverage.check_bundled()


def _spans(items) -> str:
    return "; ".join(f"{c} {r} {s[0]}..{s[1]}" for c, r, s, *_ in items[:20])


def test_every_country_and_day_has_its_heads(report):
    assert not report.missing, f"{len(report.missing)} stretches without a holder and not listed as gaps: " + \
        _spans(report.missing)


def test_the_listed_gaps_stay_under_two_percent(report):
    assert report.country_days > 198 * 13_000  # every country, 1990 to today
    assert 0 < report.gap_share() < 0.02


def test_collective_offices_have_their_holders(report):
    assert not report.too_few, _spans(report.too_few)


def test_rival_claimants_are_marked(report):
    assert not report.unmarked_rivals, _spans(report.unmarked_rivals)
    contested = {(r["country"], r["role"]) for r in read_tsv("kb/office_calendar.tsv") if r["kind"] == "contested"}
    assert {("LBY", "head_of_state"), ("LBY", "head_of_government"), ("VEN", "head_of_state")} <= contested


def test_collective_and_dual_offices_are_declared():
    kinds = {(r["country"], r["kind"]) for r in read_tsv("kb/office_calendar.tsv")}
    for code in ("AND", "SMR", "BIH", "CHE"):
        assert (code, "collective") in kinds


def test_no_gap_is_listed_that_the_tables_now_cover(report):
    assert not report.unused_gaps, [f"{g.country} {g.role} {g.start}..{g.end}" for g in report.unused_gaps]


def test_calendar_rows_are_well_formed():
    codes = {r["iso3"] for r in read_tsv("kb/countries.tsv")}
    for i, r in enumerate(read_tsv("kb/office_calendar.tsv"), start=1):
        where = f"office_calendar.tsv row {i}"
        assert r["country"] in codes, where
        assert r["kind"] in ("state", "no_head_of_government", "collective", "contested", "gap"), where
        assert r["role"] in ("head_of_state", "head_of_government", ""), where  # "-" (both) reads as empty
        assert r["why"], f"{where}: says why"
        start, end = parse_day(r.get("from", "")), parse_day(r.get("to", ""), end=True)
        assert not (r.get("from") and start is None) and not (r.get("to") and end is None), where
        assert start is None or end is None or start <= end, where


def test_open_terms_and_gaps_use_todays_date():
    # the walk runs to the day it is called: a term open in the table covers today, not a fixed date
    rep = coverage.check_bundled(date(2000, 1, 1))
    assert rep.country_days < coverage.check_bundled().country_days


def _term(person: str, role: str, start: str, end: str, notes: str = "") -> coverage.Term:
    return coverage.Term(person, "XXX", role, date.fromisoformat(start), date.fromisoformat(end), notes)


def _row(kind: str, role: str, start: str, end: str, holders: int = 1) -> coverage.CalendarRow:
    return coverage.CalendarRow("XXX", role, kind, date.fromisoformat(start), date.fromisoformat(end), holders,
                                "test", 0)


def test_the_walk_finds_a_missing_day():
    today = date(1990, 1, 31)
    terms = [_term("a", "head_of_state", "1980-01-01", "1990-01-10"),
             _term("b", "head_of_state", "1990-01-12", "1990-01-31"),
             _term("c", "head_of_government", "1980-01-01", "1990-01-31")]
    rep = coverage.walk(terms, [], ["XXX"], today)
    assert rep.missing == [("XXX", "head_of_state", (date(1990, 1, 11), date(1990, 1, 11)))]
    listed = coverage.walk(terms, [_row("gap", "head_of_state", "1990-01-11", "1990-01-11")], ["XXX"], today)
    assert not listed.missing and listed.listed_gap_days == 1


def test_the_walk_checks_collective_and_contested_offices():
    today = date(1990, 1, 31)
    terms = [_term("a", "head_of_state", "1980-01-01", "1990-01-31", "rival claimant"),
             _term("b", "head_of_state", "1990-01-20", "1990-01-31"),
             _term("c", "head_of_government", "1980-01-01", "1990-01-31")]
    rep = coverage.walk(terms, [_row("collective", "head_of_state", "1990-01-01", "1990-01-31", 2),
                                _row("contested", "head_of_state", "1990-01-20", "1990-01-31")], ["XXX"], today)
    assert [s for _c, _r, s, _n in rep.too_few] == [(date(1990, 1, 1), date(1990, 1, 19))]
    assert [s for _c, _r, s in rep.unmarked_rivals] == [(date(1990, 1, 20), date(1990, 1, 31))]


def test_a_head_of_state_heading_the_government_needs_no_second_office():
    today = date(1990, 1, 31)
    terms = [_term("a", "head_of_state", "1980-01-01", "1990-01-31")]
    assert coverage.walk(terms, [], ["XXX"], today).missing
    rows = [_row("no_head_of_government", "head_of_government", "1990-01-01", "1990-01-31")]
    assert not coverage.walk(terms, rows, ["XXX"], today).missing
