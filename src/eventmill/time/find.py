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
from typing import TYPE_CHECKING

from eventmill.time.lexicon import MONTHS, UNIT_WORD
from eventmill.time.patterns import YEARNUM as _YEARNUM
from eventmill.time.patterns import matches

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
# "15 a year", "$5 a day": a rate is a set of times
_RATE = re.compile(r"(?P<n>\$?[\d.,]+\s+)?(?:a|per)\s+(?P<u>day|week|month|year|hour)", re.I)


def candidates(sdoc: Doc, text: str | None = None) -> list[Candidate]:
    """The temporal expressions of a parsed text (``text`` is ``sdoc.text``), in order, as
    character spans."""
    text = sdoc.text if text is None else text
    spans: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME")]
    spans.extend(matches(text))
    spans = [_trim(text, a, b) for s, e in spans for a, b in _lines(text, s, e)]
    merged = _merge(text, sorted(s for s in spans if s[0] < s[1]))
    out: list[Candidate] = []
    for s, e in merged:
        out.extend(_split(text, s, e))
    return out


_FRACTION = re.compile(r"(?:(?:about|nearly|almost|roughly|some|over|more than)\s+)?(?:a|one|three)\s+quarters?$", re.I)


_OF = re.compile(r"\s*,?\s*of\b")
_EDGE_UNIT = re.compile(r"the\s+(?:last|first|final|closing|opening|early|late)\s+(?:\w+\s+)?"
                        r"(?:days?|weeks?|months?|years?|decades?|hours?)", re.I)
_NOT_TIME_OF = re.compile(r"\s+of\s+(?!(?:this|last|next|that|the\s+(?:year|month|week|decade|century)|"
                          r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|'\d|[a-z]{0,2}\$|\u00a3|\u20ac|\u00a5))",
                          re.I)  # "the last year of 2009", "profit for the last year of US$ 2.7 billion" stay


_THE_DAY = re.compile(r"(?:the|that)\s+(?:very\s+)?(?:same\s+)?day", re.I)
_DEFINED_BY = re.compile(r"\s+(?:of|when|that|which|on\s+which)\b", re.I)


def is_part_of_something_else(text: str, start: int, end: int) -> bool:
    """ "the last year of the Obama presidency", "the first days of the war": a part of
    something the text names, not a time counted from today; "the day of judgment", "the
    day when ...": a day the text defines, not the last one it named."""
    if _THE_DAY.fullmatch(text, start, end):
        return bool(_DEFINED_BY.match(text, end))
    return bool(_EDGE_UNIT.fullmatch(text, start, end)) and bool(_NOT_TIME_OF.match(text, end))


def is_fraction(text: str, start: int, end: int) -> bool:
    """ "about a quarter, of its dealers": a share, not three months."""
    return bool(_FRACTION.fullmatch(text[start:end])) and bool(_OF.match(text, end))


def rate_text(text: str, start: int, end: int) -> str | None:
    """ "per year" when the span is the "a year" of a rate ("15 a year", "$5 a day"), else None."""
    m = _RATE.fullmatch(text[start:end])
    if m and (m.group("n") or re.search(r"\d\s$", text[max(0, start - 2) : start])):
        return "per " + m.group("u").lower()
    return None



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
