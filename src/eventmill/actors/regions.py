"""World regions and groups of states as actors (``data/kb/regions.tsv``): "Gulf states",
"African leaders", "Western powers" are the region's states (its CAMEO region code + GOV);
"the West", "West Africa" as an agent or addressee are the region (its code alone). A region
is no country: its actor's country stays empty and the code carries the region."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from eventmill.resources import read_tsv, split

if TYPE_CHECKING:
    from spacy.tokens import Span


@dataclass(frozen=True)
class Region:
    code: str  # CAMEO region code ("WAF")
    name: str  # "West Africa"


@dataclass(frozen=True)
class _Regions:
    names: dict[str, Region]  # lower-case name ("the west", "west africa") -> region
    adjective: re.Pattern[str]  # any listed adjective as a whole word, not part of a hyphened word
    adjectives: dict[str, Region]  # adjective, as written -> region


@cache
def _regions() -> _Regions:
    names: dict[str, Region] = {}
    adjectives: dict[str, Region] = {}
    for row in read_tsv("kb/regions.tsv"):
        region = Region(row["code"], row["name"])
        for name in split(row.get("names", "")):
            names[name.lower()] = region
        for adjective in split(row.get("adjectives", "")):
            adjectives[adjective] = region
    # (longest first: "West African" before "African", "Western Balkan" before "Western")
    words = "|".join(re.escape(a) for a in sorted(adjectives, key=len, reverse=True))
    # (as written: "gulf" in lower case is a gulf, not the Gulf's states)
    return _Regions(names, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), adjectives)


def named(text: str) -> Region | None:
    """The region a phrase names as a whole ("the West", "West Africa"; case-insensitive)."""
    return _regions().names.get(text.strip().lower())


def of_modifiers(words: Span) -> tuple[Region, Span] | None:
    """The region the first region adjective among a noun's modifiers names, and the words naming
    it ("Gulf Arab" -> the Persian Gulf, "Gulf"; "West African" -> West Africa); none inside a
    hyphened word ("African-American")."""
    found = _regions().adjective.search(words.text)
    if found is None:
        return None
    named_by = words.char_span(found.start(), found.end(), alignment_mode="expand")
    return (_regions().adjectives[found.group(0)], named_by) if named_by is not None else None
