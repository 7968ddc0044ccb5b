"""Rules for expressions that are amounts or vague times rather than dates: durations
("three days", "two and a half years", "a five-year plan"), sets ("every Monday",
"weekly", "twice a year") and references (PRESENT_REF, PAST_REF, FUTURE_REF).
"""

from __future__ import annotations

import re

from eventmill.time import values as v
from eventmill.time.lexicon import PARTS_OF_DAY, UNIT_WORD, UNITS, WEEKDAYS, is_vague, number, references
from eventmill.time.resolve import Context
from eventmill.time.values import TimexValue


def reference_word(t: str, ctx: Context) -> TimexValue | None:
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


def recurring(t: str, ctx: Context) -> TimexValue | None:
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


def duration(t: str, ctx: Context) -> TimexValue | None:
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
            return None  # "year", "the week": not a duration (see anaphoric)
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
