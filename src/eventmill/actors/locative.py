"""Place phrases introduced as where something is or happens ("in", "at", "near", "an airstrike
on"): read by the context resolver (a place's people) and by the patrons reading (a country named
where a group acts is not its patron)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.lang.tree import in_comparison
from eventmill.lang.words import en, word_class

if TYPE_CHECKING:
    from spacy.tokens import Token

_STATIC_LOCATIVE = en("static_locative_preposition")
_STRUCK_HEADS = word_class("struck_head", "kb/words.tsv")


def under_locative(tok: Token) -> bool:
    """Is this place phrase what "in"/"at"/"near" introduces ("in the West Bank city of Hebron")?"""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ in _STATIC_LOCATIVE:
            return not in_comparison(t)  # "As in Bosnia, nobody ...": another place compared
        if t.dep_ == "pobj" and t.head.lower_ == "on" and t.head.head.pos_ in ("NOUN", "VERB") and (
                t.head.head.lemma_.lower() in _STRUCK_HEADS):
            return True  # "an airstrike on Gaza City killed five people": where the victims were
        if t.dep_ not in ("compound", "pobj", "prep", "appos") or t.head.i == t.i:
            return False
        t = t.head
    return False
