"""In-document coreference: what a pronoun, a definite description, a bare surname or a
joint reference ("the two sides") points back to.

Each function reads the resolver's history (the mentions resolved so far, in reading order)
and returns the antecedent as a new mention at the referring token, or None.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors import quotes
from eventmill.actors.mention import Resolved
from eventmill.actors.names import name_key
from eventmill.lang import tree
from eventmill.lang.words import en, word_class
from eventmill.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.phrase import Resolving

_PERSON_PRONOUNS = en("person_pronoun")
_GROUP_PRONOUNS = en("group_pronoun")
_THING_PRONOUNS = en("thing_pronoun")
_FIRST_PERSON = en("first_person_pronoun")
_FEMALE_PRONOUNS, _MALE_PRONOUNS = en("female_pronoun"), en("male_pronoun")
_FEMALE_NOUNS, _MALE_NOUNS = en("female_noun"), en("male_noun")
_SAID_NOUNS = en("speech_noun") | en("document_noun")  # "the ministry's statement ... It condemned": the ministry
# (with the adjectives that weigh an act: "it is preferable to arrest" stands for nothing)
_EXPLETIVE_PREDICATES = en("expletive_predicate") | word_class("evaluative_adjective", "events/words.tsv")
_ATTRIBUTING = en("attribution_verb")
_JOINT_NOUNS = word_class("joint_noun", "kb/words.tsv")
_STATE_NOUNS = word_class("state_noun", "kb/words.tsv")
_SIDE_NOUNS = word_class("side_noun", "kb/words.tsv")
_SIDE_MODIFIERS = word_class("side_modifier", "kb/words.tsv")
_SIDE_OF = word_class("side_of", "kb/words.tsv")
_COUPLE_NOUNS = {"pair": 2, "duo": 2, "trio": 3}  # nouns that are a count of people of their own
_COUNTED_PEOPLE = word_class("counted_person_noun", "kb/words.tsv")
_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4}
_COUNT_BACK = 3  # how many sentences back "the pair" may point


def expletive(tok: Token) -> bool:
    """ "It" that stands for nothing: "it was right to help", "it is expected that ..."."""
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if head.lemma_ == "be":
        if any(c.dep_ in ("ccomp", "csubj") for c in head.children):
            return True  # "it is clear that ..."
        return any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in _EXPLETIVE_PREDICATES for c in head.children)
    clause = any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children)
    return clause and (tok.dep_ == "nsubjpass" or head.tag_ == "VBN")


def pronoun(r: Resolving, tok: Token) -> Resolved | None:
    """A pronoun's antecedent: the most salient compatible mention of the last three
    sentences (recent, and a subject rather than an object)."""
    low = tok.lower_
    if low == "it" and expletive(tok):
        return None  # "it was right to help", "it is not known whether"
    if low in _FIRST_PERSON:
        return quoted_speaker(r, tok)
    if tok.dep_ == "poss" and tok.i >= 2 and tok.nbor(-1).lower_ in ("and", "or") and \
            tok.nbor(-2).pos_ in ("NOUN", "PROPN"):
        # "Isis fighters and their families", "Germany and its allies": the owner is the noun
        # just coordinated with, whoever else was named before (nobody, if it is unknown)
        res = r.resolve(tok.nbor(-2))
        return _refer_back(r, tok, res) if res is not None and res.resolved else None
    if low in _GROUP_PRONOUNS:
        coord = coordinated_subject(r, tok)
        if coord is not None:
            return coord
    kinds: tuple[str, ...]
    if low in _PERSON_PRONOUNS:
        kinds = ("person",)
    elif low in _GROUP_PRONOUNS:
        kinds = ("group", "org", "state", "metonym")
    elif low in _THING_PRONOUNS:
        kinds = ("org", "state", "metonym", "body")
    else:
        return None
    best: tuple[float, Resolved] | None = None
    for res in reversed(r.history):
        if res.head >= tok.i:
            continue
        distance = r.m.sentences_between(res.head, tok.i)
        if distance > 3:
            break
        kind = "body" if res.kind == "generic" and r.kb.sector_kinds.get(res.title) == "body" else res.kind
        if kind == "group" and low in _THING_PRONOUNS and _collective(r, res):
            kind = "body"  # "the opposition said it would not attend": one body, though made of many
        if kind not in kinds or not (res.resolved or (res.kind in ("group", "person") and res.actor.sector)
                                     or (res.kind == "group" and res.members)):
            continue  # (a joint reference counts by its members: "both countries say they ...")
        if low in _THING_PRONOUNS and (res.plural or _owner_of_topic(r, r.sdoc[res.head], tok)):
            continue
        if _co_argument(r.sdoc[res.head], tok):
            continue  # "Kurdish forces receive them": an object pronoun is not its own verb's subject
        if _in_own_report(r.sdoc[res.head], tok):
            continue  # "the Assad regime, he said, had lied": the speaker is not named in what he says
        gender = _gender(r.sdoc[res.head]) if low in _PERSON_PRONOUNS else None
        if gender is not None and gender != _gender(tok):
            continue  # "a man and his wife ... he refused": "he" is not the wife
        score = -1.0 * distance - 0.002 * (tok.i - res.head)
        if gender is not None:
            score += 0.9  # "the minister and his wife ... she": the one the words say is a woman
        aside = low in _THING_PRONOUNS and _aside(r.sdoc[res.head], tok)
        if r.sdoc[res.head].dep_ in ("nsubj", "nsubjpass") and not aside:
            score += 0.8
        if low in _THING_PRONOUNS and res.kind == "org":
            score += 0.3  # "it" is more often a group or body than a place in news
        if aside:
            score -= 0.5  # "the village, which Hezbollah held, is pressed by Israel after its troops ...": Israel
        if best is None or score > best[0]:
            best = (score, res)
    if best is None:
        return None
    return _refer_back(r, tok, best[1])


def _owner_of_topic(r: Resolving, cand: Token, tok: Token) -> bool:
    """Is the candidate the owner of a thing its clause is about, and "it" the subject that goes
    on about it ("Somalia's capital was quiet. It was attacked")? Then "it" is the thing (no
    actor), not its owner ("its" may be the owner: "the group's ability was crippled. Its
    commanders fled"); an owned actor ("the UN's report ... It accused") and a thing said ("the
    ministry's statement ... It condemned") stand for their owner."""
    owned, subjects = cand.head, ("nsubj", "nsubjpass")
    return tok.dep_ in subjects and cand.dep_ == "poss" and owned.dep_ in subjects and owned.tag_ == "NN" and \
        owned.lemma_.lower() not in _SAID_NOUNS and r.resolve(owned) is None


def _collective(r: Resolving, res: Resolved) -> bool:
    """Is a group mention one body that "it" stands for: a singular noun with a sector ("the
    opposition", "the rebel alliance"), not people counted ("protesters") nor a joint reference?"""
    return not res.plural and not res.members and bool(res.actor.sector) and r.sdoc[res.head].tag_ == "NN"


def _gender(tok: Token) -> str | None:
    """ "f" or "m" where a pronoun, the head noun ("his wife") or a title ("Mrs Khan") says
    which; None where nothing does (most names: the text's words alone are the evidence)."""
    low = tok.lower_
    if low in _FEMALE_PRONOUNS or low in _MALE_PRONOUNS:
        return "f" if low in _FEMALE_PRONOUNS else "m"
    words = {tok.lemma_.lower(), *(c.lower_.rstrip(".") for c in tok.lefts if c.dep_ in ("compound", "amod"))}
    female, male = bool(words & _FEMALE_NOUNS), bool(words & _MALE_NOUNS)
    return None if female == male else ("f" if female else "m")


def _aside(cand: Token, tok: Token) -> bool:
    """Is the candidate said in a relative clause that the pronoun is outside of? What a
    relative clause says about a noun is background: for "it"/"its" the sentence's own
    participants are the likelier antecedents (not for "he"/"they": a story's protagonist is
    often named in a relative clause, "a volunteer who knew Hall ... He was ...")."""
    for anc in cand.ancestors:
        if anc.dep_ == "relcl":
            return not (anc.left_edge.i <= tok.i <= anc.right_edge.i)
    return False


def _co_argument(cand: Token, tok: Token) -> bool:
    """Is the candidate the subject (or a conjunct of it) of the verb the (non-reflexive) pronoun
    is the object of, its own or the one it takes from the clause it hangs on ("X and Y vowed to
    hunt them down")? "The rebels attacked them" never means the rebels attacked the rebels
    ("themselves" would)."""
    if tok.dep_ not in ("dobj", "iobj", "dative"):
        return False
    if cand.dep_ in ("nsubj", "nsubjpass") and cand.head.i == tok.head.i:
        return True
    if tok.head.dep_ == "relcl":
        return False  # (a relative clause's doer is the noun it describes, not a subject told before it)
    doer = tree.subject(tok.head)  # "the army and the militia vowed to hunt them down"
    return doer is not None and cand.i != tok.i and cand in (doer, *doer.conjuncts)


def _in_own_report(cand: Token, tok: Token) -> bool:
    """Is the candidate named in the clause the pronoun's own verb of saying reports, told before
    it ("the Assad regime, he said, had defied the norms", "the army had lied, she said")? A subject
    pronoun does not stand for a name in what its verb says (as "he said the Assad regime had ..."
    never means Assad said it), so the speaker is someone named before."""
    verb = tok.head
    if tok.dep_ != "nsubj" or cand.pos_ == "PRON" or verb.lemma_.lower() not in _ATTRIBUTING:
        return False
    if verb.dep_ == "parataxis" and cand in verb.head.subtree and cand not in verb.subtree:
        return True  # "X, he said, had ...": the clause the saying interrupts
    return any(cand in c.subtree for c in verb.children if c.dep_ == "ccomp")


def quoted_speaker(r: Resolving, tok: Token) -> Resolved | None:
    """ "I", "me", "we", "us" inside a quotation: its speaker ("They tried to kill me," Maduro
    said: Maduro is the one they tried to kill). Outside quotations (or with no speaker) nothing."""
    said = quotes.speaker(tok)
    if said is None or said.i == tok.i or said.lower_ in _FIRST_PERSON:
        return None
    res = r.resolve(said)
    if res is None or not (res.resolved or (res.kind in ("group", "person") and res.actor.sector)):
        return None  # a speaker known only by office ("the police chief") is still the one who says "we"
    return _refer_back(r, tok, res)


def _refer_back(r: Resolving, tok: Token, res: Resolved) -> Resolved:
    """The mention ``res`` as the pronoun ``tok`` refers to it."""
    out = replace(res, head=tok.i, confidence=min(0.75, res.confidence), members=list(res.members),
                  antecedent=res.head)
    if not r.m.sentences_between(min(res.head, tok.i), max(res.head, tok.i)) and tok.dep_ != "poss":
        # "Lebanon says it will not accept ...": the name in the same sentence is the better
        # evidence span (the actor's offsets still point into the event's sentence)
        return out
    start, end = r.m.offsets(tok.idx, tok.idx + len(tok))
    out.actor = replace(res.actor, entity_text=tok.text, start=start, end=end)
    return out


def coordinated_subject(r: Resolving, tok: Token) -> Resolved | None:
    """ "The Iraqi Prime Minister and the US President ... their meeting": a coordinated
    subject earlier in the sentence is what "they"/"their" points to."""
    starts, subjects = r.m.sentence_starts, r.m.coordinated_subjects()
    sent_start = starts[bisect_right(starts, tok.i) - 1]
    for i in subjects[bisect_left(subjects, sent_start) : bisect_left(subjects, tok.i)]:
        if _co_argument(r.sdoc[i], tok):
            continue  # "the army and the militia hunted them down": not the hunters themselves
        members = [m for m in r.resolve_all(r.sdoc[i]) if m.resolved]
        if len(members) >= 2:
            return _group_at(r, tok, members)
    return _previous_coordinated_subject(r, tok)


def _group_at(r: Resolving, tok: Token, members: list[Resolved]) -> Resolved:
    s, e = r.m.offsets(tok.idx, tok.idx + len(tok))
    return Resolved(Actor(entity_text=tok.text, start=s, end=e), 0.7, "group", True, tok.i,
                    members=[replace(m, head=tok.i) for m in members])


def _previous_coordinated_subject(r: Resolving, tok: Token) -> Resolved | None:
    """ "Ali and Khan were abducted in 2014. On Monday, they were released": "they" opening a
    sentence (no one named before it there) as its subject is the coordinated subject of the
    sentence before, people named with no country known included (whoever else that names)."""
    sent = tok.sent
    if tok.dep_ not in ("nsubj", "nsubjpass") or sent.start == 0 or \
            any(sent.start <= m.head < tok.i for m in r.history):
        return None
    before = tok.doc[sent.start - 1].sent
    subject = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not any(c.dep_ == "conj" for c in subject.children):
        return None
    members = [m for m in r.resolve_all(subject) if m.resolved or (m.kind == "person" and m.actor.name)]
    return _group_at(r, tok, members) if len(members) >= 2 else None


def counted_people(r: Resolving, head: Token, premods: list[Token]) -> Resolved | None:
    """ "Elsheikh and Kotey ... The pair were captured", "the two men", "both women", "the
    trio": a definite count of people is the people named together just before, as many as it
    counts. Sentence by sentence back from the head (this one and the three before), a list
    that is a subject wins, else the one list of people of that count the sentence holds
    (people of a different count are someone else; two lists, and no subject, leave it open)."""
    lemma = head.lemma_.lower()
    n = _COUPLE_NOUNS.get(lemma) if any(t.lower_ == "the" for t in premods) else None
    if n is None and lemma in _COUNTED_PEOPLE and head.tag_ == "NNS":
        counts = [_COUNTS[t.lower_] for t in premods if t.lower_ in _COUNTS]
        definite = any(t.lower_ in ("the", "both") for t in premods)
        n = counts[0] if len(counts) == 1 and definite else None
    if n is None:
        return None
    sent = head.sent
    for _ in range(_COUNT_BACK + 1):
        lists = [t for t in sent if t.i < head.i and any(c.dep_ == "conj" for c in t.children) and
                 t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos")]
        found = [(t, members) for t in lists if len(members := _people_listed(r, t, lemma in _COUPLE_NOUNS)) == n]
        subjects = [f for f in found if f[0].dep_ in ("nsubj", "nsubjpass")]
        if subjects or found:
            return _group_at(r, head, (subjects or found)[-1][1]) if subjects or len(found) == 1 else None
        if sent.start == 0:
            break
        sent = head.doc[sent.start - 1].sent
    return None


def _people_listed(r: Resolving, t: Token, named: bool) -> list[Resolved]:
    """The people a coordinated phrase lists, if it lists only people of a known country or code,
    or (``named``: for "the pair", which nothing else resolves) only people named. A name alone
    says less than "the two men" do on their own: arrested by Egyptian police, they are Egyptians
    by the rules that read the arrest."""
    listed = r.resolve_all(t)
    members = [m for m in listed if m.kind == "person" and (m.resolved or (named and bool(m.actor.name)))]
    return members if len(members) == len(listed) else []


def surname(r: Resolving, name: str, head: Token) -> Resolved | None:
    """ "Kadhimi" after "Mustafa al-Kadhimi": the last person of that surname."""
    key = name_key(name)
    for res in reversed(r.history):
        if res.kind == "person" and res.head < head.i and res.actor.name and \
                name_key(res.actor.name).rsplit(" ", 1)[-1] == key:
            return res
    return None


def definite(r: Resolving, head: Token, title: str) -> Resolved | None:
    """ "the minister", "the Iraqi Prime Minister": an earlier mention with the same title."""
    if not any(c.lower_ == "the" for c in head.lefts):
        return None
    for res in reversed(r.history):
        if res.head < head.i and res.title == title and res.resolved:
            return res
    return _described_before(r, head, title)


def _described_before(r: Resolving, head: Token, title: str) -> Resolved | None:
    """ "An Australian aid worker was kidnapped ... the worker": a bare role noun is the person
    or group named by a longer role of the same noun in the last three sentences (the same number)."""
    if " " in title:
        return None
    plural = head.tag_ in ("NNS", "NNPS")
    for res in mentions_before(r, head, 3):
        if res.title.endswith(" " + title) and res.resolved and res.plural == plural and not res.members:
            return res
    return None


def recent_same_sector(r: Resolving, head: Token, sector: str) -> Resolved | None:
    """"the government", "the army" with no country: the last mention of that sector in this or
    the two previous sentences ("US officials said ... the administration wants ...")."""
    if not any(c.lower_ in ("the", "this", "that") for c in head.lefts) or sector not in ("GOV", "MIL", "COP"):
        return None
    for res in reversed(r.history):
        if res.head >= head.i or res.members:
            continue
        if r.m.sentences_between(res.head, head.i) > 2:  # (more than two sentences back: too far)
            break
        if res.actor.sector == sector and res.actor.country:
            return res
    return None


def same_role_country(r: Resolving, head: Token, title: str, sector: str) -> str | None:
    """ "the Syrian opposition ... many opposition groups": the country the nearest earlier mention
    of the same role ("opposition" for "opposition leaders"), in this or the two previous
    sentences, took from its own words; nearer than the story's country, which a story about
    talks abroad takes from its hosts. None when that mention has no country of its own."""
    role = title.split(" ", 1)[0]
    for res in mentions_before(r, head, 2):
        word = head.doc[res.head]
        if word.lemma_.lower() != role or word.pos_ != "NOUN" or res.members or res.actor.sector != sector:
            continue
        return res.actor.country if res.actor.country and not res.guessed and res.confidence >= 0.8 else None
    return None


def possessor_organisation(r: Resolving, premods: list[Token], members: bool = False) -> Resolved | None:
    """"its fighters", "their leaders": the organisation a possessive pronoun points to; for a
    noun of its ``members`` ("their followers"), also fighters of a group of no country
    ("Islamic State fighters ... urging their followers"), though not their families."""
    for t in premods:
        if t.dep_ == "poss" and t.pos_ == "PRON":
            ante = pronoun(r, t)
            if ante is not None and not ante.members and (ante.kind == "org" or (
                    members and ante.kind == "group" and bool(ante.actor.code) and not ante.actor.country)):
                return ante
    return None


def stateless_owner(r: Resolving, premods: list[Token]) -> bool:
    """Does a possessive pronoun point to an actor of no country ("Isis fighters and their
    families")? Then what it owns is not of the story's country either."""
    for t in premods:
        if t.dep_ == "poss" and t.pos_ == "PRON":
            ante = pronoun(r, t)
            if ante is not None and ante.resolved and not ante.actor.country:
                return True
    return False


def mentions_before(r: Resolving, head: Token, sentences: int) -> Iterator[Resolved]:
    """The mentions before ``head`` in its sentence and the ``sentences`` before it, latest first."""
    for res in reversed(r.history):
        if res.head >= head.i:
            continue
        if r.m.sentences_between(res.head, head.i) > sentences:
            break
        yield res


def organisation(r: Resolving, head: Token) -> Resolved | None:
    """ "the group", "the organisation": the organisation named in the last two sentences."""
    for res in mentions_before(r, head, 2):
        if res.kind == "org" and not res.members and (res.plural or head.tag_ not in ("NNS", "NNPS")):
            # ("the 120 organisations" are not the one organisation named before)
            return replace(res, head=head.i, confidence=min(0.7, res.confidence),
                           actor=r.m.copy_actor(res.actor, head), antecedent=res.head)
    return None


def country(r: Resolving, head: Token) -> Resolved | None:
    """ "the country", "this nation": the last country named, else the story's country."""
    for res in reversed(r.history):
        if res.head < head.i and res.kind == "state" and res.actor.country and not res.members:
            return r.m.make(head, country=res.actor.country, sector=None, name=res.actor.name,
                            code=res.actor.country, confidence=0.65, kind="state")
    if r.focus:
        return r.m.make(head, country=r.focus, sector=None, code=r.focus, confidence=0.55, kind="state")
    return None


# ------------------------------------------------------------------ joint references


def joint(r: Resolving, head: Token, premods: list[Token]) -> Resolved | None:
    """ "the two countries", "both sides", "the governments of Iraq and the United States"."""
    lemma = head.lemma_.lower()
    if lemma not in _JOINT_NOUNS or head.tag_ not in ("NNS", "NNPS"):
        return None
    listed = _listed_members(r, head, lemma)
    if listed is not None:
        return listed
    is_two = any(t.lower_ in ("two", "both") for t in premods) or any(c.lower_ == "both" for c in head.children)
    if not (is_two or side_reading(head, premods)):
        return None
    keep_sector = lemma not in _STATE_NOUNS or lemma in _SIDE_NOUNS
    for res in reversed(r.history):  # the last coordinated mention: "the governments of X and Y"
        if keep_sector and res.members and not any(m.actor.sector for m in res.members):
            continue  # "the two sides": the last mention that names who (governments, leaders)
        if res.head < head.i and len(res.members) >= 2:
            members = [
                r.m.make(head, country=m.actor.country, sector=m.actor.sector if keep_sector else None,
                         name=m.actor.name, code=m.actor.code if keep_sector else m.actor.country,
                         confidence=0.8, kind="state")
                for m in res.members[:2]
                if m.actor.country
            ]
            if len(members) == 2:
                return _group_of(r, head, members)
            break
    if lemma in _SIDE_NOUNS:
        return _last_two_sides(r, head)
    countries: list[str] = []
    for res in reversed(r.history):
        if res.head >= head.i:
            continue
        for m in res.members or [res]:
            c = m.actor.country
            if c and c not in countries:
                countries.append(c)
        if len(countries) >= 2:
            break
    if len(countries) < 2:
        return None
    sector = None if lemma in _STATE_NOUNS else r.kb.sectors.get(lemma, "GOV")
    members = [r.m.make(head, country=c, sector=sector, confidence=0.8, kind="state") for c in reversed(countries[:2])]
    return _group_of(r, head, members)


def _listed_members(r: Resolving, head: Token, lemma: str) -> Resolved | None:
    """ "the governments of X and Y": the countries the "of" phrase lists."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            if pobjs:
                first = pobjs[0]
                members = []
                for t in [first, *first.conjuncts]:
                    iso, _ = r.m.country_of_token(t)
                    if iso:
                        sector = None if lemma in _STATE_NOUNS else r.kb.sectors.get(lemma)
                        members.append(r.m.make(t, country=iso, sector=sector, confidence=0.8, kind="state"))
                if len(members) >= 2:
                    return _group_of(r, head, members)
    return None


def _group_of(r: Resolving, head: Token, members: list[Resolved]) -> Resolved:
    s, e = r.m.np_span(head)
    start, end = r.m.offsets(s, e)
    for m in members:
        m.actor = replace(m.actor, entity_text=r.m.text[s:e], start=start, end=end)
        m.head = head.i
    return Resolved(Actor(entity_text=r.m.text[s:e], start=start, end=end), 0.8, "group", True, head.i,
                    members=members)


def side_reading(head: Token, premods: list[Token]) -> bool:
    """ "both parties", "the warring parties", "the parties to the conflict", "the parties signed
    the deal": the sides of a deal, talks or a conflict, not political parties. Any other modifier
    ("the main parties", "opposition parties", "Kenya's parties") makes them political parties."""
    if head.lemma_.lower() not in _SIDE_NOUNS or head.lemma_.lower() == "side" or head.tag_ not in ("NNS", "NNPS"):
        return False
    if not all(t.dep_ in ("det", "predet") or t.lower_ in _SIDE_MODIFIERS or t.like_num for t in premods):
        return False
    attached = [o for c in head.rights if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    if attached:  # "the parties to the conflict" are its sides; "both parties in Congress" political parties
        return any(o.lemma_.lower() in _SIDE_OF or o.lower_ in _SIDE_OF for o in attached)
    if any(t.lower_ in _SIDE_MODIFIERS for t in premods) or any(c.lower_ in _SIDE_MODIFIERS for c in head.children):
        return True
    return any(t.lemma_.lower() in _SIDE_OF or t.lower_ in _SIDE_OF for t in head.sent if t.pos_ == "NOUN")


def _last_two_sides(r: Resolving, head: Token) -> Resolved | None:
    """ "The army said ... The RSF said ... Both sides agreed": the last two actors named in
    the last three sentences, each as it was (neither refining the other: not "Sudan" and
    "Sudan's army")."""
    found: list[Resolved] = []
    for res in mentions_before(r, head, 3):
        if res.members or not res.actor.code:
            continue
        code = res.actor.code
        if any(code.startswith(f.actor.code or "") or (f.actor.code or "").startswith(code) for f in found):
            continue
        found.append(res)
        if len(found) == 2:
            members = [r.m.make(head, country=m.actor.country, sector=m.actor.sector, name=m.actor.name,
                                code=m.actor.code, kb_id=m.actor.kb_id, kb_source=m.actor.kb_source,
                                confidence=0.7, kind="state") for m in reversed(found)]
            return _group_of(r, head, members)
    return None
