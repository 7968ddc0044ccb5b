"""Which way a temporal expression points, from the clause it is in.

"on Monday" in "ministers met on Monday" is the Monday before the article; in "ministers
will meet on Monday" the Monday after. The direction comes from the verb group that
governs the expression (auxiliaries, tags), from the verbs that look ahead ("agreed to",
"is set to", "plans to"), and from the preposition that introduces the expression
("until Friday" in a present-tense clause looks ahead, "since Friday" looks back).
An expression that modifies a noun ("a June 3 hearing", "Monday's talks") has no tense
of its own: it gets the nearest occurrence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.lang.tree import clause_verb
from eventmill.lang.words import en
from eventmill.time.lexicon import WEEKDAY_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_FUTURE_AUX = en("future_auxiliary") | en("conditional_auxiliary")
_MODAL_AHEAD = en("forward_modal")
# verbs and adjectives whose infinitive complement happens later than they do
_LOOK_AHEAD = en("look_ahead")
_NOMINAL_MODIFIER = frozenset({"compound", "nmod", "amod", "poss"})


def clause_tense(tok: Token) -> str | None:
    """past | present | future for the clause a token is in (None if no verb is found)."""
    tense = _tense(tok)
    return "past" if tense == "perfect" else tense


def simple_past(tok: Token) -> bool:
    """Is the token's clause in the simple past ("used", "were massacred"; not "has begged")?"""
    return _tense(tok) == "past"


def _tense(tok: Token, depth: int = 0) -> str | None:
    """past | perfect | present | future (perfect: "has continued", "have met")."""
    v = clause_verb(tok)
    if v is None:
        return None
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    lemmas = {a.lemma_ for a in auxes}
    if lowers & _FUTURE_AUX or v.lower_ == "going" or "going" in lowers:
        return "future"
    has_have = "have" in lemmas
    if lowers & _MODAL_AHEAD and not has_have:
        return "future"  # "the contract may be signed on September 12"
    head = v.head
    if "to" in lowers:
        # an infinitive: "agreed to withdraw by ...", "is set to begin on Wednesday", and the
        # headline infinitive "Markets to remain closed until Friday"
        if v.dep_ == "ROOT" or head.lemma_ in _LOOK_AHEAD or head.lower_ in _LOOK_AHEAD:
            return "future"
        if v.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return "future"  # "another event to be held on October 12", "the first to arrive"
        if head.i != v.i and depth < 3:
            return _tense(head, depth + 1)
    if v.tag_ == "VBN" and not auxes and v.dep_ in ("ccomp", "xcomp", "acomp", "oprd") and depth < 3:
        return _tense(head, depth + 1)  # "kept markets closed until Friday": the participle has no tense
    if has_have and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "perfect"
    if v.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes) or has_have:
        return "past"
    if v.lemma_ == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in _LOOK_AHEAD and
                                any(x.lower_ == "to" for x in c.children) for c in v.children):
        return "future"  # "talks are due to recommence on Monday": the parser hangs the date on the copula
    return "present"


def direction(span: Span) -> str | None:
    """The direction for resolving an expression: ``past``, ``future`` or None (the
    nearest occurrence)."""
    root = span.root
    if root.dep_ in _NOMINAL_MODIFIER and root.head.pos_ in ("NOUN", "PROPN") and root.head is not root:
        return None  # "a June 3 hearing", "Monday's talks": nothing says which way
    tense = _tense(root)
    prep = root.head if root.dep_ == "pobj" else None
    signal = prep.lower_ if prep is not None else (root.nbor(-1).lower_ if root.i > 0 else "")
    if signal == "since":
        return "past"
    if (prep is not None and prep.head.pos_ in ("NOUN", "PROPN") and signal != "until"
            and not any(t.lower_ in WEEKDAY_NAMES for t in span)):
        # "granted bail until his first hearing on 1 March": the date is the hearing's, not
        # the granting's. (A weekday keeps the clause's tense: "held talks on Thursday"
        # is often parsed with "on Thursday" under "talks", and the week is short.)
        return None
    if signal in ("until", "till", "through") and tense in ("present", "perfect", None):
        return "future"  # "markets stay closed until Friday", "have been closed until Friday"
    if tense == "present":
        return None
    return "past" if tense == "perfect" else tense
