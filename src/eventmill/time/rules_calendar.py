"""Rules for calendar expressions: dates with or without a year, clock times, months,
years, decades and centuries, fiscal years, and parts of a year or month (quarters,
halves, seasons, "the end of this year", "late June", "the last week of March").

Each rule takes the cleaned expression and the :class:`~eventmill.time.resolve.Context`
and returns a value, or None when the text is not of its family.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventmill.time import values as v
from eventmill.time.lexicon import DAYNUM_RE, MONTH_RE, MONTHS, ORDINALS, SEASONS, WEEKDAY_RE, WEEKDAYS, YEAR_RE
from eventmill.time.resolve import (
    DAY_GRACE,
    WHICH,
    Context,
    by_year,
    day_or_none,
    pick,
    safe,
    shift_quarter,
    two_digit_year,
)
from eventmill.time.values import TimexValue

# --- clock times: "18:00 UTC", "6:40 p.m. (GMT +8)", "0800 GMT", "noon Monday"

_ZONES = {
    "utc": "Z",
    "gmt": "Z",
    "z": "Z",
    "zulu": "Z",
    "bst": "+01:00",
    "cet": "+01:00",
    "cest": "+02:00",
    "eet": "+02:00",
    "eest": "+03:00",
    "msk": "+03:00",
    "jst": "+09:00",
    "kst": "+09:00",
    "aest": "+10:00",
    "est": "-05:00",
    "edt": "-04:00",
    "cst": "-06:00",
    "cdt": "-05:00",
    "mst": "-07:00",
    "mdt": "-06:00",
    "pst": "-08:00",
    "pdt": "-07:00",
}


_ZONE = r"(?P<zone>" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")(?:\s*(?P<off>[+-]\s*\d{1,2}(?::?\d\d)?))?"


_RE_CLOCK = re.compile(
    r"(?:(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)|(?P<h2>[01]?\d)(?=\s*[ap]\.?\s?m\b)|(?P<hm>[01]\d|2[0-3])(?P<mm>[0-5]\d)"
    r"(?=\s*(?:hrs|hours|h|" + "|".join(_ZONES) + r")\b))"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?(?:\s*(?:hrs|hours|h)\b)?(?:\s*" + _ZONE + r")?"
)


_RE_NOON = re.compile(r"(?P<word>noon|midnight|midday)(?:\s+" + _ZONE + r")?")


def clock(t: str, ctx: Context) -> TimexValue | None:
    """ "18:00 UTC", "6:40 p.m. (GMT +8)", "0800 GMT", "noon Monday", "12:00 UTC today"."""
    m = _RE_CLOCK.search(t)
    if m is not None:
        if m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("mi"))
        elif m.group("h2") is not None:
            hour, minute = int(m.group("h2")), 0
        else:
            hour, minute = int(m.group("hm")), int(m.group("mm"))
        ampm = m.group("ampm")
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        if hour > 24 or (m.group("h") and not (ampm or m.group("zone")) and "." in m.group(0) and hour > 12):
            return None
    else:
        m = _RE_NOON.search(t)
        if m is None:
            return None
        hour, minute = (0, 0) if m.group("word") == "midnight" else (12, 0)
    zone = ""
    if m.group("zone"):
        zone = _ZONES[m.group("zone")]
        off = (m.group("off") or "").replace(" ", "")
        if off:
            sign, digits = off[0], off[1:].replace(":", "")
            hh, mm = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
            zone = f"{sign}{int(hh):02d}:{mm}"
    rest = (t[: m.start()] + " " + t[m.end() :]).replace(",", " ")
    rest = re.sub(r"\b(?:at|on|of|o'clock|local time|local)\b", " ", rest)
    rest = " ".join(rest.split())
    d = ctx.day or ctx.anchor
    if rest:
        on = ctx.sub(rest)
        if on is None or on.precision != "day" or on.first is None:
            return None
        d = on.first
    return v.clock(d, hour % 24, minute, zone)


# --- calendar dates: "11 June 2020", "Monday, July 26", "2021-07-26", "7/8/07", "June 11"

_RE_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:t[\d:]+z?)?")


_RE_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})")


_WD_PREFIX = r"(?:" + WEEKDAY_RE + r",?\s+)?(?:the\s+)?"


_RE_DMY = re.compile(_WD_PREFIX + DAYNUM_RE + r"(?:\s+of)?\s+" + MONTH_RE + r"(?:,?\s+" + YEAR_RE + r")?")


_RE_MDY = re.compile(_WD_PREFIX + MONTH_RE + r"\s+(?:the\s+)?" + DAYNUM_RE + r"(?:,?\s+" + YEAR_RE + r")?")


def calendar_date(t: str, ctx: Context) -> TimexValue | None:
    """11 June 2020, June 11, 2020, Monday, 26 July, 2021-07-26, 7/8/07 (US order unless
    the first number cannot be a month), June 11 (year from the anchor and the tense)."""
    m = _RE_ISO.fullmatch(t)
    if m:
        return day_or_none(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    m = _RE_NUMERIC.fullmatch(t)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
        year_ = int(y) if len(y) == 4 else two_digit_year(int(y), ctx.anchor)
        mo, dd = (a, b) if a <= 12 else (b, a)
        return day_or_none(year_, mo, dd)
    m = _RE_DMY.fullmatch(t) or _RE_MDY.fullmatch(t)
    if not m:
        return None
    mo, dd = MONTHS[m.group("month")], int(m.group("day"))
    if not 1 <= dd <= 31:
        return None
    if m.group("year"):
        return day_or_none(int(m.group("year")), mo, dd)
    wd = WEEKDAYS[m.group("wd")] if m.group("wd") else None

    def make(y: int) -> TimexValue | None:
        d = date(y, mo, dd)
        return v.day(d) if wd is None or d.weekday() == wd else None

    if wd is not None and ctx.anchor is not None:
        # "Monday, July 26": the weekday says which year
        found = [c for c in (safe(make, y) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)) if c]
        if found:
            return pick(found, ctx.anchor, None)
    return by_year(make, ctx, grace=DAY_GRACE)


# --- "the first quarter of last year", "the end of this year", "late June", "October of next year"

_ORD = r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"


_RE_QUARTER = re.compile(
    r"(?:the\s+)?(?:(?P<fiscal>fiscal|financial)\s+)?" + _ORD + r"[\s-]+quarter(?:\s+(?:of\s+)?(?P<of>.+))?"
)


_RE_QN = re.compile(r"q(?P<q>[1-4])(?:\s+(?P<of>.+))?|(?P<y>\d{4})\s+q(?P<q2>[1-4])")


_RE_HALF = re.compile(
    r"(?:the\s+)?(?P<ord>first|second|latter|last)\s+half(?:\s+of)?(?:\s+(?P<of>.+))?|h(?P<h>[12])\s+(?P<of2>.+)"
)


_RE_EDGE = re.compile(
    r"(?:the\s+)?(?:very\s+)?(?P<edge>end|beginning|start|middle|close|turn|outset|dawn)\s+of\s+(?P<of>.+)"
)


_RE_EARLY = re.compile(r"(?:the\s+)?(?P<edge>early|mid|late|middle)[\s-]+(?P<of>.+)")


_RE_WEEK_OF = re.compile(r"(?:the\s+)?" + _ORD + r"\s+week\s+of\s+(?P<of>.+)")


_RE_DAY_OF = re.compile(r"(?:the\s+)?(?P<ord>first|last|final)\s+day\s+of\s+(?P<of>.+)")


_RE_MONTH_OF = re.compile(MONTH_RE + r"(?:\s+of)?\s+(?P<of>(?:this|last|next|the following|the previous|that)\s+year|"
                          r"the same year|fiscal.+)")


_RE_SEASON = re.compile(
    r"(?:(?P<which>this|last|next|past|previous|coming|the|early|late|mid)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
    r"(?:\s+(?:of\s+)?(?P<of>.+))?"
)


EDGES = {"end": "END", "close": "END", "beginning": "START", "start": "START", "outset": "START", "dawn": "START",
          "turn": "START", "middle": "MID", "mid": "MID", "early": "START", "late": "END"}


_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4,
                "last": 4}


def _year_of(of: str | None, ctx: Context) -> int | bool | None:
    """The year a part is taken of: an int, None (no container given), False (not a year)."""
    if not of:
        return None
    c = ctx.container(of)
    if c is None or c.first is None or c.precision != "year":
        return False
    return c.first.year


def part_of_year(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_QUARTER.fullmatch(t)
    if m:
        q = _QUARTER_ORD[m.group("ord")]
        of = m.group("of")
        if m.group("fiscal") or (of and of.startswith(("fiscal", "financial", "fy"))):
            y = _fiscal_year(of or "fiscal year", ctx)
            return TimexValue("DATE", f"FY{y}-Q{q}", None, None, "quarter") if y else None
        y = _year_of(of, ctx)
        if y is False:
            return None
        if isinstance(y, int):
            return v.quarter(y, q)
        if m.group("ord") in ("last", "final") and t.startswith("the last") and ctx.anchor:
            # "the last quarter": the one before the present quarter
            return shift_quarter(ctx.anchor, -1)
        return by_year(lambda yy: v.quarter(yy, q), ctx)
    m = _RE_QN.fullmatch(t)
    if m:
        if m.group("y"):
            return v.quarter(int(m.group("y")), int(m.group("q2")))
        y = _year_of(m.group("of"), ctx)
        if y is False:
            return None
        q = int(m.group("q"))
        return v.quarter(y, q) if isinstance(y, int) else by_year(lambda yy: v.quarter(yy, q), ctx)
    m = _RE_HALF.fullmatch(t)
    if m:
        h = int(m.group("h")) if m.group("h") else (1 if m.group("ord") == "first" else 2)
        y = _year_of(m.group("of") or m.group("of2"), ctx)
        if y is False:
            return None
        return v.half(y, h) if isinstance(y, int) else by_year(lambda yy: v.half(yy, h), ctx)
    m = _RE_MONTH_OF.fullmatch(t)
    if m:
        y = _year_of(m.group("of"), ctx)
        mo = MONTHS[m.group("month")]
        return v.month(y, mo) if isinstance(y, int) else None
    m = _RE_SEASON.fullmatch(t)
    if m:
        code = SEASONS[m.group("season")]
        which = m.group("which")
        y = _year_of(m.group("of"), ctx)
        if y is False:
            return None
        mod = EDGES.get(which or "")
        if isinstance(y, int):
            return v.season(y, code).with_mod(mod)
        found = by_year(lambda yy: v.season(yy, code), ctx, WHICH.get(which or ""))
        return found.with_mod(mod) if found is not None else None
    m = _RE_WEEK_OF.fullmatch(t)
    if m:
        c = ctx.container(m.group("of"))
        if c is None or c.precision != "month" or c.first is None or c.last is None:
            return None
        # the week holding most of its days in the month (ISO's rule for a year's first week)
        anchor_day = c.first + timedelta(days=3) if m.group("ord") in ("first", "1st") else c.last - timedelta(days=3)
        if m.group("ord") not in ("first", "1st", "last", "final"):
            n = _QUARTER_ORD[m.group("ord")]
            anchor_day = c.first + timedelta(days=3 + 7 * (n - 1))
        return v.week(anchor_day)
    m = _RE_DAY_OF.fullmatch(t)
    if m:
        c = ctx.container(m.group("of"))
        if c is None or c.first is None or c.last is None:
            return None
        return v.day(c.first if m.group("ord") == "first" else c.last)
    m = _RE_EDGE.fullmatch(t) or _RE_EARLY.fullmatch(t)
    if m:
        of = m.group("of")
        if of in ("the day", "day"):
            ref_day = ctx.ref_day()
            c = v.day(ref_day) if ref_day else None
        else:
            c = ctx.container(of)
        if c is None:
            return None
        return c.with_mod(EDGES[m.group("edge")])
    return None


# --- fiscal years, months with a year, years, decades, centuries

_RE_FISCAL = re.compile(r"(?:the\s+)?(?:(?P<which>this|last|next|current|previous|coming)\s+)?"
                        r"(?:(?P<y1>\d{4})\s+)?(?:fiscal|financial|fy)(?:\s*year)?(?:\s*(?P<y2>\d{4}|'?\d{2}))?")


def _fiscal_year(t: str, ctx: Context) -> int | None:
    m = _RE_FISCAL.fullmatch(t)
    if not m:
        return None
    y = m.group("y1") or m.group("y2")
    if y:
        y = y.lstrip("'")
        return int(y) if len(y) == 4 else two_digit_year(int(y), ctx.anchor)
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m.group("which") or "", 0)


def fiscal(t: str, ctx: Context) -> TimexValue | None:
    """fiscal 2021, FY2021, the 2021 fiscal year, this fiscal year (FY + the year the text names)."""
    if "fiscal" not in t and "financial" not in t and not t.startswith("fy"):
        return None
    y = _fiscal_year(t, ctx)
    return v.fiscal_year(y) if y else None


def month_year(t: str, ctx: Context) -> TimexValue | None:
    """June 2020, June of 2020, June, 2020."""
    m = re.fullmatch(MONTH_RE + r"(?:\s+of|,)?\s+" + YEAR_RE, t)
    if m:
        return v.month(int(m.group("year")), MONTHS[m.group("month")])
    return None


_RE_YEAR_ONLY = re.compile(r"(?:the\s+)?(?:(?:calendar\s+)?year\s+)?" + YEAR_RE + r"|'(?P<yy>\d\d)")


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


_RE_DECADE = re.compile(
    r"(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:(?P<full>1[0-9]\d0|20\d0)'?s|'?(?P<short>\d0)'?s|"
    r"(?P<word>" + "|".join(_DECADE_WORDS) + r"))"
)


_RE_CENTURY = re.compile(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<w>[a-z-]+)\s+century")


def year_like(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_YEAR_ONLY.fullmatch(t)
    if m:
        if m.group("yy"):
            return v.year(two_digit_year(int(m.group("yy")), ctx.anchor))
        return v.year(int(m.group("year")))
    m = _RE_DECADE.fullmatch(t)
    if m:
        if m.group("full"):
            first = int(m.group("full"))
        else:
            tens = int(m.group("short")) // 10 if m.group("short") else _DECADE_WORDS[m.group("word")]
            now = ctx.anchor.year if ctx.anchor else 2000
            first = 2000 + 10 * tens
            if first > now:
                first -= 100
        return v.decade(first).with_mod(EDGES.get(m.group("edge") or ""))
    m = _RE_CENTURY.fullmatch(t)
    if m:
        n = int(m.group("n")) if m.group("n") else ORDINALS.get(m.group("w") or "")
        if n and 1 <= n <= 22:
            return v.century(n)
    return None
