"""The surface patterns of temporal expressions that spaCy's entities miss, and a fast way
to run them.

Each pattern is listed with its *cues*: the words one of which any match must contain
(``#`` stands for a word with a digit). A text is scanned once for cue words, and each
pattern runs only on the stretches of text around its own cues, so a pattern costs
nothing in an article that never uses its words. That keeps the stage a small fraction
of the parser's time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from eventmill.resources import read_tsv
from eventmill.time.lexicon import MONTHS, SEASONS, UNIT_WORD, UNITS, WEEKDAY_NAMES, holidays

_WEEKDAY = "(?:" + "|".join(WEEKDAY_NAMES) + ")"
_PART = r"(?:morning|afternoon|evening|night)"
_UNITS_PL = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_NUMWORD = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
            r"fifty|sixty|ninety|several|few|a few|couple|a couple of)")
YEARNUM = r"(?:1[5-9]\d\d|20\d\d)"
_ZONE = (r"(?:\s*\(?\s*(?:UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|MSK|JST)"
         r"(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\s*\)?)")
_MONTH_CAP = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
              r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")

DIGIT = "#"
_UNIT_WORDS = frozenset({*UNITS, *(u + "s" for u in UNITS), "centuries"})
_PLURAL_UNITS = frozenset({"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"})
_SEASONS = frozenset(SEASONS)
_PERIODS = frozenset({"year", "month", "week", "decade", "century", "quarter"})

# (cues, pattern, case-insensitive?)
_TABLE: list[tuple[frozenset[str], str, bool]] = [
    # weekdays and days around today, with parts of the day
    (WEEKDAY_NAMES, rf"\b(?:(?:last|next|this|early|late)\s+)?{_WEEKDAY}(?:\s+{_PART})?\b", True),
    (frozenset({"morning", "afternoon", "evening", "night"}),
     rf"\b(?:(?:early|late|earlier|later)\s+)?(?:this|yesterday|tomorrow)\s+{_PART}\b", True),
    (frozenset({"today", "tonight", "yesterday", "tomorrow", "night"}),
     r"\b(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|yesterday|tomorrow|last\s+night)\b", True),
    # the weekend, this year, seasons, the same day, that year
    (frozenset({"weekend"}), r"\b(?:this|last|next|the|coming|past)\s+weekend\b", True),
    (_PERIODS, r"\b(?:this|last|next|that|the\s+past|the\s+coming|the\s+following|the\s+previous)\s+"
               r"(?:year|month|week|decade|century|quarter)\b", True),
    (_SEASONS, r"\b(?:(?:this|last|next|early|late|mid)[\s-]+)(?:spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?"
               + YEARNUM + r")?\b", True),
    # "the fall" only where it cannot be a collapse ("the fall of eastern Ghouta", "the fall in prices")
    (_SEASONS, r"\bthe\s+(?:spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?" + YEARNUM
               + r"\b|(?=\s*(?:[,.;:)]|$)))|\bthe\s+(?:spring|summer|autumn|winter)\b(?!\s+(?:of|in)\b)", True),
    (_SEASONS, r"\b(?:spring|summer|autumn|winter)\s+(?:of\s+)?" + YEARNUM + r"\b", True),
    (_SEASONS, r"\b(?:in|during|by|since|until)\s+(?P<x>spring|summer|autumn|winter)\b", True),
    (frozenset({"day"}), r"\b(?:the|that)\s+(?:(?:very\s+)?same\s+|next\s+|following\s+|previous\s+|preceding\s+)?"
                         r"day\b(?:\s+(?:before|after)(?=\s*[,.;:]|$))?", True),
    (frozenset({"year", "month", "week"}),
     r"\b(?:that|the\s+same|the\s+following|the\s+previous|the\s+next)\s+(?:year|month|week)\b", True),
    (frozenset({"year", "month", "week"}), r"\bthe\s+(?:year|month|week)\s+(?:before|previous|earlier)\b", True),
    (frozenset({"period", "month", "quarter", "week", "day"}),
     r"\bthe\s+same\s+(?:period|month|quarter|week|day)(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?\b", True),
    # decades, two-digit years, numeric dates, years after a temporal preposition, year ranges
    (frozenset({DIGIT}), r"\b(?:the\s+(?:early\s+|mid-?|late\s+)?)'?\d0'?s\b|\b(?:1[0-9]|20)\d0'?s\b", True),
    (frozenset({DIGIT}), r"\b(?:and|or|to)\s+(?P<x>'?\d0'?s)\b", True),
    (frozenset({DIGIT}), r"\b(?:since|in|of|from|until|before)\s+(?P<x>'\d\d)\b", True),
    (frozenset({DIGIT}), r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b", True),
    (frozenset({DIGIT}), r"\b(?:in|since|by|until|before|after|during|from|between|through)\s+(?P<x>" + YEARNUM
                         + r")\b(?![.,]\d)(?!\s*(?:%|percent|points|people|jobs|units))", True),
    (frozenset({DIGIT}), r"\b(?:from|between)\s+" + YEARNUM + r"\s+(?:to|and|until|through)\s+" + YEARNUM + r"\b",
     True),
    (frozenset({DIGIT}), r"\b" + YEARNUM + r"\s*[-\u2013/]\s*(?:" + YEARNUM + r"|\d\d)\b(?![-/.,]?\d)", True),
    # clock times: "18:00 UTC", "6:40 p.m. (GMT +8)", "0800 GMT", "noon"
    (frozenset({DIGIT}), r"\b[0-2]?\d:[0-5]\d(?:\s*[ap]\.?\s?m\b\.?)?" + _ZONE + r"?", True),
    (frozenset({DIGIT}), r"\b[01]?\d(?:\.[0-5]\d)?\s*[ap]\.\s?m\.?" + _ZONE + r"?", True),
    (frozenset({DIGIT}), r"\b(?:[01]\d|2[0-3])[0-5]\d(?:\s*(?:hrs|hours|h))?" + _ZONE, True),
    (frozenset({"noon", "midnight", "midday"}), r"\b(?:noon|midnight|midday)\b", True),
    # durations spaCy misses: "in just minutes", "for hours", "a 12-hour flight", "decades-long"
    (_PLURAL_UNITS, r"\b(?:for|in|within|over|just|only)\s+(?P<x>" + _UNITS_PL + r")\b", True),
    (_UNIT_WORDS, r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|single|multi|half)-(?:"
                  + UNIT_WORD + r")s?(?:-(?:long|old))?\b", True),
    (_UNIT_WORDS, r"\b(?:" + UNIT_WORD + r")s?-long\b", True),
    (frozenset({"quarter"}), r"\b(?:first|second|third|fourth)-quarter\b", True),
    (_PLURAL_UNITS, r"\b(?:(?:about|almost|nearly|more\s+than|over|some|around|roughly|at\s+least|less\s+than)\s+)?"
                    rf"{_NUMWORD}(?:\s+and\s+a\s+half)?\s+(?:more\s+|straight\s+|consecutive\s+|trading\s+|"
                    r"working\s+|business\s+)?" + _UNITS_PL + r"\b(?:\s+(?:ago|later|earlier))?", True),
    # recurring times
    (frozenset({"every", "each"}), r"\b(?:every|each)\s+(?:other\s+|\d+\s+|two\s+|three\s+|few\s+)?(?:day|week|month|"
                                   r"year|morning|evening|night|" + _WEEKDAY[3:-1] + r"|weekend|hour|quarter)s?\b",
     True),
    (frozenset({"day", "week", "month", "year", "hour"}),
     r"\b(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|every|each)\s+(?:day|week|month|year|hour)\b", True),
    (frozenset({"per"}), r"\bper\s+(?:day|week|month|year|hour)\b", True),
    # lower-case only: "the annual meeting" but not the Daily Mail
    (frozenset({"annual", "annually", "daily", "weekly", "monthly", "quarterly", "yearly", "nightly", "hourly"}),
     r"\b(?:annual|annually|daily|weekly|monthly|quarterly|yearly|nightly|hourly)\b", False),
    # calendar dates with a capitalised month name ("May" the month, not the verb)
    (frozenset(MONTHS), rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_CAP}(?:,?\s+{YEARNUM})?|{_MONTH_CAP}"
                        rf"\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEARNUM})?|{_MONTH_CAP},?\s+{YEARNUM})\b(?![.,]?\d)",
     False),
]

_WORD = re.compile(r"[\w']+")
_WINDOW = 60  # characters either side of a cue that a match may reach


@lru_cache(maxsize=1 << 14)  # (news repeats its words; bounded, as a long run reads new ones)
def _cue(word: str) -> str:
    """The form a word is looked up under: lower-case, no possessive; a number ("2011",
    "11th", "70s", "'82") is ``#``."""
    if word[0].isdigit() or (word[0] == "'" and len(word) > 1 and word[1].isdigit()):
        return DIGIT
    w = word.lower()
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[tuple[str, int]], dict[str, list[int]], set[int]]:
    """The patterns (source and flags: each is compiled by :func:`_pattern` when a cue first
    calls for it, so a short text compiles only the few it needs), the index from cue word to
    patterns, and which patterns name holidays (those need a capital letter)."""
    table = list(_TABLE)
    refs = [r["phrase"] for r in read_tsv("time/references.tsv") if r["find"] == "yes"]
    ref_alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(refs, key=len, reverse=True))
    # "in the past" is "the past"; not "the now-cancelled deal"
    table.append((frozenset(_cue(p.split()[-1]) for p in refs),
                  rf"(?<!-)\b(?:in\s+)?(?P<x>{ref_alt})\b(?!-)", True))
    names = sorted(holidays(), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    table.append((frozenset(_cue(_WORD.findall(n)[-1]) for n in names),
                  rf"(?<![\w/])(?:{alt})(?![\w/])(?:\s+{YEARNUM}\b)?", True))
    patterns = [(p, re.IGNORECASE if ci else 0) for _, p, ci in table]
    index: dict[str, list[int]] = {}
    for i, (cues, _, _) in enumerate(table):
        for c in cues:
            index.setdefault(c, []).append(i)
    return patterns, index, {len(table) - 1}


@lru_cache(maxsize=256)  # (the table has a few dozen)
def _pattern(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


def matches(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of pattern matches in ``text`` (overlapping ones included)."""
    patterns, index, capitalised = _compiled()
    windows: dict[int, list[tuple[int, int]]] = {}
    for m in _WORD.finditer(text):
        hits = index.get(_cue(m.group()))
        if hits:
            for i in hits:
                windows.setdefault(i, []).append((m.start(), m.end()))
    n = len(text)
    for i, spots in windows.items():
        pattern = _pattern(*patterns[i])
        for lo, hi in _merge_windows(text, spots, n):
            for m in pattern.finditer(text, lo, hi):
                s, e = m.span("x") if "x" in pattern.groupindex else m.span()
                if i in capitalised and not (text[s].isupper() or text[s].isdigit()):
                    continue
                yield s, e


def _merge_windows(text: str, spots: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Stretches of text around the cue words, cut at spaces so no word is split."""
    out: list[tuple[int, int]] = []
    for s, e in spots:
        lo, hi = max(0, s - _WINDOW), min(n, e + _WINDOW)
        lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
        space = text.find(" ", hi)
        hi = n if space < 0 else space
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
