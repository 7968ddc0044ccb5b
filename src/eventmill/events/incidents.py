"""One incident, one event: the sentences of a story that report the same incident are folded
into one event carrying all its evidence.

A story tells an attack in its lede, again in the casualty update, in the official's quote
and in the follow-up paragraph; the events stage codes each sentence on its own, so each of
them is an event *mention*. Two mentions are one event when

1. **nothing contradicts it**: the same PLOVER type, intended action and auxiliary modes
   (a promise is not the deed); modes that do not differ where the type's modes are separate
   events (a visit and a phone call, an arrest and a curfew: ``distinct_modes`` in
   ``plover_types.tsv``); actors that are the same party or one of them unknown (``KEN`` and
   ``KENGOV``; "gunmen" and the group that claimed the attack; for violence, victims of one
   country however they are described); dates that can be the same day; places that do not
   contradict each other (the dateline and places carried from other sentences never do);
2. **something links it**: the same sentence; a party named in both (for a statement, both its
   speaker and the party it is addressed to); a definite noun pointing back ("the attack", "the
   talks"); the same day or the same place named in both; or, for what is done rather than
   said, the next sentences going on about a perpetrator of the same country;
3. and the story does not say it is another one ("in a separate attack", "Separately, ...").

Each mention joins the latest event it fits (all of its mentions, not just the first). The
folded event is its first report (``sentence``, ``text_info`` and ``event_text``) with the
best of what all its mentions say: the most specific actor and recipient, the most precise
date, the most precise place named in a sentence, and for casualties and arrests the largest
figure any of them states (tolls are revised upwards; re-statements are never added up).

A claim of responsibility ("the Taliban claimed the attack") is no attack of its own: it makes
the claimant the actor of the attack it claims where the text left that actor unknown or
unnamed, and is one more mention of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventmill.events.frames_base import INCIDENT_RULE, REACTED_RULE
from eventmill.events.ontology import types_in
from eventmill.lang import tree
from eventmill.lang.words import word_class
from eventmill.merge import Mention as MergeMention
from eventmill.merge import same_place
from eventmill.records import Actor, Document, Event, Mention, Place, Size
from eventmill.sectors import sectors_in
from eventmill.time import event_date

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.index import ActorIndex
    from eventmill.events.rules import Lexicon

_TABLE = "events/incidents.tsv"
_BACK_REFERENCE = word_class("back_reference", _TABLE)
_DISTINCT_MODIFIER = word_class("distinct_modifier", _TABLE)
_DISTINCT_ADVERB = word_class("distinct_adverb", _TABLE)
_CLAIM_VERBS = word_class("claim_verb", _TABLE)
_CLAIM_OBJECTS = word_class("claim_object", _TABLE)
_SEPARATE_MODES = word_class("separate_mode", _TABLE)
DISTINCT_MODES = types_in("distinct_modes")
VIOLENT = types_in("material_conflict") | {"ASSAULT", "COERCE"}
# what is done, not said: re-told by who did it or to whom; a statement is re-told only by both
MATERIAL = VIOLENT | types_in("conflict") | {"COOPERATE", "AID", "RETREAT", "CONSULT"}
_UNNAMED = frozenset({"UAF", "UNK"})
_IRREGULAR = sectors_in("armed") - sectors_in("state_force")  # armed groups that are not the state's forces
# relations between two parties: a stance told without the other party is towards the one just named
_RELATIONAL = frozenset({"AGREE", "REJECT", "CONCEDE", "CONSULT", "COOPERATE"})
NEARBY_SENTENCES = 2  # how far the next sentences may go on about the same incident unprompted
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 4, "year": 5,
                    "decade": 6, "century": 7, "publication": 8}


class IncidentStage:
    """Fold a coded document's event mentions into its events (``doc.incidents``) and give each
    the probability that it is right."""

    def __init__(self, lexicon: Lexicon | None = None, calibrated: bool = True) -> None:
        from eventmill.events.lexicon import load_lexicon

        self.lex = lexicon or load_lexicon()
        self.calibrated = calibrated  # False: keep the coder's own scores (to train the model on them)

    def __call__(self, doc: Document) -> Document:
        from eventmill.events.confidence import calibrate

        doc.incidents = fold(doc, doc.events, self.lex)
        if self.calibrated:
            calibrate(doc)  # the probability that each event is right (events/confidence.py)
        return doc


class _Story:
    """What the fold reads of the parsed story: the token at an offset, its sentence."""

    def __init__(self, doc: Document, lex: Lexicon | None) -> None:
        self.doc, self.lex = doc, lex
        self.by_start: dict[int, int] = {}  # a token's start in the original text -> its index
        self._reported: dict[int, bool] = {}
        if doc.spacy is not None:
            from spacy.attrs import IDX

            # (from the parse's array of token offsets: a token is made only for a trigger asked for)
            starts = doc.spacy.to_array(IDX).tolist() if len(doc.spacy) else []
            norm = doc.norm
            to_original = norm.offset_to_original if norm else None
            self.by_start = {to_original(x) if to_original else x: i for i, x in enumerate(starts)}

    def trigger(self, ev: Event) -> Token | None:
        at = ev.text_info.get("trigger_start")
        i = self.by_start.get(at) if at is not None else None
        return self.doc.spacy[i] if i is not None and self.doc.spacy is not None else None

    def reported_day(self, ev: Event) -> bool:
        """Is the event dated only by the clause that reports it ("the army said on Sunday that
        20 soldiers were killed")? Then the day is when it was told, not when it happened."""
        tok = self.trigger(ev)
        if tok is None or self.doc.spacy is None or ev.date_precision != "day":
            return False
        if tok.i not in self._reported:
            value, inherited = event_date(self.doc, tok)
            self._reported[tok.i] = bool(inherited and value is not None and tok.tag_ in ("VBN", "VBD"))
        return self._reported[tok.i]

    def one_clause(self, a: Event, b: Event) -> bool:
        """Are the two triggers one, or one a clause of the other ("stormed ..., killing 12 and
        wounding 9")? Two clauses side by side may tell two incidents ("a drone shot down by
        Kurdish forces exploded, killing two soldiers")."""
        ta, tb = self.trigger(a), self.trigger(b)
        if ta is None or tb is None:
            return False
        return ta.i == tb.i or _governs(ta, tb) or _governs(tb, ta)

    def points_back(self, ev: Event, told: frozenset[int] = frozenset()) -> bool:
        """Does the sentence name this kind of event with a definite noun ("the attack")? Not
        a noun in ``told`` (the trigger of another mention: "after the Hama attack that killed
        dozens, when Trump ordered a strike" tells the attack as an incident of its own)."""
        tok = self.trigger(ev)
        if tok is None or self.lex is None:
            return False
        from eventmill.events.triggers import noun_rule

        for t in tok.sent:
            if t.pos_ != "NOUN" or t.i in told or not any(c.dep_ in ("det", "poss") and c.lower_ in _BACK_REFERENCE
                                                          for c in t.children):
                continue
            rule = noun_rule(self.lex, t)
            if rule is not None and self.lex.plover(rule.cameo) == ev.event and not _distinct(t):
                return True
        return False

    def says_another(self, ev: Event) -> bool:
        """ "In a separate attack ...", "Separately, ...", "another raid": a new incident."""
        tok = self.trigger(ev)
        if tok is None:
            return False
        if _distinct(tok):
            return True
        for t in tok.sent:
            if t.lower_ in _DISTINCT_ADVERB:
                return True
            if t.dep_ == "pobj" and t.head.lower_ == "in" and _distinct(t) and t.head.head.i == tok.i:
                return True  # "killed in another attack", "in a separate incident"
        return False


def _governs(top: Token, t: Token) -> bool:
    """Is ``top`` the verb whose clause ``t`` continues (through conjuncts and adverbial clauses)?"""
    for _ in range(4):
        if t.dep_ not in ("conj", "advcl", "xcomp", "dobj", "pobj", "prep") or t.head.i == t.i:
            return False
        t = t.head
        if t.i == top.i:
            return True
    return False


def _distinct(t: Token) -> bool:
    return any(c.dep_ in ("amod", "det") and c.lower_ in _DISTINCT_MODIFIER for c in t.children)


def fold(doc: Document, events: list[Event], lex: Lexicon | None = None) -> list[Event]:
    """The story's events: its mentions folded by incident, in order of first report."""
    story = _Story(doc, lex)
    order = sorted(events, key=lambda e: (e.sentence, e.text_info.get("trigger_start", 0)))
    groups: list[list[Event]] = []
    for ev in order:
        home = None
        if not story.says_another(ev):
            for g in reversed(groups):  # the latest incident it fits
                if all(compatible(ev, m, story.reported_day) for m in g) and linked(ev, g, story):
                    home = g
                    break
        if home is None:
            groups.append([ev])
        else:
            home.append(ev)
    folded = [_folded(g) for g in groups]
    _share_between_sides(folded)
    _other_party(folded)
    index = _actor_index(doc)
    if index is not None and doc.spacy is not None:
        _apply_claims(doc, story, index, folded)
    return folded


def _actor_index(doc: Document) -> ActorIndex | None:
    from eventmill.actors.index import ActorIndex

    return doc.layers.get(ActorIndex)


# ------------------------------------------------------------------ when two mentions can be one


def compatible(a: Event, b: Event, reported_day: Callable[[Event], bool] | None = None) -> bool:
    """Nothing in the two mentions says they are two events. ``reported_day`` tells a date that
    is only the day it was reported on ("the army said on Sunday that 20 were killed")."""
    if a.event != b.event or a.intended != b.intended:
        return False
    if set(a.aux) - {"historical"} != set(b.aux) - {"historical"}:
        return False
    if a.event in DISTINCT_MODES and a.mode and b.mode and a.mode != b.mode:
        return False
    if (a.mode in _SEPARATE_MODES or b.mode in _SEPARATE_MODES) and a.mode != b.mode:
        return False  # "killing 23 people and abducting dozens of women": an abduction of its own
    victims = a.event in VIOLENT
    # (a doerless incident told again in another sentence: its actor, the place's forces, is only a default;
    # beside another act in its own sentence it is an incident of its own: "after the attack ..., when X struck",
    # "the Manchester bombing was the deadliest attack since July 2005, when bombers killed 52 people")
    incident = INCIDENT_RULE in (a.rule, b.rule)
    if incident and a.sentence == b.sentence:
        return False
    doers = same_party(a.actor, b.actor) or ((_by_state(a) or _by_state(b)) and _same_country(a.actor, b.actor)) \
        or incident
    if not (doers and same_party(a.recipient, b.recipient, victims)):
        return False
    if _named_both(a.actor, b.recipient) or _named_both(a.recipient, b.actor):
        return False  # the other direction of a joint event, or the other side hitting back
    if not same_time(a, b, reported_day):
        return False
    return same_place(MergeMention.of_event(a), MergeMention.of_event(b))


def linked(ev: Event, group: list[Event], story: _Story) -> bool:
    """Something says the mention reports an incident of the group, not just one like it."""
    last = max(m.sentence for m in group)
    if any(m.sentence == ev.sentence and story.one_clause(ev, m) for m in group):
        return True  # "stormed the base, killing 12 soldiers and wounding 9": one clause, one incident
    verbal = ev.event not in MATERIAL
    for m in group:
        if verbal and _named_both(ev.actor, m.actor) and (_named_both(ev.recipient, m.recipient) or (
                ev.recipient is None and m.recipient is None) or ev.cameo == m.cameo):
            return True  # a statement told again: the same speaker, to the same party or in the same words
        if not verbal and (_named_both(ev.actor, m.actor) or _named_both(ev.recipient, m.recipient)):
            return True
        if ev.date_precision == "day" == m.date_precision and ev.date == m.date and not _dated_by_report(ev):
            return True
        if _placed_both(ev, m):
            return True
    if story.points_back(ev, frozenset(t.i for m in group if m.sentence == ev.sentence and
                                       (t := story.trigger(m)) is not None)):
        return True
    near = ev.sentence - last <= NEARBY_SENTENCES and not verbal
    return near and any(_same_country(ev.actor, m.actor) for m in group)


def same_party(x: Actor | None, y: Actor | None, victims: bool = False) -> bool:
    """Can the two be the same party? Unknown fits anything; a code fits its refinements
    ("KEN", "KENGOV"); an unnamed armed group ("gunmen", UAF) fits a named armed group of its
    country or of none, never the state's forces; victims of violence fit when they are of one
    country and on the same side (not the attackers killed and the people they attacked)."""
    if x is None or y is None:
        return True
    cx, cy = x.code or x.country or "", y.code or y.country or ""
    if not cx or not cy or cx.startswith(cy) or cy.startswith(cx):
        return True
    if x.kb_id and y.kb_id and x.kb_id == y.kb_id:
        return True
    if _unnamed(x) or _unnamed(y):
        other = y if _unnamed(x) else x
        return (other.sector in _IRREGULAR or not other.sector) and (not other.country or x.country == y.country)
    return victims and bool(x.country) and x.country == y.country and _irregular(x) == _irregular(y)


def _by_state(ev: Event) -> bool:
    """An act a stance or an inquiry is about, its doer named by the noun's country ("condemned
    Russia's shelling of Kharkiv"): the country says whose, not which of its arms (its army,
    its police) did it."""
    return ev.rule == REACTED_RULE


def _unnamed(a: Actor) -> bool:
    return a.sector in _UNNAMED


def _irregular(a: Actor) -> bool:
    return a.sector in _IRREGULAR


def _named_both(x: Actor | None, y: Actor | None) -> bool:
    """The same party, named alike in both (not just "gunmen" in both; "Iraq" and "the Iraqi
    government" fit each other but do not say they are one event)."""
    if x is None or y is None or not (x.code and y.code) or _unnamed(x) or _unnamed(y):
        return False
    return x.code == y.code or bool(x.kb_id and x.kb_id == y.kb_id)


def _same_country(x: Actor | None, y: Actor | None) -> bool:
    return x is not None and y is not None and bool(x.country) and x.country == y.country


def _placed_both(a: Event, b: Event) -> bool:
    """The same town or landmark, named in both sentences."""
    ma, mb = MergeMention.of_event(a), MergeMention.of_event(b)
    return ma.level == 0 and mb.level == 0 and same_place(ma, mb)


def _dated_by_report(ev: Event) -> bool:
    """Dated only by its report: the text names no day (``publication``; older data: a ``week``
    starting on the publication date)."""
    return ev.date_precision == "publication" or (ev.date_precision == "week" and ev.date == ev.pub_date)


def _span(ev: Event, reported: bool = False) -> tuple[date, date] | None:
    """The days an event's date can stand for (a date only of its report: the week before it)."""
    if not ev.date:
        return None
    try:
        first = date.fromisoformat(ev.date)
    except ValueError:
        return None
    length = {"day": 0, "week": 6, "month": 30, "quarter": 91, "season": 91, "half": 182, "year": 365,
              "decade": 3652, "century": 36524}.get(ev.date_precision or "", 0)
    if reported or _dated_by_report(ev):
        return first - timedelta(days=7), first  # the text names no day: up to a week before the report
    return first, first + timedelta(days=length)


def same_time(a: Event, b: Event, reported_day: Callable[[Event], bool] | None = None) -> bool:
    ra = reported_day is not None and reported_day(a)
    rb = reported_day is not None and reported_day(b)
    sa, sb = _span(a, ra), _span(b, rb)
    if sa is None or sb is None:
        return True
    if a.date_precision == "day" == b.date_precision and not (
            _dated_by_report(a) or _dated_by_report(b) or ra or rb):
        return a.date == b.date
    return sa[0] <= sb[1] and sb[0] <= sa[1]


# ------------------------------------------------------------------ the folded event


def _folded(group: list[Event]) -> Event:
    first = group[0]
    dated = min(group, key=lambda e: (_dated_by_report(e), _PRECISION_ORDER.get(e.date_precision or "", 9)))
    aux = sorted((set(first.aux) - {"historical"}) | ({"historical"} & set(dated.aux)))
    return replace(
        first,
        actor=_best_party([e.actor for e in group]),
        recipient=_best_party([e.recipient for e in group]),
        date=dated.date, date_precision=dated.date_precision, aux=aux,
        event_loc=_best_place(group),
        size=_best_size(group),
        mentions=[Mention.of(e) for e in group],
    )


def _share_between_sides(folded: list[Event]) -> None:
    """The two records of a joint event ("X met Y": X -> Y and Y -> X) are one event told from
    each side: each takes the more precise date and place of the two."""
    for a in folded:
        if not a.joint or a.actor is None or a.recipient is None:
            continue
        for b in folded:
            if b is a or not b.joint or (b.event, b.aux, b.intended) != (a.event, a.aux, a.intended) or \
                    b.actor is None or b.recipient is None or \
                    (b.actor.code, b.recipient.code) != (a.recipient.code, a.actor.code) or \
                    a.mentions[0].sentence != b.mentions[0].sentence:
                continue  # (the other side of the same first report)
            best = min((a, b), key=lambda e: (_dated_by_report(e), _PRECISION_ORDER.get(e.date_precision or "", 9)))
            for e in (a, b):
                e.date, e.date_precision = best.date, best.date_precision
                if e.event_loc is None or MergeMention.of_event(e).level > MergeMention.of_event(best).level:
                    e.event_loc = best.event_loc


def _other_party(folded: list[Event]) -> None:
    """A stance with no one named to receive it ("We have agreed to a short-term pause", "the
    delegation refused") is taken towards the party its actor was dealing with in the sentence
    before: the other side named there, with the actor, in another country's name. Only one
    such party, and only for the relations between parties (``_RELATIONAL``): a condemnation or
    a demand is aimed at what it names, not at whoever its speaker met."""
    firsts: dict[int, list[Event]] = {}
    for e in folded:
        firsts.setdefault(e.mentions[0].sentence, []).append(e)
    for e in folded:
        if e.recipient is not None or e.event not in _RELATIONAL or e.actor is None or not e.actor.code:
            continue
        others = {p.code: p for b in firsts.get(e.mentions[0].sentence - 1, []) if b.actor and b.recipient
                  for own, p in ((b.actor, b.recipient), (b.recipient, b.actor))
                  if own.code == e.actor.code and p.code and p.country and p.country != e.actor.country}
        if len(others) == 1:
            e.recipient = next(iter(others.values()))


def _best_party(parties: list[Actor | None]) -> Actor | None:
    """The first named party (with a sector, not "gunmen"), else the first known one."""
    known = [p for p in parties if p is not None and (p.code or p.country)]
    named = [p for p in known if p.sector and not _unnamed(p)]
    if named:
        return max(named, key=lambda p: len(p.code or ""))  # (max keeps the first of equals)
    if known:
        return known[0]
    return next((p for p in parties if p is not None), None)


def _best_place(group: list[Event]) -> Place | None:
    stated = [e for e in group if e.event_loc is not None and not MergeMention.of_event(e).loc_inherited]
    if not stated:
        return group[0].event_loc
    return min(stated, key=lambda e: MergeMention.of_event(e).level).event_loc


def _best_size(group: list[Event]) -> Size | None:
    """The largest figure stated for each count: a toll revised upwards is the same dead."""
    sizes = [e.size for e in group if e.size is not None]
    if not sizes:
        return None

    def most(values: list[int | None]) -> int | None:
        stated = [v for v in values if v is not None]
        return max(stated) if stated else None

    return Size(most([s.dead for s in sizes]), most([s.injured for s in sizes]), most([s.arrested for s in sizes]))


# ------------------------------------------------------------------ claims of responsibility


def _apply_claims(doc: Document, story: _Story, index: ActorIndex, folded: list[Event]) -> None:
    """ "The Taliban claimed responsibility for the attack": the claimant is the attack's actor."""
    assert doc.spacy is not None
    from spacy.attrs import LEMMA

    # (the few words with a claim verb's lemma, found from the arrays: most stories have none)
    for tok in map(doc.spacy.__getitem__, tree.where(doc.spacy, LEMMA, lambda w: w.lower() in _CLAIM_VERBS)):
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        claimed = _claimed_event(tok, story)
        if not claimed:
            continue
        claimants = index.at(tree.subject(tok))
        if len(claimants) != 1 or not claimants[0].resolved:
            continue
        claimant = claimants[0].actor
        sent_index = _sentence_index(doc, tok)
        target = _claimed_incident(folded, sent_index, claimant)
        if target is None:
            continue
        target.actor = claimant
        if all(m.sentence != sent_index for m in target.mentions):
            target.mentions.append(_claim_mention(doc, target, tok, sent_index))
            target.mentions.sort(key=lambda m: (m.sentence, m.trigger_start))


def _claimed_event(verb: Token, story: _Story) -> bool:
    """Is this a claim of an attack: "claimed responsibility/credit for ...", "claimed the bombing"?"""
    from eventmill.events.triggers import noun_rule

    for o in verb.children:
        if o.dep_ != "dobj":
            continue
        if o.lemma_.lower() in _CLAIM_OBJECTS:
            return True
        rule = noun_rule(story.lex, o) if story.lex is not None else None
        if rule is not None and story.lex is not None and story.lex.plover(rule.cameo) == "ASSAULT":
            return True
    return False


def _sentence_index(doc: Document, tok: Token) -> int:
    assert doc.spacy is not None
    for i, sent in enumerate(doc.spacy.sents):
        if sent.start <= tok.i < sent.end:
            return i
    return -1


def _claimed_incident(folded: list[Event], sent_index: int, claimant: Actor) -> Event | None:
    """The attack a claim is about: one told in the claim's own sentence ("claimed the bombing,
    which killed 20"), else the latest attack told before it; only where the text names no one
    else as its perpetrator."""
    attacks = [e for e in folded if e.event == "ASSAULT" and "negated" not in e.aux
               and e.mentions and e.mentions[0].sentence <= sent_index]
    here = [e for e in attacks if any(m.sentence == sent_index for m in e.mentions)]
    for ev in here or attacks[::-1]:
        a = ev.actor
        if a is None or not (a.kb_id or a.name) or _named_both(a, claimant):
            return ev  # no perpetrator, or one described, not named ("gunmen", "a suicide bomber")
        return None  # the latest attack has a named perpetrator: the claim does not rewrite it
    return None


def _claim_mention(doc: Document, ev: Event, verb: Token, sent_index: int) -> Mention:
    assert doc.spacy is not None
    sent = list(doc.spacy.sents)[sent_index]
    norm = doc.norm
    s, e = (norm.to_original(sent.start_char, sent.end_char) if norm else (sent.start_char, sent.end_char))
    ts, te = (norm.to_original(verb.idx, verb.idx + len(verb.text)) if norm else (verb.idx, verb.idx + len(verb.text)))
    key = f"{ev.id}|claim|{ts}|{te}"
    return Mention(hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], sent_index, s, e, ts, te, verb.text)
