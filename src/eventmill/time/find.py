"""Where the temporal expressions of a parsed document are.

spaCy's DATE and TIME entities find most of them; patterns here add what the model
misses in news (weekdays and "yesterday" in lower-case positions, clock times with zones,
"this weekend", seasons, decades, holidays, "recently", "the same day", rates such as
"15 a year"). Overlapping candidates become one expression; a clock time and the day it
is on ("18:00 UTC Monday") become one; a range ("from 3 to 5 May", "between 2014 and
2016", "60 to 90 days") becomes its two ends, the first completed from the second; a
date followed by an offset ("November 11, three days later") becomes two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.resources import read_tsv
from eventmill.time.lexicon import MONTHS, UNIT_WORD, holidays

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of the parsed text that may be a temporal expression. ``text`` is what
    the normalizer reads when it differs from the span (a range's first end completed
    from the second: "3" in "3 to 5 May" reads "3 May")."""

    start: int  # character offsets into the parsed (normalized) text
    end: int
    text: str


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:morning|afternoon|evening|night)"
_UNITS_PL = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_NUMWORD = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
            r"fifty|sixty|ninety|several|few|a few|couple|a couple of)")
_YEARNUM = r"(?:1[5-9]\d\d|20\d\d)"
_ZONE = (r"(?:\s*\(?\s*(?:UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|MSK|JST)"
         r"(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\s*\)?)")

# patterns matched case-insensitively
_PATTERNS = [
    # weekdays and days around today, with parts of the day
    rf"\b(?:(?:last|next|this|early|late)\s+)?{_WEEKDAY}(?:\s+{_PART})?\b",
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?:this|yesterday|tomorrow)\s+{_PART}\b",
    r"\b(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|yesterday|tomorrow|last\s+night)\b",
    # the weekend, seasons, the same day, that year
    r"\b(?:this|last|next|the|coming|past)\s+weekend\b",
    r"\b(?:this|last|next|that|the\s+past|the\s+coming|the\s+following|the\s+previous)\s+"
    r"(?:year|month|week|decade|century|quarter)\b",
    r"\b(?:(?:this|last|next|the|early|late|mid)[\s-]+)(?:spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?"
    + _YEARNUM
    + r")?\b",
    r"\b(?:spring|summer|autumn|winter)\s+(?:of\s+)?" + _YEARNUM + r"\b",
    r"(?:(?<=\bin )|(?<=\bduring )|(?<=\bby )|(?<=\bsince )|(?<=\buntil ))(?:spring|summer|autumn|winter)\b",
    r"\b(?:the|that)\s+(?:(?:very\s+)?same\s+|next\s+|following\s+|previous\s+|preceding\s+)?day\b"
    r"(?:\s+(?:before|after)(?=\s*[,.;:]|$))?",
    r"\b(?:that|the\s+same|the\s+following|the\s+previous|the\s+next)\s+(?:year|month|week)\b",
    r"\bthe\s+(?:year|month|week)\s+(?:before|previous|earlier)\b",
    r"\bthe\s+same\s+(?:period|month|quarter|week|day)(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?\b",
    # decades, two-digit years, numeric dates, years after a temporal preposition
    r"\b(?:the\s+(?:early\s+|mid-?|late\s+)?)'?\d0'?s\b|\b(?:1[0-9]|20)\d0'?s\b",
    r"(?:(?<=\band )|(?<=\bor )|(?<=\bto ))'?\d0'?s\b",
    r"(?:(?<=\bsince )|(?<=\bin )|(?<=\bof )|(?<=\bfrom )|(?<=\buntil )|(?<=\bbefore ))'\d\d\b",
    r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
    r"(?:(?<=\bin )|(?<=\bsince )|(?<=\bby )|(?<=\buntil )|(?<=\bbefore )|(?<=\bafter )|(?<=\bduring )|(?<=\bfrom )"
    r"|(?<=\bbetween )|(?<=\bthrough ))" + _YEARNUM + r"\b(?![.,]\d)(?!\s*(?:%|percent|points|people|jobs|units))",
    # clock times: "18:00 UTC", "6:40 p.m. (GMT +8)", "0800 GMT", "noon"
    r"\b[0-2]?\d:[0-5]\d(?:\s*[ap]\.?\s?m\b\.?)?" + _ZONE + r"?",
    r"\b[01]?\d(?:\.[0-5]\d)?\s*[ap]\.\s?m\.?" + _ZONE + r"?",
    r"\b(?:[01]\d|2[0-3])[0-5]\d(?:\s*(?:hrs|hours|h))?" + _ZONE,
    r"\b(?:noon|midnight|midday)\b",
    # durations spaCy misses: "in just minutes", "for hours", "a 12-hour flight", "decades-long"
    r"(?:(?<=\bfor )|(?<=\bin )|(?<=\bwithin )|(?<=\bover )|(?<=\bjust )|(?<=\bonly ))" + _UNITS_PL + r"\b",
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|single|multi|half)-(?:"
    + UNIT_WORD
    + r")s?(?:-(?:long|old))?\b",
    r"\b(?:" + UNIT_WORD + r")s?-long\b",
    r"\b(?:first|second|third|fourth)-quarter\b",
    r"\b(?:from|between)\s+" + _YEARNUM + r"\s+(?:to|and|until|through)\s+" + _YEARNUM + r"\b",
    r"\b" + _YEARNUM + r"\s*[-\u2013/]\s*(?:" + _YEARNUM + r"|\d\d)\b(?![-/.,]?\d)",
    rf"\b(?:(?:about|almost|nearly|more\s+than|over|some|around|roughly|at\s+least|less\s+than)\s+)?"
    rf"{_NUMWORD}(?:\s+and\s+a\s+half)?\s+(?:more\s+|straight\s+|consecutive\s+|trading\s+|working\s+|business\s+)?"
    + _UNITS_PL
    + r"\b(?:\s+(?:ago|later|earlier))?",
    # recurring times
    r"\b(?:every|each)\s+(?:other\s+|\d+\s+|two\s+|three\s+|few\s+)?(?:day|week|month|year|morning|evening|night|"
    + _WEEKDAY[3:-1]
    + r"|weekend|hour|quarter)s?\b",
    r"\b(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|every|each)\s+(?:day|week|month|year|hour)\b",
    r"\bper\s+(?:day|week|month|year|hour)\b",
]
_MONTH_CAP = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
              r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_PATTERNS_CASED = [
    # lower-case only: "the annual meeting" but not the Daily Mail
    r"\b(?:annual|annually|daily|weekly|monthly|quarterly|yearly|nightly|hourly)\b",
    # calendar dates with a capitalised month name ("May" the month, not the verb)
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_CAP}(?:,?\s+{_YEARNUM})?|{_MONTH_CAP}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:,?\s+{_YEARNUM})?|{_MONTH_CAP},?\s+{_YEARNUM})\b(?![.,]?\d)",
]
# "15 a year", "$5 a day": a rate is a set of times
_RATE = re.compile(r"(?P<n>\$?[\d.,]+\s+)?(?:a|per)\s+(?P<u>day|week|month|year|hour)", re.I)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    refs = sorted((r["phrase"] for r in read_tsv("time/references.tsv") if r["find"] == "yes"), key=len,
                  reverse=True)
    ref_alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in refs)
    parts = [f"(?:{p})" for p in _PATTERNS]
    parts.append(rf"(?<!-)\b(?:in\s+)?(?:{ref_alt})\b(?!-)")  # not "the now-cancelled deal"
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=1)
def _holiday_pattern() -> re.Pattern[str]:
    names = sorted(holidays(), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w/])(?:{alt})(?![\w/])(?:\s+{_YEARNUM}\b)?", re.IGNORECASE)


_CASED = re.compile("|".join(_PATTERNS_CASED))


def candidates(sdoc: Doc) -> list[Candidate]:
    """The temporal expressions of a parsed text, in order, as character spans."""
    text = sdoc.text
    spans: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME")]
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        if text[s : s + 3].lower() == "in " and not re.match(r"in\s+(?:due course)", text[s:e], re.I):
            s += 3  # "in the past": the preposition is not part of the expression
        spans.append((s, e))
    for m in _holiday_pattern().finditer(text):
        if text[m.start()].isupper() or text[m.start()].isdigit():
            spans.append((m.start(), m.end()))
    spans.extend((m.start(), m.end()) for m in _CASED.finditer(text))
    spans = [_trim(text, a, b) for s, e in spans for a, b in _lines(text, s, e)]
    merged = _merge(text, sorted(s for s in spans if s[0] < s[1]))
    out: list[Candidate] = []
    for s, e in merged:
        out.extend(_split(text, s, e))
    return out


_FRACTION = re.compile(r"(?:(?:about|nearly|almost|roughly|some|over|more than)\s+)?(?:a|one|three)\s+quarters?$", re.I)


def is_fraction(text: str, start: int, end: int) -> bool:
    """ "about a quarter, of its dealers": a share, not three months."""
    return bool(_FRACTION.fullmatch(text[start:end])) and bool(re.match(r"\s*,?\s*of\b", text[end:]))


def rate_text(text: str, start: int, end: int) -> str | None:
    """ "per year" when the span is the "a year" of a rate ("15 a year", "$5 a day"), else None."""
    m = _RATE.fullmatch(text[start:end])
    if m and (m.group("n") or re.search(r"\d\s$", text[max(0, start - 2) : start])):
        return "per " + m.group("u").lower()
    return None


_TRIM_LEAD = re.compile(r"(?:just|only|about|some|around|roughly|approximately|nearly|almost|over|more than|"
                        r"less than|at least|up to)\s+", re.I)


def _lines(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A line break ends an expression (a headline's last word is not the date line's first)."""
    out, start = [], s
    for i in range(s, e):
        if text[i] == "\n":
            out.append((start, i))
            start = i + 1
    out.append((start, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a leading "just"/"only" and a trailing possessive or punctuation. (TIMEX3 keeps
    "about"/"almost" in the expression; they only set its mod.)"""
    while s < e and text[s] in " ,.;:(\"'`" and not re.match(r"'\d", text[s : s + 3]):
        s += 1
    while e > s and text[e - 1] in " ,;:(\"`":
        e -= 1
    m = re.match(r"(?:just|only|even)\s+", text[s:e], re.I)
    if m:
        s += m.end()
    if text[s:e].endswith("'s") or text[s:e].endswith("\u2019s"):
        e -= 2
    return s, e


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping candidates; a clock time or part of day joined to the day it is
    on ("12:00 UTC Monday", "Monday evening", "16:15 UTC, June 1st")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
            continue
        if out:
            gap = text[out[-1][1] : s]
            left, right = text[out[-1][0] : out[-1][1]], text[s:e]
            if re.fullmatch(r"[ \t]*(?:on|of)?[ \t]*", gap, re.I) and (is_clock(left) or is_clock(right)) and not (
                is_clock(left) and is_clock(right)
            ):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


_CLOCK = re.compile(r"\d:[0-5]\d|\d\s*[ap]\.?\s?m\b|\b(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs|h|utc|gmt)\b|^(?:noon|midnight|"
                    r"morning|afternoon|evening|night)$", re.I)


def is_clock(t: str) -> bool:
    """A clock time or a bare part of the day ("18:00 UTC", "noon", "evening")."""
    return bool(_CLOCK.search(t.strip()))


_DECADE = r"(?:the\s+)?(?:early\s+|mid-?|late\s+)?'?(?:1[0-9]|20)?\d0'?s"
_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True))
_RANGE = re.compile(
    r"(?:(?P<lead>from|between)\s+)?(?P<a>.+?)(?:(?<=\d)\s*[-\u2013/]\s*(?=\d)|\s+(?:to|and|until|through|till|or)\s+)"
    r"(?P<b>.+)",
    re.I,
)
_DAY_MONTH = re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_ALT})\.?(?P<y>,?\s+\d{{4}})?$", re.I)
_MONTH_DAY = re.compile(rf"(?P<m>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?P<y>,?\s+\d{{4}})?$", re.I)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH_ALT})\.?(?P<y>,?\s+\d{{4}})$", re.I)
_AMOUNT_UNIT = re.compile(rf"(?P<n>[\w.,]+)\s+(?P<u>(?:more\s+)?(?:{UNIT_WORD})s?)$", re.I)
_OFFSET_AFTER_COMMA = re.compile(rf",\s+(?=(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"
                                 rf"\s+(?:{UNIT_WORD})s?\b)", re.I)


def _split(text: str, s: int, e: int) -> list[Candidate]:
    """A range becomes its two ends; "November 11, three days later" becomes two."""
    span = text[s:e]
    m = _OFFSET_AFTER_COMMA.search(span)
    if m:
        return [Candidate(s, s + m.start(), text[s : s + m.start()]),
                *_split(text, s + m.end(), e)]
    m = _RANGE.fullmatch(span)
    if m is None or "," in m.group("a"):
        return [Candidate(s, e, span)]
    a, b = m.group("a"), m.group("b")
    a_start = s + m.start("a")
    b_start = s + m.start("b")
    a_text = _complete(a, b)
    if a_text is None:
        return [Candidate(s, e, span)]
    b_text = _complete_second(a, b)
    return [Candidate(a_start, a_start + len(a), a_text), Candidate(b_start, b_start + len(b), b_text)]


def _complete(a: str, b: str) -> str | None:
    """The first end of a range as a full expression ("3" + "5 May 2021" -> "3 May 2021"),
    or None when the two sides are not a range of like things."""
    a, b = a.strip(), b.strip()
    if re.fullmatch(_YEARNUM, a) and re.fullmatch(rf"{_YEARNUM}|\d\d", b):
        return a  # 2009 to 2011, 1992-93
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", a):
        dm = _DAY_MONTH.match(b)
        if dm:
            return f"{a} {dm.group('m')}{dm.group('y') or ''}"
        am = _AMOUNT_UNIT.match(b)
        if am and number_like(a):
            return f"{a} {am.group('u')}"
        return None
    if re.fullmatch(r"[a-z]+", a, re.I) and _AMOUNT_UNIT.match(b) and number_like(a):
        return f"{a} {_AMOUNT_UNIT.match(b).group('u')}"  # type: ignore[union-attr]
    md = _MONTH_DAY.fullmatch(a) or _DAY_MONTH.fullmatch(a)
    if md and not md.group("y"):
        y = (_MONTH_DAY.match(b) or _DAY_MONTH.match(b) or _MONTH_YEAR.match(b))
        return a + (y.group("y") if y and y.group("y") else "")
    if re.fullmatch(_MONTH_ALT, a, re.I):
        y = _MONTH_YEAR.match(b) or _MONTH_DAY.match(b) or _DAY_MONTH.match(b)
        return a + (y.group("y") if y and y.group("y") else "")
    if re.fullmatch(_WEEKDAY, a, re.I) and re.fullmatch(_WEEKDAY, b, re.I):
        return a
    if re.fullmatch(_DECADE, a, re.I) and re.fullmatch(_DECADE, b, re.I):
        return a  # the 70s and 80s
    if _looks_temporal(a) and _looks_temporal(b):
        return a
    return None


def _complete_second(a: str, b: str) -> str:
    """The second end, completed from the first ("May 3-5" -> "May 5"; "1992-93" -> "1993")."""
    a, b = a.strip(), b.strip()
    if re.fullmatch(r"\d\d", b) and re.fullmatch(_YEARNUM, a):
        return a[:2] + b
    md = _MONTH_DAY.fullmatch(a)
    if md and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?", b):
        return f"{md.group('m')} {b}"
    return b


def number_like(t: str) -> bool:
    from eventmill.time.lexicon import number

    return number(t) is not None


def _looks_temporal(t: str) -> bool:
    return bool(re.search(rf"\b(?:{_MONTH_ALT}|{_WEEKDAY[3:-1]}|\d{{4}}|quarter|week|month|year)\b", t, re.I))
