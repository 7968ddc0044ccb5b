"""Casualty and arrest figures as the text states them ("killing at least 12 soldiers",
"15 suspects were arrested", "left six people dead"). Vague amounts ("dozens") are not
numbers: they give null, never a guess."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventmill.lang.words import numbers, word_class
from eventmill.records import Size

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_WORDS = {**{w: int(n) for w, n in numbers("cardinal").items() if n}, **{w: int(n) for w, n in numbers("ten").items()}}
_SCALES = {w: int(n) for w, n in numbers("scale").items()}
DEAD = word_class("killing", "events/words.tsv")
INJURED = word_class("wounding", "events/words.tsv")
ARRESTED = word_class("arresting", "events/words.tsv")


def parse_number(tokens: list[Token]) -> int | None:
    """ "12", "1,200", "six", "twenty-three", "two hundred"; None for anything vaguer."""
    total = 0
    current = 0
    seen = False
    for t in tokens:
        w = t.lower_.replace(",", "")
        if w in ("-", "and"):
            continue
        parts = w.split("-")
        for p in parts:
            if p.isdigit():
                current += int(p)
                seen = True
            elif p in _WORDS:
                current += _WORDS[p]
                seen = True
            elif p in _SCALES:
                current = max(current, 1) * _SCALES[p]
                if _SCALES[p] >= 1000:
                    total += current
                    current = 0
                seen = True
            else:
                return None
    return total + current if seen else None


def _count(np_head: Token) -> int | None:
    if np_head.like_num or np_head.pos_ == "NUM":
        num_toks = [t for t in np_head.subtree if t.like_num or t.lower_ in _SCALES or t.lower_ == "-"]
        return parse_number(num_toks)
    for c in np_head.children:
        if c.dep_ == "nummod":
            num_toks = [
                t for t in c.subtree if t.dep_ != "quantmod" and (t.like_num or t.lower_ in _SCALES or t.lower_ == "-")
            ]
            return parse_number(num_toks)
    return None


def sentence_size(sent: Span) -> Size | None:
    """Figures a sentence states for deaths, injuries and arrests."""
    size = Size()
    for t in sent:
        lemma = t.lemma_.lower()
        kind = "dead" if lemma in DEAD else "injured" if lemma in INJURED else "arrested" if lemma in ARRESTED else None
        if lemma == "leave":
            if any(c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ == "dead" for c in t.children):
                kind = "dead"
            elif any(c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ in ("injured", "wounded") for c in t.children):
                kind = "injured"
        if kind is None:
            continue
        heads = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if t.dep_ == "acl" and t.tag_ == "VBN":  # "12 people killed in ..."
            heads.append(t.head)
        for h in heads:
            n = _count(h)
            if n is not None and getattr(size, kind) is None:
                setattr(size, kind, n)
    if size.dead is None and size.injured is None and size.arrested is None:
        return None
    return size
