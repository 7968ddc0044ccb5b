"""Salience: is an event the news its sentence reports, or background to it?

A sentence may tell several events: "Police released the activist, who was arrested after
the protest" reports a release and, in a relative clause, the arrest that preceded it. Both
are coded (the arrest is a real event), but a reader who wants one event per sentence wants
the release. Every record says which it is (``salience``, docs/output-format.md):

``main``
    the trigger stands in the sentence's main clause: its predicate, a conjunct of it, its
    complement (the reported event under "said", the infinitive under "agreed to"), or an
    event noun that is one of their arguments ("announced the arrest of ...");
``background``
    the trigger stands in a clause or phrase that describes or sets the scene of the main
    clause: a relative clause ("the man who attacked ..."), a participle modifier ("the
    activists arrested in May", "the visiting minister", "..., killing three"), a temporal or causal subordinate clause
    ("after the army shelled the town"), an apposition, or the object of a background
    preposition ("after talks with ...", "amid clashes").

Salience is read from the parse alone, walking from the trigger up to the sentence's root:
the first edge of a background kind decides. It is no judgement of whether the record is right
(that is ``confidence``), so a background event keeps its confidence; a user who wants one
event per sentence takes a main event before a more confident background one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.lang import tree
from eventmill.lang.words import en

if TYPE_CHECKING:
    from spacy.tokens import Token

MAIN = "main"
BACKGROUND = "background"
SALIENCE = (MAIN, BACKGROUND)

# Edges that attach a describing clause or phrase to what it describes.
_DESCRIBING = frozenset({"relcl", "appos"})
_PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})


def salience(trigger: Token) -> str:
    """``main`` or ``background`` for an event whose trigger is ``trigger`` (module doc). A
    sentence whose root is no verb has no main clause to set a scene for (a headline, or a parse
    that hung the verb on a noun: "The government, a number of parties and the Taliban condemned
    ...", read as a relative clause of "number"): all its events are main."""
    if trigger.sent.root.pos_ not in ("VERB", "AUX"):
        return MAIN
    t = trigger
    while t.head.i != t.i:
        if _background_edge(t):
            return BACKGROUND
        t = t.head
    return MAIN


def _background_edge(t: Token) -> bool:
    """Does the edge from ``t`` to its head attach a background clause or phrase?"""
    dep = t.dep_
    if dep in _DESCRIBING:
        return True
    if dep == "acl":  # "the activists arrested in May"; not "the decision to withdraw"
        return t.tag_ in _PARTICIPLE_TAGS and not tree.has_to_infinitive(t)
    if dep == "amod":  # "the visiting minister", "the arrested workers"
        return t.tag_ in _PARTICIPLE_TAGS
    if dep == "advcl":
        # "after police arrested him" (a mark), "when troops opened fire" (an adverb)
        if any(c.i < t.i and c.dep_ in ("mark", "advmod") and c.lower_ in en("background_subordinator")
               for c in t.children):
            return True
        if any(c.dep_ == "mark" for c in t.children):
            return False  # "if", "so that": a condition or a purpose, not a scene
        return t.tag_ in _PARTICIPLE_TAGS and not tree.has_to_infinitive(t)  # "..., killing three"
    if dep in ("pobj", "pcomp") and t.head.dep_ == "prep":
        return t.head.lower_ in en("background_preposition")
    return False
