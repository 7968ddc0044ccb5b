"""actors: mentions -> actors (country, sector, CAMEO-style code, knowledge-base id).

The stage walks each document in reading order and resolves every noun phrase that can
be an actor (names, role nouns, pronouns), so that coreference sees the mentions in the
order a reader does. The resolved mentions are ``doc.actors`` (the entity layer); the
resolver itself is handed to the events stage in ``doc.scratch["actors"]``.
"""

from __future__ import annotations

from eventmill.actors.kb import KnowledgeBase, load_kb, load_layered_kb
from eventmill.actors.resolve import DocumentActors, Resolved
from eventmill.records import Document

__all__ = ["ActorStage", "DocumentActors", "KnowledgeBase", "Resolved", "load_kb"]

_HEAD_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "iobj",
        "dative",
        "appos",
        "conj",
        "attr",
        "agent",
        "ROOT",
        "npadvmod",
        "oprd",
    }
)


class ActorStage:
    """Resolve the actor mentions of a parsed document."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_layered_kb()

    def __call__(self, doc: Document) -> Document:
        if doc.spacy is None:
            return doc
        resolver = DocumentActors(doc, self.kb)
        mentions = []
        for tok in doc.spacy:
            if tok.dep_ not in _HEAD_DEPS or not (
                    tok.pos_ in ("PROPN", "NOUN", "PRON") or (tok.pos_ == "ADJ" and tok.text[:1].isupper())):
                continue  # (a capitalised "adjective" heading a noun phrase is a name spaCy mistagged)
            res = resolver.resolve(tok)
            if res is None:
                continue
            for r in res.members or [res]:
                if r.resolved and r.head == tok.i:
                    mentions.append(r.actor)
        seen: set[tuple[int | None, int | None, str | None]] = set()
        doc.actors = []
        for a in mentions:
            key = (a.start, a.end, a.code)
            if key not in seen:
                seen.add(key)
                doc.actors.append(a)
        doc.scratch["actors"] = resolver
        return doc
