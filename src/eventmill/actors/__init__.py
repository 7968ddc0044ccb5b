"""actors: mentions -> actors (country, sector, CAMEO-style code, knowledge-base id).

The stage walks each document in reading order and resolves every noun phrase that can be
an actor (names, role nouns, pronouns) and every possessor ("Isis's earlier years, in which it
..."), so that coreference sees the mentions in the order a reader does; then it resolves
every other token an event may name as a participant (modifiers, objects of prepositions).
The result is ``doc.actors`` (the entity layer a user sees) and the finished
:class:`ActorIndex` (``doc.layers.get(ActorIndex)``) the event stage reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.actors.index import ActorIndex, coreference_chains
from eventmill.actors.kb import KnowledgeBase
from eventmill.actors.kb_layers import load_kb, load_layered_kb
from eventmill.actors.mention import Resolved
from eventmill.actors.resolver import Resolver
from eventmill.lang import tree
from eventmill.records import Actor, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

__all__ = ["ActorIndex", "ActorStage", "KnowledgeBase", "Resolved", "load_kb"]

# Dependencies of a token that heads a noun phrase a reader would take for a participant.
_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "dative", "appos", "conj", "attr", "agent",
                        "ROOT", "npadvmod", "oprd"})
# and the parts of speech of one (an adjective only when capitalised: read per token)
_HEAD_POS = ("NOUN", "PROPN", "PRON", "ADJ")
# A possessor ("Isis's earlier years, in which it rallied followers") is no participant of its own
# but a mention a later pronoun or "the group" may point back to: resolved in the same pass, in
# reading order, though not listed as a participant.
_OWNER_DEPS = frozenset({"poss"})
_OWNER_POS = ("NOUN", "PROPN")


class ActorStage:
    """Resolve the actor mentions of a parsed document into an :class:`ActorIndex`."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_layered_kb()

    def __call__(self, doc: Document) -> Document:
        if doc.spacy is None:
            return doc
        resolver = Resolver(doc, self.kb)
        found: list[Actor] = []
        sdoc = doc.spacy
        owners = set(_participant_heads(sdoc, _OWNER_DEPS, _OWNER_POS))
        for i in sorted(owners.union(_participant_heads(sdoc))):  # first the participants, in reading order
            tok = sdoc[i]
            if tok.pos_ == "ADJ" and not tok.text[:1].isupper():
                continue  # (a capitalised "adjective" heading a noun phrase is a name spaCy mistagged)
            asked = i in resolver.asked_for
            res = resolver.resolve(tok)
            if i in owners:
                if not asked:
                    resolver.asked_for.discard(i)  # (read for coreference only: see below)
                continue
            if res is None:
                continue
            found.extend(r.actor for r in res.members or [res] if r.resolved and r.head == tok.i)
        # a participant's mention; a possessor read only for coreference is none (what the coder
        # reads of the sentence's mentions is the participants and what resolving them asked for)
        by_head = {i: res for i, res in resolver.cache.items() if i not in owners or i in resolver.asked_for}
        index = ActorIndex(resolver.m, by_head=by_head, focus=resolver.focus,
                           focus_mentions=resolver.focus_mentions)
        for i, plain in enumerate(resolver.plain_words()):  # then every token, as the event coder may ask for any
            index.expanded[i] = [] if plain else resolver.resolve_all(sdoc[i])
        index.chains = coreference_chains(resolver.history)
        seen: set[tuple[int | None, int | None, str | None]] = set()
        doc.actors = []
        for a in found:
            key = (a.start, a.end, a.code)
            if key not in seen:
                seen.add(key)
                doc.actors.append(a)
        doc.layers.put(index)
        return doc


def _participant_heads(sdoc: SpacyDoc, deps: frozenset[str] = _HEAD_DEPS,
                       pos: tuple[str, ...] = _HEAD_POS) -> list[int]:
    """The indices of the tokens with one of the dependencies ``deps`` (a participant's,
    :data:`_HEAD_DEPS`) and one of the tags ``pos``, read from the parse's arrays in one go
    rather than token by token (compared as arrays: no Python object for the other words)."""
    import numpy
    from spacy.attrs import DEP, POS
    from spacy.symbols import IDS

    if not len(sdoc):
        return []
    strings = sdoc.vocab.strings
    arr = sdoc.to_array([DEP, POS])
    heads = tree.among(arr[:, 0], (strings[d] for d in deps)) & tree.among(arr[:, 1], (IDS[p] for p in pos))
    return numpy.flatnonzero(heads).tolist()
