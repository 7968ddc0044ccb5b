"""Patrons and allegiances: modifiers that name someone other than the actor.

"US-backed fighters" are not US fighters, "Iranian-funded militias" not Iranian ones, "pro-Russian
separatists" not Russians, "anti-American protesters" not Americans: the country or group before
"-backed", "-funded", "-led" ... (``patron_participle`` in ``data/kb/words.tsv``), or after
"pro-"/"anti-" (``allegiance_prefix``), backs, leads or is favoured by the actor; the actor is the
group itself, with the country the rest of the text gives it (where it fights, its own
nationality: "Turkish-backed Syrian rebels" are Syrian rebels), else none. One exception: a state
that leads a coalition or a state's forces ("the Saudi-led coalition", "US-led forces",
``leader_participle``) stands for them, as analysts code them.

:func:`split` separates those modifiers from the rest of the noun phrase before any resolver
reads it, and says which countries they name, so that no later guess (the place, the story's
country) gives the actor its patron's country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.geo.gazetteer import city_country
from eventmill.lang.names import fold
from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventmill.actors.mention import Mentions
    from eventmill.actors.phrase import Resolving

PATRON_PARTICIPLES = word_class("patron_participle", "kb/words.tsv")
_LEADER_PARTICIPLES = word_class("leader_participle", "kb/words.tsv")
_ALLEGIANCE_PREFIXES = word_class("allegiance_prefix", "kb/words.tsv")
_GROUP_HEADS = word_class("collective_head", "kb/words.tsv") | word_class("fighter_head", "kb/words.tsv")
_STATE_SECTORS = frozenset({"MIL", "GOV", "COP"})  # what a state may lead on others' behalf
_HYPHENS = frozenset({"-", "–", "‑"})
_KEY = "eventmill.patrons"
_MARKS_KEY = "eventmill.patrons.marks"


def leader(m: Mentions, head: Token, premods: list[Token]) -> str | None:
    """The country that leads this coalition or force ("the Saudi-led coalition", "U.S.-led
    forces"), if a modifier names one."""
    if not _has_patrons(head.doc):
        return None
    for t in premods:
        tokens = _patron_phrase(t)
        if tokens is not None and _leads_for(m, head, t, tokens):
            return next(filter(None, (_country_named(m, x, len(tokens) == 1) for x in tokens)), None)
    return None


def split(m: Mentions, head: Token, premods: list[Token]) -> tuple[list[Token], frozenset[str]]:
    """(the modifiers that describe the actor itself, what its patrons name: their countries, or
    the code or name of a patron of no country, "UN-backed"). A leader is no patron (:func:`leader`)."""
    if not _has_patrons(head.doc):
        return premods, frozenset()
    patron_tokens: set[int] = set()
    countries: set[str] = set()
    for t in premods:
        if t.i in patron_tokens:
            continue
        tokens = _patron_phrase(t)
        if tokens is None or _leads_for(m, head, t, tokens) or _cause(m, t):
            continue
        patron_tokens.update(x.i for x in tokens)
        countries.update(_named_countries(m, tokens))
    if not patron_tokens:
        return premods, frozenset()
    return [t for t in premods if t.i not in patron_tokens], frozenset(countries)


def is_patron(tok: Token) -> bool:
    """Is this token the patron or allegiance a modifier names ("US" in "US-backed fighters",
    "Russian" in "pro-Russian separatists")?"""
    if not _has_patrons(tok.doc):
        return False
    heads, before = _marks(tok.doc)
    head = tok.head
    if tok.i not in heads and head.i not in heads and head.head.i not in heads and tok.i not in before and \
            head.i not in before:
        return False  # (each of the walks needs a patron phrase headed here or above, or a word before a participle)
    return _walks_find_patron(tok)


def _walks_find_patron(tok: Token) -> bool:
    """:func:`is_patron`'s walks: the token's own patron phrase or allegiance, a participle after it
    or its head, a patron phrase of its head or its head's head that holds it."""
    if _is_allegiance(tok) or _patron_phrase(tok) == [tok]:
        return True
    if any(_before_participle(t) for t in (tok, tok.head)):
        return True  # "Iranian-backed", "United States-backed", however the parser attached them
    anc = tok.head
    for _ in range(2):
        phrase = _patron_phrase(anc)
        if phrase is not None and tok in phrase:
            return True
        if anc.head.i == anc.i:
            break
        anc = anc.head
    return False


def backs_an_actor(m: Mentions, tok: Token) -> bool:
    """Is this token a patron of an actor ("Iran" in "an Iran-allied group", "US" in "US-backed
    fighters"), rather than of an event ("Putin" in "Putin-sponsored talks": the host)?"""
    if not is_patron(tok):
        return False
    noun = next((a for a in tok.ancestors if a.pos_ in ("NOUN", "PROPN") and a.i > tok.i), None)
    if noun is None:
        return False
    ent = m.ent(noun)
    return bool(m.kb.sectors.get(fold(noun.lemma_)) or m.kb.sectors.get(fold(noun.text))
                or noun.lemma_.lower() in _GROUP_HEADS or (ent is not None and ent.label_ in ("ORG", "NORP", "PERSON")))


def _has_patrons(doc: Doc) -> bool:
    """Whether the document has a word any patron phrase needs: a hyphen between an allegiance
    prefix or a patron participle and its neighbour ("pro-Russian", "UN - backed"), or a
    participle joined to its patron in one token ("U.S.-backed"). Without one, no token is a
    patron and the walks of :func:`is_patron` can be skipped (most stories: the same answers).
    Read once per document, from the parse's arrays, without making a token for every word."""
    found = doc.user_data.get(_KEY)
    if found is None:
        from spacy.attrs import LOWER

        strings = doc.vocab.strings
        lowers = [strings[x] for x in doc.to_array(LOWER).tolist()] if len(doc) else []
        last = len(lowers) - 1
        found = any(
            (w in _HYPHENS and ((i < last and lowers[i + 1] in PATRON_PARTICIPLES) or
                                (i > 0 and lowers[i - 1] in _ALLEGIANCE_PREFIXES)))
            or ("-" in w[1:] and w.rsplit("-", 1)[1] in PATRON_PARTICIPLES)
            for i, w in enumerate(lowers))
        doc.user_data[_KEY] = found
    return bool(found)


def _marks(doc: Doc) -> tuple[frozenset[int], frozenset[int]]:
    """(the tokens that can head a patron phrase, the tokens :func:`_before_participle` holds
    for) of a document: the allegiance after "pro-"/"anti-", a one-token "U.S.-backed", a patron
    participle after a hyphen; a word before the hyphen and the participle. Read once per
    document from the words around its hyphens, so that :func:`_patron_phrase` and
    :func:`is_patron` answer the other tokens (nearly all) without looking at their neighbours."""
    found = doc.user_data.get(_MARKS_KEY)
    if found is None:
        from spacy.attrs import LOWER

        strings = doc.vocab.strings
        lowers = [strings[x] for x in doc.to_array(LOWER).tolist()] if len(doc) else []
        n = len(lowers)
        heads: set[int] = set()
        before: set[int] = set()
        for i, w in enumerate(lowers):
            allegiance = i >= 2 and lowers[i - 1] in _HYPHENS and lowers[i - 2] in _ALLEGIANCE_PREFIXES
            one_token = "-" in w[1:] and w.rsplit("-", 1)[1] in PATRON_PARTICIPLES  # "U.S.-backed"
            if allegiance or one_token or (  # (the hyphens are the same in lower case)
                    w in PATRON_PARTICIPLES and i > 1 and lowers[i - 1] in _HYPHENS and doc[i].tag_ == "VBN"):
                heads.add(i)
            if i + 2 < n and lowers[i + 1] in _HYPHENS and lowers[i + 2] in PATRON_PARTICIPLES and \
                    not doc[i].whitespace_ and doc[i + 2].tag_ == "VBN":
                before.add(i)
        found = doc.user_data[_MARKS_KEY] = (frozenset(heads), frozenset(before))
    return found


def _patron_phrase(t: Token) -> list[Token] | None:
    """The tokens of a patron modifier headed at ``t``: "US-backed", "US-backed and Kurdish-led",
    "pro-Russian" (with its "pro" and hyphen); None if ``t`` heads none."""
    doc = t.doc
    if t.i not in _marks(doc)[0]:
        return None  # (none of the three forms below)
    if _is_allegiance(t):
        return [doc[t.i - 2], doc[t.i - 1], *t.subtree]
    low = t.lower_
    if "-" in low[1:] and low.rsplit("-", 1)[1] in PATRON_PARTICIPLES:
        return [t]  # one token: "U.S.-backed"
    if low in PATRON_PARTICIPLES and t.tag_ == "VBN" and t.i > 1 and doc[t.i - 1].text in _HYPHENS:
        tokens = [x for x in t.subtree if x.i <= t.i or x.dep_ in ("cc", "conj")]
        patron = doc[t.i - 2]
        if patron not in tokens:  # parsed as a sibling: "UN" (compound) "-" (amod) "backed" (amod)
            tokens = sorted({*tokens, doc[t.i - 1], *(x for x in patron.subtree if x.i <= patron.i)},
                            key=lambda x: x.i)
        return tokens
    return None


def _before_participle(t: Token) -> bool:
    """Is this word followed by a hyphen and a patron participle ("UN" in "UN-backed")?"""
    return t.i in _marks(t.doc)[1]


def _is_allegiance(t: Token) -> bool:
    """ "Russian" in "pro-Russian separatists", "American" in "anti-American protesters"."""
    doc = t.doc
    return t.i >= 2 and doc[t.i - 1].text in _HYPHENS and doc[t.i - 2].lower_ in _ALLEGIANCE_PREFIXES


def _cause(m: Mentions, t: Token) -> bool:
    """ "anti-war groups", "pro-democracy activists": a stance for or against a cause (a common
    noun in lower case that names no party) is part of what the group is, not a patron."""
    return _is_allegiance(t) and t.pos_ in ("NOUN", "ADJ") and t.is_lower and not m.kb.sectors.get(fold(t.lemma_)) and \
        m.country_of_token(t)[0] is None


def _leads_for(m: Mentions, head: Token, t: Token, tokens: list[Token]) -> bool:
    """ "the Saudi-led coalition", "US-led forces": a state leading a coalition or forces is the actor."""
    form = t.lower_.rsplit("-", 1)[-1]
    if form not in _LEADER_PARTICIPLES:
        return False
    nouns = [head, *(c for c in head.lefts if c.dep_ == "compound")]
    if not any(m.kb.sectors.get(fold(n.lemma_)) in _STATE_SECTORS or m.kb.sectors.get(fold(n.text)) in _STATE_SECTORS
               for n in nouns):
        return False
    return any(_country_named(m, x, len(tokens) == 1) for x in tokens if x.i != t.i or len(tokens) == 1)


def _country_named(m: Mentions, x: Token, one_token: bool) -> str | None:
    iso = m.country_of_token(x)[0]
    if iso is None and one_token and "-" in x.text:  # "U.S.-backed"
        before = x.text.rsplit("-", 1)[0]
        iso = m.kb.country(before) or m.kb.adjective(before)
    return iso


def _named_countries(m: Mentions, tokens: list[Token]) -> set[str]:
    out: set[str] = set()
    for x in tokens:
        iso = _country_named(m, x, len(tokens) == 1)
        if iso is None and x.pos_ == "PROPN":
            org = m.kb.organization(x.text, m.day)
            iso = (org.country or org.code or x.text) if org is not None else x.text
        if iso:
            out.add(iso)
    return out


def home(r: Resolving, head: Token, patron_countries: frozenset[str]) -> str | None:
    """Where a backed group acts, when nothing in its own phrase says: the nearest city or
    region the sentence names ("US-backed fighters attacked positions near Raqqa"), or a country
    named as a place ("in Syria"); never a patron's country, never a country named as another
    actor ("attacked the US") or as a modifier ("a US base")."""
    from eventmill.actors.locative import under_locative

    best: tuple[int, str] | None = None
    for ent in r.m.sentence_ents(head):
        root = ent.root
        if ent.label_ not in ("GPE", "LOC", "FAC") or is_patron(root) or root.dep_ in ("compound", "amod", "poss"):
            continue
        if r.kb.country(ent.text) or r.kb.metonym(ent.text):
            iso = (r.kb.country(ent.text) or (r.kb.metonym(ent.text) or (None, None))[0]) if under_locative(
                root) else None  # a country or seat of power is a place only where "in"/"at" makes it one
        else:
            iso = city_country(ent.text, min_population=0)
        if iso and iso not in patron_countries and (best is None or abs(root.i - head.i) < best[0]):
            best = (abs(root.i - head.i), iso)
    return best[1] if best is not None else None
