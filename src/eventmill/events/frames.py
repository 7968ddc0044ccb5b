"""The frame handlers, one per ``verbs.tsv`` frame (see :mod:`eventmill.events.frames_base`).

Each handler reads the verb's complement the way its frame says and fills in the draft
event: its CAMEO code, the action it promises or threatens (``intended``), its recipients.
A handler returns False when the row does not code an event in this clause (the complement
is nothing PLOVER codes, say), and the coder tries the verb's next row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.actors import patrons
from eventmill.events import arguments, charges, owners, predicates, triggers
from eventmill.events.arguments import Coding
from eventmill.events.frames_base import FRAMES, Clause, Draft, frame, silent_frame
from eventmill.events.modality import deployed_in, own_modality, third_party
from eventmill.events.nominal import date_modifiers
from eventmill.events.ontology import (
    CONFLICT,
    COOPERATIVE,
    Action,
    intent_code,
    reject_code,
    request_code,
    stop_code,
    threat_code,
)
from eventmill.lang import tree
from eventmill.lang.words import word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.rules import NounRule

_NO_COMMENT = word_class("no_comment", "events/words.tsv")
_NEGOTIATED = word_class("negotiated_matter", "events/words.tsv")
_BARGAINING = word_class("bargaining_word", "events/words.tsv")
_WARNING_VERBS = word_class("warning_verb", "events/words.tsv")
_PLAN_NOUNS = word_class("plan_noun", "events/words.tsv")
_ILLS = word_class("social_ill", "events/words.tsv")
_PROSPECT_NOUNS = word_class("prospect_noun", "events/words.tsv")
_PARTICIPATION = word_class("participation_verb", "events/words.tsv")
_SHARE_NOUNS = word_class("share_noun", "events/words.tsv")
_JOURNEYS = word_class("journey_noun", "events/words.tsv")
_WEAPONS = word_class("weapon", "events/words.tsv")
_STAY_AWAY_CONF = 0.6  # an announced refusal to attend what the story has named (as sure as a light verb's noun)
# where pledged forces go: "to Haiti", "into the region", "in Mali" (a promise to that place, no threat)
# (not "into": forces sent into a country are an incursion, pledged or not)
_SENT_TO = (word_class("destination_slot", "events/words.tsv") |
            word_class("deployment_preposition", "events/nonevents.tsv")) - {"into"}
_RESOLVE = word_class("resolve_verb", "events/words.tsv")
_DIRECTIONS = word_class("motion_direction", "events/words.tsv")
_CRITICISM = "111"  # CAMEO: criticize or denounce
_CHARGE_CONF = 0.7  # a charge read from a reported clause (as sure as "allege")
_ALTERNATIVE_CONF = 0.6  # a threat read from the course a speaker names as the one left
_ALTERNATIVES = word_class("alternative_noun", "events/words.tsv")
_ALTERNATIVE_MARKS = word_class("alternative_modifier", "events/words.tsv")
_STATE = sectors_in("state_force") | {"GOV", None}  # a state speaks for its government and forces

for _name in ("intend", "deny"):
    silent_frame(_name)


# ------------------------------------------------------------------ the complement


def _others_act(noun: Token) -> bool:
    """Does an event noun name its own doers ("an attack by Isis", "Iran's strike", "clashes between
    militias")? The danger of such an event is a third party's act, no threat or promise of the speaker's."""
    return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "between")) for c in noun.children)


def complement(cx: Coding, v: Token, prt: Token | None) -> tuple[Token | None, bool]:
    """The action a frame verb governs: (token, is_verb). A verb complement ("agreed to
    *withdraw*"), else an event noun as object ("demanded *talks*", "a call for *talks*")."""
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return tree.through_transparent(c), True
    for c in v.children:
        if c.dep_ == "advcl" and c.pos_ == "VERB" and tree.has_to_infinitive(c):
            return tree.through_transparent(c), True
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "against", "to", "on", "from"):
            for p in c.children:
                if p.dep_ == "pcomp" and p.pos_ in ("VERB", "AUX"):
                    return tree.through_transparent(p), True
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            if triggers.noun_rule(cx.lex, c) is not None:
                return c, False
            for pp in c.children:  # "a call for talks"
                if pp.dep_ == "prep":
                    for p in pp.children:
                        if p.dep_ == "pobj" and triggers.noun_rule(cx.lex, p) is not None:
                            return p, False
    preps = [prt] if prt is not None else []
    preps += [c for c in v.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on", "against",
                                                                           "about", "over")]
    for c in preps:
        for p in c.children:
            if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN") and triggers.noun_rule(cx.lex, p) is not None:
                return p, False
            if p.dep_ == "pobj" and p.lemma_.lower() in _PROSPECT_NOUNS:  # "warned of the danger of a clash"
                inner = next((q for pp in p.children if pp.dep_ == "prep" and pp.lower_ == "of"
                              for q in pp.children if q.dep_ == "pobj" and triggers.noun_rule(cx.lex, q) is not None),
                             None)
                if inner is not None and not _others_act(inner):
                    return inner, False
    if v.dep_ == "acl" and tree.joint_parties(v) and triggers.noun_rule(cx.lex, v.head) is not None:
        return v.head, False  # "a ceasefire agreed between X and Y": the noun the participle describes
    return None, False


def noun_sense(cx: Coding, noun: Token, rule: NounRule, actors: list[Resolved]) -> NounRule:
    """The sense of a bare event noun its doers fit: a noun of force whose doers are no armed or
    state actor but workers, students or civilians is their labour form, when the table has one
    ("teachers held a strike", "the union ended its strike": a labour strike, not an air strike);
    forces deployed as peacekeepers keep the peace, when the table has that sense ("the deployment
    of 400 peacekeepers": CAMEO 074, not a mobilization)."""
    args = predicates.Arguments(noun, None, actors, [])
    keeping = cx.lex.nouns.get(f"peacekeeping {rule.key}")
    if keeping is not None and predicates.needs_ok(keeping.needs, args, noun=True):
        return keeping
    if not rule.needs or not actors:
        return rule
    if predicates.needs_ok(rule.needs, args, noun=True):
        return rule
    labour = cx.lex.nouns.get(f"labour {rule.key}")
    return labour if labour is not None and predicates.needs_ok("labour", args, noun=True) else rule


def action_of(cx: Coding, tok: Token, is_verb: bool,
              actors: list[Resolved] | None = None) -> tuple[Action | None, Token | None]:
    """What kind of action a complement is (and the noun that says so, for light verbs), as
    done by ``actors`` where they are known."""
    if not is_verb:
        rule = triggers.noun_rule(cx.lex, tok)
        if rule is None:
            return None, None
        rule = noun_sense(cx, tok, rule, actors or [])
        return triggers.action(cx.lex, rule.cameo, rule.mode, rule.context), tok
    for vrule, prt in triggers.match_verb(cx.lex, tok):
        if vrule.frame == "plain":
            if set((vrule.needs or "").split("+")) & {"labour", "armed", "civilian", "nonstate", "official", "place",
                                                      "custody", "unarmed", "assist", "peacekeeping",
                                                      "inquiry", "forces", "state"}:
                # "it would strike Iranian positions": a military strike, not a labour one; "agreed to send
                # police to the town" a deployment, "willing to send more resources" neither it nor an inquiry;
                # "offered to send doctors to Haiti": no forces sent, no mobilization promised; "vowed to expel
                # every Iranian boot": people driven out, no state expelled
                subj = tree.subject(tok)
                args = predicates.Arguments(tok, subj, cx.resolve(subj),
                                            arguments.recipients(cx, tok, vrule.recipient), cx.resolve)
                if not predicates.needs_ok(vrule.needs, args):
                    continue
            return triggers.action(cx.lex, vrule.cameo, vrule.mode, vrule.context), None
        if vrule.frame in ("light", "report"):
            for obj in triggers.objects(tok) + tree.prep_objects(tok):
                nr = triggers.noun_rule(cx.lex, obj)
                if nr is not None:
                    return triggers.action(cx.lex, nr.cameo, nr.mode, nr.context), obj
        if vrule.frame == "stop":
            inner, inner_is_verb = complement(cx, tok, prt)
            if inner is not None:
                a, _ = action_of(cx, inner, inner_is_verb)
                sc = stop_code(a) if a is not None else None
                if sc:
                    return triggers.action(cx.lex, sc), None
    return None, None


# ------------------------------------------------------------------ the frames


@frame("plain")
def plain(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """The verb is the event. Conflict with no named recipient takes the victims from what was
    hit ("prevented the demonstration staged by students", "a Malian army post")."""
    v = clause.verb
    obj_noun = next((o for o in triggers.objects(v) if triggers.noun_rule(cx.lex, o) is not None), None)
    nr = triggers.noun_rule(cx.lex, obj_noun) if obj_noun is not None else None
    head = cx.lex.nouns.get(obj_noun.lemma_.lower()) if obj_noun is not None else None
    if nr is not None and head is not None and nr is not head and d.rule.objects and head.cameo == d.cameo:
        # "launched a cyber attack", "carried out a drone strike": where the row only restates its
        # object noun, the compound names the kind of event more precisely
        d.cameo, d.mode, d.context = nr.cameo, nr.mode, nr.context
    plover = cx.lex.plover(d.cameo)
    if obj_noun is not None:
        consumed.add(obj_noun.i)  # "lifted Sudan's state of emergency": the noun is this event, not another
        d.date_tokens = date_modifiers(obj_noun)  # "Saturday's attack was carried out by ..."
        if not d.recipients and d.rule.objects:
            # "issued an arrest warrant for the minister", "imposed sanctions on Iran": the noun's own recipient
            d.recipients = [r for r in arguments.noun_recipients(cx, obj_noun, nr) if r.resolved]
    if not d.recipients and plover in ("CONCEDE", "RETREAT") and triggers.objects(v):
        # "lifted a state of emergency in West Darfur": those who live where it is eased
        d.recipients = owners.place_owner(cx, triggers.objects(v)[0]) or arguments.verb_place(cx, v)
    if not d.recipients and plover in CONFLICT:
        obj = next(iter(arguments.slot_tokens(v, "dobj")), None)
        if obj is not None and triggers.noun_rule(cx.lex, obj) is not None:
            d.recipients = arguments.noun_actors(cx, obj) or arguments.clause_agent(cx, obj)
        if obj is not None and not d.recipients:
            d.recipients = owners.owner_of_thing(cx, obj) or owners.counted_at_home(cx, obj, d.actors)
        for slot in (x for x in d.rule.recipient if x not in ("dobj", "iobj", "none")):
            for tok in arguments.slot_tokens(v, slot) if not d.recipients else ():
                # "hacked into the computers of South Korean army officers"
                d.recipients = owners.object_owner(cx, tok) or owners.owner_of_thing(cx, tok)
    if plover == "AID" and v.dep_ in ("relcl", "acl") and tree.is_passive(v):
        # "the militia has drones, which were supplied by Iran" (not a holder the supplier's own
        # country was given to by the resolver, "rebels used rifles supplied by Russia": no Russian rebels;
        # nor the thing supplied, taken for its owner's forces: "drones provided by Turkey" are Turkey's)
        own = {a.actor.country for a in d.actors}
        d.recipients = [r for r in d.recipients if r.head != v.head.i or r.actor.country not in own
                        or v.head.lemma_.lower() not in _WEAPONS] or \
            [r for r in owners.holder(cx, v.head) if r.actor.country not in own]
    d.object_location = plover in ("ASSAULT", "COERCE")
    return True


@frame("light")
def light(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "held talks", "launched an attack", "imposed sanctions": the object noun is the event;
    its possessor did it ("reiterated its demand"), so the possessor is not a recipient."""
    v, prt = clause.verb, d.particle
    own = triggers.objects(v) + ([c for c in prt.children if c.dep_ == "pobj"] if prt is not None else [])
    # "staged a sit-in outside parliament" parsed as "(a sit-in) (outside parliament)": the event
    # noun as a modifier of the place the parser took for the object
    own += [c for o in list(own) for c in o.lefts if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN")
            and triggers.noun_rule(cx.lex, o) is None]
    # "took part in the talks": the share taken is in the joint event its "in" names (on the verb or
    # the share); not in force or protest ("took part in ground operations in Syria" names the side
    # joined, not whom the operations were aimed at, nor whether the sentence asks why)
    shares = [o for o in own if o.lemma_.lower() in _SHARE_NOUNS]
    own += [p for o in shares for h in (v, o) for p in tree.preposition_objects(h, ("in",))
            if (r := triggers.noun_rule(cx.lex, p)) is not None and cx.lex.plover(r.cameo) in COOPERATIVE]
    # "led a delegation on a visit to Moscow": the journey its "on" names (on the verb or the body led)
    own += [p for h in (v, *own) for p in tree.preposition_objects(h, ("on",)) if p.lemma_.lower() in _JOURNEYS]
    obj = next((o for o in own if triggers.noun_rule(cx.lex, o) is not None), None)
    if obj is None:
        return _staying_away(clause, d)
    nr = triggers.noun_rule(cx.lex, obj)
    assert nr is not None
    nr = noun_sense(cx, obj, nr, clause.actors)
    consumed.add(obj.i)
    d.cameo, d.mode, d.context, d.conf = nr.cameo, nr.mode, nr.context, max(nr.conf, 0.6)
    d.trigger_tokens.extend([*shares, obj])
    inner = triggers.occurrence_of(obj)
    if inner is not None:  # "began a new round of joint exercises": the exercises say who acts with whom
        d.trigger_tokens.append(inner)
    d.date_tokens = date_modifiers(obj)  # "Saturday's attack was carried out by ..."
    d.recipients = arguments.recipients(cx, v, d.rule.recipient, owners=False) or \
        arguments.noun_recipients(cx, obj, nr) or \
        (arguments.noun_recipients(cx, inner, nr) if inner is not None else []) or \
        arguments.recipients(cx, v, tuple(p for p in nr.recipient if p != "between"), owners=False)
    # (the third: "held a round of talks *with X*": the noun a round or series counts names whom)
    # (the last: the noun's own preposition the parser hung on the verb, "voiced (support) (for X)")
    if not d.recipients and cx.lex.plover(nr.cameo) == "REQUEST":
        # "reiterated its demand today that Israel ease ...": the clause may hang on the verb
        for c in v.children:
            if c.dep_ == "ccomp" and tree.has_marker(c, {"that"}):
                d.recipients = cx.resolve(tree.own_subject(c))
                break
    if not clause.actors:
        clause.actors = arguments.noun_actors(cx, obj)  # "the talks were held": the noun's participants
    d.actors = clause.actors
    if not predicates.needs_ok(nr.needs, predicates.Arguments(obj, None, d.actors, d.recipients), noun=True):
        return False  # the noun's own requirement: "gave its backing" to no one named supports no one
    d.object_location = True
    return True


def _staying_away(clause: Clause, d: Draft) -> bool:
    """ "said they will not attend", "would not take part", "will not participate": one who
    announces it will stay away from the meeting the story is about refuses to meet (PLOVER
    REJECT, CAMEO 125: :func:`~eventmill.events.modality.apply_modality` makes the announced
    refusal of the meeting coded here). Only a bare announcement: staying away told as done ("did
    not attend": negated), from something named that is no event ("will not attend the funeral",
    "in the process") or only possible ("could not attend") codes nothing."""
    v, m = clause.verb, clause.modality
    if not (m.negated and m.future) or m.hypothetical or v.lemma_.lower() not in _PARTICIPATION:
        return False
    objs = triggers.objects(v)
    shares = [o for o in objs if o.lemma_.lower() in _SHARE_NOUNS]
    if len(shares) != len(objs) or bool(shares) != (v.lemma_.lower() == "take"):
        return False  # "will not attend the funeral"; "take" only as "take part"
    if tree.prep_objects(v) or any(tree.prep_objects(o) for o in shares):
        return False  # "in the process", "on Monday": what it stays away from is named, and is no meeting
    d.cameo, d.conf = "040", _STAY_AWAY_CONF
    d.trigger_tokens.extend(shares)
    return True


@frame("stop")
def stop(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "halted the shelling", "ended talks": ending conflict de-escalates, ending cooperation
    reduces relations (PLOVER; the policy table's ``stop`` rows)."""
    inner, inner_is_verb = complement(cx, clause.verb, d.particle)
    planned = False
    if inner is None:
        inner, inner_is_verb, planned = planned_action(clause.verb), True, True
    if inner is None:
        return False
    a, _ = action_of(cx, inner, inner_is_verb, clause.actors)
    if planned and (a is None or a.plover not in CONFLICT):
        return False  # "suspended plans to build a port": only a measure against someone is given up
    sc = stop_code(a) if a is not None else None
    if sc is None:
        return False
    d.cameo = sc
    d.trigger_tokens.append(inner)
    if not d.recipients:
        d.recipients = (arguments.recipients(cx, inner, ("dobj", "on", "against", "with")) if inner_is_verb
                        else arguments.noun_recipients(cx, inner, triggers.noun_rule(cx.lex, inner)))
    return True


def planned_action(v: Token) -> Token | None:
    """The action of a plan the verb gives up: "suspended *plans to impose* curfews", "dropped a
    proposal that would ban the party". Giving up a planned measure against others is easing it
    (PLOVER CONCEDE: "promise of future concessions such easing of ... restrictions")."""
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _PLAN_NOUNS:
            for a in c.children:
                if a.pos_ == "VERB" and ((a.dep_ == "acl" and tree.has_to_infinitive(a)) or a.dep_ == "relcl"):
                    return tree.through_transparent(a)
    return None


def _content(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> tuple[Token | None, bool, Action | None]:
    """Read the complement of a promise, threat, refusal, request or accusation: the inner
    action (its negation turned into a stop: "vowed not to fight"), the tokens it adds to the
    trigger, and the recipients it names."""
    name = d.rule.frame
    inner, inner_is_verb = complement(cx, clause.verb, d.particle)
    action = None
    if inner is not None:
        action, noun = action_of(cx, inner, inner_is_verb, clause.actors)
        if action is not None:
            inner_m = own_modality(inner) if inner_is_verb else None
            if inner_m is not None and (inner_m.negated or inner_m.no_longer) and action.plover in CONFLICT:
                sc = stop_code(action)
                if sc:
                    action = triggers.action(cx.lex, sc)
            d.trigger_tokens.append(inner if inner_is_verb or noun is None else noun)
            if noun is not None:
                consumed.add(noun.i)
            if not inner_is_verb:
                consumed.add(inner.i)
            d.deadline_tokens.append(inner)
            if not d.recipients and name == "request" and inner_is_verb and inner.dep_ == "ccomp":
                # "demanded that the United States match the EU's support": the one asked is the
                # clause's subject, not what the asked action is done to
                d.recipients = cx.resolve(tree.own_subject(inner))
            if not d.recipients and name in ("commit", "threat", "refuse", "request"):
                d.recipients = arguments.inner_recipients(cx, inner, noun) if inner_is_verb else (
                    arguments.noun_recipients(cx, inner, triggers.noun_rule(cx.lex, inner))
                    or owners.object_owner(cx, inner))
        elif inner_is_verb and not d.recipients and name in ("threat", "refuse", "commit"):
            # "refused to respond to a demand from the US President": who it is aimed at
            d.recipients = arguments.inner_recipients(cx, inner, None)
    return inner, inner_is_verb, action


@frame("commit")
def commit(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "agreed to withdraw", "vowed to crush the rebels": a promise (AGREE, CONCEDE for a
    retreat) or, for conflict, a threat, with the promised action as ``intended``."""
    v, rule = clause.verb, d.rule
    inner, is_verb, action = _content(cx, clause, d, consumed)
    if inner is not None and is_verb and own_modality(inner).negated and (action is None or (
            action.plover in COOPERATIVE or action.plover in ("AGREE", "RETREAT", "CONCEDE"))):
        d.cameo = reject_code(action)  # "voted not to attend", "agreed not to sign": a refusal (PLOVER REJECT)
        return True
    if action is None and (v.dep_ == "acl" or not any(a.resolved for a in clause.actors)):
        return False  # "the principles agreed in 2008": a description, not a new agreement
    if action is None and rule.lemma in ("offer", "volunteer") and not d.recipients:
        return False  # "Isis offered everything a street gang does": nothing political offered
    if action is None and v.pos_ == "ADJ":
        return False  # "determined to retake Idlib" with no action we can code
    if (action is None or action.plover in CONFLICT) and inner is not None and is_verb and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _ILLS for c in inner.children):
        # "pledged to fight corruption", "is committed to fighting poverty", "to counter
        # Islamophobia": a policy, no one threatened and no party promised anything
        return False
    if action is not None:
        if action.plover == "MOBILIZE" and inner is not None and is_verb and v.lemma_ not in _RESOLVE and \
                _forces_pledged(inner, d.recipients):
            d.cameo, d.intended = "030", action.plover  # "committed to sending police to Haiti": a pledge of forces
            d.recipients = [r for r in d.recipients if not _sent(inner, r)]
        elif action.plover in CONFLICT and action.plover != "PROTEST":
            d.cameo, d.intended = threat_code(action), action.plover  # "vowed to crush the rebels"
        elif rule.cameo.startswith(("08", "087")) or action.plover in ("RETREAT", "CONCEDE") or \
                action.plover in COOPERATIVE:
            d.cameo = intent_code(action)
            d.intended = action.plover if action.plover != "AGREE" else None
        else:
            d.cameo = "030"
    elif cx.lex.plover(rule.cameo) == "RETREAT":
        # "declared a ceasefire": a declaration, not yet its implementation
        d.cameo, d.intended = intent_code(Action(rule.cameo, "RETREAT", rule.mode, ())), "RETREAT"
    clause.modality.future = True
    return True


def _forces_pledged(inner: Token, recipients: list[Resolved]) -> bool:
    """ "committed to sending police to Haiti", "promised to send more troops": a pledge of forces
    whose recipients are only where they go, or the forces themselves, is a promise (AGREE), not a
    threat to anyone ("vowed to send troops against the rebels" names whom they would face)."""
    return all(deployed_in(inner, r, _SENT_TO) or _sent(inner, r) for r in recipients)


def _sent(inner: Token, r: Resolved) -> bool:
    """Is the recipient the forces the verb sends ("send more troops")?"""
    return r.head >= 0 and inner.doc[r.head].dep_ == "dobj" and inner.doc[r.head].head == inner


@frame("threat")
def threat(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "threatened to attack", "warned it would impose sanctions": THREATEN; a warning that
    reports what someone else does is no threat (that clause is coded on its own)."""
    v = clause.verb
    inner, inner_is_verb, action = _content(cx, clause, d, consumed)
    if inner is not None and inner_is_verb:
        cond = arguments.condition_subject(cx, inner) or arguments.condition_subject(cx, v)
        if cond and not d.recipients:
            d.recipients = cond
    if inner is not None and inner_is_verb and inner.dep_ != "ccomp" and action is None:
        inner = next((c for c in v.children if c.dep_ == "ccomp"), inner)  # "... is seeking to bypass": its clause
    if inner is not None and inner_is_verb and inner.dep_ == "ccomp" and third_party(cx, v, inner):
        return _warning_against(cx, d, inner)
    if inner is not None and inner_is_verb and inner.dep_ == "xcomp" and d.rule.lemma in _WARNING_VERBS and \
            any(c.dep_ == "dobj" for c in v.children) and \
            not any(c.dep_ == "cc" and c.lower_ == "or" for c in inner.children):
        # "warned Trump to avoid military action": the one warned is told what to do (advice, an appeal:
        # CAMEO 02), no repercussion threatened (PLOVER THREATEN needs one; "to withdraw or face the
        # consequences" names one and stays a threat)
        d.cameo = request_code("020", action)
        return bool(d.recipients)
    if action is not None:
        d.cameo, d.intended = threat_code(action), action.plover
    elif d.rule.lemma == "warn" and not d.recipients:
        return False  # "warned that prices would rise": not a threat to anyone
    return True


def _warning_against(cx: Coding, d: Draft, inner: Token) -> bool:
    """ "warned that a Russian-sponsored conference will entrench Assad": a warning about what
    another party, or a thing of its making, will bring criticises that party (PLOVER ACCUSE,
    CAMEO 111); about a thing no one owns ("warned that prices would rise"), an act of force
    ("warned that Israeli airstrikes would continue"), or a party's own act the lexicon codes
    ("warned that Ethiopia would fill the dam"), it is no criticism."""
    subj = tree.own_subject(inner)
    if d.rule.lemma not in _WARNING_VERBS or subj is None:
        return False
    parties = cx.resolve(subj)
    if parties:  # a party's own act: coded on its own where the lexicon has the verb
        return _criticise(d, parties) if triggers.verb_entry(cx.lex, inner) is None else False
    if subj.pos_ != "NOUN" or ((rule := triggers.noun_rule(cx.lex, subj)) is not None and
                               cx.lex.plover(rule.cameo) in CONFLICT):
        return False
    return _criticise(d, _makers(cx, subj))


def _makers(cx: Coding, thing: Token) -> list[Resolved]:
    """Whose a thing is: the doers it names ("an attack by Isis"), else the state that sponsors
    it ("a Russian-sponsored conference")."""
    parties = arguments.noun_actors(cx, thing)
    if not parties:
        _, sponsors = patrons.split(cx.m, thing, tree.premodifiers(thing))
        parties = [cx.m.make(thing, country=iso, sector=None, confidence=0.6, kind="state")
                   for iso in sorted(sponsors) if len(iso) == 3 and iso.isupper()]
    return parties


def _criticise(d: Draft, parties: list[Resolved]) -> bool:
    """The warning criticises these parties, unless they are the warner's own state ("Germany
    warned their repatriation would be difficult": its own task, no one criticised)."""
    own = {a.actor.country for a in d.actors if a.actor.sector in (None, "GOV")}
    parties = [p for p in parties if not (p.actor.country in own and p.actor.sector in (None, "GOV"))]
    if not parties:
        return False
    d.cameo, d.recipients = _CRITICISM, parties
    return True


@frame("report")
def report(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "said the talks would resume": a report is no event of its own (the reported clause is
    coded, attributed). Where what it reports charges a named party with a blameworthy deed
    ("Kyiv said Moscow was behind the blast", "countered that the government had rigged the
    count"), it is the speaker's accusation of that party (events/charges.py); the speaker must
    be a named actor, not the press, and a charge against the speaker's own side is an admission,
    no accusation."""
    if _alternative_threat(cx, clause, d):
        return True
    if not _charged(cx, clause, d) and not _refused_as_unacceptable(cx, clause, d):
        return False
    d.conf = _CHARGE_CONF
    return True


def _alternative_threat(cx: Coding, clause: Clause, d: Draft) -> bool:
    """Does the speaker name an act of its own side as the course left (:func:`alternative_course`)?
    That is the speaker's threat (THREATEN, the act in ``intended``), as "warned that the
    alternative would be to ..." is (the threat frame): an act of conflict or one that takes
    something away, not cooperation ("the next step would be to hold talks"), told by a named
    party, not the press."""
    inner = alternative_course(clause.verb)
    if inner is None or not any(a.resolved and a.actor.sector != "MED" for a in clause.actors):
        return False
    action, _ = action_of(cx, inner, True, clause.actors)
    if action is None or action.plover in COOPERATIVE or action.plover in ("AGREE", "CONSULT"):
        return False
    d.cameo, d.intended, d.conf = threat_code(action), action.plover, _ALTERNATIVE_CONF
    d.trigger_tokens.append(inner)
    if not d.recipients:
        d.recipients = arguments.inner_recipients(cx, inner, None)
    return True


def alternative_course(v: Token) -> Token | None:
    """The act a reported clause names as the course left to the speaker's side ("said *the
    alternative* was to release them", "said *the only other option* would be to launch an
    offensive"; not an option considered, "one option was to impose sanctions", nor an act of
    another doer, "the alternative would be for Israel to invade")."""
    cop = next((c for c in v.children if c.dep_ == "ccomp" and c.lemma_ == "be"), None)
    subj = tree.own_subject(cop) if cop is not None else None
    if cop is None or subj is None or subj.lemma_.lower() not in _ALTERNATIVES:
        return None
    if subj.lemma_.lower() != "alternative" and not any(
            c.lower_ in _ALTERNATIVE_MARKS for c in subj.children if c.dep_ in ("amod", "advmod")):
        return None
    return next((c for c in cop.children if c.dep_ in ("xcomp", "attr", "ccomp") and c.pos_ == "VERB" and
                 tree.has_to_infinitive(c) and tree.own_subject(c) is None and
                 not any(m.dep_ == "mark" for m in c.children)), None)


def _refused_as_unacceptable(cx: Coding, clause: Clause, d: Draft) -> bool:
    """Does the speaker call another side's offer, terms or demand unacceptable ("Kyiv said the
    terms were unacceptable", "said the conditions offered were hard to accept")? Then the speaker
    rejects it (REJECT 120), and the one whose offer it was is the recipient (events/charges.py)."""
    refused = charges.refused_offer(clause.verb)
    if refused is None or not any(a.resolved and a.actor.sector != "MED" for a in clause.actors):
        return False
    verdict, thing = refused
    own = {a.actor.code or a.actor.country for a in clause.actors}
    d.cameo = "120"
    d.recipients = [r for r in owners.object_owner(cx, thing) if (r.actor.code or r.actor.country) not in own]
    if not d.recipients and tree.passive_agent(thing) is None:
        partners = _bargaining_partner(cx, clause.verb, own)
        d.recipients = [r for r in partners if (r.actor.code or r.actor.country) not in own]
    d.trigger_tokens.append(verdict)
    return True


def _bargaining_partner(cx: Coding, said: Token, own: set[str | None]) -> list[Resolved]:
    """The side the speaker bargains with in the same sentence ("are negotiating *with Russia* but
    say the conditions offered are hard to accept"): whose terms the speaker calls unacceptable when
    no one is named as offering them."""
    for tok in said.sent:
        if tok.lemma_.lower() not in _BARGAINING and tok.lower_ not in _BARGAINING:
            continue
        clause = tok
        while clause.dep_ in ("xcomp", "pobj", "prep", "dobj") and tree.grammatical_subject(clause) is None:
            clause = clause.head  # "are trying to negotiate with", "are in talks with": whose bargaining
        subject = tree.grammatical_subject(clause)
        if subject is None or not {a.actor.code or a.actor.country for a in cx.resolve(subject)} & own:
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                partners = [r for p in tree.pobjs(prep) for r in arguments.apposed_name(cx, p) or cx.resolve(p)]
                if partners:
                    return partners
    return []


def _charged(cx: Coding, clause: Clause, d: Draft) -> bool:
    """Does the clause the verb reports charge a named party, not the speaker's own, with a
    blameworthy deed (events/charges.py)? Then that party is the one accused, and the deed says
    of what."""
    told = charges.charge(cx.lex, clause.verb)
    if told is None or not any(a.resolved and a.actor.sector != "MED" for a in clause.actors):
        # (what a newspaper reports, it reports: no accusation of its own)
        return False
    doer = charges.doer(told)
    if doer is None:
        return False
    parties = cx.resolve(doer)
    if not parties and doer.pos_ == "NOUN":  # "the conference was designed to ...": its maker
        parties = _makers(cx, doer)
    # (nor the speaker's own state: "the army said the ministry had lied" sets no state against another)
    own = {a.actor.code or a.actor.country for a in clause.actors}
    states = {a.actor.country for a in clause.actors if a.actor.country and a.actor.sector in _STATE}
    parties = [p for p in parties if p.resolved and (p.actor.code or p.actor.country) not in own and
               not (p.actor.country in states and p.actor.sector in _STATE)]
    if not parties:
        return False
    d.cameo, d.recipients = charges.charge_code(cx.lex, told), parties
    d.trigger_tokens.append(told)
    return True


@frame("refuse")
def refuse(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "refused to release", "rejected the proposal": REJECT of that kind of action;
    "declined to comment" is no event (CAMEO 011)."""
    inner, inner_is_verb, action = _content(cx, clause, d, consumed)
    if inner is not None and inner_is_verb and inner.lemma_.lower() in _NO_COMMENT and \
            not substantive_discussion(cx, inner, d.rule.lemma != "decline"):
        return False
    d.cameo = reject_code(action) if d.rule.cameo == "120" else d.rule.cameo
    return not (action is None and d.rule.lemma in ("decline", "dismiss", "resist") and not d.recipients)


def substantive_discussion(cx: Coding, inner: Token, by_matter: bool) -> bool:
    """Is a refused "discuss" a refusal to negotiate, not to comment: it names the party it would
    be discussed with ("refused to discuss the border with Kosovo") or (``by_matter``: not after
    "declined", a spokesman's word for no comment, "declined to discuss the deal") a matter
    parties negotiate ("refused to discuss a ceasefire", "refused to discuss two items, a new
    constitution and elections"); not "declined to discuss the matter", "refused to discuss the
    allegations"."""
    if inner.lemma_.lower() != "discuss":
        return False
    if any(cx.resolve(p) for c in inner.children if c.dep_ == "prep" and c.lower_ == "with" for p in tree.pobjs(c)):
        return True
    if not by_matter:
        return False
    matters = [c for c in inner.children if c.dep_ == "dobj"]
    for _ in range(3):  # the object, its conjuncts and appositions, and what "two of ..." counts
        matters += [c for m in matters for c in m.children if c.dep_ in ("conj", "appos") or
                    (c.dep_ == "prep" and c.lower_ == "of")]
        matters += [p for m in matters if m.dep_ == "prep" for p in tree.pobjs(m)]
    return any(m.lemma_.lower() in _NEGOTIATED for m in matters if m.pos_ in ("NOUN", "PROPN"))


@frame("request")
def request(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "urged Israel to withdraw", "demanded that Israel withdraw": an appeal (CAMEO 02) or a
    demand (10) for that kind of action, of the one asked."""
    v = clause.verb
    inner, inner_is_verb, action = _content(cx, clause, d, consumed)
    if inner is None and d.rule.cameo.startswith(("02", "10")) and \
            any(c.dep_ in ("prep", "prt", "advmod") and c.lower_ in _DIRECTIONS for c in v.children):
        return False  # "pushed the militants out of the town", "towards the river": force that moves them, no demand
    if d.rule.cameo.startswith(("02", "10")):
        d.cameo = request_code(d.rule.cameo, action)
    if not d.recipients and inner is not None and inner_is_verb:
        inner_subj = tree.own_subject(inner)
        if inner_subj is not None:
            # "demanded that Israel withdraw"; "that control of the ministry be taken away"
            d.recipients = cx.resolve(inner_subj) or owners.object_owner(cx, inner_subj)
    # "pleading Brexit business": a request needs someone asked or something asked for
    return bool(d.recipients or action is not None or inner is not None or triggers.objects(v))


@frame("accuse")
def accuse(cx: Coding, clause: Clause, d: Draft, consumed: set[int]) -> bool:
    """ "accused X of killing": the accusation's content is not an event of its own; an
    accusation of violence or repression is CAMEO 1123 / 1122."""
    inner, is_verb, action = _content(cx, clause, d, consumed)
    if not d.recipients and d.cameo in ("110", "112") and _charged(cx, clause, d):
        return True  # "countered that the government had rigged the count": the one the clause charges
    if action is not None and not is_verb and action.plover in ("ASSAULT", "COERCE", "SANCTION") and \
            inner is not None and inner.dep_ == "dobj" and inner.head.i == clause.verb.i:
        # "condemned the arrest of X by Ugandan police": aimed at who did it, never its victim
        d.recipients = arguments.noun_actors(cx, inner)
    if action is not None and d.cameo == "112":
        if action.plover == "ASSAULT":
            d.cameo = "1123"
        elif action.plover == "COERCE":
            d.cameo = "1122"
    return True


__all__ = ["FRAMES", "action_of", "complement"]
