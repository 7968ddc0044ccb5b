"""Events named by a noun: "clashes erupted" (the subject of a happening verb), a headline's
noun ("Israeli airstrike on Gaza"), or an event noun with its participants named ("talks
between Iraq and the US", "an attack by gunmen on a police post"). An event noun that is
another event's content ("condemned the attack", "called for talks") or background
("during a summit") is not coded on its own, unless it is an act of force or repression whose
doer it names that a stance or an inquiry is about ("condemned the Syrian regime's attack"), or
one violent act, its doer untold, that names its own incident (:func:`one_incident`: "condemned
the bombing in Kano on Sunday", "after the attack in Idlib that killed dozens a year ago")."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from eventmill.actors import patrons
from eventmill.events import arguments, charges, implicit, nonevents, predicates, triggers
from eventmill.events.frames_base import CONTENT_FRAMES, INCIDENT_RULE, REACTED_RULE, Candidate
from eventmill.events.modality import Inherited, Modality, apply_modality, inherited, own_modality
from eventmill.events.ontology import types_in
from eventmill.lang import tree
from eventmill.lang.words import calendar, en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding
    from eventmill.events.rules import NounRule

# Event nouns coded on their own (with named participants) only for these types: a nominal
# "cooperation" or "support" is usually a topic, not an event.
NOMINAL_TYPES = types_in("nominal")
_HAPPENING = en("happening_verb")
_SCHEDULED = word_class("scheduled_event", "events/words.tsv")
_MEETING_START = word_class("meeting_start", "events/words.tsv")
_GATHERING = word_class("gathering_verb", "events/words.tsv")
_AIMING = word_class("aiming_verb", "events/words.tsv")
_BACKGROUND_PREPS = en("background_preposition")
_HYPOTHETICAL_MODIFIERS = en("hypothetical_modifier")
_CONTENT_NOUNS = en("content_noun")
_BLOCKERS = en("blocking_verb")
_KNOWING = word_class("knowing_adjective", "events/words.tsv")  # "aware of the attacks": what is known of
_RESTRICTIONS = word_class("restriction_noun", "events/words.tsv")
_VICTIM_NOUNS = word_class("victim_noun", "events/words.tsv")
_IMPACT = word_class("impact_verb", "events/words.tsv")
# Types whose noun, as the doer of a verb of damage, names an attack that struck its object.
_STRIKING_TYPES = frozenset({"ASSAULT", "COERCE"})
_MEMORY_SENTENCES = 3  # how far back "the talks" may point to talks whose participants were named
_CONTENT_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN", "REJECT", "AGREE"})
# Acts of force or repression a stance or an inquiry may be about, and the stances that tell they happened.
_REACTED_TYPES = frozenset({"ASSAULT", "COERCE"})
_REACTION_TYPES = frozenset({"ACCUSE"})
_DISAPPROVALS = ("110", "111")  # disapproval, criticism or condemnation (CAMEO 110, 111)
_ANY = frozenset({"any", "every", "no", "another", "further", "more", "future"})
# Types whose noun names an event by its actor alone ("China's crackdown", "Israel's raid", "a protest by teachers").
_ACTOR_ENOUGH = frozenset({"PROTEST", "CONSULT", "ASSAULT", "COERCE"})
_WEEKDAYS = calendar("weekday")
_MONTHS = calendar("month")
# Arrest nouns whose arrestee alone makes them an event: an arrest the text mentions happened ("the arrest
# of the leader", "his arrest"), as a participle tells it in passing (implicit.reported_in_passing).
_TOLD_ARRESTS = word_class("told_arrest", "events/words.tsv")
_CASUALTY_VERBS = word_class("casualty_verb", "events/words.tsv")
_ONE_ACT_NOUNS = word_class("one_act_noun", "events/words.tsv")
_PRIOR_PREPS = word_class("prior_incident_preposition", "events/words.tsv")
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_GERUND_NOUN_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})
_NOUNS_KEY = "eventmill.nominal.nouns"  # (Doc.user_data: the tokens code_nouns looks at)
# Things said or written, whose authors say what they say ("a statement from the ministry condemned ...").
DOCUMENTS = en("speech_noun") | en("document_noun")
_ISSUING = en("issuing_verb")
_AUTHOR_PREPS = frozenset({"from", "of"})
# "In a telephone call to the Kremlin, Merkel urged Putin ...": a meeting noun that frames a clause.
_FRAMING_PREPS = frozenset({"in", "at"})
_FRAMED_SLOTS = ("dobj", "iobj", "to", "with")


def code_nouns(cx: Coding, sent: Span, consumed: set[int], verb_cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    seen_types = {cx.lex.plover(c.cameo) for c in verb_cands}
    root = sent.root
    sdoc = sent.doc
    nouns = _noun_candidates(sdoc)
    for i in nouns[bisect_left(nouns, sent.start) : bisect_left(nouns, sent.end)]:
        n = sdoc[i]
        rule = triggers.noun_rule(cx.lex, n) if n.pos_ in ("NOUN", "PROPN") else _gerund_rule(cx, n)
        if rule is None:
            continue
        plover = cx.lex.plover(rule.cameo)
        due = scheduled(n) if plover == "CONSULT" else None
        happening = due is not None or (n.dep_ in ("nsubj", "nsubjpass") and n.head.lemma_.lower() in _HAPPENING)
        headline = n.i == root.i and n.pos_ == "NOUN"
        actors, recips, between = _participants(cx, n, rule)
        if due is not None and not (actors and recips):
            hosts, guests = _organisers(cx, n, due)
            actors, recips = actors or hosts, recips or guests
        struck = striking_verb(n) if plover in _STRIKING_TYPES else None
        if struck is not None and not recips:
            recips = arguments.recipients(cx, struck, ("dobj",))
        frame_verb = framing_verb(n) if plover == "CONSULT" and not actors else None
        if frame_verb is not None:
            actors, recips = framed_participants(cx, frame_verb, recips)
        dates = date_modifiers(n)
        # "the gas attack in Idlib at the weekend", "the Hama bombing that killed 40": one incident, doer untold
        one_act = plover == "ASSAULT" and not actors and n.lemma_.lower() in _ONE_ACT_NOUNS
        casualties = casualty_clause(n) if one_act else None
        if casualties is not None and any(c.trigger.i == casualties.i for c in verb_cands):
            continue  # ("the attack that killed 12 soldiers": the clause's verb codes it already)
        if casualties is not None:
            dates = dates or [c for c in casualties.children if c.ent_type_ in ("DATE", "TIME")]
            recips = recips or arguments.recipients(cx, casualties, ("dobj",)) or \
                [r for o in casualties.children if o.dep_ == "dobj" for p in _of_objects(o) for r in cx.resolve(p)]
        victims = _victims_named(n, recips)
        # (victims with a country: "the killing of two Mexican journalists", not "of the senator")
        incident = casualties is not None or (one_act and one_incident(
            n, dates, victims and any(r.actor.country for r in recips)))
        # (told as what came before, or what an act answers, an incident needs its date, dead or victims:
        # "after the attack in Quetta" may be the story's own attack, told again)
        dated = incident and (bool(dates) or casualties is not None or victims)
        told = rule.key in _TOLD_ARRESTS and _arrestee_named(n)
        located = bool(dates) or _located(n) or victims or told_as_done(n, rule)
        prior = _prior_incident(n, plover, actors, recips, between, located, dated)
        # "condemned the Syrian regime's attack on Douma", "condemned the bombing in Mogadishu on Sunday";
        # "struck back in retaliation for the bombing in Kano on Sunday"
        reacted = reacted_to(cx, n, plover, actors, incident) or (dated and nonevents.answered(n))
        explicit = told or (incident and (reacted or prior)) or _explicit(plover, actors, recips, between, located)
        # (the noun is an event already coded, or the content of one; not a meeting its own relative or
        # participle fixes ahead, unless a meeting is coded already: "opposed the talks, due to resume on
        # Monday" tells those talks are to come)
        ahead = due is not None and (n.is_ancestor(due) or n.dep_ not in ("nsubj", "nsubjpass")) and \
            plover not in seen_types
        if i in consumed and not reacted and not ahead:
            continue
        if (under_frame(cx, n) and frame_verb is None and not reacted and not ahead) or (_background(n) and not prior):
            continue
        nonevent = nonevents.noun_rule(n)
        if nonevent is not None and not (prior and nonevent == "statistic") and not (dated and nonevent == "reason"):
            continue  # (a count "since" an incident counts from it, an act answers one: the incident itself happened)
        if not (happening or headline or explicit or struck is not None):
            continue
        if plover in seen_types and not (happening or headline or (incident and (prior or reacted))):
            continue  # (an incident told as what a reaction or a later act answers is not the sentence's act)
        if not actors and not recips and (happening or headline):
            seen = cx.noun_participants.get(rule.key)
            if seen is not None and cx.m.sentences_between(seen[0], n.i) <= _MEMORY_SENTENCES:
                actors = list(seen[1])  # "the talks began in 2020": the talks named before
        if not actors and not recips and not (told or incident):
            continue
        if actors:
            cx.noun_participants[rule.key] = (n.i, actors + recips)
        if not predicates.needs_ok(rule.needs, predicates.Arguments(n, None, actors, recips), noun=True):
            continue
        if any(c.lower_ in _HYPOTHETICAL_MODIFIERS for c in n.lefts):
            continue  # "a potential Turkish attack" is not an attack
        # the verb whose clause tells when, and whether ("the Taliban were *not* behind the attack")
        culprit = culpable_copula(n) if not (due or happening or struck or frame_verb) else None
        if culprit is not None and supposed_culprit(culprit):
            continue
        clause_verb = due or (n.head if happening else struck or frame_verb or culprit)
        # (a prior incident the sentence dates its news by, "freed the pastor following his arrest", happened, but
        # ranks below that news, as an arrest told in passing does)
        conf = rule.conf * 0.85 * (implicit.IN_PASSING if (prior and _background(n)) or reacted else 1.0)
        cand = Candidate(n, [n], rule.cameo, actors, recips, conf, set(), None, rule.mode, rule.context,
                         object_location=True, date_anchor=clause_verb, nominal=not happening and struck is None,
                         rule=INCIDENT_RULE if incident else REACTED_RULE if reacted else rule.where,
                         date_tokens=dates, background=reacted,
                         own_place=incident and (reacted or casualties is not None or not victims))
        m = own_modality(clause_verb) if clause_verb is not None else Modality()
        if due is not None and not m.negated:
            m.future = True  # (a meeting fixed ahead is to come, whatever the parser made of "to recommence")
        inh = inherited(cx, clause_verb) if clause_verb is not None else Inherited()
        if inh.consumed and ahead:
            inh = Inherited()  # (what the clause the noun is in does with it is not what its own relative tells)
        elif inh.consumed:
            continue
        merged = Modality(m.negated or inh.negated, m.no_longer, m.future or inh.future,
                          m.hypothetical or inh.hypothetical, False)
        apply_modality(cx, cand, merged, inh, "plain")
        if nonevents.candidate_rule(cand, cand.plover or cx.lex.plover(cand.cameo)):
            continue
        cand.claimed = inh.claimed or arguments.alleged(n) or charges.charged_deed(cx.lex, n)
        cand.reported_by = cand.speaker or arguments.reporter(cx, n)
        out.append(cand)
        seen_types.add(plover)
    return out


def striking_verb(n: Token) -> Token | None:
    """ "a cyber attack crippled the network", "the embassy was hit by a rocket attack": the verb of
    damage whose doer the attack noun is; the attack happened, and what it struck is its recipient."""
    if n.dep_ == "nsubj" and n.head.lemma_.lower() in _IMPACT and not tree.is_passive(n.head):
        return n.head
    by = n.head
    if n.dep_ == "pobj" and by.lower_ == "by" and by.dep_ in ("agent", "prep") and \
            by.head.lemma_.lower() in _IMPACT and tree.is_passive(by.head):
        return by.head
    return None


def scheduled(n: Token) -> Token | None:
    """ "Talks are due to resume next week", "the summit, set to open in Cairo", "talks scheduled to
    take place on Monday", "a congress which aims to bring together 33 delegations": a meeting told
    as fixed ahead, the verb that says when (PLOVER codes a reference to a future meeting as AGREE;
    the meeting is to come, :func:`code_nouns` marks it future); for one denied ("are not expected
    to resume"), the word that denies it."""
    gathering = _gathering(n)
    if gathering is not None:
        return gathering
    word = n
    if n.dep_ in ("nsubj", "nsubjpass"):
        word = n.head
        if word.lemma_ == "be":
            word = next((c for c in word.children if c.dep_ == "acomp"), word)
    if word.lemma_.lower() not in _SCHEDULED:
        # ("bypass the talks due to recommence": the parser may hang "due" on the verb, right after its object)
        word = next((c for c in [*n.children, *n.head.children] if c.lemma_.lower() in _SCHEDULED and (
            (c.dep_ in ("amod", "acl") and c.head.i == n.i) or
            (c.dep_ == "prep" and (c.head.i == n.i or c.i == n.right_edge.i + 1)))), n)
    if word.lemma_.lower() not in _SCHEDULED:
        return None
    when = next((c for c in word.children if c.dep_ in ("xcomp", "pcomp") and tree.has_to_infinitive(c)), None) or \
        _misread_infinitive(word)
    if when is None:
        return None
    return next((w for w in (word, word.head) if own_modality(w).negated), when)


def _misread_infinitive(word: Token) -> Token | None:
    """ "Talks due to recommence in Geneva": the infinitive the parser read as the object of a
    preposition "to" (a verb it rarely sees, taken for a noun), when it is a verb a meeting does
    and bare as a verb is; not a cause ("delayed due to the start of Ramadan")."""
    for to in word.children:
        if to.dep_ not in ("prep", "pcomp") or to.lower_ != "to":
            continue
        # (the object hangs on "to", or on the word before it: "due/prep to/pcomp recommence/pobj")
        obj = next((c for x in (to, word) for c in x.children if c.dep_ == "pobj" and c.i == to.i + 1), None)
        if obj is not None and obj.lemma_.lower() in _MEETING_START and obj.tag_ in ("NN", "VB") and \
                not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in obj.children):
            return obj
    return None


def _gathering(n: Token) -> Token | None:
    """The verb by which a meeting is told to bring its participants together ahead: "Moscow's
    congress, which aims to bring together 33 delegations", "the conference aims to gather the
    factions", "a summit that will convene the region's leaders"; not one past ("which aimed to
    bring together"), one that only could, nor one that does so as a habit ("the forum brings
    together ministers every year")."""
    told = [c for c in n.children if c.dep_ in ("relcl", "acl")]  # (and the verb of "the conference aims to ...")
    if n.dep_ == "nsubj" and n.head.lemma_.lower() in _AIMING:
        told.append(n.head)
    for v in told:
        m = own_modality(v)
        if m.negated or m.hypothetical:
            continue
        verb = v
        if v.lemma_.lower() in _AIMING and v.tag_ in ("VBZ", "VBP"):
            verb = next((c for c in v.children if c.dep_ == "xcomp" and tree.has_to_infinitive(c)), v)
        elif not m.future:
            continue
        if verb.lemma_.lower() in _GATHERING and (verb.lemma_.lower() != "bring" or
                                                  any(c.lower_ == "together" for c in verb.children)):
            return verb
    return None


def _organisers(cx: Coding, n: Token, due: Token) -> tuple[list[Resolved], list[Resolved]]:
    """Who holds a meeting to come that names no participant, and whom it brings together: its
    sponsor or host before a hyphened participle ("the UN-brokered talks due to resume",
    "Russian-sponsored talks set to open") and those its gathering verb brings ("which aims to bring
    together 33 delegations"). PLOVER: the host's reference to a meeting ahead is its AGREE."""
    actors = [r for t in n.doc[n.left_edge.i : n.i] if patrons.is_patron(t) for r in cx.resolve(t)]
    guests = cx.resolve(next((c for c in due.children if c.dep_ == "dobj"), None)) \
        if due.lemma_.lower() in _GATHERING else []
    return actors, guests


def culpable_copula(n: Token) -> Token | None:
    """The copula by which a party is said to have done what the noun names: "Isis *was* behind the
    attack", "Hamas *may have been* responsible for the bombing" (its clause says whether it was)."""
    prep = n.head
    if n.dep_ != "pobj":
        return None
    if tree.culpable_of(prep):
        return prep.head.head
    return prep.head if tree.behind(prep) else None


def supposed_culprit(copula: Token) -> bool:
    """Is the party only supposed to be behind the act: an infinitive ("is likely to have been
    behind", "is believed to have been behind"), or what a noun says ("no evidence that Syria was
    behind", "proof the regime was behind": the evidence's content, not a report)?"""
    if copula.dep_ == "xcomp":
        return True
    t = copula
    while t.head.i != t.i and t.dep_ in ("ccomp", "acl", "conj", "advcl"):
        t = t.head
        if t.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def framing_verb(n: Token) -> Token | None:
    """The verb of the clause a meeting noun frames: "*In a telephone call* to the Kremlin, Merkel
    urged Putin ...", "*At a meeting* in Paris, Macron told Merkel ...": the meeting in which the
    clause's act was done (not "during a summit": background; not "talked in a meeting of the
    cabinet": a place to be)."""
    prep = n.head
    if n.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _FRAMING_PREPS:
        return None
    v = prep.head
    if v.pos_ not in ("VERB", "AUX") or prep.i > v.i or not any(c.dep_ == "det" for c in n.children):
        return None  # the frame comes first ("In a call, X urged ..."), a call of its own (not "in talks")
    return v


def framed_participants(cx: Coding, v: Token, recips: list[Resolved]) -> tuple[list[Resolved], list[Resolved]]:
    """Who met in a meeting that frames a clause: the clause's subject, with the meeting's own other
    side ("a call *to the Kremlin*") or, failing that, whom the clause's act was aimed at."""
    actors = cx.resolve(tree.subject(v))
    others = recips or arguments.recipients(cx, v, _FRAMED_SLOTS, owners=False)
    codes = {a.actor.code for a in actors}
    return actors, [r for r in others if r.actor.code not in codes]


def _explicit(plover: str | None, actors: list[Resolved], recips: list[Resolved], between: bool,
              incident: bool) -> bool:
    """Does the noun name an event of its own: its participants named ("talks between X and
    Y", "Israel's raid", "an attack by gunmen on a police post"), or one side of a dated or
    located incident ("Saturday's attack on the embassy", "the raid on Jenin on Tuesday")?"""
    if plover not in NOMINAL_TYPES:
        return False
    if actors:
        return bool(recips) or between or incident or plover in _ACTOR_ENOUGH
    return bool(recips) and incident and plover in ("ASSAULT", "COERCE")


def told_as_done(n: Token, rule: NounRule) -> bool:
    """ "*The* murder of the aid workers *prompted* an inquiry", "*its* surrender *removed* any threat",
    "*their* capture *was announced*": a definite event noun that is the subject of a past verb (what
    it caused, or that it was told) happened, as one incident; not "attacks on journalists rose" (no
    article or owner: a kind of act), "the attack could spark a war" (no past), "the attack never came",
    nor "their capture had been a priority", nor a title ("The Capture of Aleppo premiered"), nor a
    noun whose "of" phrase its row does not read ("the release of the manifestoes was marked by ...":
    maybe another sense of the word)."""
    v = n.head
    if n.dep_ not in ("nsubj", "nsubjpass") or v.pos_ != "VERB" or v.tag_ not in ("VBD", "VBN") or v.lemma_ == "be":
        return False  # ("their capture had been a priority": what it was, not that it was done)
    if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in n.children):
        return False
    if n.is_title and n.i > n.sent.start:
        return False  # a title or a name ("The Capture of Aleppo premiered in March")
    if "of" not in rule.recipient and any(c.dep_ == "prep" and c.lower_ == "of" and tree.pobjs(c) for c in n.children):
        return False
    if v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return False
    m = own_modality(v)
    return not (m.negated or m.future or m.hypothetical or tree.in_condition(v))


def date_modifiers(n: Token) -> list[Token]:
    """The words that date an event noun itself: "*Saturday's* attack", "the *2014*
    annexation", "the raid *on Tuesday*" (what a time expression covers among them dates it)."""
    out = [c for c in n.children if c.dep_ in ("poss", "compound", "nmod", "npadvmod", "amod") and _datelike(c)]
    out += [p for c in n.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "last", "this")
            for p in c.children if p.dep_ == "pobj" and _datelike(p)]
    return out


def one_incident(n: Token, dates: list[Token], victims: bool) -> bool:
    """Does a violent-act noun with no doer name one incident of its own: definite or owned, with
    its victims named ("the killing of two Mexican journalists"), or one act ("the attack",
    "Saturday's bombing") with its own date ("at the weekend") or place ("in Idlib"), or a place's
    name as its modifier ("the Hama bombing")? Not a kind of act ("attacks on journalists"), nor
    "the attacks in Kabul" (several), nor "any attack" or "a possible attack"."""
    if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in n.children):
        return False
    if any(c.lower_ in _HYPOTHETICAL_MODIFIERS or c.lower_ in _ANY for c in n.lefts):
        return False
    if victims:
        return True
    if n.tag_ != "NN":
        return False
    # (the small parser may read a place's name as a nationality, "the Aleppo/NORP attack", or miss
    # it, "in rebel-held Douma": a proper name there is a place)
    named = any(c.dep_ in ("compound", "amod") and c.tag_ == "NNP" for c in n.lefts) or any(
        p.tag_ == "NNP" for c in n.children if c.dep_ == "prep" and c.lower_ in ("in", "near") for p in tree.pobjs(c))
    return bool(dates) or named or _located(n)


def _of_objects(t: Token) -> list[Token]:
    """ "dozens *of people*": what a count is of."""
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in tree.pobjs(c)]


def casualty_clause(n: Token) -> Token | None:
    """ "the bombing *that killed 40 people*", "an attack that wounded three soldiers": the relative
    clause that tells what one act of force did, in the past (its object: the victims, its time
    phrase: the act's date); not "an attack that could kill thousands"."""
    for c in n.children:
        if c.dep_ == "relcl" and c.lemma_.lower() in _CASUALTY_VERBS and c.tag_ == "VBD" and \
                any(o.dep_ == "dobj" for o in c.children):
            return c
    return None


def _datelike(t: Token) -> bool:
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in _WEEKDAYS or t.lower_ in _MONTHS


def _located(n: Token) -> bool:
    """ "the attack in Douma", "the raid on Jenin": the noun names where it happened."""
    return any(p.ent_type_ in ("GPE", "LOC", "FAC") for c in n.children if c.dep_ == "prep" and
               c.lower_ in ("in", "on", "at", "near") for p in c.children if p.dep_ == "pobj")


def _victims_named(n: Token, recips: list[Resolved]) -> bool:
    """ "the murder of the journalist Pedro Salgado", "killings of Kenyan police officers": a killing
    named by whom it killed happened, whoever did it (the perpetrator stays unknown unless named)."""
    return n.lemma_.lower() in _VICTIM_NOUNS and any(r.resolved or r.kind == "person" for r in recips)


def names_victims(cand: Candidate) -> bool:
    """Is the candidate a killing or abduction noun that names its victims ("the kidnapping of two
    Italian aid workers"), or an act of force a clause tells the dead or wounded of ("the bombing
    that killed 40 people")? Specific enough to count with no perpetrator, place or figures."""
    return cand.nominal and (_victims_named(cand.trigger, cand.recipients) or (
        bool(cand.recipients) and casualty_clause(cand.trigger) is not None))


def _participants(cx: Coding, n: Token, rule: NounRule) -> tuple[list[Resolved], list[Resolved], bool]:
    """Who did and who received what the noun names; "talks between X and Y": both take part."""
    between = any(c.dep_ == "prep" and c.lower_ == "between" for c in n.children)
    recips = arguments.noun_recipients(cx, n, rule)
    poss = next((c for c in n.children if c.dep_ == "poss"), None)
    if rule.owner_undergoes and poss is not None and not recips:
        # "his arrest", "their capture": with no "of" phrase the owner is the one it was done to
        return cx.resolve(tree.passive_agent(n)), cx.resolve(poss), False
    pair = _hyphened_sides(cx, n) if "between" in rule.recipient and not between else []
    if pair:
        return pair, [], True  # "police-protester clashes", "India-Pakistan talks": as "between" them
    actors = arguments.noun_actors(cx, n)
    if between and not actors and recips and recips[0].members:
        actors, recips = recips[0].members, []
    elif between and len(recips) >= 2 and not actors:
        actors, recips = recips, []
    return actors, recips, between


def _hyphened_sides(cx: Coding, n: Token) -> list[Resolved]:
    """The two sides a noun of two-sided acts names by its modifiers joined with a hyphen
    ("police-protester clashes", "India-Pakistan talks"), each a party of its own; else none."""
    doc = n.doc
    for h in doc[n.left_edge.i + 1 : n.i - 1]:
        if h.tag_ != "HYPH":
            continue
        left, right = cx.resolve(doc[h.i - 1]), cx.resolve(doc[h.i + 1])
        if left and right:
            return [*left, *right]
    return []


def _noun_candidates(sdoc: Doc) -> list[int]:
    """The tokens :func:`code_nouns` can find a rule at (a noun or a proper noun, for
    :func:`triggers.noun_rule`, or a gerund, for :func:`_gerund_rule`: every other word has
    none), in order; read once per document from the parse's arrays, so the other words
    (most of a sentence's) are passed over without making a token for them."""
    found = sdoc.user_data.get(_NOUNS_KEY)
    if found is None:
        import numpy
        from spacy.attrs import POS, TAG
        from spacy.symbols import IDS

        if not len(sdoc):
            found = []
        else:
            arr = sdoc.to_array([POS, TAG])
            nouns = tree.among(arr[:, 0], (IDS["NOUN"], IDS["PROPN"]))
            found = numpy.flatnonzero(nouns | (arr[:, 1] == sdoc.vocab.strings["VBG"])).tolist()
        sdoc.user_data[_NOUNS_KEY] = found
    return found


def _gerund_rule(cx: Coding, n: Token) -> NounRule | None:
    """An event noun the tagger read as a gerund: "killed in police firing" (*firing* a VBG with
    *police* as its compound), "the shelling of the town"; a determiner, owner or compound makes it a noun."""
    if n.tag_ != "VBG" or n.dep_ not in _GERUND_NOUN_DEPS or \
            not any(c.dep_ in ("det", "poss", "compound") for c in n.lefts):
        return None
    return cx.lex.nouns.get(n.lower_)


def _arrestee_named(n: Token) -> bool:
    """ "the arrest of the leader", "his arrest": the noun says who was arrested."""
    return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of" and tree.pobjs(c)) for c in n.children)


def _background(n: Token) -> bool:
    """ "during a G8 summit", "after a week of unrest": background, not news; "it would be the
    first meeting between ...": a description."""
    return (n.dep_ == "pobj" and n.head.lower_ in _BACKGROUND_PREPS) or n.dep_ == "attr"


def _prior_incident(n: Token, plover: str | None, actors: list[Resolved], recips: list[Resolved], between: bool,
                    located: bool, incident: bool = False) -> bool:
    """ "two weeks after the army's assault on Homs", "since Moscow's armed intervention in 2015",
    "following the murder of the journalist Ana Ruiz": an event noun after a preposition of
    sequence that names its own incident (its doer and whom it struck, or when or where; or, for
    a killing, its named victims) happened, and is news of its own, as does one doerless act dated
    or with its dead told (``incident``: "after the attack in Idlib that killed dozens a year
    ago"); "after the war", "since the uprising" (no doer), "after the attack in Quetta" (maybe
    the story's own attack told again), or an event the clause puts ahead ("will resume after
    the army's withdrawal"), stay background."""
    prep = n.head  # ("following" the tagger may read as a verb whose object the noun is)
    if n.dep_ not in ("pobj", "dobj") or (n.dep_ == "dobj" and prep.tag_ != "VBG") or \
            prep.lower_ not in _PRIOR_PREPS or not (incident or _explicit(plover, actors, recips, between, located)):
        return False
    if actors and not (recips or between or located):
        return False  # "after Israel's offensive" may be any of its offensives
    v = prep.head
    if v.pos_ in ("VERB", "AUX"):
        m = own_modality(v)
        if m.future or m.hypothetical or tree.in_condition(v):
            return False
    return True


def reacted_to(cx: Coding, n: Token, plover: str | None, actors: list[Resolved], incident: bool = False) -> bool:
    """ "The UN condemned *the Syrian regime's attack* on Douma", "is investigating *the Saudi killing*
    of the journalist", "an inquiry into *the police's shooting* of two protesters": an act of force or
    repression, its doer named by the noun, that a stance or an inquiry is about happened, as one
    incident the text tells in passing (background to the reaction). Not a bare plural ("condemned
    attacks on journalists": a kind of act), "any" or a possible one ("would condemn any Israeli
    strike", "a potential Turkish raid"), one a conditional or future stance waits for ("would condemn
    an Israeli strike on Iran"), nor the content of a call, threat, offer, denial or refusal. With no
    doer named (``incident``: one act with its own place, date or victims, "condemned the bombing in
    Kano"), only what is disapproved or condemned (CAMEO 110, 111): not a deed one is accused of, nor
    what an inquiry is about."""
    if plover not in _REACTED_TYPES or not (actors or incident):
        return False
    definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in n.children)
    if n.tag_ in ("NNS", "NNPS") and not definite:
        return False
    if any(c.lower_ in _HYPOTHETICAL_MODIFIERS or c.lower_ in _ANY for c in n.lefts):
        return False
    # (a doerless incident only as what is condemned: not what one is accused of, nor an inquiry's object)
    stances = ("",) if actors else _DISAPPROVALS  # ("": any stance)
    t = n
    for _ in range(5):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            if t.lemma_.lower() in _BLOCKERS or "deny" in triggers.frames_here(cx.lex, t):
                return False
            codes = [r.cameo for r, _ in triggers.match_verb(cx.lex, t)]
            if not codes or not all(cx.lex.plover(c) in _REACTION_TYPES and c.startswith(stances) for c in codes):
                return False  # (not "sent aircraft to attack X in its assault": a verb of other senses too)
            m = own_modality(t)
            return definite or not (m.future or m.hypothetical or tree.in_condition(t))
        if t.pos_ in ("NOUN", "PROPN"):
            if t.lemma_.lower() in _CONTENT_NOUNS:
                return False
            rule = triggers.noun_rule(cx.lex, t)
            if rule is not None:
                return cx.lex.plover(rule.cameo) in _REACTION_TYPES and rule.cameo.startswith(stances)
    return False


def under_frame(cx: Coding, n: Token) -> bool:
    """An event noun that is the content of another event: "condemned the attack",
    "called for talks", "the threat of sanctions"."""
    t = n
    for _ in range(5):
        if t.head.i == t.i:
            return False
        t, below = t.head, t
        if t.pos_ in ("VERB", "AUX"):
            if t.lemma_.lower() in _BLOCKERS:
                return True  # "was spared an assault", "to avert a war"
            if below.dep_ == "prep" and any(o.lemma_.lower() in _RESTRICTIONS for o in triggers.objects(t)):
                return True  # "lifted the ban on opposition rallies", the phrase parsed onto the verb
            if inherited(cx, t).consumed:
                return True  # "ready to host talks between ...": the talks are the offer's content
            if triggers.frames_here(cx.lex, t) & (CONTENT_FRAMES | {"deny"}):
                return True
            # "expressed outrage over the killing": what a verbal act is about is its content
            return any(cx.lex.plover(r.cameo) in _CONTENT_TYPES for r, _ in triggers.match_verb(cx.lex, t))
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _CONTENT_NOUNS:
            return True
        if t.pos_ == "ADJ" and t.lower_ in _KNOWING:
            return True  # "she was aware of Daesh beheadings": what one knows of, no incident told
        if t.pos_ in ("NOUN", "PROPN") and t.i != n.i:
            rule = triggers.noun_rule(cx.lex, t)
            if rule is not None and cx.lex.plover(rule.cameo) in _CONTENT_TYPES:
                return True
    return False


def document_authors(cx: Coding, n: Token) -> list[Resolved]:
    """Who says what a statement, letter or report says when it is the subject ("a statement
    from the ministry condemned ...", "the ministry's statement demanded ...", "a joint statement
    by France and Germany called on ...", "a letter signed by 40 MPs urged ...")."""
    if n.lemma_.lower() not in DOCUMENTS:
        return []
    found = arguments.noun_actors(cx, n)  # owner, "by" phrase, a national or organisation's modifier
    for t in [p for c in n.children if c.dep_ == "prep" and c.lower_ in _AUTHOR_PREPS for p in tree.pobjs(c)] + \
            [a for c in issuing(n) if (a := tree.passive_agent(c)) is not None]:
        if found:
            break
        found = cx.resolve(t)
    return found


def issuing(n: Token) -> list[Token]:
    """The participles by which a document's authors made it theirs ("a statement *issued* by ...",
    "a letter *signed* by ..."): part of what the document says, not an event of their own."""
    return [c for c in n.children if c.dep_ == "acl" and c.lemma_.lower() in _ISSUING]
