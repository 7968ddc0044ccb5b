"""The host of a meeting that an event is done to: "dismissed the Sochi conference", "the
congress, meeting in the resort of Sochi, is boycotted by ..." are aimed at the government that
hosts it (Russia's), where the text names the venue and no owner."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors.mention import make_code
from eventmill.events.arguments import destination, slot_tokens
from eventmill.geo.gazetteer import city_country
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding

_MEETINGS = word_class("meeting_noun", "events/words.tsv")
_NEUTRAL = word_class("neutral_venue", "events/words.tsv")
_VENUE_PREPOSITIONS = frozenset({"in", "at"})
_STANCES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "THREATEN"})  # what is done to a meeting, not in it


def _venues(meeting: Token, v: Token) -> list[Token]:
    """The places named as where a meeting is: "the Sochi conference", "a summit in Sochi",
    "the congress, meeting in the resort of Sochi, is boycotted" (the parser may hang the
    participle on the verb the meeting is the subject of)."""
    out = [c for c in meeting.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    heads = [meeting, *(c for c in meeting.children if c.dep_ == "acl")]
    if meeting.head.i == v.i and meeting.dep_ in ("nsubj", "nsubjpass"):
        heads += [c for c in v.children if c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN")]
    return out + [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in _VENUE_PREPOSITIONS
                  for p in c.children if p.dep_ == "pobj"]


def _host(cx: Coding, place: Token) -> Resolved | None:
    """The country a venue stands for ("Sochi", "the resort of Sochi"), whatever the tagger
    took the town's name for."""
    found = [r for r in destination(cx, place) if r.actor.country and r.actor.sector in (None, "GOV")]
    if found:
        return found[0]
    iso = city_country(place.text) if place.pos_ == "PROPN" else None
    return cx.m.make(place, country=iso, sector=None, code=iso, confidence=0.6, kind="host") if iso else None


def hosted(cx: Coding, v: Token, plover: str, recips: list[Resolved]) -> list[Resolved]:
    """The recipients of a stance taken on a meeting (its object, or its passive subject): the
    host government of the meeting, as the meeting's owner, where the recipients found are none
    or the meeting itself; ``recips`` as they are for anything else, for a meeting held (the
    meeting is the event: "held talks in Doha"), one with an owner of its own ("Moscow's
    congress", "a Russian-sponsored conference") or one in a city that hosts the UN's meetings."""
    if plover not in _STANCES:
        return recips
    meeting = next((t for t in slot_tokens(v, "dobj") if t.lemma_.lower() in _MEETINGS), None)
    if meeting is None or any(c.dep_ == "poss" for c in meeting.children) or \
            any(r.head != meeting.i for r in recips):
        return recips
    for place in _venues(meeting, v):
        if fold(place.text) in _NEUTRAL:
            return recips
        host = _host(cx, place)
        if host is not None:
            return [replace(host, kind="owner", actor=replace(host.actor, sector="GOV",
                                                              code=make_code(host.actor.country, "GOV")))]
    return recips


def _meeting_purpose(v: Token) -> list[Token]:
    """The meetings a journey says it is to: "arrive in Geneva *for UN talks*", "flew to Vienna
    *to attend the OSCE meeting*"."""
    objs = [p for c in v.children if c.dep_ == "prep" and c.lower_ == "for" for p in tree.pobjs(c)]
    objs += [o for c in v.children if c.dep_ in ("advcl", "xcomp") and tree.has_to_infinitive(c)
             for o in tree.children(c, "dobj")]
    return [o for o in objs if o.lemma_.lower() in _MEETINGS]


def neutral_venue(cx: Coding, v: Token, plover: str, recips: list[Resolved]) -> list[Resolved]:
    """A journey to a meeting in a city that hosts the United Nations' meetings is no visit to the
    city's country: "will arrive in Geneva for UN talks" is not Switzerland's; the parties the
    talks are "with" are its recipients, where the text names them."""
    meetings = _meeting_purpose(v) if plover in ("CONSULT", "AGREE") else []
    kept = [r for r in recips if fold(v.doc[r.head].text) not in _NEUTRAL]
    if not meetings or len(kept) == len(recips):
        return recips
    return kept or [r for m in meetings for p in tree.preposition_objects(m, ("with",)) for r in cx.resolve(p)]
