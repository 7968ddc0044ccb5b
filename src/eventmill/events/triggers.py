"""Finding the lexicon rows a word triggers: a verb with its particle and object ("pulled
*out*", "lifted the *ban*"), an event noun with its compound ("air strike") or its frame
("a suspension *of aid*", "$3m *in assistance*")."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.events.ontology import Action, stop_code
from eventmill.lang import tree
from eventmill.lang.words import calendar, en, word_class
from eventmill.resources import read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.events.rules import Lexicon, NounRule, VerbEntry, VerbRule

TIME_NOUNS = en("time_noun") | frozenset(w for w in calendar("weekday") if w.endswith("day"))
_QUANTITY_HEADS = en("quantity_head")
_FIRST_OF_TWO = en("compound_preposition_head")
_ADJECTIVE_FRAMES = word_class("adjective_frame", "events/words.tsv")
_STOP_NOUNS = word_class("stop_noun", "events/words.tsv")
_GENERIC_EVENT_HEADS = word_class("generic_event_head", "events/words.tsv")
_OCCURRENCE_HEADS = word_class("occurrence_head", "events/words.tsv")
# the heads :func:`noun_rule` looks past (through a complement or a modifier) to the event noun
_LOOKS_PAST = _OCCURRENCE_HEADS | _STOP_NOUNS | _QUANTITY_HEADS | _GENERIC_EVENT_HEADS | {"state"}
_PERMITTING = word_class("permitting_verb", "events/words.tsv")
_GRANTED = word_class("granted_noun", "events/words.tsv")
_ONSET = word_class("onset_verb", "events/words.tsv")
_HOLDERS = word_class("holder_noun", "events/words.tsv")
_HANDING = word_class("handing_verb", "events/words.tsv")
_RESULT_DEPS = frozenset({"oprd", "advcl", "ccomp", "acomp"})  # how the parser hangs a result after the object
_YIELD = "080"  # CAMEO's generic yielding: a compiled verb's own code, no pattern saying what is yielded
_SETTING_ENTITIES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
_CURRENCY_TAG = "$"  # the tagger's mark of a currency sign: "$", "€", "£", "¥"


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    return {row["form"]: row["lemma"] for row in read_tsv("events/irregular_verbs.tsv")}


def verb_forms(v: Token) -> list[str]:
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


_ENTRY_CACHE_LIMIT = 50_000


def verb_entry(lex: Lexicon, v: Token) -> VerbEntry | None:
    """The lexicon's rows for this verb (any particle or object), indexed. Where an imported
    dictionary lists both the verb and this written form of it ("LEAVE [012]", "LEFT
    [032:033]"), the form is read by its own rows, as PETRARCH reads it."""
    key = (v.lower_, v.lemma_)
    cache = lex.entry_cache
    if key in cache:
        return cache[key]
    if len(cache) >= _ENTRY_CACHE_LIMIT:
        cache.clear()  # (a long run keeps meeting new words)
    low, lemma = key[0], key[1].lower()
    entry: VerbEntry | None = None
    if low != lemma and low in lex.forms and lemma in lex.forms:
        entry = lex.verbs[low]
    else:
        entry = next((e for e in map(lex.verbs.get, verb_forms(v)) if e), None)
    cache[key] = entry
    return entry


def verb_rules(lex: Lexicon, v: Token) -> list[VerbRule]:
    """The lexicon's rows for this verb (any particle or object)."""
    entry = verb_entry(lex, v)
    return list(entry.rules) if entry is not None else []


def frames_of(lex: Lexicon, v: Token) -> set[str]:
    """The frames the verb's rows name ("report", "commit", ...)."""
    return {r.frame for r in verb_rules(lex, v)}


def frames_said(lex: Lexicon, v: Token) -> set[str]:
    """The frames of the verb's rows whose particle, if they name one, this use of it has: "insisted
    (on Monday) that Assad was committed" reports (the request is "insist on" a thing, not a day),
    "wrote that" reports ("write off" writes a debt off)."""
    prts = {k for k, p in particles(v).items() if not _dated(p)}
    return {r.frame for r in verb_rules(lex, v) if not r.particle or r.particle in prts}


def _dated(prep: Token) -> bool:
    """Is this preposition a time ("on Monday"), not the particle of a phrasal verb?"""
    objs = tree.pobjs(prep)
    return bool(objs) and all(o.ent_type_ in ("DATE", "TIME") for o in objs)


def frames_here(lex: Lexicon, v: Token) -> set[str]:
    """The frames of the verb's rows that can apply to this use of it: a row kept to certain
    objects names its frame only where the verb has one of them ("withdrew the plan to ..."
    stops a plan; "withdrew from the town after the assault" puts no frame over the assault)."""
    entry = verb_entry(lex, v)
    if entry is None:
        return set()
    return {r.frame for r in entry.candidates(_verb_object_keys(v, objects(v), particles(v)))}


def _verb_object_keys(v: Token, objs: list[Token], prts: dict[str, Token]) -> set[str]:
    """The keys by which the verb's objects look up the rows kept to them."""
    keys: set[str] = set()
    for c in _constrained_objects(v, objs, None, prts):
        keys |= object_keys(c)
    # "hold families as human shields": what the object is held as (its head noun only: "used the school as
    # a weapons depot" is no use of weapons), where the parser hangs the "as" phrase on the object
    keys |= {p.lemma_.lower() for o in objs if o.dep_ == "dobj" for c in o.children if c.dep_ == "prep" and
             c.lower_ == "as" for p in tree.pobjs(c)}
    return keys


def objects(v: Token) -> list[Token]:
    """What the verb acts on (see :func:`eventmill.lang.tree.direct_objects`); of a participle
    with its own agent or parties, the noun it describes ("a ceasefire *ordered* by the Security
    Council", "a legal challenge *launched* by his mother", "a truce *agreed* between X and Y")."""
    objs = tree.direct_objects(v, TIME_NOUNS)
    if not objs and v.dep_ == "acl" and (
            (v.tag_ == "VBN" and tree.passive_agent(v) is not None) or tree.joint_parties(v)):
        return [v.head]
    if not objs and v.lemma_.lower() in _PERMITTING:
        objs = granted_objects(v)
    return objs


def granted_objects(v: Token) -> list[Token]:
    """ "would allow UN agencies access to the region": what is granted, where the parser read the
    one allowed and the grant as a clause of their own ("agencies access", a subject and its verb, or a compound)."""
    return [c for c in v.children if c.dep_ == "ccomp" and c.lemma_.lower() in _GRANTED and
            any(x.dep_ in ("nsubj", "compound") for x in c.children) and
            not any(x.dep_ in ("aux", "auxpass", "mark", "neg") for x in c.children)]


def particles(v: Token) -> dict[str, Token]:
    """Particles and prepositions that belong to the verb: "pull out", "give in", "meet with".
    A preposition counts only right after the verb (an adverb or object pronoun may come
    between): in "gave birth to a child in February", "in" is not "give in"."""
    out: dict[str, Token] = {}
    for c in v.children:
        if c.i <= v.i:
            continue
        if c.dep_ == "prt":
            out.setdefault(c.lower_, c)
        elif c.dep_ in _RESULT_DEPS and c.n_lefts + c.n_rights == 0:
            out.setdefault(c.lower_, c)  # "set the hostages free", "let the journalists go": the result, a bare word
        elif c.dep_ == "advcl":  # "called for Egyptians to join": "for" marks the clause
            mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
            if mark is not None and mark.i == v.i + 1:
                out.setdefault("for", mark)
        elif c.dep_ in ("prep", "agent", "dative", "advmod"):
            between = v.doc[v.i + 1 : c.i]
            if all(t.pos_ in ("ADV", "PRON", "PART") or t.dep_ in ("advmod", "neg") or _adverbial_prep(t, v)
                   for t in between):
                out.setdefault(c.lower_, c)
    after = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
    if after is not None and after.lower_ == "over" and after.dep_ == "quantmod" and v.lemma_.lower() in _HANDING \
            and after.head.head.head.i == v.i:
        out.setdefault("over", after)  # "hands over 12 prisoners": not "more than 12"
    return out


def _adverbial_prep(t: Token, v: Token) -> bool:
    """Is the word a preposition of the verb whose object is an adverb, "would not act *for now*
    on the call", "complied *at once* with the order": a time adverbial between the verb and its
    own preposition, as an adverb may come between."""
    return t.dep_ == "prep" and t.head.i == v.i and t.n_rights == 1 and t.n_lefts == 0 and \
        all(c.pos_ == "ADV" and not list(c.children) for c in t.children)


def particles_after_object(v: Token) -> dict[str, Token]:
    """Prepositions right after the verb's direct object: "placed the president *under* house
    arrest", "put its forces *on* alert", "took three men *into* custody". Such a preposition is
    the verb's particle only for a hand row whose object constraint its own object meets (see
    :func:`match_verb`): in "gave the money in cash", "in" is not "give in", and "pushed Iraq for
    a constitution" is no "push for a constitution" of CAMEO.2.0's."""
    out: dict[str, Token] = {}
    for o in (c for c in v.children if c.dep_ == "dobj" and c.i > v.i):
        end = max(t.i for t in o.subtree)
        for c in v.children:
            if c.dep_ in ("prep", "dative") and c.i == end + 1:
                out.setdefault(c.lower_, c)
    return out


def object_keys(tok: Token) -> set[str]:
    """The words an object constraint can match: lemma, form, "modifier lemma", and the
    noun of "a round *of talks*", "$3m *in aid*"."""
    keys = {tok.lemma_.lower(), tok.lower_}
    if tok.tag_ == "NNPS" and tok.lower_.endswith("s"):
        keys.add(tok.lower_[:-1])  # the tagger keeps a plural name as its lemma: "Christians", "Kurds"
    comp = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    if comp:
        keys.add(f"{comp[-1].lower_} {tok.lemma_.lower()}")
    if tok.lemma_.lower() in _HOLDERS:
        return keys  # "a weapons depot", "a prisoner handbook": the place or book, not its modifier's thing
    # (modifiers joined by "and": "search-and-rescue teams", "relief and medical teams" are rescue and medical teams)
    keys |= {f"{j.lower_} {tok.lemma_.lower()}" for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")
             for j in c.children if j.dep_ == "conj"}
    for c in tok.children:
        if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "in" and tok.lemma_.lower() in _QUANTITY_HEADS)):
            for p in c.children:
                if p.dep_ == "pobj":
                    keys |= {p.lemma_.lower(), p.lower_}
    keys |= _money(tok)
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod"):
            keys.add(c.lemma_.lower())
            if tok.pos_ == "PROPN":  # "the Colombian Sergeant Pablo Emilio Moncayo": a title within the name
                keys |= {t.lemma_.lower() for t in c.lefts if t.dep_ == "compound"}
    return keys


def head_keys(tok: Token) -> set[str]:
    """What a compiled pattern's noun matches: the head (lemma or form), with its last
    modifier ("financial aid"), and the noun of a quantity ("a quantity *of arms*")."""
    keys = {tok.lemma_.lower(), tok.lower_}
    comp = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    if comp:
        keys.add(f"{comp[-1].lower_} {tok.lemma_.lower()}")
    if tok.lemma_.lower() not in _HOLDERS:  # (not "a *weapons* depot")
        keys |= {c.lemma_.lower() for c in comp if c.dep_ == "compound"}  # "*artillery* shells", not "new firearms"
    if tok.lemma_.lower() in _QUANTITY_HEADS:
        keys |= {p.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                 for p in c.children if p.dep_ == "pobj"}
    return keys | _money(tok)


def _money(tok: Token) -> set[str]:
    """ "€95 million", "£20m", "$670,000": a sum written with a currency sign is money, as the
    rows that name the currency ("dollar", "euro") or "money" itself expect."""
    if tok.tag_ == _CURRENCY_TAG or any(c.tag_ == _CURRENCY_TAG for c in tok.lefts):
        return {"money"}
    # (the sign may hang on the number of the amount: "£ 12 m"; not on a thing it prices: "a $5m deal")
    signed = tok.tag_ == "CD" and any(t.tag_ == _CURRENCY_TAG for c in tok.lefts for t in c.subtree)
    return {"money"} if signed else set()


def match_verb(lex: Lexicon, v: Token) -> list[tuple[VerbRule, Token | None]]:
    """Rows that fit this verb's particles, object and subject, most specific first, each
    with the particle it matched. The rows are looked up by the keys of the verb's objects
    (:class:`~eventmill.events.rules.VerbEntry`), not tried one by one."""
    entry = verb_entry(lex, v)
    if entry is None:
        return []
    prts = particles(v)
    objs = objects(v)
    keys = _verb_object_keys(v, objs, prts)
    subject_keys: set[str] | None = None
    late: dict[str, Token] | None = None
    out = []
    for rule in entry.candidates(keys):
        if rule.lemma in _ADJECTIVE_FRAMES and v.pos_ != "ADJ":
            continue  # "readying for an assault" is not "ready to"
        prt = None
        if rule.particle:
            prt = prts.get(rule.particle)
            if prt is None and rule.objects and not rule.strict:  # (a compiled pattern's words are contiguous)
                late = particles_after_object(v) if late is None else late
                prt = late.get(rule.particle)
                if prt is not None and not any(object_keys(p) & rule.objects for p in tree.pobjs(prt)):
                    prt = None
            if prt is None or (not rule.objects and _adverbial_phrase(prt, rule)):
                continue
        elif rule.strict and rule.cameo == _YIELD and not rule.objects and not rule.subject and \
                not _yields_something(v, objs, prts, rule):
            continue
        if rule.strict:
            if rule.objects and not any(head_keys(c) & rule.objects for c in _own_objects(objs, prt)):
                continue
        elif rule.objects and rule.particle and not any(
                object_keys(c) & rule.objects for c in _constrained_objects(v, objs, prt, prts)):
            continue
        if rule.pobjects and not (prt is not None and any(
                head_keys(p) & rule.pobjects for p in prt.children if p.dep_ == "pobj")):
            continue
        if rule.subject:
            if subject_keys is None:
                subj = tree.subject(v)
                subject_keys = head_keys(subj) if subj is not None else set()
            if not subject_keys & rule.subject:
                continue
        out.append((rule, prt))
    if any(prt is not None and _adverbial_particle(prt) for _, prt in out):
        # a phrasal verb is a verb of its own: "the army backed down after protests" is no "back"
        # (whose object row the protests would meet), nor is "backed out of the deal"
        out = [(rule, prt) for rule, prt in out if rule.particle]
    return out


def _adverbial_particle(prt: Token) -> bool:
    """Is the matched particle the verb's adverb ("backed down"), also where the parser hangs a
    preposition on it instead of an object ("backed *out* of the deal", "walked *away* from")?"""
    return prt.dep_ == "prt" or (prt.dep_ in ("prep", "advmod") and not any(
        c.dep_ in ("pobj", "pcomp") for c in prt.children) and any(c.dep_ == "prep" for c in prt.children))


def _adverbial_phrase(prt: Token, rule: VerbRule) -> bool:
    """Is the verb's "particle" a preposition of place or time of its own, no slot of the row's
    ("the speech he gave *in Riyadh*" is no "give in", "withdrew *from Syria*" is the row's
    recipient)? A particle proper ("gave in") or a preposition with no object keeps the row."""
    return prt.dep_ != "prt" and prt.lower_ not in rule.recipient and any(
        p.ent_type_ in _SETTING_ENTITIES or p.lemma_.lower() in TIME_NOUNS for p in tree.pobjs(prt))


def _yields_something(v: Token, objs: list[Token], prts: dict[str, Token], rule: VerbRule) -> bool:
    """A compiled verb read only as a yielding (CAMEO 080, "pass", "settle", "fill") is one where
    it has what is yielded, or to whom: an object or a phrase of the row's recipient slots
    ("settled the dispute", "bowed to the pressure"), not "they passed", "she settled into the city"."""
    return bool(objs) or any(prts.get(slot) is not None and tree.pobjs(prts[slot]) for slot in rule.recipient)


def _own_objects(objs: list[Token], prt: Token | None) -> list[Token]:
    """A compiled pattern's object: the verb's direct object, or its preposition's ("seized
    the town", "asked for aid"); a particle ("set up barricades") keeps the direct object."""
    cands = [c for c in prt.children if c.dep_ == "pobj"] if prt is not None and prt.dep_ != "prt" else []
    if prt is None or prt.dep_ == "prt" or not cands:
        cands += objs
    return cands + [cc for c in cands for cc in c.conjuncts]


def _constrained_objects(v: Token, objs: list[Token], prt: Token | None,
                         prts: dict[str, Token] | None = None) -> list[Token]:
    """The nouns an object constraint is checked against: objects, the particle's object, the
    objects of the verb's prepositions, and their conjuncts (with ``prts``: every particle's)."""
    cands = list(objs)
    for p in [prt] if prt is not None else list((prts or {}).values()):
        cands += [c for c in p.children if c.dep_ == "pobj"]
    cands += tree.prep_objects(v, ("prep", "dative"))  # "sent the minister to jail": "to" as a dative
    # "drove them out of their homes": a two-word preposition, the first word's own preposition has the object
    cands += [p for c in v.children if c.dep_ == "prep" and c.lower_ in _FIRST_OF_TWO
              for q in c.children if q.dep_ == "prep" for p in tree.pobjs(q)]
    # "police stepped up patrolling": the parser's bare gerund complement is the activity stepped up
    cands += [c for c in v.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and
              not any(a.dep_ in ("aux", "nsubj", "mark") for a in c.children)]
    cands += onset_subjects(v)
    cands += [cc for c in list(cands) for cc in c.conjuncts]
    return cands


def onset_subjects(v: Token) -> list[Token]:
    """ "declared a state of siege to begin at midnight", "imposed a curfew to last a week": what
    the verb declares, where the parser read it as the subject of the infinitive of its onset or
    length (a clause of its own, not the verb's object)."""
    return [s for c in v.children if c.dep_ in ("ccomp", "xcomp") and c.i > v.i and c.lemma_.lower() in _ONSET
            and tree.has_to_infinitive(c) for s in c.children if s.dep_ == "nsubj" and v.i < s.i < c.i]


def occurrence_of(n: Token) -> Token | None:
    """The event an occurrence head counts: "a wave of *arrests*", "a new round of joint *exercises*"."""
    if n.lemma_.lower() not in _OCCURRENCE_HEADS:
        return None
    return next((p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                 if p.dep_ == "pobj" and p.pos_ == "NOUN"), None)


def noun_rule(lex: Lexicon, n: Token) -> NounRule | None:
    """The lexicon's row for an event noun, through stopping and quantity heads ("a suspension
    of aid", "$33 million in assistance"), generic heads ("the dialogue process") and
    compounds ("air strike", "cease-fire")."""
    from eventmill.events.rules import NounRule

    lemma = n.lemma_.lower()
    if not n.n_lefts and lemma not in _LOOKS_PAST:
        return lex.nouns.get(lemma) or lex.nouns.get(n.lower_)  # (no head to look past, no compound: the noun's row)
    inner = occurrence_of(n)
    if inner is not None:
        return noun_rule(lex, inner)
    if lemma in _STOP_NOUNS or lemma in _QUANTITY_HEADS:
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                inner = next((p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), None)
                if inner is None or inner.i == n.i:
                    continue
                rule = noun_rule(lex, inner)
                if rule is None:
                    continue
                if lemma in _QUANTITY_HEADS:
                    return rule  # "$33 million in assistance" is assistance
                code = stop_code(action(lex, rule.cameo, rule.mode, rule.context))
                if code:
                    return NounRule(f"{lemma} {rule.key}", code, rule.recipient, None, 0.75, None, None, rule.where)
    if lemma in _GENERIC_EVENT_HEADS:  # "the dialogue process", "a negotiation session"
        for c in n.lefts:
            if c.dep_ == "compound" and c.pos_ == "NOUN":
                rule = noun_rule(lex, c)
                if rule is not None:
                    return rule
    comps = [c for c in n.lefts if c.dep_ in ("compound", "amod")]
    for c in reversed(comps):
        # "air strike", "cease-fire" (split at the hyphen), "airstrike"
        for key in (f"{c.lemma_.lower()} {lemma}", f"{c.lower_} {lemma}", f"{c.lower_}-{lemma}",
                    f"{c.lower_}{lemma}"):
            if key in lex.nouns:
                return lex.nouns[key]
    if lemma == "state":  # "state of emergency"
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ == "emergency" for p in c.children):
                return lex.nouns.get("state of emergency")
    return lex.nouns.get(lemma) or lex.nouns.get(n.lower_)


def action(lex: Lexicon, cameo: str, mode: str | None = None, context: str | None = None) -> Action:
    """The action a code stands for, with a row's mode and context where it overrides the code's."""
    code = lex.code(cameo)
    return Action(cameo, code.plover, mode or code.mode, (context,) if context else code.context)
