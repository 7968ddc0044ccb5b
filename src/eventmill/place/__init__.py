"""place: toponyms and landmarks resolved offline; event locations.

The stage resolves the document's place names (spaCy GPE/LOC/FAC entities and the
landmark table's names) against the gazetteer, with the countries the story is about
as context, and reads the dateline ("NAIROBI -", "MOYALE, Kenya (Reuters) -").
:func:`event_location` picks the place of an event: the one attached to its trigger,
else one in its sentence (the most precise), else the dateline.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventmill.actors.kb import load_kb
from eventmill.actors.names import fold
from eventmill.normalize.dateline import find_dateline
from eventmill.place.gazetteer import Gazetteer, load_gazetteer
from eventmill.place.gazetteer import Place as GazPlace
from eventmill.records import Document, Place

if TYPE_CHECKING:
    from spacy.tokens import Token

_PRECISION_RANK = {"landmark": 0, "city": 1, "admin1": 2, "country": 3}
_LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "into",
        "on",
        "throughout",
        "within",
        "along",
        "off",
        "over",
        "to",
        "from",
        "towards",
        "toward",
    }
)


@dataclass(slots=True)
class PlaceMention:
    start_tok: int
    end_tok: int
    place: Place


def _to_record(gp: GazPlace, text: str, start: int, end: int) -> Place:
    return Place(
        text=text,
        name=gp.name,
        lat=gp.lat,
        lon=gp.lon,
        country=gp.country,
        admin1=gp.admin1,
        geonameid=gp.geonameid,
        feature=gp.feature,
        precision=gp.precision,
        start=start,
        end=end,
    )


class PlaceStage:
    """Resolve the place names of a parsed document."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.kb = load_kb()

    def context(self, doc: Document) -> frozenset[str]:
        """Countries the story names (countries, nationality adjectives), most named first."""
        counts: Counter[str] = Counter()
        assert doc.spacy is not None
        for ent in doc.spacy.ents:
            if ent.label_ in ("GPE", "NORP", "LOC"):
                iso = self.kb.country(ent.text) or self.kb.adjective(ent.text)
                if iso:
                    counts[iso] += 1
        return frozenset(c for c, _ in counts.most_common(4))

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        if sdoc is None:
            return doc
        context = self.context(doc)
        mentions: list[PlaceMention] = []
        for ent in sdoc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
                continue
            gp = self.gaz.lookup(ent.text, context)
            if gp is None and ent.label_ == "FAC":
                continue
            if gp is None or (ent.label_ == "ORG" and gp.precision != "landmark"):
                continue
            start, end = (
                doc.norm.to_original(ent.start_char, ent.end_char) if doc.norm else (ent.start_char, ent.end_char)
            )
            mentions.append(PlaceMention(ent.start, ent.end, _to_record(gp, doc.text[start:end], start, end)))
        dateline = self._dateline(doc, context)
        doc.places = [m.place for m in mentions]
        doc.scratch["places"] = mentions
        doc.scratch["dateline"] = dateline
        return doc

    def _dateline(self, doc: Document, context: frozenset[str]) -> Place | None:
        assert doc.spacy is not None
        found = find_dateline(doc.spacy.text)
        if found is None:
            return None
        ctx = context
        if found.region:
            iso = self.kb.country(found.region)
            if iso:
                ctx = frozenset({iso})
        city = found.city.title() if found.city.isupper() else found.city
        gp = self.gaz.lookup(city, ctx)
        if gp is None:
            return None
        start, end = doc.norm.to_original(found.city_start, found.city_end) if doc.norm else (
            found.city_start, found.city_end)
        return _to_record(gp, doc.text[start:end], start, end)


def _in_actor(tok: Token, actor_heads: set[int]) -> bool:
    """Is this place token part of an actor's noun phrase ("the governments of Iraq")? A
    place introduced by "in"/"near" is where the actor or object is, not part of who."""
    t = tok
    for _ in range(4):
        if t.i in actor_heads:
            return True
        if t.head is t or t.dep_ not in ("pobj", "prep", "compound", "poss", "conj", "appos"):
            return False
        if t.dep_ == "prep" and t.lower_ in _LOCATIVE:
            return False
        t = t.head
    return False


def event_location(doc: Document, trigger: Token, actor_heads: set[int], allow_object: bool = False) -> Place | None:
    """Where an event happened: a place attached to the trigger ("in Mopti", "at the
    White House"), else the most precise place in the sentence that is not part of an actor,
    else the dateline."""
    mentions: list[PlaceMention] = doc.scratch.get("places", [])
    sdoc = doc.spacy
    assert sdoc is not None
    sent = trigger.sent
    in_sent = [m for m in mentions if sent.start <= m.start_tok < sent.end]
    attached: list[PlaceMention] = []
    loose: list[PlaceMention] = []
    for m in in_sent:
        head = sdoc[m.start_tok : m.end_tok].root
        if head.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
            continue  # "US troops", "Iraq's army": a nationality, not a place
        if _in_actor(head, actor_heads) and not (allow_object and head.dep_ == "dobj"):
            continue
        path_ok = False
        t = head
        for _ in range(6):
            if t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE:
                t = t.head
                continue
            if t.i == trigger.i:
                path_ok = True
                break
            if t.head is t:
                break
            t = t.head
        if path_ok or (allow_object and head.dep_ == "dobj" and head.head.i == trigger.i):
            attached.append(m)
        elif head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
            loose.append(m)
    dateline: Place | None = doc.scratch.get("dateline")
    for group in (attached, loose):
        if group:
            best = min(
                group, key=lambda m: (_PRECISION_RANK.get(m.place.precision or "", 9), abs(m.start_tok - trigger.i))
            )
            if best.place.precision == "country" and dateline is not None and dateline.country == best.place.country:
                return dateline  # the sentence names only the country; the dateline says where in it
            return best.place
    return dateline


def place_by_name(text: str) -> GazPlace | None:
    """Look a name up in the gazetteer (for tools and tests)."""
    return load_gazetteer().lookup(text)


__all__ = ["PlaceStage", "event_location", "fold", "place_by_name"]
