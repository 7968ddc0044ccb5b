"""time: temporal expressions normalized against the publication date; event dates.

The stage finds the expressions of a document (``find.py``: spaCy's DATE/TIME entities
plus the forms it misses), reads the direction of the clause each is in (``tense.py``)
and normalizes them to TIMEX3 values (``normalize.py``), in text order so that "the same
day" and "two days later" can point back at the last date the text gave.
:func:`event_date` and :func:`deadline_for` attach them to events. ``docs/time.md``
describes the forms, the values and the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventmill.lang.tree import clause_verb, in_clause_of, in_comparison
from eventmill.lang.words import en
from eventmill.records import Document, Timex
from eventmill.time.find import (
    Candidate,
    candidates,
    is_clock,
    is_fraction,
    is_part_of_something_else,
    rate_text,
)
from eventmill.time.lexicon import number
from eventmill.time.normalize import TimexValue, normalize
from eventmill.time.tense import clause_tense, direction, simple_past
from eventmill.time.values import add_duration, month, shift_months, year

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SHIFT_UNITS = {"year": 12, "month": 1}  # interval units that date an act before or after another
__all__ = ["TimeStage", "TimexMention", "TimexValue", "clause_tense", "deadline_for", "event_date", "normalize"]


@dataclass(slots=True)
class TimexMention:
    """A normalized expression and the tokens it covers (for attaching it to events)."""

    start_tok: int
    end_tok: int  # exclusive
    value: TimexValue
    text: str
    signal: str = ""  # the preposition that introduces it ("by", "since", "on"), lower-case

    def head(self, sdoc: Doc) -> Token:
        span = sdoc[self.start_tok : self.end_tok]
        return span.root


@dataclass
class TimexLayer:
    """The time stage's result for the stages after it: every expression, with its tokens."""

    mentions: list[TimexMention]


class TimeStage:
    """Find and normalize the temporal expressions of a parsed document."""

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        if sdoc is None:
            return doc
        found: list[tuple[Candidate, Span, TimexValue]] = []
        reference: TimexValue | None = None  # the last dated expression, for anaphora
        last_day = None
        full = _parsed_text(doc, sdoc)
        starts = sentence_starts(doc)
        for cand in candidates(sdoc, full):
            span = sdoc.char_span(cand.start, cand.end, alignment_mode="expand")
            if (span is None or len(span) == 0 or _inside_name(span) or is_fraction(full, cand.start, cand.end)
                    or is_part_of_something_else(full, cand.start, cand.end)):
                continue
            text = rate_text(full, cand.start, cand.end) or cand.text
            value = normalize(text, doc.pub_date, direction(span), reference=reference, last_day=last_day,
                              narrative=_narrative(found, span, doc.pub_date, starts))
            if value is None:
                continue
            if value.first is not None and value.type in ("DATE", "TIME"):
                reference = value
                if value.precision == "day":
                    last_day = value.first
            found.append((cand, span, value))
        mentions: list[TimexMention] = []
        timexes: list[Timex] = []
        for i, (cand, span, value) in enumerate(found):
            if value.type == "TIME" or (value.precision == "day" and is_clock(cand.text)):
                # "at 18:00 UTC" in a sentence that names its day: that day, not the publication date's
                day = _sentence_day(found, i, starts)
                if day is not None:
                    value = normalize(cand.text, doc.pub_date, direction(span), day=day) or value
            mentions.append(TimexMention(span.start, span.end, value, cand.text, _signal(span)))
            start, end = doc.norm.to_original(cand.start, cand.end) if doc.norm else (cand.start, cand.end)
            timexes.append(Timex(start, end, doc.text[start:end], value.type, value.value))
        doc.timexes = timexes
        doc.layers.put(TimexLayer(mentions))
        return doc


def sentence_starts(doc: Document) -> list[int]:
    """The first token of each sentence of the parse (cached on the document: ``Span.sent``
    walks the whole parse each time it is asked)."""
    starts = doc.layers.sentence_starts
    if starts is None:
        assert doc.spacy is not None
        starts = [s.start for s in doc.spacy.sents]
        doc.layers.sentence_starts = starts
    return starts


def sentence_of(starts: list[int], tok_i: int) -> tuple[int, int]:
    """The token range (start, end) of the sentence holding token ``tok_i``."""
    k = bisect_right(starts, tok_i) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else 1 << 30


_WITH_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _narrative(found: list[tuple[Candidate, Span, TimexValue]], span: Span, anchor: date | None,
               starts: list[int]) -> date | None:
    """A day or month of another year that the same sentence named, with its year, before
    this expression ("signed on 3 March 2015, it came into force on 1 April"): a year-less
    date there is read in that story's time, not the publication's."""
    if anchor is None:
        return None
    sent_start, _ = sentence_of(starts, span.start)
    for c, s, v in reversed(found):
        if s.start < sent_start:
            break
        if (v.first is not None and v.precision in ("day", "month") and v.first.year != anchor.year
                and _WITH_YEAR.search(c.text)):
            return v.first
    return None


def _parsed_text(doc: Document, sdoc: Doc) -> str:
    """The text spaCy parsed: the normalized text (``Doc.text`` would rebuild it from
    every token each time it is read)."""
    text = doc.norm.text if doc.norm else doc.text
    if len(sdoc) and sdoc[-1].idx + len(sdoc[-1].text_with_ws) == len(text):
        return text
    return sdoc.text


def _sentence_day(found: list[tuple[Candidate, Span, TimexValue]], i: int, starts: list[int]) -> date | None:
    """The day another expression of the same sentence names (the nearest one)."""
    _, span, _ = found[i]
    lo, hi = sentence_of(starts, span.start)
    days = [(abs(s.start - span.start), v.first) for j, (c, s, v) in enumerate(found)
            if j != i and lo <= s.start < hi and v.precision == "day" and v.type == "DATE" and v.first is not None
            and not is_clock(c.text)]
    return min(days, key=lambda x: x[0])[1] if days else None


def _signal(span: Span) -> str:
    root = span.root
    if root.dep_ == "pobj" and root.head.i < span.start:
        prep = root.head
        if prep.i > 0 and prep.nbor(-1).lower_ == "than":
            return "by"  # "no later than", "not later than"
        return prep.lower_
    if span.start > 0 and span.doc[span.start - 1].pos_ == "ADP":
        return span.doc[span.start - 1].lower_
    return ""


def _inside_name(span: Span) -> bool:
    """A number that is part of a name ("the Russell 2000 Index", "Windows 2000")."""
    if len(span) != 1 or not span[0].like_num:
        return False
    sdoc = span.doc
    before = sdoc[span.start - 1] if span.start > 0 else None
    after = sdoc[span.end] if span.end < len(sdoc) else None
    return (before is not None and before.pos_ == "PROPN" and before.is_title and not before.is_sent_start
            and after is not None and after.pos_ == "PROPN" and after.is_title)


# ------------------------------------------------------------------ attaching expressions to events

# prepositions that bound an event in time rather than date it ("since 2003", "by Friday")
_BOUNDS = en("bound_preposition")


def _dates(m: TimexMention, sdoc: Doc) -> bool:
    """Can this expression date an event: a calendar period, said as the time of the
    clause (not a year used as an adjective, "the 2008 agreement", nor a bound, "since 2003",
    nor the time of something compared, "like the enclave in 1995")."""
    return m.value.first is not None and m.signal not in _BOUNDS and not _is_modifier(m.head(sdoc)) and \
        not in_comparison(m.head(sdoc))


def event_date(doc: Document, trigger: Token) -> tuple[TimexValue | None, bool]:
    """The expression dating an event: one in the trigger's own clause, else one in the
    clause governing it (a statement's date dates what it announces). Returns
    (value, inherited)."""
    layer = doc.layers.get(TimexLayer)
    mentions: list[TimexMention] = layer.mentions if layer is not None else []
    sdoc = doc.spacy
    if not mentions or sdoc is None:
        return None, False
    lo, hi = sentence_of(sentence_starts(doc), trigger.i)
    named = [m for m in mentions if lo <= m.start_tok < hi and _names_the_day_of(m, sdoc, trigger)]
    if named:  # "the August 17 bombing", "Thursday's attack", "last week's talks"
        return named[0].value, False
    in_sent = [m for m in mentions if lo <= m.start_tok < hi and _dates(m, sdoc)]
    own = [m for m in in_sent if in_clause_of(m.head(sdoc), trigger)]
    if own:
        return _closest(own, trigger).value, False
    restated = _when_restates(mentions, sdoc, trigger)
    if restated is not None:  # "two years ago, when troops shelled the post", "since 2019, when ..."
        return restated.value, False
    governing = _governing(in_sent, sdoc, trigger)
    shift = _interval_shift(trigger)
    anchor = governing.value.first if governing is not None else doc.pub_date
    if shift is not None and anchor is not None:  # "seven years after expelling it"
        then = shift_months(anchor, shift)
        return (year(then.year) if shift % 12 == 0 else month(then.year, then.month)), False
    return (governing.value, True) if governing is not None else (None, False)


def _governing(in_sent: list[TimexMention], sdoc: Doc, trigger: Token) -> TimexMention | None:
    """The expression dating the nearest clause above the trigger's that has one."""
    v = trigger
    for _ in range(10):
        if v.head.i == v.i:
            break
        v = v.head
        gov = [m for m in in_sent if in_clause_of(m.head(sdoc), v)]
        if gov:
            return _closest(gov, v)
    return None


def _interval_shift(trigger: Token) -> int | None:
    """Months from the governing clause's time to a gerund's act that "N years (months) after" or
    "before" introduces: "re-admitted Syria in May, seven years after expelling it" dates the
    expulsion seven years before May (-84); None where the gerund has no such interval."""
    prep = trigger.head
    if trigger.dep_ != "pcomp" or trigger.tag_ != "VBG" or prep.lower_ not in ("after", "before"):
        return None
    for unit in prep.children:
        per = _SHIFT_UNITS.get(unit.lemma_.lower()) if unit.dep_ == "npadvmod" else None
        amount = next((c for c in unit.children if c.dep_ in ("nummod", "det")), None)  # "seven years", "a year"
        n = number(amount.text) if per is not None and amount is not None else None
        if per is not None and n is not None and n == int(n):
            return int(n) * per * (-1 if prep.lower_ == "after" else 1)
    return None


def _when_restates(mentions: list[TimexMention], sdoc: Doc, trigger: Token) -> TimexMention | None:
    """The expression that a "when" clause right after it restates ("the clash two years ago,
    when troops shelled the post", "in 2011, when the army seized power"): the clause tells
    what happened then, wherever the parser hangs it. A bound names the time too ("since 2019,
    when police arrested the mayor": the arrest was in 2019)."""
    verb = clause_verb(trigger)
    if verb is None:
        return None
    when = next((c for c in verb.children if c.lower_ == "when" and c.dep_ == "advmod" and c.i < verb.i), None)
    if when is None or when.i < 2 or sdoc[when.i - 1].text != ",":
        return None
    return next((m for m in mentions if m.end_tok == when.i - 1 and m.value.first is not None
                 and not _is_modifier(m.head(sdoc))), None)


def narrative_past(doc: Document, trigger: Token, days: int) -> tuple[TimexValue | None, bool]:
    """A past-tense event with no date in its sentence, told right after sentences set more than
    ``days`` before publication ("... tried to develop nerve agents before 1939. Fascist Italy
    used mustard gas in Ethiopia."), happened in that past: (the date the earlier sentence gives,
    if it dates rather than bounds; True). (None, False) when the narrative is not a past one."""
    layer = doc.layers.get(TimexLayer)
    sdoc = doc.spacy
    if layer is None or sdoc is None or doc.pub_date is None or not simple_past(trigger.sent.root):
        return None, False
    verb = clause_verb(trigger)
    finite = verb is not None and not (verb.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children))  # ("exploded, killing two": the main clause's time)
    if finite and clause_tense(trigger) in ("present", "future"):
        return None, False  # the whole sentence in the simple past, not "have not acted, and accused
    limit = doc.pub_date - timedelta(days=days)
    starts = sentence_starts(doc)
    k = bisect_right(starts, trigger.i) - 1

    def said(j: int) -> list[TimexMention]:
        lo, hi = starts[j], starts[j + 1] if j + 1 < len(starts) else len(sdoc)
        return [m for m in layer.mentions if lo <= m.start_tok < hi and m.value.last is not None
                and m.signal != "since" and not _is_modifier(m.head(sdoc))]

    if said(k):
        return None, False  # the sentence has a time of its own
    for j in range(k - 1, max(k - 4, -1), -1):
        found = said(j)
        if not found:
            if not simple_past(sdoc[starts[j]:starts[j + 1]].root):
                return None, False  # "The violence is relentless.": the story is back in its present
            continue
        root = sdoc[starts[j]].sent.root
        found = [m for m in found if not _subordinate(m.head(sdoc), root)]
        if not found or any(m.value.last is None or m.value.last >= limit for m in found) or \
                not simple_past(root):
            # a time only in a subordinate clause ("the first meeting since the crossing was closed in
            # November"), a recent time, or a present sentence ("It follows ... in 2015")
            return None, False
        dating = sorted((m for m in found if _dates(m, sdoc)), key=lambda m: not in_clause_of(m.head(sdoc), root))
        return (dating[0].value if dating else None), True  # the time of the sentence's main clause first
    return None, False


def _subordinate(tok: Token, root: Token) -> bool:
    """Is the token inside a clause subordinate to the sentence's main one (an adverbial,
    relative or complement clause), not in the main clause or a verb it governs directly?"""
    t = tok
    for _ in range(12):
        if t.i == root.i:
            return False
        if t.dep_ in ("advcl", "relcl", "acl", "ccomp", "csubj", "pcomp"):
            return True
        t = t.head
    return True


def _names_the_day_of(m: TimexMention, sdoc: Doc, noun: Token) -> bool:
    """Does this expression modify the event noun itself ("the August 17 bombing", "Thursday's
    attack"), or the noun the event's verb has for subject ("Thursday's bombing killed 12"):
    then it is the day of that event, whatever the clause around it says."""
    head = m.head(sdoc)
    if m.value.first is None or not _is_modifier(head) or head.head.i == head.i:
        return False
    owner = head.head
    if owner.i == noun.i:
        return noun.pos_ in ("NOUN", "PROPN")
    return owner.pos_ == "NOUN" and owner.dep_ in ("nsubj", "nsubjpass") and owner.head.i == noun.i


def _closest(mentions: list[TimexMention], tok: Token) -> TimexMention:
    """The expression nearest the word; of two equally near, the more precise."""
    return min(mentions, key=lambda m: (abs(m.start_tok - tok.i), m.value.precision != "day"))


def _is_modifier(tok: Token) -> bool:
    """A year used as an adjective ("the 2008 agreement") does not date the clause."""
    return tok.dep_ in ("compound", "amod", "nmod", "nummod", "poss")


def deadline_for(doc: Document, tokens: list[Token]) -> date | None:
    """The due date of a promised action: an expression introduced by "by", "until",
    "no later than" (its last day), "before" (the day before it starts), "within" (the
    publication date plus the duration), or one naming the end of a period ("at the end
    of this year"), in the clauses of these tokens."""
    layer = doc.layers.get(TimexLayer)
    mentions: list[TimexMention] = layer.mentions if layer is not None else []
    sdoc = doc.spacy
    if sdoc is None:
        return None
    for m in mentions:
        head = m.head(sdoc)
        if not any(in_clause_of(head, t) for t in tokens):
            continue
        value = m.value
        if m.signal in ("by", "until", "till", "through") and value.last is not None:
            return value.last
        if m.signal == "before" and value.first is not None:
            return value.first - timedelta(days=1)
        if m.signal == "within" and value.type == "DURATION" and doc.pub_date is not None:
            return add_duration(doc.pub_date, value.value)
        if value.mod == "END" and value.last is not None:
            return value.last
    return None

