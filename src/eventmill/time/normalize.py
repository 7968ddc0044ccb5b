"""Normalize a temporal expression to a TIMEX3 value, relative to the document date.

eventmill owns the decisions that matter for event data: the anchor (the publication
date), the direction of a bare weekday, month, season, quarter or holiday (from the tense
of the clause: "on Monday" in a past-tense sentence is the Monday before, in a future one
the Monday after; without a tense, the nearest), the reference of anaphoric expressions
("the same day", "two days later": the last date the text mentioned), and what a period
means as a deadline ("by the end of this year" -> 31 December).

``normalize(text, anchor, tense, reference=...)`` returns a :class:`TimexValue` or None.
The rules follow the TimeML TIMEX3 guidelines; see ``docs/time.md`` for the list of forms
and values. Each rule below handles one family of expressions and returns None when the
text is not of its family, so the order of ``_RULES`` is the precedence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from eventmill.time import values as v
from eventmill.time.lexicon import (
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_WORD,
    UNITS,
    WEEKDAYS,
    holidays,
    is_vague,
    number,
    references,
)
from eventmill.time.values import TimexValue

__all__ = ["Context", "TimexValue", "normalize"]

# days a bare calendar date may lie on the "wrong" side of the anchor before its year
# flips: news dates the day of an event loosely (time zones, late editions)
_DAY_GRACE = 7


@dataclass(frozen=True, slots=True)
class Context:
    """What an expression is resolved against.

    ``anchor`` is the publication date (None: only absolute expressions get a calendar
    value); ``tense`` the direction the clause points in (``past``, ``future``, or None
    for the nearest); ``reference`` the last dated expression before this one (for
    "the same period last year", "that year") and ``last_day`` the last day the text
    named (for "the same day", "two days later"); ``day`` the day a bare clock time or
    part of day belongs to (another expression of its sentence), if any.
    """

    anchor: date | None
    tense: str | None = None
    reference: TimexValue | None = None
    day: date | None = None
    last_day: date | None = None

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
        if r is not None and r.first is not None and _GRAIN.get(r.precision or "", 9) <= _GRAIN.get(unit, 0):
            return r.first
        return self.ref_day()


_GRAIN = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 4, "year": 5, "decade": 6, "century": 7}


def normalize(
    text: str,
    anchor: date | None,
    tense: str | None = None,
    *,
    reference: TimexValue | None = None,
    last_day: date | None = None,
    day: date | None = None,
) -> TimexValue | None:
    """Normalize an expression ("Monday evening", "11 June 2020", "the end of this year").

    ``anchor`` is the publication date; without it, only absolute expressions get a
    calendar value (relative ones get a TIMEX3 reference or None): no date, no guess.
    ``tense`` is ``past``, ``present`` or ``future`` (of the clause the expression is in;
    ``present`` and None both mean "the nearest").
    """
    ctx = Context(anchor, tense if tense in ("past", "future") else None, reference, day, last_day)
    return _parse(clean(text), ctx)


_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|from|during|until|till|before|after|of|for|within|through|throughout|as of|"
    r"as early as|as late as|no later than|not later than|not before|starting|beginning|around|just|only|"
    r"exactly|precisely|some time|sometime)\s+)+"
)


def clean(text: str) -> str:
    """Lower-case, typographic marks unified, brackets dropped ("this morning (Tuesday)"),
    leading prepositions and focus words removed ("on Monday", "just two weeks"), a
    possessive dropped ("Monday's")."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"[()\[\]\"`]", " ", t)
    t = " ".join(t.split()).strip(" ,.;:")
    t = re.sub(r"^over\s+(?=the |this |last |next |recent )", "", t)
    t = _LEADING.sub("", t)
    t = re.sub(r"'s$|s'$", "", t).strip(" ,.;:")
    return t


def _parse(t: str, ctx: Context, depth: int = 0) -> TimexValue | None:
    if not t or depth > 3:
        return None
    for rule in _RULES:
        value = rule(t, ctx)
        if value is not None:
            return value
    # "their best week", "its worst day": a determiner and adjectives before a unit
    words = t.split()
    lead = 0
    while lead < len(words) - 1 and (words[lead] in _DROPPABLE or words[lead].endswith("est")):
        lead += 1
    if lead and depth < 2:
        return _parse("the " + " ".join(words[lead:]), ctx, depth + 1)
    return None


_DROPPABLE = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "very",
                        "record", "entire", "whole", "full", "single", "same"})


def _container(t: str, ctx: Context) -> TimexValue | None:
    """The period a part is taken of ("2009" in "the first quarter of 2009")."""
    value = _parse(clean(t), ctx, depth=2)
    if value is None or value.type not in ("DATE", "TIME") or (value.first is None and
                                                              not value.value.startswith("FY")):
        return None
    return value


# ------------------------------------------------------------------ choosing among occurrences


def _pick(cands: Iterable[TimexValue | None], anchor: date, direction: str | None, *, strict: bool = False,
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


def _by_year(make: Callable[[int], TimexValue | None], ctx: Context, which: str | None = None,
             grace: int = 0) -> TimexValue | None:
    """The occurrence of a yearly period meant: ``which`` is this | last | next | None."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if which == "this":
        return make(anchor.year)
    cands = [_safe(make, y) for y in range(anchor.year - 2, anchor.year + 3)]
    if which == "last":
        return _pick(cands, anchor, "past", strict=True)
    if which == "next":
        return _pick(cands, anchor, "future", strict=True)
    return _pick(cands, anchor, ctx.tense, grace=grace)


def _safe(make: Callable[[int], TimexValue | None], y: int) -> TimexValue | None:
    try:
        return make(y)
    except ValueError:  # 29 February in a common year
        return None


def _weekday(wd: int, ctx: Context, which: str | None, part: str | None = None) -> TimexValue | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    if which == "this":
        d = anchor + timedelta(days=wd - anchor.weekday())
    else:
        cands = [v.day(anchor + timedelta(days=k)) for k in range(-14, 15) if (anchor.weekday() + k) % 7 == wd]
        if which == "last":
            c = _pick(cands, anchor, "past", strict=True)
        elif which == "next":
            c = _pick(cands, anchor, "future", strict=True)
        else:
            c = _pick(cands, anchor, ctx.tense)
        if c is None or c.first is None:
            return None
        d = c.first
    return v.day(d, part)


_WHICH = {
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

# ------------------------------------------------------------------ rules

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)"
_PART = r"(?P<part>" + "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True)) + r")"


def _reference_word(t: str, ctx: Context) -> TimexValue | None:
    value = references().get(t)
    return v.ref(value) if value else None


_SET_UNITS = {
    "day": "P1D",
    "week": "P1W",
    "month": "P1M",
    "quarter": "P1Q",
    "year": "P1Y",
    "hour": "PT1H",
    "minute": "PT1M",
    "weekend": "XXXX-WXX-WE",
    "decade": "P10Y",
}
_SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "TNI",
    "hourly": "PT1H",
    "weekly": "P1W",
    "fortnightly": "P2W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "annual": "P1Y",
    "yearly": "P1Y",
    "biannual": "P6M",
    "biennial": "P2Y",
    "every day": "P1D",
    "everyday": "P1D",
}
_RE_EVERY = re.compile(
    r"(?:every|each)\s+(?:(?P<other>other|second)\s+|(?P<n>[a-z0-9-]+)\s+)?(?P<unit>[a-z]+?)s?"
)
_RE_TIMES = re.compile(r"(?:once|twice|thrice|[a-z0-9-]+\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>[a-z]+)")
_RE_PER = re.compile(r"(?:per|a)\s+(?P<unit>day|week|month|year|hour)")


def _set(t: str, ctx: Context) -> TimexValue | None:
    if t in _SET_ADVERBS:
        return v.set_of(_SET_ADVERBS[t])
    m = _RE_EVERY.fullmatch(t) or _RE_TIMES.fullmatch(t)
    if m:
        unit = m.group("unit")
        wd = WEEKDAYS.get(unit)
        if wd is not None:
            return v.set_of(f"XXXX-WXX-{wd + 1}")
        if unit in PARTS_OF_DAY:
            return v.set_of(f"T{PARTS_OF_DAY[unit]}")
        if unit in _SET_UNITS:
            value = _SET_UNITS[unit]
            step = 2 if "other" in m.groupdict() and m.group("other") else None
            n = m.groupdict().get("n")
            if n:
                step = int(number(n) or 0) or None
                if step is None:
                    return None
            if step and value[:2] in ("P1", "PT"):
                value = value.replace("1", str(step), 1)
            return v.set_of(value)
        return None
    if t.startswith("per "):
        m = _RE_PER.fullmatch(t)
        return v.set_of(_SET_UNITS[m.group("unit")]) if m else None
    # "on Mondays", "weekends": a plural weekday is every one of them
    if t.endswith("s") and t[:-1] in WEEKDAYS and len(t) > 4:
        return v.set_of(f"XXXX-WXX-{WEEKDAYS[t[:-1]] + 1}")
    if t == "weekends":
        return v.set_of("XXXX-WXX-WE")
    return None


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


def _clock(t: str, ctx: Context) -> TimexValue | None:
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
        on = _parse(clean(rest), ctx, depth=2)
        if on is None or on.precision != "day" or on.first is None:
            return None
        d = on.first
    return v.clock(d, hour % 24, minute, zone)


_RE_DEICTIC = re.compile(
    r"(?:(?P<edge>early|late|earlier|later)\s+)?"
    r"(?P<what>the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|"
    r"this (?:morning|afternoon|evening)|last night)"
    r"(?:\s+" + _PART + r")?(?:\s+" + _WEEKDAY + r")?"
)


def _deictic(t: str, ctx: Context) -> TimexValue | None:
    """today, tonight, yesterday evening, the day before yesterday, this morning (Tuesday)."""
    m = _RE_DEICTIC.fullmatch(t)
    if m is None:
        return None
    what = m.group("what")
    if ctx.anchor is None:
        return v.ref("PRESENT_REF") if what in ("today", "tonight") or what.startswith("this ") else None
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2}.get(what, 0)
    d = ctx.anchor + timedelta(days=offset)
    if m.group("wd") and WEEKDAYS[m.group("wd")] != d.weekday():
        return None  # "this morning (Wednesday)" in a Tuesday paper: not ours to guess
    part = m.group("part") or next((w for w in what.split() if w in PARTS_OF_DAY), None)
    if what == "last night":
        part = "night"
    return v.day(d, PARTS_OF_DAY[part] if part else None)


_RE_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:t[\d:]+z?)?")
_RE_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})")
_WD_PREFIX = r"(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?"
_RE_DMY = re.compile(_WD_PREFIX + _DAYNUM + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?")
_RE_MDY = re.compile(_WD_PREFIX + _MONTH + r"\s+(?:the\s+)?" + _DAYNUM + r"(?:,?\s+" + _YEAR + r")?")


def _calendar_date(t: str, ctx: Context) -> TimexValue | None:
    """11 June 2020, June 11, 2020, Monday, 26 July, 2021-07-26, 7/8/07 (US order unless
    the first number cannot be a month), June 11 (year from the anchor and the tense)."""
    m = _RE_ISO.fullmatch(t)
    if m:
        return _day_or_none(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    m = _RE_NUMERIC.fullmatch(t)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
        year_ = int(y) if len(y) == 4 else _two_digit_year(int(y), ctx.anchor)
        mo, dd = (a, b) if a <= 12 else (b, a)
        return _day_or_none(year_, mo, dd)
    m = _RE_DMY.fullmatch(t) or _RE_MDY.fullmatch(t)
    if not m:
        return None
    mo, dd = MONTHS[m.group("month")], int(m.group("day"))
    if not 1 <= dd <= 31:
        return None
    if m.group("year"):
        return _day_or_none(int(m.group("year")), mo, dd)
    wd = WEEKDAYS[m.group("wd")] if m.group("wd") else None

    def make(y: int) -> TimexValue | None:
        d = date(y, mo, dd)
        return v.day(d) if wd is None or d.weekday() == wd else None

    if wd is not None and ctx.anchor is not None:
        # "Monday, July 26": the weekday says which year
        found = [c for c in (_safe(make, y) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)) if c]
        if found:
            return _pick(found, ctx.anchor, None)
    return _by_year(make, ctx, grace=_DAY_GRACE)


def _day_or_none(y: int, mo: int, dd: int) -> TimexValue | None:
    try:
        return v.day(date(y, mo, dd))
    except ValueError:
        return None


def _two_digit_year(yy: int, anchor: date | None) -> int:
    """'82 -> 1982, '09 -> 2009: the century that does not put the year far in the future."""
    now = anchor.year if anchor else 2000
    y = 2000 + yy
    return y - 100 if y > now + 10 else y


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
_RE_MONTH_OF = re.compile(_MONTH + r"(?:\s+of)?\s+(?P<of>(?:this|last|next|the following|the previous|that)\s+year|"
                          r"the same year|fiscal.+)")
_RE_SEASON = re.compile(
    r"(?:(?P<which>this|last|next|past|previous|coming|the|early|late|mid)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
    r"(?:\s+(?:of\s+)?(?P<of>.+))?"
)
_EDGES = {"end": "END", "close": "END", "beginning": "START", "start": "START", "outset": "START", "dawn": "START",
          "turn": "START", "middle": "MID", "mid": "MID", "early": "START", "late": "END"}
_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4,
                "last": 4}


def _year_of(of: str | None, ctx: Context) -> int | bool | None:
    """The year a part is taken of: an int, None (no container given), False (not a year)."""
    if not of:
        return None
    c = _container(of, ctx)
    if c is None or c.first is None or c.precision != "year":
        return False
    return c.first.year


def _part_of_year(t: str, ctx: Context) -> TimexValue | None:
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
            return _shift_quarter(ctx.anchor, -1)
        return _by_year(lambda yy: v.quarter(yy, q), ctx)
    m = _RE_QN.fullmatch(t)
    if m:
        if m.group("y"):
            return v.quarter(int(m.group("y")), int(m.group("q2")))
        y = _year_of(m.group("of"), ctx)
        if y is False:
            return None
        q = int(m.group("q"))
        return v.quarter(y, q) if isinstance(y, int) else _by_year(lambda yy: v.quarter(yy, q), ctx)
    m = _RE_HALF.fullmatch(t)
    if m:
        h = int(m.group("h")) if m.group("h") else (1 if m.group("ord") == "first" else 2)
        y = _year_of(m.group("of") or m.group("of2"), ctx)
        if y is False:
            return None
        return v.half(y, h) if isinstance(y, int) else _by_year(lambda yy: v.half(yy, h), ctx)
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
        mod = _EDGES.get(which or "")
        if isinstance(y, int):
            return v.season(y, code).with_mod(mod)
        found = _by_year(lambda yy: v.season(yy, code), ctx, _WHICH.get(which or ""))
        return found.with_mod(mod) if found is not None else None
    m = _RE_WEEK_OF.fullmatch(t)
    if m:
        c = _container(m.group("of"), ctx)
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
        c = _container(m.group("of"), ctx)
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
            c = _container(of, ctx)
        if c is None:
            return None
        return c.with_mod(_EDGES[m.group("edge")])
    return None


def _shift_quarter(d: date, n: int) -> TimexValue:
    q = (d.month - 1) // 3 + 4 * d.year + n
    return v.quarter(q // 4, q % 4 + 1)


_RE_FISCAL = re.compile(r"(?:the\s+)?(?:(?P<which>this|last|next|current|previous|coming)\s+)?"
                        r"(?:(?P<y1>\d{4})\s+)?(?:fiscal|financial|fy)(?:\s*year)?(?:\s*(?P<y2>\d{4}|'?\d{2}))?")


def _fiscal_year(t: str, ctx: Context) -> int | None:
    m = _RE_FISCAL.fullmatch(t)
    if not m:
        return None
    y = m.group("y1") or m.group("y2")
    if y:
        y = y.lstrip("'")
        return int(y) if len(y) == 4 else _two_digit_year(int(y), ctx.anchor)
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m.group("which") or "", 0)


def _fiscal(t: str, ctx: Context) -> TimexValue | None:
    """fiscal 2021, FY2021, the 2021 fiscal year, this fiscal year (FY + the year the text names)."""
    if "fiscal" not in t and "financial" not in t and not t.startswith("fy"):
        return None
    y = _fiscal_year(t, ctx)
    return v.fiscal_year(y) if y else None


# --- this week, last month, next year, the past decade, this weekend, last September, next Monday

_PERIOD_UNITS = r"(?P<unit>day|week|weekend|month|quarter|year|decade|century)"
_RE_RELATIVE = re.compile(
    r"(?P<the>the\s+)?(?P<which>this|current|last|past|previous|next|coming|following|upcoming|"
    r"earlier this|later this|same)\s+" + _PERIOD_UNITS
)
_ONE = {"week": (1, "W"), "month": (1, "M"), "year": (1, "Y"), "decade": (10, "Y"), "century": (100, "Y")}
_RE_NAMED = re.compile(r"(?P<which>this|last|next|past|previous|coming|the)\s+(?P<name>[a-z' .-]+?)")


def _relative_period(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_RELATIVE.fullmatch(t)
    if not m:
        return None
    which, unit, the = m.group("which"), m.group("unit"), bool(m.group("the"))
    if which == "same":
        return _anaphoric(f"the same {unit}", ctx)
    if unit == "day":
        if which in ("following", "next") and the:
            return _anaphoric("the next day", ctx)
        if which == "previous":
            return _anaphoric("the previous day", ctx)
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
        return _shift_quarter(base, step)
    if unit == "year":
        return v.year(base.year + step)
    if unit == "decade":
        return v.decade((base.year // 10 + step) * 10)
    return v.century(base.year // 100 + 1 + step)


def _named_cyclic(t: str, ctx: Context) -> TimexValue | None:
    """Weekdays, months and holidays, with this/last/next or bare: "last September",
    "next Monday", "Monday evening", "October", "Christmas", "Thanksgiving Day"."""
    which = None
    m = _RE_NAMED.fullmatch(t)
    name = t
    if m and m.group("which") != "the":
        which, name = _WHICH[m.group("which")], m.group("name")
    elif t.startswith("the "):
        name = t[4:]
    words = name.split()
    # weekday (+ part of day): "monday", "monday evening", "monday night", "next friday morning"
    if words and words[0] in WEEKDAYS and all(w in PARTS_OF_DAY for w in words[1:]) and len(words) <= 2:
        part = PARTS_OF_DAY[words[1]] if len(words) > 1 else None
        return _weekday(WEEKDAYS[words[0]], ctx, which, part)
    if len(words) == 2 and words[1] in WEEKDAYS and words[0] in PARTS_OF_DAY:  # "late Monday" handled by early/late
        return None
    if name in MONTHS and len(name) >= 3:
        mo = MONTHS[name]
        return _by_year(lambda y: v.month(y, mo), ctx, which)
    if name in ("weekend", "weekends") and ctx.anchor is not None:
        # the weekend: the one just gone, the coming one, or (no tense) the nearer
        anchor = ctx.anchor
        cands = [v.weekend(anchor + timedelta(weeks=k)) for k in (-2, -1, 0, 1, 2)]
        sel = "past" if which == "last" else "future" if which == "next" else ctx.tense
        if which == "this":
            return _relative_period("this weekend", ctx)
        return _pick(cands, anchor, sel, strict=which is not None)
    year_ = None
    if len(words) > 1 and re.fullmatch(_YEAR, words[-1]):
        name, year_ = " ".join(words[:-1]), int(words[-1])  # "Christmas 2020"
    hol = holidays().get(name)
    if hol is not None:
        once = hol.one_off
        if once is not None:
            return v.day(once) if year_ in (None, once.year) else None
        if year_ is not None:
            on = hol.on(year_)
            return v.day(on) if on else None
        return _by_year(lambda y: v.day(d) if (d := hol.on(y)) else None, ctx, which, grace=_DAY_GRACE)
    return None


def _month_year(t: str, ctx: Context) -> TimexValue | None:
    """June 2020, June of 2020, June, 2020."""
    m = re.fullmatch(_MONTH + r"(?:\s+of|,)?\s+" + _YEAR, t)
    if m:
        return v.month(int(m.group("year")), MONTHS[m.group("month")])
    return None


_RE_YEAR_ONLY = re.compile(r"(?:the\s+)?(?:(?:calendar\s+)?year\s+)?" + _YEAR + r"|'(?P<yy>\d\d)")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_RE_DECADE = re.compile(
    r"(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?(?:(?P<full>1[0-9]\d0|20\d0)'?s|'?(?P<short>\d0)'?s|"
    r"(?P<word>" + "|".join(_DECADE_WORDS) + r"))"
)
_RE_CENTURY = re.compile(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<w>[a-z-]+)\s+century")


def _year(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_YEAR_ONLY.fullmatch(t)
    if m:
        if m.group("yy"):
            return v.year(_two_digit_year(int(m.group("yy")), ctx.anchor))
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
        return v.decade(first).with_mod(_EDGES.get(m.group("edge") or ""))
    m = _RE_CENTURY.fullmatch(t)
    if m:
        n = int(m.group("n")) if m.group("n") else ORDINALS.get(m.group("w") or "")
        if n and 1 <= n <= 22:
            return v.century(n)
    return None


# --- two years ago, three days later, a week earlier

_AMOUNT = r"(?P<amount>(?:[a-z0-9.,-]+\s+){0,3}?)"
_RE_OFFSET = re.compile(
    r"(?:(?:about|around|nearly|almost|some|roughly|more than|less than|over|just over|just under|barely)\s+)?"
    + _AMOUNT + r"(?P<unit>" + UNIT_WORD + r")s?\s+(?P<dir>ago|later|earlier|after|afterwards|before|"
    r"previously|prior|on|hence|from now)(?:\s+than\b.*)?"
)


def _offset(t: str, ctx: Context) -> TimexValue | None:
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
        if is_vague(amount_text) or not amount_text:
            return v.ref("PAST_REF" if sign < 0 else "FUTURE_REF")
        return None
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
        return _shift_quarter(base, k)
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


def _anaphoric(t: str, ctx: Context) -> TimexValue | None:
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
            return _day_or_none(base.year - 1, base.month, base.day)
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
        return _shift_quarter(base, step)
    return v.year(base.year + step)


def _shift_value(r: TimexValue, years: int) -> TimexValue | None:
    """The same period ``years`` years earlier or later ("the same period last year")."""
    if r.first is None:
        return None
    d = r.first
    y = d.year + years
    if r.precision == "day":
        return _day_or_none(y, d.month, d.day)
    if r.precision == "week":
        return v.week(d.replace(year=y) if not (d.month == 2 and d.day == 29) else date(y, 2, 28))
    if r.precision == "month":
        return v.month(y, d.month)
    if r.precision == "quarter":
        return v.quarter(y, (d.month - 1) // 3 + 1)
    if r.precision == "year":
        return v.year(y)
    return None


# --- durations: three days, 18 months, two and a half years, a decade, five-year, decades-long

_RE_DURATION = re.compile(
    r"(?P<mods>(?:(?:about|around|nearly|almost|more than|less than|at least|at most|up to|over|under|some|roughly|"
    r"approximately|just over|just under|well over|barely|another|an additional|a further|a total of|the first|"
    r"the last|the past|the next|the coming|the final|the previous|the following|the entire|the whole|"
    r"a full|full|the|its|their|his|her)\s+)*)"
    r"(?P<amount>(?:[a-z0-9.,]+(?:[\s-](?:and a half|and a quarter))?)(?:\s+(?:or|to)\s+[a-z0-9.,]+)?\s+(?:of\s+)?|"
    r"[a-z0-9.,]+-)?"
    r"(?:(?:more|additional|further|full|straight|consecutive|running|successive|trading|working|business|"
    r"calendar|long|whole|solid)\s+)*"
    r"(?P<unit>" + UNIT_WORD + r")(?P<plural>s)?(?P<half>\s+and\s+a\s+half)?(?:[\s-](?P<tail>long|old|plus))?"
)


def _duration(t: str, ctx: Context) -> TimexValue | None:
    m = _RE_DURATION.fullmatch(t)
    if not m:
        return None
    unit_word = m.group("unit")
    unit = "CE" if unit_word == "centurie" else UNITS[unit_word]
    amount_text = (m.group("amount") or "").strip().rstrip("-").strip()
    amount_text = re.sub(r"\s+of$", "", amount_text)
    if re.search(r"\s(?:or|to)\s", amount_text):
        amount_text = re.split(r"\s(?:or|to)\s", amount_text)[-1]  # "two or three days": the upper figure
    plural = bool(m.group("plural")) or unit_word == "centurie"
    n: float | None
    if amount_text:
        n = number(amount_text)
        if n is None and not is_vague(amount_text):
            return None
    else:
        mods = m.group("mods").split()
        if plural:
            n = None
        elif m.group("tail") or (mods and mods[-1] in ("a", "full", "entire", "whole")):
            n = 1  # "year-long", "a full year"
        else:
            return None  # "year", "the week": not a duration (see _anaphoric)
    if unit_word == "second" and amount_text in ("a", ""):
        return None  # "a second time" is an ordinal
    if m.group("half") and n is not None:
        n += 0.5
    if unit_word == "fortnight" and n is not None:
        n *= 2
        unit = "W"
    if unit == "DE":
        return v.duration(None if n is None else n * 10, "Y") if n is not None else v.duration(None, "DE")
    if unit == "CE":
        return v.duration(None if n is None else n * 100, "Y") if n is not None else v.duration(None, "CE")
    if unit == "Q" and n is not None and n % 4 == 0:
        return v.duration(n // 4, "Y")
    return v.duration(n, unit)


def _part_of_day(t: str, ctx: Context) -> TimexValue | None:
    """ "morning" (of the day the sentence is about), "the evening", "overnight"."""
    t2 = t[4:] if t.startswith("the ") else t
    if t2 in PARTS_OF_DAY and t2 not in ("tonight",):
        d = ctx.day or ctx.ref_day()
        return v.day(d, PARTS_OF_DAY[t2]) if d else None
    return None


_RULES: list[Callable[[str, Context], TimexValue | None]] = [
    _reference_word,
    _set,
    _deictic,
    _calendar_date,
    _clock,
    _month_year,
    _fiscal,
    _part_of_year,
    _relative_period,
    _named_cyclic,
    _year,
    _offset,
    _anaphoric,
    _duration,
    _part_of_day,
]

