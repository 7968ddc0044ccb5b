"""TIMEX3 values and the calendar spans they cover.

A normalized expression is a :class:`TimexValue`: the TIMEX3 ``type`` and ``value``
(``2021-07-26``, ``2021-W30``, ``2021-W30-WE``, ``2021-07``, ``2021-Q4``, ``2021-H2``,
``2021-SU``, ``2021``, ``FY2021``, ``199`` for the 1990s, ``19`` for the 20th century,
``2021-07-27TMO``, ``2021-07-27T18:00Z``, ``P3D``, ``PT2H``, ``P2.5Y``, ``PRESENT_REF``,
``XXXX-WXX-1``) plus, when it names a stretch of the calendar, the first and last day of
that stretch. Event dates take ``first`` and ``precision``; deadlines take ``last``.

The constructors here are the only place that knows how a period is written in TIMEX3
and which days it covers, so the rules in ``normalize.py`` only decide *which* period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

# TIMEX3 season codes and the months each covers (northern-hemisphere meteorological
# seasons; winter runs from December into the next year).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True, slots=True)
class TimexValue:
    """A normalized expression: TIMEX3 type and value, plus the calendar span it covers
    (``first``..``last``) when it names one, for event dates and deadlines."""

    type: str  # DATE | TIME | DURATION | SET
    value: str
    first: date | None = None
    last: date | None = None
    precision: str | None = None  # day | week | month | quarter | season | year | decade | century
    mod: str | None = None  # START | MID | END | APPROX | MORE_THAN | LESS_THAN (TIMEX3 mod)

    @property
    def deadline(self) -> date | None:
        """The last day this expression allows (for "by ..." deadlines)."""
        return self.last

    def with_mod(self, mod: str | None) -> TimexValue:
        """The same period with a TIMEX3 ``mod``; START/MID/END narrow the span to the
        part meant ("the end of this year" still has the value ``2021``, TIMEX3 keeps the
        part in ``mod``, but a deadline or an event date needs the days)."""
        if mod is None:
            return self
        first, last, precision = self.first, self.last, self.precision
        if first is not None and last is not None and mod in ("START", "MID", "END"):
            days = (last - first).days + 1
            third = max(1, days // 3)
            if mod == "START":
                last = first + timedelta(days=third - 1)
            elif mod == "END":
                first = last - timedelta(days=third - 1)
            else:
                first, last = first + timedelta(days=third), last - timedelta(days=third)
            precision = grain_of(first, last)
        return replace(self, first=first, last=last, mod=mod, precision=precision)


def grain_of(first: date, last: date) -> str:
    """The smallest calendar grain no shorter than the stretch first..last (the precision
    of a date that stands for it: the end of a year, about four months, is a "half")."""
    days = (last - first).days + 1
    for grain, most in (("day", 1), ("week", 7), ("month", 31), ("quarter", 92), ("half", 184), ("year", 366),
                        ("decade", 3653)):
        if days <= most:
            return grain
    return "century"


def ref(value: str) -> TimexValue:
    """PRESENT_REF, PAST_REF or FUTURE_REF: a time that the text leaves vague."""
    return TimexValue("DATE", value)


def day(d: date, part: str | None = None) -> TimexValue:
    """A calendar day, optionally a part of it (``MO`` morning, ``AF``, ``EV``, ``NI``)."""
    if part:
        return TimexValue("TIME", f"{d.isoformat()}T{part}", d, d, "day")
    return TimexValue("DATE", d.isoformat(), d, d, "day")


def clock(d: date | None, hour: int, minute: int, zone: str = "") -> TimexValue:
    """A time of day on a day (``XXXX-XX-XX`` when the day is unknown)."""
    stamp = f"T{hour:02d}:{minute:02d}{zone}"
    if d is None:
        return TimexValue("TIME", f"XXXX-XX-XX{stamp}")
    return TimexValue("TIME", f"{d.isoformat()}{stamp}", d, d, "day")


def week(d: date) -> TimexValue:
    """The ISO week containing ``d`` (TIMEX3 weeks are ISO 8601 weeks, Monday first)."""
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return TimexValue("DATE", f"{iso[0]}-W{iso[1]:02d}", monday, monday + timedelta(days=6), "week")


def weekend(d: date) -> TimexValue:
    """The weekend (Saturday and Sunday) of the ISO week containing ``d``."""
    w = week(d)
    assert w.first is not None
    sat = w.first + timedelta(days=5)
    return TimexValue("DATE", f"{w.value}-WE", sat, sat + timedelta(days=1), "week")


def month(y: int, m: int) -> TimexValue:
    return TimexValue("DATE", f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, month_length(y, m)), "month")


def quarter(y: int, q: int) -> TimexValue:
    last_month = 3 * q
    return TimexValue(
        "DATE", f"{y:04d}-Q{q}", date(y, last_month - 2, 1), date(y, last_month, month_length(y, last_month)), "quarter"
    )


def half(y: int, h: int) -> TimexValue:
    return TimexValue("DATE", f"{y:04d}-H{h}", date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else
                      date(y, 12, 31), "half")


def season(y: int, code: str) -> TimexValue:
    """A season of year ``y``; winter ``y`` runs from December ``y`` to February ``y+1``."""
    start, end = SEASON_MONTHS[code]
    end_year = y + 1 if end < start else y
    return TimexValue(
        "DATE", f"{y:04d}-{code}", date(y, start, 1), date(end_year, end, month_length(end_year, end)), "season"
    )


def year(y: int) -> TimexValue:
    return TimexValue("DATE", f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def fiscal_year(y: int) -> TimexValue:
    """``FY2021``: which days it covers depends on the organisation, so no span."""
    return TimexValue("DATE", f"FY{y:04d}", None, None, "year")


def decade(first_year: int) -> TimexValue:
    """The decade starting ``first_year`` (1990 -> ``199``)."""
    return TimexValue("DATE", f"{first_year // 10:03d}", date(first_year, 1, 1), date(first_year + 9, 12, 31), "decade")


def century(number: int) -> TimexValue:
    """The ``number``-th century (20 -> ``19``: the years 1900-1999, as TIMEX3 writes it)."""
    first = (number - 1) * 100
    return TimexValue("DATE", f"{number - 1:02d}", date(max(1, first), 1, 1), date(first + 99, 12, 31), "century")


def duration(amount: float | None, unit: str) -> TimexValue:
    """``P3D``, ``PT2H``, ``P2.5Y``, ``PXY`` (an unspecified number). ``unit`` is a TIMEX3
    unit: Y M W D (date units), H MIN S (time units), Q quarter, DE decade, CE century."""
    if amount is None:
        n = "X"
    elif float(amount).is_integer():
        n = str(int(amount))
    else:
        n = f"{amount:g}"
    if unit in ("H", "MIN", "S"):
        return TimexValue("DURATION", f"PT{n}{'M' if unit == 'MIN' else unit}")
    return TimexValue("DURATION", f"P{n}{unit}")


def set_of(value: str) -> TimexValue:
    """A recurring time: ``P1W`` (weekly), ``XXXX-WXX-1`` (every Monday), ``TMO`` (mornings)."""
    return TimexValue("SET", value)


# ------------------------------------------------------------------ calendar arithmetic


def month_length(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def shift_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clipped to the month's length."""
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, month_length(y, m)))


def add_duration(anchor: date, value: str) -> date | None:
    """``anchor`` plus a whole-number date duration (``P3D``, ``P2W``, ``P6M``, ``P1Y``)."""
    if len(value) < 3 or value[0] != "P" or not value[1:-1].isdigit():
        return None
    n, unit = int(value[1:-1]), value[-1]
    if unit == "D":
        return anchor + timedelta(days=n)
    if unit == "W":
        return anchor + timedelta(weeks=n)
    if unit == "M":
        return shift_months(anchor, n)
    if unit == "Y":
        return shift_months(anchor, 12 * n)
    return None
