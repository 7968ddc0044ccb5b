"""Charges told through a verb of saying: "Kyiv said Moscow was behind the blast", "the opposition
countered that the government had rigged the count". A reported clause that states a party did
a blameworthy deed (deceit, rigging, a crime, a breach; being behind or responsible for a harm; a
thing designed to do harm) is the speaker's accusation of that party (PLOVER ACCUSE, CAMEO 112;
1121 for a crime, 1123 / 1122 for being behind violence or repression), and what it charges is
only the speaker's claim (docs/codebook.md "Reported speech").

This module reads the grammar of the reported clause only; who the parties are is the frame's
business (:func:`eventmill.events.frames.report`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.events import triggers
from eventmill.lang import tree
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.events.rules import Lexicon

_DEEDS = word_class("charge_deed", "events/words.tsv")
_CRIMES = word_class("charge_crime", "events/words.tsv")
_GUILT = word_class("charge_guilt", "events/words.tsv")
_PARTS = word_class("charge_part", "events/words.tsv")
_HARM_NOUNS = word_class("charge_harm_noun", "events/words.tsv")
_FALSE = word_class("charge_false", "events/words.tsv")
_HARMFUL = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})  # a part in these is a charge
_DESIGNS = word_class("charge_design", "events/words.tsv")
_HARMS = word_class("charge_harm", "events/words.tsv")
_FUTURE = en("future_auxiliary") | en("conditional_auxiliary") | en("hypothetical_modal") | en("obligation_modal")
_OFFERED = word_class("offered_thing", "events/words.tsv")
_UNACCEPTABLE = word_class("unacceptable_verdict", "events/words.tsv")
_HARD = word_class("hard_to_accept", "events/words.tsv")
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_ACCUSE = "112"  # CAMEO: accuse
_BY_KIND = {"ASSAULT": "1123", "COERCE": "1122"}  # accused of aggression; of repression (human rights abuses)


def charge(lex: Lexicon, v: Token) -> Token | None:
    """The reported clause of a verb of saying that charges a party with a blameworthy deed,
    told as a fact (not "would", "may", "did not", nor a question or a condition)."""
    told = [c for c in v.children if c.dep_ == "ccomp"]
    if v.dep_ == "parataxis":  # "the regime, he said, had lied": the clause the saying interrupts
        told.append(v.head)
    return next((c for c in told if c.pos_ in ("VERB", "AUX") and told_as_fact(c) and _deed(lex, c) is not None), None)


def refused_offer(v: Token) -> tuple[Token, Token] | None:
    """The verdict and the thing of a reported clause that calls an offer, terms or a demand
    unacceptable ("said the terms were unacceptable", "said the conditions offered were hard to
    accept"), told as a fact: the speaker's rejection of it."""
    for c in v.children:
        if c.dep_ != "ccomp" or c.lemma_.lower() != "be" or not told_as_fact(c):
            continue
        thing = tree.own_subject(c)
        if thing is None or thing.lemma_.lower() not in _OFFERED:
            continue
        for x in c.children:
            if x.dep_ == "acomp" and (x.lower_ in _UNACCEPTABLE or (x.lower_ in _HARD and any(
                    y.dep_ == "xcomp" and y.lemma_.lower() == "accept" for y in x.children))):
                return x, thing
    return None


def told_as_fact(c: Token) -> bool:
    """A reported clause told as a fact: not "whether", "if", "would", "may", nor negated."""
    if any(x.dep_ == "mark" and x.lower_ != "that" for x in c.children):
        return False  # "said whether", "said if"
    return not any((x.dep_ == "aux" and x.lower_ in _FUTURE) or (x.dep_ == "neg" or x.lower_ in _NEGATIONS)
                   for x in c.children)


def _deed(lex: Lexicon, c: Token) -> Token | None:
    """The word that makes the clause a charge: a verb of deceit or crime ("had lied", "rigged"),
    a guilty part ("was complicit in"), a part in a harm ("was behind the blast", "was
    responsible for the killing"; not "behind the government", "responsible for security"), or
    a design to harm ("was designed to intimidate")."""
    lemma = c.lemma_.lower()
    if lemma in _DEEDS or c.lower_ in _DEEDS or lemma in _CRIMES:
        return c
    if lemma == "be":
        for x in c.children:
            word = x.lower_ if x.dep_ == "prep" else x.lemma_.lower() if x.dep_ in ("acomp", "attr") else ""
            if word in _GUILT or (word in _PARTS and any(_harm(lex, p) for p in _parts_in(x))):
                return x
    if lemma in _DESIGNS and tree.is_passive(c):
        for x in c.children:
            if x.dep_ == "xcomp" and x.lemma_.lower() in _HARMS:
                return x
    return None


def _parts_in(x: Token) -> list[Token]:
    """What a part is had in: "behind *the blast*", "responsible for *the killing*"."""
    return tree.pobjs(x) + tree.prep_objects(x, ("prep",))


def _harm(lex: Lexicon, n: Token) -> bool:
    """Is this a harm one can be charged with having had a part in: an act of force, coercion or
    threat (an event noun of those kinds), a harm word ("the deaths", "the leak"), or something
    called false ("fake reports")?"""
    rule = triggers.noun_rule(lex, n)
    if rule is not None and lex.plover(rule.cameo) in _HARMFUL:
        return True
    return n.lemma_.lower() in _HARM_NOUNS or any(c.dep_ == "amod" and c.lower_ in _FALSE for c in n.children)


def charged_deed(lex: Lexicon, n: Token) -> bool:
    """Is this word part of what a reported charge alleges ("said Israel was responsible for *the
    killing*"): a claim one party asserts, not a fact the text tells?"""
    clause = next((a for a in n.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is None or clause.dep_ != "ccomp":
        return False
    told = charge(lex, clause.head)
    return told is not None and told.i == clause.i


def charging_verb(lex: Lexicon, v: Token) -> Token | None:
    """The verb of saying that tells this verb's clause as a charge ("*said* Iran had defied the
    inspectors", "the regime, he *said*, had flouted the norms"), if one does."""
    said = [v.head] if v.dep_ == "ccomp" else []
    said += [c for c in v.children if c.dep_ == "parataxis"]
    return next((s for s in said if (told := charge(lex, s)) is not None and told.i == v.i), None)


def doer(c: Token) -> Token | None:
    """Who the charge is against: the clause's subject, or the agent of a passive ("the count
    was rigged by the ruling party"); for a design, the thing designed (its maker is charged)."""
    if c.lemma_.lower() in _DESIGNS and tree.is_passive(c):
        return next((x for x in c.children if x.dep_ == "nsubjpass"), None)
    if tree.is_passive(c):
        return tree.passive_agent(c)
    return tree.own_subject(c)


def charge_code(lex: Lexicon, c: Token) -> str:
    """The CAMEO code of the charge: a crime (1121), being behind an act of force or repression
    (1123, 1122), else an accusation (112)."""
    if c.lemma_.lower() in _CRIMES:
        return "1121"
    deed = _deed(lex, c)
    if deed is None or deed.i == c.i:
        return _ACCUSE
    for p in _parts_in(deed):  # "behind the blast", "responsible for the raid"
        rule = triggers.noun_rule(lex, p)
        if rule is not None:
            return _BY_KIND.get(lex.plover(rule.cameo) or "", _ACCUSE)
    return _ACCUSE


__all__ = ["charge", "charge_code", "charged_deed", "charging_verb", "doer", "refused_offer", "told_as_fact"]
