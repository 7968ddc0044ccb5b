"""News datelines: "NAIROBI -", "MOYALE, Kenya (Reuters) -", "Washington (AP) —", "new delhi:".

A dateline opens the story's first paragraph, which may come after a headline, a byline or a
line such as "This story is from March 10, 2002". The place is written in capitals, title case
or (in stories written all in lower case) lower case; it is followed by a dash or a colon. Whether
the words name a place is for the gazetteer to say (the place stage); this module only finds
where a dateline can be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"(?P<city>[^\W\d_][\w .'\-]{1,40}?)(?:,\s*(?P<region>[^\W\d_][\w .'\-]{1,40}?))?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\)\s*)?(?P<dash>[-\u2013\u2014:]+)\s+"
)
# how far into a story its dateline can be, and how many short lines (headline, byline, date)
# may stand before it
HEAD_CHARS = 600
MAX_HEADER_LINES = 3
MAX_HEADER_WORDS = 16
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Dateline:
    city: str
    region: str | None
    city_start: int
    city_end: int
    end: int  # where the story text proper begins


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of a story's first paragraph, if it has one written the usual
    way (a place of at most four words in capitals, title case or lower case, then a dash or a
    colon). Up to three short lines before it (headline, byline, date) are passed over."""
    for n, para in enumerate(_PARAGRAPH.finditer(text[:HEAD_CHARS])):
        start = para.start() + len(para.group()) - len(para.group().lstrip())
        found = _at(text, start)
        if found is not None:
            return found
        if n >= MAX_HEADER_LINES - 1 or len(para.group().split()) > MAX_HEADER_WORDS:
            return None  # the story has begun: a dateline further on is a quoted place
    return None


def _at(text: str, start: int) -> Dateline | None:
    m = _DATELINE.match(text, start, min(len(text), start + 160))
    if not m:
        return None
    city = m.group("city").strip()
    cased = city.isupper() or city.istitle()
    # a lower-case place only with a colon ("jammu:"): not "e-mail - send your news"
    lower = city.islower() and m.group("dash") == ":"
    if not (cased or lower) or len(city.split()) > 4:
        return None
    region = (m.group("region") or "").strip() or None
    return Dateline(city, region, m.start("city"), m.start("city") + len(m.group("city").rstrip()), m.end())
