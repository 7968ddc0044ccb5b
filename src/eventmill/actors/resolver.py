"""Resolve the noun phrase at a token to an actor: country, sector, code, knowledge-base id.

One :class:`Resolver` per document walks its noun phrases in reading order. For each head
it gathers what the phrase says (:class:`Phrase`: modifiers, the country and role the
context names, an organisation the knowledge base knows) and asks an ordered list of small
resolvers (:data:`eventmill.actors.cascade.RESOLVERS`), each of which answers or passes:
a joint reference ("the two sides", "both parties" to a deal), a named person, a named
organisation, an ethnic group, a country or its people, a definite reference back ("the
group", "the country"), an identity group, the named group of a generic gunman ("gunmen from
Boko Haram"), a role noun with its country ("the Iraqi foreign ministry"), an unknown
organisation or person. Pronouns go to coreference (:mod:`eventmill.actors.coref`; "me" in a
quotation is its speaker, :mod:`eventmill.actors.quotes`). Every answer is kept in reading
order, which coreference reads. Before any resolver reads a phrase, credits and labels
("FILE -") are set aside (:mod:`eventmill.actors.credits`) and so are patrons ("US-backed",
:mod:`eventmill.actors.patrons`), which name someone other than the actor.

The stage hands the event coder the finished :class:`~eventmill.actors.index.ActorIndex`,
never the resolver itself.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import Counter
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from eventmill.actors import coref, credits, patrons, people
from eventmill.actors.context import COUNTRY_LINK, context_country, context_resolves, scene_country, sent_to
from eventmill.actors.kb import TITLE_ROLES, Entry, KnowledgeBase
from eventmill.actors.mention import Mentions, Resolved, make_code
from eventmill.actors.phrase import Phrase, former_office
from eventmill.geo.setting import story_setting
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class
from eventmill.records import Actor, Document
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Span, Token

    from eventmill.actors.cascade import Answer
    from eventmill.actors.phrase import Resolving

_QUANTIFIERS = en("quantifier")
_SPEAKS_FOR = en("speaks_for")
_MEMBERSHIP_VERBS = en("membership_verb")
# non-state armed sectors: "rebel leaders", "militant commanders" lead the rebels, not a government
_NONSTATE_ARMED = sectors_in("armed") - sectors_in("state_force")
_FIGHTER_HEADS = word_class("fighter_head", "kb/words.tsv")
_COLLECTIVE_HEADS = word_class("collective_head", "kb/words.tsv")
_CIVIC_BODIES = word_class("civic_body_modifier", "kb/words.tsv")  # "community leaders": civilians
_CIVIC_NAME_HEADS = word_class("civic_name_head", "kb/words.tsv")  # "the Free Burma Coalition"
_STATE_BODIES = sectors_in("state_force") | sectors_in("custodial") | frozenset({"LEG"})
_MULTINATIONAL = word_class("multinational", "kb/words.tsv")  # "the International Coalition"
_STATE_OF = word_class("state_of", "kb/words.tsv")
_INCLUDING = frozenset({"including"})  # the preposition that lists some members of a plural noun
_LISTED_PARTY_NOUNS = word_class("listed_party_noun", "kb/words.tsv")
_NAMED_KINDS = frozenset({"state", "org", "person", "metonym"})  # a party named as itself, not a group
# how much a story's setting weighs against the countries it names (the first sentence's count 3 each)
_SETTING_WEIGHT = {"dateline": 6, "outlet": 2, "web": 1}
# what :meth:`Resolver._resolve` reads as a phrase's head (and pronouns, which coreference reads)
_PHRASE_HEADS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "X", "PRON"})
_MOVES_HEAD = _QUANTIFIERS | _SPEAKS_FOR  # words :meth:`Resolver._np_head` moves on from
_TITLE_CACHE_LIMIT = 50_000  # role-term lookups kept across documents
_Words = tuple[tuple[str, ...], tuple[str, ...]]  # (a phrase's lower-case texts, its lemmas: see _words)
_NOT_ACTORS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LAW", "LANGUAGE",
                         "WORK_OF_ART", "EVENT", "PRODUCT"})


class Resolver:
    """Actor resolution for one document, with the mention history used for coreference."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.m = Mentions(doc, kb)
        self.kb = kb
        self.sdoc = self.m.sdoc
        self.day = doc.pub_date
        self.cache: dict[int, Resolved | None] = {}
        self.history: list[Resolved] = []  # the mentions resolved so far, in reading order
        self._busy: set[int] = set()  # tokens being resolved (guards against cycles)
        self._asked = 0  # calls of :meth:`resolve` so far (:meth:`_head_of` keeps heads found without one)
        self.asked_for: set[int] = set()  # the tokens :meth:`resolve` was asked about
        self._heads: dict[int, Token] = {}  # token -> its phrase's head, where found from the parse alone
        self._linked: tuple[frozenset[int], frozenset[int]] | None = None  # (see :meth:`_links`)
        # role-term lookups by their words (a story says "the government", "police" again and again,
        # and so does the next story: kept with the knowledge base, whose tables they read)
        if len(kb.title_cache) >= _TITLE_CACHE_LIMIT:
            kb.title_cache.clear()  # (a long run keeps meeting new phrases)
        self._titles = kb.title_cache
        self._orgs: dict[str, Entry | None] = {}  # name -> the organisation it is in this story (see _organization)
        self._role_words = kb.role_words()  # (a phrase with none of them names no role: not searched)
        self.countries_named: frozenset[str] = frozenset()
        self.setting: str | None = None  # the country the dateline or the outlet gives
        self.focus, self.focus_mentions = self._focus_country()
        self.scene = scene_country(self)

    def _focus_country(self) -> tuple[str | None, list[int]]:
        """The country a story is about (the most named one, early mentions weighing more) and
        the token indices of its mentions; only a story clearly about one country has one."""
        counts: Counter[str] = Counter()
        where: dict[str, list[int]] = {}
        starts = self.m.sentence_starts
        for ent in self.sdoc.ents:  # (one pass: a sentence's ``.ents`` rebuilds every entity of the document)
            sent_i = bisect_right(starts, ent.start) - 1
            if ent.end > (starts[sent_i + 1] if sent_i + 1 < len(starts) else len(self.sdoc)):
                continue  # an entity across a sentence boundary belongs to neither sentence
            weight = 3 if sent_i == 0 else (2 if sent_i < 3 else 1)
            if patrons.is_patron(ent.root) or sent_to(ent.root):
                continue  # "US-backed fighters" in Syria: a story about Syria; "envoys in Moscow" not about Russia
            iso = None
            if ent.label_ == "GPE":
                iso = self.kb.country(ent.text) or (self.kb.metonym(ent.text) or (None, None))[0]
            elif ent.label_ == "NORP":
                iso = self.kb.adjective(ent.text)
            if iso:
                counts[iso] += weight
                where.setdefault(iso, []).append(ent.root.i)
        self.countries_named = frozenset(counts)
        setting = story_setting(self.doc)
        self.setting = setting.country
        if setting.country:  # the dateline says where the story is; a national outlet whose news it is
            counts[setting.country] += _SETTING_WEIGHT.get(setting.source or "", 0)
            where.setdefault(setting.country, [])
        if not counts:
            return None, []
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        return (top, where[top]) if n >= 0.5 * total else (None, [])

    # ------------------------------------------------------------------ the public lookups

    def resolve(self, tok: Token) -> Resolved | None:
        """The actor at this token (the head of a noun phrase), or None if it is not an actor."""
        self._asked += 1  # (counted before the guard: its answer depends on what is being resolved)
        self.asked_for.add(tok.i)
        if tok.i in self._busy:
            return None  # a phrase that (through a pronoun or possessor) points at itself
        self._busy.add(tok.i)
        try:
            head = self._head_of(tok)
            if head.i in self.cache:
                return self.cache[head.i]
            if head.i in self._busy and head.i != tok.i:
                return None
            self._busy.add(head.i)
            res = self._resolve(head)
            if res is not None and res.kind in ("person", "generic", "group"):
                res = self._apposition(head, res)
        finally:
            self._busy.discard(tok.i)
        self._busy.discard(head.i)
        self.cache[head.i] = res
        if res is not None:
            res.head = head.i
            insort(self.history, res, key=lambda r: r.head)  # in reading order, whenever it was resolved
        return res

    def _head_of(self, tok: Token) -> Token:
        """:meth:`_np_head` of the token, kept when finding it resolved nothing on the way (then
        it read only the parse, and asking again gives the same head): the stage asks for most
        tokens twice, once as a participant and once as a token the event coder may ask about."""
        head = self._heads.get(tok.i)
        if head is None:
            asked = self._asked
            head = self._np_head(tok)
            if self._asked == asked:
                self._heads[tok.i] = head
        return head

    def resolve_all(self, tok: Token) -> list[Resolved]:
        """Like :meth:`resolve`, expanding coordination ("Iraq and the US") and joint
        references ("the two sides") into their members."""
        if self._stands_for_nothing(tok):
            return []
        out: list[Resolved] = []
        first = self.resolve(tok)
        # (a region's states name no one state: "several African states, including Ghana and Senegal")
        if first is None or not (first.actor.code and first.actor.sector) or first.guessed or (
                first.actor.sector == "GOV" and not first.actor.country):
            listed = self._included(tok)
            if listed:
                return listed
        if first is not None:
            out.extend(first.members or [first])
            out.extend(self._coordinated_nationalities(tok, first))
        coordinated, apposed = self._links()
        others = [c for c in tok.conjuncts if c.i > tok.i and not _place_listed(tok, c)] if tok.i in coordinated else []
        for ap in (c for c in tok.children if c.dep_ == "appos") if tok.i in apposed else ():
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

    def _included(self, tok: Token) -> list[Resolved]:
        """ "talks with world leaders including Erdogan and Modi", "sanctions on several countries,
        including Iran and Syria": a plural noun for a set of parties that names none of its own
        (:meth:`resolve_all` asks only where it resolves to no coded sector, to a country guessed
        from its context, or to a region's states) stands for the named actors its "including"
        list gives, one each (a named state, organisation or person); [] where there is no such
        list, or for a noun that is no set of parties ("dozens of protesters, including an MP":
        the protesters were arrested)."""
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in _LISTED_PARTY_NOUNS:
            return []
        listed: list[Resolved] = []
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in _INCLUDING:
                continue
            for p in tree.pobjs(prep):
                # (a list the parser hung on an apposition: "King Salman, Egypt's president and the emir")
                heads = [p, *(a for a in p.children if a.dep_ == "appos")]
                for t in (x for h in heads for x in (h, *(c for c in h.conjuncts if c.i > h.i))):
                    r = self.resolve(t)
                    if r is not None and r.kind in _NAMED_KINDS and r.actor.code and \
                            all(x.actor.code != r.actor.code or x.actor.name != r.actor.name for x in listed):
                        listed.append(r)
        return listed

    def _links(self) -> tuple[frozenset[int], frozenset[int]]:
        """(the tokens in a coordination: a conjunct or the head of one; the heads of an
        apposition) of the document, read once from the parse's arrays: a token in neither has
        no conjuncts (spaCy's ``conjuncts`` go up the conj arcs, then down) and no apposition,
        so :meth:`resolve_all` and :meth:`_coordinated_nationalities` make no token looking."""
        if self._linked is None:
            from spacy.attrs import DEP, HEAD

            strings = self.sdoc.vocab.strings
            conj, appos = strings["conj"], strings["appos"]
            coordinated: set[int] = set()
            apposed: set[int] = set()
            arr = self.sdoc.to_array([DEP, HEAD]) if len(self.sdoc) else None
            rows = zip(arr[:, 0].tolist(), arr[:, 1].astype("int64").tolist()) if arr is not None else ()
            for i, (dep, rel) in enumerate(rows):  # (the head is stored relative to the token)
                if dep == conj:
                    coordinated.update((i, i + rel))
                elif dep == appos:
                    apposed.add(i + rel)
            self._linked = (frozenset(coordinated), frozenset(apposed))
        return self._linked

    def _stands_for_nothing(self, tok: Token) -> bool:
        """Whether :meth:`resolve_all` answers nothing for this token, whatever was resolved
        before, without resolving anything on the way: a word that cannot head a phrase (a
        verb, a preposition, punctuation: :meth:`_resolve` turns it down at once), that
        :meth:`_np_head` does not move from, with no apposition or coordinated noun to follow.
        The stage asks for every token of a document; most are such words, and answering them
        here saves walking their parse (the same answers)."""
        if tok.pos_ in _PHRASE_HEADS or tok.dep_ == "compound" or tok.like_num:
            return False
        text = tok.text
        if len(text) >= 2 and text.isupper():
            return False  # an acronym is a name whatever its tag
        if tok.lower_ in _MOVES_HEAD or tok.lemma_.lower() in _MOVES_HEAD:
            return False
        coordinated = tok.dep_ == "conj"  # (spaCy's conjuncts: up the conj arcs, then down the right ones)
        if tok.n_lefts or tok.n_rights:
            for c in tok.children:
                if c.dep_ == "appos":
                    return False
                coordinated = coordinated or (c.dep_ == "conj" and c.i > tok.i)
        return not coordinated or not any(c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON") for c in tok.conjuncts)

    def plain_words(self) -> list[bool]:
        """For each token of the document, whether :meth:`_stands_for_nothing` certainly holds
        for it for the simplest reason: a word that cannot head a phrase, no number, acronym or
        word :meth:`_np_head` moves on from, with no apposition and no coordination. Read from
        the parse's arrays in one pass, so the stage makes no token for such words (most of a
        document's: verbs, prepositions, determiners, punctuation); the rest go through
        :meth:`resolve_all` as before."""
        import numpy
        from spacy.attrs import DEP, HEAD, LEMMA, LIKE_NUM, LOWER, ORTH, POS
        from spacy.symbols import IDS

        sdoc = self.sdoc
        if not len(sdoc):
            return []
        arr = sdoc.to_array([POS, DEP, LIKE_NUM, ORTH, LOWER, LEMMA, HEAD])
        strings = sdoc.vocab.strings

        def among(column: int, values: list[int]) -> numpy.ndarray:
            return tree.among(arr[:, column], values)

        # (compared as arrays: no Python object is made for the words ruled out here)
        rel = arr[:, 6].astype("int64")  # the head, relative to the token
        appos, conj = among(1, [strings["appos"]]), among(1, [strings["conj"]])
        followed = numpy.zeros(len(sdoc), dtype=bool)  # has an apposition, or a conjunct after it
        followed[(numpy.arange(len(sdoc)) + rel)[(rel != 0) & (appos | (conj & (rel < 0)))]] = True
        ruled_out = among(0, [IDS[p] for p in _PHRASE_HEADS]) | among(1, [strings["compound"], strings["conj"]]) | \
            (arr[:, 2] != 0) | followed
        out = [False] * len(sdoc)
        rest = numpy.flatnonzero(~ruled_out).tolist()
        for i, (orth, low, lemma) in zip(rest, arr[rest][:, 3:6].tolist()):
            text = strings[orth]
            out[i] = not (len(text) >= 2 and text.isupper()) and strings[low] not in _MOVES_HEAD \
                and strings[lemma].lower() not in _MOVES_HEAD
        return out

    def _coordinated_nationalities(self, tok: Token, first: Resolved) -> list[Resolved]:
        """"French and Egyptian warships", "lawmakers in Kenya and Uganda", "the ambassadors of
        Chad, Niger and Mali": one actor per country, each with the role's sector."""
        if first.members or not first.actor.country:
            return []
        out = []
        coordinated = self._links()[0]
        named = [t for t in self.m.premodifiers(tok) if t.dep_ in ("amod", "compound")]
        if first.actor.sector and tok.pos_ == "NOUN":  # a role whose country a preposition names
            named += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in COUNTRY_LINK
                      for p in c.children if p.dep_ == "pobj"]
        for t in named:
            if self.m.country_of_token(t)[0] != first.actor.country:
                continue
            for conj in t.conjuncts if t.i in coordinated else ():
                iso, _ = self.m.country_of_token(conj)
                if iso and iso != first.actor.country:
                    code = make_code(iso, first.actor.sector)
                    out.append(replace(first, actor=replace(first.actor, country=iso, code=code,
                                                            name=self.kb.country_name(iso))))
        return out

    def _apposition(self, head: Token, res: Resolved) -> Resolved:
        """A role and a name in apposition are one person ("the special envoy Staffan de Mistura",
        "Sergei Lavrov, the foreign minister,"): the role reads as the name where the role alone
        gives no country or the name is one the knowledge base knows (a country the role took
        from a place, "arrived in Ankara", is not the person's); a name nobody knows takes the
        role's country ("the French foreign minister, Jean Dupont,": a later "Dupont" is French)."""
        if head.pos_ == "NOUN":
            for c in self._apposed(head, "PROPN"):
                named = self.resolve(c)
                if named is None or named.kind != "person":
                    continue
                if named.resolved and (not res.resolved or named.actor.kb_id):
                    return replace(named, members=list(named.members), actor=_as_then(named.actor, res))
                if not named.resolved and res.resolved and res.kind == "person" and not res.guessed:
                    named.actor = _with_role(named.actor, res.actor)
        elif head.pos_ == "PROPN" and res.kind == "person" and not res.resolved:
            for c in self._apposed(head, "NOUN"):
                role = self.resolve(c)
                if role is not None and role.resolved and role.kind == "person" and not role.guessed:
                    res.actor = _with_role(res.actor, role.actor)
                    break
        return res

    @staticmethod
    def _apposed(head: Token, pos: str) -> list[Token]:
        """The words of this part of speech in apposition with the head, either way round."""
        out = [c for c in head.children if c.dep_ == "appos" and c.pos_ == pos]
        return [*out, head.head] if head.dep_ == "appos" and head.head.pos_ == pos else out

    def _split_adjectives(self, tok: Token) -> Token:
        """ "scores of Sierra Leonean and Liberian refugees" parsed as "(Sierra Leonean) and
        (Liberian refugees)": the first of two coordinated adjectives taken for the head noun,
        which is the conjunct's; only where the first names no actor by itself."""
        if tok.tag_ not in ("NNP", "JJ") or tok.pos_ == "NOUN":
            return tok
        conj = next((c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN"
                     and any(a.dep_ == "amod" for a in c.lefts)), None)
        if conj is None or self.resolve(tok) is not None:
            return tok
        return conj

    @staticmethod
    def _members(tok: Token) -> Token | None:
        """Who a counted group is made of: "a team *comprising* personnel of the police", "a squad
        *consisting of* constables", "a unit *composed of* soldiers" -> those members."""
        for acl in tok.children:
            if acl.dep_ != "acl" or acl.lemma_.lower() not in _MEMBERSHIP_VERBS:
                continue
            for c in acl.children:
                if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN"):
                    return c
                if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by"):
                    pobj = next((p for p in tree.pobjs(c) if p.pos_ in ("NOUN", "PROPN")), None)
                    if pobj is not None:
                        return pobj
        return None

    def _np_head(self, tok: Token) -> Token:
        """Move from a modifier inside a name to the name's head ("Joe" -> "Biden"), and
        from a quantity to what it counts ("thousands of students" -> "students")."""
        speaks_for = tok.lower_ in _SPEAKS_FOR or tok.lemma_.lower() in _SPEAKS_FOR
        if tok.lemma_.lower() in _QUANTIFIERS or tok.lower_ in _QUANTIFIERS or tok.like_num:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "for"):
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                        pobj = self._split_adjectives(pobj)
                        if speaks_for:
                            # "a spokesman for the army", "leaders of the rebels": who they speak for,
                            # when that is an actor with a sector; else the role itself
                            target = self.resolve(pobj)
                            if target is None or not (target.actor.sector or target.kind == "org"):
                                break
                        return self._np_head(pobj)
            members = None if speaks_for else self._members(tok)
            if members is not None:
                return self._np_head(members)
        if speaks_for:
            poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if poss is not None:  # "the group's leader", "Hamas's spokesman": who they speak for
                target = self.resolve(poss)
                if target is not None and target.kind == "org":
                    return poss
        ent = self.m.ent(tok)
        if ent is not None and tok.dep_ == "compound" and ent.root.i != tok.i and ent.root.i in [t.i for t in ent]:
            return ent.root
        return tok

    # ------------------------------------------------------------------ the cascade

    def _resolve(self, head: Token) -> Resolved | None:
        if head.pos_ == "PRON":
            return coref.pronoun(self, head)
        named = _described_name(head)
        if named is not None:  # "a Donald Trump baying for blood": the person so described
            res = self.resolve(named)
            return None if res is None else replace(res, members=list(res.members))
        if head.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "X") and not (head.text.isupper() and len(head.text) >= 2):
            return None  # (an acronym is a name whatever the tagger says: "USAID announced")
        ent = self.m.ent(head)
        if ent is not None and ent.label_ in _NOT_ACTORS:
            return None
        if credits.is_credit(self.m, head):
            return None  # "FILE - Police arrested ...", "AP Photo/Jane Doe"
        if patrons.backs_an_actor(self.m, head):
            return None  # "Iran" in "an Iran-allied group said it ...": a patron, no participant to refer to
        if ent is not None and ent.label_ == "ORG" and ent.root.i != head.i and head.dep_ == "pobj" and \
                not self.kb.country(head.text) and not self.kb.adjective(head.text):
            return None  # "Jurists" in "the Association of African Jurists": part of a name, no actor
        if head.lemma_.lower() == "state" and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in _STATE_OF for p in c.children)
                for c in head.children):
            return None  # "a state of emergency" is not the state
        phrase = self.phrase(head, ent)
        for resolver in _resolvers():
            answer = resolver(self, phrase)
            if answer is False:
                return None  # the resolver knows this phrase is no actor
            if answer is not None:
                return answer
        return None

    def phrase(self, head: Token, ent: Span | None) -> Phrase:
        """What the phrase says: its premodifiers (credits and patrons set aside) at once; the
        context country, role term, known organisation and name test when a resolver asks
        (:class:`Phrase`), the context country at once where reading it resolves other phrases."""
        premods = [t for t in self.m.premodifiers(head) if not credits.is_credit(self.m, t)]  # "Caption People"
        premods, patron_countries = patrons.split(self.m, head, premods)
        # (the context country read now where that resolves possessors and appositions, in reading order)
        context = self._context_of(head, premods) if context_resolves(self, head, premods) else None
        return Phrase(self, head, ent, premods, patron_countries, context)

    def phrase_context(self, p: Phrase) -> tuple[str | None, str | None, float]:
        return self._context_of(p.head, p.premods)

    def _context_of(self, head: Token, premods: list[Token]) -> tuple[str | None, str | None, float]:
        """The country (sector, confidence) the phrase's context names."""
        ctx_country, ctx_sector, ctx_conf = context_country(self, head, premods)
        if ctx_country is None and (led_by := patrons.leader(self.m, head, premods)):
            ctx_country, ctx_conf = led_by, 0.9  # "U.S.-led forces" (one token to the parser)
        return ctx_country, ctx_sector, ctx_conf

    def phrase_role(self, p: Phrase) -> tuple[str, str | None]:
        """The role term the phrase uses and its sector."""
        head, ent, premods = p.head, p.ent, p.premods
        title_tokens = [t for t in premods if getattr(self.m.ent(t), "label_", "") != "PERSON"] + [head]
        words = _words(title_tokens)  # (read once: both lookups below take the same words)
        title, title_sector = self._remembered_title(words, at_head=False)  # for names: "Prime Minister X"
        office_title = title in TITLE_ROLES and head.pos_ == "PROPN" and not self.kb.sectors.get(fold(head.text))
        if (head.pos_ != "PROPN" or (ent is not None and ent.label_ != "PERSON")) and not office_title:
            # a common noun is an actor only if it is itself the role ("the foreign ministry"),
            # not if a role merely modifies it ("a Security Council meeting"); "President
            # Mitterand" tagged as an organisation is still a president
            title, title_sector = self._remembered_title(words, at_head=True)
        title, title_sector = self._title_with_of(title_tokens, words, title, title_sector)
        title, title_sector = self._named_civic_body(p, title_tokens, title, title_sector)
        return title, former_office(premods, title_sector, self.kb.sector_kinds.get(title, "generic"))

    def phrase_organisation(self, p: Phrase) -> tuple[Entry, Token] | None:
        """The organisation the knowledge base knows that the phrase names, and the token naming it."""
        head, premods = p.head, p.premods
        org = self._organization(head, premods)
        if org is not None and org[0].sector in ("IGO", "NGO") and org[1].i == head.i and p.ctx_country and \
                self.kb.sectors.get(fold(" ".join(t.text for t in [*premods, head] if (
                    t.i == head.i or t.dep_ in ("compound", "amod", "nmod")) and not self.m.country_of_token(t)[0]))):
            return None  # "Russia's Security Council" is Russia's, not the UN's
        if org is not None and org[0].sector == "PTY" and org[0].country and p.ctx_country and \
                p.ctx_country != org[0].country:
            return None  # "Nigeria's People's Democratic party": a party of the country named, not the US Democrats
        return org

    def phrase_is_name(self, p: Phrase) -> bool:
        """Is the head a name (of a person, an organisation, a group), not a country's or a headline's word?"""
        head, ent = p.head, p.ent
        if not ((head.pos_ == "PROPN" and (ent is None or ent.label_ in ("PERSON", "ORG", "NORP", "GPE"))) or
                self.capitalised_name(head, ent)):
            return False
        name_text = ent.text if ent is not None else head.text
        if (self.kb.country(name_text) or self.kb.metonym(name_text)) and not p.title_sector:
            return False  # "Benin" tagged as a person is still the country
        # "Thai Authorities Indict Protest Leaders": title case makes no names
        return not (p.org is None and credits.headline_run(self.m, head) and not self._known_name(name_text, head))

    # ------------------------------------------------------------------ pieces of a phrase

    def _known_name(self, name_text: str, head: Token) -> bool:
        """Does the knowledge base know this name, or its head word, as a person or a country?"""
        return any(self.kb.country(t) or self.kb.adjective(t) or people.candidates(self.kb, t, fuzzy=False)[0]
                   for t in (name_text, head.text))

    def _remembered_title(self, words: _Words, at_head: bool) -> tuple[str, str | None]:
        """The longest role term among these words (:func:`_words`: texts and lemmas), or the
        longest that ends with the last (``at_head``): (term, sector); looked up once per run
        (a story says "the government", "police" again and again; so do the next ones)."""
        key = (at_head, *words)
        found = self._titles.get(key)
        if found is None:
            find = self._title_at_head_of if at_head else self._title_of
            found = self._titles[key] = find(list(words[0]), list(words[1]))
        return found

    def _title_of(self, words_text: list[str], words_lemma: list[str]) -> tuple[str, str | None]:
        """The longest role term among these words (text or lemma): (term, sector)."""
        if not self._may_name_role(words_text, words_lemma):
            return "", None
        n = len(words_text)
        forms = _forms(words_text, words_lemma)
        for size in range(min(n, self.kb.max_term_words), 0, -1):
            for i in range(n - size, -1, -1):
                for words in forms:
                    term = fold(" ".join(words[i : i + size]))
                    sector = self.kb.sectors.get(term)
                    if sector:
                        return self._speaks_for_body(words_text, i, term, sector)
        return "", None

    def _may_name_role(self, words_text: list[str], words_lemma: list[str]) -> bool:
        """Does any of the words or lemmas (folded) belong to a role term? Without one, no term
        is found among them, however they are joined (folding a phrase folds each of its words)."""
        role_words = self._role_words
        return any(w in role_words for word in (*words_text, *words_lemma) for w in fold(word).split())

    def _speaks_for_body(self, words: list[str], i: int, term: str, sector: str) -> tuple[str, str]:
        """ "opposition spokesman", "rebel commander", "army spokesman": a role that speaks for
        someone takes the sector of the body named just before it, not its own default."""
        if i == 0 or term not in _SPEAKS_FOR:
            return term, sector
        body = fold(words[i - 1])
        if body in _CIVIC_BODIES:  # "Syrian community leaders", "tribal elders": no government
            return f"{body} {term}", "CVL"
        body_sector = self.kb.sectors.get(body)
        if body_sector and (self.kb.sector_kinds.get(body) in ("group", "body") or body_sector in _NONSTATE_ARMED):
            return f"{body} {term}", body_sector
        return term, sector

    def _title_with_of(self, tokens: list[Token], words: _Words, title: str,
                       sector: str | None) -> tuple[str, str | None]:
        """A role the table names with "of" after the head ("deputy commissioner of police",
        "minister of defence") outranks the head's own word ("commissioner", "minister")."""
        tail = tree.of_complement(tokens[-1])
        for k in range(len(tail), 1, -1):
            more = _words(tail[:k])
            longer, longer_sector = self._remembered_title((words[0] + more[0], words[1] + more[1]), at_head=True)
            if longer_sector and " of " in longer:
                return longer, longer_sector
        return title, sector

    def _named_civic_body(self, p: Phrase, tokens: list[Token], title: str,
                          sector: str | None) -> tuple[str, str | None]:
        """A proper name the knowledge base does not know, headed by the form of a civic body
        ("the Free Burma Coalition", "the Zambia Congress of Trade Unions", "the Kenya Police
        Reform Movement"): one organisation, an NGO or the civic sector its "of" names (trade
        unions: LAB), not the state sector of a word inside it or of its head's common meaning
        ("coalition" forces, "the US Congress", which names nothing but its country)."""
        head, ent = p.head, p.ent
        if sector not in _STATE_BODIES or ent is None or ent.label_ != "ORG" or head.pos_ != "PROPN" or \
                not head.text.istitle() or head.lemma_.lower() not in _CIVIC_NAME_HEADS:
            return title, sector
        tail = [t for t in tree.of_complement(head)[1:] if not self.m.country_of_token(t)[0]]
        inner = [t for t in tokens[:-1] if t.i >= ent.start and t.is_title and not self.m.country_of_token(t)[0]]
        if not tail and (not inner or head.lemma_.lower() == "congress"):
            return title, sector  # "the US Congress", "the Congress of Peru": the legislature
        if any(t.lower_ in _MULTINATIONAL for t in inner):
            return title, sector  # "the International Coalition" struck: a multinational force
        if tail:
            texts, lemmas = _words(tail)  # (a name's plural keeps its "s" as its lemma: "Trade Unions")
            singular = lemmas[-1][:-1] if tail[-1].tag_ == "NNPS" and lemmas[-1].endswith("s") else lemmas[-1]
            _, tail_sector = self._remembered_title((texts, (*lemmas[:-1], singular)), at_head=True)
            if tail_sector and tail_sector not in _STATE_BODIES:
                return head.lower_, tail_sector
        return head.lower_, "NGO"

    def _title_at_head_of(self, words_text: list[str], words_lemma: list[str]) -> tuple[str, str | None]:
        """The longest role term that ends with the head (the last word); for a generic
        collective head ("groups", "movement"), the role its modifier names ("opposition groups")."""
        if not self._may_name_role(words_text, words_lemma):
            return "", None
        n = len(words_text)
        if n >= 2 and words_lemma[-1] in _FIGHTER_HEADS:  # "jihadist fighters", "rebel forces"
            for w in reversed(words_text[:-1]):
                sector = self.kb.sectors.get(fold(w))
                if sector in ("INS", "REB", "PRM", "CRM"):
                    return fold(w), sector
        for size in range(min(n, self.kb.max_term_words), 0, -1):
            for words in _forms(words_text, words_lemma):
                term = fold(" ".join(words[n - size :]))
                sector = self.kb.sectors.get(term)
                if sector:
                    return self._speaks_for_body(words_text, n - size, term, sector)
        if n >= 2 and words_lemma[-1] in _COLLECTIVE_HEADS:
            for i in range(n - 2, -1, -1):
                w = fold(words_lemma[i])
                sector = self.kb.sectors.get(w)
                if sector and self.kb.sector_kinds.get(w) in ("group", "body", "person"):
                    # ("an opposition delegation team": the delegation speaks for the opposition)
                    return self._speaks_for_body(words_text, i, w, sector)
        return "", None

    def _organization(self, head: Token, premods: list[Token]) -> tuple[Entry, Token] | None:
        """An organisation or armed group named by the head's entity, the head, or a modifier."""
        candidates: list[tuple[str, Token]] = []
        ent = self.m.ent(head)
        if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "PERSON", "FAC"):
            candidates.append((ent.text, head))
        # a person's name is not searched word by word ("Kim Jong Un" does not contain the UN)
        person = ent if ent is not None and ent.label_ == "PERSON" else None
        phrase = [t for t in premods if t.dep_ in ("compound", "amod", "nmod")] + [head]
        if len(phrase) > 1 and person is None:
            candidates.append((" ".join(t.text for t in phrase), head))
            if len(phrase) > 2:  # "Islamic State fighters": the group named by the modifiers together
                candidates.append((" ".join(t.text for t in phrase[:-1]), phrase[-2]))
        for owner in reversed(premods) if person is None else ():
            # "the Kurdistan Workers' party", "Uganda's Lord's Resistance army": a name with a
            # possessive word in it, which the parse reads as an owner of the name's last word
            if owner.dep_ == "poss" and owner.pos_ == "PROPN":
                start = min([owner.i, *(t.left_edge.i for t in owner.lefts if t.dep_ in ("compound", "amod"))])
                candidates.append((head.doc[start:head.i + 1].text, head))
        if person is None:
            named = _titled_preposition_name(head)
            if named:  # "Action Against Hunger", "Doctors Without Borders": a name the parser split at its preposition
                candidates.append((" ".join(t.text for t in [*phrase, *named]), head))
            joined = _hyphenated_name(head)
            if joined:  # "Hezb-e-Islami": one word to the writer, three subjects to the parser
                candidates.append((joined, head))
            candidates.append((head.text, head))
        for t in premods:
            e = self.m.ent(t)
            if person is not None and person.start <= t.i < person.end:
                continue
            if t.dep_ in ("compound", "amod", "nmod", "poss"):
                candidates.append((e.text if e is not None else t.text, t))
        for text, tok in candidates:
            # (asked once per name and story: the date, the setting and the countries named are the story's)
            if text in self._orgs:
                entry = self._orgs[text]
            else:
                entry = self._orgs[text] = self.kb.organization(text, self.day, self.setting or self.focus,
                                                                 self.countries_named)
            if entry is not None:
                return entry, tok
        return None

    def capitalised_name(self, tok: Token, ent: Span | None) -> bool:
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

    def acts_as_agent(self, head: Token) -> bool:
        """A capital stands for its government as an agent or addressee ("Baghdad said",
        "talks with Washington"), not as a place ("in Baghdad")."""
        if head.dep_ in ("nsubj", "nsubjpass", "dobj", "iobj", "dative", "appos", "conj", "agent", "ROOT", "poss"):
            return True
        if head.dep_ == "pobj":
            return head.head.lower_ in ("with", "between", "against", "by", "to", "from", "on", "toward", "towards")
        return False


def _as_then(name: Actor, role: Resolved) -> Actor:
    """The person the knowledge base knows, in the role the text gives them for the story's time:
    "the then prime minister, David Cameron, promised" is the government's act although the
    knowledge base, read at the publication date, has him out of office (ELI); only a role read
    from the text itself (not guessed) in the same country as the person replaces that sector (a
    sitting leader keeps the knowledge base's: "Iran's religious leader Ayatollah Khomeini" acts
    for the state)."""
    if not (name.sector == "ELI" and role.resolved and role.kind == "person" and not role.guessed
            and role.actor.sector and role.actor.country == name.country and role.actor.sector != name.sector):
        return name
    return replace(name, sector=role.actor.sector, code=make_code(name.country, role.actor.sector))


def _with_role(name: Actor, role: Actor) -> Actor:
    """A named person's actor with the country (and, where the name has none, the sector) of
    the role the text gives them."""
    sector = name.sector or role.sector
    return replace(name, country=role.country, sector=sector, code=make_code(role.country, sector))


def _words(tokens: list[Token]) -> _Words:
    """The words a role term is looked up in: the tokens' lower-case texts and lemmas."""
    return tuple(t.lower_ for t in tokens), tuple(t.lemma_.lower() for t in tokens)


def _forms(words_text: list[str], words_lemma: list[str]) -> tuple[list[str], ...]:
    """The word lists a role term is looked up in: the words, then their lemmas unless they are
    the same words (most phrases: the second lookup would only repeat the first), then the words
    with only the last one lemmatised: "rights groups" is a "rights group", not a "right group"."""
    if words_lemma == words_text:
        return (words_text,)
    mixed = [*words_text[:-1], words_lemma[-1]]
    return (words_text, words_lemma) if mixed in (words_text, words_lemma) else (words_text, words_lemma, mixed)


@cache
def _resolvers() -> tuple[Callable[[Resolving, Phrase], Answer], ...]:
    """The cascade's resolvers, in order (imported at first use: the cascade imports this module)."""
    from eventmill.actors.cascade import RESOLVERS

    return RESOLVERS


_STANCE_PREPOSITIONS = frozenset({"for", "at", "over", "about", "against", "on"})  # "baying for", "raging at"


def _described_name(head: Token) -> Token | None:
    """The person's name a parser hung on the word that describes the person: "a Donald Trump
    baying for blood", "a Kim Jong-un eager for attention" (an article before a name, then an
    adjective or participle with what follows it, read as one noun phrase headed by that word).
    Not "a Trump rally", "a Biden aide": a noun after a name is the head it seems."""
    if not head.text.islower() or head.ent_type_ or head.i == 0:
        return None
    name = head.doc[head.i - 1]
    if name.dep_ != "compound" or name.head.i != head.i or name.ent_type_ != "PERSON" or \
            not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.lefts):
        return None
    full_name = name.i >= 1 and head.doc[name.i - 1].ent_type_ == "PERSON"  # ("Donald Trump", not "Trump")
    described = head.tag_ in ("JJ", "VBG") or (
        head.tag_ == "NN" and head.lower_.endswith("ing") and full_name and
        any(c.dep_ == "prep" and c.lower_ in _STANCE_PREPOSITIONS for c in head.rights))
    # ("baying for blood" tagged a noun; not "a Donald Trump building in Manila")
    return name if described else None


def _titled_preposition_name(head: Token) -> list[Token]:
    """The words after a capitalised head that carry a name on through a preposition written with a
    capital ("Action *Against Hunger*", "Reporters *Without Borders*"): a preposition is capitalised
    inside a sentence only in a name. Empty where there is none."""
    if not head.text[:1].isupper():
        return []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.i == head.i + 1 and prep.text[:1].isupper() and prep.text[1:2].islower():
            objs = [c for c in prep.children if c.dep_ == "pobj" and c.text[:1].isupper()]
            if objs:
                return list(head.doc[prep.i : objs[0].i + 1])
    return []


_WHERE = frozenset({"in", "inside", "across", "throughout"})
_PLACE_ENTS = frozenset({"GPE", "LOC"})


def _place_listed(tok: Token, conj: Token) -> bool:
    """Is the conjunct a place listed with the place of the head's "in" phrase, which the parser
    hung on the head ("war against Islamic State in Iraq and Syria": where it is fought, Syria
    no second side)? A place after a place phrase continues where, not whom."""
    return conj.ent_type_ in _PLACE_ENTS and tok.ent_type_ not in _PLACE_ENTS and any(
        p.dep_ == "prep" and p.lower_ in _WHERE and tok.i < p.i < conj.i and
        any(o.dep_ == "pobj" and o.ent_type_ in _PLACE_ENTS and o.i < conj.i for o in p.children)
        for p in tok.children)


def _hyphenated_name(head: Token) -> str:
    """The whole of a capitalised word the tokenizer split at its hyphens ("Hezb-e-Islami",
    "Jaish-e-Mohammed"), which the parser may read as several words: the text of the run of
    tokens written without a space around the head, where it holds a hyphen; else empty."""
    doc = head.doc
    if not head.text[:1].isupper():
        return ""
    start = end = head.i
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start - 1].is_alpha or doc[start - 1].text == "-"):
        start -= 1
    while end + 1 < len(doc) and not doc[end].whitespace_ and (doc[end + 1].is_alpha or doc[end + 1].text == "-"):
        end += 1
    run = doc[start : end + 1]
    if len(run) < 3 or not any(t.text == "-" for t in run) or run[0].text == "-" or run[-1].text == "-":
        return ""
    return run.text
