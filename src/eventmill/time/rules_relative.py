"""Rules for expressions counted from the publication date or from the last date the
text named: today and yesterday, this week and last month, weekdays, named months and
holidays with this/last/next, "two years ago", "three days later", "the same day",
"that year", and bare parts of the day.

Each rule takes the cleaned expression and the :class:`~eventmill.time.resolve.Context`
and returns a value, or None when the text is not of its family.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventmill.time import values as v
from eventmill.time.lexicon import (
    MONTHS,
    PART_RE,
    PARTS_OF_DAY,
    UNIT_WORD,
    UNITS,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    holidays,
    is_vague,
    number,
)
from eventmill.time.resolve import DAY_GRACE, WHICH, Context, by_year, day_or_none, pick, shift_quarter, weekday
from eventmill.time.values import TimexValue

_RE_DEICTIC = re.compile(
    r"(?:(?P<edge>early|late|earlier|later)\s+)?"
    r"(?P<what>the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|"
    r"this (?:morning|afternoon|evening)|last night)"
    r"(?:\s+" + PART_RE + r")?(?:\s+" + WEEKDAY_RE + r")?"
)


def deictic(t: str, ctx: Context) -> TimexValue | None:
    """today, tonight, yesterday evening, the day before yesterday, this morning (Tuesday)."""
    m = _RE_DEICTIC.fullmatch(t)
    if m is None:
        return None
    what = m.group("what")
    if ctx.anchor is None:
        return v.ref("PRESENT_REF") if what in ("today", "tonight") or what.startswith("this ") else None
    shift = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}.get(what, 0)
    d = ctx.anchor + timedelta(days=shift)
    if m.group("wd") and WEEKDAYS[m.group("wd")] != d.weekday():
        return None  # "this morning (Wednesday)" in a Tuesday paper: not ours to guess
    part = m.group("part") or next((w for w in what.split() if w in PARTS_OF_DAY), None)
    if what == "last night":
        part = "night"
    return v.day(d, PARTS_OF_DAY[part] if part else None)


# --- this week, last month, next year, the past decade, this weekend, last September, next Monday

_PERIOD_UNITS = r"(?P<unit>day|week|weekend|month|quarter|year|decade|century)"
_RE_RELATIVE = re.compile(
    r"(?P<the>the\s+)?(?P<which>this|current|last|past|previous|next|coming|following|upcoming|"
    r"earlier this|later this|same)\s+" + _PERIOD_UNITS
)


_ONE = {"week": (1, "W"), "month": (1, "M"), "year": (1, "Y"), "decade": (10, "Y"), "century": (100, "Y")}


_RE_NAMED = re.compile(r"(?P<which>this|last|next|past|previous|coming|the)\s+(?P<name>[a-z' .-]+?)")


def relative_period(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_RELATIVE.fullmatch(t)
    if not m:
        return None
    which, unit, the = m.group("which"), m.group("unit"), bool(m.group("the"))
    if which == "same":
        return anaphoric(f"the same {unit}", ctx)
    if unit == "day":
        if which in ("following", "next") and the:
            return anaphoric("the next day", ctx)
        if which == "previous":
            return anaphoric("the previous day", ctx)
        return None
    if the and which in ("past", "next", "coming") and unit in _ONE:
        # "the past week", "the coming year": a stretch of time ending or starting now
        return v.duration(*_ONE[unit])
    step = {"this": 0, "current": 0, "earlier this": 0, "later this": 0, "last": -1, "past": -1, "previous": -1,
            "next": 1, "coming": 1, "following": 1, "upcoming": 1}[which]
    base = ctx.anchor
    if which in ("following", "previous") and the:
        base = ctx.base_for(unit)
    if base is None:
        return v.ref("FUTURE_REF" if step > 0 else "PAST_REF" if step < 0 else "PRESENT_REF")
    if unit == "week":
        return v.week(base + timedelta(weeks=step))
    if unit == "weekend":
        if step == 0 and ctx.tense == "past" and base.weekday() < 5:
            step = -1  # "this weekend" in a past-tense Monday report: the weekend just gone
        return v.weekend(base + timedelta(weeks=step))
    if unit == "month":
        d = v.shift_months(base.replace(day=1), step)
        return v.month(d.year, d.month)
    if unit == "quarter":
        return shift_quarter(base, step)
    if unit == "year":
        return v.year(base.year + step)
    if unit == "decade":
        return v.decade((base.year // 10 + step) * 10)
    return v.century(base.year // 100 + 1 + step)


def named_cyclic(t: str, ctx: Context) -> TimexValue | None:
    """Weekdays, months and holidays, with this/last/next or bare: "last September",
    "next Monday", "Monday evening", "October", "Christmas", "Thanksgiving Day"."""
    which = None
    m = _RE_NAMED.fullmatch(t)
    name = t
    if m and m.group("which") != "the":
        which, name = WHICH[m.group("which")], m.group("name")
    elif t.startswith("the "):
        name = t[4:]
    words = name.split()
    # weekday (+ part of day): "monday", "monday evening", "monday night", "next friday morning"
    if words and words[0] in WEEKDAYS and all(w in PARTS_OF_DAY for w in words[1:]) and len(words) <= 2:
        part = PARTS_OF_DAY[words[1]] if len(words) > 1 else None
        return weekday(WEEKDAYS[words[0]], ctx, which, part)
    if len(words) == 2 and words[1] in WEEKDAYS and words[0] in PARTS_OF_DAY:  # "late Monday" handled by early/late
        return None
    if name in MONTHS and len(name) >= 3:
        mo = MONTHS[name]
        return by_year(lambda y: v.month(y, mo), ctx, which)
    if name in ("weekend", "weekends") and ctx.anchor is not None:
        # the weekend: the one just gone, the coming one, or (no tense) the nearer
        anchor = ctx.anchor
        cands = [v.weekend(anchor + timedelta(weeks=k)) for k in (-2, -1, 0, 1, 2)]
        sel = "past" if which == "last" else "future" if which == "next" else ctx.tense
        if which == "this":
            return relative_period("this weekend", ctx)
        return pick(cands, anchor, sel, strict=which is not None)
    year_ = None
    if len(words) > 1 and re.fullmatch(YEAR_RE, words[-1]):
        name, year_ = " ".join(words[:-1]), int(words[-1])  # "Christmas 2020"
    hol = holidays().get(name)
    if hol is not None:
        once = hol.one_off
        if once is not None:
            return v.day(once) if year_ in (None, once.year) else None
        if year_ is not None:
            on = hol.on(year_)
            return v.day(on) if on else None
        return by_year(lambda y: v.day(d) if (d := hol.on(y)) else None, ctx, which, grace=DAY_GRACE)
    return None


# --- two years ago, three days later, a week earlier

_AMOUNT = r"(?P<amount>(?:[a-z0-9.,-]+\s+){0,3}?)"


_RE_OFFSET = re.compile(
    r"(?:(?:about|around|nearly|almost|some|roughly|more than|less than|over|just over|just under|barely)\s+)?"
    + _AMOUNT + r"(?P<unit>" + UNIT_WORD + r")s?\s+(?P<dir>ago|later|earlier|after|afterwards|before|"
    r"previously|prior|on|hence|from now)(?:\s+than\b.*)?"
)


def offset(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_OFFSET.fullmatch(t)
    if not m:
        return None
    unit = UNITS.get(m.group("unit")) or ("CE" if m.group("unit") == "centurie" else None)
    amount_text = m.group("amount").strip()
    n = number(amount_text) if amount_text else None
    if unit is None:
        return None
    d = m.group("dir")
    sign = -1 if d in ("ago", "earlier", "before", "previously", "prior") else 1
    if d in ("ago", "hence", "from now"):
        base = ctx.anchor
    else:  # "six months later": from the last month, day or year the text named
        base = ctx.base_for({"D": "day", "W": "week", "M": "month", "Q": "quarter"}.get(unit, "year"))
    if n is None or base is None:
        if (is_vague(amount_text) or not amount_text) and d in ("ago", "hence", "from now"):
            return v.ref("PAST_REF" if sign < 0 else "FUTURE_REF")
        return None  # "a few weeks later": later than a past date, not in the future
    if unit in ("H", "MIN", "S"):
        return v.day(base)
    if m.group("unit") == "fortnight":
        n, unit = 2 * n, "W"
    if not float(n).is_integer():
        return None
    k = int(n) * sign
    if unit == "D":
        return v.day(base + timedelta(days=k))
    if unit == "W":
        return v.week(base + timedelta(weeks=k))
    if unit == "M":
        d2 = v.shift_months(base, k)
        return v.month(d2.year, d2.month)
    if unit == "Q":
        return shift_quarter(base, k)
    years = {"Y": 1, "DE": 10, "CE": 100}[unit] * k
    return v.year(base.year + years)


# --- the day, that day, the same day, the next day, that year, the year before


_RE_ANAPHORIC = re.compile(
    r"(?P<det>the|that|this|same|the same|the very same|the entire|the whole|the full|the following|the next|"
    r"the previous|the prior|the preceding|a|one|the remainder of the|the rest of the)?\s*"
    r"(?P<unit>day|week|month|year|quarter|period|season)"
    r"(?:\s+(?P<rel>before|after|earlier|later|previous|prior|afterwards|a year ago|a year earlier|last year|"
    r"of last year|the previous year|the year before))?"
)


def anaphoric(t: str, ctx: Context) -> TimexValue | None:
    """Expressions that point back at a date the text gave (or, failing one, the
    publication date): "the day" of a market report, "the same day", "that year"."""
    m = _RE_ANAPHORIC.fullmatch(t)
    if not m:
        return None
    det, unit, rel = (m.group("det") or "").strip(), m.group("unit"), m.group("rel")
    if det in ("a", "one") and not rel:
        return None  # "a day", "one year": durations
    if not det and not rel:
        return None  # "year" alone is no expression ("this year's" cut short is not "the year")
    step = 0
    if det in ("the following", "the next") or rel in ("after", "later", "afterwards"):
        step = 1
    elif det in ("the previous", "the prior", "the preceding") or rel in ("before", "earlier", "previous", "prior"):
        step = -1
    year_back = rel in ("a year ago", "a year earlier", "last year", "of last year", "the previous year",
                        "the year before")
    if unit == "day":
        base = ctx.ref_day()
        if base is None:
            return None
        if year_back:
            return day_or_none(base.year - 1, base.month, base.day)
        return v.day(base + timedelta(days=step))
    r = ctx.ref_period()
    base = ctx.base_for(unit)
    if r is None or r.first is None or base is None:
        return None
    if unit in ("period", "season") or (unit == "quarter" and r.precision == "quarter"):
        if year_back:
            return _shift_value(r, -1)
        return r if det in ("the same", "same", "the very same", "that") else None
    if year_back:
        step = -1 if unit == "year" else 0
        base = base.replace(year=base.year - 1) if unit != "year" and not (base.month == 2 and base.day == 29) else base
    if unit == "week":
        return v.week(base + timedelta(weeks=step))
    if unit == "month":
        d = v.shift_months(base.replace(day=1), step)
        return v.month(d.year, d.month)
    if unit == "quarter":
        return shift_quarter(base, step)
    return v.year(base.year + step)


def _shift_value(r: TimexValue, years: int) -> TimexValue | None:
    """The same period ``years`` years earlier or later ("the same period last year")."""
    if r.first is None:
        return None
    d = r.first
    y = d.year + years
    if r.precision == "day":
        return day_or_none(y, d.month, d.day)
    if r.precision == "week":
        return v.week(d.replace(year=y) if not (d.month == 2 and d.day == 29) else date(y, 2, 28))
    if r.precision == "month":
        return v.month(y, d.month)
    if r.precision == "quarter":
        return v.quarter(y, (d.month - 1) // 3 + 1)
    if r.precision == "year":
        return v.year(y)
    return None


def part_of_day(t: str, ctx: Context) -> TimexValue | None:
    """ "morning" (of the day the sentence is about), "the evening", "overnight"."""
    t2 = t[4:] if t.startswith("the ") else t
    if t2 in PARTS_OF_DAY and t2 not in ("tonight",):
        d = ctx.day or ctx.ref_day()
        return v.day(d, PARTS_OF_DAY[t2]) if d else None
    return None
