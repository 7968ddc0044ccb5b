"""What the resolvers share: the :class:`Phrase` they read and the :class:`Resolving` view
of the resolver they answer for (:mod:`eventmill.actors.resolver` implements it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventmill.actors.kb import Entry, KnowledgeBase
    from eventmill.actors.mention import Mentions, Resolved


@dataclass
class Phrase:
    """What a noun phrase says about its head before any resolver reads it."""

    head: Token
    ent: Span | None
    premods: list[Token]
    ctx_country: str | None  # a country named around the head ("Iraqi", "of Iraq", "in Iraq")
    ctx_sector: str | None
    ctx_conf: float
    title: str  # the role term the phrase uses ("prime minister", "foreign ministry")
    title_sector: str | None
    org: tuple[Entry, Token] | None  # an organisation the knowledge base knows, and the token naming it
    is_name: bool
    patrons: frozenset[str] = frozenset()  # countries (or names) of patrons ("US-backed"): not the actor's


_FORMER = word_class("former_word", "kb/words.tsv")
_OFFICES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})  # sectors of the state's offices


def former_office(premods: list[Token], sector: str | None, kind: str) -> str | None:
    """ "former police commissioner Julio Ribeiro", "an ex-minister": someone out of a state office
    is an elite (CAMEO's ELI), not the office; a body stays what it is ("the former regime's army")."""
    if sector in _OFFICES and kind != "body" and any(t.lower_ in _FORMER for t in premods):
        return "ELI"
    return sector


class Resolving(Protocol):
    """The resolver as the resolvers and coreference see it: the document's mentions so far
    (in reading order), the story's country, and resolution of other noun phrases."""

    m: Mentions
    kb: KnowledgeBase
    sdoc: Doc
    day: date | None
    history: list[Resolved]
    focus: str | None
    scene: str | None
    countries_named: frozenset[str]  # every country the story names (by name or nationality)
    setting: str | None  # the country the dateline or the outlet gives

    def resolve(self, tok: Token) -> Resolved | None: ...

    def resolve_all(self, tok: Token) -> list[Resolved]: ...

    def capitalised_name(self, tok: Token, ent: Span | None) -> bool: ...

    def acts_as_agent(self, head: Token) -> bool: ...
