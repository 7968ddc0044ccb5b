"""What a temporal expression is resolved against, and which occurrence it means.

This is where eventmill decides anchor and direction. :class:`Context` carries the
publication date (the anchor), the direction the clause points in, and the last date the
text named (for anaphora). :func:`pick` chooses one occurrence of a recurring period (a
weekday, month, season, quarter, holiday): with a past tense the latest that has begun,
with a future tense the earliest not yet over, with no tense the nearest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from eventmill.time import values as v
from eventmill.time.values import TimexValue

# days a bare calendar date may lie on the "wrong" side of the anchor before its year
# flips: news dates the day of an event loosely (time zones, late editions)
DAY_GRACE = 7


@dataclass(frozen=True, slots=True)
class Context:
    """What an expression is resolved against.

    ``anchor`` is the publication date (None: only absolute expressions get a calendar
    value); ``tense`` the direction the clause points in (``past``, ``future``, or None
    for the nearest); ``reference`` the last dated expression before this one (for
    "the same period last year", "that year") and ``last_day`` the last day the text
    named (for "the same day", "two days later"); ``day`` the day a bare clock time or
    part of day belongs to (another expression of its sentence), if any; ``narrative``
    a day of another year named earlier in the sentence, around which a year-less date is
    read ("on 31 August 2013 ... two days earlier, on 29 August").
    """

    anchor: date | None
    tense: str | None = None
    reference: TimexValue | None = None
    day: date | None = None
    last_day: date | None = None
    narrative: date | None = None
    parse: Callable[[str, Context], TimexValue | None] | None = None  # normalizes a part of the expression

    def sub(self, text: str) -> TimexValue | None:
        """A part of the expression normalized on its own ("Monday" in "12:00 UTC Monday")."""
        return self.parse(text, self) if self.parse is not None else None

    def container(self, text: str) -> TimexValue | None:
        """The period a part is taken of ("2009" in "the first quarter of 2009")."""
        value = self.sub(text)
        if value is None or value.type not in ("DATE", "TIME"):
            return None
        return value if value.first is not None or value.value.startswith("FY") else None

    def ref_day(self) -> date | None:
        """The day "the same day" or "two days later" counts from."""
        return self.last_day or self.anchor

    def ref_period(self) -> TimexValue | None:
        """The period "the same period" or "that year" points back at."""
        r = self.reference
        if r is not None and r.first is not None:
            return r
        return v.day(self.anchor) if self.anchor else None

    def base_for(self, unit: str) -> date | None:
        """The day a unit-sized anaphor counts from ("the following week"): the last
        period the text named if it is no coarser than the unit, else the last day."""
        r = self.reference
        if r is not None and r.first is not None and GRAIN.get(r.precision or "", 9) <= GRAIN.get(unit, 0):
            return r.first
        return self.ref_day()


GRAIN = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 4, "year": 5, "decade": 6, "century": 7}


def pick(cands: Iterable[TimexValue | None], anchor: date, direction: str | None, *, strict: bool = False,
          grace: int = 0) -> TimexValue | None:
    """One occurrence of a recurring period (a weekday, month, season, holiday...).

    ``past``: the latest that has begun by the anchor (``strict``: that has ended before
    it, "last March"); ``future``: the earliest not yet over (``strict``: that begins
    after it, "next March"); None: the nearest, the earlier on a tie. ``grace`` days of
    slack keep "on 28 July" in a past-tense report of 27 July in the same year."""
    options = [c for c in cands if c is not None and c.first is not None and c.last is not None]
    if direction == "past":
        ok = [c for c in options if (c.last < anchor if strict else c.first <= anchor + timedelta(days=grace))]  # type: ignore[operator]
        return max(ok, key=lambda c: c.first) if ok else None  # type: ignore[arg-type,return-value]
    if direction == "future":
        ok = [c for c in options if (c.first > anchor if strict else c.last >= anchor - timedelta(days=grace))]  # type: ignore[operator]
        return min(ok, key=lambda c: c.first) if ok else None  # type: ignore[arg-type,return-value]

    def distance(c: TimexValue) -> int:
        assert c.first is not None and c.last is not None
        return 0 if c.first <= anchor <= c.last else min(abs((c.first - anchor).days), abs((c.last - anchor).days))

    return min(options, key=lambda c: (distance(c), c.first)) if options else None


def by_year(make: Callable[[int], TimexValue | None], ctx: Context, which: str | None = None,
             grace: int = 0) -> TimexValue | None:
    """The occurrence of a yearly period meant: ``which`` is this | last | next | None."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if which == "this":
        return make(anchor.year)
    if which is None and ctx.narrative is not None:
        around = ctx.narrative
        return pick([safe(make, y) for y in range(around.year - 1, around.year + 2)], around, None)
    cands = [safe(make, y) for y in range(anchor.year - 2, anchor.year + 3)]
    if which == "last":
        return pick(cands, anchor, "past", strict=True)
    if which == "next":
        return pick(cands, anchor, "future", strict=True)
    return pick(cands, anchor, ctx.tense, grace=grace)


def safe(make: Callable[[int], TimexValue | None], y: int) -> TimexValue | None:
    try:
        return make(y)
    except ValueError:  # 29 February in a common year
        return None


def weekday(wd: int, ctx: Context, which: str | None, part: str | None = None) -> TimexValue | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    if which == "this":
        d = anchor + timedelta(days=wd - anchor.weekday())
    else:
        cands = [v.day(anchor + timedelta(days=k)) for k in range(-14, 15) if (anchor.weekday() + k) % 7 == wd]
        if which == "last":
            c = pick(cands, anchor, "past", strict=True)
        elif which == "next":
            c = pick(cands, anchor, "future", strict=True)
        else:
            c = pick(cands, anchor, ctx.tense)
        if c is None or c.first is None:
            return None
        d = c.first
    return v.day(d, part)


WHICH = {
    "this": "this",
    "current": "this",
    "last": "last",
    "past": "last",
    "previous": "last",
    "next": "next",
    "coming": "next",
    "following": "next",
    "upcoming": "next",
}


def day_or_none(y: int, mo: int, dd: int) -> TimexValue | None:
    """The day, or None when the calendar has no such day (31 February)."""
    try:
        return v.day(date(y, mo, dd))
    except ValueError:
        return None


def two_digit_year(yy: int, anchor: date | None) -> int:
    """'82 -> 1982, '09 -> 2009: the century that does not put the year far in the future."""
    now = anchor.year if anchor else 2000
    y = 2000 + yy
    return y - 100 if y > now + 10 else y


def shift_quarter(d: date, n: int) -> TimexValue:
    """The quarter ``n`` quarters after the one holding ``d``."""
    q = (d.month - 1) // 3 + 4 * d.year + n
    return v.quarter(q // 4, q % 4 + 1)
