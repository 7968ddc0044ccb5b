"""The words of English temporal expressions: names, numbers, units; named days.

Month and weekday names, number words and units are closed classes of the language, read
from the English toolkit (``data/lang/en/calendar.tsv``, ``numbers.tsv``); the open lists
(references such as "recently" or "the near future", holidays) are data files in
``data/time/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from eventmill.lang.words import calendar, en, numbers
from eventmill.resources import read_tsv, split

MONTHS: dict[str, int] = {w: int(v) for w, v in calendar("month").items()}
WEEKDAYS: dict[str, int] = {w: int(v) for w, v in calendar("weekday").items()}
WEEKDAY_NAMES = frozenset(w for w in WEEKDAYS if w.endswith("day"))  # written out, not abbreviated
WEEKDAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
PARTS_OF_DAY = calendar("part_of_day")  # word -> TIMEX3 part of the day
SEASONS = calendar("season")  # word -> TIMEX3 season
UNITS = calendar("unit")  # duration unit -> TIMEX3 unit

# regular-expression alternations of the names (named groups for the rules)
MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY_RE = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
DAYNUM_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?P<year>1[0-9]\d\d|20\d\d)"
PART_RE = r"(?P<part>" + "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True)) + r")"
UNIT_WORD = "|".join(sorted({*UNITS, "centurie"}, key=len, reverse=True))

_SMALL = {**numbers("cardinal"), **numbers("amount")}
_TENS = numbers("ten")
# vague amounts: a number the text does not give
VAGUE = en("vague_amount")
ORDINALS = {w: int(n) for w, n in numbers("ordinal").items()}
_RE_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def number(text: str) -> float | None:
    """The number an English amount names: "3", "1,500", "twenty-five", "a couple of",
    "two and a half", "a year and a half" (as "a and a half"). None if it is not one."""
    t = text.strip().lower().replace(",", "")
    t = re.sub(r"\s+of$", "", t)
    if not t:
        return None
    if _RE_DIGITS.fullmatch(t):
        return float(t)
    m = re.fullmatch(r"(.+?)\s+and\s+(?:a\s+)?half", t)
    if m:
        base = number(m.group(1))
        return None if base is None else base + 0.5
    if t in ("half a", "half an", "a half"):
        return 0.5
    words = t.replace("-", " ").split()
    if words and words[0] in ("a", "an") and len(words) > 1:
        words = words[1:]  # "a couple", "a dozen", "a hundred"
    total = 0.0
    for w in words:
        if w in _SMALL:
            total += _SMALL[w]
        elif w in _TENS:
            total += _TENS[w]
        elif w == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return total


def is_vague(text: str) -> bool:
    """ "several", "a few", "many" ...: an amount without a number (TIMEX3 writes X)."""
    words = text.lower().split()
    return bool(words) and all(w in VAGUE or w in ("a", "of") for w in words) and any(w in VAGUE for w in words)


# ------------------------------------------------------------------ data tables


@lru_cache(maxsize=1)
def references() -> dict[str, str]:
    """phrase -> PRESENT_REF | PAST_REF | FUTURE_REF (``data/time/references.tsv``)."""
    return {r["phrase"]: r["value"] for r in read_tsv("time/references.tsv")}


@dataclass(frozen=True, slots=True)
class Holiday:
    """A named day and the rule that dates it in a given year."""

    name: str
    rule: str

    def on(self, y: int) -> date | None:
        """The holiday's date in year ``y`` (None when it is a one-off day of another year)."""
        kind, *args = self.rule.split()
        if kind == "fixed":
            mm, dd = args[0].split("-")
            return date(y, int(mm), int(dd))
        if kind == "once":
            d = date.fromisoformat(args[0])
            return d if d.year == y else None
        if kind == "nth":
            d = nth_weekday(y, int(args[0]), int(args[1]), WEEKDAY_CODES[args[2]])
            return d + timedelta(days=int(args[3])) if len(args) > 3 else d
        if kind == "easter":
            return easter(y) + timedelta(days=int(args[0]) if args else 0)
        raise ValueError(f"data/time/holidays.tsv: unknown rule {self.rule!r} for {self.name!r}")

    @property
    def one_off(self) -> date | None:
        return date.fromisoformat(self.rule.split()[1]) if self.rule.startswith("once ") else None


@lru_cache(maxsize=1)
def holidays() -> dict[str, Holiday]:
    """name or alias (lower-case) -> Holiday (``data/time/holidays.tsv``)."""
    out: dict[str, Holiday] = {}
    for r in read_tsv("time/holidays.tsv"):
        h = Holiday(r["name"], r["rule"])
        for name in [r["name"], *split(r["aliases"])]:
            out[name] = h
    return out


def nth_weekday(y: int, m: int, n: int, wd: int) -> date:
    """The n-th weekday ``wd`` (0 = Monday) of a month; n = -1 is the last."""
    if n > 0:
        first = date(y, m, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - wd) % 7 + 7 * (-n - 1))


def easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * x) // 451
    month_, day_ = divmod(h + x - 7 * m + 114, 31)
    return date(y, month_, day_ + 1)
