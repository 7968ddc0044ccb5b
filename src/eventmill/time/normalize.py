"""Normalize a temporal expression to a TIMEX3 value, relative to the document date.

eventmill owns the decisions that matter for event data: the anchor (the publication
date), the direction of a bare weekday or month (from the tense of the clause: "on
Monday" in a past-tense sentence is the Monday before), and what a period means as a
deadline ("by the end of this year" -> 31 December).

``normalize(text, anchor, tense)`` returns a :class:`TimexValue` or None. Values follow
TIMEX3: ``2021-07-26`` (day), ``2021-W30`` (week), ``2021-07`` (month), ``2021``
(year), ``199X`` (decade), ``P3D`` (duration), ``PRESENT_REF``/``PAST_REF``/
``FUTURE_REF``, ``2021-07-27TMO`` (part of day).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
    "several": None,
    "few": None,
    "a few": None,
    "couple": 2,
    "a couple of": 2,
    "dozen": 12,
    "a dozen": 12,
}
UNITS = {
    "day": "D",
    "days": "D",
    "week": "W",
    "weeks": "W",
    "month": "M",
    "months": "M",
    "year": "Y",
    "years": "Y",
    "decade": "DE",
    "decades": "DE",
    "century": "CE",
    "centuries": "CE",
    "hour": "H",
    "hours": "H",
    "minute": "M",
    "minutes": "M",
    "fortnight": "W",
    "quarter": "Q",
    "quarters": "Q",
}
PARTS_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
    "dawn": "MO",
    "dusk": "EV",
    "noon": "AF",
    "midday": "AF",
    "midnight": "NI",
}


@dataclass(frozen=True, slots=True)
class TimexValue:
    """A normalized expression: TIMEX3 type and value, plus the calendar span it covers
    (``first``..``last``) when it names one, for event dates and deadlines."""

    type: str
    value: str
    first: date | None = None
    last: date | None = None
    precision: str | None = None  # day | week | month | year | decade
    mod: str | None = None  # START | MID | END (TIMEX3 mod)

    @property
    def deadline(self) -> date | None:
        """The last day this expression allows (for "by ..." deadlines)."""
        return self.last


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _week_span(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def day_value(d: date, part: str | None = None) -> TimexValue:
    if part:
        return TimexValue("TIME", f"{d.isoformat()}T{part}", d, d, "day")
    return TimexValue("DATE", d.isoformat(), d, d, "day")


def month_value(y: int, m: int, mod: str | None = None) -> TimexValue:
    first, last = _month_span(y, m)
    if mod == "END":
        first = date(y, m, max(1, last.day - 9))
    return TimexValue("DATE", f"{y:04d}-{m:02d}", first, last, "month", mod)


def year_value(y: int, mod: str | None = None) -> TimexValue:
    first, last = date(y, 1, 1), date(y, 12, 31)
    if mod == "END":
        first = date(y, 10, 1)
    elif mod == "START":
        last = date(y, 3, 31)
    return TimexValue("DATE", f"{y:04d}", first, last, "year", mod)


def week_value(d: date) -> TimexValue:
    first, last = _week_span(d)
    return TimexValue("DATE", _week_value(d), first, last, "week")


def _number(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _shift_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _resolve_weekday(anchor: date, wd: int, tense: str | None, modifier: str | None) -> date:
    """Which calendar day a weekday name means, seen from the anchor (publication) date."""
    if modifier == "last":
        delta = (anchor.weekday() - wd) % 7 or 7
        return anchor - timedelta(days=delta)
    if modifier == "next":
        delta = (wd - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=delta)
    if modifier == "this":
        return anchor + timedelta(days=wd - anchor.weekday())
    if tense == "future":
        delta = (wd - anchor.weekday()) % 7
        return anchor + timedelta(days=delta or 7)
    # past or unknown tense: news reports mostly what has happened; same weekday = today
    delta = (anchor.weekday() - wd) % 7
    return anchor - timedelta(days=delta)


def _resolve_month(anchor: date, month: int, tense: str | None) -> int:
    """The year of a bare month name: this year's, unless the tense says the other side."""
    y = anchor.year
    if tense == "future" and month < anchor.month:
        return y + 1
    if tense != "future" and month > anchor.month:
        return y - 1
    return y


_RE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_RE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b")
_RE_MDY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_RE_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]{3,9})\b")
_RE_MD = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_RE_MY = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b")
_RE_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RE_DECADE = re.compile(r"\b(?:the\s+)?(1[89]\d|20\d)0'?s\b")
_RE_AGO = re.compile(
    r"\b(\d+|[a-z]+(?:\s+[a-z]+)?)\s+(day|days|week|weeks|month|months|year|years|decade|decades)\s+ago\b"
)
_RE_DURATION = re.compile(
    r"^(?:the\s+(?:past|last|next|coming|previous|first)\s+)?"
    r"(?:more than\s+|nearly\s+|almost\s+|about\s+|over\s+|at least\s+|some\s+)?"
    r"(\d+|[a-z]+(?:\s+[a-z]+)?)?\s*-?\s*(hour|hours|day|days|week|weeks|month|months|year|years|decade|decades|"
    r"fortnight|quarter|quarters|minute|minutes)(?:\s+long)?$"
)
_RE_REL_PERIOD = re.compile(
    r"\b(this|last|next|past|previous|coming|current|earlier this|later this)\s+(week|month|year)\b"
)
_RE_END_OF = re.compile(
    r"\b(?:the\s+)?(end|beginning|start|middle|mid)\s*(?:of\s+|-)(?:(this|the|next|last)\s+)?(year|month|week|\d{4}|[a-z]{3,9}(?:\s+\d{4})?)\b"
)
_RE_PART_MOD = re.compile(r"\b(early|mid|late)[\s-]+([a-z]{3,9}|\d{4})(?:\s+(\d{4}))?\b")
_RE_QUARTER = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q1|q2|q3|q4)\s*(?:quarter)?(?:\s+of)?\s*(\d{4})?\b"
)
_SET = re.compile(
    r"\b(every|each)\s+(day|week|month|year|morning|night|evening)\b|\b(daily|weekly|monthly|annually|yearly)\b"
)
_SET_UNIT = {
    "day": "P1D",
    "week": "P1W",
    "month": "P1M",
    "year": "P1Y",
    "morning": "TMO",
    "night": "TNI",
    "evening": "TEV",
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
}


def normalize(text: str, anchor: date | None, tense: str | None = None) -> TimexValue | None:
    """Normalize an expression ("Monday evening", "11 June 2020", "the end of this year").

    ``anchor`` is the publication date; without it, only absolute expressions get a
    calendar value (relative ones get a TIMEX3 reference or None): no date, no guess.
    ``tense`` is ``past``, ``present`` or ``future`` (of the clause the expression is in).
    """
    t = " ".join(text.lower().replace("\u2019", "'").split())
    t = re.sub(r"^(on|in|at|by|since|from|during|until|till|before|after|of|for|within)\s+", "", t)
    t = t.strip(" ,.()")
    if not t:
        return None

    m = _SET.search(t)
    if m:
        unit = m.group(2) or m.group(3)
        return TimexValue("SET", _SET_UNIT.get(unit, "P1D"))

    # --- absolute dates
    m = _RE_ISO.search(t)
    if m:
        try:
            return day_value(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return None
    m = _RE_DMY.search(t)
    if m and m.group(2) in MONTHS:
        try:
            return day_value(date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))))
        except ValueError:
            return None
    m = _RE_MDY.search(t)
    if m and m.group(1) in MONTHS:
        try:
            return day_value(date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2))))
        except ValueError:
            return None

    # --- "the end of this year", "end of 2021", "the beginning of next month"
    m = _RE_END_OF.search(t)
    if m:
        edge = {"end": "END", "beginning": "START", "start": "START", "middle": "MID", "mid": "MID"}[m.group(1)]
        which, unit = m.group(2), m.group(3)
        if unit.isdigit():
            return year_value(int(unit), edge)
        if unit in ("year", "month", "week") and anchor is not None:
            offset = {"next": 1, "last": -1}.get(which or "this", 0)
            if unit == "year":
                return year_value(anchor.year + offset, edge)
            if unit == "month":
                d = _shift_months(anchor.replace(day=1), offset)
                return month_value(d.year, d.month, edge)
            d = anchor + timedelta(weeks=offset)
            return week_value(d)
        words = unit.split()
        if words and words[0] in MONTHS:
            y = (
                int(words[1])
                if len(words) > 1 and words[1].isdigit()
                else (_resolve_month(anchor, MONTHS[words[0]], tense) if anchor else None)
            )
            if y is not None:
                return month_value(y, MONTHS[words[0]], edge)
        return None

    m = _RE_PART_MOD.search(t)
    if m:
        mod = {"early": "START", "mid": "MID", "late": "END"}[m.group(1)]
        what = m.group(2)
        if what.isdigit():
            return year_value(int(what), mod)
        if what in MONTHS:
            y = int(m.group(3)) if m.group(3) else (_resolve_month(anchor, MONTHS[what], tense) if anchor else None)
            if y is None:
                return None
            return month_value(y, MONTHS[what], mod)

    m = _RE_MY.search(t)
    if m and m.group(1) in MONTHS:
        return month_value(int(m.group(2)), MONTHS[m.group(1)])

    m = _RE_DECADE.search(t)
    if m:
        y = int(m.group(1)) * 10
        return TimexValue("DATE", f"{m.group(1)}X", date(y, 1, 1), date(y + 9, 12, 31), "decade")

    m = _RE_QUARTER.search(t)
    if m and "quarter" in t:
        q = {
            "first": 1,
            "1st": 1,
            "q1": 1,
            "second": 2,
            "2nd": 2,
            "q2": 2,
            "third": 3,
            "3rd": 3,
            "q3": 3,
            "fourth": 4,
            "4th": 4,
            "q4": 4,
        }[m.group(1)]
        y = int(m.group(2)) if m.group(2) else (anchor.year if anchor else None)
        if y is not None:
            first = date(y, 3 * q - 2, 1)
            return TimexValue("DATE", f"{y}-Q{q}", first, _month_span(y, 3 * q)[1], "month")

    # --- references that need the anchor
    if t in (
        "now",
        "currently",
        "at present",
        "the present",
        "nowadays",
        "these days",
        "at the moment",
        "right now",
        "presently",
        "recently",
        "lately",
        "so far",
        "to date",
    ):
        return TimexValue("DATE", "PAST_REF" if t in ("recently", "lately", "so far", "to date") else "PRESENT_REF")
    if t in ("the past", "in the past", "previously", "formerly", "once", "earlier", "ago"):
        return TimexValue("DATE", "PAST_REF")
    if t in (
        "the future",
        "in the future",
        "future",
        "soon",
        "later",
        "eventually",
        "in the coming days",
        "the coming days",
        "the coming weeks",
        "coming days",
        "coming weeks",
    ):
        return TimexValue("DATE", "FUTURE_REF")

    if t in ("today", "this morning", "this afternoon", "this evening", "tonight", "earlier today", "later today"):
        if anchor is None:
            return TimexValue("DATE", "PRESENT_REF")
        part = next((PARTS_OF_DAY[w] for w in t.split() if w in PARTS_OF_DAY), None)
        return day_value(anchor, part)
    if t in (
        "yesterday",
        "last night",
        "yesterday morning",
        "yesterday afternoon",
        "yesterday evening",
        "the day before",
    ):
        if anchor is None:
            return None
        part = next((PARTS_OF_DAY[w] for w in t.split() if w in PARTS_OF_DAY and w != "day"), None)
        if t == "last night":
            part = "NI"
        return day_value(anchor - timedelta(days=1), part)
    if t in ("tomorrow", "tomorrow morning", "tomorrow evening", "tomorrow night", "the day after"):
        if anchor is None:
            return None
        part = next((PARTS_OF_DAY[w] for w in t.split() if w in PARTS_OF_DAY), None)
        return day_value(anchor + timedelta(days=1), part)
    if t in ("the day before yesterday",):
        return day_value(anchor - timedelta(days=2)) if anchor else None
    if t in ("the day after tomorrow",):
        return day_value(anchor + timedelta(days=2)) if anchor else None

    m = _RE_AGO.search(t)
    if m:
        n = _number(m.group(1))
        unit = m.group(2)
        if anchor is None or n is None:
            return TimexValue("DATE", "PAST_REF")
        if unit.startswith("day"):
            return day_value(anchor - timedelta(days=n))
        if unit.startswith("week"):
            return week_value(anchor - timedelta(weeks=n))
        if unit.startswith("month"):
            d = _shift_months(anchor, -n)
            return month_value(d.year, d.month)
        if unit.startswith("year"):
            return year_value(anchor.year - n)
        return TimexValue("DATE", "PAST_REF")

    m = _RE_REL_PERIOD.search(t)
    if m:
        which, unit = m.group(1), m.group(2)
        if which in ("past", "coming") and anchor is not None:
            which = "past" if which == "past" else "coming"
        if anchor is None:
            return TimexValue("DATE", "FUTURE_REF" if which in ("next", "coming") else "PAST_REF")
        offset = {
            "this": 0,
            "current": 0,
            "earlier this": 0,
            "later this": 0,
            "last": -1,
            "previous": -1,
            "past": -1,
            "next": 1,
            "coming": 1,
        }[which]
        if which in ("past", "coming"):
            # "the past week" is a duration ending now; as a date, the period before the anchor
            return TimexValue("DURATION", f"P1{UNITS[unit]}")
        if unit == "year":
            return year_value(anchor.year + offset)
        if unit == "month":
            d = _shift_months(anchor.replace(day=1), offset)
            return month_value(d.year, d.month)
        return week_value(anchor + timedelta(weeks=offset))

    # --- weekdays, with a part of day ("Monday evening", "last Friday", "on Tuesday")
    words = t.replace(",", " ").split()
    wd = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if wd is not None:
        if anchor is None:
            return None
        modifier = next((w for w in words if w in ("last", "next", "this")), None)
        d = _resolve_weekday(anchor, wd, tense, modifier)
        part = next((PARTS_OF_DAY[w] for w in words if w in PARTS_OF_DAY), None)
        return day_value(d, part)

    # --- "11 June", "June 11", "June" (year from the anchor and tense)
    m = _RE_DM.search(t) or _RE_MD.search(t)
    if m:
        a, b = m.group(1), m.group(2)
        day_s, mon_s = (a, b) if a.isdigit() else (b, a)
        if mon_s in MONTHS and anchor is not None:
            mon = MONTHS[mon_s]
            y = _resolve_month(anchor, mon, tense)
            try:
                d = date(y, mon, int(day_s))
            except ValueError:
                return None
            if tense != "future" and d > anchor and y == anchor.year:
                d = d.replace(year=y - 1) if not (mon == 2 and d.day == 29) else d
            return day_value(d)
    if t in MONTHS and len(t) > 3 and anchor is not None:
        mon = MONTHS[t]
        return month_value(_resolve_month(anchor, mon, tense), mon)

    m = _RE_YEAR.fullmatch(t) or _RE_YEAR.fullmatch(t.replace("the year ", ""))
    if m:
        return year_value(int(m.group(1)))
    if t in ("this year", "the year"):
        return year_value(anchor.year) if anchor else None

    m = _RE_DURATION.match(t)
    if m:
        n = _number(m.group(1)) if m.group(1) else 1
        unit = UNITS[m.group(2)]
        if unit == "H" or m.group(2).startswith("minute"):
            return TimexValue("DURATION", f"PT{n if n is not None else 'X'}{unit}")
        if m.group(2) == "fortnight":
            n = 2 * (n or 1)
        return TimexValue("DURATION", f"P{n if n is not None else 'X'}{unit}")
    if t in PARTS_OF_DAY and anchor is not None:
        return day_value(anchor, PARTS_OF_DAY[t])
    return None
