"""The named argument predicates a lexicon row can require (``needs`` in ``verbs.tsv`` and
``nouns.tsv``): who must be involved for the word to mean the event ("strike" is an attack
only with an armed actor, a labour action only with workers; "visit" is diplomatic only by
an official). Each is registered by name; the lexicon loader rejects any other name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventmill.events import triggers
from eventmill.events.arguments import slot_tokens
from eventmill.lang import tree
from eventmill.lang.words import word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved

ARMED_SECTORS = sectors_in("armed")
LABOUR_SECTORS = sectors_in("labour")
CIVILIAN_SECTORS = sectors_in("civilian")
CUSTODIAL_SECTORS = sectors_in("custodial")
_WEAPONS = word_class("weapon", "events/words.tsv")
_VICTIM_VERBS = word_class("victim_verb", "events/words.tsv")
_VERBAL_OBJECTS = word_class("verbal_object", "events/words.tsv")
_CUSTODY = word_class("custody", "events/words.tsv")
_INQUIRY_VERBS = word_class("inquiry_verb", "events/words.tsv")
_ASSIST_VERBS = word_class("assist_purpose", "events/words.tsv")
_HELPING_VERBS = word_class("helping_verb", "events/words.tsv")
_TRAINERS = word_class("trainer", "events/words.tsv")
_PEACEKEEPING = word_class("peacekeeping", "events/words.tsv")
_FORCE_GROUPS = word_class("force_group", "events/words.tsv")
_PEACEKEEPING_PURPOSES = word_class("peacekeeping_purpose", "events/words.tsv")
_SECURITY = sectors_in("state_force")
_STATE_BODIES = _SECURITY | {"GOV", "JUD", "LEG", "IGO"}  # who acts for a state, or for states together
_FORCE_UNITS = word_class("force_unit", "events/words.tsv")
_WORKERS = word_class("worker", "events/words.tsv")
_HOLDERS = word_class("holder_noun", "events/words.tsv")
_ALLIANCES = word_class("military_alliance", "events/words.tsv")
_ADVERSARIES = word_class("adversary_modifier", "events/words.tsv")
_FORCEFUL = word_class("forceful_modifier", "events/words.tsv")
_SOCIAL_ILLS = word_class("social_ill", "events/words.tsv")
# Bodies whose withdrawal takes away aid, observers, business or reporting, not troops (PLOVER SANCTION 'withdraw').
_STATE_PRONOUNS = frozenset({"it"})  # the pronoun that can stand for a state (not "them": people)
_UNARMED_BODIES = frozenset({"NGO", "IGO", "MNC", "BUS", "MED", "HLH", "REL", "EDU"})


@dataclass
class Arguments:
    """What a predicate looks at: the trigger, its subject token, actors and recipients."""

    trigger: Token
    subject: Token | None
    actors: list[Resolved]
    recipients: list[Resolved]
    resolve: Callable[[Token], list[Resolved]] | None = None  # the actors a token names (what the verb moves)


Predicate = Callable[[Arguments], bool]
VERB_PREDICATES: dict[str, Predicate] = {}
NOUN_PREDICATES: dict[str, Predicate] = {}


def predicate(name: str, *, verbs: bool = True, nouns: bool = False) -> Callable[[Predicate], Predicate]:
    def register(fn: Predicate) -> Predicate:
        if verbs:
            VERB_PREDICATES[name] = fn
        if nouns:
            NOUN_PREDICATES[name] = fn
        return fn

    return register


def needs_ok(need: str | None, args: Arguments, noun: bool = False) -> bool:
    """Does the row's requirement hold (no requirement always does)?"""
    if not need:
        return True
    table = NOUN_PREDICATES if noun else VERB_PREDICATES
    return all(table[n](args) for n in need.split("+"))  # "armed+recipient": each must hold


@predicate("actor")
def _actor(a: Arguments) -> bool:
    """A known actor did it."""
    return any(x.resolved for x in a.actors)


@predicate("recipient")
def _recipient(a: Arguments) -> bool:
    """Someone (a known actor, a person or a group) received it."""
    return any(r.resolved or r.kind in ("person", "group") for r in a.recipients)


@predicate("several_actors")
def _several_actors(a: Arguments) -> bool:
    """A compound actor (PETRARCH's ``%`` before the verb): "Chile and Peru agree ..."."""
    return sum(1 for x in a.actors if x.resolved) >= 2


@predicate("several_recipients")
def _several_recipients(a: Arguments) -> bool:
    """A compound target (PETRARCH's ``%`` after the verb): "agrees with Chile and Peru"."""
    return sum(1 for r in a.recipients if r.resolved) >= 2


@predicate("human")
def _human(a: Arguments) -> bool:
    """The object itself is someone, not something someone owns ("asked the minister", not
    "asked the question"); a person named, though no one knows who ("will release Sergeant
    Pablo Moncayo"), is someone; land ("much of northern Syria") is no one."""
    objs = [t for slot in ("dobj", "iobj") for t in slot_tokens(a.trigger, slot)]
    if objs and all(t.lemma_.lower() in _HOLDERS for t in objs):
        return False  # a place or a book named after people ("the Army Captain Training Manual") is no one
    direct = {t.i for t in objs}
    return any((r.resolved or r.kind in ("person", "group")) and r.head in direct for r in a.recipients) or any(
        r.resolved and r.kind not in ("owner", "place") for r in a.recipients if r.head not in direct) or any(
        t.ent_type_ == "PERSON" and t.pos_ == "PROPN" for t in objs)


@predicate("dyad", nouns=True)
def _dyad(a: Arguments) -> bool:
    """Two known sides: "X and Y met", or a known actor and a known recipient."""
    if sum(1 for x in a.actors if x.resolved) >= 2:
        return True  # "X and Y met": each is the other's counterpart
    return any(x.resolved for x in a.actors) and any(r.resolved for r in a.recipients)


@predicate("foreign")
def _foreign(a: Arguments) -> bool:
    """The recipient is not of the actor's own country: training another state's soldiers is
    military aid (CAMEO 072), training one's own builds up one's forces ("North Korea trained
    hackers of its own intelligence service" is no aid to anyone)."""
    own = {x.actor.country for x in a.actors if x.actor.country}
    return any(r.resolved and not (r.actor.country and r.actor.country in own) for r in a.recipients)


@predicate("home")
def _home(a: Arguments) -> bool:
    """The verb is active with an object that names no other people: the actor's own ("the army
    trained 300 new soldiers"), not "US troops trained Kurdish-led units" (another's: the story's
    country is no evidence whose they are), nor the passive "they are trained to keep order" (what
    they are, not who built them up), nor help given: "will help train the army", "trainers
    arriving to train the police" (building up another's forces)."""
    v = a.trigger
    if tree.is_passive(v):
        return False
    if v.dep_ in ("xcomp", "ccomp") and v.head.lemma_.lower() in _HELPING_VERBS:
        return False
    doer = tree.subject(v)
    if doer is not None and doer.lemma_.lower() in _TRAINERS:
        return False
    objs = [c for c in a.trigger.children if c.dep_ == "dobj"]
    return bool(objs) and not any(t.text[:1].isupper() for o in objs for m in o.lefts
                                  if m.dep_ in ("amod", "compound", "nmod", "poss") for t in m.subtree)


@predicate("not_press", nouns=True)
def _not_press(a: Arguments) -> bool:
    """ "Speaking to the BBC, Riedijk said ...": talking to a news outlet or a journalist is an
    interview, what is said in it the news; a consultation is between parties to an issue."""
    return not any(x.actor.sector == "MED" for x in (*a.actors, *a.recipients))


_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


@predicate("captive", verbs=False, nouns=True)
def _captive(a: Arguments) -> bool:
    """People taken by a non-state captor, or by one not named: "the capture of two Kenyan aid
    workers by al-Shabaab", "their capture" (soldiers named before); not "the capture of Mosul"
    (a town taken), nor a name the coder can place nowhere (the tagger may take a town for a
    person), nor a capture by the state's forces or government (an arrest, as the verb's rows have it)."""
    doc = a.trigger.doc
    if any(x.actor.sector in _SECURITY or x.actor.sector == "GOV" or x.kind in ("state", "metonym") for x in a.actors):
        return False
    return bool(a.recipients) and all(
        r.kind in ("person", "group", "org") and (r.actor.country or r.actor.sector) and
        (r.head < 0 or doc[r.head].ent_type_ not in _PLACE_ENTITIES) for r in a.recipients)


@predicate("armed")
def _armed(a: Arguments) -> bool:
    """An armed or state actor, a weapon as subject ("a missile hit"), or "with" a means."""
    if any(x.actor.sector in ARMED_SECTORS or x.kind in ("state", "metonym") for x in a.actors):
        return True
    if a.subject is not None and a.subject.lemma_.lower() in _WEAPONS:
        return True
    if a.trigger.lemma_.lower() in _VICTIM_VERBS and _points_back_to_force(a.trigger):
        return True  # "three died in the firing": a casualty of an act of force the story told (antecedents.py)
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in a.trigger.children) and bool(a.actors)


@predicate("custodian")
def _custodian(a: Arguments) -> bool:
    """Who holds people, by force (``armed``) or by law: a state's government or courts ("South
    Sudanese authorities released ..."), not a hospital discharging patients or a firm its staff."""
    return _armed(a) or any(x.actor.sector in CUSTODIAL_SECTORS and x.actor.country for x in a.actors)


def _points_back_to_force(v: Token) -> bool:
    from eventmill.events.antecedents import cause_pointing_back
    from eventmill.events.lexicon import load_lexicon
    return cause_pointing_back(load_lexicon(), v) is not None


@predicate("armed", verbs=False, nouns=True)
def _armed_noun(a: Arguments) -> bool:
    """An event noun of violence needs an armed or state actor ("an Israeli airstrike")."""
    return any(x.actor.sector in ARMED_SECTORS or x.kind in ("state", "metonym") for x in a.actors)


@predicate("labour")
def _labour(a: Arguments) -> bool:
    """Workers, students, farmers or the like, with no object ("teachers went on strike")."""
    if triggers.objects(a.trigger):
        return False
    return any(x.actor.sector in LABOUR_SECTORS for x in a.actors) or (
        a.subject is not None and a.subject.lemma_.lower() in _WORKERS)


@predicate("labour", verbs=False, nouns=True)
def _labour_noun(a: Arguments) -> bool:
    return any(x.actor.sector in LABOUR_SECTORS for x in a.actors)


@predicate("answers")
def _answers(a: Arguments) -> bool:
    """A denial answers a named accuser, or is a public party's ("Moscow denied involvement"); private
    people denying charges with no accuser named ("they have denied three charges of fraud") plead
    in court, no political event."""
    return _recipient(a) or not any(x.actor.sector in LABOUR_SECTORS for x in a.actors)


@predicate("official")
def _official(a: Arguments) -> bool:
    """Visits are made by governments and their envoys, not by gunmen."""
    return any(x.actor.sector in ("GOV", "IGO", "LEG", "JUD", "ELI") or x.kind in ("state", "metonym") or (
        x.kind == "person" and x.actor.kb_id) for x in a.actors)


@predicate("intergovernmental")
def _intergovernmental(a: Arguments) -> bool:
    """ "a ceasefire ordered by the UN security council": a body with no side in the fight
    demands of the sides what a government orders its own forces to do."""
    return any(x.actor.sector == "IGO" for x in a.actors)


@predicate("nonstate")
def _nonstate(a: Arguments) -> bool:
    """"captured by Isis": a non-state captor of someone abducts."""
    return any(x.actor.sector in ("REB", "INS", "UAF", "CRM", "PRM") or (x.actor.code or "").startswith("IMG")
               for x in a.actors) and any(r.kind in ("person", "group") or r.resolved for r in a.recipients)


@predicate("civilian")
def _civilian(a: Arguments) -> bool:
    return any(x.actor.sector in CIVILIAN_SECTORS for x in a.actors)


@predicate("own")
def _own(a: Arguments) -> bool:
    """A retreat moves the actor's own forces ("withdrew its troops", "demobilised its fighters");
    driving out another side's ("oust opposition fighters from the town", "remove enemy troops")
    is no retreat: the object named as the adversary's is not the actor's."""
    for obj in slot_tokens(a.trigger, "dobj"):
        kinds = {c.lemma_.lower() for c in obj.children if c.dep_ in ("amod", "compound")} & _ADVERSARIES
        if kinds and not any(k in x.actor.entity_text.lower() for k in kinds for x in a.actors):
            return False
    return True


@predicate("unarmed")
def _unarmed(a: Arguments) -> bool:
    """ "Human Rights Watch withdrew from Georgia": an aid agency, observer mission, company or
    international body takes away non-military resources (PLOVER SANCTION 'withdraw'); troops,
    states and military alliances retreat (RETREAT)."""
    return any(x.actor.sector in _UNARMED_BODIES and x.kind not in ("state", "metonym") and
               (x.actor.name or x.actor.entity_text or "").lower() not in _ALLIANCES for x in a.actors)


@predicate("verbal")
def _verbal(a: Arguments) -> bool:
    """ "the ministry protested that ...", "attacked the government's policy": words, not action."""
    if any(x.actor.sector in CIVILIAN_SECTORS - {"NGO", "OPP"} or x.actor.sector in ARMED_SECTORS
           for x in a.actors):
        return False  # protesters protest and soldiers attack with more than words
    if any(x.actor.sector in ("GOV", "IGO", "LEG", "JUD", "NGO") or x.kind in ("state", "metonym")
           for x in a.actors) and a.trigger.lemma_ != "attack":
        return True
    return any(o.lemma_.lower() in _VERBAL_OBJECTS for o in triggers.objects(a.trigger)) or any(
        c.dep_ == "ccomp" for c in a.trigger.children)


@predicate("object")
def _object(a: Arguments) -> bool:
    """The verb has a direct object ("set fire *to* X" is not "set up")."""
    return bool(slot_tokens(a.trigger, "dobj"))


@predicate("pledge")
def _pledge(a: Arguments) -> bool:
    """A promise, not a deed done: the verb has what it is bound to ("committed to lifting the
    veto", "committed $2bn to the fund", "committed itself to"), not only a deed it did
    ("committed atrocities", "massacres were committed by the militia")."""
    return any(c.dep_ == "prep" and c.lower_ == "to" for c in a.trigger.children) or any(
        c.dep_ == "xcomp" and tree.has_to_infinitive(c) for c in a.trigger.children)


@predicate("place")
def _place(a: Arguments) -> bool:
    """ "captured Mosul", "seized the town of Afrin": what was taken is a named place (a place
    entity, or a name that is no person, group or organisation the actor stage knows)."""
    people = {r.head for r in a.recipients if r.kind in ("person", "group")}
    for obj in slot_tokens(a.trigger, "dobj"):
        of = [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        for t in [obj, *of]:
            if t.ent_type_ in ("GPE", "LOC", "FAC") or (
                    t.pos_ == "PROPN" and not t.ent_type_ and t not in people):
                return True
    return False


@predicate("state")
def _state(a: Arguments) -> bool:
    """ "expelled Syria", "suspended Mali": what the verb acts on is a state itself (a country named,
    or "it" standing for one), not its people, forces or officials ("expelled them" are people), nor a thing
    of its ("expel every Iranian boot")."""
    objects = {t.i for t in slot_tokens(a.trigger, "dobj") if t.pos_ == "PROPN" or t.lower_ in _STATE_PRONOUNS}
    return any(r.kind == "state" and r.head in objects for r in a.recipients)


@predicate("intransitive")
def _intransitive(a: Arguments) -> bool:
    """An active verb with no object: "police fired in the air" (not "fired the minister", nor
    "he was fired")."""
    return not slot_tokens(a.trigger, "dobj") and not tree.is_passive(a.trigger)


@predicate("police")
def _police(a: Arguments) -> bool:
    """The police or other security forces did it: "police picked up two men" is an arrest,
    "she picked up the children" is not."""
    return any(x.actor.sector in _SECURITY for x in a.actors)


@predicate("registrar")
def _registrar(a: Arguments) -> bool:
    """The police, or no one named (an agentless passive, whose doer implicit.tsv gives): "an FIR
    was lodged against the landlord" is a case the police registered; "the trader lodged an FIR
    against his neighbours" is the trader's complaint, no investigation of his."""
    return not a.actors or any(x.actor.sector in _SECURITY for x in a.actors)


@predicate("no_forces", nouns=True)
def _no_forces(a: Arguments) -> bool:
    """No side acting is the state's police or troops: "the shrine remained under strict police
    vigil" is a watch kept by the police, not a vigil held in protest."""
    return not any(x.actor.sector in _SECURITY for x in a.actors)


@predicate("not_state", nouns=True)
def _not_state(a: Arguments) -> bool:
    """No side acting is a state (its government, forces, courts or parliament, or the country
    named as itself) or a body of states: "farmers blocked the border crossing" obstructs in protest;
    "police blocked the marchers" or "Hungary blocked the statement" is no protest of theirs. A
    pronoun bound to such an antecedent does not count ("Police arrested farmers when they blocked
    the road": the farmers protest; records drop that antecedent, build.py)."""
    doc = a.trigger.doc

    def state(x: Resolved) -> bool:
        pronoun = 0 <= x.head < len(doc) and doc[x.head].pos_ == "PRON"
        return not pronoun and (x.actor.sector in _STATE_BODIES or x.kind in ("state", "metonym") or
                                (x.actor.code or "").startswith("IGO"))
    return not any(state(x) for x in a.actors)


@predicate("guard")
def _guard(a: Arguments) -> bool:
    """Security stepped up by the state: its forces, its government, or no one named (an agentless
    passive, whose doer implicit.tsv gives): "police tightened security", "security was tightened";
    a bank tightening security at its branches is no force posture."""
    if not a.actors:
        return True
    return any(x.actor.sector in _SECURITY or x.actor.sector == "GOV" or x.kind in ("state", "metonym")
               for x in a.actors)


@predicate("forces")
def _forces(a: Arguments) -> bool:
    """What the verb moves is a state's forces ("rushed two companies of the CRPF to the town",
    "the BSF was dispatched to Surat"), not anyone ("rushed the injured to hospital")."""
    moved = slot_tokens(a.trigger, "dobj")  # the object, or a passive verb's subject
    if any(t.lemma_.lower() in _FORCE_UNITS for t in moved):
        return True
    units = [p for t in moved for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
             for p in c.children if p.dep_ == "pobj"]  # "two companies of the CRPF"
    return a.resolve is not None and any(
        r.actor.sector in _SECURITY for t in [*moved, *units] for r in a.resolve(t))


@predicate("custody")
def _custody(a: Arguments) -> bool:
    """"took him into custody", "sent the minister to jail": held somewhere."""
    return any(p.lemma_.lower() in _CUSTODY for c in a.trigger.children if c.dep_ in ("prep", "prt", "dative")
               for p in c.children if p.dep_ == "pobj")


@predicate("inquiry")
def _inquiry(a: Arguments) -> bool:
    """The verb sends people in order to investigate ("sent a team of experts to investigate the
    attacks"): the dispatch is the investigation (CAMEO 09), its purpose what it is about."""
    return any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in _INQUIRY_VERBS and tree.has_to_infinitive(c)
               for c in a.trigger.children)


def _purposes(v: Token) -> list[Token]:
    """The verb's purpose clauses: "sent troops *to help* the army"."""
    return [c for c in v.children if c.dep_ in ("xcomp", "advcl") and tree.has_to_infinitive(c)]


@predicate("assist")
def _assist(a: Arguments) -> bool:
    """The verb sends forces in order to help or train someone ("sent troops to help the Iraqi
    army", "deployed to train Nigerian soldiers"): military aid, not a mobilization against anyone."""
    return any(c.lemma_.lower() in _ASSIST_VERBS for c in _purposes(a.trigger))


@predicate("peacekeeping", nouns=True)
def _peacekeeping(a: Arguments) -> bool:
    """Those the verb moves go as peacekeepers: the forces sent (or, with no object, those who
    deploy or arrive) are peacekeepers, or the verb's "as"/"on"/"for" phrase or purpose says so
    ("sent 200 troops to serve as a peacekeeping force", "deployed on a peacekeeping mission"; not
    "sent experts to investigate the feasibility of a peacekeeping force"). An event noun moves
    what its "of" names, and its light verb's phrase counts ("announced the deployment of 400
    peacekeepers", "announced the deployment of troops on a peacekeeping mission")."""
    v = a.trigger
    if v.pos_ in ("NOUN", "PROPN"):  # "the deployment of 400 peacekeepers", what its light verb says of it
        moved = [v, *(p for c in v.children if c.dep_ == "prep" and c.lower_ == "of" for p in tree.pobjs(c))]
        holders, purposes = ([v, v.head] if v.dep_ == "dobj" else [v]), []
    else:
        moved = slot_tokens(v, "dobj") or ([a.subject] if a.subject is not None else [])
        holders, purposes = [v], _purposes(v)
    # (the forces by their own words, "dozens of UN peacekeeping troops", not "the head of UN peacekeeping")
    moved += [p for m in moved if m.lemma_.lower() in _FORCE_GROUPS for c in m.children
              if c.dep_ == "prep" and c.lower_ == "of" for p in tree.pobjs(c)]
    words = [t for m in moved for t in (m, *m.children) if t is m or t.dep_ in ("compound", "amod")]
    words += [t for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("as", "on", "for")
              for t in c.subtree]
    words += [t for c in purposes if c.lemma_.lower() in _PEACEKEEPING_PURPOSES for t in c.subtree]
    return any(t.lemma_.lower() in _PEACEKEEPING or t.lower_ in _PEACEKEEPING for t in words)


@predicate("forceful")
def _forceful(a: Arguments) -> bool:
    """A response promised or warned of is a threat where it is one of force ("a strong response",
    "a swift military response"), the speaker's own (not "a strong Chinese response", told by
    another), and aimed at a party or at whoever does a deed: someone named, "any" party or
    deed ("to any attack", "to any campaign that violates the truce"), or a condition ("if
    Taiwan declares independence"); "a firm response to the floods" promises relief, no threat."""
    v = a.trigger
    nouns = [*slot_tokens(v, "dobj"), *(p for c in v.children if c.dep_ == "prep" and c.lower_ == "of"
                                        for p in tree.pobjs(c))]
    nouns = [n for n in nouns if any(c.dep_ == "amod" and (c.lemma_.lower() in _FORCEFUL or c.lower_ in _FORCEFUL)
                                  for c in n.children)]
    if not nouns:
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("from", "by") for n in nouns for c in n.children):
        return False  # "a strong reaction from farmers": whose response it is, named apart from the speaker
    own = {x.actor.country for x in a.actors}
    if a.resolve is not None and any(r.actor.country not in own for n in nouns for c in n.children
                                     if c.dep_ in ("poss", "amod", "compound", "nmod") for r in a.resolve(c)):
        return False  # "warned of a strong Russian response": another side's
    targets = [p for h in (v, *nouns) for c in h.children if c.dep_ == "prep" and c.lower_ in ("to", "against")
               for p in tree.pobjs(c)]
    if any(t.lemma_.lower() in _SOCIAL_ILLS for t in targets):
        return False
    aimed = any(r.resolved or r.kind in ("person", "group") for r in a.recipients) or any(
        c.dep_ == "det" and c.lower_ == "any" for t in targets for c in t.children)
    return aimed or any(c.dep_ == "advcl" and tree.conditional(c) for c in (*v.children, *v.head.children))


VERB_NEEDS = frozenset(VERB_PREDICATES)
NOUN_NEEDS = frozenset(NOUN_PREDICATES)
