"""time: temporal expressions normalized against the publication date; event dates.

The stage finds the expressions of a document (spaCy's DATE/TIME entities, plus weekday
and relative forms it misses), reads the tense of the clause each is in, and normalizes
them (``normalize.py``). :func:`event_date` and :func:`deadline_for` attach them to events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventmill.records import Document, Timex
from eventmill.time.normalize import TimexValue, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["TimeStage", "TimexValue", "deadline_for", "event_date", "normalize"]

_EXTRA = re.compile(
    r"\b(?:(?:last|next|this|on)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b|\b(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)\b"
    r"|\b(?:today|yesterday|tomorrow|tonight|last\s+night)\b",
    re.IGNORECASE,
)
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "wo"})
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may"})


@dataclass(slots=True)
class TimexMention:
    """A normalized expression and the tokens it covers (for attaching it to events)."""

    start_tok: int
    end_tok: int  # exclusive
    value: TimexValue
    text: str

    def head(self, sdoc: Doc) -> Token:
        span = sdoc[self.start_tok : self.end_tok]
        return span.root


def clause_tense(tok: Token) -> str | None:
    """past | present | future for the clause a token is in (None if no verb is found)."""
    v = tok
    for _ in range(8):
        if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("aux", "auxpass"):
            break
        if v.head is v:
            break
        v = v.head
    else:
        return None
    if v.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX:
        return "future"
    if v.lower_ == "going" or any(a.lower_ == "going" for a in auxes):
        return "future"
    if v.dep_ == "xcomp" and v.head.lemma_ in (
        "plan",
        "agree",
        "promise",
        "pledge",
        "vow",
        "intend",
        "expect",
        "decide",
        "threaten",
        "prepare",
        "aim",
        "hope",
    ):
        return "future"
    if v.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes) or "have" in {a.lemma_ for a in auxes}:
        return "past"
    return "present"


class TimeStage:
    """Find and normalize the temporal expressions of a parsed document."""

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        if sdoc is None:
            return doc
        spans: list[tuple[int, int]] = []
        for ent in sdoc.ents:
            if ent.label_ in ("DATE", "TIME"):
                spans.append((ent.start, ent.end))
        taken = {i for s, e in spans for i in range(s, e)}
        for m in _EXTRA.finditer(sdoc.text):
            span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not any(i in taken for i in range(span.start, span.end)):
                spans.append((span.start, span.end))
                taken.update(range(span.start, span.end))
        spans = _merge_adjacent(sorted(spans), sdoc)
        mentions: list[TimexMention] = []
        timexes: list[Timex] = []
        for s, e in spans:
            span = sdoc[s:e]
            value = normalize(span.text, doc.pub_date, clause_tense(span.root))
            if value is None:
                continue
            mentions.append(TimexMention(s, e, value, span.text))
            start, end = (
                doc.norm.to_original(span.start_char, span.end_char) if doc.norm else (span.start_char, span.end_char)
            )
            timexes.append(Timex(start, end, doc.text[start:end], value.type, value.value))
        doc.timexes = timexes
        doc.scratch["timex"] = mentions
        return doc


def _merge_adjacent(spans: list[tuple[int, int]], sdoc: Doc) -> list[tuple[int, int]]:
    """ "Monday" + "evening" (two entities) -> one expression."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s == out[-1][1] and sdoc[s].lower_ in ("morning", "afternoon", "evening", "night"):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis", "pcomp"})


def _attached(tok: Token, verb: Token) -> bool:
    """Is this token (a timex head) in the verb's own clause, not in a nested one?"""
    t = tok
    for _ in range(12):
        if t.i == verb.i:
            return True
        if t.dep_ in _CLAUSE_DEPS and t.pos_ in ("VERB", "AUX"):
            return False  # the expression belongs to another clause on the way up
        if t.head is t:
            return False
        t = t.head
    return False


def event_date(doc: Document, trigger: Token) -> tuple[TimexValue | None, bool]:
    """The expression dating an event: one in the trigger's own clause, else one in the
    clause governing it (a statement's date dates what it announces). Returns
    (value, inherited)."""
    mentions: list[TimexMention] = doc.scratch.get("timex", [])
    if not mentions:
        return None, False
    sent = trigger.sent
    in_sent = [m for m in mentions if sent.start <= m.start_tok < sent.end and m.value.first is not None]
    if not in_sent:
        return None, False
    sdoc = doc.spacy
    assert sdoc is not None
    own = [m for m in in_sent if _attached(m.head(sdoc), trigger) and not _is_modifier(m.head(sdoc))]
    if own:
        return min(own, key=lambda m: abs(m.start_tok - trigger.i)).value, False
    v = trigger
    for _ in range(10):
        if v.head is v:
            break
        v = v.head
        gov = [m for m in in_sent if _attached(m.head(sdoc), v) and not _is_modifier(m.head(sdoc))]
        if gov:
            return min(gov, key=lambda m: abs(m.start_tok - v.i)).value, True
    return None, False


def _is_modifier(tok: Token) -> bool:
    """A year used as an adjective ("the 2008 agreement") does not date the clause."""
    return tok.dep_ in ("compound", "amod", "nmod", "nummod", "poss")


def deadline_for(doc: Document, tokens: list[Token]) -> date | None:
    """The due date of a promised action: an expression introduced by "by", "before",
    "until", "no later than" or "within" in the clauses of these tokens, or "at the end of"."""
    mentions: list[TimexMention] = doc.scratch.get("timex", [])
    sdoc = doc.spacy
    if sdoc is None:
        return None
    for m in mentions:
        head = m.head(sdoc)
        if not any(_attached(head, t) for t in tokens):
            continue
        prep = head.head if head.dep_ == "pobj" else None
        first_word = sdoc[m.start_tok].lower_
        words = {prep.lower_ if prep is not None else "", first_word}
        is_by = bool(words & {"by", "before", "until", "till"}) or (prep is not None and prep.lower_ == "than")
        if is_by and m.value.last is not None:
            return m.value.last
        if "within" in words and m.value.type == "DURATION" and doc.pub_date is not None:
            return _add_duration(doc.pub_date, m.value.value)
        if m.value.mod == "END" and m.value.last is not None:
            return m.value.last
    return None


def _add_duration(anchor: date, value: str) -> date | None:
    m = re.fullmatch(r"P(\d+)([DWMY])", value)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit == "D":
        return anchor + timedelta(days=n)
    if unit == "W":
        return anchor + timedelta(weeks=n)
    if unit == "M":
        from eventmill.time.normalize import _shift_months

        return _shift_months(anchor, n)
    return (
        anchor.replace(year=anchor.year + n)
        if not (anchor.month == 2 and anchor.day == 29)
        else date(anchor.year + n, 2, 28)
    )
