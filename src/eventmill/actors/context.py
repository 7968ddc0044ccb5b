"""The country a noun phrase's context names: its modifiers ("Iraqi forces"), possessors
("Kenya's army", "Erdogan's government"), attached phrases ("the government of Iraq",
"rebels in the Ivory Coast"), appositions; and the country of the place a sentence says
things happen in ("police in Tel Aviv")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.actors import coref, patrons, people
from eventmill.actors.locative import under_locative
from eventmill.geo.gazetteer import city_country
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventmill.actors.phrase import Resolving

COUNTRY_LINK = word_class("country_link", "kb/words.tsv")  # "lawmakers in Kenya", "the ambassador of Chad"
_BODY_LINK = word_class("body_link", "kb/words.tsv")  # "organisations inside the Working Group for Syria"
_WHERE_LINK = frozenset({"in", "inside", "within"})  # (say where one is, not whose)
_OTHER_SIDE = word_class("other_side", "kb/words.tsv")  # "his counterpart" is someone else
_VENUE_OF = word_class("venue_of", "kb/words.tsv")  # "talks in Geneva": where parties meet, not act
_LEADER_GOVERNMENT = word_class("leader_government", "kb/words.tsv")  # "the Clinton Administration"
_SENT = word_class("sent_noun", "kb/words.tsv")  # "the delegation in Riyadh": sent there, not from there
_ADMIN_UNITS = en("admin_unit_noun")  # "the department of Pando"


def context_country(r: Resolving, head: Token, premods: list[Token]) -> tuple[str | None, str | None, float]:
    """(country, sector, confidence) named around the head. A nationality written out beats
    one inferred from a possessive pronoun ("his Ethiopian counterpart"); "forces in Iraq"
    says where they are (0.7), "forces of Iraq" whose (0.85)."""
    pronoun_country: str | None = None
    for t in premods:
        ent = r.m.ent(t)
        if ent is not None and ent.label_ == "PERSON":
            if t.dep_ in ("compound", "nmod", "poss") and t.i == ent.root.i and head.pos_ != "PROPN":
                res = r.resolve(t)  # "the Trump administration", "Erdogan's government"
                if res is not None and res.actor.country and res.kind == "person":
                    return res.actor.country, None, 0.85
                if res is not None and res.actor.country and res.kind == "state":
                    return res.actor.country, None, 0.9  # a country's name the tagger took for a person's
            continue
        if ent is not None and ent.label_ != "PERSON" and t.dep_ == "compound" and head.pos_ == "PROPN":
            leader = _leader_country(r, t, head)
            if leader:
                return leader, None, 0.85  # "the Clinton Administration", a name the tagger took as one organisation's
        if t.dep_ == "poss" and t.pos_ == "PRON":
            if head.lemma_.lower() not in _OTHER_SIDE:
                ante = coref.pronoun(r, t)
                if ante is not None and ante.actor.country:
                    pronoun_country = pronoun_country or ante.actor.country
            continue
        iso, sector = r.m.country_of_token(t)
        if iso:
            return iso, sector, 0.9
        home = _home_place(r, t) if head.pos_ == "NOUN" else None  # (not a name: "Flavia" tagged a town)
        if home:
            return home, None, 0.8
        if t.dep_ == "poss":
            res = r.resolve(t)
            if res is not None and res.actor.country:
                return res.actor.country, None, 0.85
    found = _attached_country(r, head)
    if found is not None:
        return found
    if pronoun_country:
        return pronoun_country, None, 0.75
    return None, None, 0.0


def _leader_country(r: Resolving, t: Token, head: Token) -> str | None:
    """The country of the leader a capitalised government noun is named after ("the Clinton
    Administration", "the Obama Administration"): the one country of the office-holders of that
    name; none where the name is no office-holder's or several countries' ("the Kim government")."""
    if fold(head.text) not in _LEADER_GOVERNMENT or not t.text[:1].isupper() or city_country(t.text) or \
            r.kb.country(t.text):
        return None  # ("the Lagos State government": a place's, not Ricardo Lagos's)
    countries = {e.country for e in people.candidates(r.kb, t.text, fuzzy=False)[0]}
    return countries.pop() if len(countries) == 1 else None


def context_resolves(r: Resolving, head: Token, premods: list[Token]) -> bool:
    """Can :func:`context_country` resolve another phrase or read the mentions resolved so far
    (a possessor, a person's name before a role noun, a possessive pronoun, an apposition, the
    body after "of")? Where it cannot, it reads only the parse and the tables, and gives the same
    answer whenever it is asked (:class:`~eventmill.actors.phrase.Phrase` reads it only then)."""
    for t in premods:
        if t.dep_ == "poss":
            return True
        if t.dep_ in ("compound", "nmod") and head.pos_ != "PROPN":
            ent = r.m.ent(t)
            if ent is not None and ent.label_ == "PERSON" and t.i == ent.root.i:
                return True
    return any(c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in _BODY_LINK) for c in head.rights)


def _home_place(r: Resolving, t: Token) -> str | None:
    """The country of a town or region named as a modifier ("a Kansas woman", "Cleveland
    officials"): where the people are from, whose officials they are."""
    ent = r.m.ent(t)
    if t.dep_ != "compound" or ent is None or ent.label_ != "GPE" or ent.root.i != t.i:
        return None
    return city_country(ent.text)


def _attached_country(r: Resolving, head: Token) -> tuple[str | None, str | None, float] | None:
    """A country named by an "of/in/from/for" phrase or an apposition after the head."""
    sent = sent_abroad(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _WHERE_LINK and sent:
            continue  # "an opposition delegation in Riyadh", "the ambassador in Kabul": where they were sent
        if child.dep_ == "prep" and (child.lower_ in COUNTRY_LINK or child.lower_ in _BODY_LINK):
            where = 0.7 if child.lower_ in _WHERE_LINK else 0.85
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                iso, sector = r.m.country_of_token(pobj)
                if not iso:
                    ent = r.m.ent(pobj)
                    if ent is not None and ent.label_ == "GPE":
                        iso = city_country(ent.text)
                if iso:
                    return iso, sector, where
                if child.lower_ in _BODY_LINK:
                    res = r.resolve(pobj)
                    if res is not None and res.actor.country and not res.guessed:  # (a guess is no evidence)
                        return res.actor.country, res.actor.sector, 0.8
                iso = place_nationality(r, pobj)
                if iso:
                    return iso, None, where
        if child.dep_ == "appos":
            res = r.resolve(child)
            if res is not None and res.actor.country:
                return res.actor.country, res.actor.sector, 0.85
    return None


def place_nationality(r: Resolving, place: Token) -> str | None:
    """The country a place is called after by its own modifier: "inhabitants of the Syrian Golan
    Heights", "residents of the Iraqi city of Mosul" (not an occupier's: "the Israeli-occupied ...")."""
    ent = r.m.ent(place)
    if (ent is not None and ent.label_ not in ("GPE", "LOC", "FAC", "NORP")) or place.pos_ not in ("PROPN", "NOUN"):
        return None
    mods, _ = patrons.split(r.m, place, [c for c in place.lefts if c.dep_ in ("amod", "compound")])
    for t in mods:
        iso, _ = r.m.country_of_token(t)
        if iso:
            return iso
    return None


def sent_abroad(head: Token) -> bool:
    """Is the head people sent somewhere to speak for someone ("an opposition delegation
    team", "the ambassador")? Where they are says nothing of whose they are."""
    return any(t.lemma_.lower() in _SENT for t in (head, *(c for c in head.lefts if c.dep_ == "compound")))


def sent_to(place: Token) -> bool:
    """Is the place where envoys or a delegation were sent ("the rebel delegation in Moscow")?
    It is no country the story is about."""
    return place.dep_ == "pobj" and place.head.lower_ in _WHERE_LINK and sent_abroad(place.head.head)


def sentence_place_country(r: Resolving, head: Token, own_clause: bool = False) -> str | None:
    """The country of the place a sentence says things happen in ("in Tel Aviv"), nearest first;
    none for envoys and delegations, who are where they were sent. With ``own_clause``, only a
    place in the head's own clause ("lawmakers in Nairobi accused the government"), not one in a
    clause below it ("the president is committed to getting out of Syria")."""
    if sent_abroad(head):
        return None
    verb = tree.clause_verb(head) if own_clause else None
    best: tuple[int, str] | None = None
    for ent in r.m.sentence_ents(head):
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        root = ent.root
        if not under_locative(root) or _venue(root) or (verb is not None and not tree.in_clause_of(root, verb)):
            continue
        iso = _place_iso(r, ent)
        if iso:
            dist = abs(root.i - head.i)
            if best is None or dist < best[0]:
                best = (dist, iso)
    return best[1] if best else None


def venue_place_country(r: Resolving, head: Token) -> str | None:
    """The country of a place the sentence names only by a definite noun ("inside the stadium")
    that one of the two sentences before placed ("the stadium in Sydney", "the Sydney
    stadium"): where the sentence happens, for people who act where they are."""
    doc = head.doc
    start = head.sent.start
    earlier = doc[doc[start - 1].sent.start : start] if start > 0 else None
    if earlier is not None and earlier.start > 0:
        earlier = doc[doc[earlier.start - 1].sent.start : start]
    if earlier is None:
        return None
    for tok in head.sent:
        if tok.pos_ != "NOUN" or not under_locative(tok) or not any(c.lower_ == "the" for c in tok.lefts):
            continue
        for before in earlier:
            if before.lemma_ != tok.lemma_ or before.pos_ != "NOUN":
                continue
            # ("packed the stadium in Durban": the parser hangs the place on the verb as often)
            holder = before.head if before.dep_ == "dobj" else before.head.head if before.dep_ == "pobj" else before
            named = [c for c in before.children if c.dep_ == "compound"] + [
                o for c in (*before.children, *holder.children) if c.dep_ == "prep" and c.lower_ in ("in", "at")
                for o in c.children if o.dep_ == "pobj" and o.i > before.i]
            for place in named:
                ent = r.m.ent(place)
                iso = _place_iso(r, ent) if ent is not None and ent.label_ in ("GPE", "LOC", "ORG") else None
                if iso:
                    return iso
    return None


def _place_iso(r: Resolving, ent: Span) -> str | None:
    """The country a place name is in: a country, a capital standing for it, a town."""
    return r.kb.country(ent.text) or (r.kb.metonym(ent.text) or (None, None))[0] or division_town(
        ent.root, ent.text, r.focus)


def named_division(root: Token) -> bool:
    """Is a name told as a country's division ("the department of Pando")?"""
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _ADMIN_UNITS


def division_town(root: Token, text: str, focus: str | None) -> str | None:
    """The country of the town a place name names; for a name told as a division ("the
    department of Beni", "the province of Kunduz"), only where the story is about no other
    country: a namesake town abroad (Beni in Congo, for the Bolivian department) is not it."""
    iso = city_country(text, min_population=0)
    return None if iso and focus and iso != focus and named_division(root) else iso


def scene_country(r: Resolving) -> str | None:
    """The country where a story's incidents happen: the one holding at least two thirds, and
    at least two, of the towns, regions and landmarks the story names ("Daraa province", "near
    Idlib"; capitals and countries name governments as often as places, so they do not count).
    A story from abroad (no single country it is about) still has a scene: rebels and
    protesters with no nationality act there."""
    counts: dict[str, int] = {}
    for ent in r.sdoc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "NORP") or r.kb.country(ent.text) or r.kb.metonym(ent.text) or \
                fold(ent.text) in r.kb.capitals or r.kb.adjective(ent.text):
            continue  # (a town the tagger took for a nationality still counts: "Aleppo")
        iso = division_town(ent.root, ent.text, r.focus)
        if iso and not _venue(ent.root):
            counts[iso] = counts.get(iso, 0) + 1
    if not counts:
        return None
    top = max(counts, key=lambda k: counts[k])
    return top if counts[top] >= 2 and 3 * counts[top] >= 2 * sum(counts.values()) else None


def _venue(place: Token) -> bool:
    """Is the place only where parties meet ("talks in Geneva", "the Geneva process", "refused to
    engage in Geneva")? Diplomacy abroad says nothing of where a story's incidents happen."""
    if place.dep_ == "compound":
        return place.head.lemma_.lower() in _VENUE_OF
    return place.dep_ == "pobj" and place.head.lower_ in ("in", "at") and place.head.head.lemma_.lower() in _VENUE_OF
