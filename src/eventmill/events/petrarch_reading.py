"""How rows imported from a user's PETRARCH verb dictionary are read where PETRARCH's reading
differs from the built-in coder's (``eventmill kb import-petrarch``; docs/kb.md).

- **The target is the first actor of the verb phrase.** A PETRARCH pattern that names no
  target position ("- * [064]", "- * TIES [064]") takes the first actor of the phrase: the
  object and what hangs from it, then the verb's prepositional phrases, in the order they
  are written ("restore ties *with Gondor*", "criticized the closure of guest houses *in
  Bree*", "warned *of the Prince*"); failing that, the subject of a clause the verb governs
  ("allowed that *Mordor* is ..."). Clauses of their own (subordinate, relative, under a
  preposition) are not part of the phrase: "... five years after crowds trashed its embassy"
  names no target of "restore". An imported row tries its recipient slots first and falls
  back on the phrase only when they name no one.
- **A verb of saying lets what it reports be coded.** A verb eventmill reads as reporting
  speech ("reported", "believes") that a dictionary gives an event code keeps that code, and
  the clause it reports is still coded, as reported speech (a content frame such as a
  request would instead take the clause as its content).

Only imported rows are read this way (``VerbRule.imported``), so the built-in lexicon codes
every other text as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from eventmill.events import triggers
from eventmill.events.lexicon import load_lexicon
from eventmill.lang import tree

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding
    from eventmill.events.frames_base import Candidate, Modality
    from eventmill.events.rules import Lexicon

# Dependents that start a clause of their own, or are not part of the verb's phrase.
_NOT_PHRASE = frozenset({"advcl", "ccomp", "xcomp", "pcomp", "relcl", "csubj", "csubjpass", "parataxis", "conj", "cc",
                         "punct", "mark", "aux", "auxpass", "neg", "appos", "npadvmod"})
_PHRASE_HEADS = frozenset({"dobj", "dative", "iobj", "prep", "prt", "agent", "attr", "oprd", "acomp", "pobj",
                           "advmod", "nsubjpass"})


def speech_verb(lex: Lexicon, v: Token) -> bool:
    """Is this a verb of saying ("reported", "believes") that an imported dictionary gives an
    event code of its own? Its own event is coded, and the clause it reports is coded too, as
    reported speech: PETRARCH codes the event a verb of saying reports, where a content frame
    (a request, a promise) would take the clause as its content and not code it."""
    rules = triggers.verb_rules(lex, v)
    if not rules or not any(r.imported for r in rules):
        return False
    builtin = triggers.frames_of(load_lexicon(), v)
    return bool(builtin) and builtin <= {"report", "light"}


def keep_announced(cand: Candidate, cameo: str, mode: str | None, m: Modality) -> None:
    """An announced action keeps the dictionary's code: "Arnor will contribute rupees" is the
    dictionary's contribution (marked ``future``), where PLOVER's intention rules make the
    built-in reading an announcement of it (AGREE with the aid ``intended``). A negated one
    ("will not attend": a refusal) is left as the intention rules read it."""
    if m.negated or not m.future or cand.cameo == cameo:
        return
    cand.cameo, cand.mode, cand.intended, cand.plover = cameo, mode, None, None
    cand.aux.add("future")


def _walk(tok: Token) -> Iterator[Token]:
    """The phrase under ``tok`` in written order, without the clauses it governs (a verbal
    ``acl`` is a clause: "the parade supporting Gondor")."""
    for left in tok.lefts:
        if left.dep_ not in _NOT_PHRASE:
            yield from _walk(left)
    yield tok
    for right in tok.rights:
        if right.dep_ in _NOT_PHRASE or (right.dep_ == "acl" and right.pos_ in ("VERB", "AUX")):
            continue
        yield from _walk(right)


def phrase_target(cx: Coding, v: Token, actors: list[Resolved]) -> list[Resolved]:
    """The first actor of the verb's phrase who is not one of its actors; none if there is none."""
    own = {a.actor.code for a in actors}
    heads = [c for c in v.children if c.dep_ in _PHRASE_HEADS and (c.i > v.i or c.dep_ == "nsubjpass")]
    if tree.is_passive(v):  # "was criticized over ...": the one acted on first
        heads.sort(key=lambda c: (c.dep_ != "nsubjpass", c.i))
    for head in heads:
        for tok in _walk(head):
            found = [r for r in cx.resolve(tok) if r.actor.code not in own]
            if found:
                return found
    # then the subject of a clause the verb (or its object) governs: "allowed that Mordor is ...",
    # "expressed hopes that Osgiliath could ..."
    holders = [v, *(c for c in v.children if c.dep_ == "dobj")]
    for clause in (c for h in holders for c in h.children if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX")):
        subj = tree.own_subject(clause)
        found = [r for r in cx.resolve(subj) if r.actor.code not in own] if subj is not None else []
        if found:
            return found
    return []


__all__ = ["keep_announced", "phrase_target", "speech_verb"]
