"""Whose a thing is: the owner of what an event acts on ("rejected an *Indian* proposal",
"attacked a *Malian* army post", "Baghdad's aid"), the sponsor of a plan, the country a
counted group belongs to, and the people of a place ("a village in Herat"). Read by the
recipient slots of events/arguments.py and by the frames."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors.context import division_town, named_division
from eventmill.geo.gazetteer import city_country
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding
    from eventmill.records import Actor

_REGION_WORDS = en("region_word")
_TOPIC_NOUNS = en("topic_noun")
_MILITARY_ASSETS = word_class("military_asset", "events/words.tsv")
_HOLDING = word_class("holding_verb", "events/words.tsv")
_STORES = word_class("arms_store", "events/words.tsv")
_AUTHORING = word_class("authoring_verb", "events/words.tsv")


def object_owner(cx: Coding, obj: Token) -> list[Resolved]:
    """Whose is the thing acted on: "rejected an Indian proposal", "a U.S. request",
    "a demand from the US President", "calls by Kofi Annan", "aid to Serbia"."""
    for other in obj.conjuncts:  # "suspended military aid and weapons deals with Pakistan"
        if other.i > obj.i:
            found = own_owner(cx, other)
            if found:
                return found
    return own_owner(cx, obj)


def as_owners(found: list[Resolved], thing: Token | None = None) -> list[Resolved]:
    """The owners of a thing; a state that owns a military asset ("Syria's airbases") is its military;
    a part of a country's land ("areas of northern Syria") stays a place."""
    military = thing is not None and is_military_asset(thing)
    return [replace(r, kind="owner", actor=_as_military(r.actor)) if military and _bare_state(r) else
            r if r.kind == "place" else replace(r, kind="owner") for r in found]


def is_military_asset(thing: Token) -> bool:
    """ "an airbase", "chemical weapons capabilities", "a naval station": what only armed forces hold."""
    return any(t.lemma_.lower() in _MILITARY_ASSETS or t.lower_ in _MILITARY_ASSETS or t.lower_ == "naval"
               for t in (thing, *(c for c in thing.lefts if c.dep_ in ("compound", "amod"))))


def _bare_state(r: Resolved) -> bool:
    return bool(r.actor.country) and not r.actor.sector and r.actor.code == r.actor.country


def _as_military(actor: Actor) -> Actor:
    return replace(actor, sector="MIL", code=f"{actor.country}MIL")


def own_owner(cx: Coding, obj: Token, depth: int = 0) -> list[Resolved]:
    """The owner of this very noun: its possessor or nationality, else who it comes from or
    goes to ("a demand from the US", "aid to Serbia", "sanctions on Iranian oil exports")."""
    found = _possessor(cx, obj)
    if found:
        return found
    for prep_words in (("from", "by", "of"), ("to", "with", "against", "on", "toward", "towards", "among",
                                              "between")):
        for c in tree.own_phrase(obj) if "to" in prep_words else obj.children:
            if c.dep_ != "prep" or c.lower_ not in prep_words:
                continue
            for p in tree.pobjs(c):
                res = cx.resolve(p) or (cx.m.destination(p) if c.lower_ == "to" else [])
                if not res and depth == 0 and c.lower_ in ("on", "against", "to"):
                    res = own_owner(cx, p, depth + 1)  # "sanctions on Iranian oil exports"
                if res:
                    return as_owners(res)
    for c in obj.children:  # "the accusations made by Kosovo", "an offer put forward by Qatar"
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _AUTHORING:
            res = cx.resolve(tree.passive_agent(c))
            if res:
                return as_owners(res)
    if depth == 0:
        # "demands for greater freedom from President Bouteflika's government": who is asked
        for c in (x for x in obj.children if x.dep_ == "prep" and x.lower_ == "for"):
            for p in tree.pobjs(c):
                for q in (y for t in [p, *p.conjuncts] for y in t.children
                          if y.dep_ == "prep" and y.lower_ in ("from", "by")):
                    res = [r for x in tree.pobjs(q) for r in cx.resolve(x)]
                    if res:
                        return as_owners(res)
    return []


def holder(cx: Coding, thing: Token) -> list[Resolved]:
    """Who holds or uses a thing a clause describes: the subject of a holding verb whose object
    it is, "the militia has drones, which were supplied by Iran", "rebels used rifles supplied by
    Russia", "Hamas has hundreds of rockets in its arsenal, which ..." (a thing counted, or held
    in a store, is the object's); or the noun that has it: "fighters with rifles supplied by
    Russia", "the only groups with drones in their arsenal, which ..." (a description of the
    subject, as the complement of "be", is the subject's); of a participle, the noun it
    describes: "rebels using rifles supplied by Russia"."""
    t = thing
    for _ in range(3):
        if t.dep_ != "pobj" or t.head.lower_ not in ("of", "in") or t.head.head.dep_ not in ("dobj", "pobj"):
            break
        t = t.head.head
    if t.dep_ == "pobj" and t.head.head.pos_ in ("NOUN", "PROPN") and \
            (t.head.lower_ == "with" or (t.head.lower_ == "in" and t.lemma_.lower() in _STORES)):
        having = t.head.head
        if having.dep_ == "attr" and having.head.lemma_.lower() == "be":
            return cx.resolve(tree.own_subject(having.head))
        return cx.resolve(having)
    if t.dep_ != "dobj" or t.head.lemma_.lower() not in _HOLDING:
        return []
    holding = t.head
    if holding.dep_ == "acl" and holding.tag_ == "VBG" and tree.own_subject(holding) is None:
        return cx.resolve(holding.head)  # "rebels using missiles supplied by the US": the rebels use them
    return cx.resolve(tree.own_subject(holding))


def _possessor(cx: Coding, obj: Token) -> list[Resolved]:
    """ "Iran's programme", "US sanctions", "an Indian proposal", "United Nations planes"."""
    for c in obj.children:
        # (a possessive pronoun mostly points back to the actor: "reneged on his commitment to X")
        if c.dep_ == "poss" and c.pos_ != "PRON":
            res = cx.resolve(c)
            if res:
                return as_owners(res, obj)
    for c in obj.lefts:
        if c.dep_ in ("amod", "compound", "nmod"):
            iso, sector = cx.m.country_of_token(c)
            if iso and not cx.m.is_capital(c):
                return as_owners([cx.m.make(c, country=iso, sector=sector, confidence=0.65, kind="owner")], obj)
            ent = cx.m.ent(c)  # "United Nations planes": the whole name, not its last word
            org = cx.m.kb.organization(ent.text if ent is not None else c.text, cx.m.day)
            if org is not None:
                res = cx.resolve(c)
                if res:
                    return as_owners(res)
    return sponsor(cx, obj)


def sponsor(cx: Coding, obj: Token) -> list[Resolved]:
    """ "a Russian-sponsored conference", "a UN-backed plan": who sponsors a meeting or a
    proposal owns it (not so for people: "US-backed fighters" are not the US's)."""
    if obj.lemma_.lower() not in _TOPIC_NOUNS:
        return []
    for c in obj.lefts:
        if c.dep_ != "amod" or c.tag_ != "VBN":
            continue
        for m in c.children:
            if m.dep_ in ("npadvmod", "compound", "amod", "nmod") and m.i < c.i:
                iso, sector = cx.m.country_of_token(m)
                if iso:
                    return [cx.m.make(m, country=iso, sector=sector, confidence=0.6, kind="owner")]
                res = cx.resolve(m)
                if res and res[0].actor.code:
                    return [replace(r, kind="owner") for r in res]
    return []


def owner_of_thing(cx: Coding, tok: Token) -> list[Resolved]:
    """Whose is the thing attacked: "a Malian army post", "Iranian nuclear sites", "a village in
    Herat"; a state's military asset is its military's ("Syria's weapons stockpile")."""
    found = _role_in_compounds(cx, tok)
    if found:
        return found
    for c in tok.lefts:
        if c.dep_ in ("amod", "compound", "nmod") and not cx.m.is_capital(c):
            iso, _ = cx.m.country_of_token(c)
            if iso:
                return as_owners([cx.m.make(c, country=iso, sector=None, confidence=0.6, kind="owner")], tok)
    found = place_owner(cx, tok)
    if is_military_asset(tok):  # only its possessor owns it: "warships near Taiwan" are not Taiwan's
        return [replace(r, actor=_as_military(r.actor)) if _bare_state(r) and _owned_by(r, tok) else r
                for r in found]
    return found


def _owned_by(r: Resolved, tok: Token) -> bool:
    """Is the party named as the thing's possessor ("Syria's airbase"), not a place near or in it?"""
    doc = tok.doc
    return 0 <= r.head < len(doc) and doc[r.head].dep_ == "poss" and doc[r.head].head.i == tok.i


def counted_at_home(cx: Coding, obj: Token, actors: list[Resolved]) -> list[Resolved]:
    """ "police ... arresting 12", "the police detained five": people only counted, acted on by
    a country's police, are that country's people (police act at home; an army may not)."""
    counted = obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children)
    homes = {a.actor.country for a in actors if a.actor.sector == "COP" and a.actor.country}
    if not counted or len(homes) != 1 or cx.resolve(obj):
        return []
    return [cx.m.make(obj, country=homes.pop(), sector="CVL", confidence=0.5, kind="group", plural=True)]


def _role_in_compounds(cx: Coding, tok: Token) -> list[Resolved]:
    """"a Malian army post", "police stations": the institution a thing belongs to."""
    comps = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    kb = cx.m.kb
    for c in comps:
        sector = kb.sectors.get(fold(c.lemma_)) or kb.sectors.get(fold(c.text))
        if sector in ("MIL", "COP", "GOV", "SPY"):
            country = next((iso for iso in (cx.m.country_of_token(x)[0] for x in comps) if iso), None)
            if country:
                return [cx.m.make(tok, country=country, sector=sector, name=None, confidence=0.6, kind="group")]
    return []


def place_owner(cx: Coding, tok: Token) -> list[Resolved]:
    """ "power lines leading into Kabul", "a village in Herat": the country of a place
    inside the object phrase stands for the victims when no actor is named."""

    kb = cx.m.kb
    for t in tree.own_phrase(tok):
        ent = cx.m.ent(t)
        # ("Herat province": the name is often left untagged or tagged as something else)
        mistagged = (ent is None or ent.label_ in ("ORG", "PERSON", "NORP")) and t.pos_ == "PROPN" and (
            t.head.lower_ in _REGION_WORDS or (t.dep_ == "pobj" and t.head.lower_ == "in"))
        if (ent is not None and ent.label_ in ("GPE", "LOC") and t.i == ent.root.i) or mistagged:
            name = ent.text if ent is not None and not mistagged else t.text
            words = name.rsplit(" ", 1)
            if len(words) == 2 and words[1].lower() in _REGION_WORDS:
                name = words[0]  # "West Darfur State", "Anbar province"
            iso = kb.country(name) or (kb.metonym(name) or (None, None))[0] or (
                division_town(t, name, cx.actors.focus) if named_division(t) else city_country(name))
            # (a region the tables lack: the country its mention resolved to)
            iso = iso or next((r.actor.country for r in cx.resolve(t) if r.actor.country), None)
            if iso:  # the people of the place: the span is the place's name
                return [cx.m.make(t, country=iso, sector=None, name=None, confidence=0.5, kind="group")]
    return []
