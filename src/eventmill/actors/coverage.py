"""Which country-days the built-in tables know a head of state and a head of government for.

The calendar (``data/kb/office_calendar.tsv``) says, per country, what the tables should hold
and where they knowingly do not: when a country existed as a state (``state``), when its head
of state also headed the government so that no separate office exists (``no_head_of_government``),
which offices are collective and need several holders at once (``collective``: Andorra's two
co-princes, San Marino's two captains regent, Bosnia's three-member presidency), which periods
had rival claimants who must be marked as such (``contested``), and the gaps that remain, each
with why (``gap``). :func:`walk` compares the office terms of ``officeholders_heads.tsv`` with it,
day by day from 1990-01-01, in intervals rather than days so that the whole calendar is checked
in a fraction of a second.

Used by the calendar test (tests/test_kb_calendar.py) and by ``tools/build_officeholders.py``,
which prints the gaps after a build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from eventmill.actors.kb import parse_day
from eventmill.resources import read_tsv

START = date(1990, 1, 1)
HEAD_ROLES = ("head_of_state", "head_of_government")
# The places the calendar covers besides UN members: the UN observer states, and Taiwan, Kosovo and
# Western Sahara (the Sahrawi Arab Democratic Republic's government); not the dependent territories
# countries.tsv also lists.
NOT_STATES = frozenset({"HKG", "MAC", "PRI", "GRL"})
ONE_DAY = timedelta(days=1)

Span = tuple[date, date]  # inclusive


@dataclass(frozen=True, slots=True)
class Term:
    person: str
    country: str
    role: str
    start: date
    end: date  # inclusive; an open term ends on the day the calendar is walked to
    notes: str = ""


@dataclass(frozen=True, slots=True)
class CalendarRow:
    country: str
    role: str  # head_of_state | head_of_government | - (both)
    kind: str  # state | no_head_of_government | collective | contested | gap
    start: date
    end: date
    holders: int
    why: str
    line: int


@dataclass
class Report:
    """What a walk of the calendar found."""

    today: date
    country_days: int = 0  # per role: countries x days they existed
    missing: list[tuple[str, str, Span]] = field(default_factory=list)  # not covered and not listed as a gap
    listed_gap_days: int = 0  # country-role-days the gap rows declare
    unused_gaps: list[CalendarRow] = field(default_factory=list)  # gap rows the tables now cover
    too_few: list[tuple[str, str, Span, int]] = field(default_factory=list)  # collective offices short of holders
    unmarked_rivals: list[tuple[str, str, Span]] = field(default_factory=list)  # contested days without two marked

    def gap_share(self) -> float:
        return self.listed_gap_days / (2 * self.country_days) if self.country_days else 0.0


def _days(span: Span) -> int:
    return (span[1] - span[0]).days + 1


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping, non-adjacent spans covering the same days."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + ONE_DAY:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract(spans: list[Span], minus: list[Span]) -> list[Span]:
    """The days of ``spans`` that ``minus`` does not cover (both merged)."""
    out: list[Span] = []
    for s, e in spans:
        cur = s
        for ms, me in minus:
            if me < cur or ms > e:
                continue
            if ms > cur:
                out.append((cur, ms - ONE_DAY))
            cur = max(cur, me + ONE_DAY)
            if cur > e:
                break
        if cur <= e:
            out.append((cur, e))
    return out


def clip(spans: Iterable[Span], lo: date, hi: date) -> list[Span]:
    return [(max(s, lo), min(e, hi)) for s, e in spans if e >= lo and s <= hi]


def depth(terms: list[Term], lo: date, hi: date) -> list[tuple[Span, int]]:
    """How many distinct people hold the office on each stretch of [lo, hi]."""
    edges = {lo, hi + ONE_DAY}
    for t in terms:
        for d in (t.start, t.end + ONE_DAY):
            if lo < d <= hi:
                edges.add(d)
    points = sorted(edges)
    out: list[tuple[Span, int]] = []
    for a, b in pairwise(points):
        n = len({t.person for t in terms if t.start <= a and t.end >= b - ONE_DAY})
        if out and out[-1][1] == n and out[-1][0][1] + ONE_DAY == a:
            out[-1] = ((out[-1][0][0], b - ONE_DAY), n)
        else:
            out.append(((a, b - ONE_DAY), n))
    return out


def read_terms(rows: Iterable[Mapping[str, str]], today: date) -> list[Term]:
    """Office terms of heads of state and government from table rows (open terms end today)."""
    out = []
    for r in rows:
        if r.get("role") not in HEAD_ROLES:
            continue
        start = parse_day(r.get("start", ""))
        end = parse_day(r.get("end", ""), end=True) or today
        if start is None or end < START or start > today:
            continue
        out.append(Term(r["person_id"], r["country"], r["role"], start, min(end, today), r.get("notes", "")))
    return out


def read_calendar(rows: Iterable[Mapping[str, str]], today: date) -> list[CalendarRow]:
    out = []
    for i, r in enumerate(rows, start=1):
        start = parse_day(r.get("from", "")) or START
        end = parse_day(r.get("to", ""), end=True) or today
        out.append(CalendarRow(r["country"], r.get("role") or "-", r["kind"], max(start, START), min(end, today),
                               int(r.get("holders") or 1), r.get("why", ""), i))
    return out


def countries() -> list[str]:
    """The ISO3 codes the calendar covers."""
    return [r["iso3"] for r in read_tsv("kb/countries.tsv") if r["iso3"] not in NOT_STATES]


def walk(terms: list[Term], calendar: list[CalendarRow], codes: list[str], today: date) -> Report:
    """Check every country and day from 1990-01-01 to ``today`` against the calendar."""
    report = Report(today)
    by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for t in terms:
        by_office[(t.country, t.role)].append(t)
    cal: dict[tuple[str, str], list[CalendarRow]] = defaultdict(list)
    for c in calendar:
        cal[(c.country, c.kind)].append(c)
    for code in codes:
        states = cal.get((code, "state"))  # (a state that came later than ``today`` has no days yet)
        alive = merge((c.start, c.end) for c in states if c.start <= c.end) if states else [(START, today)]
        report.country_days += sum(_days(s) for s in alive)
        for role in HEAD_ROLES:
            needed = alive
            if role == "head_of_government":
                none = merge((c.start, c.end) for c in cal.get((code, "no_head_of_government"), ())
                             if c.start <= c.end)
                needed = subtract(needed, none)
            office = by_office.get((code, role), [])
            held = merge((t.start, t.end) for t in office)
            gaps = [c for c in cal.get((code, "gap"), ()) if c.role in (role, "-") and c.start <= c.end]
            listed = merge((c.start, c.end) for c in gaps)
            report.listed_gap_days += sum(_days(s) for s in clip(listed, START, today))
            # days short of holders: nobody at all, or fewer than a collective office has
            short = subtract(needed, held)
            thin: list[Span] = []
            for c in cal.get((code, "collective"), ()):
                if c.role == role:
                    for span, n in depth(office, c.start, c.end):
                        if n < c.holders:
                            thin.append(span)
                            if subtract([span], listed):
                                report.too_few.append((code, role, span, n))
            short = merge([*short, *thin])
            for span in subtract(short, listed):
                if not any(span[0] >= t[0] and span[1] <= t[1] for t in thin):
                    report.missing.append((code, role, span))
            for g in gaps:
                if g.start <= g.end and not clip(short, g.start, g.end):
                    report.unused_gaps.append(g)
            for c in cal.get((code, "contested"), ()):
                if c.role != role:
                    continue
                rivals = [t for t in office if "rival" in t.notes.lower()]
                for span, n in depth(rivals, c.start, c.end):
                    if n < 2:
                        report.unmarked_rivals.append((code, role, span))
    return report


def check_bundled(today: date | None = None) -> Report:
    """The calendar walk over the built-in tables."""
    today = today or date.today()
    terms = read_terms(read_tsv("kb/officeholders_heads.tsv"), today)
    calendar = read_calendar(read_tsv("kb/office_calendar.tsv"), today)
    return walk(terms, calendar, countries(), today)
