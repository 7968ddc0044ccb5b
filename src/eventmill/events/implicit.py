"""Actors a text leaves implicit: "three men were arrested" (the police), "a curfew was imposed"
(the government), "he was sentenced" (a court).

An agentless passive or an event noun with no one named gets the actor ``data/events/implicit.tsv``
gives its CAMEO code, of the country where it happened (the event's place), else of the story's
country; the actor is marked ``implicit``. Nothing is guessed for acts anyone can do: an attack
with no attacker named keeps no actor.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.actors.mention import Resolved, make_code
from eventmill.events import triggers
from eventmill.lang import tree
from eventmill.lang.words import en, word_class
from eventmill.records import Actor
from eventmill.resources import read_tsv
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventmill.actors.mention import Mentions
    from eventmill.events.frames_base import Candidate
    from eventmill.events.rules import Lexicon
    from eventmill.records import Place

_RELPATH = "events/implicit.tsv"
CONFIDENCE = 0.6
_MODALS = en("future_auxiliary") | en("conditional_auxiliary") | en("hypothetical_modal") | en("obligation_modal") | {
    "can", "ca"}
_ARRESTS = "173"  # arrests told in passing by a participle
_AID = "07"  # CAMEO's material aid: peacekeeping (074) and military aid (072) among it
_RELATIVES = frozenset({"who", "that", "which"})
_INDEFINITE = frozenset({"a", "an", "any", "no", "every", "each"})
IN_PASSING = 0.6  # confidence factor of an arrest told in passing: background to the sentence's own news
SELF = "self"  # implicit.tsv: the forces the act moves are its actor
_ARMED = sectors_in("armed")
_VICTIM_VERBS = word_class("victim_verb", "events/words.tsv")
_DEFIANCE = word_class("defiance", "events/words.tsv")
_CUSTODY = word_class("custody", "events/words.tsv")
_ARREST_PARTICIPLES = word_class("arrest_participle", "events/words.tsv")
_TRANSPARENT = en("transparent_verb")


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str | None], str]:
    """(CAMEO code or prefix, mode or None) -> sector."""
    known = sectors_in("domestic") | {SELF}
    out: dict[tuple[str, str | None], str] = {}
    for row in read_tsv(_RELPATH):
        if row["sector"] not in known:
            raise ValueError(f"{row.where(_RELPATH)}: sector {row['sector']!r} is neither a domestic sector nor {SELF}")
        out[(row["cameo"], row["mode"] or None)] = row["sector"]
    return out


def implicit_sector(cameo: str, mode: str | None) -> str | None:
    """The sector of whoever does an act the text names no doer for (None: anyone could)."""
    table = _table()
    for n in range(len(cameo), 0, -1):
        for key in ((cameo[:n], mode), (cameo[:n], None)):
            if key in table:
                return table[key]
    return None


def agentless(cand: Candidate) -> bool:
    """Is the event told as done, without its doer: an agentless passive with no modal ("were
    arrested", not "should be arrested"), an event noun with no one named, or a victim's fate by
    the act's name ("died of torture")?"""
    if cand.actors:
        return False
    if cand.nominal or cand.trigger.lemma_.lower() in _VICTIM_VERBS:
        return True  # (a victim verb, "died of torture in custody": its event noun names the act, no doer)
    v = cand.trigger
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in v.children):
        return False  # "they will be arrested", "he should be detained": not done, nor by anyone yet
    participle = v.tag_ == "VBN" and v.dep_ == "amod"  # "the arrested men"
    return (tree.is_passive(v) or participle) and tree.passive_agent(v) is None


def reported_in_passing(lex: Lexicon, v: Token) -> bool:
    """An arrest told by a participle after its noun ("50 activists arrested in Mumbai"), by
    "arrested" before it ("the arrested workers were released", "release the arrested students";
    not "the detained sailors", who are held, nor "an arrested blogger") or by a passive
    relative clause ("the 900 workers who have been arrested"): background for most acts, but an
    arrest the text mentions happened, and its doer is implied ("who may be arrested" is no arrest)."""
    if v.tag_ != "VBN" or tree.passive_agent(v) is not None:
        return False
    if v.dep_ == "relcl":  # only where the noun described is the one arrested (not "during which he was jailed")
        if not any(c.dep_ == "nsubjpass" and c.lower_ in _RELATIVES for c in v.children) or \
                any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in v.children):
            return False
    elif v.dep_ == "amod":  # "the arrested workers"; not "an arrested blogger", "the detained sailors"
        if v.lemma_.lower() not in _ARREST_PARTICIPLES or \
                any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in v.head.children):
            return False
    elif v.dep_ != "acl":
        return False
    return any(rule.cameo.startswith(_ARRESTS) and rule.frame == "plain" for rule, _ in triggers.match_verb(lex, v))


def implicit_parties(cand: Candidate, mode: str | None, loc: Place | None, story_country: str | None,
                     recips: list[Resolved], moved: list[Resolved]) -> tuple[list[Resolved], list[Resolved]]:
    """(actors, recipients) of an agentless event: the implicit actor its act implies, or for
    forces deployed with no one named deploying them, the forces themselves ("police were
    deployed in the city"); the parties as they were when the act names no usual doer."""
    if not agentless(cand):
        return [], recips
    sector = implicit_sector(cand.cameo, mode)
    if sector == SELF:
        forces = [r for r in moved if r.actor.sector in _ARMED]  # ``moved``: the passive subject
        if not forces:
            return [], recips
        # (forces sent to help, as peacekeepers or trainers, help another country than their own:
        # "Kenyan troops were deployed as peacekeepers in Haiti" is no aid to Kenya)
        own = {f.actor.country for f in forces} if cand.cameo.startswith(_AID) else set()
        return forces, [r for r in recips if r not in forces and r.actor.country not in own]
    if sector is None:
        return [], recips
    country = (loc.country if loc is not None else None) or story_country
    actor = Actor(entity_text="", country=country, sector=sector, code=make_code(country, sector), implicit=True)
    return [Resolved(actor, CONFIDENCE, "group", plural=True)], recips


def moved_subjects(v: Token) -> list[Token]:
    """The passive subject of the act, also where an aspectual verb carries it ("security
    forces *continue* to be deployed", "troops began to be withdrawn": the forces moved)."""
    own = [c for c in v.children if c.dep_ == "nsubjpass"]
    if own or v.dep_ != "xcomp" or not tree.is_passive(v) or v.head.lemma_.lower() not in _TRANSPARENT:
        return own
    return [c for c in v.head.children if c.dep_ == "nsubj"]


def defiers(v: Token) -> list[Token]:
    """Who defies a demand the participle tells ("an offensive in defiance of a ceasefire ordered by
    the UN", "rebels flouted a truce demanded by the envoy"): the subject of the clause that defies
    it, of whom it was demanded."""
    noun = v.head
    if v.dep_ != "acl" or not tree.is_passive(v) or noun.pos_ not in ("NOUN", "PROPN"):
        return []
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _DEFIANCE:
        clause: Token | None = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _DEFIANCE:
        clause = next((t for t in noun.head.head.ancestors if t.pos_ in ("VERB", "AUX")), None)
    else:
        return []
    while clause is not None and not any(c.dep_ == "nsubj" for c in clause.children) and clause.dep_ == "conj":
        clause = clause.head  # "launched an offensive and shelled the town in defiance of ..."
    return [c for c in clause.children if c.dep_ == "nsubj"] if clause is not None else []


def custody_country(m: Mentions, sent: Span) -> str | None:
    """The country whose custody the sentence says someone is in ("doing time in a Turkish jail
    after being convicted", "died in Israeli police custody"): whose courts and police acted."""
    found = {m.country_of_token(t)[0] for t in sent if t.dep_ in ("amod", "compound", "poss")
             and t.head.lemma_.lower() in _CUSTODY and t.head.head.dep_ == "prep"}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
