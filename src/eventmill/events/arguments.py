"""An event's participants from the parse: the recipient in the slots a lexicon row names,
the owner of the thing acted on ("rejected an *Indian* proposal", "attacked a *Malian* army
post"), the people of a place ("a village in Herat"), and the participants an event noun
names ("*Israel's* attack", "an attack *by gunmen*", "talks *with* X")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventmill.actors import patrons
from eventmill.actors.context import sent_abroad
from eventmill.events import triggers
from eventmill.events.ontology import plover_types
from eventmill.events.owners import as_owners, object_owner, own_owner, place_owner, sponsor
from eventmill.geo.gazetteer import city_country
from eventmill.lang import tree
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.index import ActorIndex
    from eventmill.actors.mention import Mentions, Resolved
    from eventmill.events.rules import Lexicon, NounRule

_DESTINATION_SLOTS = word_class("destination_slot", "events/words.tsv")
_ADVERSE_OBJECTS = word_class("adverse_object", "events/words.tsv")
_TRANSFER_VERBS = word_class("transfer_verb", "events/words.tsv")
_CLAIMING_VERBS = word_class("claiming_verb", "events/words.tsv")
_NAMING_VERBS = word_class("naming_verb", "events/words.tsv")
_PERMITTING = word_class("permitting_verb", "events/words.tsv")
_PLACE_KINDS = en("place_kind_noun")
_STATIC_LOCATIVE = en("static_locative_preposition")  # "outside the stadium": where, not whom
_POSTING = frozenset({"to", "in"})  # "the ambassador to Chad", "the envoy in Kabul": where one is posted
_CONDITION = frozenset({"if", "unless"})
_RELATIVE = frozenset({"who", "which", "that"})
_MEANS_PREPOSITIONS = en("means_preposition")
_CAUSE_PREPOSITIONS = en("cause_preposition")
_CAUSE_NOUNS = en("cause_noun")
_ALLEGING = word_class("alleging_modifier", "events/words.tsv")


@dataclass
class Coding:
    """What the coder reads a document with: the lexicon, the document's actor index, and the
    participants of event nouns seen so far ("talks between X and Y ... the talks began")."""

    lex: Lexicon
    actors: ActorIndex
    noun_participants: dict[str, tuple[int, list[Resolved]]] = field(default_factory=dict)

    @property
    def m(self) -> Mentions:
        return self.actors.mentions

    def resolve(self, tok: Token | None) -> list[Resolved]:
        return self.actors.at(tok)


def slot_tokens(v: Token, slot: str) -> list[Token]:
    """The tokens in a recipient slot: the object (the passive subject of a passive verb),
    the indirect object, or the object of a preposition."""
    if slot == "dobj":
        if v.dep_ == "relcl" and not tree.is_passive(v) and not any(c.dep_ == "dobj" for c in v.children) and any(
                c.dep_ in tree.SUBJECT_DEPS and c.lower_ not in ("who", "which", "that")
                and not any(d.lower_ == "whose" for d in c.children) for c in v.children):
            # "14 officials it blames for ...": the noun the clause describes (not "Iran, whose
            # guards are fighting": the noun owns the clause's doer and suffers nothing)
            return [v.head]
        if v.dep_ == "amod" and v.tag_ == "VBN":
            return [v.head]  # "the arrested men": the noun a participle before it describes suffers it
        if tree.is_passive(v):
            # ("Khan, who was arrested in May": the one the relative pronoun stands for)
            toks = [v.head if v.dep_ == "relcl" and c.lower_ in _RELATIVE else c
                    for c in v.children if c.dep_ == "nsubjpass"]
            if not toks and v.dep_ == "acl":
                toks = [v.head]
            if not toks and v.tag_ == "VBN" and v.dep_ in ("pcomp", "advcl"):
                # "X is in jail after being convicted", "freed after being held": the one the
                # clause it qualifies is about suffers it
                gov = v.head.head if v.dep_ == "pcomp" else v.head
                # ("Another, Ali Karimi, is in jail ...": the parser may make the name a second subject)
                toks = [s for s in gov.children if s.dep_ in (*tree.SUBJECT_DEPS, "nsubjpass") and
                        s.lower_ not in _RELATIVE]
            if not toks and v.dep_ == "conj" and tree.described_participle(v.head):
                toks = [v.head.head]  # "the militia, trained and armed by the US": the noun both describe
            if not toks and v.dep_ == "conj":  # "were chased away and arrested": the head's passive subject
                toks = [c for c in v.head.children if c.dep_ == "nsubjpass"]
                if not toks:
                    toks = _first_conjunct_subject(v)
            return toks
        objs = [c for c in v.children if c.dep_ == "dobj"]
        if not objs and v.lemma_.lower() in _PERMITTING:  # "will not allow any Syrians to cross":
            # the parser makes the one allowed the subject of the infinitive
            objs = [s for c in v.children if c.dep_ == "ccomp" and tree.has_to_infinitive(c)
                    for s in c.children if s.dep_ == "nsubj"]
            # ("will allow UN agencies access": the agencies, read as the subject of "access")
            objs += [s for c in triggers.granted_objects(v) for s in c.children if s.dep_ in ("nsubj", "compound")]
        return objs
    if slot == "clause":  # "is unhappy that the UN invited Iran": the doer of the deed the stance is about
        return [s for c in v.children if c.dep_ == "ccomp" and tree.has_marker(c, {"that"})
                for s in c.children if s.dep_ == "nsubj"]
    if slot == "iobj":
        return [c for c in v.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"] + [
            p for c in v.children if c.dep_ == "dative" and c.pos_ == "ADP" for p in c.children if p.dep_ == "pobj"
        ]
    out = []
    for c in v.children:
        if c.dep_ in ("prep", "dative", "prt", "agent") and c.lower_ == slot:
            out += [p for p in c.children if p.dep_ == "pobj"]
    if not out and slot == "for":
        out = _for_clause_subjects(v)
    if not out and slot == "against":
        # "staged a protest outside the stadium in Sydney against the regime": the parser hangs
        # "against" on the place the act is at; it is still whom the act is against
        out = [p for c in v.children if c.dep_ == "prep" and c.lower_ in _STATIC_LOCATIVE for place in tree.pobjs(c)
               for a in place.children if a.dep_ == "prep" and a.lower_ == "against" for p in tree.pobjs(a)]
    return out


def _for_clause_subjects(v: Token) -> list[Token]:
    """ "gave approval for the UN to deliver aid", "set a deadline for the rebels to surrender":
    the one a "for ... to" clause after the verb's object is about, which the parser makes the
    clause's subject (or the object of its "for")."""
    objs = [o for o in v.children if o.dep_ == "dobj"]
    out = []
    for c in [*v.children, *(c for o in objs for c in o.children)]:  # (the parser may hang it on the object)
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
        if c.dep_ != "advcl" or mark is None or not tree.has_to_infinitive(c) or not any(o.i < mark.i for o in objs):
            continue
        out += [s for s in c.children if s.dep_ == "nsubj" and s.i > mark.i] + tree.pobjs(mark)
    for o in objs:  # ("gave approval for UN agencies to deliver food": the "for" phrase and the clause on the object)
        fors = [p for c in o.children if c.dep_ == "prep" and c.lower_ == "for" for p in tree.pobjs(c)]
        if any(c.dep_ in ("acl", "advcl") and tree.has_to_infinitive(c) and any(p.i < c.i for p in fors)
               for c in o.children):
            out += fors
    return out


def _first_conjunct_subject(v: Token) -> list[Token]:
    """Of a passive joined to an active verb, the active verb's subject: "crossed the border and
    were arrested", "sneaked into a convoy and were later identified and arrested" (the bare
    participle shares the auxiliary of the passive before it)."""
    passive = v
    while passive.dep_ == "conj" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in passive.children) and \
            tree.is_passive(passive.head):
        passive = passive.head
    first = passive.head
    if passive.dep_ != "conj" or first.pos_ not in ("VERB", "AUX") or not any(
            c.dep_ == "auxpass" for c in passive.children):
        return []
    return [c for c in first.children if c.dep_ == "nsubj" and c.lower_ not in _RELATIVE]


def recipients(cx: Coding, v: Token, slots: tuple[str, ...], owners: bool = True) -> list[Resolved]:
    """The recipient in the first slot that names one; failing that, the owner of the object."""
    for slot in slots:
        if slot == "none":
            return []
        for tok in slot_tokens(v, slot):
            doer = tree.summed_up_doer(tok) if v.dep_ == "acl" and tok.i == v.head.i else None
            if doer is not None and cx.resolve(doer):  # "a move condemned by X": X condemns whoever moved
                return as_owners(cx.resolve(doer))
            res = apposed_name(cx, tok) or described(cx, v, tok)
            if not res and slot in _DESTINATION_SLOTS:
                res = destination(cx, tok)
            if res:
                return res
    if owners and "none" not in slots:
        for slot in ("dobj", *(s for s in slots if s not in ("dobj", "iobj"))):
            for tok in slot_tokens(v, slot):  # "reneged on its commitment to the Zambian people"
                if tok.lemma_.lower() in _ADVERSE_OBJECTS:
                    continue  # "backed Assad's overthrow" is not support for Assad
                res = object_owner(cx, tok)
                if v.dep_ == "acl" and tok.i == v.head.i:  # "the petition, filed by X": X files, owns no recipient
                    res = [r for r in res if not v.left_edge.i <= r.head <= v.right_edge.i]
                if res:
                    return res
    return []


def object_phrase_recipients(cx: Coding, v: Token, slots: tuple[str, ...], owners: bool) -> list[Resolved]:
    """A stance row kept to its object has its recipient slot on that object, where the parser hangs it:
    "expressed disappointment *with India*", "voiced anger *at Ethiopia's* dam"."""
    for obj in (c for c in v.children if c.dep_ == "dobj"):
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in slots:
                for p in tree.pobjs(c):
                    if triggers.noun_rule(cx.lex, p) is not None:
                        continue  # a deed names its doer or victim: "outrage over the killing of its citizen"
                    res = cx.resolve(p) or (object_owner(cx, p) if owners else [])
                    if res:
                        return res
    return []


def envoy_posting(cx: Coding, v: Token, actors: list[Resolved], recips: list[Resolved]) -> list[Resolved]:
    """An envoy stands between the country that sent it and the one it is posted to; where the
    recipient found is the actor's own country ("Turkey recalled Turkey's ambassador to the
    Netherlands"), the other side is the country of the posting ("to", "in" after the envoy)."""
    own = {r.actor.country for r in actors if r.actor.country}
    if not own or not recips or any(r.actor.country not in own for r in recips):
        return recips
    for obj in slot_tokens(v, "dobj"):
        if not sent_abroad(obj):
            continue
        for c in (*obj.children, *v.children):
            if c.dep_ != "prep" or c.lower_ not in _POSTING:
                continue
            for p in tree.pobjs(c):
                res = [r for r in cx.resolve(p) or cx.m.destination(p) if r.actor.country not in own]
                if res:
                    return res
    return recips


def particle_object_recipients(cx: Coding, prt: Token, slots: tuple[str, ...]) -> list[Resolved]:
    """A row whose preposition takes the event noun ("be in talks") has its recipient slot on
    that noun, where the parser hangs it: "is in talks *with the IMF*"."""
    for obj in tree.pobjs(prt):
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in slots:
                for p in tree.pobjs(c):
                    res = cx.resolve(p)
                    if res:
                        return res
    return []


def described(cx: Coding, v: Token, tok: Token) -> list[Resolved]:
    """The participants at ``tok``; for the noun a participle describes ("Ali, the jailer
    killed by a drone, and Khan, who was captured in May") only what the participle can be
    about: not the parties coordinated after it, and the person a role is in apposition to,
    named even where no country is known ("One, Ahmed Ali, was killed")."""
    res = cx.resolve(tok)
    if v.dep_ not in ("acl", "relcl") or tok.i != v.head.i:
        return res or _apposed_person(cx, tok)
    return [r for r in res if r.head < v.i] or _apposed_person(cx, tok)


def _apposed_person(cx: Coding, tok: Token) -> list[Resolved]:
    """A person a role or a number is in apposition to, with no country known: still who it is."""
    for name in _apposed(tok):
        found = [r for r in cx.resolve(name) if r.kind == "person" and r.actor.name and r.head <= name.i]
        if found:
            return found[:1]
    return []


def destination(cx: Coding, tok: Token) -> list[Resolved]:
    """The host a destination stands for, also where it is named by what kind of place it is:
    "arrived in the Black Sea resort of Sochi", "flew to the city of Aleppo" (the named place
    after "of", not the common noun, says whose)."""
    res = cx.m.destination(tok)
    if res or tok.lemma_.lower() not in _PLACE_KINDS:
        return res
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in tree.pobjs(c):
                res = cx.m.destination(p)
                first = min([c.i for c in p.lefts if c.dep_ == "compound"] + [p.i])
                iso = city_country(p.doc[first : p.i + 1].text) if not res and p.pos_ == "PROPN" else None
                if iso:  # (the parse may not tag the name a place: "the resort of Sochi" as a people)
                    res = [cx.m.make(p, country=iso, sector=None, code=iso, confidence=0.6, kind="host")]
                if res:
                    return res
    return []


def apposed_name(cx: Coding, tok: Token) -> list[Resolved]:
    """A common noun a name in apposition says who it is: "Assad's backer, Russia", "one,
    Ahmed Ali, was killed", "the cleric shot by police" after "Ahmed Ali," (the name, not the
    possessor or the role, is the participant), also where the parser made the name a second
    object ("met his counterpart Italian President Sergio Mattarella")."""
    names = _second_object(tok)
    if tok.pos_ in ("NOUN", "NUM", "PRON") and tok.dep_ != "poss":
        names = [*_apposed(tok, tok.pos_ in ("NUM", "PRON")), *named_as(tok), *names]
    for name in names:
        found = [r for r in cx.resolve(name) if r.resolved and r.actor.country]
        if found:
            return found
    return []


def _apposed(tok: Token, any_word: bool = False) -> list[Token]:
    """The names in apposition to a role, a number or a pronoun (none for a possessor)."""
    if tok.pos_ not in ("NOUN", "NUM", "PRON") or tok.dep_ == "poss":
        return []
    names = [c for c in tok.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or any_word)]
    if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.head.i < tok.i:
        names.append(tok.head)  # "Ahmed Ali, the cleric shot by police": the clause on the role
    return names


def _second_object(tok: Token) -> list[Token]:
    """ "will meet his counterpart Italian President Sergio Mattarella": the name right after a common
    noun object that the parser made a second object of the verb is in apposition to it."""
    if tok.dep_ != "dobj" or tok.pos_ not in ("NOUN", "ADJ"):
        return []
    return [c for c in tok.head.children if c.dep_ == "dobj" and c.pos_ == "PROPN" and
            c.left_edge.i == tok.right_edge.i + 1]


def named_as(tok: Token) -> list[Token]:
    """The name a participle gives a described party: "a Kurdish-led militia known as the SDF",
    "a group calling itself ...", "a faction called Jaysh al-Islam"."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ != "acl" or c.lemma_.lower() not in _NAMING_VERBS:
            continue
        for g in c.children:
            if g.dep_ == "prep" and g.lower_ == "as":
                out += [p for p in tree.pobjs(g) if p.pos_ == "PROPN"]
            elif g.dep_ in ("oprd", "attr", "dobj") and g.pos_ == "PROPN":
                out.append(g)
    return out


def verb_place(cx: Coding, v: Token) -> list[Resolved]:
    """The country of the place a verb's own "in X" phrase names."""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ == "in" and tree.pobjs(c):
            found = place_owner(cx, c)
            if found:
                return found
    return []


def noun_actors(cx: Coding, n: Token) -> list[Resolved]:
    """Who did what an event noun names: "Israel's attack", "Israeli airstrikes",
    "an attack by gunmen", "a bombing claimed by the Islamic State"."""
    for c in n.children:
        if c.dep_ == "poss":
            r = cx.resolve(c)
            if r:
                return r
    r = cx.resolve(tree.passive_agent(n))
    if r:
        return r
    for c in n.children:  # "a suicide bombing claimed by the Islamic State": whoever claims it
        if c.dep_ == "acl" and c.lemma_.lower() in _CLAIMING_VERBS:
            r = cx.resolve(tree.passive_agent(c))
            if r:
                return r
    if n.dep_ == "pobj" and tree.culpable_of(n.head):  # "Los Zetas has been responsible for mass killings"
        r = cx.resolve(tree.subject(n.head.head.head))
        if r:
            return r
    if n.dep_ == "pobj" and tree.behind(n.head):  # "Isis was behind the attack on the church"
        r = cx.resolve(tree.subject(n.head.head))
        if r:
            return r
    for c in n.lefts:
        if c.dep_ in ("amod", "compound", "nmod"):
            if cx.m.is_capital(c):
                continue  # "the Warsaw summit": where, not who
            if patrons.is_patron(c):
                continue  # "UN-hosted talks collapsed": the host or sponsor is no party to what the noun names
            iso, sector = cx.m.country_of_token(c)
            if iso:
                return [cx.m.make(c, country=iso, sector=sector, confidence=0.7, kind="state")]
            if cx.m.kb.organization(c.text, cx.m.day) is not None:
                r = cx.resolve(c)
                if r:
                    return r
            if c.dep_ == "compound" and c.pos_ == "NOUN":
                r = cx.resolve(c)  # "police firing", "army shelling": a body named by its role
                if r and all(x.actor.sector for x in r):
                    return r
    return []


def means_actors(cx: Coding, v: Token, victim: bool = False) -> tuple[Token | None, list[Resolved]]:
    """The event noun a verb with no doer says it happened in, and that noun's doer: "killed in
    police firing", "injured in a rebel attack" (also when the parser hangs "firing" on "police"
    as a participle); with ``victim`` (the subject suffered it: "died"), also the event it names
    as the cause: "died of torture", "died after torture", "as a result of the beating"."""
    if victim:
        cause = next((p for p in _cause_objects(v) if _violent_noun(cx, p)), None)
        if cause is not None:
            return cause, noun_actors(cx, cause)
    for c in v.children:
        if c.dep_ != "prep" or c.lower_ not in _MEANS_PREPOSITIONS:
            continue
        for p in tree.pobjs(c):
            if _violent_noun(cx, p):
                return p, noun_actors(cx, p)
            for x in p.children:  # "in [police] [firing]" read as "police" described by "firing"
                if x.dep_ == "acl" and x.tag_ == "VBG" and not list(x.lefts) and _violent_noun(cx, x):
                    return x, cx.resolve(p)
            nxt = p.nbor() if p.i + 1 < len(p.doc) else None  # ... or "firing" hung on the verb itself
            if nxt is not None and nxt.head.i == v.i and nxt.dep_ == "advcl" and nxt.tag_ == "VBG" and \
                    not list(nxt.lefts) and _violent_noun(cx, nxt):
                return nxt, cx.resolve(p)
    return None, []


def _cause_objects(v: Token) -> list[Token]:
    """What a verb's cause phrase names: "of/from/after torture", "due to torture" and "because
    of torture" (the parser hangs the object on the second word), "as a result of torture"."""
    out: list[Token] = []
    for c in v.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in _CAUSE_PREPOSITIONS:
            out += tree.pobjs(c) + [p for x in c.children if x.dep_ == "pcomp" for p in tree.pobjs(x)]
        elif c.lower_ == "as":
            out += [p for n in tree.pobjs(c) if n.lemma_.lower() in _CAUSE_NOUNS
                    for x in n.children if x.dep_ == "prep" and x.lower_ == "of" for p in tree.pobjs(x)]
    return out


def _violent_noun(cx: Coding, n: Token) -> bool:
    rule = triggers.noun_rule(cx.lex, n)
    return rule is not None and cx.lex.plover(rule.cameo) in ("ASSAULT", "COERCE")


def clause_agent(cx: Coding, n: Token) -> list[Resolved]:
    """ "the demonstration staged by students": the agent of a passive clause on the noun."""
    for c in n.children:
        if c.dep_ == "acl":
            ag = tree.passive_agent(c)
            if ag is not None:
                return cx.resolve(ag)
    return []


def noun_recipients(cx: Coding, n: Token, rule: NounRule | None) -> list[Resolved]:
    """Whom an event noun is aimed at: "talks with X", "an attack on X"; for a demand, who is
    to act ("its demand that Israel ease restrictions")."""
    if rule is None:
        return []
    for c in n.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in rule.recipient or c.lower_ == "between":
            pobjs = tree.pobjs(c)
            if pobjs:
                r = cx.resolve(pobjs[0])
                if not r and c.lower_ in ("against", "on", "to", "of"):
                    # "riots against Israeli military policies", "a suspension of air links with Serbia"
                    r = own_owner(cx, pobjs[0], 1)
                if r:
                    return r
    if cx.lex.plover(rule.cameo) == "REQUEST":
        for c in n.children:
            if c.dep_ in ("acl", "ccomp", "relcl") and tree.has_marker(c, {"that"}):
                r = cx.resolve(tree.own_subject(c))
                if r:
                    return r
    return sponsor(cx, n)  # "attend a Russian-sponsored conference": its sponsor receives the guests


def inner_recipients(cx: Coding, inner: Token, noun: Token | None) -> list[Resolved]:
    """Who a promised, threatened or refused action is aimed at; of an act that moves something
    or someone, the party it goes to ("pledged to send doctors to Sudan": Sudan, not the doctors)."""
    if inner.lemma_.lower() in _TRANSFER_VERBS:
        for slot in ("iobj", "to"):
            for tok in slot_tokens(inner, slot):
                res = cx.resolve(tok) or (destination(cx, tok) if slot in _DESTINATION_SLOTS else [])
                if res:
                    return res
    for rule, _ in triggers.match_verb(cx.lex, inner):
        if rule.frame == "plain":
            r = recipients(cx, inner, rule.recipient)
            if r:
                return r
        if rule.frame == "light" and noun is not None:
            nr = triggers.noun_rule(cx.lex, noun)
            r = recipients(cx, inner, rule.recipient) or (noun_recipients(cx, noun, nr) if nr else [])
            if r:
                return r
    for slot in ("dobj", "to", "against", "on", "with", "into", "from"):
        for tok in slot_tokens(inner, slot):
            res = cx.resolve(tok) or object_owner(cx, tok)
            if not res and slot == "dobj" and triggers.noun_rule(cx.lex, tok) is not None:
                res = noun_actors(cx, tok)  # "will no longer tolerate rallies by Kifaya": whose rallies
            if res:
                return res
    for c in inner.children:  # "refused to allow United Nations planes to land": who is let or made to
        if c.dep_ in ("ccomp", "xcomp") and not any(m.dep_ == "mark" for m in c.children):
            for s in (x for x in c.children if x.dep_ in tree.SUBJECT_DEPS):
                res = cx.resolve(s) or object_owner(cx, s)
                if res:
                    return res
    return []


def alleged(t: Token) -> bool:
    """ "allegedly killed", "the alleged attack": the text reports a claim, not a fact."""
    return any(c.dep_ in ("advmod", "amod") and c.lower_ in _ALLEGING for c in t.children)


def reporter(cx: Coding, t: Token) -> list[Resolved]:
    """Who the text says reports an event: "according to state media", "police said" (the
    speaker of a reporting verb is found by the frames; this reads "according to X")."""
    for c in t.sent:
        if c.lower_ == "to" and c.dep_ == "prep" and c.head.lower_ == "according" and c.head.sent.start == t.sent.start:
            for p in tree.pobjs(c):
                found = cx.resolve(p)
                if found:
                    return found
    return []


def condition_subject(cx: Coding, v: Token) -> list[Resolved]:
    """Who the condition of a threat is about: "... unless Israel rescinds", "if the US goes ahead"."""
    for c in v.children:
        if c.dep_ == "advcl" and tree.has_marker(c, _CONDITION):
            subj = tree.own_subject(c)
            mark = next(m for m in c.children if m.dep_ == "mark" and m.lower_ in _CONDITION)
            # (not a subject past a comma: the speaker's, misparsed in: "if talks fail, X said")
            if subj is not None and not any(t.is_punct for t in subj.doc[mark.i:subj.left_edge.i]):
                res = cx.resolve(subj)
                if res:
                    return res
    return []


def joint_agents(cx: Coding, v: Token) -> list[Resolved]:
    """ "a ceasefire was agreed between Armenia and Azerbaijan": the parties a passive verb's
    "between" phrase names did it together (each one's counterpart the other; three or more sides,
    "between Russia, Turkey and Iran", give one record per side, build.pairs_of)."""
    found = [r for p in tree.joint_parties(v) for r in cx.resolve(p)]
    if len(found) == 1 and found[0].members:
        found = list(found[0].members)
    return found if len(found) >= 2 else []


def shared_agent(cx: Coding, v: Token) -> list[Resolved]:
    """ "were arrested and charged by police", "beaten and detained by soldiers": a passive verb
    with no "by" phrase of its own shares the one its next participle ends with, when that
    participle follows with nothing of its own before the agent ("kidnapped and later freed by
    the army" names only who freed them) and the two deeds are of one quad class ("kidnapped and
    freed by the army" says nothing of the kidnappers)."""
    if tree.passive_agent(v) is not None or not tree.is_passive(v):
        return []
    for c in v.children:
        if c.dep_ != "conj" or c.tag_ != "VBN" or not tree.is_passive(c):
            continue
        agent = tree.passive_agent(c)
        if agent is None or any(x.dep_ not in ("prt", "agent") and x.i < agent.i for x in c.children):
            return []
        quads = _quads(cx, v)
        if not quads or quads != _quads(cx, c):
            return []
        return cx.resolve(agent)
    return []


def _quads(cx: Coding, v: Token) -> set[int]:
    """The quad classes of the events the verb's rows code."""
    types = plover_types()
    return {types[p].quad for r in triggers.verb_rules(cx.lex, v) if (p := cx.lex.plover(r.cameo)) in types}
