"""Find the events of a sentence in its dependency parse.

For each verb in the trigger lexicon (and each event noun that stands on its own), the
coder reads the frame the verb's row names (:mod:`eventmill.events.frames`), finds the
actor and recipient (:mod:`eventmill.events.arguments`), checks the row's ``needs``
(:mod:`eventmill.events.predicates`) and works out the auxiliary modes
(:mod:`eventmill.events.modality`):

- a frame verb takes its complement as the content of the event: "agreed to *withdraw*"
  (a promise), "threatened to *attack*" (a threat), "refused to *release*" (a refusal),
  "urged X to *negotiate*" (a request), "accused X of *killing*" (an accusation); the
  complement is not coded a second time;
- reporting verbs ("said", "announced") are not events: the reported clause is coded,
  its modality read as the speaker's ("X said Y must ..." is X's demand of Y);
- what is not asserted is not coded: conditions, purposes, clauses talked about, background
  participles ("two men killed fighting Isis"), questions.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.events import arguments, charges, frames, implicit, nonevents, predicates, triggers
from eventmill.events.arguments import Coding
from eventmill.events.frames_base import Candidate, Clause, Draft
from eventmill.events.modality import (
    Inherited,
    Modality,
    apply_modality,
    inherited,
    own_modality,
    same_side,
    staked_act,
)
from eventmill.events.nominal import DOCUMENTS, code_nouns, document_authors, issuing
from eventmill.events.ontology import CONFLICT, Action, reject_code, request_code
from eventmill.events.petrarch_reading import keep_announced, phrase_target
from eventmill.events.victims import victims_voice
from eventmill.lang import tree
from eventmill.lang.words import en, word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span, Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.rules import Lexicon, VerbRule

_PROTEST_PURPOSE = word_class("protest_purpose", "events/words.tsv")
_STANCES = frozenset({"ACCUSE", "SUPPORT"})  # (stances a verb and its noun tell: "expressed anger at")
_PROTEST_ACTS = word_class("protest_act_purpose", "events/words.tsv")
_VICTIM_VERBS = word_class("victim_verb", "events/words.tsv")
_FACILITIES = word_class("facility", "events/words.tsv")
_RULED_OUT = word_class("ruled_out_noun", "events/words.tsv")
_OBLIGATION = en("obligation_modal")
_PENALTY_VERBS = word_class("penalty_verb", "events/words.tsv")
_PENALTIES = word_class("penalty_noun", "events/words.tsv")
_FORETELLING = en("future_auxiliary") | en("conditional_auxiliary")
_STATE_KINDS = word_class("state_kind", "events/words.tsv")
_EVERY = frozenset({"every", "any"})  # ("every nation needs to ...": whoever it is; not "each side must")
_DEFINITE = frozenset({"the", "these", "those"})  # ("the countries": ones named before, for the resolver)
_HAVE_NEED = ("have", "need")  # "have to", "need to": an obligation with its complement
_SPEECH_NOUNS = en("speech_noun")
_BLOCKERS = en("blocking_verb")
_UNREAL_DEEDS = frozenset({"any", "potential", "possible"})  # "any offensive would harm civilians": no deed done
_PERSON_PRONOUNS = frozenset({"he", "she"})
_BODY_PRONOUNS = frozenset({"it", "they"})
_STATE_SECTORS = sectors_in("state_force") | {"GOV"}
_ASSASSINATE, _ATTEMPTED_ASSASSINATION = "186", "185"
# Nominal participles are not triggers: "the wounded", "the besieged town".
_NOMINAL_DEPS = frozenset({"amod", "nsubj", "nsubjpass", "dobj", "pobj", "compound", "attr", "appos", "poss"})


class SentenceCoder:
    """Codes the sentences of one document, remembering the event nouns it has seen."""

    def __init__(self, cx: Coding) -> None:
        self.cx = cx
        self._obligation_clauses: dict[int, list[int]] | None = None  # (read once per document)
        self._verb_words: list[int] | None = None  # (see _verbs: read once per document)
        self._penalty_words: list[int] | None = None  # (see penalty_words: read once per document)

    def code(self, sent: Span) -> list[Candidate]:
        consumed_verbs: set[int] = set()
        if self._obligation_clauses is None:
            self._obligation_clauses = obligation_clauses(sent.doc)
        cands = obligations(self.cx, sent, consumed_verbs, self._obligation_clauses)
        if self._penalty_words is None:
            self._penalty_words = penalty_words(sent.doc)
        cands.extend(penalties(self.cx, sent, consumed_verbs, self._penalty_words))
        consumed_nouns = set(consumed_verbs)
        protests: set[int] = set()
        # (a verb with no row codes nothing: left out before the depth sort, it spares the walks below)
        known = [v for v in self._verbs(sent) if triggers.verb_entry(self.cx.lex, v) is not None]
        for v in sorted(known, key=tree.depth):
            if v.i in consumed_verbs or v.i in consumed_nouns:
                continue
            matches = triggers.match_verb(self.cx.lex, v)
            if not may_code(self.cx.lex, v, matches):
                continue  # (no row of this verb can code here: the walks below would find nothing to code)
            refused = ruled_out(v)
            passing = not refused and not _asserted(v, protests)
            if passing and not _told_in_passing(self.cx, v):
                continue
            inh = inherited(self.cx, v)
            if inh.consumed:
                continue
            cand = code_verb(self.cx, v, inh, consumed_nouns, matches)
            if cand is not None and not cand.actors and nonevents.opens_period(v):
                continue  # "persecuted since it overran the east": a past act told in passing is kept with its doer
            if cand is not None and cand.cameo == _ASSASSINATE and nonevents.attempted_harm(v):
                cand.cameo = _ATTEMPTED_ASSASSINATION  # "survived an attempt to assassinate him" (CAMEO 185)
            if cand is not None and refused:
                _as_refusal(self.cx, cand)
            if cand is not None:
                if passing:  # an arrest told in passing is background: the sentence's news outranks it
                    cand.conf *= implicit.IN_PASSING
                cands.append(cand)
                cands.extend(companions(cand, matches))
                if self.cx.lex.plover(cand.cameo) == "PROTEST":
                    protests.add(v.i)
        cands.extend(code_nouns(self.cx, sent, consumed_nouns, cands))
        return cands

    def _verbs(self, sent: Span) -> list[Token]:
        """Verbs (and stance participles the tagger took for adjectives, "is firmly opposed to", or
        stance adjectives with a that-clause, "is unhappy that"),
        commitment adjectives ("ready to"), and verbs the tagger took for nouns at the root of
        their clause ("EU and UN hand over supplies")."""
        lex = self.cx.lex
        if self._verb_words is None:
            self._verb_words = _verb_words(sent.doc)
        words = self._verb_words
        verbs, ready, rooted = [], [], []  # (one pass over the sentence's words, three lists in this order)
        for t in map(sent.doc.__getitem__, words[bisect_left(words, sent.start) : bisect_left(words, sent.end)]):
            pos = t.pos_
            if pos in ("VERB", "AUX") or t.tag_.startswith("VB"):
                verbs.append(t)
            elif pos == "ADJ":
                if any(c.dep_ == "xcomp" for c in t.children) and \
                        any(r.frame == "commit" for r in triggers.verb_rules(lex, t)):
                    ready.append(t)
                elif t.dep_ == "acomp" and (tree.stance_participle(t) or tree.stance_clause(t)):
                    verbs.append(t)  # "Russia is firmly opposed to ...", "is unhappy that the UN announced ..."
            elif pos in ("NOUN", "PROPN") and t.dep_ == "ROOT" and \
                    any(c.dep_ in ("dobj", "prt") for c in t.children) and triggers.verb_rules(lex, t):
                rooted.append(t)
        return verbs + ready + rooted


def _verb_words(sdoc: SpacyDoc) -> list[int]:
    """The indices, in order, of the words :meth:`SentenceCoder._verbs` looks at (a verb, an
    auxiliary, an adjective, a word tagged as a verb, a noun at the root of its clause), read
    from the parse's arrays: the other words of a sentence (most) are passed over without
    making a token for them."""
    import numpy
    from spacy.attrs import DEP, POS, TAG
    from spacy.symbols import IDS

    if not len(sdoc):
        return []
    strings = sdoc.vocab.strings
    arr = sdoc.to_array([POS, TAG, DEP])
    verb_tags = [h for h in numpy.unique(arr[:, 1]).tolist() if strings[h].startswith("VB")]
    words = tree.among(arr[:, 0], (IDS["VERB"], IDS["AUX"], IDS["ADJ"])) | tree.among(arr[:, 1], verb_tags) | \
        (tree.among(arr[:, 0], (IDS["NOUN"], IDS["PROPN"])) & (arr[:, 2] == strings["ROOT"]))
    return numpy.flatnonzero(words).tolist()


def companions(cand: Candidate, matches: list[tuple[VerbRule, Token | None]]) -> list[Candidate]:
    """The other events the row that coded ``cand`` says go with it: PETRARCH's
    ``[042:043]``, the recipient's side of the same event (a visit is also a hosting), when
    both sides are named; a row's ``also`` code, a second event of the same sides (PLOVER: a
    prison sentence is a conviction and an arrest)."""
    rule = next((r for r, _ in matches if r.where == cand.rule), None)
    out = []
    if rule is not None and rule.reverse is not None and cand.actors and cand.recipients:
        out.append(replace(cand, cameo=rule.reverse, actors=list(cand.recipients), recipients=list(cand.actors),
                           aux=set(cand.aux), intended=None, mode=None, context=None))
    if rule is not None and rule.also is not None:
        out.append(replace(cand, cameo=rule.also, aux=set(cand.aux), intended=None, mode=None, context=None))
    return out


def may_code(lex: Lexicon, v: Token, matches: list[tuple[VerbRule, Token | None]]) -> bool:
    """Can :func:`code_verb` code an event from these matched rows? Only a row whose frame has a
    handler codes one, and :func:`code_verb` stops at a reporting row with an object before it:
    a verb whose rows are all intending or denying ones, or reporting ones that charge no one
    (:func:`~eventmill.events.charges.charge`), codes nothing (or none fits),
    so the coder skips its assertion, inheritance and clause walks (none of which changes anything
    when no event comes of them)."""
    for rule, _ in matches:
        if rule.frame == "report" and rule.objects:
            return False
        if rule.frame == "report" and charges.charge(lex, v) is None and charges.refused_offer(v) is None and \
                frames.alternative_course(v) is None:
            continue  # a report codes an event only where it charges someone ("said X was behind ..."),
            # rejects an offer ("said the terms were unacceptable") or names a course left ("said the
            # alternative was to release them": a threat)
        if frames.FRAMES[rule.frame].handler is not None:
            return True
    return False


def _told_in_passing(cx: Coding, v: Token) -> bool:
    """An arrest a participle tells in passing (:func:`implicit.reported_in_passing`); one told
    before its noun ("the detained sailors") only where its clause is itself told as news, not
    framed or counted ("it is unclear whether Iran will release the detained sailors")."""
    return implicit.reported_in_passing(cx.lex, v) and (v.dep_ != "amod" or nonevents.verb_rule(v) is None)


def _asserted(v: Token, protests: set[int]) -> bool:
    """Is the verb asserted as something that happened (or was announced)?"""
    if v.pos_ != "ADJ" and v.dep_ in _NOMINAL_DEPS and v.tag_ in ("VBN", "VBG"):
        return False  # "the wounded", "the besieged town": participles used as nouns or adjectives
    if v.head.i in protests and v.dep_ in ("advcl", "xcomp") and v.lemma_.lower() in _PROTEST_PURPOSE:
        return False  # "demonstrated ... to demand reforms": the topic of a protest is not coded apart
    if v.dep_ in ("relcl", "acl") and tree.is_passive(v) and tree.passive_agent(v) is None and \
            not tree.misparsed_main_verb(v) and not (v.dep_ == "acl" and tree.joint_parties(v)):
        return False  # "whose parents were killed", "weapons seized last year": background (not "a
        # ceasefire agreed between X and Y", whose parties are named as an agent names its doer)
    if tree.reduced_relative_root(v) or (v.dep_ in ("xcomp", "advcl") and tree.reduced_relative_root(v.head)):
        return False  # "The families of two men killed fighting Isis have condemned ...": background
    if tree.in_condition(v) or (tree.is_purpose(v) and not _protest_act(v) and not staked_act(v)):
        return False  # "unless Turkey is willing to reopen", "arming them to shoot at refugees": not asserted
    if v.dep_ == "acl" and v.head.dep_ in ("dobj", "nsubjpass") and v.head.head.lemma_.lower() in _BLOCKERS:
        return False  # "police prevented a demonstration staged by students": what was prevented did not happen
    if v.dep_ in ("csubj", "csubjpass"):
        return False  # "removing the sanctions is out of the question": a clause talked about, not done
    if any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and any(m.lower_ in _UNREAL_DEEDS for m in c.lefts)
           for c in v.children):
        return False  # "any Turkish offensive would harm civilians": what no particular deed does
    return nonevents.verb_rule(v) is None  # statistics, habits, descriptions, goals, options, framing


def _protest_act(v: Token) -> bool:
    """Is the purpose infinitive what the act it hangs on is, "stayed home *to protest* low pay",
    "closed their shops to protest the tax": the act was the protest? Only on a clause's own verb
    (not "prevented workers from marching to protest": the march is what was prevented)."""
    h = v.head
    return v.lemma_.lower() in _PROTEST_ACTS and h.tag_ != "VBG" and h.dep_ not in ("pcomp", "xcomp", "advcl", "acl")


def ruled_out(v: Token) -> bool:
    """ "(X said) lifting the ban is out of the question", "... is off the table": an action
    talked about as the subject of a clause that rules it out is refused."""
    if v.dep_ != "csubj" or v.head.lemma_ != "be":
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("out", "off") and
               any(t.dep_ == "pobj" and t.lemma_.lower() in _RULED_OUT for t in c.subtree)
               for c in v.head.children)


def _as_refusal(cx: Coding, cand: Candidate) -> None:
    """The refusal (CAMEO 12) of the action a clause rules out, by whoever says so."""
    plover = cx.lex.plover(cand.cameo)
    cand.cameo = reject_code(Action(cand.cameo, cand.intended or plover, cand.mode, ()))
    cand.intended = cand.mode = cand.plover = None
    cand.aux.discard("future")
    if not cand.actors:
        cand.actors = list(cand.speaker)


def _clause(cx: Coding, v: Token, inh: Inherited) -> Clause:
    subj = tree.subject(v)
    if (subj is None or subj.i == v.head.i) and nonevents.attempted_harm(v):
        subj = nonevents.attempt_maker(v.head)  # "gunmen made an attempt to kill him": not the attempt itself
    actors = cx.resolve(subj)
    noun_subject = None
    if v.lemma_.lower() in _VICTIM_VERBS:
        # "three died in police firing": the subject is the victim; the event noun names who did it
        noun_subject, actors = arguments.means_actors(cx, v, victim=True)
    elif subj is not None and not actors and triggers.noun_rule(cx.lex, subj) is not None:
        # "the airstrike killed 12": the event noun names how; its modifiers name who
        noun_subject = subj
        actors = arguments.noun_actors(cx, subj)
    elif subj is not None and not actors and subj.dep_ == "nsubj":
        # "a statement from the ministry condemned ...": what a document says, its authors say
        actors = document_authors(cx, subj)
    elif subj is None and _bound(cx, v, inh):
        # "Eritrea is committed to the peace process": a state one is in, told of the one bound, no
        # deed done to it; whoever tells it ("X said Eritrea was committed") reports that commitment
        subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        actors = cx.resolve(subj)
    elif subj is None and tree.is_passive(v):
        means, actors = arguments.means_actors(cx, v)  # "killed in police firing": the firing names who
        if means is not None:
            noun_subject = means
        elif actors := arguments.shared_agent(cx, v):  # "arrested and charged by police"
            subj = cx.m.sdoc[actors[0].head] if actors[0].head >= 0 else None
        else:
            actors = arguments.joint_agents(cx, v)  # "a ceasefire was agreed between X and Y"
    if not actors and subj is not None and subj.dep_ == "nsubj" and inh.reported and inh.speaker is not None:
        actors = _speaker_as_subject(cx, subj, inh.speaker, v)
    if subj is not None and subj.dep_ == "pobj" and subj.head.dep_ == "agent":
        actors = actors + _further_agents(cx, subj.head)
    if subj is not None and _bare_participle_of_facility(v, subj):
        actors = []  # "five hospitals bombed": a passive told without its auxiliary; the building is the target
    own = own_modality(v)
    m = Modality(own.negated or inh.negated, own.no_longer, own.future or inh.future,
                 own.hypothetical or inh.hypothetical, own.obligation)
    return Clause(v, subj, actors, noun_subject, m, inh)


def _bound(cx: Coding, v: Token, inh: Inherited) -> bool:
    """Is a passive verb of commitment with no agent, bound to something named, the state its subject
    is in ("Eritrea is committed to peace", "said Eritrea was committed to it"), not a deed done ("500
    troops were committed to the offensive": sent by someone unnamed)?"""
    if not tree.is_passive(v) or "commit" not in triggers.frames_of(cx.lex, v) or not (
            any(c.dep_ == "prep" and c.lower_ == "to" for c in v.children) or
            any(c.dep_ == "xcomp" and tree.has_to_infinitive(c) for c in v.children)):
        return False  # ("they are determined": bound to nothing named)
    return inh.reported or any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in v.children)


def _speaker_as_subject(cx: Coding, pron: Token, speaker: Token, v: Token) -> list[Resolved]:
    """ "The opposition said it will not attend", "the minister said she would resign": a pronoun
    the story leaves unresolved, subject of what its speaker says, is the speaker (a person's
    pronoun for a person, a group's or a body's for anyone else; "it" for a state's office-holder)."""
    said = cx.resolve(speaker)
    person = bool(said) and all(r.kind == "person" for r in said)
    if pron.lower_ in (_PERSON_PRONOUNS if person else _BODY_PRONOUNS):
        return said
    if person and pron.lower_ == "it" and pron.head.i == v.i and \
            all(r.actor.country and r.actor.sector in _STATE_SECTORS for r in said):
        # "Turkey's president says it will begin an operation": "it", no person, is the state the
        # speaker speaks for, coded as the speaker is (TURGOV); only as the verb's own subject (not
        # "said it was a mistake to expel them")
        return said
    return []


def _further_agents(cx: Coding, agent: Token) -> list[Resolved]:
    """The doers of a passive named in a second "by" phrase: "was contradicted by his own
    intelligence chiefs *and by British ministers*" (the parser hangs it on the first "by")."""
    return [r for c in agent.children if c.dep_ == "conj" and c.lower_ == "by" for p in tree.pobjs(c)
            for r in cx.resolve(p)]


def _bare_participle_of_facility(v: Token, subj: Token) -> bool:
    """Is the verb a past participle without auxiliary or object whose subject is a building
    ("five hospitals bombed", "a school burned down"): a passive the parser read as active."""
    return subj.dep_ == "nsubj" and subj.head.i == v.i and v.tag_ == "VBN" and \
        subj.lemma_.lower() in _FACILITIES and \
        not any(c.dep_ in ("aux", "auxpass", "dobj") for c in v.children)


def _deed_of_force(cx: Coding, subj: Token | None) -> bool:
    """Is the subject an act of force told by its noun ("the capture of Bakhmut", "the offensive")?"""
    nr = triggers.noun_rule(cx.lex, subj) if subj is not None else None
    return nr is not None and cx.lex.plover(nr.cameo) in CONFLICT


def code_verb(cx: Coding, v: Token, inh: Inherited, consumed_nouns: set[int],
              matches: list[tuple[VerbRule, Token | None]] | None = None) -> Candidate | None:
    """The event a verb trigger codes: its rows are tried most specific first, and the first
    whose frame codes an event and whose ``needs`` hold wins (``matches``: the verb's
    :func:`~eventmill.events.triggers.match_verb`, when the caller has it)."""
    if matches is None:
        matches = triggers.match_verb(cx.lex, v)
    if not matches:
        return None
    clause = _clause(cx, v, inh)
    for rule, prt in matches:
        if rule.frame == "report" and rule.objects:
            return None  # "requested anonymity", "talked about": this object makes it no event
        handler = frames.FRAMES[rule.frame].handler
        if handler is None:
            continue  # report, intend, deny: what they govern is coded, coloured
        d = _draft(cx, clause, rule, prt)
        if cx.lex.plover(d.cameo) == "RETREAT" and _deed_of_force(cx, clause.subject):
            continue  # "the capture of the town ended months of fighting": what a victory brought, no retreat
        if not handler(cx, clause, d, consumed_nouns):
            continue
        if rule.imported:
            d.cameo = rule.cameo  # a user's dictionary code as written, not refined by the frame (as PETRARCH)
        if clause.subject is not None and clause.subject.dep_ == "nsubjpass" and clause.subject.head.i == v.i and \
                clause.actors:
            # ("the Ethiopian government is committed to ...": the one bound, see _bound, is not also its recipient)
            bound = {t.i for t in clause.subject.subtree}
            d.recipients = [r for r in d.recipients if r.head not in bound]
        if clause.subject is not None and clause.subject.lemma_.lower() in _FACILITIES and \
                cx.lex.plover(d.cameo) == "ASSAULT":
            # a building is never the doer of force ("the hospital was hit", "five hospitals bombed"):
            # it is the target
            d.actors = []
            if not d.recipients and _bare_participle_of_facility(v, clause.subject):
                d.recipients = cx.resolve(clause.subject)
        if not d.recipients and rule.frame in ("plain", "light") and cx.lex.plover(d.cameo) in (
                "ASSAULT", "COERCE", "PROTEST"):
            # "opened fire to disperse the demonstrators", "a hunger strike to protest X's failure"
            # (not "sent police to protect traders": a purpose that helps names no target)
            # (the parser may hang the purpose of a finite verb as a complement: "police fired to scatter the
            # rioters"; not "rebels fighting to topple the government": what they are, not what they did)
            deps = ("advcl", "xcomp") if v.tag_ in ("VBD", "VBZ", "VBP") else ("advcl",)
            purpose = next((c for c in v.children if c.dep_ in deps and tree.has_to_infinitive(c)), None)
            if purpose is not None:
                d.recipients = arguments.inner_recipients(cx, purpose, None)
        if not d.recipients and rule.frame == "plain" and cx.lex.plover(d.cameo) == "THREATEN":
            # "warned of a strong response if Taiwan declares independence": whom the condition is about
            d.recipients = arguments.condition_subject(cx, v)
        if clause.noun_subject is not None and d.mode is None:
            nr = triggers.noun_rule(cx.lex, clause.noun_subject)
            if nr is not None and nr.mode:
                d.mode = nr.mode
        args = predicates.Arguments(v, clause.subject, d.actors, d.recipients, cx.resolve)
        if not predicates.needs_ok(rule.needs, args):
            continue
        cand = Candidate(v, d.trigger_tokens, d.cameo, d.actors, d.recipients, d.conf, set(), d.intended, d.mode,
                         d.context, deadline_tokens=d.deadline_tokens, object_location=d.object_location,
                         rule=rule.where, one_way=rule.strict, date_tokens=d.date_tokens,
                         imported=rule.imported)
        if rule.frame == "commit" and d.intended:
            cand.aux.add("future")
        apply_modality(cx, cand, clause.modality, inh, rule.frame)
        if rule.imported:
            keep_announced(cand, rule.cameo, d.mode, clause.modality)
        victims_voice(cx, cand)  # "'They killed our sons,' said ...": the victims are not the attackers
        plover = cx.lex.plover(cand.cameo)
        if nonevents.candidate_rule(cand, plover) or (nonevents.obligation(v) and plover != "REQUEST"):
            # speculation ("Israel could strike Iran"), a private meeting, an argument given, or an
            # obligation that is no one's demand
            return None
        if nonevents.characterization(v, lambda t: bool(cx.resolve(t))) or \
                nonevents.described_subject(v, lambda t: triggers.verb_entry(cx.lex, t) is not None):
            return None  # "militias fighting Islamic State": what an actor is, not what it did
        cand.claimed = inh.claimed or arguments.alleged(v)
        if plover == "REJECT" and _charged_against_other(cx, v):
            return None  # "said Iran had defied the norms": the defiance is what the accusation charges
        cand.reported_by = cand.speaker or arguments.reporter(cx, v)
        if clause.noun_subject is not None:
            consumed_nouns.add(clause.noun_subject.i)
        if clause.actors and clause.subject is not None and clause.subject.lemma_.lower() in DOCUMENTS:
            consumed_nouns.update(c.i for c in issuing(clause.subject))  # "a letter signed by 40 MPs urged ..."
        return cand
    return None


def _charged_against_other(cx: Coding, v: Token) -> bool:
    """Is this verb a deed a named speaker charges another party with ("France said Iran had
    breached the deal", "the regime, he said, had defied the norms": events/charges.py)? A
    defiance so charged is what the speaker's accusation is about (ACCUSE 112), no REJECT of its
    own; one the speaker admits of its own side ("Hungary admitted it had breached the rules")
    or that no named speaker tells stays the deed."""
    said = charges.charging_verb(cx.lex, v)
    doer = charges.doer(v) if said is not None else None
    if said is None or doer is None:
        return False
    own = {r.actor.code or r.actor.country for r in cx.resolve(tree.subject(said)) if r.resolved}
    return bool(own) and any(r.resolved and (r.actor.code or r.actor.country) not in own for r in cx.resolve(doer))


def _draft(cx: Coding, clause: Clause, rule: VerbRule, prt: Token | None) -> Draft:
    """A draft event for one matched row, before its frame reads the complement."""
    plain_plover = cx.lex.plover(rule.cameo) if rule.frame == "plain" else None
    owners = plain_plover not in ("ASSAULT", "COERCE", "MOBILIZE", "PROTEST")
    recips = arguments.recipients(cx, clause.verb, rule.recipient, owners) if rule.frame != "light" else []
    if not recips and prt is not None and rule.frame == "plain":
        recips = arguments.particle_object_recipients(cx, prt, rule.recipient)
    if not recips and rule.objects and plain_plover in _STANCES:  # "expressed disappointment with India"
        recips = arguments.object_phrase_recipients(cx, clause.verb, rule.recipient, owners)
    recips = arguments.envoy_posting(cx, clause.verb, clause.actors, recips)
    if not recips and rule.imported:  # PETRARCH's target: the first actor of the verb phrase
        recips = phrase_target(cx, clause.verb, clause.actors)
    return Draft(rule, prt, rule.cameo, rule.mode, rule.context, rule.conf, recips,
                 [clause.verb] + ([prt] if prt is not None else []), [clause.verb], clause.actors)


def obligation_clauses(sdoc: SpacyDoc) -> dict[int, list[int]]:
    """The clauses of a document that state an obligation ("must return", "have to leave"), a
    verb's ``ccomp``, ``acl`` or ``relcl`` with a modal of obligation or a "have"/"need" with
    its complement, by the index of the word they hang on, in reading order. Found from the
    few words that can make one (read from the parse's arrays in one pass), not by walking
    every word's children: most sentences hold none, and :func:`obligations` then has nothing
    to read."""
    from spacy.attrs import LEMMA, LOWER

    found = {sdoc[i].head.i for i in tree.where(sdoc, LOWER, _OBLIGATION.__contains__) if sdoc[i].dep_ == "aux"}
    found.update(tree.where(sdoc, LEMMA, _HAVE_NEED.__contains__))
    out: dict[int, list[int]] = {}
    for i in sorted(found):
        c = sdoc[i]
        if c.dep_ not in ("ccomp", "acl", "relcl") or c.pos_ not in ("VERB", "AUX"):
            continue
        if any(a.dep_ == "aux" and a.lower_ in _OBLIGATION for a in c.children) or (
                c.lemma_ in _HAVE_NEED and any(x.dep_ == "xcomp" for x in c.children)):
            out.setdefault(c.head.i, []).append(i)
    return out


def obligations(cx: Coding, sent: Span, consumed_verbs: set[int],
                clauses: dict[int, list[int]] | None = None) -> list[Candidate]:
    """Reported obligations are demands: "Russia said Sudan must return the helicopter",
    "issued a reminder to Iraq that it must cooperate" -> a REQUEST by the speaker
    (``clauses``: the document's :func:`obligation_clauses`, when the caller has them)."""
    if clauses is None:
        clauses = obligation_clauses(sent.doc)
    out: list[Candidate] = []
    sdoc = sent.doc
    for ti in sorted(i for i in clauses if sent.start <= i < sent.end):
        t = sdoc[ti]
        speaker_tok: Token | None = None
        if t.pos_ in ("VERB", "AUX") and "report" in triggers.frames_of(cx.lex, t):
            speaker_tok = tree.subject(t)
        elif t.pos_ == "NOUN" and t.lemma_.lower() in _SPEECH_NOUNS and t.head.pos_ in ("VERB", "AUX"):
            speaker_tok = tree.subject(t.head)
        if speaker_tok is None:
            continue
        for c in map(sdoc.__getitem__, clauses[ti]):
            if _stated_view(cx, c):
                # "said Britain should be strong enough to take them back", "must be alert to ensure ...":
                # how one should be is a view, no act demanded, and what it names is no event either
                consumed_verbs.update(x.i for x in c.subtree)
                continue
            cand = _obligation(cx, t, c, speaker_tok)
            if cand is not None:
                consumed_verbs.update(x.i for x in c.subtree)
                out.append(cand)
    return out


def penalty_words(sdoc: SpacyDoc) -> list[int]:
    """The indices, in order, of the document's verbs of bearing a penalty ("face", "pay"): the
    only words :func:`penalties` codes, read from the parse's arrays (no token for the others)."""
    from spacy.attrs import LEMMA

    return tree.where(sdoc, LEMMA, lambda w: w.lower() in _PENALTY_VERBS)


def penalties(cx: Coding, sent: Span, consumed_verbs: set[int], words: list[int] | None = None) -> list[Candidate]:
    """A penalty foretold for another party is its teller's threat (PLOVER THREATEN, CAMEO 130):
    "Ankara said the militia would pay a heavy price", "Moscow warned that any faction that stays
    away will face the consequences". Not a cost of something named ("civilians will pay the price
    of the war"), nor one the teller's own side or country bears ("said Turkish firms would face
    consequences", told by Turkey: a warning, and a state's threat to its own is left out)."""
    out: list[Candidate] = []
    if words is None:
        words = penalty_words(sent.doc)
    for v in map(sent.doc.__getitem__, words[bisect_left(words, sent.start) : bisect_left(words, sent.end)]):
        if v.lemma_.lower() not in _PENALTY_VERBS or v.dep_ != "ccomp" or v.i in consumed_verbs:
            continue
        if not _penalty_named(v):
            continue
        teller = v.head
        if not ({"report", "threat"} & set(triggers.frames_of(cx.lex, teller))) or own_modality(v).negated or \
                not any(c.dep_ == "aux" and c.lower_ in _FORETELLING for c in v.children):
            continue
        subj = tree.own_subject(v)
        speaker = cx.resolve(tree.subject(teller))
        if subj is None or subj.pos_ == "PRON" or not speaker or not all(s.actor.code for s in speaker):
            continue  # (a teller of no known side may be warning its own: "the minister said Britain would ...")
        # "any group that ...": whoever does what the clause on it says, no party the resolver may guess
        generic = any(c.dep_ == "det" and c.lower_ in ("any", "every") for c in subj.children)
        target = [] if generic else cx.resolve(subj)
        if (target and same_side(speaker, target)) or \
                (not target and not any(c.dep_ == "relcl" for c in subj.children)):
            continue
        cand = Candidate(v, [teller, v], "130", speaker, target, 0.7, rule="rule:foretold-penalty")
        cand.speaker = speaker
        consumed_verbs.update(x.i for x in v.subtree)
        out.append(cand)
    return out


def _penalty_named(v: Token) -> bool:
    """Does the verb's object, or its preposition's ("suffer as a consequence"), name a penalty, not the
    cost of something named ("the price of the war") nor prices ("would face higher prices")?"""
    for o in [*triggers.objects(v), *tree.prep_objects(v)]:
        if o.lemma_.lower() in _PENALTIES and not (o.tag_ == "NNS" and o.lemma_.lower() == "price"):
            return not any(c.dep_ == "prep" and c.lower_ == "of" for c in o.children)
    return False


def _anyone(subj: Token) -> bool:
    """ "every people", "every country", "any government": a subject that stands for whoever it may
    be, what a maxim says is owed, no demand on a party (not "countries must take back their
    citizens", states at large, nor "all sides must cease fire", the parties of a conflict)."""
    return any(c.dep_ == "det" and c.lower_ in _EVERY for c in subj.children)


def _states_at_large(subj: Token) -> bool:
    """ "Countries must take back their citizens", "western governments must act": states named as a
    kind are whom a reported obligation is demanded of, though no one of them is named (the
    demand has no recipient); not "we", "everyone" or "the world"."""
    return subj.lemma_.lower() in _STATE_KINDS and subj.tag_ == "NNS" and \
        not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in subj.children)


def own_country(speaker: list[Resolved], target: list[Resolved]) -> bool:
    """Is the target the speaker's own country, named as a whole by its own state ("Germany
    must be able to ...", said the German defence minister)?"""
    states = {s.actor.country for s in speaker if s.actor.country and s.actor.sector in _STATE_SECTORS}
    return any(r.actor.country in states and r.actor.code == r.actor.country for r in target)


def _stated_view(cx: Coding, c: Token) -> bool:
    """Is an obligation clause how someone should be, no act ("should be concerned", "must be strong
    enough to take them back")? Not when what one must be is ready or willing to act ("should be
    prepared to compensate the victims": a demand, even for an act the lexicon does not code), nor
    when one is told to change ("must be more transparent", "should be less secretive")."""
    if c.lemma_ != "be" or _demanded_action(cx, c) is not None:
        return False
    return not any(x.dep_ == "acomp" and ("commit" in triggers.frames_of(cx.lex, x) or _changed(x)) for x in c.children)


def _changed(adj: Token) -> bool:
    """ "more transparent", "less secretive", "tougher": a comparative asks for a change of conduct."""
    return adj.tag_ in ("JJR", "RBR") or any(m.dep_ == "advmod" and m.lower_ in ("more", "less") for m in adj.children)


def _demanded_action(cx: Coding, c: Token) -> Action | None:
    """The act an obligation clause asks for: its verb's, or that of what one must be ready to do."""
    action, _ = frames.action_of(cx, c, True)
    if action is None:
        inner = next((x for x in c.children if x.dep_ in ("xcomp", "acomp")), None)
        if inner is not None:
            inner = next((x for x in inner.children if x.dep_ == "xcomp"), inner)
            action, _ = frames.action_of(cx, inner, True)
    return action


def _obligation(cx: Coding, t: Token, c: Token, speaker_tok: Token) -> Candidate | None:
    """The demand a reported obligation makes of the clause's subject, on someone else."""
    subj = tree.own_subject(c)
    if subj is None or _anyone(subj):
        return None  # ("every people needs to take an interest in its culture": a maxim, asked of no one)
    speaker = cx.resolve(speaker_tok)
    target = cx.resolve(subj)
    if not speaker or not (target or _states_at_large(subj)):
        return None
    same = {s.actor.code for s in speaker} & {r.actor.code for r in target}
    if all(s.actor.name for s in speaker):
        same.discard(None)  # a named speaker and a target of no known code are not thereby one party ("Bishop
        # John Okoro said the government must ..."); an unnamed one may be ("the minister said policemen have to")
    if same or own_country(speaker, target):
        return None  # "we must act", "Germany must be able to ...", said its minister: not a demand on another
    action = _demanded_action(cx, c)
    cand = Candidate(c, [t, c], request_code("100", action), speaker, target, 0.75, deadline_tokens=[c],
                     rule="rule:reported-obligation")
    cand.speaker = speaker
    return cand
