"""Named people: a name (with any title and context country) matched against the dated
office-holders of the knowledge base, else an earlier mention of the same surname, else an
unknown person with the country the context gives."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventmill.actors import coref, people
from eventmill.actors.kb import TITLE_ROLES
from eventmill.actors.mention import Resolved, make_code
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.phrase import Phrase, Resolving
    from eventmill.records import Actor

# Words of office titles, never part of a person's name ("Vice-President Biden").
_TITLE_WORDS = frozenset(w for t in TITLE_ROLES for w in t.replace("-", " ").split()) | word_class(
    "title_word", "kb/words.tsv")
# Sectors of people usually where they act (opposition, rebels, police): an unknown person with
# such a title and no nationality belongs to the country of the story's scene.
_LOCAL = sectors_in("local")
_MEMBERSHIP = word_class("membership_verb", "kb/words.tsv")  # "a cell of four Britons included X"
_EPITHETS = word_class("name_epithet", "kb/words.tsv")  # "Furious Theresa May": a mood, no name
_JOINING = word_class("joining_verb", "kb/words.tsv")  # "X joined Isis"
_MEMBER_NOUNS = word_class("member_noun", "kb/words.tsv")  # "X was part of an Isis cell"
_COPULAS = frozenset({"be", "become", "remain"})
# Sectors a bare predicate noun makes a person a member of ("X was an Isis fighter"); an office
# ("X, who was police commissioner") says what a person did, not whose side the person is on
_IRREGULAR = sectors_in("armed") - sectors_in("state_force")


def named_person(r: Resolving, p: Phrase) -> Resolved | None:
    """A person named in the phrase (not an organisation): "Federica Mogherini, the EU's
    foreign policy chief" acts for the EU; otherwise the knowledge base on the date."""
    if not p.is_name or p.org is not None:
        return None
    head, ent = p.head, p.ent
    if ent is not None and ent.label_ != "PERSON" and (r.kb.sectors.get(fold(head.text)) or
                                                       r.kb.sectors.get(fold(head.lemma_))):
        return None  # "the Third World Water Forum": an organisation named for what it is, not a person
    affiliation = appositive_organisation(r, head)
    if affiliation is not None:
        name = ent.text if ent is not None else head.text
        s, e = r.m.np_span(head)
        start, end = r.m.offsets(s, e)
        return replace(affiliation, kind="person", head=head.i,
                       actor=replace(affiliation.actor, name=name, entity_text=r.m.text[s:e], start=start, end=end))
    return person(r, head, p.premods, p.title, p.ctx_country, p.title_sector)


def appositive_organisation(r: Resolving, head: Token) -> Resolved | None:
    """The organisation an apposition says a person speaks for ("X, the EU's foreign policy chief")."""
    for c in head.children:
        if c.dep_ != "appos":
            continue
        res = r.resolve(c)
        if res is not None and res.actor.sector in ("IGO", "NGO") and res.actor.code:
            return res
    return None


def _appositive_role(r: Resolving, head: Token) -> Resolved | None:
    """The role an apposition gives a person the knowledge base does not know ("X, a rebel
    commander", "X, a Syrian opposition leader"): a party with a sector."""
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            res = r.resolve(c)
            if res is not None and res.actor.sector and not res.members:
                return res
    return None


def stated_group(r: Resolving, head: Token) -> Resolved | None:
    """The group a clause about a person says the person is in: "X and Y are alleged to have
    been part of an Isis cell", "X, who joined al-Shabaab in 2012", "X was an Isis fighter",
    "X, one of the PKK's commanders", "al-Shabaab's X". Only membership counts: "X, who fought Isis" and "X was
    killed by an Isis cell" say nothing of whose X is."""
    t = head
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head  # "X and Y were part of ...": the clause is the first conjunct's
    clauses = [t.head] if t.dep_ in ("nsubj", "nsubjpass") else []
    clauses += [c for c in t.children if c.dep_ == "relcl" and not _past_description(c) and
                any(s.dep_ in ("nsubj", "nsubjpass") and s.tag_ in ("WP", "WDT") for s in c.children)]
    said: list[Token] = [c for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in _MEMBER_NOUNS]
    while clauses:
        v = clauses.pop()
        if tree.children(v, "neg"):
            continue  # "X never joined Isis"
        if tree.is_passive(v) or v.lemma_.lower() in _COPULAS:
            # "are alleged to have been part of", "is believed to have joined" (not "refused to join")
            clauses += tree.children(v, "xcomp")
        # "X travelled to Syria to join Isis", "X left the UK to join Isis": the purpose of a journey
        # (an infinitive after the place left, not the complement of "refused to join" or of
        # "persuaded his cousin to join")
        left = any(o.ent_type_ in ("GPE", "LOC") or o.lemma_.lower() == "home" for o in tree.children(v, "dobj"))
        purposes = tree.children(v, "advcl") + (tree.children(v, "xcomp") if left else [])
        clauses += [c for c in purposes if c.lemma_.lower() in _JOINING and tree.has_to_infinitive(c)]
        if v.lemma_.lower() in _JOINING:
            said += tree.children(v, "dobj")
        elif v.lemma_.lower() in _COPULAS:
            said += tree.children(v, "attr")
    for owner in tree.children(head, "poss"):  # "al-Shabaab's Ahmed Warsame" (not "Kenya's Raila Odinga")
        res = r.resolve(owner)
        if res is not None and res.kind in ("org", "group") and res.actor.sector and not res.members:
            return res
    for n in said:
        member = n.lemma_.lower() in _MEMBER_NOUNS or n.head.lemma_.lower() in _JOINING
        for g in tree.preposition_objects(n, ("of",)) if n.lemma_.lower() in _MEMBER_NOUNS else [n]:
            res = r.resolve(g)
            if res is not None and res.kind != "person" and res.actor.sector and not res.members and \
                    not res.guessed and (member or res.actor.sector in _IRREGULAR):
                return res
    return None


def _past_description(clause: Token) -> bool:
    """Does a relative clause say who someone was, where the sentence says what they are now:
    "X, who was an Isis commander, is now in the Free Syrian Army" ("was" in a clause about a person
    the sentence speaks of in the present, or "now")? Not in a story told in the past ("X, who was
    an Isis commander, was killed")."""
    if clause.lemma_.lower() not in _COPULAS or clause.tag_ != "VBD":
        return False
    owner = clause.head
    while owner.dep_ in ("conj", "appos", "pobj", "prep") and owner.head.i != owner.i:
        owner = owner.head  # "men like X, who was ...": the men are the subject
    main = owner.head if owner.dep_ in ("nsubj", "nsubjpass") else None
    return main is not None and (main.tag_ in ("VBP", "VBZ") or
                                 any(c.lower_ == "now" for c in main.children if c.dep_ == "advmod"))


def _member_actor(person: Actor, group: Actor) -> Actor:
    """A person known before as the member of a group: the group's sector with the person's
    country, else the group's code."""
    if person.country:
        return replace(person, sector=group.sector, code=make_code(person.country, group.sector))
    return replace(person, country=group.country, sector=group.sector, code=group.code)


def _name_tokens(r: Resolving, head: Token, premods: list[Token], title: str) -> list[Token]:
    """The tokens of the person's name, without titles, nationalities or possessors."""
    ent = r.m.ent(head)
    tokens = list(ent) if ent is not None else [*premods, head]
    in_person = ent is not None and ent.label_ == "PERSON"
    if ent is not None and in_person:
        # "Imran Khan" with only "Khan" tagged: the given names just before belong to the name
        before = [t for t in premods if t.i < ent.start and t.pos_ == "PROPN" and t.dep_ == "compound"
                  and not r.m.ent(t) and t.is_alpha and not r.kb.sectors.get(fold(t.text))
                  and fold(t.text) not in _TITLE_WORDS]
        while before and before[-1].i == (tokens[0].i - 1):
            tokens.insert(0, before.pop())
    name_tokens = [
        t
        for t in tokens
        # spaCy sometimes tags a name's parts as nouns ("Moon Jae-in", "Zelenskyy"): in a person
        # entity every word is the name's
        if (t.pos_ == "PROPN" or (in_person and not t.is_punct and t.tag_ != "POS")
            or (t.i == head.i and r.capitalised_name(t, ent)))
        and not r.kb.sectors.get(fold(t.text)) and (t.dep_ != "poss" or t.i == head.i)
    ]
    while len(name_tokens) > 1 and name_tokens[0].lower_ in _EPITHETS:
        name_tokens = name_tokens[1:]  # a headline's mood before the name ("Defiant Maduro")
    title_words = set(title.split()) if title else set()
    name_tokens = [t for t in name_tokens if fold(t.text) not in title_words
                   and not r.kb.country(t.text) and not r.kb.adjective(t.text)]
    if in_person:
        # titles are sometimes inside the entity ("President Joe Biden")
        name_tokens = [t for t in name_tokens if fold(t.text) not in TITLE_ROLES and fold(t.text) not in r.kb.sectors]
    return name_tokens


def person(r: Resolving, head: Token, premods: list[Token], title: str, ctx_country: str | None,
           title_sector: str | None = None) -> Resolved | None:
    """A person by name: the office-holder the knowledge base knows on the date (near spellings
    only with a title or a country to check them), else the same surname named earlier."""
    name_tokens = _name_tokens(r, head, premods, title)
    if not name_tokens:
        return None
    ent = r.m.ent(head)
    full = r.sdoc[name_tokens[0].i : name_tokens[-1].i + 1].text
    is_person_ent = ent is not None and ent.label_ == "PERSON"
    found = people.match(r.kb, full, r.day, title=title, country=ctx_country,
                         fuzzy=title in TITLE_ROLES or ctx_country is not None)
    # a surname alone the knowledge base cannot place (a former minister named by surname) is
    # the person the story introduced by full name earlier ("Rex Tillerson ... Tillerson")
    alone = len(name_tokens) == 1 and not title
    if found is None and (alone or not people.candidates(r.kb, full, fuzzy=False)[0]):
        antecedent = coref.surname(r, name_tokens[-1].text, head)
        if antecedent is not None:
            group = stated_group(r, head)
            actor = antecedent.actor if group is None else _member_actor(antecedent.actor, group.actor)
            return replace(antecedent, head=head.i, actor=r.m.copy_actor(actor, head), antecedent=antecedent.head)
    if found is None:
        if not (is_person_ent or title):
            return None
        # ("opposition spokesman": OPP; "former police commissioner X": ELI, the phrase's reading)
        sector = (title_sector if title_sector == "ELI" else r.kb.sectors.get(title) or title_sector) if title \
            else None
        country = ctx_country or _group_nationality(r, head)
        if sector and not country and title not in TITLE_ROLES:
            # "opposition spokesman X" in a story of fighting in Daraa and Busra: of the scene's
            # country, whichever country the story names most (a US-focused story of Syria's war)
            country = (r.scene if sector in _LOCAL else None) or r.focus
        role = None if sector else _appositive_role(r, head)
        if role is not None:  # "Mohammad Alloush, a Syrian opposition leader": the role says whose
            sector, country = role.actor.sector, role.actor.country or country
        made = r.m.make(head, country=country, sector=sector, name=full, confidence=0.7 if country else 0.5,
                        kind="person", title=title)
        group = None if sector else stated_group(r, head)  # "X, who joined Isis": the group's member
        return made if group is None else replace(made, actor=_member_actor(made.actor, group.actor))
    entry = found.entry
    sector = found.sector if found.sector or found.current else (r.kb.sectors.get(title) or title_sector or None)
    # (a head of an international organisation or an armed group's leader carries its code: IGOUNO)
    code = people.person_code(entry, sector)
    return r.m.make(head, country=entry.country, sector=sector, name=entry.name, code=code, kb_id=entry.kb_id,
                    kb_source=entry.kb_source, confidence=found.confidence, kind="person", title=title)


def _group_nationality(r: Resolving, head: Token) -> str | None:
    """The nationality of the group a person is named as one of: "the cell of four Britons had
    included X and Y", "the delegation comprised two Kenyans, X and Y" (the group's subject)."""
    t = head
    while t.dep_ in ("conj", "appos") and t.head.i < t.i:
        t = t.head
    if t.dep_ != "dobj" or t.head.lemma_.lower() not in _MEMBERSHIP:
        return None
    subject = tree.grammatical_subject(t.head)
    for tok in subject.subtree if subject is not None else ():
        iso, _ = r.m.country_of_token(tok) if tok.pos_ in ("NOUN", "PROPN", "ADJ") else (None, None)
        if iso:
            return iso
    return None
