"""The finished result of the actor stage: every actor mention of a document, indexed by
token, with its coreference chains. The event stage reads it; nothing writes to it after
the actor stage has built it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventmill.actors.mention import Mentions, Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.kb import KnowledgeBase


@dataclass
class ActorIndex:
    """Actor mentions of one document.

    ``at(tok)`` is what a token stands for, coordination and joint references expanded into
    their members ("Iraq and the US" -> two actors); ``mention(i)`` is the single mention a
    participant's noun phrase (a subject, object, prepositional object, apposition ...) headed
    at token ``i`` resolved to. ``mentions`` gives the read-only views the coder needs to
    make a mention of its own (the owner of a thing attacked, the host of a destination).
    """

    mentions: Mentions
    expanded: dict[int, list[Resolved]] = field(default_factory=dict)
    by_head: dict[int, Resolved | None] = field(default_factory=dict)
    focus: str | None = None  # the country the story is about, when it is clearly about one
    focus_mentions: list[int] = field(default_factory=list)  # token indices naming the focus country
    chains: list[list[int]] = field(default_factory=list)  # heads that refer to one actor, first mention first

    def at(self, tok: Token | None) -> list[Resolved]:
        """The actors a token stands for ([] for a token that is no actor)."""
        if tok is None:
            return []
        return self.expanded.get(tok.i, [])

    def mention(self, i: int) -> Resolved | None:
        """The mention the noun phrase headed at token ``i`` resolved to."""
        return self.by_head.get(i)

    @property
    def kb(self) -> KnowledgeBase:
        return self.mentions.kb


def coreference_chains(mentions: list[Resolved]) -> list[list[int]]:
    """Group mentions that point back to one another (``antecedent`` links) into chains of heads."""
    root: dict[int, int] = {}
    for m in mentions:
        if m.antecedent >= 0:
            root[m.head] = root.get(m.antecedent, m.antecedent)
    chains: dict[int, list[int]] = {}
    for head, first in root.items():
        chains.setdefault(first, [first]).append(head)
    return [sorted(set(c)) for _, c in sorted(chains.items())]
