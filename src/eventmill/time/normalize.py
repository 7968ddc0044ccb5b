"""Normalize a temporal expression to a TIMEX3 value, relative to the document date.

eventmill owns the decisions that matter for event data: the anchor (the publication
date), the direction of a bare weekday, month, season, quarter or holiday (from the tense
of the clause: "on Monday" in a past-tense sentence is the Monday before, in a future one
the Monday after; without a tense, the nearest), the reference of anaphoric expressions
("the same day", "two days later": the last date the text mentioned), and what a period
means as a deadline ("by the end of this year" -> 31 December).

``normalize(text, anchor, tense, reference=...)`` returns a :class:`TimexValue` or None.
The rules follow the TimeML TIMEX3 guidelines (``docs/time.md`` lists the forms and
values); they live in ``rules_calendar.py``, ``rules_relative.py`` and
``rules_amounts.py``, each returning None when the text is not of its family, and the
order of ``_RULES`` here is their precedence. ``resolve.py`` holds the anchor and
direction decisions they share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from eventmill.time.resolve import Context
from eventmill.time.rules_amounts import duration, recurring, reference_word
from eventmill.time.rules_calendar import calendar_date, clock, fiscal, month_year, part_of_year, year_like
from eventmill.time.rules_relative import anaphoric, deictic, named_cyclic, offset, part_of_day, relative_period
from eventmill.time.values import TimexValue

__all__ = ["Context", "TimexValue", "clean", "normalize"]


def normalize(
    text: str,
    anchor: date | None,
    tense: str | None = None,
    *,
    reference: TimexValue | None = None,
    last_day: date | None = None,
    day: date | None = None,
    narrative: date | None = None,
) -> TimexValue | None:
    """Normalize an expression ("Monday evening", "11 June 2020", "the end of this year").

    ``anchor`` is the publication date; without it, only absolute expressions get a
    calendar value (relative ones get a TIMEX3 reference or None): no date, no guess.
    ``tense`` is ``past``, ``present`` or ``future`` (of the clause the expression is in;
    ``present`` and None both mean "the nearest").
    """
    ctx = Context(anchor, tense if tense in ("past", "future") else None, reference, day, last_day, narrative, _sub)
    try:
        return _parse(clean(text), ctx)
    except (ValueError, OverflowError):
        return None  # a day outside the calendar ("20,000 years ago", "fiscal year 0")


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


def _sub(text: str, ctx: Context) -> TimexValue | None:
    """A part of an expression normalized on its own ("Monday" in "12:00 UTC Monday")."""
    return _parse(clean(text), ctx, depth=2)


# the order is the precedence: references before durations ("recent years"), calendar
# dates before clock times, relative periods before bare names
_RULES: list[Callable[[str, Context], TimexValue | None]] = [
    reference_word,
    recurring,
    deictic,
    calendar_date,
    clock,
    month_year,
    fiscal,
    part_of_year,
    relative_period,
    named_cyclic,
    year_like,
    offset,
    anaphoric,
    duration,
    part_of_day,
]
