"""What ``eventmill kb search`` says about phrases the resolver reads by rule, not by name.

Some queries are not names the knowledge base looks up but phrases a rule decides: a patron
("US-backed fighters": the US backs them, it is not their country), an allegiance
("pro-Russian separatists"), a coalition a state leads ("the Saudi-led coalition"), the sides
of a deal ("both parties"), an ethnic group ("ethnic Albanians"), a credit or label ("FILE"),
a first-person pronoun (in a quotation, its speaker). :func:`read` recognises them from the
same word classes the resolvers use and says what the rule does; the rest of the query (the
group itself) is then looked up as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventmill.actors.patrons import PATRON_PARTICIPLES
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from datetime import date

    from eventmill.actors.kb import KnowledgeBase

_LEADERS = word_class("leader_participle", "kb/words.tsv")
_ALLEGIANCE = word_class("allegiance_prefix", "kb/words.tsv")
_SIDE_NOUNS = word_class("side_noun", "kb/words.tsv")
_SIDE_MODIFIERS = word_class("side_modifier", "kb/words.tsv")
_ETHNIC = word_class("ethnic_marker", "kb/words.tsv")
_CREDIT_WORDS = word_class("credit_word", "kb/words.tsv")
_FIRST_PERSON = en("first_person_pronoun")
_ARTICLES = frozenset({"the", "these", "those"})
_STATE_SECTORS = frozenset({"MIL", "GOV", "COP"})
WORDS = "kb/words.tsv"


@dataclass
class Reading:
    """A rule's reading of (part of) the query."""

    kind: str  # patron | allegiance | leader | sides | ethnic group | credit | first person
    entry: str  # the words the rule reads
    detail: str  # what they name
    status: str  # what the rule does with them
    rest: str  # what remains to look up as a name ("" for nothing)
    country: str | None = None  # the country the reading gives the actor (leader, ...)
    sector: str | None = None
    forbids: str | None = None  # a country the actor must not get (a patron's)


def read(kb: KnowledgeBase, query: str, day: date) -> Reading | None:
    """The rule that reads this query, if one does."""
    words = query.split()
    if not words:
        return None
    low = [fold(w) for w in words]
    if len(words) == 1 and low[0] in _FIRST_PERSON:
        return Reading("first person", words[0], "a first-person pronoun",
                       "inside a quotation, the quotation's speaker (\"They tried to kill me,\" X said: X is the "
                       "target); outside one, nobody", "")
    if _is_credit(kb, words, day):
        return Reading("credit", query, f"a credit or label ({WORDS}: credit_word, or all capitals)",
                       "at the start of a sentence (\"FILE - ...\", \"Caption ...\") or in a photo credit: no actor, "
                       "no part of a name", "")
    if low[-1] in ("parties", "party") and len(words) > 1 and all(
            w in _SIDE_MODIFIERS or w in _ARTICLES or w.isdigit() for w in low[:-1]):
        return Reading("sides", query, f"the sides of a deal, talks or conflict ({WORDS}: side_noun, side_modifier)",
                       "the two sides named before, each as it was named; never political parties, and no actor "
                       "when no sides were named", "")
    if len(words) > 1 and low[0] in _ETHNIC:
        iso = kb.adjective(" ".join(words[1:]))
        if iso:
            return Reading("ethnic group", query, f"an ethnic group ({WORDS}: ethnic_marker)",
                           f"of the country where it lives (the text's place, else the story's country), not {iso}",
                           "")
    return _patron(kb, words, day)


def _is_credit(kb: KnowledgeBase, words: list[str], day: date) -> bool:
    text = " ".join(words)
    if kb.organization(text, day) is not None or kb.country(text) or kb.metonym(text):
        return False
    if len(words) == 1 and fold(words[0]) in _CREDIT_WORDS:
        return True
    return all(w.isalpha() and w.isupper() and len(w) >= 3 for w in words)


def _patron(kb: KnowledgeBase, words: list[str], day: date) -> Reading | None:
    """ "US-backed fighters", "pro-Russian separatists", "the Saudi-led coalition"."""
    for n, w in enumerate(words):
        if "-" not in w[1:]:
            continue
        before, after = w.rsplit("-", 1)
        rest = " ".join(words[n + 1 :])
        if fold(before) in _ALLEGIANCE:
            iso = kb.country(after) or kb.adjective(after)
            return Reading("allegiance", w, f"{after}: {iso or 'a stance'} ({WORDS}: allegiance_prefix)",
                           "a stance, not a nationality: never the actor's country", rest, forbids=iso)
        if fold(after) not in PATRON_PARTICIPLES:
            continue
        iso = kb.country(before) or kb.adjective(before)
        org = kb.organization(before, day) if iso is None else None
        named = iso or (org.code if org is not None else None) or "no country"
        sector = kb.sectors.get(fold(rest.split()[-1])) if rest else None
        if fold(after) in _LEADERS and iso and sector in _STATE_SECTORS:
            return Reading("leader", w, f"{before}: {iso} ({WORDS}: leader_participle)",
                           "a state leading a coalition or forces stands for them", "", country=iso, sector=sector)
        return Reading("patron", w, f"{before}: {named} ({WORDS}: patron_participle)",
                       "backs, funds, leads or owns the actor: never the actor's country; the actor is the group "
                       "itself, of the country its own words or the place where it acts give",
                       rest, forbids=iso or (org.country if org is not None else None))
    return None
