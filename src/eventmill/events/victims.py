"""Victim and perpetrator kept apart: a victim's words about an attack on them are not an
attack by them.

"'They killed our sons,' said the head of the farmers' association": the people attacked are
the speaker's own ("our sons", "us", "we were attacked"), so the attacker is someone else. A
pronoun standing for the attacker ("they") is not resolved by nearness here (the nearest plural
is often the victims themselves); it is left unknown, and the story's fold gives the attack its
named perpetrator where the story names one (``events/incidents.py``). The speaker's side, when
the sentence names the speaker, is the recipient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventmill.actors.mention import Resolved
    from eventmill.events.arguments import Coding
    from eventmill.events.frames_base import Candidate

_FIRST_PERSON = word_class("first_person", "events/incidents.tsv")
_VIOLENT = frozenset({"ASSAULT", "COERCE"})


def victims_voice(cx: Coding, cand: Candidate) -> None:
    """Keep a victim's account of violence from making the victims (or a guess) its actor."""
    if cx.lex.plover(cand.cameo) not in _VIOLENT or not _first_person_victims(cand.trigger):
        return
    speaker = cand.speaker
    own = {s.actor.code for s in speaker if s.actor.code} | {s.actor.country for s in speaker if s.actor.country}
    cand.actors = [a for a in cand.actors if not _referring(a) and not ({a.actor.code, a.actor.country} & own)]
    if speaker and not cand.recipients:
        cand.recipients = list(speaker)


def _first_person_victims(v: Token) -> bool:
    """ "killed our sons", "attacked us", "we were attacked", "my brother was arrested"."""
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in _FIRST_PERSON or any(
                x.dep_ == "poss" and x.lower_ in _FIRST_PERSON for x in c.children)):
            return True
    return False


def _referring(a: Resolved) -> bool:
    """An actor found by referring back (a pronoun, "the group"), not named in the sentence."""
    if a.antecedent >= 0:
        return True
    return a.head >= 0 and a.actor.entity_text.lower() in _PRONOUNS


_PRONOUNS = frozenset({"they", "them", "he", "she", "it", "we", "you"})
