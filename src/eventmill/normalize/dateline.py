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

_WORD = r"[^\W\d_][^\W_]*(?:['.\-][^\W\d_]+)*\.?"
_INNER = r"[^\W\d_][^\W_]*(?:['.\-][^\W\d_]+)*"  # a word, no full stop after it (a region's words)
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
_DATELINE = re.compile(
    rf"(?P<city>{_WORD}(?: {_WORD}){{0,3}}?)"
    rf"(?:,\s*(?P<region>{_INNER}(?: {_INNER}){{0,2}}?\.?))?"
    rf"(?:,?\s*(?P<date>(?:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?))?,?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\)\s*)?"
    r"(?P<dash>--+|[\u2013\u2014:\ufffd]|-(?=\s)|\"(?=\s))\s*"
)
# where a dateline can stand: the start of one of the first paragraphs, or (in capitals) after a
# byline sentence in the first lines ("By Carey Biron. WASHINGTON, April 5 (Reuters) - ...")
HEAD_CHARS = 800
MAX_HEADER_LINES = 3
MAX_HEADER_WORDS = 16
BYLINE_CHARS = 200  # a dateline after a byline's full stop stands within the first lines
_PARAGRAPH = re.compile(r"[^\n]+")
_AFTER_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z]{2})")


@dataclass(frozen=True, slots=True)
class Dateline:
    city: str
    region: str | None
    city_start: int
    city_end: int
    end: int  # where the story text proper begins


def find_dateline(text: str) -> Dateline | None:
    """The dateline of a story, if it has one written the usual way: a place of at most four
    words in capitals, title case or (followed by a colon) lower case, perhaps a region, a
    date and an agency, then a dash or a colon. It opens one of the first paragraphs (up to
    three short lines, a headline, a byline or a date, may stand before it); a place in capitals
    may also follow a byline's full stop in the story's first lines."""
    head = text[:HEAD_CHARS]
    for n, para in enumerate(_PARAGRAPH.finditer(head)):
        start = para.start() + len(para.group()) - len(para.group().lstrip())
        found = _at(text, start, True)
        if found is not None:
            return found
        for m in _AFTER_SENTENCE.finditer(para.group()):
            if para.start() + m.end() > BYLINE_CHARS:
                break
            found = _at(text, para.start() + m.end(), False)
            if found is not None:
                return found
        if n >= MAX_HEADER_LINES - 1 or len(para.group().split()) > MAX_HEADER_WORDS:
            return _capitals_later(text, para.end())
    return None


def _capitals_later(text: str, after: int) -> Dateline | None:
    """A paragraph further on that opens with a place in capitals and a dash or colon ("NEW
    DELHI: ..." after a photo caption): a dateline too."""
    for para in _PARAGRAPH.finditer(text[:HEAD_CHARS], after):
        found = _at(text, para.start(), True)
        if found is not None and found.city.isupper():
            return found
    return None


def _at(text: str, start: int, paragraph_start: bool) -> Dateline | None:
    m = _DATELINE.match(text, start, min(len(text), start + 160))
    if not m:
        return None
    city, dash = m.group("city").strip(), m.group("dash")
    if len(city.split()) > 4 or not any(c.isalpha() for c in city):
        return None
    if dash in ('"', "\ufffd") and m.group("agency") is None:
        return None  # a quotation mark (or a damaged dash) ends a dateline only after an agency
    capitals = city.isupper() and sum(c.isalpha() for c in city) >= 3
    if not capitals:
        if not paragraph_start:
            return None
        # a lower-case place only with a colon ("jammu:"): not "e-mail - send your news"
        if not (city.istitle() or (city.islower() and dash == ":")):
            return None
    region = (m.group("region") or "").strip() or None
    return Dateline(city, region, m.start("city"), m.start("city") + len(m.group("city").rstrip()), m.end())
