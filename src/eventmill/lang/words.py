"""Named English word classes, calendar words and number words (``data/lang/en/*.tsv``).

Stages ask for a class by name at import (``FUTURE = en("future_auxiliary")``); an unknown
name fails at once with the file it was looked for in, so a typo cannot pass silently.
"""

from __future__ import annotations

from functools import lru_cache

from eventmill.resources import read_tsv, word_classes

ENGLISH = "lang/en/words.tsv"
CALENDAR_KINDS = frozenset({"month", "weekday", "season", "part_of_day", "unit"})
NUMBER_KINDS = frozenset({"cardinal", "ten", "scale", "ordinal", "amount"})


def word_class(name: str, table: str = ENGLISH) -> frozenset[str]:
    """The words of class ``name`` in ``data/<table>`` (a ``class / words / note`` table)."""
    classes = word_classes(table)
    if name not in classes:
        raise KeyError(f"data/{table} has no word class {name!r} (it has: {', '.join(sorted(classes))})")
    return classes[name]


def en(name: str) -> frozenset[str]:
    """An English word class (``data/lang/en/words.tsv``)."""
    return word_class(name, ENGLISH)


@lru_cache(maxsize=8)
def calendar(kind: str) -> dict[str, str]:
    """word -> value for one kind of calendar word (``data/lang/en/calendar.tsv``)."""
    if kind not in CALENDAR_KINDS:
        raise KeyError(f"data/lang/en/calendar.tsv has no kind {kind!r} (kinds: {', '.join(sorted(CALENDAR_KINDS))})")
    return {row["word"]: row["value"] for row in read_tsv("lang/en/calendar.tsv") if row["kind"] == kind}


@lru_cache(maxsize=8)
def numbers(kind: str) -> dict[str, float]:
    """word -> value for one kind of number word (``data/lang/en/numbers.tsv``)."""
    if kind not in NUMBER_KINDS:
        raise KeyError(f"data/lang/en/numbers.tsv has no kind {kind!r} (kinds: {', '.join(sorted(NUMBER_KINDS))})")
    out: dict[str, float] = {}
    for row in read_tsv("lang/en/numbers.tsv"):
        if row["kind"] == kind:
            value = float(row["value"])
            out[row["word"]] = int(value) if value.is_integer() else value
    return out


def validate() -> None:
    """Check the calendar and number tables' kinds (the package tests call this)."""
    for relpath, kinds in (("lang/en/calendar.tsv", CALENDAR_KINDS), ("lang/en/numbers.tsv", NUMBER_KINDS)):
        for row in read_tsv(relpath):
            if row["kind"] not in kinds:
                raise ValueError(f"{row.where(relpath)}: unknown kind {row['kind']!r} "
                                 f"(kinds: {', '.join(sorted(kinds))})")
