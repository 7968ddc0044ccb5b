"""Actor mentions: what the resolver knows about a noun phrase, and how a mention is made.

:class:`Resolved` is one actor mention (the :class:`~eventmill.records.Actor` a user sees,
plus the kind of mention and what coreference needs). :class:`Mentions` holds what every
resolver and the event coder read off one parsed document without changing it: the entity
at a token, the extent of a noun phrase, the country a modifier names, the host a
destination stands for. It keeps no history, so asking it twice gives the same answer.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from eventmill.geo.gazetteer import city_country
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.nlp import parsed_text
from eventmill.records import Actor, Document
from eventmill.sectors import sectors_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventmill.actors.kb import KnowledgeBase

# Kinds of mention that stand for a whole country, named after it.
COUNTRY_KINDS = frozenset({"state", "metonym", "host", "owner"})
# Sectors that are actors in their own right without a country (CAMEO's international codes).
STATELESS_CODES = sectors_in("stateless")


@dataclass
class Resolved:
    """An actor mention with what the resolver knows about it."""

    actor: Actor
    confidence: float
    kind: str  # person | group | state | org | metonym | host | owner | place | generic
    plural: bool = False
    head: int = -1  # token index of the mention's head in the spaCy doc
    title: str = ""  # folded title/role term ("prime minister")
    members: list[Resolved] = field(default_factory=list)  # for joint references
    guessed: bool = False  # the country is the story's focus, not anything said about this mention
    antecedent: int = -1  # for a reference back (pronoun, surname, "the minister"): the head it points to

    @property
    def resolved(self) -> bool:
        return bool(self.actor.country or self.actor.code)


def make_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: country + sector ("IRQGOV"). Without a country, only the
    international sectors make a code; "GOV" alone would hide that we do not know whose."""
    if not country:
        return sector if sector in STATELESS_CODES else None
    return f"{country}{sector or ''}"


def completed_countries(sdoc: Doc, kb: KnowledgeBase) -> tuple[Span, ...]:
    """The document's entities, each one the tagger cut short of a country's name completed by
    the capitalised words after it ("Central African" tagged as a place, "Republic" left out; "the
    Czech Republic"): the name, not its first words, is what the text calls the country."""
    from spacy.tokens import Span

    ents = tuple(sdoc.ents)
    taken = {t.i for ent in ents for t in ent}
    out = []
    for ent in ents:
        end = ent.end
        for stop in range(ent.end + 1, min(ent.end + 2, len(sdoc)) + 1):
            word = sdoc[stop - 1]
            if word.i in taken or word.is_sent_start or not word.text[:1].isupper():
                break
            if kb.country(sdoc[ent.start:stop].text):
                end = stop
        if end > ent.end:
            out.append(Span(sdoc, ent.start, end, label="GPE"))
        elif ent.label_ == "PERSON" and len(ent) > 1 and (named := _country_words(ent, kb)) is not None:
            out.append(named)  # "Papua New Guinea's president": a country's name the tagger took for a person's
        else:
            out.append(ent)
    return tuple(sorted(out + _untagged_countries(sdoc, kb, taken), key=lambda e: e.start))


def _country_words(words: Span, kb: KnowledgeBase) -> Span | None:
    """The words as a country's name (a possessive ending left out), or None."""
    from spacy.tokens import Span

    end = words.end - (words[-1].tag_ == "POS")
    if end > words.start and kb.country(words.doc[words.start:end].text):
        return Span(words.doc, words.start, end, label="GPE")
    return None


def _untagged_countries(sdoc: Doc, kb: KnowledgeBase, taken: set[int]) -> list[Span]:
    """Runs of capitalised proper nouns outside every entity that name a country ("The Central
    African Republic will lift ...", tagged as nothing): the country table knows the name. The
    words are read from the parse's arrays (no token is made for the other words)."""
    from spacy.attrs import ORTH, POS, SENT_START
    from spacy.symbols import PROPN

    out: list[Span] = []
    if not len(sdoc):
        return out
    arr = sdoc.to_array([POS, SENT_START, ORTH])
    strings = sdoc.vocab.strings
    capitalised = [False] * len(sdoc)  # a capitalised proper noun outside every entity
    propn = (arr[:, 0] == PROPN).nonzero()[0].tolist()
    for j, orth in zip(propn, arr[propn, 2].tolist(), strict=True):
        capitalised[j] = j not in taken and strings[orth][:1].isupper()
    opens = (arr[:, 1] == 1).tolist()  # (spaCy's is_sent_start: True where the value is 1)
    end = 0  # (a run starts at a capitalised word after the last run: the other words start none)
    for i in (j for j in propn if capitalised[j]):
        if i < end:
            continue
        j = i + 1
        while j < len(sdoc) and capitalised[j] and not opens[j]:
            j += 1
        if (named := _country_words(sdoc[i:j], kb)) is not None:
            out.append(named)
        end = j
    return out


class Mentions:
    """Read-only views of one parsed document that resolvers and the event coder share."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        assert doc.spacy is not None
        self.doc = doc
        self.sdoc: Doc = doc.spacy
        self.text = parsed_text(doc)  # (Doc.text is rebuilt from the tokens on every access)
        self.kb = kb
        self.day: date | None = doc.pub_date
        self.sentence_starts = [sent.start for sent in self.sdoc.sents]
        # (``Doc.ents`` builds every entity anew on each access)
        self.ents: tuple[Span, ...] = completed_countries(self.sdoc, kb)
        self._ent_starts = [ent.start for ent in self.ents]
        self._sentence_ents: dict[int, list[Span]] = {}
        self.headline_runs: dict[int, bool] = {}  # sentence start -> written in title case (credits.headline_run)
        self._country_of: dict[int, tuple[str | None, str | None]] = {}  # token -> country_of_token's answer
        self._premodifiers: dict[int, list[Token]] = {}  # head -> premodifiers' answer
        self.credits: dict[int, bool] = {}  # token -> credits.is_credit's answer
        self._coordinated_subjects: list[int] | None = None
        self._ent_at: dict[int, Span] = {}
        for ent in self.ents:
            for part in self._coordinated_names(ent):
                for t in part:
                    self._ent_at[t.i] = part

    def _coordinated_names(self, ent: Span) -> list[Span]:
        """The entity, or the names it coordinates when the tagger joined them into one ("Gondor
        and Osgiliath", tagged as one work of art): only when the whole is no name the knowledge
        base knows ("Trinidad and Tobago" stays one) and every part is a country or organisation."""
        from spacy.tokens import Span

        cuts = [t.i for t in ent[1:-1] if t.dep_ == "cc" or t.text == ","]
        if not cuts or self.kb.country(ent.text) or self.kb.organization(ent.text, self.day):
            return [ent]
        bounds = [ent.start, *cuts, ent.end]
        parts = []
        for a, b in itertools.pairwise(bounds):
            while a < b and (self.sdoc[a].dep_ == "cc" or self.sdoc[a].is_punct):
                a += 1
            if a >= b:
                continue
            text = self.sdoc[a:b].text
            if self.kb.country(text):
                parts.append(Span(self.sdoc, a, b, label="GPE"))
            elif self.kb.organization(text, self.day):
                parts.append(Span(self.sdoc, a, b, label="ORG"))
            else:
                return [ent]
        return parts if len(parts) > 1 else [ent]

    def sentence_ents(self, tok: Token) -> list[Span]:
        """``tok.sent.ents`` (the entities wholly inside the token's sentence, as spaCy lists
        them), from the entities read once: spaCy finds the sentence and builds every entity of
        the document again on each call."""
        s = bisect_right(self.sentence_starts, tok.i) - 1
        if s not in self._sentence_ents:
            start = self.sentence_starts[s] if s >= 0 else 0
            end = self.sentence_starts[s + 1] if s + 1 < len(self.sentence_starts) else len(self.sdoc)
            found = []
            for ent in self.ents[bisect_left(self._ent_starts, start):]:
                if ent.end > end:
                    break  # (spaCy's Span.ents stops at the first entity past the sentence)
                found.append(ent)
            self._sentence_ents[s] = found
        return self._sentence_ents[s]

    def ent(self, tok: Token) -> Span | None:
        """The named entity the token is part of."""
        return self._ent_at.get(tok.i)

    def offsets(self, start_char: int, end_char: int) -> tuple[int, int]:
        """Offsets in the normalized text -> offsets in the text the user gave."""
        norm = self.doc.norm
        return norm.to_original(start_char, end_char) if norm else (start_char, end_char)

    def sentences_between(self, a: int, b: int) -> int:
        """How many sentence starts lie after token ``a`` up to token ``b``."""
        return bisect_right(self.sentence_starts, b) - bisect_right(self.sentence_starts, a) if a < b else 0

    def coordinated_subjects(self) -> list[int]:
        """The indices, in order, of the subjects (``nsubj``, ``nsubjpass``) with a conjunct of
        their own ("*The Iraqi Prime Minister* and the US President met"), read once from the
        parse's arrays: coreference looks for one before each "they" (no token for the rest)."""
        if self._coordinated_subjects is None:
            import numpy
            from spacy.attrs import DEP, HEAD

            found: list[int] = []
            if len(self.sdoc):
                strings = self.sdoc.vocab.strings
                arr = self.sdoc.to_array([DEP, HEAD])
                rel = arr[:, 1].astype("int64")  # (the head, relative to the token)
                deps = arr[:, 0]
                has_conj = numpy.zeros(len(self.sdoc), dtype=bool)
                has_conj[(numpy.arange(len(self.sdoc)) + rel)[(deps == strings["conj"]) & (rel != 0)]] = True
                subject = tree.among(deps, [strings["nsubj"], strings["nsubjpass"]])
                found = numpy.flatnonzero(subject & has_conj).tolist()
            self._coordinated_subjects = found
        return self._coordinated_subjects

    def premodifiers(self, head: Token) -> list[Token]:
        """:func:`eventmill.lang.tree.premodifiers` of the head, walked once per token (a phrase's
        reading, its mention's span and its coordinated nationalities each ask for them); the
        list is shared: callers read it, never change it."""
        found = self._premodifiers.get(head.i)
        if found is None:
            found = self._premodifiers[head.i] = tree.premodifiers(head)
        return found

    def np_span(self, head: Token) -> tuple[int, int]:
        """Character span (normalized text) of the noun phrase without relative clauses."""
        toks = [*self.premodifiers(head), head]
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

    def make(self, head: Token, *, country: str | None, sector: str | None, name: str | None = None,
             code: str | None = None, kb_id: str | None = None, kb_source: str | None = None,
             confidence: float, kind: str, plural: bool = False, title: str = "") -> Resolved:
        """A mention of the noun phrase headed by ``head``, with its text and offsets."""
        s, e = self.np_span(head)
        start, end = self.offsets(s, e)
        if name is None and kind in COUNTRY_KINDS:
            name = self.kb.country_name(country)  # a state, a capital for its government, a host, an owner
        actor = Actor(entity_text=self.text[s:e], name=name, country=country, sector=sector,
                      code=code if code is not None else make_code(country, sector), kb_id=kb_id,
                      kb_source=kb_source, start=start, end=end)
        return Resolved(actor, confidence, kind, plural, head.i, title)

    def copy_actor(self, actor: Actor, head: Token) -> Actor:
        """The same actor, as written at another noun phrase."""
        from dataclasses import replace

        s, e = self.np_span(head)
        start, end = self.offsets(s, e)
        return replace(actor, entity_text=self.text[s:e], start=start, end=end)

    def country_of_token(self, tok: Token) -> tuple[str | None, str | None]:
        """(country, sector) a single modifier token names: "Iraqi", "US", "Kenya's", "Kremlin"
        (read once per token: the resolvers ask again for the same modifiers)."""
        found = self._country_of.get(tok.i)
        if found is None:
            found = self._country_of[tok.i] = self._country_named(tok)
        return found

    def _country_named(self, tok: Token) -> tuple[str | None, str | None]:
        ent = self.ent(tok)
        text = ent.text if ent is not None and ent.label_ in ("GPE", "NORP", "FAC", "ORG", "LOC") else tok.text
        candidates = [text, tok.text]
        if ent is not None and len(ent) <= 6:
            # "United States" in "the United States Government": a country named inside a longer name
            candidates += [self.sdoc[ent.start : end].text for end in range(ent.end - 1, tok.i, -1)
                           if ent.start <= tok.i]
        for candidate in candidates:
            iso = self.kb.country(candidate) or self.kb.adjective(candidate)
            if iso:
                return iso, None
        met = self.kb.metonym(text)
        if met and (ent is None or ent.label_ != "PERSON"):
            return met
        return None, None

    def is_capital(self, tok: Token) -> bool:
        """Is the token a capital's name ("the Warsaw summit": where, not who)?"""
        return fold(tok.text) in self.kb.capitals

    def destination(self, tok: Token) -> list[Resolved]:
        """A place that stands for its host when someone travels there: "arrived in
        Baghdad", "a visit to the White House" (the host government)."""
        ent = self.ent(tok)
        text = ent.text if ent is not None else tok.text
        iso = self.kb.country(text)
        if iso:
            return [self.make(tok, country=iso, sector=None, code=iso, confidence=0.8, kind="host")]
        met = self.kb.metonym(text)
        if met:
            return [self.make(tok, country=met[0], sector=met[1], name=self.kb.countries[met[0]].name,
                              confidence=0.75, kind="host")]
        if ent is not None and ent.label_ in ("GPE", "LOC"):
            iso = city_country(text)  # "delivered vaccines to Gaza": the people of a known place
            if iso:
                return [self.make(tok, country=iso, sector=None, name=None, code=iso, confidence=0.6, kind="host")]
        return []
