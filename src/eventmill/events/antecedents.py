"""The act a harm points back to: "the police fired 45 rounds ... one person was injured in the
firing". A harm told without its doer ("was killed", "were injured") whose cause is a definite
noun for an act of force ("in the firing", "during the clash", "in the attack") is a casualty of
that act, which the story has already told with its doer; the doer of the latest act of force
told within the last few sentences is the harm's doer. A cause the text does not point back to
("in a firing", "in firing") names no doer, and an unknown attacker stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventmill.events import triggers
from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.build import Pair
    from eventmill.events.frames_base import Candidate
    from eventmill.events.rules import Lexicon

_TABLE = "events/words.tsv"
_CAUSE_PREPS = word_class("harm_cause_preposition", _TABLE)
_BACK_REFERENCE = word_class("back_reference", "events/incidents.tsv")
_OWN_DOER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
_MEMORY_SENTENCES = 3  # how far back "the firing" may point
_DEMAND_SENTENCES = 1  # how far back the demand "the alternative" is set against may be told


@dataclass
class ForceMemory:
    """The doer of the story's latest act of force with a doer, and the sentence that told it."""

    sentence: int = -1
    actors: tuple[Resolved, ...] = ()

    def note(self, plover: str, actors: list[Resolved], sent_index: int) -> None:
        if plover == "ASSAULT" and actors and not any(a.actor.implicit for a in actors):
            self.sentence, self.actors = sent_index, tuple(actors)

    def referred(self, lex: Lexicon, cand: Candidate, sent_index: int) -> list[Resolved]:
        """The doer of the act of force a doerless harm's cause points back to (none if it points
        to none, or the story told no such act in the last few sentences)."""
        if not self.actors or sent_index - self.sentence > _MEMORY_SENTENCES or sent_index < self.sentence:
            return []
        return list(self.actors) if cause_pointing_back(lex, cand.trigger) is not None else []


@dataclass
class DemandMemory:
    """Whom each party last made a demand of, and the sentence that told it. A threat that names
    what is left if the demand is not met ("Trump said Britain, France and Germany should take
    the fighters back. He warned that *the alternative* would be to release them":
    :func:`~eventmill.events.frames.alternative_course`) is aimed at those the demand was made
    of, in the same sentence or the one before, whatever its own words point to ("them" are the
    fighters, no party)."""

    asked: dict[str, tuple[int, tuple[Resolved, ...]]] = field(default_factory=dict)

    def note(self, plover: str, aux: set[str], pairs: list[Pair], sent_index: int) -> None:
        if plover != "REQUEST" or aux & {"negated", "hypothetical", "future"}:
            return
        for a, r, _ in pairs:
            if a is None or r is None or not a.actor.code or not r.actor.code:
                continue
            seen = self.asked.get(a.actor.code)
            kept = seen[1] if seen is not None and seen[0] == sent_index else ()
            if all(k.actor.code != r.actor.code for k in kept):
                self.asked[a.actor.code] = (sent_index, (*kept, r))

    def addressees(self, actors: list[Resolved], sent_index: int) -> list[Resolved]:
        """Those the actors' latest demand was made of, if it was told close enough before."""
        for a in actors:
            seen = self.asked.get(a.actor.code or "")
            if seen is not None and 0 <= sent_index - seen[0] <= _DEMAND_SENTENCES:
                return list(seen[1])
        return []


def cause_pointing_back(lex: Lexicon, v: Token) -> Token | None:
    """ "killed *in the firing*", "injured *during the clash*", "sustained injuries *in the firing*":
    the definite act-of-force noun that
    is a harm's cause, when the noun names no doer of its own ("in the police firing" does)."""
    # (the cause may hang on the harm's object: "sustained injuries in the firing")
    heads = [v, *(o for o in v.children if o.dep_ == "dobj")]
    for p in (c for h in heads for c in h.children):
        if p.dep_ != "prep" or p.lower_ not in _CAUSE_PREPS:
            continue
        for n in p.children:
            if n.dep_ != "pobj" or not any(c.dep_ == "det" and c.lower_ in _BACK_REFERENCE for c in n.lefts):
                continue
            if any(c.dep_ in _OWN_DOER_DEPS for c in n.lefts) or any(c.dep_ == "prep" and c.lower_ == "by"
                                                                  for c in n.rights):
                continue
            rule = triggers.noun_rule(lex, n) or lex.nouns.get(n.lower_)
            if rule is not None and lex.plover(rule.cameo) == "ASSAULT":
                return n
    return None
