"""What the resolvers share: the :class:`Phrase` they read and the :class:`Resolving` view
of the resolver they answer for (:mod:`eventmill.actors.resolver` implements it)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventmill.actors.kb import Entry, KnowledgeBase
    from eventmill.actors.mention import Mentions, Resolved


class Phrase:
    """What a noun phrase says about its head, for the resolvers to read.

    The head, its entity, its premodifiers and its patrons are read at once; the rest (the
    country the context names, the role term, an organisation the knowledge base knows,
    whether the head is a name) when a resolver first asks, from the :class:`PhraseReader`:
    most phrases are turned down on their head word alone (two in three of a news story's
    phrases are no actor), and those parts read only the parse and the tables, so they are the
    same whenever they are asked. The context's country is read at once where
    reading it resolves another phrase or reads the mentions so far (a possessor, an
    apposition: :func:`eventmill.actors.context.context_resolves`), as coreference reads the
    mentions in the order they were resolved.
    """

    def __init__(self, reader: PhraseReader, head: Token, ent: Span | None, premods: list[Token],
                 patrons: frozenset[str] = frozenset(),
                 context: tuple[str | None, str | None, float] | None = None) -> None:
        self._reader = reader
        self.head = head
        self.ent = ent
        self.premods = premods
        self.patrons = patrons  # countries (or names) of patrons ("US-backed"): not the actor's
        self._context = context
        self._role: tuple[str, str | None] | None = None
        self._org: tuple[Entry, Token] | None = None
        self._org_read = False
        self._is_name: bool | None = None

    @property
    def context(self) -> tuple[str | None, str | None, float]:
        """(country, sector, confidence) named around the head ("Iraqi", "of Iraq", "in Iraq")."""
        if self._context is None:
            self._context = self._reader.phrase_context(self)
        return self._context

    @property
    def ctx_country(self) -> str | None:
        return self.context[0]

    @property
    def ctx_sector(self) -> str | None:
        return self.context[1]

    @property
    def ctx_conf(self) -> float:
        return self.context[2]

    @property
    def role(self) -> tuple[str, str | None]:
        """(the role term the phrase uses, "prime minister", "foreign ministry"; its sector)."""
        if self._role is None:
            self._role = self._reader.phrase_role(self)
        return self._role

    @property
    def title(self) -> str:
        return self.role[0]

    @property
    def title_sector(self) -> str | None:
        return self.role[1]

    @property
    def org(self) -> tuple[Entry, Token] | None:
        """An organisation the knowledge base knows, and the token naming it."""
        if not self._org_read:
            self._org, self._org_read = self._reader.phrase_organisation(self), True
        return self._org

    @property
    def is_name(self) -> bool:
        if self._is_name is None:
            self._is_name = self._reader.phrase_is_name(self)
        return self._is_name


class PhraseReader(Protocol):
    """What reads the parts of a :class:`Phrase` (the resolver)."""

    def phrase_context(self, p: Phrase) -> tuple[str | None, str | None, float]: ...

    def phrase_role(self, p: Phrase) -> tuple[str, str | None]: ...

    def phrase_organisation(self, p: Phrase) -> tuple[Entry, Token] | None: ...

    def phrase_is_name(self, p: Phrase) -> bool: ...


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
