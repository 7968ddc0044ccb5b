"""The records that flow between eventmill's stages.

One :class:`Document` travels down the pipeline (ingest -> normalize -> nlp -> actors ->
time -> place -> events -> merge -> store); each stage fills in its part. Everything a
stage produces that a user can see carries character offsets into the *original* text the
user gave (``Document.text``), never into the normalized copy the NLP ran on.

The output contract (one JSON object per event, ``docs/output-format.md`` in the repository) is
:meth:`Event.to_dict`; its field order is fixed so that output is byte-for-byte
reproducible.
"""

from __future__ import annotations

import dataclasses
from array import array
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from spacy.tokens import Doc as SpacyDoc


PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
AUX_MODES: tuple[str, ...] = ("negated", "future", "hypothetical", "historical")


@dataclass(slots=True)
class Document:
    """A news story, as read, and everything the stages attach to it.

    ``text`` is exactly what the user gave; ``norm`` is the normalized copy with its offset
    map (set by the normalize stage); ``spacy`` the parsed normalized text (nlp stage).
    """

    id: str
    text: str
    pub_date: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from, e.g. "news.jsonl:12"
    content_hash: str = ""
    # filled by the stages
    norm: NormalizedText | None = field(default=None, repr=False)
    spacy: SpacyDoc | None = field(default=None, repr=False)
    sentences: list[Sentence] = field(default_factory=list, repr=False)
    actors: list[Actor] = field(default_factory=list, repr=False)
    places: list[Place] = field(default_factory=list, repr=False)
    timexes: list[Timex] = field(default_factory=list, repr=False)
    events: list[Event] = field(default_factory=list, repr=False)  # one per sentence that reports an event
    incidents: list[Event] = field(default_factory=list, repr=False)  # one per event, with its mentions
    warnings: list[str] = field(default_factory=list, repr=False)
    # what the coding stages hand on to later ones (token-level indexes); never output
    layers: Layers = field(default_factory=lambda: Layers(), repr=False)

    def meta(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "pub_date": self.pub_date.isoformat() if self.pub_date else None,
            "language": self.language,
            "content_hash": self.content_hash,
        }


@dataclass(slots=True)
class NormalizedText:
    """Normalized text plus, for each of its characters, the span it came from.

    ``starts[i]``/``ends[i]`` are the original offsets covered by normalized character
    ``i``. ``identity`` is True when nothing changed (then the arrays are empty).
    """

    text: str
    original_length: int
    starts: array
    ends: array
    identity: bool

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalized text to the original text."""
        if self.identity:
            return start, end
        n = len(self.text)
        if start >= end:  # an empty span: a position
            pos = self.starts[start] if start < n else self.original_length
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]

    def offset_to_original(self, pos: int) -> int:
        """Map a single position (a span boundary) to the original text."""
        if self.identity:
            return pos
        if pos >= len(self.text):
            return self.original_length
        return self.starts[pos]


L = TypeVar("L")


@dataclass(slots=True)
class Layers:
    """Token-level results one coding stage hands to the next, never output and dropped before
    a document is stored or sent to another process. Each stage puts one finished, typed
    object (its layer: ``ActorIndex``, ``TimexLayer``, ``PlaceLayer``) and later stages get it
    by its type, so this module need not know the stages' types."""

    sentence_starts: list[int] | None = None  # token index of each sentence's first token
    error: str | None = None  # a stage that failed on this document, and why
    hint: str | None = None  # what the user can do about that error
    by_type: dict[type, object] = field(default_factory=dict)

    def put(self, layer: object) -> None:
        self.by_type[type(layer)] = layer

    def get(self, kind: type[L]) -> L | None:
        """The layer of this type, or None when the stage that makes it did not run."""
        found = self.by_type.get(kind)
        return found if isinstance(found, kind) else None


@dataclass(slots=True, frozen=True)
class Sentence:
    """A sentence of a story: 0-based index and offsets into the original text."""

    index: int
    start: int
    end: int


@dataclass(slots=True)
class Actor:
    """Who: a resolved actor mention (an event's ``actor`` or ``recipient``)."""

    entity_text: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3, or None for non-state actors
    sector: str | None = None  # PLOVER/CAMEO agent code: GOV, MIL, REB, IGO, ...
    code: str | None = None  # CAMEO-style code, e.g. "IRQGOV"
    kb_id: str | None = None
    kb_source: str | None = None
    start: int | None = None  # offsets of the mention in the original text
    end: int | None = None
    implicit: bool = False  # not named in the text: the doer the act implies ("were arrested": the police)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_text": self.entity_text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "kb_id": self.kb_id,
            "kb_source": self.kb_source,
            "start": self.start,
            "end": self.end,
            "implicit": self.implicit,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        if not d:
            return None
        fields = {f.name: d.get(f.name) for f in dataclasses.fields(cls)}
        fields["implicit"] = bool(fields["implicit"])
        return cls(**fields)  # type: ignore[arg-type]


@dataclass(slots=True)
class Place:
    """Where: a toponym or landmark resolved against the gazetteer."""

    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    geonameid: int | None = None
    feature: str | None = None  # GeoNames feature code (PPLC, ADM1, PCLI, ...) or "LANDMARK"
    precision: str | None = None  # landmark | city | admin1 | country
    start: int | None = None
    end: int | None = None
    near: str | None = None  # an event placed relative to a place ("40 km south of Baghdad"): that place

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Place | None:
        if not d:
            return None
        return cls(**{f.name: d.get(f.name) for f in dataclasses.fields(cls)})  # type: ignore[arg-type]


@dataclass(slots=True)
class Timex:
    """When: a temporal expression with its TIMEX3 type and normalized value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(slots=True)
class Size:
    """Casualty and arrest figures exactly as the text states them (None = not stated)."""

    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"dead": self.dead, "injured": self.injured, "arrested": self.arrested}


@dataclass(slots=True, frozen=True)
class Mention:
    """One sentence that reports an event: its evidence, as the per-sentence record has it
    (``id`` is that record's id: ``eventmill code --mentions`` and ``event_mentions.mention_id``)."""

    id: str
    sentence: int
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    event_text: str

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @classmethod
    def of(cls, ev: Event) -> Mention:
        ti = ev.text_info
        start, end = ti.get("start", 0), ti.get("end", 0)
        return cls(ev.id, ev.sentence, start, end, ti.get("trigger_start", start), ti.get("trigger_end", end),
                   ev.event_text)


@dataclass(slots=True)
class Event:
    """One coded event as reported by one sentence of one story (an event *mention*), or, with
    ``mentions``, one event of a story folded from all the sentences that report it
    (``events/incidents.py``): then the top-level evidence is its first report.

    The store groups mentions of the same real-world event under one merged event id;
    ``id`` here is the mention's stable id, derived from the story, the evidence offsets
    and the coding, so the same input always gives the same id.
    """

    id: str
    story_id: str
    sentence: int
    event: str  # PLOVER type
    url: str | None = None
    source: str | None = None
    pub_date: str | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_code: int | None = None
    goldstein: float | None = None
    aux: list[str] = field(default_factory=list)
    intended: str | None = None
    joint: bool = False
    date: str | None = None
    date_precision: str | None = None
    deadline: str | None = None
    actor: Actor | None = None
    recipient: Actor | None = None
    event_loc: Place | None = None
    size: Size | None = None
    reported_by: Actor | None = None  # the source the text gives for the event ("police said")
    claimed: bool = False  # a claim or an allegation: one party asserts it
    salience: str = "main"  # main: the sentence's news; background: a clause that sets its scene
    event_text: str = ""
    text_info: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.0
    coder: dict[str, str] = field(default_factory=dict)
    # every sentence that reports this event, in reading order (empty: a per-sentence record)
    mentions: list[Mention] = field(default_factory=list)
    # the lexicon row ("data/events/verbs.tsv:35") or named rule that coded it: for explaining
    # and testing the coder, not part of the output contract
    rule: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The output contract: one JSON-ready object, fields in a fixed order."""
        return {
            "id": self.id,
            "story_id": self.story_id,
            "url": self.url,
            "source": self.source,
            "pub_date": self.pub_date,
            "sentence": self.sentence,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_code": self.quad_code,
            "goldstein": self.goldstein,
            "aux": list(self.aux),
            "intended": self.intended,
            "joint": self.joint,
            "date": self.date,
            "date_precision": self.date_precision,
            "deadline": self.deadline,
            "actor": self.actor.to_dict() if self.actor else None,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "size": self.size.to_dict() if self.size else None,
            "reported_by": self.reported_by.to_dict() if self.reported_by else None,
            "claimed": self.claimed,
            "salience": self.salience,
            "event_text": self.event_text,
            "text_info": dict(self.text_info),
            **({"mentions": [m.to_dict() for m in self.mentions]} if self.mentions else {}),
            "confidence": self.confidence,
            "coder": dict(self.coder),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        size = d.get("size")
        return cls(
            id=d["id"],
            story_id=d["story_id"],
            sentence=d["sentence"],
            event=d["event"],
            url=d.get("url"),
            source=d.get("source"),
            pub_date=d.get("pub_date"),
            mode=d.get("mode"),
            context=list(d.get("context") or []),
            cameo=d.get("cameo"),
            quad_code=d.get("quad_code"),
            goldstein=d.get("goldstein"),
            aux=list(d.get("aux") or []),
            intended=d.get("intended"),
            joint=bool(d.get("joint")),
            date=d.get("date"),
            date_precision=d.get("date_precision"),
            deadline=d.get("deadline"),
            actor=Actor.from_dict(d.get("actor")),
            recipient=Actor.from_dict(d.get("recipient")),
            event_loc=Place.from_dict(d.get("event_loc")),
            size=Size(**size) if size else None,
            reported_by=Actor.from_dict(d.get("reported_by")),
            claimed=bool(d.get("claimed")),
            salience=d.get("salience") or "main",
            event_text=d.get("event_text") or "",
            text_info=dict(d.get("text_info") or {}),
            confidence=float(d.get("confidence") or 0.0),
            coder=dict(d.get("coder") or {}),
            mentions=[Mention(**{f.name: m.get(f.name) for f in dataclasses.fields(Mention)})
                      for m in d.get("mentions") or []],
        )
