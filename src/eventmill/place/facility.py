"""Streets, buildings, sites and districts, placed in the town the text puts them in.

No gazetteer holds "Collins Avenue", "Altnagelvin Hospital" or "the Mozart Estate", but local news
names such places all the time, and the text nearly always says which town they are in: right
after the name ("on Collins Avenue in Miami Beach", "the Central Mental Hospital in Dundrum"),
before it as a possessive ("Derry's Altnagelvin Hospital", "Harare's Third Street"), elsewhere in
the sentence, or as the story's own place (its dateline, else the town it names most). A
capitalised name that ends in a word of ``data/place/facilities.tsv`` and holds no place the
gazetteer knows takes that town's point; ``feature`` says what it is (``STREET``, ``BUILDING``,
``SITE``, ``DISTRICT``) and ``name`` the town it was placed in. It goes to the annotation layer
only, never to an event's location: the town it stands for is named for that already.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.lang import tree
from eventmill.records import Place
from eventmill.resources import read_tsv, split

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# words that may join a facility's name ("Museum of Ice Cream", "Alder Hey Children's Hospital")
_JOINERS = frozenset({"of", "and", "&", "'s", "\u2019s", "de", "la", "-"})
# what the enclosing town may be: a town, or a county for a building in the country
_ENCLOSING = frozenset({"city", "admin2"})
# words between a facility's name and the town it is in ("Whole Foods in Fresno", "Ramor Theatre, Virginia")
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_BETWEEN = frozenset({",", "in", "at", "of", "near", "outside", "on"})
# what a road's number follows in a sentence ("on the A120", "via the A436, A40 and A429")
_ROAD_BEFORE = frozenset({"the", ",", "and", "or", "to", "onto"})
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
# words with which a facility's name goes on after its head word ("Museum of Ice Cream")
_NAME_GOES_ON = frozenset({"of", "for"})
_LABELS_NOT_PLACES = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})


@dataclass(slots=True)
class Located:
    """A place the stage found, as a token span with its record."""

    start: int
    end: int
    place: Place
    usage: str  # name | adjective | embedded


@lru_cache(maxsize=1)
def facility_heads() -> dict[str, tuple[str, bool]]:
    """Last word of a facility's name -> its kind, and whether the story's town may place it
    (``data/place/facilities.tsv``)."""
    return {row["word"]: (row["kind"], row["story"] == "yes") for row in read_tsv("place/facilities.tsv")}


def _head_kind(tok: Token) -> tuple[str, bool] | None:
    return facility_heads().get(tok.lower_.rstrip("."))


def _name_word(tok: Token) -> bool:
    """Can this word be part of a facility's proper name ("2700 North Fourth", "14th", "No. 2")?"""
    t = tok.text
    return bool(t) and (t[0].isupper() or tok.like_num or (t[0].isdigit() and t[-2:] in ("st", "nd", "rd", "th")))


def _span_of(sdoc: Doc, head: Token, taken: list[bool]) -> tuple[int, int] | None:
    """The facility name ending at ``head``: capitalised words (and numbers, and joiners between
    them) before it in its sentence, none of them already a place. None if nothing names it."""
    sent_start = head.sent.start
    i = head.i
    start = i
    while i - 1 >= sent_start:
        prev = sdoc[i - 1]
        if taken[prev.i]:
            return None  # "Colorado State University", "Russian Embassy": the place in its name was found
        if _name_word(prev) and prev.lower_ != "the":
            start = i - 1
        elif (prev.lower_ not in _JOINERS or i - 2 < sent_start or not _name_word(sdoc[i - 2])
              or (prev.text in _POSSESSIVE and taken[i - 2])):
            break  # "Seoul's Jamsil Stadium": the town it is in is no part of its name
        i -= 1
    if head.text[0].islower() and sdoc[head.i - 1].tag_ not in ("NNP", "NNPS"):
        return None  # "This avenue", "Whilst market": a capitalised word opening the sentence is no name
    if start == head.i or not any(sdoc[k].text[0].isupper() for k in range(start, head.i)):
        return None  # "the street", "a new hospital": no name
    if sdoc[start].i == sent_start and sdoc[start].text.isupper() and len(sdoc[start]) > 3:
        return None  # a headline in capitals
    if any(sdoc[k].ent_type_ in _LABELS_NOT_PLACES for k in range(start, head.i + 1)):
        return None
    return start, head.i + 1


@lru_cache(maxsize=1)
def road_numbers() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Road number prefixes -> the countries that number roads so (``data/place/road_numbers.tsv``):
    those joined to the number ("A120", "I-95"), and those written as a word before it ("Route 9")."""
    joined: dict[str, frozenset[str]] = {}
    words: dict[str, frozenset[str]] = {}
    for row in read_tsv("place/road_numbers.tsv"):
        countries = frozenset(split(row["countries"]))
        if row["prefix"].endswith(" "):
            words[row["prefix"].strip().lower()] = countries
        else:
            joined[row["prefix"]] = countries
    return joined, words


def _road(sdoc: Doc, tok: Token, taken: list[bool]) -> tuple[int, int, frozenset[str]] | None:
    """A road's number at ``tok`` ("the A120", "I-95", "Route 9"): its span and the countries
    that number roads so."""
    joined, words = road_numbers()
    text = tok.text
    if taken[tok.i]:
        return None
    if tok.i + 1 < len(sdoc) and text.lower() in words and text[0].isupper() and sdoc[tok.i + 1].text.isdigit():
        return tok.i, tok.i + 2, words[text.lower()]
    prefix = text.rstrip("0123456789")
    if prefix == text or prefix not in joined or not 1 <= len(text) - len(prefix) <= 4:
        return None
    if prefix[-1].isalpha() and (tok.i == 0 or sdoc[tok.i - 1].lower_ not in _ROAD_BEFORE):
        return None  # "an A4 envelope": a road's number follows "the" or another road's ("A40 and A429")
    if tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].tag_ in ("NN", "NNS"):
        return None  # "the A380 jet", "the M16 rifle": a model's number before what it is
    return tok.i, tok.i + 1, joined[prefix]


def _name_goes_on(sdoc: Doc, end: int, taken: list[bool]) -> int:
    """Where a facility's name ends that goes on after its head word with "of" or "for" ("the
    Great Mosque of al-Nuri", "the Centre for the Study of Radicalisation"); a place found
    there is the town it is in ("the Great Mosque of Mosul") and no part of the name."""
    k = end
    while k + 1 < len(sdoc) and sdoc[k].lower_ in _NAME_GOES_ON and not taken[k + 1]:
        j = k + 1 + (sdoc[k + 1].lower_ == "the")
        if j >= len(sdoc) or taken[j] or not _name_word(sdoc[j]) or not sdoc[j].text[0].isupper():
            break
        while j < len(sdoc) and not taken[j] and (_name_word(sdoc[j]) or sdoc[j].text in ("-", "'s", "\u2019s")):
            j += 1
        k = end = j
    return end


def _town_after(end: int, located: list[Located], sdoc: Doc) -> Located | None:
    """The town right after the name: "Whole Foods in Fresno", "Ramor Theatre, Virginia", "the
    Great Mosque of Mosul", "King's College London"."""
    k = end
    while k < len(sdoc) and k - end < 3 and sdoc[k].lower_ in _BETWEEN:
        k += 1
    return next((m for m in located if m.start == k and m.place.precision in _ENCLOSING
                 and m.usage != "adjective"), None)


def _town_before(start: int, located: list[Located], sdoc: Doc) -> Located | None:
    """The town whose possessive opens the name: "Derry's Altnagelvin Hospital"."""
    if start < 2 or sdoc[start - 1].text not in _POSSESSIVE:
        return None
    return next((m for m in located if m.end in (start - 1, start) and m.place.precision in _ENCLOSING), None)


def story_town(located: list[Located], dateline: Place | None) -> Place | None:
    """Where the story is: its dateline's town, else the town (or county) it names more often than
    any other, unless the story names states or provinces and none is the town's (a
    "Washington Square" read as Pennsylvania's in a story about Louisiana)."""
    if dateline is not None and dateline.precision in _ENCLOSING:
        return dateline
    named = [m.place for m in located if m.usage != "adjective"]
    towns = [p for p in named if p.precision in _ENCLOSING]
    counts = Counter((p.name, p.country) for p in towns).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    top = next(p for p in towns if (p.name, p.country) == counts[0][0])
    states = {p.name for p in named if p.precision == "admin1"}
    return top if not states or top.admin1 in states else None


def facility_places(sdoc: Doc, located: list[Located], dateline: Place | None) -> list[tuple[int, int, Place]]:
    """The streets, buildings, sites and numbered roads of a document, each as (start token, end
    token, place) placed at the town the text puts it in; those with no town are left out."""
    taken = [False] * len(sdoc)
    for m in located:
        for k in range(m.start, m.end):
            taken[k] = True
    home = story_town(located, dateline)
    out: list[tuple[int, int, Place]] = []
    for tok in map(sdoc.__getitem__, _candidates(sdoc)):
        road = _road(sdoc, tok, taken)
        head = _head_kind(tok) if road is None else ("road", True)
        if head is None or taken[tok.i]:
            continue
        if road is not None:
            start, end, countries = road
        else:
            if tok.i + 1 < len(sdoc) and _head_kind(sdoc[tok.i + 1]) is not None:
                continue  # "Crossroads Correctional Center": the name ends at its last head word
            span = _span_of(sdoc, tok, taken)
            if span is None:
                continue
            (start, end), countries = span, frozenset()
            end = _name_goes_on(sdoc, end, taken)
            if end < len(sdoc) and sdoc[end].is_title and sdoc[end].lower_ in _COMPASS:
                end += 1  # "Eglinton Avenue West"
            if end < len(sdoc) and not taken[end] and sdoc[end].tag_ in ("NNP", "NNPS") and sdoc[end].is_title:
                continue  # "King's College London" with its town not found: what the name holds is unknown
        where = _enclosing(sdoc, start, end, located, home if head[1] else None)
        if where is None or (countries and where.country not in countries):
            continue
        out.append((start, end, Place(text="", name=where.name, lat=where.lat, lon=where.lon, country=where.country,
                                      admin1=where.admin1, feature=head[0].upper(), precision=where.precision)))
        for k in range(start, end):
            taken[k] = True
    return out


def _candidates(sdoc: Doc) -> list[int]:
    """The tokens that may be a road's number or a facility's head word (:func:`_road`,
    :func:`_head_kind`), in order: a head word or a road's word before its number (by the
    lower-case form), or a word ending in a digit ("A120") or a full stop ("St."), by its shape.
    Read from the parse's arrays: most of a document's words are none, and
    :func:`facility_places` has nothing to do at them."""
    import numpy
    from spacy.attrs import LOWER, SHAPE

    if not len(sdoc):
        return []
    strings = sdoc.vocab.strings
    arr = sdoc.to_array([LOWER, SHAPE])
    words = [strings[w] for w in (*facility_heads(), *road_numbers()[1])]
    shapes = [x for x in numpy.unique(arr[:, 1]).tolist() if strings[x][-1:] in ("d", ".")]
    hit = tree.among(arr[:, 0], words) | tree.among(arr[:, 1], shapes)
    return numpy.flatnonzero(hit).tolist()


def _enclosing(sdoc: Doc, start: int, end: int, located: list[Located], home: Place | None) -> Place | None:
    """The town a facility at ``start:end`` is in: named right after it, as the possessive
    before it, nearest in its sentence, else ``home`` (the story's town, where the kind allows)."""
    sent = sdoc[start].sent
    near = [m for m in located if sent.start <= m.start < sent.end and m.place.precision in _ENCLOSING
            and m.usage != "adjective"]
    town = (_town_after(end, located, sdoc) or _town_before(start, located, sdoc)
            or (min(near, key=lambda m: abs(m.start - start)) if near else None))
    return town.place if town is not None else home
