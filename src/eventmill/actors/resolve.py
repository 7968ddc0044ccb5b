"""Resolve the noun phrase at a token to an actor: country, sector, code, knowledge-base id.

Context first: titles and role nouns ("Prime Minister X", "the foreign ministry"),
nationality adjectives ("Iraqi forces"), possessives ("Kenya's army"), "of"/"in" phrases
("the government of Iraq", "rebels in the Ivory Coast"), appositions. Then the knowledge
base: organisations and armed groups, metonyms ("the Kremlin"), office-holders as of the
document date, checked against the context (a KB person whose country contradicts the
context is not taken). Then in-document coreference: pronouns, surnames, bare titles
("the minister"), and joint references ("the two sides").

One :class:`DocumentActors` per document keeps the mentions in order, for coreference.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from eventmill.actors import people
from eventmill.actors.kb import TITLE_ROLES, Entry, KnowledgeBase
from eventmill.actors.names import fold, name_key
from eventmill.records import Actor, Document

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Dependency labels that build a noun phrase to the left of its head.
_PREMOD = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "predet", "case", "punct", "npadvmod", "advmod"}
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
_THING_PRONOUNS = frozenset({"it", "its"})
_JOINT_NOUNS = frozenset(
    {
        "side",
        "country",
        "nation",
        "government",
        "delegation",
        "party",
        "leader",
        "neighbour",
        "neighbor",
        "state",
        "capital",
        "ally",
        "rival",
        "president",
        "minister",
    }
)
_STATE_NOUNS = frozenset({"country", "nation", "state", "side", "neighbour", "neighbor", "capital", "ally", "rival"})
_FIGHTER_HEADS = frozenset({"fighter", "force", "militia", "gunman", "man", "unit", "group", "troop", "soldier",
                            "element", "cell", "commander"})
_COLLECTIVE_HEADS = frozenset({"group", "movement", "faction", "organization", "organisation", "camp", "coalition",
                               "alliance", "bloc", "network", "wing", "elements", "element", "unit", "cell"})
_ORG_NOUNS = frozenset({"group", "organization", "organisation", "body", "agency", "movement", "alliance", "bloc",
                        "union", "association", "militia", "network", "faction", "party", "mission", "force"})
_STATE_OF = frozenset({"emergency", "siege", "war", "alert", "affairs", "play", "mind", "disrepair", "readiness",
                       "exception", "insurrection", "calamity", "disaster", "mourning", "union"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around"})
# Kinds of mention that stand for a whole country, named after it.
_COUNTRY_KINDS = frozenset({"state", "metonym", "host", "owner"})
# Sectors tied to a country's politics, not to where a sentence puts them.
_POLITICAL = frozenset({"GOV", "OPP", "PTY", "LEG", "JUD", "ELI"})
# Words of office titles, never part of a person's name ("Vice-President Biden").
_TITLE_WORDS = frozenset(w for t in TITLE_ROLES for w in t.replace("-", " ").split()) | {
    "vice", "deputy", "acting", "interim", "former", "general", "gen", "lt", "col", "colonel", "major", "captain",
    "admiral", "sheikh", "prince", "king", "queen", "president", "minister", "senator", "governor", "mayor"}
# Attacks whose "on X" names the place struck.
_STRUCK_HEADS = frozenset({"attack", "airstrike", "strike", "raid", "bombing", "shelling", "assault", "offensive",
                           "bombardment", "missile", "rocket", "drone", "fire", "crackdown", "incursion"})
# Sectors of people who are usually where they act (police, protesters, rebels): without a
# nationality they take the country of the place the sentence names. Officials, soldiers
# and diplomats travel, so they do not.
_LOCAL = frozenset({"COP", "CVL", "REB", "INS", "UAF", "PRM", "AGR", "LAB", "EDU", "HLH", "REL", "CRM",
                    "OPP", "PTY", "BUS"})
# Domestic sectors default to the story's country when nothing else names one.
_DOMESTIC = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "OPP",
        "PTY",
        "CVL",
        "AGR",
        "LAB",
        "EDU",
        "HLH",
        "MED",
        "BUS",
        "REL",
        "REB",
        "INS",
        "UAF",
        "PRM",
        "SPY",
        "CRM",
        "REF",
        "ELI",
    }
)
# Heads that only count members of what follows: "thousands of students", "members of parliament".
_QUANTIFIERS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "score", "scores",
                          "million", "millions", "member", "members", "some", "many", "most", "all", "several",
                          "group", "number", "couple", "few", "part", "half", "majority", "minority", "handful",
                          "tens", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                          "each", "both", "none", "any", "band", "crowd", "delegation", "contingent", "unit",
                          "batch", "wave", "team", "head", "leader", "leaders", "chief", "representative",
                          "representatives", "spokesman", "spokeswoman", "spokesperson", "official", "officials",
                          "employee", "employees", "staff", "staffer"})
# Of these, the ones whose "of" object says who they speak for ("a spokesman for the army").
_SPEAKS_FOR = frozenset({"head", "leader", "leaders", "chief", "representative", "representatives", "spokesman",
                         "spokeswoman", "spokesperson", "official", "officials", "delegation", "member", "members",
                         "employee", "employees", "staff", "staffer"})
# Modifiers that say a group is not one country's ("international coalition forces").
_MULTINATIONAL = frozenset({"coalition", "international", "multinational", "multi national", "allied", "joint"})
# Modifiers that say a group is from somewhere other than the story's country.
_FOREIGN = frozenset({"foreign", "western", "overseas", "outside", "regional", "global", "exiled"})
_NOT_ACTORS = frozenset(
    {
        "DATE",
        "TIME",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "ORDINAL",
        "CARDINAL",
        "LAW",
        "LANGUAGE",
        "WORK_OF_ART",
        "EVENT",
        "PRODUCT",
    }
)


@dataclass
class Resolved:
    """An actor mention with what the resolver knows about it."""

    actor: Actor
    confidence: float
    kind: str  # person | group | state | org | generic
    plural: bool = False
    head: int = -1  # token index of the mention's head in the spaCy doc
    title: str = ""  # folded title/role term ("prime minister")
    members: list[Resolved] = field(default_factory=list)  # for joint references
    guessed: bool = False  # the country is the story's focus, not anything said about this mention

    @property
    def resolved(self) -> bool:
        return bool(self.actor.country or self.actor.code)


def _under_locative(tok: Token) -> bool:
    """Is this place phrase what "in"/"at"/"near" introduces ("in the West Bank city of Hebron")?"""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE_PREPS:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "on" and t.head.head.pos_ in ("NOUN", "VERB") and (
                t.head.head.lemma_.lower() in _STRUCK_HEADS):
            return True  # "an airstrike on Gaza City killed five people": where the victims were
        if t.dep_ not in ("compound", "pobj", "prep", "appos") or t.head.i == t.i:
            return False
        t = t.head
    return False


# Predicates of a dummy "it" ("it was right to help", "it is unclear whether"); "willing",
# "ready", "able" take a real subject ("it is willing to withdraw").
_EXPLETIVE_PREDICATES = frozenset(
    "right wrong possible impossible important clear unclear necessary likely unlikely difficult hard easy safe "
    "dangerous known unknown true false vital essential crucial time good bad better best worth enough certain "
    "obvious evident apparent doubtful reported believed feared expected said thought understood rare common "
    "normal strange surprising unacceptable acceptable legal illegal fair unfair wise unwise premature late early "
    "urgent critical imperative appropriate inappropriate possible".split()
)


def _expletive(tok: Token) -> bool:
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


# Sectors that are actors in their own right without a country (CAMEO's international codes).
_STATELESS_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


def make_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: country + sector ("IRQGOV"). Without a country, only the
    international sectors make a code; "GOV" alone would hide that we do not know whose."""
    if not country:
        return sector if sector in _STATELESS_CODES else None
    return f"{country}{sector or ''}"


class DocumentActors:
    """Actor resolution for one document, with the mention history used for coreference."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        assert doc.spacy is not None
        self.doc = doc
        self.sdoc = doc.spacy
        self.kb = kb
        self.day: date | None = doc.pub_date
        self.cache: dict[int, Resolved | None] = {}
        self.history: list[Resolved] = []
        self._busy: set[int] = set()  # tokens being resolved (guards against cycles)
        self._sentence_starts = [sent.start for sent in self.sdoc.sents]
        self._ent_at: dict[int, Span] = {}
        for ent in self.sdoc.ents:
            for t in ent:
                self._ent_at[t.i] = ent
        self.focus = self._focus_country()

    # ------------------------------------------------------------------ helpers

    def offsets(self, start_char: int, end_char: int) -> tuple[int, int]:
        norm = self.doc.norm
        return norm.to_original(start_char, end_char) if norm else (start_char, end_char)

    def ent(self, tok: Token) -> Span | None:
        return self._ent_at.get(tok.i)

    def _focus_country(self) -> str | None:
        """The country a story is about: the most named one, early mentions weighing more."""
        counts: Counter[str] = Counter()
        self.focus_mentions: list[int] = []  # token indices of the focus country's mentions
        where: dict[str, list[int]] = {}
        for sent_i, sent in enumerate(self.sdoc.sents):
            weight = 3 if sent_i == 0 else (2 if sent_i < 3 else 1)
            for ent in sent.ents:
                iso = None
                if ent.label_ == "GPE":
                    iso = self.kb.country(ent.text) or (self.kb.metonym(ent.text) or (None, None))[0]
                elif ent.label_ == "NORP":
                    iso = self.kb.adjective(ent.text)
                if iso:
                    counts[iso] += weight
                    where.setdefault(iso, []).append(ent.root.i)
        if not counts:
            return None
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        # only a story that is clearly about one country lends it to unplaced actors
        if n >= 0.5 * total:
            self.focus_mentions = where[top]
            return top
        return None

    def _country_of_token(self, tok: Token) -> tuple[str | None, str | None]:
        """(country, sector) a single modifier token names: "Iraqi", "US", "Kenya's", "Kremlin"."""
        ent = self.ent(tok)
        text = ent.text if ent is not None and ent.label_ in ("GPE", "NORP", "FAC", "ORG", "LOC") else tok.text
        for candidate in (text, tok.text):
            iso = self.kb.country(candidate)
            if iso:
                return iso, None
            iso = self.kb.adjective(candidate)
            if iso:
                return iso, None
        met = self.kb.metonym(text)
        if met and (ent is None or ent.label_ != "PERSON"):
            return met
        return None, None

    def np_premods(self, head: Token) -> list[Token]:
        """Tokens left of the head that belong to its noun phrase (compounds, adjectives, possessors)."""
        out: list[Token] = []
        stack = [c for c in head.lefts if c.dep_ in _PREMOD]
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(c for c in t.children if c.i < head.i)
        return sorted(out, key=lambda t: t.i)

    def np_span(self, head: Token) -> tuple[int, int]:
        """Character span (normalized text) of the noun phrase without relative clauses."""
        toks = [*self.np_premods(head), head]
        ent = self.ent(head)
        if ent is not None:
            toks += list(ent)
        toks = [t for t in toks if not (t.dep_ == "det" and t.i == min(x.i for x in toks) and t.lower_ in ("the",))]
        if not toks:
            toks = [head]
        first = min(toks, key=lambda t: t.i)
        last = max(toks, key=lambda t: t.i)
        if last.dep_ == "case":  # "Kenya 's" -> drop a trailing possessive
            last = self.sdoc[max(first.i, last.i - 1)]
        return first.idx, last.idx + len(last.text)

    def _title(self, tokens: list[Token]) -> tuple[str, str | None]:
        """The longest role term among these tokens (lemma or text): (term, sector)."""
        words_text = [t.lower_ for t in tokens]
        words_lemma = [t.lemma_.lower() for t in tokens]
        n = len(tokens)
        best: tuple[str, str | None] = ("", None)
        for size in range(min(n, self.kb.max_term_words), 0, -1):
            for i in range(n - size, -1, -1):
                for words in (words_text, words_lemma):
                    term = fold(" ".join(words[i : i + size]))
                    sector = self.kb.sectors.get(term)
                    if sector:
                        return term, sector
        return best

    def _title_at_head(self, tokens: list[Token]) -> tuple[str, str | None]:
        """The longest role term that ends with the head (the last token); for a generic
        collective head ("groups", "movement"), the role its modifier names ("opposition groups")."""
        words_text = [t.lower_ for t in tokens]
        words_lemma = [t.lemma_.lower() for t in tokens]
        n = len(tokens)
        if n >= 2 and words_lemma[-1] in _FIGHTER_HEADS:  # "jihadist fighters", "rebel forces"
            for w in reversed(words_text[:-1]):
                sector = self.kb.sectors.get(fold(w))
                if sector in ("INS", "REB", "PRM", "CRM"):
                    return fold(w), sector
        for size in range(min(n, self.kb.max_term_words), 0, -1):
            for words in (words_text, words_lemma):
                term = fold(" ".join(words[n - size :]))
                sector = self.kb.sectors.get(term)
                if sector:
                    return term, sector
        if n >= 2 and words_lemma[-1] in _COLLECTIVE_HEADS:
            for w in reversed(words_lemma[:-1]):
                sector = self.kb.sectors.get(fold(w))
                if sector and self.kb.sector_kinds.get(fold(w)) in ("group", "body", "person"):
                    return fold(w), sector
        return "", None

    # ------------------------------------------------------------------ resolution

    def resolve(self, tok: Token) -> Resolved | None:
        """The actor at this token (the head of a noun phrase), or None if it is not an actor."""
        if tok.i in self._busy:
            return None  # a phrase that (through a pronoun or possessor) points at itself
        self._busy.add(tok.i)
        try:
            head = self._np_head(tok)
            if head.i in self.cache:
                return self.cache[head.i]
            if head.i in self._busy and head.i != tok.i:
                return None
            self._busy.add(head.i)
            res = self._resolve(head)
        finally:
            self._busy.discard(tok.i)
        self._busy.discard(head.i)
        self.cache[head.i] = res
        if res is not None:
            res.head = head.i
            self.history.append(res)
        return res

    def resolve_all(self, tok: Token) -> list[Resolved]:
        """Like :meth:`resolve`, expanding coordination ("Iraq and the US") and joint
        references ("the two sides") into their members."""
        out: list[Resolved] = []
        first = self.resolve(tok)
        if first is not None:
            out.extend(first.members or [first])
            out.extend(self._coordinated_nationalities(tok, first))
        others = [c for c in tok.conjuncts if c.i > tok.i]
        for ap in (c for c in tok.children if c.dep_ == "appos"):
            # "Saudi Arabia, the UAE, Bahrain and Egypt": a list the parser hung on an apposition
            ap_res = self.resolve(ap)
            if first is not None and ap_res is not None and ap_res.kind in ("state", "org", "metonym") and \
                    first.kind in ("state", "org", "metonym") and ap_res.actor.code != first.actor.code:
                others += [ap, *(c for c in ap.conjuncts if c.i > ap.i)]
        for conj in others:
            if conj.pos_ in ("PROPN", "NOUN", "PRON"):
                r = self.resolve(conj)
                if r is not None:
                    out.extend(r.members or [r])
        seen: set[tuple[str | None, str | None, str]] = set()
        unique = []
        for r in out:
            key = (r.actor.code, r.actor.name, r.actor.entity_text)
            if key not in seen:
                seen.add(key)
                unique.append(r)
        return unique

    def _coordinated_nationalities(self, tok: Token, first: Resolved) -> list[Resolved]:
        """"French and Egyptian warships": one actor per nationality."""
        if first.members or not first.actor.country:
            return []
        out = []
        for t in self.np_premods(tok):
            if t.dep_ not in ("amod", "compound") or self._country_of_token(t)[0] != first.actor.country:
                continue
            for conj in t.conjuncts:
                iso, _ = self._country_of_token(conj)
                if iso and iso != first.actor.country:
                    code = make_code(iso, first.actor.sector)
                    out.append(replace(first, actor=replace(first.actor, country=iso, code=code,
                                                            name=self.kb.country_name(iso))))
        return out

    def _np_head(self, tok: Token) -> Token:
        """Move from a modifier inside a name to the name's head ("Joe" -> "Biden"), and
        from a quantity to what it counts ("thousands of students" -> "students")."""
        if tok.lemma_.lower() in _QUANTIFIERS or tok.lower_ in _QUANTIFIERS or tok.like_num:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "for"):
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                        if tok.lower_ in _SPEAKS_FOR or tok.lemma_.lower() in _SPEAKS_FOR:
                            # "a spokesman for the army", "leaders of the rebels": who they speak for,
                            # when that is an actor with a sector; else the role itself
                            target = self.resolve(pobj)
                            if target is None or not (target.actor.sector or target.kind == "org"):
                                break
                        return self._np_head(pobj)
        if tok.lower_ in _SPEAKS_FOR or tok.lemma_.lower() in _SPEAKS_FOR:
            poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if poss is not None:  # "the group's leader", "Hamas's spokesman": who they speak for
                target = self.resolve(poss)
                if target is not None and target.kind == "org":
                    return poss
        ent = self.ent(tok)
        if ent is not None and tok.dep_ == "compound" and ent.root.i != tok.i and ent.root.i in [t.i for t in ent]:
            return ent.root
        return tok

    def _make(
        self,
        head: Token,
        *,
        country: str | None,
        sector: str | None,
        name: str | None = None,
        code: str | None = None,
        kb_id: str | None = None,
        kb_source: str | None = None,
        confidence: float,
        kind: str,
        plural: bool = False,
        title: str = "",
    ) -> Resolved:
        s, e = self.np_span(head)
        start, end = self.offsets(s, e)
        if name is None and kind in _COUNTRY_KINDS:
            name = self.kb.country_name(country)  # a state, a capital for its government, a host, an owner
        actor = Actor(
            entity_text=self.sdoc.text[s:e],
            name=name,
            country=country,
            sector=sector,
            code=code if code is not None else make_code(country, sector),
            kb_id=kb_id,
            kb_source=kb_source,
            start=start,
            end=end,
        )
        return Resolved(actor, confidence, kind, plural, head.i, title)

    def _resolve(self, head: Token) -> Resolved | None:
        if head.pos_ == "PRON":
            return self._pronoun(head)
        if head.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "X") and not (head.text.isupper() and len(head.text) >= 2):
            return None  # (an acronym is a name whatever the tagger says: "USAID announced")
        ent = self.ent(head)
        if ent is not None and ent.label_ in _NOT_ACTORS:
            return None
        if head.lemma_.lower() == "state" and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in _STATE_OF for p in c.children)
                for c in head.children):
            return None  # "a state of emergency" is not the state
        premods = self.np_premods(head)
        # --- context from modifiers and attached phrases
        ctx_country, ctx_sector, ctx_conf = self._context_country(head, premods)
        title_tokens = [t for t in premods if getattr(self.ent(t), "label_", "") != "PERSON"] + [head]
        title, title_sector = self._title(title_tokens)  # for names: "Prime Minister X"
        office_title = title in TITLE_ROLES and head.pos_ == "PROPN" and not self.kb.sectors.get(fold(head.text))
        if (head.pos_ != "PROPN" or (ent is not None and ent.label_ != "PERSON")) and not office_title:
            # a common noun is an actor only if it is itself the role ("the foreign ministry"),
            # not if a role merely modifies it ("a Security Council meeting"); "President
            # Mitterand" tagged as an organisation is still a president
            title, title_sector = self._title_at_head(title_tokens)
        org = self._organization(head, premods)
        if org is not None and ctx_country and org[0].sector in ("IGO", "NGO") and org[1].i == head.i and \
                self.kb.sectors.get(fold(" ".join(t.text for t in [*premods, head] if (
                    t.i == head.i or t.dep_ in ("compound", "amod", "nmod")) and not self._country_of_token(t)[0]))):
            org = None  # "Russia's Security Council" is Russia's, not the UN's
        joint = self._joint(head, premods)
        if joint is not None:
            return joint

        # --- a person (a name, possibly with a title)
        is_name = (head.pos_ == "PROPN" and (ent is None or ent.label_ in ("PERSON", "ORG", "NORP", "GPE"))) or \
            self._capitalised_name(head, ent)
        name_text = ent.text if ent is not None else head.text
        if is_name and (self.kb.country(name_text) or self.kb.metonym(name_text)) and not title_sector:
            is_name = False  # "Benin" tagged as a person is still the country
        person = None
        if is_name and org is None:
            affiliation = self._appositive_org(head)
            if affiliation is not None:
                # "Federica Mogherini, the EU external affairs chief": she acts for the EU
                name = ent.text if ent is not None else head.text
                s, e = self.np_span(head)
                start, end = self.offsets(s, e)
                return replace(affiliation, kind="person", head=head.i,
                               actor=replace(affiliation.actor, name=name, entity_text=self.sdoc.text[s:e],
                                             start=start, end=end))
            person = self._person(head, premods, title, ctx_country)
        if person is not None:
            return person

        # --- an organisation or armed group named in the phrase
        if org is not None:
            entry, org_tok = org
            # an international body keeps no country, whatever possessive is around it
            country = entry.country or (None if entry.sector in ("IGO", "NGO") else ctx_country)
            sector = entry.sector
            if org_tok.i != head.i and title_sector and title_sector not in ("GOV",) and entry.sector in ("IGO", "NGO"):
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
            return self._make(head, country=country, sector=sector, name=person_name or entry.name,
                              code=code, kb_id=None if person_of_org else entry.kb_id, kb_source=entry.kb_source,
                              confidence=0.9, kind=kind, plural=plural)

        # --- a country, a capital or seat standing for its government
        if (ent is not None and ent.label_ in ("GPE", "FAC", "ORG", "LOC", "NORP")) or head.pos_ == "PROPN":
            text = ent.text if ent is not None else head.text
            iso = self.kb.country(text)
            if iso and not title_sector:
                return self._make(
                    head,
                    country=iso,
                    sector=None,
                    code=iso,
                    kb_source=self.kb.name_sources.get(fold(text)),  # an imported dictionary's name
                    confidence=0.95,
                    kind="state",
                )
            met = self.kb.metonym(text)
            if met and not title_sector and self._acts_as_agent(head):
                iso, sector = met
                return self._make(
                    head, country=iso, sector=sector, confidence=0.85, kind="metonym"
                )
            adj = self.kb.adjective(text)
            if (
                adj
                and (head.tag_ in ("NNPS", "NNS") or (ent is not None and ent.label_ == "NORP"))
                and not title_sector
            ):
                # "Palestinians", "the Iraqis": the people of a country
                return self._make(
                    head,
                    country=adj,
                    sector=None,
                    name=self.kb.country_name(adj),
                    confidence=0.75,
                    kind="group",
                    plural=True,
                )

        # --- "the group", "the organisation", "the movement": the organisation named just before
        if head.lemma_.lower() in _ORG_NOUNS and not ctx_country and org is None and any(
                c.lower_ in ("the", "this") for c in head.lefts):
            for res in reversed(self.history):
                if res.head >= head.i:
                    continue
                if self._sentences_between(res.head, head.i) > 2:
                    break
                if res.kind == "org" and not res.members:
                    return replace(res, head=head.i, confidence=min(0.7, res.confidence),
                                   actor=self._copy_actor(res.actor, head))
        # --- an identity group named as such: "Iraqi Kurds", "Sunnis in Baghdad"
        if fold(head.text) in self.kb.identity and head.tag_ in ("NNS", "NNPS", "NNP"):
            country = ctx_country or self.kb.identity_home.get(fold(head.text))
            if country:
                return self._make(head, country=country, sector=None, name=None, code=country, confidence=0.6,
                                  kind="group", plural=True)
            return None
        # --- "the country", "this nation": the country being talked about
        if (
            head.lemma_.lower() in ("country", "nation")
            and head.tag_ == "NN"
            and not ctx_country
            and any(c.lower_ in ("the", "this") for c in head.lefts)
        ):
            for res in reversed(self.history):
                if res.head < head.i and res.kind == "state" and res.actor.country and not res.members:
                    return self._make(
                        head,
                        country=res.actor.country,
                        sector=None,
                        name=res.actor.name,
                        code=res.actor.country,
                        confidence=0.65,
                        kind="state",
                    )
            if self.focus:
                return self._make(
                    head,
                    country=self.focus,
                    sector=None,
                    code=self.focus,
                    confidence=0.55,
                    kind="state",
                )
        if ctx_country and head.lemma_.lower() in ("country", "nation") and head.tag_ == "NN":
            return self._make(
                head,
                country=ctx_country,
                sector=None,
                code=ctx_country,
                confidence=0.8,
                kind="state",
            )
        # --- a role noun: sector from the noun, country from the context
        if title_sector:
            kind = self.kb.sector_kinds.get(title, "generic")
            country = ctx_country
            conf = 0.85 if country else 0.55
            words = {fold(t.text) for t in premods} | {fold(head.text)}
            owner = self._possessor_org(premods)
            if owner is not None and kind in ("group", "person", "generic") and not ctx_country:
                return owner  # "its fighters" after "Isis": the group's own fighters
            multinational = bool(words & _MULTINATIONAL)
            identities = words & self.kb.identity
            unplaced = multinational or bool(identities | (words & _FOREIGN)) or "ethnic" in words
            origin_words = (identities - self.kb.political_identity) | (words & _FOREIGN)
            there_not_from_there = ctx_conf == 0.7 and bool(multinational or origin_words or "ethnic" in words)
            if there_not_from_there:
                # "international forces in Iraq", "foreign fighters in Syria": there, not from there
                country = ctx_country = None
            homes = {self.kb.identity_home[w] for w in identities if w in self.kb.identity_home}
            home = homes.pop() if len(homes) == 1 and not (words & _FOREIGN) else None
            if not country and home:
                country, conf = home, 0.6  # "Yoruba leaders", "Druze inhabitants" of one country
            if multinational and not ctx_country and title_sector in ("MIL", "GOV", "COP"):
                coalition = "international coalition" if "coalition" in words else None
                # a multinational force: an international actor of that sector (IGOMIL), not a country
                return self._make(head, country=None, sector=title_sector, name=coalition, code=f"IGO{title_sector}",
                                  confidence=0.6, kind="group", plural=head.tag_ in ("NNS", "NNPS"), title=title)
            if not country and title_sector == "GOV" and not unplaced and any(
                    c.lower_ == "the" for c in head.lefts):
                # "lawmakers in Nairobi accused the government": the government of where it happens
                country = self._sentence_place_country(head)
                if country and self.focus and country != self.focus:
                    country = None  # "talks in Geneva ... the government": a venue, not whose government
                conf = 0.6
            if not country:
                antecedent = self._definite_antecedent(head, title)
                if antecedent is None and not unplaced:
                    antecedent = self._recent_same_sector(head, title_sector)
                if antecedent is not None:
                    return replace(antecedent, head=head.i, confidence=min(0.7, antecedent.confidence),
                                   actor=self._copy_actor(antecedent.actor, head), members=list(antecedent.members))
                place_country = self._sentence_place_country(head) if title_sector in _LOCAL else None
                if place_country and self.focus and place_country != self.focus and title_sector in _POLITICAL:
                    place_country = None  # a party or opposition abroad (talks in Geneva) is still the story's
                guessed = False
                if place_country:
                    country, conf = place_country, 0.6
                elif title_sector in _DOMESTIC and self.focus and kind != "person" and not unplaced:
                    country, conf, guessed = self.focus, 0.5, True
            else:
                guessed = False
            plural = head.tag_ in ("NNS", "NNPS")
            made = self._make(head, country=country, sector=title_sector, confidence=min(conf, ctx_conf or conf),
                              kind="person" if kind == "person" and not plural else (
                                  "group" if kind in ("group", "person") else "generic"),
                              plural=plural, title=title)
            made.guessed = guessed
            return made
        if ent is not None and ent.label_ == "ORG" and head.pos_ == "PROPN" and head.i == ent.root.i:
            # an organisation the knowledge base does not know: named, with the country the context gives
            return self._make(head, country=ctx_country, sector=ctx_sector, name=ent.text, code=None,
                              confidence=0.4, kind="org")
        if is_name and ent is not None and ent.label_ == "PERSON":
            # an unknown person: the country the context gives, no sector
            return self._make(
                head, country=ctx_country, sector=ctx_sector, name=ent.text, confidence=0.5, kind="person"
            )
        if ctx_country and head.pos_ == "NOUN" and head.lemma_.lower() in ("people", "population", "public", "nation"):
            return self._make(head, country=ctx_country, sector="CVL", confidence=0.6, kind="group", plural=True)
        return None

    def _capitalised_name(self, tok: Token, ent: Span | None) -> bool:
        """A word spaCy tagged as a common noun that is still a name: inside a name entity
        ("Zelenskyy" said, "Moon Jae-in" said), or capitalised and listed as an office-holder's
        name ("Raisi said", "Pezeshkian", tagged as an adjective, said)."""
        first = ent[0] if ent is not None else tok
        nominal = tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"))
        if not nominal or not (first.text[:1].isupper() and first.text[1:2].islower()):
            return False
        if ent is not None:
            return ent.label_ in ("PERSON", "ORG")
        return not self.kb.sectors.get(fold(tok.text)) and bool(self.kb.person_terms(tok.text))

    def _copy_actor(self, actor: Actor, head: Token) -> Actor:
        s, e = self.np_span(head)
        start, end = self.offsets(s, e)
        return replace(actor, entity_text=self.sdoc.text[s:e], start=start, end=end)

    def _acts_as_agent(self, head: Token) -> bool:
        """A capital stands for its government as an agent or addressee ("Baghdad said",
        "talks with Washington"), not as a place ("in Baghdad")."""
        if head.dep_ in ("nsubj", "nsubjpass", "dobj", "iobj", "dative", "appos", "conj", "agent", "ROOT", "poss"):
            return True
        if head.dep_ == "pobj":
            return head.head.lower_ in ("with", "between", "against", "by", "to", "from", "on", "toward", "towards")
        return False

    # ------------------------------------------------------------------ pieces

    def _context_country(self, head: Token, premods: list[Token]) -> tuple[str | None, str | None, float]:
        """A country (and maybe sector) named around the head: modifiers, possessors,
        "of X" / "in X" / "from X" phrases, appositions. A nationality written out beats one
        inferred from a possessive pronoun ("his Ethiopian counterpart")."""
        pronoun_country: str | None = None
        for t in premods:
            ent = self.ent(t)
            if ent is not None and ent.label_ == "PERSON":
                if t.dep_ in ("compound", "nmod", "poss") and t.i == ent.root.i and head.pos_ != "PROPN":
                    res = self.resolve(t)  # "the Trump administration", "Erdogan's government"
                    if res is not None and res.actor.country and res.kind == "person":
                        return res.actor.country, None, 0.85
                continue
            if t.dep_ == "poss" and t.pos_ == "PRON":
                if head.lemma_.lower() not in ("counterpart", "rival", "opponent", "enemy", "adversary"):
                    ante = self._pronoun(t)  # "his counterpart" is someone else's
                    if ante is not None and ante.actor.country:
                        pronoun_country = pronoun_country or ante.actor.country
                continue
            iso, sector = self._country_of_token(t)
            if iso:
                return iso, sector, 0.9
            if t.dep_ == "poss":
                res = self.resolve(t)
                if res is not None and res.actor.country:
                    return res.actor.country, None, 0.85
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "for"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    iso, sector = self._country_of_token(pobj)
                    if not iso:
                        ent = self.ent(pobj)
                        if ent is not None and ent.label_ == "GPE":
                            iso = self._city_country(ent.text)
                    if iso:
                        # "forces in Iraq" says where they are (0.7); "forces of Iraq" whose (0.85)
                        return iso, sector, (0.7 if child.lower_ == "in" else 0.85)
                    if child.lower_ == "of":
                        res = self.resolve(pobj)
                        if res is not None and res.actor.country:
                            return res.actor.country, res.actor.sector, 0.8
            if child.dep_ == "appos":
                res = self.resolve(child)
                if res is not None and res.actor.country:
                    return res.actor.country, res.actor.sector, 0.85
        if pronoun_country:
            return pronoun_country, None, 0.75
        return None, None, 0.0

    def _sentence_place_country(self, head: Token) -> str | None:
        """The country of the place a sentence says things happen in ("in Tel Aviv")."""
        best: tuple[int, str] | None = None
        for ent in head.sent.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            root = ent.root
            if not _under_locative(root):
                continue
            iso = self.kb.country(ent.text) or (self.kb.metonym(ent.text) or (None, None))[0] or self._city_country(
                ent.text, min_population=0)
            if iso:
                dist = abs(root.i - head.i)
                if best is None or dist < best[0]:
                    best = (dist, iso)
        return best[1] if best else None

    def _city_country(self, text: str, min_population: int = 100_000) -> str | None:
        from eventmill.place.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        hit = gaz.lookup(text)
        if hit is not None and hit.precision in ("landmark", "admin1"):
            return hit.country
        hit = gaz.best_city(text)
        return hit.country if hit is not None and hit.population >= min_population else None

    def _organization(self, head: Token, premods: list[Token]) -> tuple[Entry, Token] | None:
        """An organisation or armed group named by the head's entity, the head, or a modifier."""
        candidates: list[tuple[str, Token]] = []
        ent = self.ent(head)
        if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "PERSON", "FAC"):
            candidates.append((ent.text, head))
        # a person's name is not searched word by word ("Kim Jong Un" does not contain the UN)
        person = ent if ent is not None and ent.label_ == "PERSON" else None
        phrase = [t for t in premods if t.dep_ in ("compound", "amod", "nmod")] + [head]
        if len(phrase) > 1 and person is None:
            candidates.append((" ".join(t.text for t in phrase), head))
            if len(phrase) > 2:  # "Islamic State fighters": the group named by the modifiers together
                candidates.append((" ".join(t.text for t in phrase[:-1]), phrase[-2]))
        if person is None:
            candidates.append((head.text, head))
        for t in premods:
            e = self.ent(t)
            if person is not None and person.start <= t.i < person.end:
                continue
            if t.dep_ in ("compound", "amod", "nmod", "poss"):
                candidates.append((e.text if e is not None else t.text, t))
        for text, tok in candidates:
            entry = self.kb.organization(text, self.day)
            if entry is not None:
                return entry, tok
        return None

    def _person(self, head: Token, premods: list[Token], title: str, ctx_country: str | None) -> Resolved | None:
        ent = self.ent(head)
        tokens = list(ent) if ent is not None else [*premods, head]
        if ent is not None and ent.label_ == "PERSON":
            # "Imran Khan" with only "Khan" tagged: the given names just before belong to the name
            before = [t for t in premods if t.i < ent.start and t.pos_ == "PROPN" and t.dep_ == "compound"
                      and not self.ent(t) and t.is_alpha and not self.kb.sectors.get(fold(t.text))
                      and fold(t.text) not in _TITLE_WORDS]
            while before and before[-1].i == (tokens[0].i - 1):
                tokens.insert(0, before.pop())
        in_person = ent is not None and ent.label_ == "PERSON"
        name_tokens = [
            t
            for t in tokens
            # spaCy sometimes tags a name's parts as nouns ("Moon Jae-in", "Zelenskyy"): in a person
            # entity every word is the name's
            if (t.pos_ == "PROPN" or (in_person and not t.is_punct and t.tag_ != "POS")
                or (t.i == head.i and self._capitalised_name(t, ent)))
            and not self.kb.sectors.get(fold(t.text)) and (t.dep_ != "poss" or t.i == head.i)
        ]
        title_words = set(title.split()) if title else set()
        name_tokens = [t for t in name_tokens if fold(t.text) not in title_words
                       and not self.kb.country(t.text) and not self.kb.adjective(t.text)]
        if ent is not None and ent.label_ == "PERSON":
            # titles are sometimes inside the entity ("President Joe Biden")
            name_tokens = [
                t for t in name_tokens if fold(t.text) not in TITLE_ROLES and fold(t.text) not in self.kb.sectors
            ]
        if not name_tokens:
            return None
        full = self.sdoc[name_tokens[0].i : name_tokens[-1].i + 1].text
        is_person_ent = ent is not None and ent.label_ == "PERSON"
        # near spellings and transliteration variants only with a title or a country to check them
        found = people.match(self.kb, full, self.day, title=title, country=ctx_country,
                             fuzzy=title in TITLE_ROLES or ctx_country is not None)
        if found is None and not people.candidates(self.kb, full, fuzzy=False)[0]:
            antecedent = self._surname_antecedent(name_tokens[-1].text, head)
            if antecedent is not None:
                return replace(antecedent, head=head.i, actor=self._copy_actor(antecedent.actor, head))
        if found is None:
            if not (is_person_ent or title):
                return None
            sector = self.kb.sectors.get(title) if title else None
            country = ctx_country
            if sector and not country and self.focus and title not in TITLE_ROLES:
                country = self.focus
            return self._make(head, country=country, sector=sector, name=full,
                              confidence=0.7 if country else 0.5, kind="person", title=title)
        entry = found.entry
        sector = found.sector if found.sector or found.current else (self.kb.sectors.get(title) or None)
        return self._make(
            head,
            country=entry.country,
            sector=sector,
            name=entry.name,
            kb_id=entry.kb_id,
            kb_source=entry.kb_source,
            confidence=found.confidence,
            kind="person",
            title=title,
        )

    def _surname_antecedent(self, surname: str, head: Token) -> Resolved | None:
        key = name_key(surname)
        for res in reversed(self.history):
            if (
                res.kind == "person"
                and res.head < head.i
                and res.actor.name
                and name_key(res.actor.name).rsplit(" ", 1)[-1] == key
            ):
                return res
        return None

    def _appositive_org(self, head: Token) -> Resolved | None:
        """The organisation an apposition says a person speaks for ("X, the EU's foreign policy chief")."""
        for c in head.children:
            if c.dep_ != "appos":
                continue
            res = self.resolve(c)
            if res is not None and res.actor.sector in ("IGO", "NGO") and res.actor.code:
                return res
        return None

    def _possessor_org(self, premods: list[Token]) -> Resolved | None:
        """"its fighters", "their leaders": the organisation a possessive pronoun points to."""
        for t in premods:
            if t.dep_ == "poss" and t.pos_ == "PRON":
                ante = self._pronoun(t)
                if ante is not None and ante.kind == "org" and not ante.members:
                    return ante
        return None

    def _recent_same_sector(self, head: Token, sector: str) -> Resolved | None:
        """"the government", "the army" with no country: the last mention of that sector in this or
        the two previous sentences ("US officials said ... the administration wants ...")."""
        if not any(c.lower_ in ("the", "this", "that") for c in head.lefts) or sector not in ("GOV", "MIL", "COP"):
            return None
        sent_start = head.sent.start
        for res in reversed(self.history):
            if res.head >= head.i or res.members:
                continue
            if self.sdoc[res.head].sent.start < sent_start and self._sentences_between(res.head, head.i) > 2:
                break
            if res.actor.sector == sector and res.actor.country:
                return res
        return None

    def _sentences_between(self, a: int, b: int) -> int:
        starts = self._sentence_starts
        return sum(1 for s in starts if a < s <= b)

    def _definite_antecedent(self, head: Token, title: str) -> Resolved | None:
        """ "the minister", "the Iraqi Prime Minister": an earlier mention with the same title."""
        if not any(c.lower_ == "the" for c in head.lefts):
            return None
        for res in reversed(self.history):
            if res.head < head.i and res.title == title and res.resolved:
                return res
        return None

    def resolve_destination(self, tok: Token) -> list[Resolved]:
        """A place that stands for its host when someone travels there: "arrived in
        Baghdad", "a visit to the White House" (the host government)."""
        ent = self.ent(tok)
        text = ent.text if ent is not None else tok.text
        iso = self.kb.country(text)
        if iso:
            return [
                self._make(
                    tok,
                    country=iso,
                    sector=None,
                    code=iso,
                    confidence=0.8,
                    kind="host",
                )
            ]
        met = self.kb.metonym(text)
        if met:
            return [
                self._make(
                    tok,
                    country=met[0],
                    sector=met[1],
                    name=self.kb.countries[met[0]].name,
                    confidence=0.75,
                    kind="host",
                )
            ]
        if ent is not None and ent.label_ in ("GPE", "LOC"):
            iso = self._city_country(text)  # "delivered vaccines to Gaza": the people of a known place
            if iso:
                return [self._make(tok, country=iso, sector=None, name=None, code=iso, confidence=0.6, kind="host")]
        return []

    def _coordinated_subject(self, tok: Token) -> Resolved | None:
        """ "The Iraqi Prime Minister and the US President ... their meeting": a
        coordinated subject earlier in the sentence is what "they"/"their" points to."""
        for t in tok.sent:
            if t.i >= tok.i:
                break
            if t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in t.children):
                members = [m for m in self.resolve_all(t) if m.resolved]
                if len(members) >= 2:
                    s, e = self.offsets(tok.idx, tok.idx + len(tok))
                    return Resolved(
                        Actor(entity_text=tok.text, start=s, end=e),
                        0.7,
                        "group",
                        True,
                        tok.i,
                        members=[replace(m, head=tok.i) for m in members],
                    )
        return None

    def _pronoun(self, tok: Token) -> Resolved | None:
        """A pronoun's antecedent: the most salient compatible mention of the last three
        sentences (recent, and a subject rather than an object)."""
        low = tok.lower_
        if low == "it" and _expletive(tok):
            return None  # "it was right to help", "it is not known whether"
        if low in _GROUP_PRONOUNS:
            coord = self._coordinated_subject(tok)
            if coord is not None:
                return coord
        kinds: tuple[str, ...]
        if low in _PERSON_PRONOUNS:
            kinds = ("person",)
        elif low in _GROUP_PRONOUNS:
            kinds = ("group", "org", "state", "metonym")
        elif low in _THING_PRONOUNS:
            kinds = ("org", "state", "metonym")
        else:
            return None
        best: tuple[float, Resolved] | None = None
        for res in reversed(self.history):
            if res.head >= tok.i:
                continue
            distance = self._sentences_between(res.head, tok.i)
            if distance > 3:
                break
            if res.kind not in kinds or not (res.resolved or (res.kind in ("group", "person") and res.actor.sector)):
                continue
            if low in _THING_PRONOUNS and res.plural:
                continue
            antecedent = self.sdoc[res.head]
            score = -1.0 * distance - 0.002 * (tok.i - res.head)
            if antecedent.dep_ in ("nsubj", "nsubjpass"):
                score += 0.8
            if low in _THING_PRONOUNS and res.kind == "org":
                score += 0.3  # "it" is more often a group or body than a place in news
            if best is None or score > best[0]:
                best = (score, res)
        if best is None:
            return None
        res = best[1]
        out = replace(res, head=tok.i, confidence=min(0.75, res.confidence), members=list(res.members))
        if self.sdoc[res.head].sent.start == tok.sent.start and tok.dep_ != "poss":
            # "Lebanon says it will not accept ...": the name in the same sentence is the better
            # evidence span (the actor's offsets still point into the event's sentence)
            return out
        start, end = self.offsets(tok.idx, tok.idx + len(tok))
        out.actor = replace(res.actor, entity_text=tok.text, start=start, end=end)
        return out

    def _joint(self, head: Token, premods: list[Token]) -> Resolved | None:
        """ "the two countries", "both sides", "the governments of Iraq and the United States"."""
        lemma = head.lemma_.lower()
        if lemma not in _JOINT_NOUNS or head.tag_ not in ("NNS", "NNPS"):
            return None
        # "the governments of X and Y"
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobjs = [c for c in child.children if c.dep_ == "pobj"]
                if pobjs:
                    first = pobjs[0]
                    members = []
                    for t in [first, *first.conjuncts]:
                        iso, _ = self._country_of_token(t)
                        if iso:
                            sector = None if lemma in _STATE_NOUNS else self.kb.sectors.get(lemma)
                            members.append(self._member(t, iso, sector))
                    if len(members) >= 2:
                        return self._group_of(head, members)
        is_two = any(t.lower_ in ("two", "both") for t in premods) or any(c.lower_ == "both" for c in head.children)
        if not is_two:
            return None
        keep_sector = lemma not in _STATE_NOUNS or lemma == "side"
        for res in reversed(self.history):  # the last coordinated mention: "the governments of X and Y"
            if keep_sector and res.members and not any(m.actor.sector for m in res.members):
                continue  # "the two sides": the last mention that names who (governments, leaders)
            if res.head < head.i and len(res.members) >= 2:
                members = [
                    self._make(
                        head,
                        country=m.actor.country,
                        sector=m.actor.sector if keep_sector else None,
                        name=m.actor.name,
                        code=m.actor.code if keep_sector else m.actor.country,
                        confidence=0.8,
                        kind="state",
                    )
                    for m in res.members[:2]
                    if m.actor.country
                ]
                if len(members) == 2:
                    return self._group_of(head, members)
                break
        countries: list[str] = []
        for res in reversed(self.history):
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
        sector = None if lemma in _STATE_NOUNS else self.kb.sectors.get(lemma, "GOV")
        members = [self._member(head, c, sector) for c in reversed(countries[:2])]
        return self._group_of(head, members)

    def _member(self, tok: Token, iso: str, sector: str | None) -> Resolved:
        return self._make(
            tok, country=iso, sector=sector, confidence=0.8, kind="state"
        )

    def _group_of(self, head: Token, members: list[Resolved]) -> Resolved:
        s, e = self.np_span(head)
        start, end = self.offsets(s, e)
        for m in members:
            m.actor = replace(m.actor, entity_text=self.sdoc.text[s:e], start=start, end=end)
            m.head = head.i
        group = Resolved(
            Actor(entity_text=self.sdoc.text[s:e], start=start, end=end), 0.8, "group", True, head.i, members=members
        )
        return group
