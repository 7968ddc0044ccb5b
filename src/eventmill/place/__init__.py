"""place: toponyms and landmarks resolved offline; event locations.

The stage finds the document's place names (:mod:`eventmill.place.recognize`: gazetteer-driven,
with spaCy's entities as evidence), ranks each one's candidates against what the story says about
where it is (:mod:`eventmill.place.resolve`), and reads the dateline ("NAIROBI -", "MOYALE, Kenya
(Reuters) -"). Every toponym goes to ``doc.places`` (the annotation layer), including nationality
adjectives ("the Syrian border") and places inside organisations' names ("the Bank of Japan");
only places named as places can be where an event happened. :func:`event_location` picks it: the
place attached to the trigger, else one in its sentence (the most precise), else the dateline.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.geo.gazetteer import Gazetteer, load_gazetteer
from eventmill.geo.gazetteer import Place as GazPlace
from eventmill.geo.setting import story_setting
from eventmill.lang.names import fold
from eventmill.lang.tree import in_comparison
from eventmill.lang.words import en
from eventmill.nlp import parsed_text
from eventmill.normalize.dateline import find_dateline
from eventmill.place.facility import Located, facility_places
from eventmill.place.recognize import Mention, Recognizer
from eventmill.place.resolve import Resolver
from eventmill.records import Document, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PRECISION_RANK = {"landmark": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 3.5, "country": 4}
# Regions that lie in one country and are where things happen ("eastern Ghouta", "the Gaza
# Strip", "Donbas"), unlike continents, seas and rivers, which only say roughly where.
_SCENE_FEATURES = frozenset({"RGN", "TERR", "PEN"})
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
# prepositions of origin and direction: they place an event only when they attach to its trigger
# ("withdrew from Kabul"), not to a participant ("men from Helena", "the road to Damascus")
_DIRECTIONAL = frozenset({"from", "to", "into", "towards", "toward", "over"})
_DIRECTIONS = en("compass_direction")
_DISTANCE_UNITS = en("distance_unit")
_PLACE_KINDS = en("place_kind_noun")  # "the enclave of eastern Ghouta", "the town of Taji"
_TOPIC_PREPOSITIONS = en("topic_preposition")
_TOPIC_NOUN_PREPOSITIONS = en("topic_noun_preposition")
_TOPIC_NOUNS = en("topic_noun")
# how much each source says a story is about a country, against one plain mention of it
_DATELINE_WEIGHT = 3.0
_WEB_WEIGHT = 2.0
_ACTOR_WEIGHT = 0.5


@dataclass(slots=True)
class PlaceMention:
    start_tok: int
    end_tok: int
    place: Place


@dataclass
class PlaceLayer:
    """The place stage's result for the stages after it: the places named, and the dateline's."""

    mentions: list[PlaceMention]
    dateline: Place | None


def dateline_of(doc: Document) -> Place | None:
    """Where the story is filed from, as its dateline says (None without one)."""
    layer = doc.layers.get(PlaceLayer)
    return layer.dateline if layer is not None else None


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


def _original(doc: Document, sdoc: Doc, i: int, j: int) -> tuple[int, int]:
    """The offsets in the text the user gave of the tokens ``i:j`` of the parse."""
    span = sdoc[i:j]
    return doc.norm.to_original(span.start_char, span.end_char) if doc.norm else (span.start_char, span.end_char)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words, from the lemmatizer tables of the spaCy model (WordNet's word lists)."""
    from eventmill.nlp import load_model

    try:
        lemmatizer = load_model().get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") if pos in index for w in index[pos] if "_" not in w)


class PlaceStage:
    """Find and resolve the place names of a parsed document."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.recognize = Recognizer(self.gaz, common_words())
        self.resolver = Resolver(self.gaz)

    def _outside_context(self, doc: Document) -> list[tuple[str, float]]:
        """Countries the story is about by other signs than its place names: its actors, and
        its outlet's country or the country-code domain of its web address."""
        out: list[tuple[str, float]] = []
        actors: Counter[str] = Counter(a.country for a in doc.actors if a.country)
        out.extend((iso, _ACTOR_WEIGHT * min(n, 4)) for iso, n in actors.items())
        setting = story_setting(doc)
        if setting.country and setting.source in ("outlet", "web"):
            out.append((setting.country, _WEB_WEIGHT))
        elif setting.outlet is not None and setting.outlet.national:
            out.append((setting.outlet.country, _WEB_WEIGHT))
        return out

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        if sdoc is None:
            return doc
        outside = self._outside_context(doc)
        mentions = self.recognize(sdoc)
        dateline = self._dateline_mention(sdoc, mentions, parsed_text(doc))
        # two passes: what the unambiguous names say decides the rest, whose readings then
        # tell which small towns and bare state codes belong to the story
        strong = [m for m in mentions if not m.weak]
        ctx = self.resolver.context(strong, outside)
        if dateline is not None and not dateline.weak:
            top = self.resolver.resolve([dateline], ctx)[0]
            if top is not None and top.country:
                outside = [*outside, (top.country, _DATELINE_WEIGHT)]
        ctx = self.resolver.context(strong, outside, self.resolver.resolve(strong, ctx))
        about = ctx.country_codes()
        mentions = [m for m in mentions if not m.weak or any(p.country in about for p in m.candidates)]
        picks = self.resolver.resolve(mentions, ctx)
        records: list[Place] = []
        located: list[PlaceMention] = []
        found: list[Located] = []
        dateline_place: Place | None = None
        for m, gp in zip(mentions, picks):
            if gp is None:
                continue
            start, end = _original(doc, sdoc, m.start, m.end)
            record = _to_record(gp, doc.text[start:end], start, end)
            records.append(record)
            found.append(Located(m.start, m.end, record, m.usage))
            if m is dateline:
                dateline_place = record
            if m.usage == "name" and (gp.precision != "region" or (gp.country and gp.feature in _SCENE_FEATURES)):
                located.append(PlaceMention(m.start, m.end, record))
        for i, j, fac in facility_places(sdoc, found, dateline_place):
            fac.start, fac.end = _original(doc, sdoc, i, j)
            fac.text = doc.text[fac.start : fac.end]
            records.append(fac)
        doc.places = sorted(records, key=lambda p: p.start or 0)
        doc.layers.put(PlaceLayer(located, dateline_place))
        return doc

    def _dateline_mention(self, sdoc: Doc, mentions: list[Mention], text: str) -> Mention | None:
        """The mention that is the story's dateline, added if recognition passed it over
        (``text``: the parsed text, which ``sdoc.text`` would rebuild from every token)."""
        found = find_dateline(text)
        if found is None:
            return None
        for m in mentions:
            span = sdoc[m.start : m.end]
            if span.start_char < found.city_end and found.city_start < span.end_char:
                m.dateline = True
                return m
        city = sdoc.char_span(found.city_start, found.city_end, alignment_mode="expand")
        if city is None:
            return None
        span = city
        cands = self.gaz.candidates(found.city)
        if not cands:
            return None
        mention = Mention(span.start, span.end, span.text, cands, dateline=True)
        if found.region:
            within = [p for p in self.gaz.candidates(found.region) + self.gaz.abbreviation(found.region)
                      + self.gaz.dotted_abbreviation(found.region) if p.precision in ("country", "admin1")]
            mention.within = within
        mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return mention


def _in_actor(tok: Token, actor_heads: set[int]) -> bool:
    """Is this place token part of an actor's noun phrase ("the governments of Iraq")? A
    place introduced by "in"/"near" is where the actor or object is, not part of who."""
    t = tok
    for _ in range(4):
        if t.i in actor_heads:
            return True
        if t.head.i == t.i or t.dep_ not in ("pobj", "prep", "compound", "poss", "conj", "appos"):
            return False
        if t.dep_ == "prep" and t.lower_ in _LOCATIVE:
            return False
        t = t.head
    return False


def event_location(doc: Document, trigger: Token, actor_heads: set[int], allow_object: bool = False,
                   scene: Place | None = None) -> Place | None:
    """Where an event happened: a place attached to the trigger ("in Mopti", "at the
    White House"), else the most precise place in the sentence that is not part of an actor,
    else ``scene`` (where the story's incident was placed before: "Syrian forces shelled
    eastern Ghouta. At least 14 civilians were killed."), else the dateline. A country or a
    state is the answer only when the text names nothing finer in it (the dateline's city wins
    over "in Kenya"); its ``precision`` says so."""
    layer = doc.layers.get(PlaceLayer) or PlaceLayer([], None)
    mentions = layer.mentions
    sdoc = doc.spacy
    assert sdoc is not None
    sent = trigger.sent
    in_sent = [m for m in mentions if sent.start <= m.start_tok < sent.end]
    attached: list[PlaceMention] = []
    loose: list[PlaceMention] = []
    relative: list[PlaceMention] = []
    for m in in_sent:
        head = sdoc[m.start_tok : m.end_tok].root
        if _reference_point(head):
            relative.append(m)  # "40 km south of Baghdad": not Baghdad itself
            continue
        if _topic(head, trigger):
            continue  # "urged talks on the future of Syria": what is talked about, not where
        if in_comparison(head):
            continue  # "as in Bosnia": another place the story compares with
        if allow_object and head.dep_ == "poss" and head.head.dep_ == "dobj" and head.head.head.i == trigger.i:
            loose.append(m)  # "attacked Syria's weapons capabilities": where what was struck is
            continue
        if head.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
            continue  # "US troops", "Iraq's army": a nationality, not a place
        if _in_actor(head, actor_heads) and not (allow_object and head.dep_ == "dobj"):
            continue
        top = head
        while top.dep_ == "conj" and top.head is not top:
            top = top.head
        if top.dep_ == "pobj" and top.head.dep_ == "agent":
            continue  # "supported by the US and Britain": who did it, not where
        path_ok = False
        partner = head.dep_ == "pobj" and head.head.lower_ not in _LOCATIVE  # "alongside the US", "with Iraq"
        t = head
        for _ in range(6):
            if t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE:
                if t.head.lower_ in _DIRECTIONAL and t.head.head.i != trigger.i:
                    break  # "two men from Helena were arrested": where they come from, not where it happened
                t = t.head
                continue
            if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in _PLACE_KINDS:
                t = t.head.head  # "in the besieged enclave of eastern Ghouta": the place the kind noun names
                continue
            if t.i == trigger.i:
                path_ok = True
                break
            if t.head.i == t.i or (t.dep_ == "relcl" and (
                    (t.head.dep_ == "nsubj" and t.head.head.i == trigger.i) or partner)):
                break  # "Kurdish forces, who fought alongside the US, detained ...": a clause about the doer
                # places what the doer did before, and one about anyone names a partner ("who fought with
                # the US") as no place of this event ("men who had reached Ayodhya" still does)
            t = t.head
        if path_ok or (allow_object and head.dep_ == "dobj" and head.head.i == trigger.i):
            attached.append(m)
        elif head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE and head.head.lower_ not in _DIRECTIONAL:
            loose.append(m)
    dateline = layer.dateline
    # a region ("in the Donbas") says where only when no town or province in the sentence does
    areas = [m for m in attached + loose if m.place.precision == "region"]
    attached = [m for m in attached if m.place.precision != "region"]
    loose = [m for m in loose if m.place.precision != "region"]
    for group in (attached, loose, areas[:1]):
        if group:
            best = min(
                group, key=lambda m: (_PRECISION_RANK.get(m.place.precision or "", 9), abs(m.start_tok - trigger.i))
            )
            finer = scene if scene is not None and _lies_within(scene, best.place) else dateline
            if finer is not None and _lies_within(finer, best.place):
                return finer  # the sentence names only the country or state; the story said where in it
            return best.place
    if relative:
        return _around(min(relative, key=lambda m: abs(m.start_tok - trigger.i)).place)
    return scene or dateline


def _topic(head: Token, trigger: Token) -> bool:
    """Is the place what something is about ("spoke about Syria", "a summit on Syria", "a
    discussion on the reconstruction of Syria", "the dispute over Kashmir"), on its way up to
    the trigger?"""
    t = head
    for _ in range(6):
        if t.i == trigger.i or t.head.i == t.i:
            return False
        if t.dep_ == "pobj":
            prep = t.head
            if prep.lower_ in _TOPIC_PREPOSITIONS or (
                    prep.lower_ in _TOPIC_NOUN_PREPOSITIONS and _about_noun(prep.head)):
                return True
        t = t.head
    return False


def _about_noun(t: Token) -> bool:
    """A topic noun, or a verb whose object is one ("started a discussion ... on X", "held talks
    over X": the parse hangs the topic on the verb)."""
    if t.lemma_.lower() in _TOPIC_NOUNS:
        return True
    return t.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" and c.lemma_.lower() in _TOPIC_NOUNS for c in t.children)


def _reference_point(head: Token) -> bool:
    """Is this place the point another is placed from: "south of Baghdad", "40 km from Kabul"?"""
    if head.dep_ != "pobj" or head.head.lower_ not in ("of", "from"):
        return False
    ref = head.head.head
    return ref.lower_ in _DIRECTIONS or ref.lemma_.lower() in _DISTANCE_UNITS or any(
        c.lower_ in _DIRECTIONS for c in ref.children if c.dep_ in ("advmod", "amod", "npadvmod"))


def _around(ref: Place) -> Place:
    """Somewhere around a reference place: its first-level region (or its country), ``near`` it."""
    gaz = load_gazetteer()
    at = next((p for p in gaz.candidates(ref.name or ref.text) if (p.lat, p.lon) == (ref.lat, ref.lon)), None)
    region = gaz.region_of(at) if at is not None else None
    area = region or (gaz.countries.get(ref.country) if ref.country else None)
    if area is None:
        return Place(text=ref.text, country=ref.country, precision="country", start=ref.start, end=ref.end,
                     near=ref.name)
    return Place(text=ref.text, name=area.name, lat=area.lat, lon=area.lon, country=ref.country,
                 admin1=area.name if region is not None else None, geonameid=area.geonameid, feature=area.feature,
                 precision=area.precision, start=ref.start, end=ref.end, near=ref.name)


def _lies_within(place: Place, area: Place) -> bool:
    """Is a finer place inside a country or state that a sentence names?"""
    if _PRECISION_RANK.get(place.precision or "", 9) >= _PRECISION_RANK.get(area.precision or "", 9):
        return False
    if area.precision == "country":
        return place.country == area.country
    if area.precision == "admin1":
        return place.country == area.country and place.admin1 == area.name
    return False


def place_by_name(text: str) -> GazPlace | None:
    """Look a name up in the gazetteer, without context (for tools and tests)."""
    return load_gazetteer().lookup(text)


__all__ = ["PlaceLayer", "PlaceStage", "dateline_of", "event_location", "fold", "place_by_name"]
