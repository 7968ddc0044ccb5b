"""News datelines: "NAIROBI -", "MOYALE, Kenya (Reuters) -", "Washington (AP) —"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z .'\-]{1,40}?)(?:,\s*(?P<region>[A-Za-z .'\-]{2,40}?))?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\)\s*)?(?P<dash>[-\u2013\u2014:]+)\s+"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    city: str
    region: str | None
    city_start: int
    city_end: int
    end: int  # where the story text proper begins


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of a story, if it has one written the usual way (the
    place in capitals or title case, then a dash)."""
    m = _DATELINE.match(text[:160])
    if not m:
        return None
    city = m.group("city").strip()
    if not (city.isupper() or city.istitle()) or len(city.split()) > 4:
        return None
    region = (m.group("region") or "").strip() or None
    return Dateline(city, region, m.start("city"), m.start("city") + len(m.group("city").rstrip()), m.end())
