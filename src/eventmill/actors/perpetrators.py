"""A named perpetrator beats a generic one.

"Gunmen", "militants", "the bomber", "attackers" are generic armed roles (UAF, INS, REB, ...);
when the text names the group they belong to, that group is the actor, with its own code:

- in the phrase: "gunmen from Boko Haram", "a suicide bomber of the Islamic State",
  "fighters belonging to al-Shabaab" (``member_link`` in ``data/kb/words.tsv``);
- in an apposition: "the attackers, members of al-Shabaab, killed ...";
- just before, for a definite reference back: "Al-Shabaab attacked a base. The militants
  killed ten soldiers" (the armed group named in this or the two sentences before).

A group named as a patron ("Iranian-backed militants") or merely linked ("militants linked to
al-Qaeda") is not the group they belong to.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors import coref
from eventmill.actors.mention import Resolved
from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.phrase import Phrase, Resolving

_MEMBER_LINKS = word_class("member_link", "kb/words.tsv")
_COLLECTIVE_HEADS = word_class("collective_head", "kb/words.tsv")
# The sectors of armed actors outside the state (the same as the event predicate "nonstate").
NONSTATE_ARMED = frozenset({"REB", "INS", "UAF", "CRM", "PRM"})


def is_armed_group(res: Resolved | None) -> bool:
    """A named armed group (an organisation of a non-state armed sector, or an international
    militant group)."""
    if res is None or res.members or res.kind not in ("org", "group") or not res.actor.code:
        return False
    return res.actor.code.startswith("IMG") or (res.actor.sector in NONSTATE_ARMED and bool(res.actor.kb_id))


def named_perpetrator(r: Resolving, p: Phrase) -> Resolved | None:
    """A generic armed role whose phrase, apposition or antecedent names its group: the group."""
    head = p.head
    if p.title_sector not in NONSTATE_ARMED or p.org is not None or p.patrons:
        return None
    group = _group_in_phrase(r, head)
    several = head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() in _COLLECTIVE_HEADS  # "the armed groups"
    if group is None and not several and any(c.lower_ in ("the", "this", "these", "those") for c in head.lefts):
        group = _group_named_before(r, head)
    if group is None:
        return None
    return replace(group, head=head.i, kind="group", plural=head.tag_ in ("NNS", "NNPS"), title=p.title,
                   confidence=min(0.75, group.confidence), actor=r.m.copy_actor(group.actor, head),
                   antecedent=group.head)


def _group_in_phrase(r: Resolving, head: Token) -> Resolved | None:
    """ "gunmen from Boko Haram", "fighters belonging to Isis", "the attackers, members of al-Shabaab"."""
    for child in head.rights:
        objects: list[Token] = []
        if child.dep_ == "prep" and child.lower_ in _MEMBER_LINKS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "acl" and child.lemma_.lower() in _MEMBER_LINKS:  # "belonging to"
            objects = [g for c in child.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        elif child.dep_ == "appos":
            objects = [child]
        for obj in objects:
            res = r.resolve(obj)
            if is_armed_group(res):
                return res
    return None


def _group_named_before(r: Resolving, head: Token) -> Resolved | None:
    """The armed group named last in this or the two sentences before ("the militants")."""
    return next((res for res in coref.mentions_before(r, head, 2) if is_armed_group(res)), None)
