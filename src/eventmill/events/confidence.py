"""A confidence that means something: the probability that a record is a real event coded with
the right type and actor.

The coder's own score (how sure its trigger row is, how its arguments were found) ranks events
but does not say how often they are right. This module turns what is known about a record into
a probability with a small logistic model (``data/events/confidence.tsv``): the record's type,
how its trigger was found (a verb row, a noun row, a named rule) and the coder's own score (which
keeps the coder's ranking of a sentence's events where nothing else tells them apart), whether
it is the sentence's main clause, what
kind of actor and recipient it has (named in the knowledge base, a country, a sector, unnamed,
none), its auxiliary modes, how many sentences report it, where the story first tells it, how
long the story is, whether it is quoted, and how its date and place were found.

The model is fitted by ``training/train_confidence.py`` only on data whose licence allows it
(the coder's own case table and stories written by eventmill's authors) and is measured, never
fitted, on the annotated sets (``eventmill eval`` prints the reliability table and the expected
calibration error; figures in docs/evaluation.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.merge import Mention as MergeMention
from eventmill.resources import read_tsv
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventmill.records import Actor, Document, Event

MODEL = "events/confidence.tsv"
BIAS = "(bias)"
FLOOR, CEILING = 0.02, 0.99
_STATE_FORCES = sectors_in("state_force")
_ARMED = sectors_in("armed")
_STATELESS = sectors_in("stateless")
_QUOTES = ("\"", "“", "”", "‘", "’ ")


@dataclass(frozen=True)
class Story:
    """What the features read of the story a record comes from."""

    n_sentences: int
    quoted: frozenset[int]  # sentences with quotation marks
    main: frozenset[int] = frozenset()  # where the words of main clauses start (offsets in the text)

    @classmethod
    def of(cls, doc: Document) -> Story:
        if doc.spacy is None:
            return cls(1, frozenset())
        from eventmill.nlp import parsed_text

        sents = list(doc.spacy.sents)
        text = parsed_text(doc)  # (a sentence's ``.text`` is joined from its tokens on each access)
        norm = doc.norm
        main = frozenset(norm.offset_to_original(i) if norm else i for i in _main_clauses(doc.spacy))
        quoted = frozenset(i for i, s in enumerate(sents) if any(q in text[s.start_char:s.end_char] for q in _QUOTES))
        return cls(len(sents), quoted, main)


def _main_clauses(sdoc: Doc) -> list[int]:
    """Where the words of main clauses start: each sentence's main verb, or a verb joined to it
    ("attacked the base and killed 12"). Read from the parse's arrays, not token by token."""
    from spacy.attrs import DEP, HEAD, IDX

    conj, root = sdoc.vocab.strings["conj"], sdoc.vocab.strings["ROOT"]
    deps = sdoc.to_array(DEP).tolist()
    heads = (sdoc.to_array(HEAD).astype("int64") + range(len(sdoc))).tolist()  # (HEAD is an offset)
    starts = sdoc.to_array(IDX).tolist()
    out = []
    for i in range(len(deps)):
        t = i
        while deps[t] == conj and heads[t] != t:
            t = heads[t]
        if deps[t] == root:
            out.append(starts[i])
    return out


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def party(a: Actor | None) -> str:
    """The kind of party a side is, as far as reliability goes."""
    if a is None:
        return "none"
    if a.kb_id:
        return "kb"
    sector = a.sector or ""
    if sector in ("UAF", "UNK"):
        return "unnamed"
    if not a.country:
        return "stateless" if sector in _STATELESS or (a.code or "")[:3] in _STATELESS else "unplaced"
    if not sector:
        return "country"
    if sector in _STATE_FORCES:
        return "forces"
    if sector == "GOV":
        return "government"
    return "armed" if sector in _ARMED else "society"


def _trigger(ev: Event) -> str:
    rule = ev.rule or ""
    if "verbs.tsv" in rule:
        return "verb"
    if "nouns.tsv" in rule:
        return "noun"
    return "rule" if rule else "unknown"


def features(ev: Event, story: Story, prior: float) -> dict[str, float]:
    """The features a record has (the model's columns) and their values, from the record, its
    story and the coder's own score (``prior``, as its log-odds): first what the record says of
    itself, then where the story tells it (``story.*``, absent for a story of one sentence)."""
    loc = MergeMention.of_event(ev) if ev.event_loc is not None else None
    dated_by_report = ev.date_precision == "publication" or (ev.date_precision == "week" and ev.date == ev.pub_date)
    out = [
        f"quad={ev.quad_code}",
        f"trigger={_trigger(ev)}",
        f"actor={party(ev.actor)}",
        f"recipient={party(ev.recipient)}",
        "date=" + ("none" if not ev.date else "report" if dated_by_report else _precision(ev.date_precision)),
        "place=" + ("stated" if loc is not None and not loc.loc_inherited else "none"),
        "clause=" + ("main" if ev.text_info.get("trigger_start") in story.main else "other"),
    ]
    out += [f"aux={a}" for a in ev.aux]
    if ev.intended:
        out.append("intended")
    if ev.joint:
        out.append("joint")
    p = min(0.99, max(0.01, prior))
    return {**dict.fromkeys(out + story_features(ev, story), 1.0), "prior": math.log(p / (1 - p))}


def story_features(ev: Event, story: Story) -> list[str]:
    """Where a story of several sentences tells the record: how far in it is first told, in how
    many sentences, whether in a quote, whether its place is only the dateline's, and what kind
    of actor it has there (a story's "Iran"
    in a sentence about a ministry is the government, which a bare country code does not say)."""
    if story.n_sentences <= 1:
        return []
    first = ev.mentions[0].sentence if ev.mentions else ev.sentence
    loc = MergeMention.of_event(ev) if ev.event_loc is not None else None
    dateline = loc is not None and loc.loc_inherited
    out = ["story", "story.place=" + ("dateline" if dateline else "other"),
           f"story.position={_bucket(first, (0, 3, 9))}", f"story.mentions={_bucket(len(ev.mentions) or 1, (1,))}",
           f"story.actor={party(ev.actor)}"]
    if first in story.quoted:
        out.append("story.quoted")
    return out


def _precision(p: str | None) -> str:
    return p if p in ("day", "week", "month", "year") else "other"


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The model: feature -> weight, and the intercept under ``(bias)``."""
    out: dict[str, float] = {}
    for row in read_tsv(MODEL):
        try:
            out[row["feature"]] = float(row["weight"])
        except ValueError as exc:
            raise ValueError(f"{row.where(MODEL)}: weight {row['weight']!r} is not a number") from exc
    if BIAS not in out:
        raise ValueError(f"data/{MODEL}: no {BIAS} row")
    return out


def probability(feats: dict[str, float], model: dict[str, float] | None = None) -> float:
    w = model if model is not None else weights()
    z = w[BIAS] + sum(w.get(f, 0.0) * v for f, v in feats.items())
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return round(min(CEILING, max(FLOOR, p)), 3)


def calibrate(doc: Document) -> None:
    """Give each of the story's events (and each per-sentence record, its event's) the model's
    probability that it is right."""
    story = Story.of(doc)
    by_mention: dict[str, float] = {}
    for ev in doc.incidents:
        ev.confidence = probability(features(ev, story, ev.confidence))
        for m in ev.mentions:
            by_mention[m.id] = ev.confidence
    for ev in doc.events:
        ev.confidence = by_mention.get(ev.id, ev.confidence)
