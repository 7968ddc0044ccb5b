"""Auxiliary modes: what a trigger's own auxiliaries say (negated, "no longer", future,
hypothetical, obligation), what the clauses above it say (a report, an intention, a denial,
a condition, or a frame that takes it as its content), and PLOVER's intention rules that
turn an announced action into AGREE, CONCEDE or THREATEN (PLOVER manual, "Auxiliary modes",
AGREE, CONCEDE, THREATEN)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors import quotes
from eventmill.events import arguments, charges, nonevents, triggers
from eventmill.events.frames_base import CONTENT_FRAMES, Candidate, Inherited, Modality
from eventmill.events.ontology import (
    CONFLICT,
    COOPERATIVE,
    Action,
    done_by_deciding,
    intent_code,
    reject_code,
    request_code,
    stop_code,
    threat_code,
)
from eventmill.events.petrarch_reading import speech_verb
from eventmill.lang import tree
from eventmill.lang.words import en, word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding

_CLAIMING = word_class("claim_verb", "events/words.tsv")
_FUTURE = en("future_auxiliary") | en("conditional_auxiliary")
_HYPOTHETICAL = en("hypothetical_modal")
_INFERENCE = en("inference_verb")
_OBLIGATION = en("obligation_modal")
_SCHEDULING = en("scheduling_verb")
_CONTENT_NOUNS = en("content_noun")
_BLOCKERS = en("blocking_verb")
_TRANSPARENT = en("transparent_verb")
_COMMENTATORS = en("commentator")
_ADJECTIVE_FRAMES = word_class("adjective_frame", "events/words.tsv")
_REACTIONS = word_class("reaction_verb", "events/words.tsv")
_ANNOUNCING = word_class("announcing_verb", "events/nonevents.tsv")
_NEGATING_NOUNS = word_class("negating_phrase_noun", "events/words.tsv")
_PREDICTIONS = word_class("prediction_adjective", "events/words.tsv")
_EVALUATIVE = word_class("evaluative_adjective", "events/words.tsv")
_NEGATIVE_PRONOUNS = en("negative_pronoun")
_PERSON_PRONOUNS = en("person_pronoun")
_STANCE_PREPOSITIONS = en("stance_preposition")
_NEGATIVE_LEADS = en("negative_quantifier_lead")
_NEGATIVE_CORRELATIVES = en("negative_correlative")
_DEPLOYMENT_PREPS = word_class("deployment_preposition", "events/nonevents.tsv")
_FAILURE = word_class("failure_verb", "events/words.tsv")
_STAKING = word_class("staking_verb", "events/words.tsv")
_PERMITTING = word_class("permitting_verb", "events/words.tsv")
_AUTHORITIES = sectors_in("state_force") | {"GOV"}  # who can lift a curfew or ease a restriction
_DECIDING = word_class("deciding_verb", "events/words.tsv")


def _negating_phrase(v: Token) -> bool:
    """ "At no point did X attack", "in no way supported": a "no" phrase fronted before the
    auxiliary (the parser hangs it on the auxiliary, or on an auxiliary it made the root)."""
    holders = [v, *(c for c in v.children if c.dep_ == "aux")]
    if v.dep_ == "ccomp" and v.head.i < v.i and v.head.lemma_ in ("have", "do", "be"):
        holders.append(v.head)
    return any(c.dep_ == "prep" and any(p.lemma_.lower() in _NEGATING_NOUNS and any(
        d.dep_ == "det" and d.lower_ == "no" for d in p.children) for p in tree.pobjs(c))
        for h in holders for c in h.children)


def _no_participant(v: Token) -> bool:
    """ "No one was arrested", "none of the attackers were caught", "not a single activist has
    been detained", "police arrested no protesters", "neither X nor Y": a subject or object that
    names no one negates the verb ("not all protesters were arrested" still names some)."""
    for c in v.children:
        if c.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if c.lower_ in _NEGATIVE_PRONOUNS or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return True
        if any(t.lower_ in _NEGATIVE_CORRELATIVES for t in c.subtree) and any(t.lower_ == "nor" for t in c.subtree):
            return True  # "neither Tehran nor Baghdad has given permission"
        if any(t.lower_ == "not" and t.i + 1 < len(v.doc) and v.doc[t.i + 1].lower_ in _NEGATIVE_LEADS
               for t in c.subtree if t.i < c.i):
            return True
    return False


def own_modality(v: Token) -> Modality:
    """The verb's own auxiliaries, negators and markers; "is set to", "are expected to"."""
    m = Modality()
    for c in v.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "advmod" and low == "never"):
            nxt = v.doc[c.i + 1] if c.i + 1 < len(v.doc) else None
            if low == "no" and nxt is not None and nxt.lower_ == "longer":
                m.no_longer = True
            else:
                m.negated = True
        elif c.dep_ == "advmod" and low == "longer" and any(x.lower_ == "no" for x in c.children):
            m.no_longer = True
        elif c.dep_ in ("aux", "auxpass"):
            if low in _FUTURE and not (low in ("will", "'ll") and _inferred_past(v)):
                m.future = True
            elif low in _HYPOTHETICAL:
                m.hypothetical = True
            elif low in _OBLIGATION:
                m.obligation = True
        elif c.dep_ == "mark" and low in ("if", "unless", "whether"):
            m.hypothetical = True
    if _negating_phrase(v):
        m.negated = True  # "at no point did the troops attack", "at no moment have the parties accepted"
    if _no_participant(v):
        m.negated = True
    if v.dep_ == "xcomp" and v.head.lemma_ in _SCHEDULING:
        m.future = True  # "is set to meet", "are expected to hold talks", "is going to"
    if tree.has_to_infinitive(v) and v.head.lower_ in ("is", "are", "was"):
        m.future = True
    if v.dep_ == "acomp" and v.head.lemma_ == "be" and v.pos_ == "ADJ" and v.lemma_.lower() in _ADJECTIVE_FRAMES:
        # "Syria is not willing to withdraw", "they would be ready to talk": the copula's negator
        # and auxiliaries are the commitment adjective's
        cop = own_modality(v.head)
        m.negated = m.negated or cop.negated
        m.no_longer = m.no_longer or cop.no_longer
        m.future = m.future or cop.future
        m.hypothetical = m.hypothetical or cop.hypothetical
    return m


def _inferred_past(v: Token) -> bool:
    """ "The ministry will already have shared the files": a perfect after "will" with "already"
    infers what has been done; it announces nothing (not "will have withdrawn by the end of the
    year", a deadline ahead; not "would already have", a counterfactual)."""
    haves = [c for c in v.children if c.dep_ == "aux" and c.lemma_ == "have"]
    return v.tag_ == "VBN" and bool(haves) and \
        any(c.dep_ == "advmod" and c.lower_ == "already" for t in [v, *haves] for c in t.children)


def inherited(cx: Coding, v: Token) -> Inherited:
    """Walk up from a trigger: frames above it consume it or colour it."""
    inh = Inherited()
    child, t = v, v.head
    for _ in range(8):
        if t.i == child.i:
            break
        dep = child.dep_
        sibling = _complement_sibling(child, t) if dep == "conj" else None
        if sibling is not None:
            # "accused Moscow of violating the accord, and breaching the treaty": a gerund the parser
            # joined to the verb continues the verb's own gerund complement and is read as that one
            child, t, dep = sibling, sibling.head, sibling.dep_
        if dep == "conj" and t.pos_ in ("VERB", "AUX"):
            _shared_with_conjunct(child, t, inh)
        if tree.announced_plan(child):
            inh.future = True  # "announced plans to withdraw": the announcement of a withdrawal
            child, t = t.head, t.head.head
            continue
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _CONTENT_NOUNS and \
                dep in ("acl", "relcl", "prep", "pcomp", "xcomp") and not (dep == "acl" and issued_document(t)) and \
                not (child.i == v.i and _reaction_to(child, dep)) and not nonevents.attempted_harm(child):
            inh.consumed = True
            return inh
        if dep in ("relcl", "acl") and tree.is_passive(child) and not any(
                c.dep_ == "agent" for c in child.children) and child.i != v.i and \
                not (v.dep_ == "conj" and v.head.i == child.i and tree.passive_agent(v) is not None):
            # "two British men killed fighting Isis": background to the story's news (not a participle
            # joined to it with a doer of its own: "the militia, trained and armed by the US")
            inh.consumed = True
            return inh
        if dep in ("relcl", "acl", "appos", "amod"):
            break  # (a participle before its noun, "urged them to free the arrested men": the arrest is told as done)
        if dep == "advcl" and tree.conditional(child):
            inh.hypothetical = True  # "if they are captured", "as long as they are not attacked"
        if dep == "xcomp" and t.pos_ == "ADJ" and t.lemma_.lower() in _PREDICTIONS:
            inh.hypothetical = True  # "the Taliban are unlikely to allow Afghans to leave": a forecast
        if dep == "xcomp" and _weighed(t) and (child.i == v.i or v in child.conjuncts):
            # "it is preferable to arrest and prosecute them": an opinion (not what the weighed verb
            # says: "it is necessary to recognise that they are still being prosecuted")
            inh.hypothetical = True
        if (t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.lemma_.lower() in _ADJECTIVE_FRAMES)) and \
                _governing_verb(cx, t, child, dep, inh):
            return inh
        if dep == "pcomp" and t.dep_ == "prep" and t.lower_ in _STANCE_PREPOSITIONS and \
                t.head.lemma_ in ("be", "remain", "stay"):
            # "Germany is against sending troops": a stance on the act, not the act (as "is opposed to")
            inh.consumed = True
            return inh
        if dep == "pcomp" and t.dep_ == "prep" and (t.lower_ in ("without", "than") or (
                t.lower_ == "of" and t.head.lower_ == "instead") or t.head.lower_ == "rather"):
            # "instead of retreating", "without firing a shot", "a safer bet than allying with the
            # tribes": the alternative compared with what was done is not done
            inh.negated = True
        if dep == "pcomp" and t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN") and (
                t.head.lemma_.lower() in _CONTENT_NOUNS or (triggers.noun_rule(cx.lex, t.head) is None
                                                          and t.lower_ not in ("after", "before", "by", "since"))):
            # "advantages in accepting the group's authority": a gerund a noun governs is not asserted
            inh.consumed = True
            return inh
        child, t = t, t.head
    return inh


def _weighed(t: Token) -> bool:
    """Is ``t`` an evaluative adjective, or a copula whose predicate is one ("it is preferable to
    arrest", "it would be wrong to bomb"): the infinitive under it is weighed, not done?"""
    if t.pos_ == "ADJ":
        return t.lemma_.lower() in _EVALUATIVE
    return t.lemma_ == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in _EVALUATIVE for c in t.children)


def _reaction_to(child: Token, dep: str) -> bool:
    """A passive participle with its agent on a noun of content says what someone did to the plan,
    not what the plan is: "a decision hailed by Moscow", "the proposal, which was rejected by the
    rebels" (not "a plan to attack", "the demand that Israel withdraw"; nor "a bill signed by the
    minister": making the plan is background to it)."""
    return dep in ("acl", "relcl") and child.lemma_.lower() in _REACTIONS and tree.is_passive(child) and \
        tree.passive_agent(child) is not None


def _complement_sibling(conj: Token, verb: Token) -> Token | None:
    """The gerund complement ("of violating", "denied violating") of a finite verb that a gerund
    conjunct of that verb, with no subject of its own, continues."""
    if conj.tag_ != "VBG" or verb.tag_ == "VBG" or verb.pos_ != "VERB" or tree.own_subject(conj) is not None:
        return None
    for c in verb.children:
        if c.i > conj.i:
            break
        if c.dep_ == "xcomp" and c.tag_ == "VBG":
            return c
        if c.dep_ == "prep":
            gerunds = [g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
            if gerunds:
                return gerunds[0]
    return None


def _shared_with_conjunct(conj: Token, first: Token, inh: Inherited) -> None:
    """ "Russia would shoot down the missiles and attack their launchers if ...": a verb joined to
    another without its own subject or auxiliary shares its auxiliaries and its condition."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in conj.children):
        return
    gov = own_modality(first)
    inh.future = inh.future or gov.future
    inh.hypothetical = inh.hypothetical or gov.hypothetical
    if any(c.dep_ == "advcl" and tree.conditional(c) for c in first.children):
        inh.hypothetical = True
    if gov.negated and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in first.children):
        inh.negated = True  # "did not attack or burn the village"


def _governing_verb(cx: Coding, t: Token, child: Token, dep: str, inh: Inherited) -> bool:
    """Read a verb above the trigger; True when it consumes the trigger (``inh.consumed`` set)."""
    frames = triggers.frames_of(cx.lex, t)
    is_complement = dep in ("xcomp", "ccomp", "pcomp", "dobj", "prep", "advcl")
    consumed = False
    if dep == "xcomp" and tree.reported_act(child):
        inh.reported = inh.claimed = True  # "Boko Haram is said to have attacked": told, not witnessed
        return False
    if staked_act(child):
        inh.negated = True  # "would not risk British lives to rescue them": a refusal, where announced (apply_modality)
    elif t.lemma_.lower() in _BLOCKERS and dep in ("xcomp", "pcomp", "prep", "dobj", "ccomp"):
        consumed = True  # "prevented them from defending", "to avoid attacking"
    elif dep == "ccomp" and "light" in frames and content_object(cx, t):
        consumed = True  # "reiterated its demand that Israel ease ...": the demand's content
    elif dep == "ccomp" and t.lemma_.lower() in _INFERENCE:
        consumed = True  # "that does not mean the US cannot push": a line of reasoning, nothing told
    elif dep in ("ccomp", "parataxis") and (_only_reports(_telling_frames(cx, t, child, frames))
                                            or speech_verb(cx.lex, t)):
        inh.reported = True
        inh.speaker = inh.speaker or tree.subject(t)
        # "said Moscow had violated the truce": what a charge alleges, one party asserts (claimed)
        inh.claimed = inh.claimed or t.lemma_.lower() in _CLAIMING or charges.charge(cx.lex, t) is not None
    elif dep == "ccomp" and "accuse" in frames and t.lemma_.lower() in _CLAIMING and _told_clause(child):
        # "the committee alleged that police had detained its president": the allegation is the
        # speaker's accusation, and what it alleges is an event one party asserts (claimed)
        inh.reported = inh.claimed = True
        inh.speaker = inh.speaker or tree.subject(t)
    elif dep == "xcomp" and "report" in frames and not (frames - {"report", "light"}):
        consumed = True  # "claiming to fight terrorism": a claim, not an action
    elif "threat" in frames and dep == "ccomp" and third_party(cx, t, child):
        inh.reported = True  # "Israel warned that Iran is arming Hezbollah": a report, not a threat
        inh.speaker = inh.speaker or tree.subject(t)
    elif is_complement and frames & CONTENT_FRAMES and frame_applies(child):
        consumed = True
    elif is_complement and "intend" in frames and dep in ("xcomp", "ccomp"):
        if t.lemma_ not in ("try", "attempt"):
            inh.future = True
        if own_modality(t).negated:
            inh.negated = True  # "who do not intend to surrender"
        if dep == "xcomp" and t.lemma_.lower() in _DECIDING and _past_decision(t):
            inh.decided = True  # "Japan decided to ease sanctions" (apply_modality: some acts are done so)
    elif is_complement and "deny" in frames and dep in ("xcomp", "ccomp", "pcomp", "dobj"):
        inh.negated = True
        inh.failed = inh.failed or t.lemma_.lower() in _FAILURE
    if dep in ("ccomp", "xcomp") and t.lemma_.lower() in _PERMITTING and own_modality(t).negated:
        inh.negated = True  # "will not allow Syrian Kurds to attend the talks": what is not allowed is not done
    if consumed:
        inh.consumed = True
        return True
    if dep in ("xcomp", "pcomp", "prep", "amod") or (dep == "advcl" and child.tag_ in ("VB", "VBG")):
        # "his country would focus on helping train": the governing verb's modality
        gov = own_modality(t)
        inh.future = inh.future or gov.future
        inh.hypothetical = inh.hypothetical or gov.hypothetical
    elif dep == "acomp" and t.lemma_ == "be" and tree.stance_participle(child):
        # "Turkey is not opposed to the bid": the copula's negator and auxiliaries are the stance's
        gov = own_modality(t)
        inh.negated = inh.negated or gov.negated
        inh.future = inh.future or gov.future
        inh.hypothetical = inh.hypothetical or gov.hypothetical
    return False


def staked_act(v: Token) -> bool:
    """Is the verb the act a negated risk is taken for ("would not risk British lives *to rescue*
    them", "will not jeopardise its troops to defend the town")? It is not done, and its doer says so:
    told as announced it is a refusal; "risked their lives to rescue them" stays a purpose."""
    h = v.head
    return v.dep_ in ("xcomp", "advcl") and tree.has_to_infinitive(v) and h.lemma_.lower() in _STAKING and \
        any(c.dep_ == "dobj" for c in h.children) and own_modality(h).negated


def _told_clause(child: Token) -> bool:
    """A finite clause with its own subject, told as a fact ("alleged that police detained him"),
    not a question, a condition or a supposition ("whether", "if", "would")."""
    subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or any(c.dep_ == "mark" and c.lower_ != "that" for c in child.children):
        return False
    # "alleged that the police would arrest him": a supposed act stays the allegation's content
    return not any(c.dep_ == "aux" and c.lower_ in _FUTURE | _HYPOTHETICAL | _OBLIGATION for c in child.children)


def _past_decision(t: Token) -> bool:
    """Was the decision taken ("decided", "has decided"), not announced or supposed ("will decide",
    "could decide", "did not decide")?"""
    own = own_modality(t)
    if own.future or own.hypothetical or own.negated:
        return False
    return t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children))


def content_object(cx: Coding, v: Token) -> bool:
    """Is the verb's object a noun that carries content (a demand, threat, promise)?"""
    for o in triggers.objects(v):
        rule = triggers.noun_rule(cx.lex, o)
        if o.lemma_.lower() in _CONTENT_NOUNS or (rule is not None and cx.lex.plover(rule.cameo) in (
                "REQUEST", "THREATEN", "ACCUSE", "AGREE", "REJECT")):
            return True
    return False


def third_party(cx: Coding, warner: Token, clause: Token) -> bool:
    """Does a "warned that ..." clause have its own subject on another side than the warner?"""
    subj = tree.own_subject(clause)
    if subj is None or subj.pos_ == "PRON":
        return False
    theirs = cx.resolve(subj)
    if not theirs:
        return True  # "warned that the famine would kill thousands": about a thing, not a threat
    ours = cx.resolve(tree.subject(warner))
    return bool(ours) and not same_side(ours, theirs)


def _only_reports(frames: set[str]) -> bool:
    """Does a verb with these frames only tell (say, report), taking no clause as the content of
    a request, a promise or a threat?"""
    return "report" in frames and not (frames - {"report", "light"})


def _telling_frames(cx: Coding, t: Token, child: Token, frames: set[str]) -> set[str]:
    """The frames a verb over a clause can have here: those of its rows whose particle this use has
    ("insisted on Monday that Assad was committed" tells, "insist on" a thing demands it), all of
    them over a bare subjunctive ("insisted that Israel withdraw": what is demanded, not told)."""
    mandative = child.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in child.children)
    return frames if mandative else triggers.frames_said(cx.lex, t)


def frame_applies(child: Token) -> bool:
    """A frame verb consumes this child only when the child is its complement."""
    if child.dep_ in ("xcomp", "ccomp"):
        return True
    if child.dep_ == "pcomp" or (child.dep_ == "prep" and child.lower_ in ("of", "for", "against", "to")):
        return True
    return bool(child.dep_ == "advcl" and tree.has_to_infinitive(child))


def issued_document(n: Token) -> bool:
    """ "approved a resolution criticizing X", "issued a statement condemning X": the document's
    words are its issuer's act (the subject helper then finds the issuer)."""
    return n.lemma_.lower() in en("speech_noun") | en("document_noun") and n.dep_ in ("dobj", "nsubjpass") and \
        n.head.lemma_.lower() in en("issuing_verb")


def eased_by_speaker(v: Token, speaker: list[Resolved]) -> bool:
    """ "The curfew will be lifted on Monday, the interior ministry said": a concession told in
    the passive with no one named as its doer is granted by the authority that announces it, a
    state's government or forces (not "he said he had been pardoned": what was done to the speaker)."""
    if not speaker or not tree.is_passive(v) or tree.passive_agent(v) is not None:
        return False
    subj = tree.subject(v)
    return (subj is None or subj.pos_ != "PRON") and all(
        s.actor.country and s.actor.sector in _AUTHORITIES for s in speaker)


def same_side(speaker: list[Resolved], actors: list[Resolved]) -> bool:
    sc = {s.actor.country or s.actor.code for s in speaker}
    ac = {a.actor.country or a.actor.code for a in actors}
    return bool(sc & ac) or not actors


def _of_himself(speaker: list[Resolved], actors: list[Resolved], doc: Doc) -> bool:
    """ "with Mr Wallace saying that he would not ...": a speaker no country is known for, telling
    what "he" or "she" will do, speaks of himself (the story may know whom the pronoun stands for
    better than the name: same side)."""
    return not any(s.actor.country or s.actor.code for s in speaker) and any(
        0 <= a.head < len(doc) and doc[a.head].lower_ in _PERSON_PRONOUNS for a in actors)


# ------------------------------------------------------------------ PLOVER's intention rules


def refusable(plover: str | None, cand: Candidate) -> bool:
    """Does a negated promise or announcement of this refuse something? A retreat, a concession
    or an agreement; cooperation when one side says it will not ("Iran will not negotiate with
    the US"), not when two will not do it together ("Iran and the US will not meet": no one
    refuses anyone)."""
    return plover in ("AGREE", "RETREAT", "CONCEDE") or (plover in COOPERATIVE and len(cand.actors) <= 1)


def apply_modality(cx: Coding, cand: Candidate, m: Modality, inh: Inherited, frame: str) -> None:
    """Set the candidate's auxiliary modes and, for announced actions, its promise or threat."""
    plover = cx.lex.plover(cand.cameo)
    if m.no_longer and plover is not None:
        sc = stop_code(Action(cand.cameo, plover, cand.mode, ()))
        if sc:
            cand.cameo, cand.mode = sc, None
            plover = cx.lex.plover(sc)
    if inh.decided and m.future and not (m.negated or m.hypothetical) and plover is not None and \
            done_by_deciding(Action(cand.cameo, plover, cand.mode, ())):
        m = replace(m, future=False)  # "Japan decided to ease sanctions": the decision eases them (CAMEO 08)
    speaker = cx.resolve(inh.speaker) if inh.reported else []
    cand.speaker = speaker
    if plover == "CONCEDE" and not cand.actors and eased_by_speaker(cand.trigger, speaker):
        cand.actors = list(speaker)
    if inh.reported and m.obligation and frame == "plain" and speaker and plover not in ("REQUEST",):
        # "Russia said Sudan must return the helicopter": Russia's demand of Sudan
        cand.cameo = request_code("100", Action(cand.cameo, plover, cand.mode, ()))
        cand.recipients, cand.actors, cand.mode = cand.actors, speaker, None
        return
    failed_agreement = inh.failed and plover == "AGREE" and not own_modality(cand.trigger).negated
    # "did not allow journalists to enter": permission withheld is a refusal done, as "will not allow" is one announced
    withheld = plover == "CONCEDE" and cand.trigger.lemma_.lower() in _PERMITTING
    if m.negated and (m.future or frame == "commit" or failed_agreement or withheld) and refusable(plover, cand) and (
            not speaker or same_side(speaker, cand.actors) or _of_himself(speaker, cand.actors, cand.trigger.doc)):
        # "will not lift the ban", "will not accept the proposal", "said they will not attend": an announced
        # refusal of cooperation (PLOVER REJECT; CAMEO 12: refuse to meet, to cooperate, to give aid); "failed
        # to reach agreement": the sides would not agree (CAMEO 12), no agreement negated
        cand.cameo = reject_code(Action(cand.cameo, cand.intended or plover, cand.mode, ()))
        cand.intended = cand.mode = cand.plover = None
        return
    if m.negated:
        cand.aux.add("negated")
    if m.hypothetical:
        cand.aux.add("hypothetical")
    if frame == "light" and plover == "RETREAT" and cand.mode == "withdraw" and not m.negated and \
            cand.trigger.lemma_.lower() in _ANNOUNCING:
        # "Trump has announced a troop withdrawal from Syria": the announcement of a retreat (CONCEDE)
        _announced_retreat(cx, cand, plover)
        return
    if frame in ("commit", "threat", "request", "refuse", "accuse"):
        if m.future and frame != "commit":
            cand.aux.add("future")
        return
    if not (m.future or m.hypothetical) or m.negated:
        return
    if plover in COOPERATIVE and plover != "AGREE":
        if m.future:  # ("Britons could contribute to ...": a possibility, not a promise)
            _announce(cand, plover, intent_code(Action(cand.cameo, plover, cand.mode, ())))
    elif plover in ("RETREAT", "CONCEDE"):
        _announced_retreat(cx, cand, plover)
    elif plover in CONFLICT:
        _announced_conflict(cx, cand, plover, m, inh, speaker)
    elif m.future:
        cand.aux.add("future")


def deployed_in(trigger: Token, r: Resolved, preps: frozenset[str] = _DEPLOYMENT_PREPS) -> bool:
    """Is the recipient only where forces are sent ("troops in Syria", with ``preps`` "police to
    the border"), or the forces' own country ("US troops")?"""
    if r.kind == "owner":
        return True
    if r.head < 0:
        return False
    tok = trigger.doc[r.head]
    if tok.dep_ in ("compound", "amod", "poss", "nmod"):
        return True  # "US troops": whose forces they are
    return tok.dep_ == "pobj" and tok.head.lower_ in preps


def _announce(cand: Candidate, plover: str, cameo: str) -> None:
    """An announced action: its type is kept as ``intended``, the event is the announcement."""
    cand.intended, cand.cameo, cand.mode = plover, cameo, None
    cand.aux.add("future")
    cand.aux.discard("hypothetical")


def _announced_retreat(cx: Coding, cand: Candidate, plover: str) -> None:
    cond = arguments.condition_subject(cx, cand.trigger)
    own_actors = {a.actor.code for a in cand.actors}
    if cond and not {c.actor.code for c in cond} & own_actors:
        # "will withdraw its peacekeepers unless ...": a conditional retreat is a threat
        _announce(cand, plover, threat_code(Action(cand.cameo, plover, cand.mode, ())))
        cand.recipients = cand.recipients or cond
        return
    # PLOVER manual, CONCEDE: an announced future retreat is CONCEDE, not AGREE
    cand.intended, cand.cameo, cand.mode = plover, intent_code(Action(cand.cameo, plover, cand.mode, ())), None
    cand.plover = "CONCEDE"
    cand.aux.add("future")


def _announced_conflict(cx: Coding, cand: Candidate, plover: str, m: Modality, inh: Inherited,
                        speaker: list[Resolved]) -> None:
    # "Israel could strike Iran, analysts said": a third party's speculation, not Israel's threat
    outsider = inh.reported and inh.speaker is not None and not speaker and \
        inh.speaker.lemma_.lower() in _COMMENTATORS
    # "fears it may be targeted by Iranian forces": nobody threatened, a victim's worry
    outsider = outsider or (not inh.reported and tree.is_passive(cand.trigger))
    # "Trump could order more airstrikes" in the writer's own voice: the writer's speculation about
    # what an actor might do, not a statement of the actor's (outside a quotation, nobody said it)
    outsider = outsider or (not inh.reported and m.hypothetical and not m.future
                            and not quotes.inside(cand.trigger))
    own = (not speaker or same_side(speaker, cand.actors)) and not outsider
    cond = arguments.condition_subject(cx, cand.trigger)
    if cond and not cand.recipients:
        cand.recipients = cond
    if plover == "MOBILIZE" and all(deployed_in(cand.trigger, r, _DEPLOYMENT_PREPS | {"to"}) for r in cand.recipients):
        # ("will increase the number of troops in Syria", "will send 300 soldiers to Mali": where they
        # go, not whom they face; forces sent "into" a country or "against" someone are a threat)
        cand.aux.add("future")  # "will send 200 police officers to the border": a deployment, not a threat
        return
    if own:
        _announce(cand, plover, threat_code(Action(cand.cameo, plover, cand.mode, ())))
    elif m.future:
        cand.aux.add("future")
