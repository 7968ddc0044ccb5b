"""The ordered resolvers a noun phrase is put to (see :mod:`eventmill.actors.resolver`).

Each takes the resolver and the :class:`~eventmill.actors.resolver.Phrase` and returns a
mention (the answer), ``None`` (pass to the next) or ``False`` (this phrase is no actor:
stop). The order is the order of evidence: what the phrase says about itself (a joint
reference, a name, an organisation, a country) before what a reader infers (a reference
back, a role noun's country from the story).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from eventmill.actors import coref, patrons, regions
from eventmill.actors.context import sentence_place_country, venue_place_country
from eventmill.actors.kb import alternatives, split_code
from eventmill.actors.mention import Resolved, make_code
from eventmill.actors.perpetrators import named_perpetrator
from eventmill.actors.persons import named_person
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.kb import Entry
    from eventmill.actors.phrase import Phrase, Resolving

Answer = Resolved | Literal[False] | None

_ORG_NOUNS = word_class("organisation_noun", "kb/words.tsv")
_MULTINATIONAL = word_class("multinational", "kb/words.tsv")
_FOREIGN = word_class("foreign", "kb/words.tsv")
_ETHNIC = word_class("ethnic_marker", "kb/words.tsv")
_DIRECTIONS = en("compass_direction")  # "northern Syria" is land, not a state
_REGIME_MODIFIERS = word_class("regime_modifier", "kb/words.tsv")
_SETTLEMENTS = word_class("settlement_noun", "kb/words.tsv")
_CIVIC_COLLECTIVES = word_class("civic_collective", "kb/words.tsv")
_ORIGIN_PERSONS = word_class("origin_person", "kb/words.tsv")  # "a British man": placed only by origin
_KIN = word_class("kin_noun", "kb/words.tsv")
_OWN_MEMBERS = word_class("own_members", "kb/words.tsv")  # "their followers": a group's own people
# Sectors of people usually where they act (police, protesters, rebels), without a nationality
# take the country of the place the sentence names; officials, soldiers and diplomats travel.
_LOCAL = sectors_in("local")
_POLITICAL = sectors_in("political")  # tied to a country's politics, not to where they are
_DOMESTIC = sectors_in("domestic")  # the story's country when nothing else names one
_STATE_FORCES = sectors_in("state_force")
_REGION_STATES = word_class("region_state_noun", "kb/words.tsv")


def joint_reference(r: Resolving, p: Phrase) -> Answer:
    """ "the two sides", "the governments of Iraq and the US"; "both parties" to a deal are its
    sides, and no political parties when the sides are not known."""
    found = coref.joint(r, p.head, p.premods)
    if found is None and coref.side_reading(p.head, p.premods):
        return False
    return found


def defined_acronym(r: Resolving, p: Phrase) -> Answer:
    """ "The SNC" after "the Syrian Negotiations Commission (SNC)": letters the story defined in
    parentheses after a name, and the knowledge base does not know, stand for what that name
    resolved to, wherever the story uses them."""
    head = p.head
    if not (2 <= len(head.text) <= 6 and head.text.isalpha() and head.text.isupper()):
        return None
    doc = head.doc
    for tok in doc[1 : head.i]:
        if tok.text != head.text or doc[tok.i - 1].text != "(" or tok.i + 1 >= len(doc) or doc[tok.i + 1].text != ")":
            continue
        named = {tok.head.i, tok.i - 2}  # (the parser hangs the letters on the name, or on nothing near)
        for res in r.history:
            if res.head in named and res.head < tok.i and res.resolved and not res.members:
                return replace(res, head=head.i, confidence=min(0.8, res.confidence),
                               actor=r.m.copy_actor(res.actor, head), antecedent=res.head)
        return None
    return None


def named_organisation(r: Resolving, p: Phrase) -> Answer:
    """An organisation or armed group the knowledge base knows, named in the phrase."""
    if p.org is None:
        return None
    entry, org_tok = p.org
    head, ent = p.head, p.ent
    if _foreign_acronym(r, entry, org_tok):
        return None
    # an international body keeps no country, whatever possessive is around it
    country = entry.country or (None if entry.sector in ("IGO", "NGO") else p.ctx_country)
    sector = entry.sector
    code = entry.code if entry.code else make_code(country, sector)
    if entry.kind == "actor":  # an imported dictionary's code, as it stands ("---": no actor)
        country, sector, code = entry.country, entry.sector, entry.code
    # "U.N. Secretary-General Kofi Annan": a person acting for the organisation
    person_of_org = org_tok.i != head.i and ent is not None and ent.label_ == "PERSON"
    plural = head.tag_ in ("NNS", "NNPS")
    kind = "person" if person_of_org else ("group" if plural and org_tok.i != head.i else "org")
    if entry.kind == "actor" and org_tok.i == head.i and ent is not None and ent.label_ == "PERSON":
        kind = "person"  # an imported person ("he" can refer back to them)
    person_name = ent.text if ent is not None and person_of_org else None
    if entry.kind == "actor" and len(alternatives(code)) > 1:
        # an imported phrase that names several actors ("THE_SHIRE [FRO/BIL/SAM]"): one member each,
        # without the record's kb_id, which would make them one party
        members = [r.m.make(head, country=split_code(c)[0], sector=split_code(c)[1], name=entry.name, code=c,
                            kb_source=entry.kb_source, confidence=0.9, kind=kind)
                   for c in alternatives(code)]
        return replace(members[0], actor=replace(members[0].actor, name=None, code=None, kb_id=None), plural=True,
                       members=members)
    return r.m.make(head, country=country, sector=sector, name=person_name or entry.name, code=code,
                    kb_id=None if person_of_org else entry.kb_id, kb_source=entry.kb_source, confidence=0.9,
                    kind=kind, plural=plural)


def _foreign_acronym(r: Resolving, entry: Entry, tok: Token) -> bool:
    """Is an acronym ("RPF", "rpf") read as a local organisation (a party, a police force, an armed
    group) of a country the story never names, in a story its dateline or outlet places in another
    country? Letters name different bodies in different countries (the Railway Protection Force
    in an Indian story): such a reading is left out."""
    text = tok.text.replace(".", "")
    country = entry.country
    if not country or not r.setting or r.setting == country or r.focus == country or \
            entry.sector not in _LOCAL or not (2 <= len(text) <= 6 and text.isalpha()):
        return False
    return (text.isupper() or text.islower()) and country not in r.countries_named


def ethnic_group(r: Resolving, p: Phrase) -> Answer:
    """ "ethnic Albanians in Serbia", "ethnic Russians": a nationality made an ethnic group is of
    the country where it lives (its phrase, the place the sentence names, the story's country),
    not of the country its name comes from; with none of these, no actor."""
    head = p.head
    if head.tag_ not in ("NNS", "NNPS") or not any(t.lower_ in _ETHNIC for t in p.premods):
        return None
    if not r.kb.adjective(p.ent.text if p.ent is not None and p.ent.label_ == "NORP" else head.text):
        return None
    country = p.ctx_country or sentence_place_country(r, head) or r.focus
    if not country:
        return False
    return r.m.make(head, country=country, sector=None, name=None, code=country, confidence=0.6, kind="group",
                    plural=True)


def named_country(r: Resolving, p: Phrase) -> Answer:
    """A country, a capital or seat standing for its government, or a country's people."""
    head, ent = p.head, p.ent
    if not ((ent is not None and ent.label_ in ("GPE", "FAC", "ORG", "LOC", "NORP")) or head.pos_ == "PROPN" or (
            ent is None and head.is_title and r.kb.country(head.text))):  # a country's name tagged as a noun
        return None
    if p.title_sector:
        return None
    text = ent.text if ent is not None else head.text
    iso = r.kb.country(text)
    if not iso and ent is not None and ent.root.i == head.i and all(
            t.lower_ in _REGIME_MODIFIERS for t in ent if t.i != head.i):
        text = head.text  # "Fascist Italy", "Nazi Germany": the country under a regime
        iso = r.kb.country(text)
    if iso:  # (an imported dictionary's name keeps its source)
        # "northern Syria", "eastern Ukraine": a part of the country's land, not its state (not the
        # country's own name: "South Sudan", "North Korea")
        named = range(ent.start, ent.end) if ent is not None and text == ent.text else range(head.i, head.i + 1)
        part = any(c.dep_ in ("amod", "compound") and c.lower_ in _DIRECTIONS and c.i not in named
                   for c in head.lefts)
        return r.m.make(head, country=iso, sector=None, code=iso, kb_source=r.kb.name_sources.get(fold(text)),
                        confidence=0.95, kind="place" if part else "state")
    met = r.kb.metonym(text)
    if met and r.acts_as_agent(head):
        return r.m.make(head, country=met[0], sector=met[1], confidence=0.85, kind="metonym")
    adj = r.kb.adjective(text)
    if adj and _addressed_nation(head):  # "pleaded with the Russians": the state, as "with Russia"
        return r.m.make(head, country=adj, sector=None, code=adj, confidence=0.8, kind="state")
    if adj and (head.tag_ in ("NNPS", "NNS") or (ent is not None and ent.label_ == "NORP")):
        # "the Iraqis": a country's people as a whole, its side; "Palestinians", "any Syrians",
        # "three Iraqis", "the Syrians who fled": people it places only by where they come from,
        # its civilians, as "a British man" is
        sector = "CVL" if _people_noun(head) and not _whole_nation(head) else None
        return r.m.make(head, country=adj, sector=sector, name=r.kb.country_name(adj), confidence=0.75,
                        kind="group", plural=True)
    return None


def named_region(r: Resolving, p: Phrase) -> Answer:
    """A world region or a group of its states (``data/kb/regions.tsv``): "Gulf states", "Latin
    American leaders", "Western allies" are the region's states (its code + GOV); "the West",
    "West Africa" as an agent or addressee ("talks with the West", "aid to West Africa") are the
    region (its code alone); "in West Africa" is a place and "a summit on the Middle East" a
    topic, no actor. A phrase a country's word
    places ("South African leaders", "Nigerian and Ghanaian leaders") is that country's."""
    head = p.head
    premods = [t for t in p.premods if t.dep_ in ("compound", "amod", "nmod", "det")]
    if head.lemma_.lower() in _REGION_STATES and head.tag_ in ("NNS", "NNPS") and premods:
        if any(t.dep_ == "poss" for t in p.premods):
            return None  # "the European Union's member states": the owner says whose
        if head.dep_ == "conj" and any(t.lower_ == "other" for t in head.lefts):
            return None  # "Britain, France and other European allies": the states named are the parties
        found = regions.of_modifiers(head.doc[premods[0].i : head.i])
        if found is None or r.kb.adjective(found[1].text) or r.kb.country(found[1].text) or any(
                r.m.country_of_token(t)[0] for t in premods if not found[1].start <= t.i < found[1].end) or any(
                t.pos_ == "NOUN" for t in head.doc[found[1].end : head.i]):
            return None  # (a noun between makes other allies: "Gulf War allies" fought in the war)
        return r.m.make(head, country=None, sector="GOV", name=found[0].name, code=found[0].code + "GOV",
                        confidence=0.8, kind="group", plural=True)
    if p.ctx_country or p.title_sector or not head.text[:1].isupper() or not r.acts_as_agent(head) or (
            head.dep_ == "pobj" and head.head.lower_ == "on"):
        return None  # ("a summit on the Middle East": what it is about, no party to it)
    region = regions.named(head.doc[premods[0].i if premods else head.i : head.i + 1].text)
    if region is None:
        return None
    return r.m.make(head, country=None, sector=None, name=region.name, code=region.code, confidence=0.85,
                    kind="region")


def _people_noun(head: Token) -> bool:
    """A plural demonym standing as a noun ("Syrians", "Georgians", which the tagger may call a
    singular name), not the adjective of a noun it modifies ("Russian authorities")."""
    return head.dep_ not in ("amod", "compound", "poss") and (
        head.tag_ in ("NNPS", "NNS") or (head.pos_ == "PROPN" and head.lower_.endswith("s")))


def _whole_nation(head: Token) -> bool:
    """ "the Russians", "the Syrians": a plural demonym with only "the" and nothing that counts or
    describes it names a nation as a side, not some of its people."""
    return [t.lower_ for t in head.lefts if not t.is_punct] == ["the"] and not any(
        t.dep_ in ("relcl", "acl", "prep") for t in head.rights)


def _addressed_nation(head: Token) -> bool:
    """ "talks with the Russians", "pleaded with the Americans": a whole nation, named by its
    plural demonym with only "the", as the other side of a dealing is its state; people counted
    or described ("three Russians", "Russian tourists", "the Syrians who fled") are its people."""
    return (head.tag_ in ("NNPS", "NNS") and head.dep_ == "pobj" and head.head.lower_ == "with"
            and [t.lower_ for t in head.lefts] == ["the"] and all(t.dep_ == "prep" for t in head.rights))


def the_organisation(r: Resolving, p: Phrase) -> Answer:
    """ "the group", "the organisation", "the movement": the organisation named just before."""
    head = p.head
    if head.lemma_.lower() in _ORG_NOUNS and not p.ctx_country and p.org is None and any(
            c.lower_ in ("the", "this") for c in head.lefts):
        return coref.organisation(r, head)
    return None


def identity_group(r: Resolving, p: Phrase) -> Answer:
    """An identity group named as such: "Iraqi Kurds", "Sunnis in Baghdad" (no actor without a country)."""
    head = p.head
    if fold(head.text) not in r.kb.identity or head.tag_ not in ("NNS", "NNPS", "NNP"):
        return None
    country = p.ctx_country or r.kb.identity_home.get(fold(head.text))
    if not country:
        return False
    return r.m.make(head, country=country, sector=None, name=None, code=country, confidence=0.6, kind="group",
                    plural=True)


def the_country(r: Resolving, p: Phrase) -> Answer:
    """ "the country", "this nation": the country being talked about; "the country of X"."""
    head = p.head
    if head.lemma_.lower() not in ("country", "nation") or head.tag_ != "NN":
        return None
    if p.ctx_country:
        return r.m.make(head, country=p.ctx_country, sector=None, code=p.ctx_country, confidence=0.8, kind="state")
    if any(c.lower_ in ("the", "this") for c in head.lefts):
        return coref.country(r, head)
    return None


def kin_of_person(r: Resolving, p: Phrase) -> Answer:
    """ "The mother of Ali Juma", "his wife", "Khan's family": kin, named by the person they are
    kin to, are private people (CVL) of that person's country, else of the story's; kin of no
    one named ("a mother of three", "the mother said") are left to the other resolvers."""
    head = p.head
    if head.pos_ != "NOUN" or head.lemma_.lower() not in _KIN or p.ctx_conf > 0.7:
        return None  # ("the mother of a British aid worker": the phrase's own nationality says it)
    anchor = next((c for c in head.children if c.dep_ == "poss"), None) or next(
        (o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in tree.pobjs(c)), None)
    if anchor is None or anchor.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    kin_to = r.resolve(anchor)
    if kin_to is None or kin_to.kind != "person":
        return None  # ("Isis fighters and their families": a group's families are the role nouns')
    # (kin of someone of no state, "Baghdadi's wife", or in a story placed nowhere: of no country)
    country = kin_to.actor.country or (None if kin_to.actor.code else r.setting or r.focus)
    plural = head.tag_ in ("NNS", "NNPS")
    return r.m.make(head, country=country, sector="CVL", confidence=0.6 if kin_to.actor.country else 0.45,
                    kind="group" if plural or head.lemma_.lower() == "family" else "person", plural=plural)


def role_noun(r: Resolving, p: Phrase) -> Answer:
    """A role noun: the sector from the noun, the country from the context, else from an
    earlier mention, the place the sentence names, or the story's country."""
    if not p.title_sector:
        return None
    head, title, title_sector = p.head, p.title, p.title_sector
    # ("rebel leaders": a role speaking for a body is still the kind its own noun is)
    kind = r.kb.sector_kinds.get(title) or r.kb.sector_kinds.get(title.rsplit(" ", 1)[-1], "generic")
    country = p.ctx_country
    conf = 0.85 if country else 0.55
    # (the words of the role's own title say what it is, not where it is from: "the foreign ministry")
    words = ({fold(t.text) for t in p.premods} | {fold(head.text)}) - set(title.split())
    owner = coref.possessor_organisation(r, p.premods, members=head.lemma_.lower() in _OWN_MEMBERS)
    if owner is not None and kind in ("group", "person", "generic") and p.ctx_country in (None, owner.actor.country):
        # "its fighters" after "Isis", "their fighters" after "the Houthis": the group's own
        return replace(owner, head=head.i, actor=r.m.copy_actor(owner.actor, head))
    multinational = bool(words & _MULTINATIONAL)
    identities = words & r.kb.identity
    unplaced = multinational or bool(identities | (words & _FOREIGN)) or "ethnic" in words or \
        coref.stateless_owner(r, p.premods)  # "Isis fighters and their families": not the story's country
    origin_words = (identities - r.kb.political_identity) | (words & _FOREIGN)
    ctx_country = p.ctx_country
    if p.ctx_conf == 0.7 and bool(multinational or origin_words or "ethnic" in words):
        # "international forces in Iraq", "foreign fighters in Syria": there, not from there
        country = ctx_country = None
    homes = {r.kb.identity_home[w] for w in identities if w in r.kb.identity_home}
    home = homes.pop() if len(homes) == 1 and not (words & _FOREIGN) else None
    if not country and home:
        country, conf = home, 0.6  # "Yoruba leaders", "Druze inhabitants" of one country
    if multinational and not ctx_country and title_sector in ("MIL", "GOV", "COP"):
        coalition = "international coalition" if "coalition" in words else None
        # a multinational force: an international actor of that sector (IGOMIL), not a country
        return r.m.make(head, country=None, sector=title_sector, name=coalition, code=f"IGO{title_sector}",
                        confidence=0.6, kind="group", plural=head.tag_ in ("NNS", "NNPS"), title=title)
    guessed = False
    if not country:
        found = _role_country(r, p, kind, unplaced, conf)
        if isinstance(found, Resolved):
            return found
        country, conf, guessed = found
        if p.patrons:
            # "US-backed fighters" (in a story about the US) are not American: where they fight
            where = patrons.home(r, head, p.patrons)
            if where or country in p.patrons:
                country, guessed = where, False
    plural = head.tag_ in ("NNS", "NNPS")
    made = r.m.make(head, country=country, sector=title_sector, confidence=min(conf, p.ctx_conf or conf),
                    kind="person" if kind == "person" and not plural else (
                        "group" if kind in ("group", "person") else "generic"),
                    plural=plural, title=title)
    made.guessed = guessed
    return made


def _role_country(r: Resolving, p: Phrase, kind: str, unplaced: bool,
                  conf: float) -> Resolved | tuple[str | None, float, bool]:
    """For a role noun the phrase gives no country: an earlier mention it refers to, or
    (country, confidence, guessed) from the sentence's place or the story's country."""
    head, title_sector = p.head, p.title_sector
    assert title_sector is not None
    country: str | None = None
    # "the president" the story named before (the US president) is that office-holder, whatever
    # country the place in the sentence is ("his generals in Syria")
    antecedent = coref.definite(r, head, p.title) if kind == "person" else None
    the_government = title_sector == "GOV" and not unplaced and any(c.lower_ == "the" for c in head.lefts)
    if the_government and antecedent is None:
        # "lawmakers in Nairobi accused the government": the government of where it happens (a
        # place in its own clause; one in a clause below, "committed to getting out of Syria",
        # only when no earlier mention says whose)
        country = _governed_place(r, head, own_clause=True)
        conf = 0.6
    if country:
        return country, conf, False
    antecedent = antecedent or coref.definite(r, head, p.title)
    if antecedent is None and not unplaced:
        antecedent = coref.recent_same_sector(r, head, title_sector)
    if antecedent is not None:
        return replace(antecedent, head=head.i, confidence=min(0.7, antecedent.confidence),
                       actor=r.m.copy_actor(antecedent.actor, head), members=list(antecedent.members),
                       antecedent=antecedent.head)
    country = _governed_place(r, head, own_clause=False) if the_government else None
    if country:
        return country, 0.6, False
    # (not "some governments": institutions in the plural are of several countries)
    plural_body = kind == "body" and head.tag_ in ("NNS", "NNPS")
    named_before = None if unplaced or plural_body else coref.same_role_country(r, head, p.title, title_sector)
    if named_before:
        return named_before, 0.6, False
    place_country = sentence_place_country(r, head) if title_sector in _LOCAL else None
    if not place_country and title_sector in _LOCAL and not unplaced and title_sector not in _POLITICAL:
        # "Inside the stadium in Sydney, ... A flag inside the stadium was banned by police": the
        # police of where the sentence happens, before the story's country
        place_country = venue_place_country(r, head)
    if place_country and r.focus and place_country != r.focus and title_sector in _POLITICAL:
        place_country = None  # a party or opposition abroad (talks in Geneva) is still the story's
    if place_country:
        return place_country, 0.6, False
    if title_sector in _STATE_FORCES and not unplaced and not (kind == "body" and head.tag_ in ("NNS", "NNPS")):
        # (not "both armies": institutions in the plural are of several countries)
        # "soldiers opened fire in Kisumu" in a story about no other country: the state's forces
        # of the place they act in (not in a story about another country: foreign troops abroad)
        place_country = sentence_place_country(r, head)
        if place_country and r.focus in (None, place_country) and r.scene in (None, place_country):
            return place_country, 0.55, True
    if title_sector in _LOCAL and r.scene and (kind != "person" or head.tag_ in ("NNS", "NNPS")) and not unplaced:
        # "rebel fighters" in a story of fighting in Daraa and Busra, whoever else it names most
        return r.scene, 0.5, True
    if title_sector in _DOMESTIC and r.focus and kind != "person" and not unplaced:
        return r.focus, 0.5, True
    return None, conf, False


def _governed_place(r: Resolving, head: Token, own_clause: bool) -> str | None:
    """The country of the place the sentence names, as the country "the government" of the
    sentence governs; none for a venue abroad ("talks in Geneva ... the government")."""
    country = sentence_place_country(r, head, own_clause=own_clause)
    return None if country and r.focus and country != r.focus else country


def unknown_organisation(r: Resolving, p: Phrase) -> Answer:
    """An organisation the knowledge base does not know: named, with the country the context gives."""
    head, ent = p.head, p.ent
    if ent is not None and ent.label_ == "ORG" and head.pos_ == "PROPN" and head.i == ent.root.i and p.is_name:
        return r.m.make(head, country=p.ctx_country, sector=p.ctx_sector, name=ent.text, code=None,
                        confidence=0.4, kind="org")
    return None


def unknown_person(r: Resolving, p: Phrase) -> Answer:
    """An unknown person: the country the context gives, no sector."""
    if p.ent is not None and p.ent.label_ == "PERSON" and p.is_name:
        return r.m.make(p.head, country=p.ctx_country, sector=p.ctx_sector, name=p.ent.text, confidence=0.5,
                        kind="person")
    return None


def people_of_country(r: Resolving, p: Phrase) -> Answer:
    """ "the Iraqi people", "the public in Kenya": a country's civilians; so are towns that act
    ("several Syrian towns surrendered": their people, not a place; one city that "hosted a
    summit" is its authorities, so only plural towns)."""
    head, lemma = p.head, p.head.lemma_.lower()
    if head.pos_ == "NOUN" and (lemma in ("people", "population", "public", "nation") or (
            lemma in _SETTLEMENTS and head.tag_ == "NNS" and head.dep_ == "nsubj")) and p.ctx_country:
        return r.m.make(head, country=p.ctx_country, sector="CVL", confidence=0.6, kind="group", plural=True)
    return None


def national_collective(r: Resolving, p: Phrase) -> Answer:
    """ "a Norwegian youth orchestra", "Syria's civil society groups": a civic body of people a
    nationality or a country's possessive places, whose noun names no role, is that country's
    civilians (CVL) rather than no actor; "groups in Kenya" (only there) stays unknown. So are
    people the text places only by where they come from ("a British man", "Saudi women", "a
    Kansas woman")."""
    head = p.head
    lemma = head.lemma_.lower()
    if head.pos_ == "NOUN" and (lemma in _CIVIC_COLLECTIVES or lemma in _ORIGIN_PERSONS) and p.ctx_country and \
            p.ctx_conf > 0.7:
        person = lemma in _ORIGIN_PERSONS and head.tag_ == "NN"
        return r.m.make(head, country=p.ctx_country, sector="CVL", confidence=0.5,
                        kind="person" if person else "group", plural=head.tag_ == "NNS")
    return None


def counted_people(r: Resolving, p: Phrase) -> Answer:
    """ "Elsheikh and Kotey ... the pair", "the two men", "both women": the people just named
    together, where nothing before it says who the count is."""
    return coref.counted_people(r, p.head, p.premods)


RESOLVERS: tuple[Callable[[Resolving, Phrase], Answer], ...] = (
    joint_reference,
    counted_people,
    named_person,
    named_organisation,
    ethnic_group,
    named_country,
    named_region,
    the_organisation,
    identity_group,
    the_country,
    named_perpetrator,
    kin_of_person,
    role_noun,
    defined_acronym,
    unknown_organisation,
    unknown_person,
    people_of_country,
    national_collective,
)
