"""Find the events of a sentence in its dependency parse.

For each verb in the trigger lexicon (and each event noun that stands on its own), the
coder reads the frame the verb sets up, finds the actor and recipient, and works out the
auxiliary modes:

- a frame verb takes its complement as the content of the event: "agreed to *withdraw*"
  (a promise), "threatened to *attack*" (a threat), "refused to *release*" (a refusal),
  "urged X to *negotiate*" (a request), "accused X of *killing*" (an accusation); the
  complement is not coded a second time;
- reporting verbs ("said", "announced") are not events: the reported clause is coded,
  its modality read as the speaker's ("X said Y must ..." is X's demand of Y);
- arguments come from the parse: subjects (through control, coordination and relative
  clauses), objects, passive agents, and the prepositions the lexicon names;
- ``aux``: negation ("not", "never"; "no longer" ends an action instead), future
  ("will", "would" in reported speech, "plans to"), hypothetical ("could", "if");
  then PLOVER's intention rules turn announced cooperation into AGREE, announced retreats
  into CONCEDE and threatened force into THREATEN.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.actors.names import fold
from eventmill.actors.resolve import DocumentActors, Resolved
from eventmill.events.coding import Action, intent_code, reject_code, request_code, stop_code, threat_code
from eventmill.events.lexicon import CONFLICT, COOPERATIVE, Lexicon, NounRule, VerbRule
from eventmill.resources import read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "UAF", "PRM", "COP", "SPY", "CRM"})
LABOUR_SECTORS = frozenset({"LAB", "EDU", "HLH", "CVL", "AGR", "MED", "BUS", "REF"})
CIVILIAN_SECTORS = frozenset({"CVL", "LAB", "EDU", "HLH", "AGR", "MED", "BUS", "OPP", "REF", "REL", "NGO"})
WEAPON_NOUNS = frozenset(
    {
        "bomb",
        "missile",
        "rocket",
        "airstrike",
        "strike",
        "shell",
        "mortar",
        "drone",
        "jet",
        "plane",
        "aircraft",
        "helicopter",
        "tank",
        "gunfire",
        "artillery",
        "explosion",
        "blast",
        "attack",
        "bombing",
        "raid",
        "warplane",
        "gunship",
        "grenade",
        "ied",
        "mine",
        "bullet",
        "fire",
    }
)
VERBAL_OBJECTS = frozenset(
    {
        "policy",
        "decision",
        "remark",
        "comment",
        "statement",
        "plan",
        "move",
        "law",
        "proposal",
        "report",
        "speech",
        "stance",
        "handling",
        "approach",
        "record",
        "claim",
        "resolution",
        "bill",
        "measure",
        "idea",
        "government",
        "leadership",
        "strategy",
        "view",
    }
)
CUSTODY_NOUNS = frozenset({"custody", "detention", "prison", "jail", "captivity"})
# Verbs whose object (not subject) does what their complement says: "urged Israel to withdraw".
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "order",
        "instruct",
        "press",
        "encourage",
        "invite",
        "force",
        "compel",
        "persuade",
        "tell",
        "request",
        "implore",
        "allow",
        "permit",
        "help",
        "exhort",
        "lead",
        "prompt",
        "drive",
        "cause",
    }
)
# Verbs transparent for the action they govern: "pledged to continue to support".
TRANSPARENT = frozenset(
    {
        "continue",
        "begin",
        "start",
        "resume",
        "keep",
        "help",
        "try",
        "attempt",
        "seek",
        "work",
        "move",
        "go",
        "step",
        "be",
        "remain",
        "get",
        "come",
        "proceed",
    }
)
HAPPENING = frozenset(
    {
        "take",
        "occur",
        "erupt",
        "break",
        "begin",
        "start",
        "continue",
        "resume",
        "end",
        "intensify",
        "escalate",
        "rage",
        "flare",
        "spread",
        "happen",
        "follow",
        "come",
        "be",
    }
)
# Event nouns in these phrases are background or time references, not events: "during a summit".
# Adjectives that open a commitment frame ("willing to", "ready to"), only as adjectives.
ADJECTIVE_FRAMES = frozenset({"willing", "ready", "prepared", "determined"})
PROTEST_PURPOSE = frozenset({"demand", "protest", "press", "call", "urge", "demonstrate", "denounce", "condemn",
                             "oppose", "express", "voice", "seek"})
BACKGROUND_PREPS = frozenset({"during", "after", "before", "since", "following", "amid", "amidst", "despite", "until",
                              "ahead", "prior", "throughout", "like", "unlike"})
# Nominal participles are not triggers: "the wounded", "the besieged town".
NOMINAL_DEPS = frozenset({"amod", "nsubj", "nsubjpass", "dobj", "pobj", "compound", "attr", "appos", "poss"})
# Speech nouns whose "that"-clause can carry a demand: "a reminder to Iraq that it must cooperate".
SPEECH_NOUNS = frozenset({"reminder", "warning", "statement", "message", "letter", "declaration", "demand", "call",
                          "appeal", "ultimatum", "note", "resolution", "communique", "communiqué", "speech", "address"})
# Objects that turn support against their owner: "backed Assad's overthrow".
ADVERSE_OBJECTS = frozenset({"overthrow", "ouster", "removal", "downfall", "toppling", "defeat", "isolation",
                             "arrest", "prosecution", "expulsion", "punishment", "resignation", "impeachment",
                             "execution", "capture", "surrender"})
# Verbs by which an attack is owned: the claimant, organiser or perpetrator is its actor.
CLAIMING_VERBS = frozenset({"claim", "carry", "conduct", "launch", "stage", "mount", "perpetrate", "order",
                            "organise", "organize"})
# Documents that say what their authors say: "approved a resolution criticizing X" is the approver's criticism.
_DOCUMENT_NOUNS = frozenset({"statement", "communique", "report", "motion", "bill", "decree", "order"})
# Verbs whose object or complement did not happen: "was spared an assault", "to avert a war".
BLOCKERS = frozenset({"spare", "avert", "avoid", "prevent", "forestall", "escape", "fear", "deter", "risk", "stave",
                      "head", "rule", "thwart", "foil", "block", "stop", "dread", "preempt", "pre-empt",
                      "design", "aim", "prefer", "wish"})  # ("talks designed to end the war": an aim)
# Modifiers that make an event noun a possibility: "a potential Turkish attack".
HYPOTHETICAL_MODIFIERS = frozenset({"potential", "possible", "planned", "proposed", "threatened", "expected",
                                    "future", "looming", "imminent", "likely", "feared", "prospective", "mooted",
                                    "would-be", "anticipated", "rumoured", "rumored"})
# "refused to comment", "declined to say": no comment is no rejection (CAMEO 011).
NO_COMMENT = frozenset({"comment", "say", "confirm", "deny", "answer", "discuss", "speculate", "elaborate", "reveal",
                        "disclose", "name", "specify", "identify"})
TIME_WORDS = frozenset({"day", "week", "month", "year", "morning", "afternoon", "evening", "night", "today",
                        "yesterday", "tomorrow", "time", "decade", "weekend", "hour", "minute", "season", "spring",
                        "summer", "autumn", "fall", "winter", "monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday"})
QUANTITY_HEADS = frozenset({"million", "billion", "thousand", "dollar", "euro", "pound", "ton", "tonne", "worth"})
# Nouns that stop what their "of" phrase names: "a suspension of aid", "the halt of talks".
STOP_NOUNS = frozenset({"suspension", "halt", "cessation", "end", "freeze", "cut", "reduction", "termination"})
GENERIC_EVENT_HEADS = frozenset({"process", "session", "track", "phase", "series", "programme", "program", "effort",
                                 "mission", "campaign", "drive", "initiative", "bid"})
DESTINATION_SLOTS = frozenset({"at", "in", "to", "into"})
# Nouns whose complement is a plan, promise or claim, not something that happened:
# "its commitment to protecting", "plans to attack", "the right to strike".
CONTENT_NOUNS = frozenset(
    {
        "commitment",
        "pledge",
        "promise",
        "plan",
        "call",
        "demand",
        "threat",
        "fear",
        "concern",
        "worry",
        "possibility",
        "prospect",
        "risk",
        "speculation",
        "advantage",
        "danger",
        "likelihood",
        "rumour",
        "rumor",
        "readiness",
        "willingness",
        "intention",
        "decision",
        "proposal",
        "offer",
        "bid",
        "effort",
        "attempt",
        "right",
        "need",
        "failure",
        "refusal",
        "request",
        "appeal",
        "agreement",
        "deal",
        "plot",
        "ability",
        "capacity",
        "desire",
        "wish",
        "mandate",
        "permission",
        "order",
        "warning",
        "resolve",
        "determination",
        "goal",
        "aim",
        "ambition",
        "policy",
        "strategy",
        "way",
        "chance",
        "opportunity",
        "hope",
        "bill",
        "law",
        "motion",
        "vote",
        "resolution",
        "initiative",
        "campaign",
        "accusation",
        "allegation",
        "claim",
        "charge",
        "suspicion",
        "importance",
        "necessity",
        "satisfaction",
        "condition",
        "principle",
        "framework",
        "basis",
        "level",
        "issue",
        "question",
        "matter",
        "topic",
        "subject",
        "idea",
        "future",
    }
)
# Event nouns coded on their own (with named participants) only for these types: a nominal
# "cooperation" or "support" is usually a topic, not an event.
NOMINAL_TYPES = frozenset({"CONSULT", "ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "SANCTION", "RETREAT"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
MODAL_HYPOTHETICAL = frozenset({"could", "might", "may"})
MODAL_OBLIGATION = frozenset({"must", "should", "ought"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
_SUBJ = ("nsubj", "csubj")


@dataclass
class Candidate:
    """An event found in a sentence, before it becomes an output record."""

    trigger: Token
    trigger_tokens: list[Token]
    cameo: str
    actors: list[Resolved]
    recipients: list[Resolved]
    conf: float
    aux: set[str] = field(default_factory=set)
    intended: str | None = None
    mode: str | None = None
    context: str | None = None
    joint: bool = False
    deadline_tokens: list[Token] = field(default_factory=list)
    object_location: bool = False  # the object may be where it happened ("shelled Kharkiv")
    speaker: list[Resolved] = field(default_factory=list)
    date_anchor: Token | None = None  # the token whose clause dates the event (default: the trigger)
    nominal: bool = False  # coded from an event noun
    plover: str | None = None  # overrides the CAMEO code's PLOVER type (announced retreats: CONCEDE)


@dataclass
class Inherited:
    """What the clauses above a trigger tell about it."""

    reported: bool = False
    speaker: Token | None = None
    future: bool = False
    negated: bool = False
    hypothetical: bool = False
    consumed: bool = False


class SentenceCoder:
    def __init__(self, lexicon: Lexicon, actors: DocumentActors) -> None:
        self.lex = lexicon
        self.actors = actors
        # participants of event nouns seen so far in the document, by PLOVER type: "talks
        # between X and Y ... the talks began in 2020" (the second mention names no one)
        self.noun_participants: dict[str, tuple[int, list[Resolved]]] = {}

    # ------------------------------------------------------------------ lexicon matching

    def verb_rules(self, v: Token) -> list[VerbRule]:
        for form in _verb_forms(v):
            rules = self.lex.verbs.get(form)
            if rules:
                return list(rules)
        return []

    @staticmethod
    def _particles(v: Token) -> dict[str, Token]:
        """Particles and prepositions that belong to the verb: "pull out", "give in", "meet with".
        A preposition counts only right after the verb (an adverb or object pronoun may come
        between): in "gave birth to a child in February", "in" is not "give in"."""
        out: dict[str, Token] = {}
        for c in v.children:
            if c.i <= v.i:
                continue
            if c.dep_ == "prt":
                out.setdefault(c.lower_, c)
            elif c.dep_ == "advcl" and c.i > v.i:  # "called for Egyptians to join": "for" marks the clause
                mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
                if mark is not None and mark.i == v.i + 1:
                    out.setdefault("for", mark)
            elif c.dep_ in ("prep", "agent", "dative", "advmod"):
                between = v.doc[v.i + 1 : c.i]
                if all(t.pos_ in ("ADV", "PRON", "PART") or t.dep_ in ("advmod", "neg") for t in between):
                    out.setdefault(c.lower_, c)
        return out

    @staticmethod
    def _objects(v: Token) -> list[Token]:
        objs = [c for c in v.children if c.dep_ in ("dobj", "oprd")]
        if not objs:
            objs = [c for c in v.children if c.dep_ == "nsubjpass"]
        if not objs:  # "eased curfew hours": the parser sometimes makes the object an adverbial noun
            objs = [c for c in v.children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"
                    and c.lemma_.lower() not in TIME_WORDS]
        # "found him guilty": a predicative adjective completes the verb
        objs += [c for c in v.children if c.dep_ in ("ccomp", "acomp", "xcomp") and c.pos_ == "ADJ"]
        return objs

    def _object_keys(self, tok: Token) -> set[str]:
        keys = {tok.lemma_.lower(), tok.lower_}
        comp = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
        if comp:
            keys.add(f"{comp[-1].lower_} {tok.lemma_.lower()}")
        for c in tok.children:  # "a round of talks", "state of emergency", "$3m in aid"
            if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "in" and tok.lemma_.lower() in QUANTITY_HEADS)):
                for p in c.children:
                    if p.dep_ == "pobj":
                        keys |= {p.lemma_.lower(), p.lower_}
        for c in tok.lefts:
            if c.dep_ in ("compound", "amod"):
                keys.add(c.lemma_.lower())
        return keys

    def match_verb(self, v: Token) -> list[tuple[VerbRule, Token | None]]:
        """Rules that fit this verb's particles and object, most specific first."""
        out = []
        particles = self._particles(v)
        objs = self._objects(v)
        for rule in self.verb_rules(v):
            if rule.lemma in ADJECTIVE_FRAMES and v.pos_ != "ADJ":
                continue  # "readying for an assault" is not "ready to"
            prt = None
            if rule.particle:
                prt = particles.get(rule.particle)
                if prt is None:
                    continue
            if rule.objects:
                cands = list(objs)
                if prt is not None:
                    cands += [c for c in prt.children if c.dep_ == "pobj"]
                    if prt.dep_ in ("prt", "advmod"):
                        cands += [c for c in v.children if c.dep_ == "prep" for c in c.children if c.dep_ == "pobj"]
                cands += [c for c in v.children if c.dep_ == "prep" for c in c.children if c.dep_ == "pobj"]
                cands += [cc for c in list(cands) for cc in c.conjuncts]
                if not any(self._object_keys(c) & rule.objects for c in cands):
                    continue
            out.append((rule, prt))
        return out

    def noun_rule(self, n: Token) -> NounRule | None:
        lemma = n.lemma_.lower()
        if lemma in STOP_NOUNS or lemma in QUANTITY_HEADS:
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                    inner = next((p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), None)
                    if inner is None or inner.i == n.i:
                        continue
                    rule = self.noun_rule(inner)
                    if rule is None:
                        continue
                    if lemma in QUANTITY_HEADS:
                        return rule  # "$33 million in assistance" is assistance
                    code = stop_code(self._action(rule.cameo, rule.mode, rule.context))
                    if code:
                        return NounRule(f"{lemma} {rule.key}", code, rule.recipient, None, 0.75, None, None)
        if lemma in GENERIC_EVENT_HEADS:  # "the dialogue process", "a negotiation session"
            for c in n.lefts:
                if c.dep_ == "compound" and c.pos_ == "NOUN":
                    rule = self.noun_rule(c)
                    if rule is not None:
                        return rule
        comps = [c for c in n.lefts if c.dep_ in ("compound", "amod")]
        for c in reversed(comps):
            # "air strike", "cease-fire" (split at the hyphen), "airstrike"
            for key in (f"{c.lemma_.lower()} {lemma}", f"{c.lower_} {lemma}", f"{c.lower_}-{lemma}",
                        f"{c.lower_}{lemma}"):
                if key in self.lex.nouns:
                    return self.lex.nouns[key]
        if lemma == "state":  # "state of emergency"
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ == "emergency" for p in c.children):
                    return self.lex.nouns.get("state of emergency")
        return self.lex.nouns.get(lemma) or self.lex.nouns.get(n.lower_)

    # ------------------------------------------------------------------ arguments

    def subject(self, v: Token, depth: int = 0) -> Token | None:
        """The token standing for the one who does what the verb says."""
        if depth > 5:
            return None
        for c in v.children:
            if c.dep_ in _SUBJ:
                if c.lower_ in ("who", "which", "that") and v.dep_ == "relcl":
                    return v.head
                return c
        for c in v.lefts:
            # "USAID announced ...": an all-capitals name the parser took for an adverb or a modifier
            if c.dep_ in ("advmod", "npadvmod", "dep", "nmod") and c.text.isupper() and len(c.text) >= 2 and \
                    c.i == v.sent.start and not any(x.dep_ in _SUBJ for x in v.children):
                return c
        if _misparsed_main_verb(v):
            return v.head  # "The Iraqi air force carried out ... strikes": the root noun is the subject
        if self.is_passive(v):
            if v.lemma_.lower() in ("engage", "involve"):  # "were engaged in ethnic cleansing"
                return next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            return self.agent(v)
        dep = v.dep_
        h = v.head
        if dep == "xcomp":
            if h.lemma_.lower() in OBJECT_CONTROL:
                objs = [c for c in h.children if c.dep_ in ("dobj", "dative")]
                if not objs:
                    for p in h.children:
                        if p.dep_ == "prep" and p.lower_ in ("on", "upon"):
                            objs = [c for c in p.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
            return self.subject(h, depth + 1)
        if dep == "conj" and h.pos_ in ("VERB", "AUX"):
            if self.is_passive(h) and not self.is_passive(v):
                # "has been indicted by the court and will resign": the one indicted resigns
                return next((c for c in h.children if c.dep_ == "nsubjpass"), None)
            return self.subject(h, depth + 1)
        if dep in ("acomp", "oprd") and h.pos_ in ("VERB", "AUX"):  # "Syria is willing to withdraw"
            return self.subject(h, depth + 1)
        if dep == "acl" and h.lemma_.lower() in SPEECH_NOUNS | _DOCUMENT_NOUNS and h.head.pos_ in (
                "VERB", "AUX") and h.head.lemma_.lower() in _ISSUE_VERBS | {"make", "give", "read", "put"}:
            return self.subject(h.head, depth + 1)  # "issued a declaration demanding ...": the issuer demands
        if dep in ("relcl", "acl") and h.pos_ in ("NOUN", "PROPN", "PRON"):
            return h if v.tag_ != "VBN" else None
        if dep == "advcl" and v.tag_ == "VBG":
            return self.subject(h, depth + 1)
        if dep == "pcomp" and h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX"):
            return self.subject(h.head, depth + 1)
        if dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return self.subject(h, depth + 1)
        return None

    @staticmethod
    def is_passive(v: Token) -> bool:
        # a participle describing a noun ("men killed fighting Isis"), whatever past tag it got
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
            v.dep_ == "acl" and v.tag_ in ("VBN", "VBD") and not any(c.dep_ == "dobj" for c in v.children))

    @staticmethod
    def agent(v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None

    def slot_tokens(self, v: Token, slot: str) -> list[Token]:
        if slot == "dobj":
            if v.dep_ == "relcl" and not self.is_passive(v) and not any(c.dep_ == "dobj" for c in v.children) and any(
                    c.dep_ in _SUBJ and c.lower_ not in ("who", "which", "that") for c in v.children):
                return [v.head]  # "14 officials it blames for ...": the noun the clause describes
            if self.is_passive(v):
                toks = [c for c in v.children if c.dep_ == "nsubjpass"]
                if not toks and v.dep_ == "acl":
                    toks = [v.head]
                return toks
            return [c for c in v.children if c.dep_ == "dobj"]
        if slot == "iobj":
            return [c for c in v.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"] + [
                p for c in v.children if c.dep_ == "dative" and c.pos_ == "ADP" for p in c.children if p.dep_ == "pobj"
            ]
        out = []
        for c in v.children:
            if c.dep_ in ("prep", "dative", "prt", "agent") and c.lower_ == slot:
                out += [p for p in c.children if p.dep_ == "pobj"]
        return out

    def resolve(self, tok: Token | None) -> list[Resolved]:
        if tok is None:
            return []
        return self.actors.resolve_all(tok)

    def recipients(self, v: Token, slots: tuple[str, ...], owners: bool = True) -> list[Resolved]:
        for slot in slots:
            if slot == "none":
                return []
            for tok in self.slot_tokens(v, slot):
                res = self.resolve(tok)
                if not res and slot in DESTINATION_SLOTS:
                    res = self.actors.resolve_destination(tok)
                if res:
                    return res
        if owners and "none" not in slots:
            for slot in ("dobj", *(s for s in slots if s not in ("dobj", "iobj"))):
                for tok in self.slot_tokens(v, slot):  # "reneged on its commitment to the Zambian people"
                    if tok.lemma_.lower() in ADVERSE_OBJECTS:
                        continue  # "backed Assad's overthrow" is not support for Assad
                    res = self.object_owner(tok)
                    if res:
                        return res
        return []

    def object_owner(self, obj: Token) -> list[Resolved]:
        """Whose is the thing acted on: "rejected an Indian proposal", "a U.S. request",
        "a demand from the US President", "calls by Kofi Annan", "aid to Serbia"."""
        for other in obj.conjuncts:  # "suspended military aid and weapons deals with Pakistan"
            if other.i > obj.i:
                found = self._own_owner(other)
                if found:
                    return found
        return self._own_owner(obj)

    def _own_owner(self, obj: Token, depth: int = 0) -> list[Resolved]:
        # 1. whose it is: "Iran's programme", "US sanctions", "an Indian proposal"
        for c in obj.children:
            # (a possessive pronoun mostly points back to the actor: "reneged on his commitment to X")
            if c.dep_ == "poss" and c.pos_ != "PRON":
                res = self.resolve(c)
                if res:
                    return [replace(r, kind="owner") for r in res]
        for c in obj.lefts:
            if c.dep_ in ("amod", "compound", "nmod"):
                iso, sector = self.actors._country_of_token(c)
                if iso and fold(c.text) not in self.actors.kb.capitals:
                    return [self.actors._make(c, country=iso, sector=sector, confidence=0.65, kind="owner")]
                ent = self.actors.ent(c)  # "United Nations planes": the whole name, not its last word
                org = self.actors.kb.organization(ent.text if ent is not None else c.text, self.actors.day)
                if org is not None:
                    res = self.resolve(c)
                    if res:
                        return [replace(r, kind="owner") for r in res]
        # 2. who it comes from or goes to: "a demand from the US", "calls by Annan", "aid to Serbia"
        for prep_words in (("from", "by", "of"), ("to", "with", "against", "on", "toward", "towards", "among",
                                                  "between")):
            for c in _own_phrase(obj) if "to" in prep_words else obj.children:
                if c.dep_ != "prep" or c.lower_ not in prep_words:
                    continue
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    res = self.resolve(p) or (self.actors.resolve_destination(p) if c.lower_ == "to" else [])
                    if not res and depth == 0 and c.lower_ in ("on", "against", "to"):
                        res = self._own_owner(p, depth + 1)  # "sanctions on Iranian oil exports"
                    if res:
                        return [replace(r, kind="owner") for r in res]
        if depth == 0:
            # "demands for greater freedom from President Bouteflika's government": who is asked
            for c in (x for x in obj.children if x.dep_ == "prep" and x.lower_ == "for"):
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    for q in (y for t in [p, *p.conjuncts] for y in t.children
                              if y.dep_ == "prep" and y.lower_ in ("from", "by")):
                        res = [r for x in q.children if x.dep_ == "pobj" for r in self.resolve(x)]
                        if res:
                            return [replace(r, kind="owner") for r in res]
        return []

    def owner_of_thing(self, tok: Token) -> list[Resolved]:
        """Whose is the thing attacked: "a Malian army post", "Iranian nuclear sites", "a village in Herat"."""
        found = self._role_in_compounds(tok)
        if found:
            return found
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "nmod") and fold(c.text) not in self.actors.kb.capitals:
                iso, _ = self.actors._country_of_token(c)
                if iso:
                    return [self.actors._make(c, country=iso, sector=None, confidence=0.6, kind="owner")]
        return self._place_owner(tok)

    def _role_in_compounds(self, tok: Token) -> list[Resolved]:
        """"a Malian army post", "police stations": the institution a thing belongs to."""
        comps = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
        for c in comps:
            sector = self.actors.kb.sectors.get(fold(c.lemma_)) or self.actors.kb.sectors.get(fold(c.text))
            if sector in ("MIL", "COP", "GOV", "SPY"):
                country = next((iso for iso in (self.actors._country_of_token(x)[0] for x in comps) if iso), None)
                if country:
                    return [self.actors._make(tok, country=country, sector=sector, name=None, confidence=0.6,
                                              kind="group")]
        return []

    def _place_owner(self, tok: Token) -> list[Resolved]:
        """ "power lines leading into Kabul", "a village in Herat": the country of a place
        inside the object phrase stands for the victims when no actor is named."""
        for t in _own_phrase(tok):
            ent = self.actors.ent(t)
            # ("Herat province": the name is often left untagged or tagged as something else)
            mistagged = (ent is None or ent.label_ in ("ORG", "PERSON", "NORP")) and t.pos_ == "PROPN" and (
                t.head.lower_ in _REGION_WORDS or (t.dep_ == "pobj" and t.head.lower_ == "in"))
            if (ent is not None and ent.label_ in ("GPE", "LOC") and t.i == ent.root.i) or mistagged:
                name = ent.text if ent is not None and not mistagged else t.text
                words = name.rsplit(" ", 1)
                if len(words) == 2 and words[1].lower() in _REGION_WORDS:
                    name = words[0]  # "West Darfur State", "Anbar province"
                iso = (
                    self.actors.kb.country(name)
                    or (self.actors.kb.metonym(name) or (None, None))[0]
                    or self.actors._city_country(name)
                )
                if iso:  # the people of the place: the span is the place's name
                    res = self.actors._make(t, country=iso, sector=None, name=None, confidence=0.5, kind="group")
                    return [res]
        return []

    # ------------------------------------------------------------------ modality

    def own_modality(self, v: Token) -> tuple[bool, bool, bool, bool, bool]:
        """(negated, no_longer, future, hypothetical, obligation) from the verb's own auxiliaries."""
        negated = no_longer = future = hypothetical = obligation = False
        for c in v.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "advmod" and low == "never"):
                nxt = v.doc[c.i + 1] if c.i + 1 < len(v.doc) else None
                if low == "no" and nxt is not None and nxt.lower_ == "longer":
                    no_longer = True
                else:
                    negated = True
            elif c.dep_ == "advmod" and low in ("longer",) and any(x.lower_ == "no" for x in c.children):
                no_longer = True
            elif c.dep_ in ("aux", "auxpass"):
                if low in FUTURE_AUX or low == "would":
                    future = True
                elif low in MODAL_HYPOTHETICAL:
                    hypothetical = True
                elif low in MODAL_OBLIGATION:
                    obligation = True
            elif c.dep_ == "mark" and low in ("if", "unless", "whether"):
                hypothetical = True
        # "is set to meet", "are expected to hold talks", "is going to"
        if v.dep_ == "xcomp" and v.head.lemma_ in (
            "set",
            "expect",
            "schedule",
            "due",
            "go",
            "plan",
            "intend",
            "prepare",
            "aim",
            "hope",
            "want",
            "decide",
            "seek",
        ):
            future = True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and v.head.lower_ in ("is", "are", "was"):
            future = True
        return negated, no_longer, future, hypothetical, obligation

    def inherited(self, v: Token) -> Inherited:
        """Walk up from a trigger: frames above it consume it or colour it."""
        inh = Inherited()
        child = v
        t = v.head
        for _ in range(8):
            if t.i == child.i:
                break
            dep = child.dep_
            if (
                t.pos_ in ("NOUN", "PROPN")
                and t.lemma_.lower() in CONTENT_NOUNS
                and dep in ("acl", "relcl", "prep", "pcomp", "xcomp")
                and not (dep == "acl" and _issued_document(t))
            ):
                inh.consumed = True
                return inh
            if dep in ("relcl", "acl") and self.is_passive(child) and not any(
                    c.dep_ == "agent" for c in child.children) and child.i != v.i:
                inh.consumed = True  # "two British men killed fighting Isis": background to the story's news
                return inh
            if dep in ("relcl", "acl", "appos"):
                break
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in child.children):
                inh.hypothetical = True
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.lemma_.lower() in ADJECTIVE_FRAMES):
                rules = self.verb_rules(t)
                frames = {r.frame for r in rules}
                is_complement = dep in ("xcomp", "ccomp", "pcomp", "dobj", "prep", "advcl")
                if t.lemma_.lower() in BLOCKERS and dep in ("xcomp", "pcomp", "prep", "dobj", "ccomp"):
                    inh.consumed = True  # "prevented them from defending", "to avoid attacking"
                    return inh
                if dep == "ccomp" and "light" in frames and self._content_object(t):
                    inh.consumed = True  # "reiterated its demand that Israel ease ...": the demand's content
                    return inh
                if dep in ("ccomp", "parataxis") and "report" in frames and not (frames - {"report", "light"}):
                    inh.reported = True
                    inh.speaker = inh.speaker or self.subject(t)
                elif dep == "xcomp" and "report" in frames and not (frames - {"report", "light"}):
                    inh.consumed = True  # "claiming to fight terrorism": a claim, not an action
                    return inh
                elif "threat" in frames and dep == "ccomp" and self._third_party(t, child):
                    inh.reported = True  # "Israel warned that Iran is arming Hezbollah": a report, not a threat
                    inh.speaker = inh.speaker or self.subject(t)
                elif (
                    is_complement
                    and frames & {"commit", "threat", "refuse", "request", "accuse", "stop"}
                    and self._frame_applies(t, child, frames)
                ):
                    inh.consumed = True
                    return inh
                elif is_complement and "intend" in frames and dep in ("xcomp", "ccomp"):
                    if t.lemma_ not in ("try", "attempt"):
                        inh.future = True
                    if self.own_modality(t)[0]:
                        inh.negated = True  # "who do not intend to surrender"
                elif is_complement and "deny" in frames and dep in ("xcomp", "ccomp", "pcomp", "dobj"):
                    inh.negated = True
                if dep in ("xcomp", "pcomp", "prep", "amod") or (dep == "advcl" and child.tag_ in ("VB", "VBG")):
                    # "his country would focus on helping train": the governing verb's modality
                    _neg, _no_longer, fut, hyp, _ = self.own_modality(t)
                    inh.future = inh.future or fut
                    inh.hypothetical = inh.hypothetical or hyp
                if dep in ("ccomp", "xcomp") and t.lemma_ in TRANSPARENT:
                    pass
            if dep == "pcomp" and t.dep_ == "prep" and (t.lower_ == "without" or (
                    t.lower_ == "of" and t.head.lower_ == "instead") or ((t.lower_ == "than" and any(
                    x.lower_ == "rather" for x in t.head.children)) or t.head.lower_ == "rather")):
                inh.negated = True  # "instead of retreating", "without firing a shot"
            if dep == "pcomp" and t.dep_ == "prep":
                if t.head.pos_ in ("NOUN", "PROPN") and (t.head.lemma_.lower() in CONTENT_NOUNS or (
                        self.noun_rule(t.head) is None and t.lower_ not in ("after", "before", "by", "since"))):
                    # "advantages in accepting the group's authority": a gerund a noun governs is not asserted
                    inh.consumed = True
                    return inh
                child, t = t, t.head
                continue
            child, t = t, t.head
        return inh

    def _content_object(self, v: Token) -> bool:
        """Is the verb's object a noun that carries content (a demand, threat, promise)?"""
        for o in self._objects(v):
            rule = self.noun_rule(o)
            if o.lemma_.lower() in CONTENT_NOUNS or (rule is not None and self.lex.plover(rule.cameo) in (
                    "REQUEST", "THREATEN", "ACCUSE", "AGREE", "REJECT")):
                return True
        return False

    def _third_party(self, warner: Token, clause: Token) -> bool:
        """Does a "warned that ..." clause have its own subject on another side than the warner?"""
        subj = next((c for c in clause.children if c.dep_ in _SUBJ), None)
        if subj is None or subj.pos_ == "PRON":
            return False
        theirs = self.resolve(subj)
        if not theirs:
            return True  # "warned that the famine would kill thousands": about a thing, not a threat
        ours = self.resolve(self.subject(warner))
        return bool(ours) and not _same_side(ours, theirs)

    def _frame_applies(self, frame_verb: Token, child: Token, frames: set[str]) -> bool:
        """A frame verb consumes this child only when the child is its complement."""
        if child.dep_ in ("xcomp", "ccomp"):
            return True
        if child.dep_ == "pcomp" or (child.dep_ == "prep" and child.lower_ in ("of", "for", "against", "to")):
            return True
        return bool(child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))

    # ------------------------------------------------------------------ complements

    def complement(self, v: Token, prt: Token | None) -> tuple[Token | None, bool]:
        """The action a frame verb governs: (token, is_verb)."""
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                return self._through_transparent(c), True
        for c in v.children:
            if c.dep_ == "advcl" and c.pos_ == "VERB" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                return self._through_transparent(c), True
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "against", "to", "on", "from"):
                for p in c.children:
                    if p.dep_ == "pcomp" and p.pos_ in ("VERB", "AUX"):
                        return self._through_transparent(p), True
        for c in v.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
                if self.noun_rule(c) is not None:
                    return c, False
                for pp in c.children:  # "demanded the withdrawal of troops" handled above; "a call for talks"
                    if pp.dep_ == "prep":
                        for p in pp.children:
                            if p.dep_ == "pobj" and self.noun_rule(p) is not None:
                                return p, False
        preps = [prt] if prt is not None else []
        preps += [c for c in v.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on", "against",
                                                                               "about", "over")]
        for c in preps:
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN") and self.noun_rule(p) is not None:
                    return p, False
        return None, False

    def _through_transparent(self, c: Token) -> Token:
        for _ in range(3):
            if c.lemma_.lower() not in TRANSPARENT:
                break
            nxt = next(
                (x for x in c.children if x.dep_ in ("xcomp", "ccomp", "pcomp") and x.pos_ in ("VERB", "AUX")), None
            )
            if nxt is None:
                for p in c.children:
                    if p.dep_ == "prep":
                        nxt = next((x for x in p.children if x.dep_ == "pcomp" and x.pos_ == "VERB"), None)
                        if nxt is not None:
                            break
            if nxt is None:
                break
            c = nxt
        return c

    def _action(self, cameo: str, mode: str | None = None, context: str | None = None) -> Action:
        code = self.lex.code(cameo)
        return Action(cameo, code.plover, mode or code.mode, (context,) if context else code.context)

    def action_of(self, tok: Token, is_verb: bool) -> tuple[Action | None, Token | None]:
        """What kind of action a complement is (and the noun that says so, for light verbs)."""
        if not is_verb:
            rule = self.noun_rule(tok)
            if rule is None:
                return None, None
            return self._action(rule.cameo, rule.mode, rule.context), tok
        for vrule, prt in self.match_verb(tok):
            if vrule.frame == "plain":
                if vrule.needs in ("labour", "armed", "civilian", "nonstate", "official"):
                    # "it would strike Iranian positions": a military strike, not a labour one
                    subj = self.subject(tok)
                    if not self.needs_ok(vrule.needs, tok, self.resolve(subj), self.recipients(tok, vrule.recipient),
                                         subj):
                        continue
                return self._action(vrule.cameo, vrule.mode, vrule.context), None
            if vrule.frame in ("light", "report"):
                for obj in self._objects(tok) + self._prep_objects(tok):
                    nr = self.noun_rule(obj)
                    if nr is not None:
                        return self._action(nr.cameo, nr.mode, nr.context), obj
            if vrule.frame == "stop":
                inner, inner_is_verb = self.complement(tok, prt)
                if inner is not None:
                    a, _ = self.action_of(inner, inner_is_verb)
                    if a is not None:
                        sc = stop_code(a)
                        if sc:
                            return self._action(sc), None
        return None, None

    @staticmethod
    def _prep_objects(v: Token) -> list[Token]:
        return [p for c in v.children if c.dep_ in ("prep", "prt") for p in c.children if p.dep_ == "pobj"]

    # ------------------------------------------------------------------ needs

    def needs_ok(
        self, need: str | None, v: Token, actors: list[Resolved], recips: list[Resolved], subj: Token | None
    ) -> bool:
        if not need:
            return True
        if need == "actor":
            return any(a.resolved for a in actors)
        if need == "recipient":
            return any(r.resolved or r.kind in ("person", "group") for r in recips)
        if need == "human":  # the object itself is someone (not something someone owns)
            direct = {t.i for slot in ("dobj", "iobj") for t in self.slot_tokens(v, slot)}
            return any((r.resolved or r.kind in ("person", "group")) and r.head in direct for r in recips) or any(
                r.resolved and r.kind != "owner" for r in recips if r.head not in direct)
        if need == "dyad":
            if sum(1 for a in actors if a.resolved) >= 2:
                return True  # "X and Y met": each is the other's counterpart
            return any(a.resolved for a in actors) and any(r.resolved for r in recips)
        if need == "armed":
            if any(
                a.actor.sector in ARMED_SECTORS
                or a.kind in ("state", "metonym")
                or (a.kind == "org" and a.actor.sector in ARMED_SECTORS)
                for a in actors
            ):
                return True
            if subj is not None and subj.lemma_.lower() in WEAPON_NOUNS:
                return True
            return any(c.dep_ == "prep" and c.lower_ == "with" for c in v.children) and bool(actors)
        if need == "labour":
            if self._objects(v):
                return False
            return any(a.actor.sector in LABOUR_SECTORS for a in actors) or (
                subj is not None and subj.lemma_.lower() in ("worker", "union", "employee", "staff", "driver")
            )
        if need == "official":  # visits are made by governments and their envoys, not by gunmen
            return any(a.actor.sector in ("GOV", "IGO", "LEG", "JUD", "ELI") or a.kind in ("state", "metonym") or (
                a.kind == "person" and a.actor.kb_id) for a in actors)
        if need == "nonstate":  # "captured by Isis": a non-state captor abducts
            return any(a.actor.sector in ("REB", "INS", "UAF", "CRM", "PRM") or (a.actor.code or "").startswith(
                "IMG") for a in actors) and any(r.kind in ("person", "group") or r.resolved for r in recips)
        if need == "civilian":
            return any(a.actor.sector in CIVILIAN_SECTORS for a in actors)
        if need == "verbal":
            # "the ministry protested that ...", "attacked the government's policy": words, not action
            if any(a.actor.sector in CIVILIAN_SECTORS - {"NGO", "OPP"} or a.actor.sector in ARMED_SECTORS
                   for a in actors):
                return False  # protesters protest and soldiers attack with more than words
            if any(a.actor.sector in ("GOV", "IGO", "LEG", "JUD", "NGO") or a.kind in ("state", "metonym")
                   for a in actors) and v.lemma_ != "attack":
                return True
            return any(o.lemma_.lower() in VERBAL_OBJECTS for o in self._objects(v)) or any(
                c.dep_ == "ccomp" for c in v.children)
        if need == "object":
            return bool(self.slot_tokens(v, "dobj"))
        if need == "custody":
            return any(p.lemma_.lower() in CUSTODY_NOUNS for p in self._prep_objects(v))
        return True

    # ------------------------------------------------------------------ the sentence

    def code(self, sent: Span) -> list[Candidate]:
        cands: list[Candidate] = []
        consumed_nouns: set[int] = set()
        consumed_verbs: set[int] = set()
        cands.extend(self._obligations(sent, consumed_verbs))
        consumed_nouns |= consumed_verbs
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")]
        verbs += [t for t in sent if t.pos_ == "ADJ" and any(c.dep_ == "xcomp" for c in t.children)
                  and any(r.frame == "commit" for r in self.verb_rules(t))]
        # "EU and UN hand over supplies": a verb the tagger took for a noun, at the root of its clause
        verbs += [t for t in sent if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "ROOT"
                  and any(c.dep_ in ("dobj", "prt") for c in t.children) and self.verb_rules(t)]
        verbs.sort(key=lambda t: _depth(t))
        protests: set[int] = set()
        for v in verbs:
            if v.i in consumed_verbs:
                continue
            if v.pos_ != "ADJ" and v.dep_ in NOMINAL_DEPS and v.tag_ in ("VBN", "VBG"):
                continue  # "the wounded", "the besieged town": participles used as nouns or adjectives
            if v.head.i in protests and v.dep_ in ("advcl", "xcomp") and v.lemma_.lower() in PROTEST_PURPOSE:
                continue  # "demonstrated ... to demand reforms": the topic of a protest is not coded apart
            if v.dep_ in ("relcl", "acl") and self.is_passive(v) and self.agent(v) is None and \
                    not _misparsed_main_verb(v):
                continue  # "whose parents were killed", "weapons seized last year": background
            if _reduced_relative_root(v) or (v.dep_ in ("xcomp", "advcl") and _reduced_relative_root(v.head)):
                continue  # "The families of two men killed fighting Isis have condemned ...": background
            if _in_condition(v) or _is_purpose(v):
                continue  # "unless Turkey is willing to reopen", "arming them to shoot at refugees": not asserted
            if v.dep_ in ("csubj", "csubjpass"):
                continue  # "removing the sanctions is out of the question": a clause talked about, not done
            inh = self.inherited(v)
            if inh.consumed:
                continue
            cand = self._code_verb(v, inh, consumed_nouns)
            if cand is not None:
                cands.extend(cand)
                if any(self.lex.plover(c.cameo) == "PROTEST" for c in cand):
                    protests.add(v.i)
        cands.extend(self._code_nouns(sent, consumed_nouns, cands))
        return cands

    def _code_verb(self, v: Token, inh: Inherited, consumed_nouns: set[int]) -> list[Candidate] | None:
        matches = self.match_verb(v)
        if not matches:
            return None
        subj = self.subject(v)
        actors = self.resolve(subj)
        noun_subject = None
        if subj is not None and not actors and self.noun_rule(subj) is not None:
            # "the airstrike killed 12": the event noun names how; its modifiers name who
            noun_subject = subj
            actors = self._noun_actors(subj)
        negated, no_longer, future, hypothetical, obligation = self.own_modality(v)
        negated = negated or inh.negated
        future = future or inh.future
        hypothetical = hypothetical or inh.hypothetical
        for rule, prt in matches:
            frame = rule.frame
            if frame == "report" and rule.objects:
                return None  # "requested anonymity", "talked about": this object makes it no event
            if frame in ("report", "intend", "deny"):
                continue
            plain_plover = self.lex.plover(rule.cameo) if frame == "plain" else None
            owners = plain_plover not in ("ASSAULT", "COERCE", "MOBILIZE", "PROTEST")
            recips = self.recipients(v, rule.recipient, owners) if frame != "light" else []
            trigger_tokens = [v] + ([prt] if prt is not None else [])
            cameo = rule.cameo
            mode, context = rule.mode, rule.context
            intended = None
            conf = rule.conf
            deadline_tokens = [v]
            object_location = False
            if frame == "light":
                own = self._objects(v) + ([c for c in prt.children if c.dep_ == "pobj"] if prt is not None else [])
                obj = next((o for o in own if self.noun_rule(o) is not None), None)
                if obj is None:
                    continue
                nr = self.noun_rule(obj)
                assert nr is not None
                consumed_nouns.add(obj.i)
                cameo, mode, context, conf = nr.cameo, nr.mode, nr.context, max(nr.conf, 0.6)
                trigger_tokens.append(obj)
                # the event noun's possessor did it ("reiterated its demand"): not a recipient
                recips = self.recipients(v, rule.recipient, owners=False) or self._noun_recipients(obj, nr)
                if not recips and self.lex.plover(nr.cameo) == "REQUEST":
                    # "reiterated its demand today that Israel ease ...": the clause may hang on the verb
                    for c in v.children:
                        if c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark"):
                            clause_subj = [x for x in c.children if x.dep_ in _SUBJ]
                            recips = self.resolve(clause_subj[0]) if clause_subj else []
                            break
                if not actors:
                    actors = self._noun_actors(obj)
                object_location = True
            elif frame == "stop":
                inner, inner_is_verb = self.complement(v, prt)
                if inner is None:
                    continue
                a, noun = self.action_of(inner, inner_is_verb)
                if a is None:
                    continue
                sc = stop_code(a)
                if sc is None:
                    continue
                cameo = sc
                trigger_tokens.append(inner)
                if not recips:
                    recips = (
                        self.recipients(inner, ("dobj", "on", "against", "with"))
                        if inner_is_verb
                        else self._noun_recipients(inner, self.noun_rule(inner))
                    )
            elif frame in ("commit", "threat", "refuse", "request", "accuse"):
                inner, inner_is_verb = self.complement(v, prt)
                action = None
                if inner is not None:
                    action, noun = self.action_of(inner, inner_is_verb)
                    if action is not None:
                        inner_neg = inner_is_verb and self.own_modality(inner)[0]
                        inner_no_longer = inner_is_verb and self.own_modality(inner)[1]
                        if (inner_neg or inner_no_longer) and action.plover in CONFLICT:
                            sc = stop_code(action)
                            if sc:
                                action = self._action(sc)
                        trigger_tokens.append(inner if inner_is_verb or noun is None else noun)
                        if noun is not None:
                            consumed_nouns.add(noun.i)
                        if not inner_is_verb:
                            consumed_nouns.add(inner.i)
                        deadline_tokens.append(inner)
                        if not recips and frame in ("commit", "threat", "refuse", "request"):
                            if inner_is_verb:
                                recips = self._inner_recipients(inner, noun)
                            else:
                                recips = self._noun_recipients(inner, self.noun_rule(inner)) or self.object_owner(
                                    inner)
                    elif inner_is_verb and not recips and frame in ("threat", "refuse", "commit"):
                        # "refused to respond to a demand from the US President": who it is aimed at
                        recips = self._inner_recipients(inner, None)
                if frame == "threat" and inner is not None and inner_is_verb:
                    cond = self._condition_subject(inner) or self._condition_subject(v)
                    if cond and not recips:
                        recips = cond
                if frame == "commit":
                    if action is None and (v.dep_ == "acl" or not any(a.resolved for a in actors)):
                        continue  # "the principles agreed in 2008": a description, not a new agreement
                    if action is None and rule.lemma in ("offer", "volunteer") and not recips:
                        continue  # "Isis offered everything a street gang does": nothing political offered
                    if action is None and v.pos_ == "ADJ":
                        continue  # "determined to retake Idlib" with no action we can code
                    if action is not None:
                        if action.plover in CONFLICT and action.plover != "PROTEST":
                            cameo = threat_code(action)  # "vowed to crush the rebels"
                            intended = action.plover
                        elif (
                            rule.cameo.startswith(("08", "087"))
                            or action.plover in ("RETREAT", "CONCEDE")
                            or action.plover in COOPERATIVE
                        ):
                            cameo = intent_code(action)
                            intended = action.plover if action.plover != "AGREE" else None
                        else:
                            cameo = "030"
                    elif self.lex.plover(rule.cameo) in ("RETREAT",):
                        # "declared a ceasefire": a declaration, not yet its implementation
                        a = Action(rule.cameo, "RETREAT", rule.mode, ())
                        cameo, intended = intent_code(a), "RETREAT"
                    future = True
                elif frame == "threat":
                    if inner is not None and inner_is_verb and inner.dep_ == "ccomp" and self._third_party(v, inner):
                        continue  # the warning reports what someone else does; that clause is coded on its own
                    if action is not None:
                        cameo = threat_code(action)
                        intended = action.plover
                    elif rule.lemma == "warn" and not recips:
                        continue  # "warned that prices would rise": not a threat to anyone
                elif frame == "refuse":
                    if inner is not None and inner_is_verb and inner.lemma_.lower() in NO_COMMENT:
                        continue  # "declined to comment", "refused to deny": no event
                    cameo = reject_code(action) if rule.cameo == "120" else rule.cameo
                    if action is None and rule.lemma in ("decline", "dismiss", "resist") and not recips:
                        continue
                elif frame == "request":
                    if rule.cameo.startswith(("02", "10")):
                        cameo = request_code(rule.cameo, action)
                    if not recips and inner is not None and inner_is_verb:
                        inner_subj = [c for c in inner.children if c.dep_ in _SUBJ]
                        if inner_subj:
                            # "demanded that Israel withdraw"; "that control of the ministry be taken away"
                            recips = self.resolve(inner_subj[0]) or self.object_owner(inner_subj[0])
                    if not recips and action is None and inner is None and not self._objects(v):
                        continue  # "pleading Brexit business": a request needs someone asked or something asked for
                elif frame == "accuse" and action is not None and cameo == "112":
                    if action.plover == "ASSAULT":
                        cameo = "1123"
                    elif action.plover == "COERCE":
                        cameo = "1122"
            else:  # plain
                if not recips and self.lex.plover(cameo) in ("CONCEDE", "RETREAT") and self._objects(v):
                    # "lifted a state of emergency in West Darfur": those who live where it is eased
                    recips = self._place_owner(self._objects(v)[0]) or self._verb_place(v)
                if not recips and self.lex.plover(cameo) in CONFLICT:
                    obj = next(iter(self.slot_tokens(v, "dobj")), None)
                    if obj is not None and self.noun_rule(obj) is not None:
                        # "prevented the demonstration staged by students": those who held it
                        recips = self._noun_actors(obj) or self._clause_agent(obj)
                    if obj is not None and not recips:
                        recips = self.owner_of_thing(obj)
                    for slot in (x for x in rule.recipient if x not in ("dobj", "iobj", "none")):
                        for tok in self.slot_tokens(v, slot) if not recips else ():
                            # "hacked into the computers of South Korean army officers"
                            recips = self.object_owner(tok) or self.owner_of_thing(tok)
                object_location = self.lex.plover(cameo) in ("ASSAULT", "COERCE")
            targeted = self.lex.plover(cameo) in ("ASSAULT", "COERCE", "PROTEST")
            if not recips and frame in ("plain", "light") and targeted:
                # "opened fire to disperse the demonstrators", "a hunger strike to protest X's failure"
                # (not "sent police to protect traders": a purpose that helps names no target)
                for c in v.children:
                    if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                        recips = self._inner_recipients(c, None)
                        break
            if noun_subject is not None and mode is None:
                nr = self.noun_rule(noun_subject)
                if nr is not None and nr.mode:
                    mode = nr.mode
            if not self.needs_ok(rule.needs, v, actors, recips, subj):
                continue
            cand = Candidate(
                v,
                trigger_tokens,
                cameo,
                actors,
                recips,
                conf,
                set(),
                intended,
                mode,
                context,
                deadline_tokens=deadline_tokens,
                object_location=object_location,
            )
            if frame == "commit" and intended:
                cand.aux.add("future")
            self._apply_modality(cand, negated, no_longer, future, hypothetical, obligation, inh, frame)
            if noun_subject is not None:
                consumed_nouns.add(noun_subject.i)
            return [cand]
        return None

    def _inner_recipients(self, inner: Token, noun: Token | None) -> list[Resolved]:
        """Who a promised, threatened or refused action is aimed at."""
        found = self._inner_rule_recipients(inner, noun)
        if found:
            return found
        for slot in ("dobj", "to", "against", "on", "with", "into", "from"):
            for tok in self.slot_tokens(inner, slot):
                res = self.resolve(tok) or self.object_owner(tok)
                if res:
                    return res
        for c in inner.children:  # "refused to allow United Nations planes to land": who is let or made to
            if c.dep_ in ("ccomp", "xcomp") and not any(m.dep_ == "mark" for m in c.children):
                for s in (x for x in c.children if x.dep_ in _SUBJ):
                    res = self.resolve(s) or self.object_owner(s)
                    if res:
                        return res
        return []

    def _inner_rule_recipients(self, inner: Token, noun: Token | None) -> list[Resolved]:
        for rule, _ in self.match_verb(inner):
            if rule.frame == "plain":
                r = self.recipients(inner, rule.recipient)
                if r:
                    return r
            if rule.frame == "light" and noun is not None:
                nr = self.noun_rule(noun)
                r = self.recipients(inner, rule.recipient) or (self._noun_recipients(noun, nr) if nr else [])
                if r:
                    return r
        return []

    def _obligations(self, sent: Span, consumed_verbs: set[int]) -> list[Candidate]:
        """Reported obligations are demands: "Russia said Sudan must return the helicopter",
        "issued a reminder to Iraq that it must cooperate" -> a REQUEST by the speaker."""
        out: list[Candidate] = []
        for t in sent:
            speaker_tok: Token | None = None
            if t.pos_ in ("VERB", "AUX") and any(r.frame == "report" for r in self.verb_rules(t)):
                speaker_tok = self.subject(t)
            elif t.pos_ == "NOUN" and t.lemma_.lower() in SPEECH_NOUNS and t.head.pos_ in ("VERB", "AUX"):
                speaker_tok = self.subject(t.head)
            if speaker_tok is None:
                continue
            for c in t.children:
                if c.dep_ not in ("ccomp", "acl", "relcl") or c.pos_ not in ("VERB", "AUX"):
                    continue
                if not any(a.dep_ == "aux" and a.lower_ in MODAL_OBLIGATION for a in c.children) and not (
                        c.lemma_ in ("have", "need") and any(x.dep_ == "xcomp" for x in c.children)):
                    continue
                subj = next((s for s in c.children if s.dep_ in _SUBJ), None)
                if subj is None:
                    continue
                speaker = self.resolve(speaker_tok)
                target = self.resolve(subj)
                if not speaker or not target:
                    continue
                if {s.actor.code for s in speaker} & {r.actor.code for r in target}:
                    continue  # "we must act": not a demand on someone else
                action, _ = self.action_of(c, True)
                if action is None:
                    inner = next((x for x in c.children if x.dep_ in ("xcomp", "acomp")), None)
                    if inner is not None:
                        inner = next((x for x in inner.children if x.dep_ == "xcomp"), inner)
                        action, _ = self.action_of(inner, True)
                for x in c.subtree:
                    consumed_verbs.add(x.i)
                cand = Candidate(c, [t, c], request_code("100", action), speaker, target, 0.75,
                                 deadline_tokens=[c])
                cand.speaker = speaker
                out.append(cand)
        return out

    def _condition_subject(self, v: Token) -> list[Resolved]:
        """Who the condition of a threat is about: "... unless Israel rescinds", "if the US goes ahead"."""
        for c in v.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                subj = next((s for s in c.children if s.dep_ in _SUBJ), None)
                if subj is not None:
                    res = self.resolve(subj)
                    if res:
                        return res
        return []

    def _apply_modality(
        self,
        cand: Candidate,
        negated: bool,
        no_longer: bool,
        future: bool,
        hypothetical: bool,
        obligation: bool,
        inh: Inherited,
        frame: str,
    ) -> None:
        plover = self.lex.plover(cand.cameo)
        if no_longer and plover is not None:
            sc = stop_code(Action(cand.cameo, plover, cand.mode, ()))
            if sc:
                cand.cameo = sc
                cand.mode = None
                plover = self.lex.plover(sc)
        speaker = self.resolve(inh.speaker) if inh.reported else []
        cand.speaker = speaker
        if inh.reported and obligation and frame == "plain" and speaker and plover not in ("REQUEST",):
            # "Russia said Sudan must return the helicopter": Russia's demand of Sudan
            action = Action(cand.cameo, plover, cand.mode, ())
            cand.cameo = request_code("100", action)
            cand.recipients = cand.actors
            cand.actors = speaker
            cand.mode = None
            return
        if negated and (future or frame == "commit") and plover in ("AGREE", "RETREAT", "CONCEDE") and (
                not speaker or _same_side(speaker, cand.actors)):
            # "will not lift the ban", "will not accept the proposal": an announced refusal (PLOVER REJECT)
            inner = cand.intended or plover
            cand.cameo = reject_code(Action(cand.cameo, inner, cand.mode, ()))
            cand.intended = None
            cand.mode = None
            cand.plover = None
            return
        if negated:
            cand.aux.add("negated")
        if hypothetical:
            cand.aux.add("hypothetical")
        if frame in ("commit", "threat", "request", "refuse", "accuse"):
            if future and frame != "commit":
                cand.aux.add("future")
            return
        if not (future or hypothetical) or negated:
            return
        if plover in COOPERATIVE and plover != "AGREE" and not future:
            return  # "Britons could contribute to ...": a possibility, not a promise (aux: hypothetical)
        if plover in COOPERATIVE and plover != "AGREE":
            cand.intended = plover
            cand.cameo = intent_code(Action(cand.cameo, plover, cand.mode, ()))
            cand.aux.add("future")
            cand.aux.discard("hypothetical")
            cand.mode = None
        elif plover in ("RETREAT", "CONCEDE"):
            cond = self._condition_subject(cand.trigger)
            own_actors = {a.actor.code for a in cand.actors}
            if cond and not {c.actor.code for c in cond} & own_actors:
                # "will withdraw its peacekeepers unless ...": a conditional retreat is a threat
                cand.intended = plover
                cand.cameo = threat_code(Action(cand.cameo, plover, cand.mode, ()))
                cand.recipients = cand.recipients or cond
                cand.aux.add("future")
                cand.aux.discard("hypothetical")
                cand.mode = None
                return
            # PLOVER manual, CONCEDE: an announced future retreat is CONCEDE, not AGREE
            cand.intended = plover
            cand.cameo = intent_code(Action(cand.cameo, plover, cand.mode, ()))
            cand.plover = "CONCEDE"
            cand.aux.add("future")
            cand.mode = None
        elif plover in CONFLICT:
            # "Israel could strike Iran, analysts said": a third party's speculation, not Israel's threat
            outsider = inh.reported and inh.speaker is not None and not speaker and \
                inh.speaker.lemma_.lower() in _COMMENTATORS
            # "fears it may be targeted by Iranian forces": nobody threatened, a victim's worry
            outsider = outsider or (not inh.reported and self.is_passive(cand.trigger))
            own = (not speaker or _same_side(speaker, cand.actors)) and not outsider
            cond = self._condition_subject(cand.trigger)
            if cond and not cand.recipients:
                cand.recipients = cond
            if plover == "MOBILIZE" and not cand.recipients:
                cand.aux.add("future")  # "will send 200 police officers to the border": a deployment, not a threat
                return
            if own:
                cand.intended = plover
                cand.cameo = threat_code(Action(cand.cameo, plover, cand.mode, ()))
                cand.aux.add("future")
                cand.aux.discard("hypothetical")
                cand.mode = None
            elif future:
                cand.aux.add("future")
        elif future:
            cand.aux.add("future")

    # ------------------------------------------------------------------ nouns

    def _noun_actors(self, n: Token) -> list[Resolved]:
        """Who did what an event noun names: "Israel's attack", "Israeli airstrikes",
        "an attack by gunmen"."""
        for c in n.children:
            if c.dep_ == "poss":
                r = self.resolve(c)
                if r:
                    return r
        ag = self.agent(n)
        if ag is not None:
            r = self.resolve(ag)
            if r:
                return r
        for c in n.children:  # "a suicide bombing claimed by the Islamic State": whoever claims it
            if c.dep_ == "acl" and c.lemma_.lower() in CLAIMING_VERBS:
                r = self.resolve(self.agent(c))
                if r:
                    return r
        for c in n.lefts:
            if c.dep_ in ("amod", "compound", "nmod"):
                if fold(c.text) in self.actors.kb.capitals:
                    continue  # "the Warsaw summit": where, not who
                iso, sector = self.actors._country_of_token(c)
                if iso:
                    return [
                        self.actors._make(
                            c,
                            country=iso,
                            sector=sector,
                            confidence=0.7,
                            kind="state",
                        )
                    ]
                org = self.actors.kb.organization(c.text, self.actors.day)
                if org is not None:
                    r = self.resolve(c)
                    if r:
                        return r
        return []

    def _verb_place(self, v: Token) -> list[Resolved]:
        """The country of the place a verb's own "in X" phrase names."""
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = self._place_owner(c)
                        if found:
                            return found
        return []

    def _clause_agent(self, n: Token) -> list[Resolved]:
        """ "the demonstration staged by students": the agent of a passive clause on the noun."""
        for c in n.children:
            if c.dep_ == "acl":
                ag = self.agent(c)
                if ag is not None:
                    return self.resolve(ag)
        return []

    def _noun_recipients(self, n: Token, rule: NounRule | None) -> list[Resolved]:
        if rule is None:
            return []
        for c in n.children:
            if c.dep_ != "prep":
                continue
            if c.lower_ in rule.recipient or c.lower_ == "between":
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                if pobjs:
                    r = self.resolve(pobjs[0])
                    if not r and c.lower_ in ("against", "on", "to", "of"):
                        # "riots against Israeli military policies", "a suspension of air links with Serbia"
                        r = self._own_owner(pobjs[0], 1)
                    if r:
                        return r
        if self.lex.plover(rule.cameo) == "REQUEST":
            # "its demand that Israel ease restrictions": who is to act is the clause's subject
            for c in n.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark"
                                                               for m in c.children):
                    subj = [s for s in c.children if s.dep_ in _SUBJ]
                    if subj:
                        r = self.resolve(subj[0])
                        if r:
                            return r
        return []

    def _code_nouns(self, sent: Span, consumed: set[int], verb_cands: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        seen_types = {self.lex.plover(c.cameo) for c in verb_cands}
        root = sent.root
        for n in sent:
            if n.pos_ not in ("NOUN", "PROPN") or n.i in consumed:
                continue
            rule = self.noun_rule(n)
            if rule is None:
                continue
            plover = self.lex.plover(rule.cameo)
            happening = n.dep_ in ("nsubj", "nsubjpass") and n.head.lemma_.lower() in HAPPENING
            headline = n.i == root.i and n.pos_ == "NOUN"
            between = any(c.dep_ == "prep" and c.lower_ == "between" for c in n.children)
            actors = self._noun_actors(n)
            recips = self._noun_recipients(n, rule)
            if between and not actors and recips and recips[0].members:
                actors, recips = recips[0].members, []
            elif between and len(recips) >= 2 and not actors:
                actors, recips = recips, []  # "talks between X and Y": both take part
            explicit = (
                bool(actors)
                and plover in NOMINAL_TYPES
                and (bool(recips) or between or plover in ("PROTEST", "CONSULT", "ASSAULT"))
            )
            if self._under_frame(n):
                continue
            if n.dep_ == "pobj" and n.head.lower_ in BACKGROUND_PREPS:
                continue  # "during a G8 summit", "after a week of unrest": background, not news
            if n.dep_ == "attr":
                continue  # "it would be the first meeting between ...": a description
            if not (happening or headline or explicit):
                continue
            if plover in seen_types and not (happening or headline):
                continue
            memory_key = rule.key
            if not actors and not recips and (happening or headline):
                seen = self.noun_participants.get(memory_key)
                if seen is not None and self.actors._sentences_between(seen[0], n.i) <= 3:
                    actors = list(seen[1])  # "the talks began in 2020": the talks named before
            if not actors and not recips:
                continue
            if actors:
                self.noun_participants[memory_key] = (n.i, actors + recips)
            armed = any(a.actor.sector in ARMED_SECTORS or a.kind in ("state", "metonym") for a in actors)
            if rule.needs == "armed" and not armed:
                continue
            if rule.needs == "labour" and not any(a.actor.sector in LABOUR_SECTORS for a in actors):
                continue
            if any(c.lower_ in HYPOTHETICAL_MODIFIERS for c in n.lefts):
                continue  # "a potential Turkish attack" is not an attack
            cand = Candidate(
                n,
                [n],
                rule.cameo,
                actors,
                recips,
                rule.conf * 0.85,
                set(),
                None,
                rule.mode,
                rule.context,
                object_location=True,
                date_anchor=n.head if happening else None,
                nominal=not happening,
            )
            negated, no_longer, future, hypothetical, _ = (
                self.own_modality(n.head) if happening else (False, False, False, False, False)
            )
            inh = self.inherited(n.head) if happening else Inherited()
            if inh.consumed:
                continue
            self._apply_modality(
                cand,
                negated or inh.negated,
                no_longer,
                future or inh.future,
                hypothetical or inh.hypothetical,
                False,
                inh,
                "plain",
            )
            out.append(cand)
            seen_types.add(plover)
        return out

    def _under_frame(self, n: Token) -> bool:
        """An event noun that is the content of another event: "condemned the attack",
        "called for talks", "the threat of sanctions"."""
        t = n
        for _ in range(5):
            if t.head.i == t.i:
                return False
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                if t.lemma_.lower() in BLOCKERS:
                    return True  # "was spared an assault", "to avert a war"
                if self.inherited(t).consumed:
                    return True  # "ready to host talks between ...": the talks are the offer's content
                frames = {r.frame for r in self.verb_rules(t)}
                return bool(frames & {"commit", "threat", "refuse", "request", "accuse", "stop", "deny"})
            if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in CONTENT_NOUNS:
                return True
            if t.pos_ in ("NOUN", "PROPN") and self.noun_rule(t) is not None and t.i != n.i:
                code = self.lex.plover(self.noun_rule(t).cameo)  # type: ignore[union-attr]
                if code in ("REQUEST", "ACCUSE", "THREATEN", "REJECT", "AGREE"):
                    return True
        return False


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    return {row["form"]: row["lemma"] for row in read_tsv("events/irregular_verbs.tsv")}


def _verb_forms(v: Token) -> list[str]:
    """The lemma, then guesses for when the lemmatizer slips ("staged" -> "stag", "overran")."""
    low = v.lower_
    forms = [v.lemma_.lower(), low]
    if low in _irregular():
        forms.append(_irregular()[low])
    if low.endswith("ied"):
        forms.append(low[:-3] + "y")
    if low.endswith("ed"):
        forms += [low[:-1], low[:-2], low[:-3]]  # staged, attacked, stopped
    if low.endswith("ing"):
        forms += [low[:-3], low[:-3] + "e", low[:-4]]  # attacking, staging, stopping
    if low.endswith("s"):
        forms += [low[:-1], low[:-2]]  # attacks, pushes
    return forms


# Verbs by which a body makes a document its own words.
_ISSUE_VERBS = frozenset({"adopt", "approve", "pass", "issue", "publish", "release", "unveil", "send", "sign",
                          "deliver", "table", "endorse"})


def _misparsed_main_verb(v: Token) -> bool:
    """A past tense the parser read as a participle hanging on the sentence's root noun ("The
    Iraqi air force carried out three strikes"): the root is a noun with no verb of its own,
    and the participle has an object or particle, as a main verb would."""
    h = v.head
    return (v.dep_ == "acl" and v.tag_ in ("VBN", "VBD") and h.dep_ == "ROOT" and h.pos_ in ("NOUN", "PROPN")
            and h.i < v.i and any(c.dep_ in ("dobj", "prt") for c in v.children))


def _reduced_relative_root(v: Token) -> bool:
    """A participle the parser made the root ("The families of two men killed fighting Isis have
    condemned ..."): no auxiliary of its own, and a later verb with one carries the sentence."""
    return (v.dep_ == "ROOT" and v.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "auxpass") for c in v.children)
            and any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(a.dep_ == "aux" and a.lemma_ == "have"
                                                                          for a in c.children)
                    for c in v.children)
            and not any(c.dep_ == "dobj" for c in v.children))


def _issued_document(n: Token) -> bool:
    """ "approved a resolution criticizing X", "issued a statement condemning X": the document's
    words are its issuer's act (subject() then finds the issuer)."""
    return n.lemma_.lower() in SPEECH_NOUNS | _DOCUMENT_NOUNS and n.dep_ in ("dobj", "nsubjpass") and \
        n.head.lemma_.lower() in _ISSUE_VERBS


def _in_condition(v: Token) -> bool:
    """Is the verb (or the clause it belongs to) the condition of an if/unless?"""
    t = v
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            return t.dep_ in ("advcl", "ccomp", "csubj") or t.dep_ == "ROOT"
        if t.dep_ not in ("xcomp", "conj", "acomp") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _is_purpose(v: Token) -> bool:
    """"to shoot at refugees" as the purpose of another verb: planned, not done."""
    if v.dep_ not in ("advcl",) or not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return False
    return v.head.pos_ in ("VERB", "AUX") and v.head.lemma_.lower() not in TRANSPARENT


_REGION_WORDS = frozenset({"state", "province", "region", "governorate", "district", "county", "oblast"})


def _own_phrase(tok: Token) -> list[Token]:
    """The tokens of a noun phrase and its prepositional phrases, not of clauses inside it."""
    out: list[Token] = []
    stack = [c for c in tok.children]
    while stack:
        t = stack.pop()
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "appos"):
            continue
        out.append(t)
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)


def _depth(t: Token) -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t = t.head
        d += 1
    return d


# Speakers who comment on others' actions rather than announce their own.
_COMMENTATORS = frozenset({"analyst", "expert", "observer", "commentator", "diplomat", "source", "report", "media",
                           "newspaper", "agency", "witness", "resident", "critic", "scholar", "researcher"})


def _same_side(speaker: list[Resolved], actors: list[Resolved]) -> bool:
    sc = {s.actor.country or s.actor.code for s in speaker}
    ac = {a.actor.country or a.actor.code for a in actors}
    return bool(sc & ac) or not actors
