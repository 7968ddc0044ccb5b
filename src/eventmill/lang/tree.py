"""Reading spaCy's dependency parse (ClearNLP labels): who is the subject, what are the
objects, is the clause passive, conditional, a purpose, a complement, where does a noun
phrase begin. Every stage reads the parse through these helpers, so a fix to how a
construction is read is made once.

Token comparisons go by index (``a.i == b.i``): spaCy makes a new ``Token`` object on each
access, so ``a is b`` never holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from eventmill.lang.words import en

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import numpy
    from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = ("nsubj", "csubj")
# Dependency labels that build a noun phrase to the left of its head.
PREMODIFIER_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "predet", "case", "punct", "npadvmod", "advmod"}
)
# Dependents that start a clause of their own inside a phrase.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis", "pcomp"})
_PHRASE_STOP = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "appos"})

_RELATIVE = en("relative_pronoun")
_CONDITION = en("condition_marker")
_OBJECT_CONTROL = en("object_control")
_RAISING_PASSIVE = en("raising_passive")
_STANCE_PARTICIPLES = en("stance_participle")
# harm participles a doing-gerund may follow ("killed fighting", "wounded defending the town")
_HARM_PARTICIPLES = frozenset({"kill", "wound", "injure"})
_ING_PRONOUNS = frozenset({"nothing", "something", "anything", "everything"})
_STANCE_CLAUSE = en("stance_clause_adjective")
_THAT = frozenset({"that"})
_REPORTING_PASSIVE = en("reporting_passive")
_TRANSPARENT = en("transparent_verb")
_JOINT_VERBS = en("joint_verb")
_SUMMARY_NOUNS = en("summary_noun")
_SPEECH = en("speech_noun") | en("document_noun")
_ISSUING = en("issuing_verb")
_INTENT_NOUNS = en("intent_noun")
_ANNOUNCING = en("announcing_verb")
_COMPARISON = en("comparison_word")
_CULPABLE = en("culpability_adjective")


# ------------------------------------------------------------------ finding words


_FEW_VALUES = 8  # (see :func:`among`)


def where(sdoc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """The indices, in order, of the tokens whose string attribute ``attr`` (``spacy.attrs``:
    ``LEMMA``, ``ORTH``...) passes ``test``: each distinct string of the document is tested
    once, from the parse's arrays, so a scan for a few words makes no token for the others."""
    import numpy

    if not len(sdoc):
        return []
    column = sdoc.to_array(attr)
    strings = sdoc.vocab.strings
    wanted = [h for h in numpy.unique(column).tolist() if test(strings[h])]
    if not wanted:
        return []
    return numpy.flatnonzero(among(column, wanted)).tolist()


def among(column: numpy.ndarray, values: Iterable[int]) -> numpy.ndarray:
    """Which entries of a column of the parse's arrays (``Doc.to_array``) hold one of these
    values (string or symbol ids): a boolean array, compared without a token for any word."""
    import numpy

    wanted = list(values)
    if len(wanted) > _FEW_VALUES:
        return numpy.isin(column, numpy.array(wanted, dtype=column.dtype))
    # (a few values: compared one by one, as numpy.isin does for them, without its set-up)
    found = numpy.zeros(column.shape, dtype=bool)
    for value in wanted:
        found |= column == value
    return found


# ------------------------------------------------------------------ positions


def is_root(t: Token) -> bool:
    return t.head.i == t.i


def depth(t: Token, limit: int = 50) -> int:
    """How many heads above the token lie before the root."""
    d = 0
    while not is_root(t) and d < limit:
        t = t.head
        d += 1
    return d


def ancestors(t: Token, limit: int = 12) -> Iterator[Token]:
    """The token's heads, nearest first, up to the root."""
    for _ in range(limit):
        if is_root(t):
            return
        t = t.head
        yield t


def children(t: Token, *deps: str) -> list[Token]:
    """The token's dependents with one of these labels (all of them without labels)."""
    return [c for c in t.children if not deps or c.dep_ in deps]


def has_marker(t: Token, words: frozenset[str] | set[str]) -> bool:
    """Does a subordinator of these words introduce the clause ("if", "that")?"""
    return any(c.dep_ == "mark" and c.lower_ in words for c in t.children)


def conditional(clause: Token) -> bool:
    """Does the clause state a condition: "if", "unless", or "as long as"/"so long as" (the parser
    hangs that clause on "long", which has the first "as"/"so")?"""
    if has_marker(clause, {"if", "unless"}):
        return True
    head = clause.head
    return has_marker(clause, {"as"}) and head.lower_ == "long" and \
        any(c.dep_ == "advmod" and c.lower_ in ("as", "so") for c in head.children)


def has_to_infinitive(v: Token) -> bool:
    """Is the verb an infinitive with "to" ("to withdraw")?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition."""
    return [p for p in prep.children if p.dep_ == "pobj"]


def prep_objects(v: Token, deps: tuple[str, ...] = ("prep", "prt")) -> list[Token]:
    """The objects of the token's prepositions (and particles used as prepositions)."""
    return [p for c in v.children if c.dep_ in deps for p in c.children if p.dep_ == "pobj"]


def preposition_objects(t: Token, words: frozenset[str] | set[str] | tuple[str, ...]) -> list[Token]:
    """The objects of the token's prepositions that are one of these words ("talks *with* X")."""
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ in words for p in c.children if p.dep_ == "pobj"]


# ------------------------------------------------------------------ arguments


def is_passive(v: Token) -> bool:
    """A passive verb, or a participle describing a noun ("men killed fighting Isis"), whatever
    past tag the tagger gave it; not a stance participle ("is opposed to")."""
    if stance_participle(v):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
        v.dep_ == "acl" and v.tag_ in ("VBN", "VBD") and not has_object(v)) or _passive_conjunct(v)


def has_object(v: Token) -> bool:
    """Has the verb a direct object, not counting a gerund the parser made the object of a harm
    participle right before it ("volunteers killed *fighting* alongside the militia": the gerund
    tells what the victims were doing, no one was killed)?"""
    return any(c.dep_ == "dobj" and not _gerund_read_as_object(c) for c in v.children)


def _gerund_read_as_object(c: Token) -> bool:
    v = c.head
    return (c.i == v.i + 1 and v.tag_ in ("VBN", "VBD") and v.lemma_.lower() in _HARM_PARTICIPLES
            and c.tag_ in ("NN", "VBG") and c.lower_.endswith("ing") and c.lower_ not in _ING_PRONOUNS)


def stance_participle(v: Token) -> bool:
    """Is the verb a participle the parser read as a passive that is an adjective of its
    subject's stance, "Israel *is opposed to* the plan": its own preposition follows and no "by"
    agent (not "was opposed by Israel")? The tagger also makes it an adjective ("is firmly opposed
    to"). Only a predicate: one describing a noun ("voters opposed to the war") is background."""
    return v.tag_ in ("VBN", "JJ") and v.dep_ not in ("acl", "amod") and passive_agent(v) is None and any(
        c.dep_ == "prep" and c.i > v.i and f"{v.lower_} {c.lower_}" in _STANCE_PARTICIPLES for c in v.children)


def stance_clause(v: Token) -> bool:
    """Is the adjective a predicate of its subject's stance toward a deed its that-clause tells,
    "Pakistan *is unhappy that* India raised tariffs" (not "unhappy with", a stance participle's
    form, nor "is sure that", no stance toward anyone)?"""
    return v.pos_ == "ADJ" and v.dep_ == "acomp" and v.lemma_.lower() in _STANCE_CLAUSE and any(
        c.dep_ == "ccomp" and has_marker(c, _THAT) for c in v.children)


def _stance_subject(v: Token) -> Token | None:
    """The subject of a stance participle: the one nearest it ("A Nato member, *Turkey* is opposed
    to ...": the parser makes the fronted description a subject too), the noun a relative
    pronoun stands for ("voters *who* are opposed to the war")."""
    subjects = [c for c in v.children if c.dep_ == "nsubjpass"]
    if not subjects:
        return None
    s = max(subjects, key=lambda c: c.i if c.i < v.i else -1)
    return v.head if s.lower_ in _RELATIVE and v.dep_ == "relcl" else s


def _passive_conjunct(v: Token) -> bool:
    """A bare participle joined to a passive shares its auxiliary: "were chased away and *arrested*"
    (not "has been indicted and will resign", nor "were attacked and fled"); one joined to a
    participle that describes a noun describes it too, when it names its doer: "the militia,
    trained and *armed* by the US"."""
    if v.dep_ != "conj" or v.tag_ != "VBN" or \
            any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "dobj") for c in v.children):
        return False
    return (v.head.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.head.children)) \
        or (described_participle(v.head) and passive_agent(v) is not None)


def described_participle(v: Token) -> bool:
    """A past participle after a noun that it describes: "the militia, *trained* by the US"."""
    return v.dep_ in ("acl", "amod") and v.tag_ in ("VBN", "JJ") and v.lower_.endswith("ed") and \
        v.i > v.head.i and v.head.pos_ in ("NOUN", "PROPN")


def passive_agent(v: Token) -> Token | None:
    """The "by" phrase's object of a passive verb or an event noun ("attacked by rebels")."""
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def joint_parties(v: Token) -> list[Token]:
    """The objects of a passive verb's "between" phrase, or of its passive subject's, who did it
    together: "a ceasefire was agreed *between Armenia and Azerbaijan*", "a truce signed *between
    the two militias*", "an agreement *between X and Y* was reached" (not "a ceasefire proposed
    between them": the one proposing is a third)."""
    if v.lemma_.lower() not in _JOINT_VERBS or not is_passive(v) or passive_agent(v) is not None:
        return []
    holders = [v, *(c for c in v.children if c.dep_ == "nsubjpass")]
    return [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "between"
            for p in c.children if p.dep_ == "pobj"]


def grammatical_subject(v: Token) -> Token | None:
    """The verb's own nominal or clausal subject, active or passive."""
    return next((c for c in v.children if c.dep_ in (*SUBJECT_DEPS, "nsubjpass")), None)


def own_subject(v: Token) -> Token | None:
    """The verb's own active subject (nsubj/csubj)."""
    return next((c for c in v.children if c.dep_ in SUBJECT_DEPS), None)


def object_controller(v: Token) -> Token | None:
    """Of an infinitive governed by an object-control verb, the object that does what it says:
    "urged *Israel* to withdraw", "called on *Iran* to release"."""
    h = v.head
    if v.dep_ != "xcomp" or h.lemma_.lower() not in _OBJECT_CONTROL:
        return None
    objs = [c for c in h.children if c.dep_ in ("dobj", "dative")]
    if not objs:
        objs = [c for c in h.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in pobjs(c)]
    return objs[0] if objs else None


def raised_subject(v: Token) -> Token | None:
    """Of an infinitive governed by a passive verb of scheduling with no agent, the passive
    subject: "*Putin* is set to host the congress", "*the envoy* was scheduled to meet ..."; so
    of a perfect infinitive governed by a passive verb of report: "*X* is said to have attacked"."""
    h = v.head
    if v.dep_ != "xcomp" or passive_agent(h) is not None:
        return None
    if h.lemma_.lower() not in _RAISING_PASSIVE and not reported_act(v):
        return None
    return next((c for c in h.children if c.dep_ == "nsubjpass"), None)


def reported_act(v: Token) -> bool:
    """Is the verb a perfect infinitive under a passive verb of report with no agent, "Boko Haram
    *is said to have attacked*", "troops are alleged to have killed": an act told of its subject
    (not "is believed to be planning", "is thought to attack": no act told)."""
    h = v.head
    return v.dep_ == "xcomp" and h.lemma_.lower() in _REPORTING_PASSIVE and \
        any(c.dep_ == "auxpass" for c in h.children) and passive_agent(h) is None and \
        any(c.dep_ == "aux" and c.lemma_ == "have" for c in v.children)


def described_by_subject_clause(c: Token) -> Token | None:
    """The noun a participle describes where the parser took the participle for a clausal
    subject: "A youth choir *made up* of refugees has declined ..." (the choir declined)."""
    if c.dep_ != "csubj" or c.tag_ not in ("VBD", "VBN") or \
            any(x.dep_ in ("mark", "aux", "auxpass") for x in c.children):
        return None
    return next((x for x in c.children if x.dep_ == "nsubj" and x.i < c.i and x.pos_ in ("NOUN", "PROPN")), None)


def subject(v: Token, depth_: int = 0) -> Token | None:
    """The token standing for the one who does what the verb says: its subject, through
    relative clauses, passives (the agent), control ("urged Israel to withdraw": Israel),
    coordination, predicative adjectives and infinitives of purpose."""
    if depth_ > 5:
        return None
    for c in v.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                return v.head
            return described_by_subject_clause(c) or c
    for a in v.children:
        # "The UK and France however have opposed ...": an adverb between subject and auxiliary leads the
        # parser to hang the subject on the auxiliary (not a passive's: "X was heavily criticized", X is the
        # one criticized)
        if a.dep_ == "aux" and a.i < v.i and not any(c.dep_ == "auxpass" for c in v.children):
            hung = next((c for c in a.children if c.dep_ in SUBJECT_DEPS and c.i < a.i), None)
            if hung is not None:
                return hung
    for c in v.lefts:
        # "USAID announced ...", "In a statement, USAID announced ...": an all-capitals name opening the
        # clause that the parser took for an adverb or a modifier
        if c.dep_ in ("advmod", "npadvmod", "dep", "nmod") and c.text.isupper() and len(c.text) >= 2 and \
                _opens_clause(c, v):
            return c
    if misparsed_main_verb(v):
        return v.head  # "The Iraqi air force carried out ... strikes": the root noun is the subject
    if stance_participle(v):  # "Israel is opposed to the plan"
        stance_subject = _stance_subject(v)
        if stance_subject is not None:
            return stance_subject
    if is_passive(v):
        if v.lemma_.lower() in ("engage", "involve"):  # "were engaged in ethnic cleansing"
            return next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        return passive_agent(v)
    return _inherited_subject(v, depth_)


def _opens_clause(c: Token, v: Token) -> bool:
    """Does ``c`` open the clause of ``v``: the sentence's first word, or the first after the comma
    that closes an introductory phrase of ``v`` ("With help from partners, USAID provided ...")?"""
    if c.i == v.sent.start:
        return True
    if c.doc[c.i - 1].text != "," or c.i > v.i:
        return False
    opening = any(p.dep_ in ("prep", "advcl", "npadvmod", "advmod") and p.left_edge.i == v.sent.start and
                  p.right_edge.i == c.i - 2 for p in v.lefts)
    return opening and all(t.dep_ in ("aux", "auxpass", "advmod", "neg") for t in c.doc[c.i + 1:v.i])


def announced_plan(v: Token) -> bool:
    """Is the verb the infinitive of an intention its doer announces ("announced *plans to
    withdraw*", "declared its intention to lay down arms")? Said so, it is the announcer's own
    future act, as "announced it would withdraw" is."""
    h = v.head
    return v.dep_ == "acl" and has_to_infinitive(v) and h.lemma_.lower() in _INTENT_NOUNS and \
        h.dep_ == "dobj" and h.head.lemma_.lower() in _ANNOUNCING and not any(c.dep_ == "neg" for c in h.head.children)


def _participle_after_said(v: Token) -> bool:
    """Is the verb a bare participle the parser hung inside what a participle says, "..., saying
    the truce was over *and urging* fighters to return" (under "saying", or coordinated with
    the said clause's finite verb)? It is the saying one's act, as "saying" is."""
    if v.tag_ != "VBG" or any(c.dep_ in ("aux", "auxpass", "mark") for c in v.children):
        return False
    h = v.head
    if v.dep_ == "ccomp":
        return h.tag_ == "VBG"
    return v.dep_ == "conj" and h.dep_ == "ccomp" and h.tag_ in ("VBD", "VBZ", "VBP", "VBN") and \
        h.head.tag_ == "VBG" and h.head.dep_ == "advcl"


def _inherited_subject(v: Token, depth_: int) -> Token | None:
    """The subject a verb without one of its own takes from the clause it hangs on."""
    dep, h = v.dep_, v.head
    if dep == "xcomp":
        return object_controller(v) or subject(h, depth_ + 1) or raised_subject(v)
    if _participle_after_said(v):
        return subject(h.head if dep == "conj" else h, depth_ + 1)
    if dep == "conj" and (h.pos_ in ("VERB", "AUX") or _verb_tagged_noun(h)):
        stranded = stranded_subject(v)
        if stranded is not None:
            return stranded
        if is_passive(h) and not is_passive(v):
            # "has been indicted by the court and will resign": the one indicted resigns
            return next((c for c in h.children if c.dep_ == "nsubjpass"), None)
        return subject(h, depth_ + 1)
    if dep in ("acomp", "oprd") and h.pos_ in ("VERB", "AUX"):  # "Syria is willing to withdraw"
        return subject(h, depth_ + 1)
    if dep == "acl" and h.lemma_.lower() in _SPEECH and h.head.pos_ in ("VERB", "AUX") and \
            h.head.lemma_.lower() in _ISSUING | {"make", "give", "read", "put"}:
        return subject(h.head, depth_ + 1)  # "issued a declaration demanding ...": the issuer demands
    if announced_plan(v):
        return subject(h.head, depth_ + 1)  # "Russia announced plans to withdraw": Russia withdraws
    if dep in ("relcl", "acl") and h.pos_ in ("NOUN", "PROPN", "PRON"):
        return h if v.tag_ != "VBN" else None
    if dep == "advcl" and v.tag_ == "VBG":
        return subject(h, depth_ + 1)
    if dep == "pcomp" and h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX"):
        return subject(h.head, depth_ + 1)
    if dep == "pcomp" and culpable_of(h):  # "the army was guilty of violating the ceasefire"
        return subject(h.head.head, depth_ + 1)
    if dep == "advcl" and has_to_infinitive(v):
        return subject(h, depth_ + 1)
    return None


# what may end the noun phrase of a stranded subject: "the minister, X,", "the army, backed by jets,"
_STRANDED_TAIL = frozenset({"appos", "compound", "pobj", "prep", "agent", "acl", "relcl"})
_STRANDED_GAP = frozenset({"aux", "neg", "advmod"})  # between that phrase and its verb: "has not yet rejected"


def stranded_subject(v: Token) -> Token | None:
    """The subject of a conjoined clause that the parser hung as a conjunct of the first clause's
    last noun: "Both the UK and France have troops in Syria and [the UK's minister, X,] rejected
    the claim", "Police held two men in Nairobi and [the interior minister] has praised them"
    (the minister taken for a conjunct of "Syria", "Nairobi"). The noun phrase that opens after
    "and" and ends just before the finite verb (its auxiliaries and a comma aside) is the verb's
    own subject; the first clause's subject is not carried into a clause that has one."""
    doc = v.doc
    finite = v.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.i < v.i for c in v.children)
    if v.dep_ != "conj" or not finite:
        return None
    k = v.i - 1
    while k > v.head.i and (doc[k].dep_ == "punct" or (doc[k].head.i == v.i and doc[k].dep_ in _STRANDED_GAP)):
        k -= 1
    n = doc[k]
    if n.pos_ not in ("NOUN", "PROPN"):
        return None
    while n.dep_ != "conj" and n.head.i != n.i and k <= n.head.right_edge.i < v.i and n.dep_ in _STRANDED_TAIL:
        n = n.head
    first = n.head
    if n.dep_ != "conj" or n.pos_ not in ("NOUN", "PROPN") or first.dep_ in (*SUBJECT_DEPS, "nsubjpass", "conj") or \
            not v.head.i < first.i < n.i or not k <= n.right_edge.i < v.i:
        return None
    opener = doc[n.left_edge.i - 1]
    return n if opener.dep_ == "cc" and opener.head.i == first.i and opener.lower_ in ("and", "but") else None


def _verb_tagged_noun(t: Token) -> bool:
    """Is a word tagged as a plural noun a verb in the present, for it has a subject ("the government
    rejects and condemns the decision": "rejects" taken for a noun, its subject still hung on it)? Its
    conjoined verb shares that subject."""
    return t.tag_ == "NNS" and any(c.dep_ == "nsubj" and c.i < t.i for c in t.children)


def culpable_of(prep: Token) -> bool:
    """Is this preposition the "for"/"of" of a predicative culpability adjective ("is responsible
    for", "was guilty of")? What it governs is a deed of the copula's subject."""
    adj = prep.head
    return prep.dep_ == "prep" and prep.lower_ in ("for", "of") and adj.lemma_.lower() in _CULPABLE and \
        adj.dep_ == "acomp" and adj.head.pos_ in ("VERB", "AUX")


def behind(prep: Token) -> bool:
    """Is this preposition the "behind" of a copula ("Isis was behind the attack", "the cell that
    was behind the killings")? What it governs is a deed of the copula's subject."""
    return prep.dep_ == "prep" and prep.lower_ == "behind" and prep.head.lemma_ == "be"


def _antecedent_of_relative(v: Token, c: Token) -> Token:
    """The noun a relative pronoun stands for where it fills the relative clause's object
    ("the embassy, which it had closed": the embassy) or passive subject ("the plan, which was hailed").
    The parser hangs the clause on the nearest noun: after a place that only locates another noun ("its
    embassy in Damascus, which it had closed"), the clause is about that noun."""
    if c.lower_ not in _RELATIVE or v.dep_ != "relcl":
        return c
    h = v.head
    if c.lower_ in ("which", "that") and h.dep_ == "pobj" and h.ent_type_ in ("GPE", "LOC") and \
            h.head.lower_ == "in" and h.head.head.pos_ == "NOUN":
        return h.head.head
    return h


def direct_objects(v: Token, time_nouns: frozenset[str] = frozenset()) -> list[Token]:
    """What the verb acts on: its objects, else its passive subject, else an adverbial noun the
    parser hung where the object belongs ("eased curfew hours"), plus a predicative adjective
    ("found him guilty")."""
    objs = [_antecedent_of_relative(v, c) for c in v.children if c.dep_ in ("dobj", "oprd")]
    if not objs:
        objs = [_antecedent_of_relative(v, c) for c in v.children if c.dep_ == "nsubjpass"]
    if not objs:
        objs = [c for c in v.children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"
                and c.lemma_.lower() not in time_nouns]
    objs += [c for c in v.children if c.dep_ in ("ccomp", "acomp", "xcomp") and c.pos_ == "ADJ"]
    return objs


def through_transparent(c: Token) -> Token:
    """From an aspectual or trying verb to the action it governs: "pledged to *continue to
    support*" -> support."""
    for _ in range(3):
        if c.lemma_.lower() not in _TRANSPARENT:
            break
        nxt = next((x for x in c.children if x.dep_ in ("xcomp", "ccomp", "pcomp") and x.pos_ in ("VERB", "AUX")),
                   None)
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


# ------------------------------------------------------------------ clause types


def clause_verb(tok: Token) -> Token | None:
    """The main verb of the clause a token is in (None if there is none within reach)."""
    v = tok
    for _ in range(8):
        if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("aux", "auxpass"):
            return v
        if is_root(v):
            return None
        v = v.head
    return None


def in_clause_of(tok: Token, verb: Token) -> bool:
    """Is this token in the verb's own clause, not in a clause nested inside it?"""
    t = tok
    for _ in range(12):
        if t.i == verb.i:
            return True
        if t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX"):
            return False  # the token belongs to another clause on the way up
        if is_root(t):
            return False
        t = t.head
    return False


def in_comparison(tok: Token) -> bool:
    """Is the token inside a phrase comparing with another place or time ("as in Bosnia", "like
    the enclave in 1995", "unlike Iraq"), which says nothing of where or when this happens?
    ("such as" lists examples; "as" compares only before a preposition: "as in".)"""
    t = tok
    for _ in range(6):
        if t.dep_ == "prep" and t.lower_ in _COMPARISON and (t.lower_ != "as" or (
                t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ == "ADP")):
            return True
        if t.dep_ in CLAUSE_DEPS or is_root(t):
            return False
        t = t.head
    return False


def in_condition(v: Token) -> bool:
    """Is the verb (or the clause it belongs to) the condition of an if/unless?"""
    t = v
    for _ in range(4):
        if has_marker(t, _CONDITION):
            return t.dep_ in ("advcl", "ccomp", "csubj") or t.dep_ == "ROOT"
        if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.dep_ in ("dobj", "nsubj", "nsubjpass"):
            t = t.head.head  # "if the congress dilutes the opposition attending the talks": the participle's clause
            continue
        if t.dep_ not in ("xcomp", "conj", "acomp") or is_root(t):
            return False
        t = t.head
    return False


def is_purpose(v: Token) -> bool:
    """ "to shoot at refugees" as the purpose of another verb: planned, not done."""
    if v.dep_ != "advcl" or not has_to_infinitive(v):
        return False
    head = v.head
    # ("went to Syria to fight Isis": a journey with a destination, whose infinitive is its purpose)
    travels = any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in head.children if c.i < v.i)
    return head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() not in _TRANSPARENT or travels)


def misparsed_main_verb(v: Token) -> bool:
    """A past tense the parser read as a participle hanging on the sentence's root noun ("The
    Iraqi air force carried out three strikes"): the root is a noun with no verb of its own,
    and the participle has an object or particle, as a main verb would."""
    h = v.head
    return (v.dep_ == "acl" and v.tag_ in ("VBN", "VBD") and h.dep_ == "ROOT" and h.pos_ in ("NOUN", "PROPN")
            and h.i < v.i and (has_object(v) or any(c.dep_ == "prt" for c in v.children)))


def reduced_relative_root(v: Token) -> bool:
    """A participle the parser made the root ("The families of two men killed fighting Isis have
    condemned ..."): no auxiliary of its own, and a later verb with one carries the sentence."""
    # (after a gerund read as its object, "volunteers killed fighting ISIS were honoured", any
    # auxiliary of the later verb shows the participle describes its subject)
    auxes = ("aux", "auxpass") if any(_gerund_read_as_object(c) for c in v.children) else ("aux",)
    return (v.dep_ == "ROOT" and v.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "auxpass") for c in v.children)
            and any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(
                a.dep_ in auxes and (a.lemma_ == "have" or a.dep_ == "auxpass") for a in c.children)
                    for c in v.children)
            and not has_object(v))


def is_question(sent: Span) -> bool:
    """A sentence that asks rather than reports ("Why are we bombed by planes?")."""
    tail = ""  # (read from the end: ``Span.text`` joins every token of the sentence)
    for t in reversed(sent):
        tail = t.text_with_ws + tail
        end = tail.rstrip().rstrip("\"')")
        if end:
            return end.endswith("?")
    return False


# ------------------------------------------------------------------ noun phrases


def premodifiers(head: Token) -> list[Token]:
    """Tokens left of the head that belong to its noun phrase (compounds, adjectives, possessors)."""
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ in PREMODIFIER_DEPS]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.i < head.i)
    return sorted(out, key=lambda t: t.i)


def of_complement(head: Token) -> list[Token]:
    """ "of" and the words of the noun phrase after it, determiners left out, in text order: the
    tail of a title named with "of" ("commissioner [of police]", "ministry [of foreign affairs]")."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None:
                return []
            return [prep, *(t for t in head.doc[prep.i + 1 : obj.i + 1] if t.dep_ != "det")]
    return []


def own_phrase(tok: Token) -> list[Token]:
    """The tokens of a noun phrase and its prepositional phrases, not of clauses inside it."""
    out: list[Token] = []
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t.dep_ in _PHRASE_STOP:
            continue
        out.append(t)
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)


def summed_up_doer(noun: Token) -> Token | None:
    """Who did what a summing-up noun after a comma or a dash names: the subject of the clause it
    sums up ("Kenya expelled the envoy, a move condemned by the AU" -> Kenya; "... would attend
    Sochi, a decision hailed by Moscow" -> the one attending; "the EU accused Serbia of stalling -
    a charge denied by Belgrade" -> the EU); a subjectless infinitive or gerund it ends on is part
    of the clause above it, whose subject did the act ("the EU accused Serbia of stalling to keep
    the seat - a charge ..." -> the EU)."""
    if noun.lemma_.lower() not in _SUMMARY_NOUNS or noun.left_edge.i == 0 or \
            noun.doc[noun.left_edge.i - 1].text not in (",", "-", "\u2013", "\u2014"):
        return None
    clause = noun.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head  # (an apposition hangs on the clause's object: "attend Sochi, a decision")
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    while grammatical_subject(clause) is None and clause.tag_ in ("VB", "VBG") and clause.head.i != clause.i:
        clause = clause.head  # "accused X of stalling in order to allow Y to complete Z - a charge": who accused
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
    subject = grammatical_subject(clause)
    return subject if subject is not None and subject.i != noun.i and subject.pos_ != "PRON" else None

