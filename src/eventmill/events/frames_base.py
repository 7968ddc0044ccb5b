"""The shapes the frame handlers share: a :class:`Candidate` event, the :class:`Clause` a verb
trigger stands in, and the registry of frames by name (:func:`frame`, :data:`FRAMES`).

A frame says how a verb's complement is read (``verbs.tsv`` column ``frame``): ``plain``
(the verb is the event), ``light`` (its object noun is), ``stop`` (it ends its complement),
``commit``/``threat``/``refuse``/``request``/``accuse`` (its complement is the content of a
promise, threat, refusal, request or accusation, not an event of its own), ``report``
(the reported clause is coded, attributed; an accusation where it charges someone),
``intend`` (the complement is future), ``deny`` (the complement is negated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding
    from eventmill.events.rules import VerbRule

# Frames whose complement is the content of the event, never coded as an event of its own.
CONTENT_FRAMES = frozenset({"commit", "threat", "refuse", "request", "accuse", "stop"})
# The named rule of an act of force a stance or an inquiry is about (events/nominal.py, reacted_to).
REACTED_RULE = "nominal.reacted_to"
INCIDENT_RULE = "nominal.one_incident"  # a doerless violent act whose noun names one incident of its own


@dataclass
class Candidate:
    """An event found in a sentence, before it becomes an output record."""

    trigger: Token
    trigger_tokens: list[Token]
    cameo: str
    actors: list[Resolved]
    recipients: list[Resolved]
    conf: float
    aux: set[str] = field(default_factory=set)
    intended: str | None = None
    mode: str | None = None
    context: str | None = None
    joint: bool = False
    deadline_tokens: list[Token] = field(default_factory=list)
    object_location: bool = False  # the object may be where it happened ("shelled Kharkiv")
    speaker: list[Resolved] = field(default_factory=list)
    date_anchor: Token | None = None  # the token whose clause dates the event (default: the trigger)
    claimed: bool = False  # only one party asserts it: a claim or an allegation
    reported_by: list[Resolved] = field(default_factory=list)  # who the text says reports it
    nominal: bool = False  # coded from an event noun
    plover: str | None = None  # overrides the CAMEO code's PLOVER type (announced retreats: CONCEDE)
    rule: str = ""  # the lexicon row (file:line) or named rule that produced it
    one_way: bool = False  # a PETRARCH pattern: mutual only where its code says so ([A:B]), never by its words
    imported: bool = False  # coded by a row of a user's imported verb dictionary (petrarch_reading.py)
    date_tokens: list[Token] = field(default_factory=list)  # an event noun's own date ("Saturday's attack")
    background: bool = False  # told in passing whatever the parse says ("condemned the Syrian regime's attack")
    own_place: bool = False  # placed only by its own phrase: a doerless incident ("condemned the bombing in Kano")


@dataclass
class Modality:
    """What a verb's own auxiliaries and markers say."""

    negated: bool = False
    no_longer: bool = False  # "no longer": an action ends, it is not negated
    future: bool = False
    hypothetical: bool = False
    obligation: bool = False


@dataclass
class Inherited:
    """What the clauses above a trigger tell about it."""

    reported: bool = False
    speaker: Token | None = None
    claimed: bool = False  # reported by a verb of claiming or alleging ("the group claimed", "alleged that")
    future: bool = False
    negated: bool = False
    hypothetical: bool = False
    consumed: bool = False  # the trigger is another event's content, or background: not coded
    failed: bool = False  # governed by a verb of failure ("failed to reach agreement")
    decided: bool = False  # governed by a past decision ("Japan decided to ease sanctions")


@dataclass
class Clause:
    """A verb trigger in its clause: its subject and actors, and its modality."""

    verb: Token
    subject: Token | None
    actors: list[Resolved]
    noun_subject: Token | None  # "the airstrike killed 12": an event noun as subject
    modality: Modality
    inherited: Inherited


@dataclass
class Draft:
    """What a frame handler fills in for one matched row; the coder turns it into a Candidate."""

    rule: VerbRule
    particle: Token | None
    cameo: str
    mode: str | None
    context: str | None
    conf: float
    recipients: list[Resolved]
    trigger_tokens: list[Token]
    deadline_tokens: list[Token]
    actors: list[Resolved]
    future: bool = False  # the frame makes the event an announcement (a promise)
    intended: str | None = None
    object_location: bool = False
    date_tokens: list[Token] = field(default_factory=list)  # the event noun's own date ("Saturday's attack")


# A handler fills the draft and says whether the row codes an event here.
Handler = Callable[["Coding", Clause, Draft, set[int]], bool]


@dataclass(frozen=True)
class Frame:
    name: str
    handler: Handler | None  # None: the frame is no event of its own (intend, deny)


FRAMES: dict[str, Frame] = {}


def frame(name: str, coded: bool = True) -> Callable[[Handler], Handler]:
    """Register a frame handler under its ``verbs.tsv`` name."""

    def register(fn: Handler) -> Handler:
        if name in FRAMES:
            raise ValueError(f"frame {name!r} is registered twice")
        FRAMES[name] = Frame(name, fn if coded else None)
        return fn

    return register


def silent_frame(name: str) -> None:
    """Register a frame that codes no event of its own: what it governs is coded, coloured."""
    FRAMES[name] = Frame(name, None)
