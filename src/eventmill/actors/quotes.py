"""Quotations and their speakers: who "I", "me", "we" and "us" are inside quotation marks.

In ``"They tried to assassinate me," the president said`` the president is "me": the target,
not the attacker. A first-person pronoun inside a quotation refers to the quotation's speaker,
the subject of the verb the quotation hangs on (``said``, ``told``, ``added`` ...), whether the
attribution comes after the quotation or before it (``the president said: "..."``). A quotation
that hangs on nothing (a sentence quoted on its own after an attributed one: ``"We will
fight," he said. "They tried to kill us."``) continues the last attributed quotation of the
two sentences before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_OPENING = frozenset({"“", "«", "„"})
_CLOSING = frozenset({"”", "»"})
_STRAIGHT = '"'
_KEY = "eventmill.quotes"


def _mark_or_break(text: str) -> bool:
    """Can a token with this text open or close a quotation (a mark, or a line break)?"""
    return text in _OPENING or text in _CLOSING or text == _STRAIGHT or ("\n" in text and not text.strip())


def spans(sdoc: Doc) -> list[tuple[int, int]]:
    """(opening mark, closing mark) token indices of the document's quotations, in order; an
    unclosed quotation ends at the next paragraph break (news style reopens it there)."""
    cached = sdoc.user_data.get(_KEY)
    if cached is not None:
        return list(cached)
    from spacy.attrs import ORTH

    from eventmill.lang.tree import where

    out: list[tuple[int, int]] = []
    opened: int | None = None
    # (only quotation marks and line breaks open or close a quotation: read those alone)
    for t in map(sdoc.__getitem__, where(sdoc, ORTH, _mark_or_break)):
        text = t.text
        if opened is not None and t.is_space and "\n" in text:
            out.append((opened, t.i))
            opened = None
        elif text in _OPENING or (text == _STRAIGHT and opened is None and t.tag_ != "''"):
            opened = t.i
        elif opened is not None and (text in _CLOSING or text == _STRAIGHT):
            out.append((opened, t.i))
            opened = None
    if opened is not None:
        out.append((opened, len(sdoc)))
    sdoc.user_data[_KEY] = tuple(out)
    return out


def inside(tok: Token) -> bool:
    """Is the token inside quotation marks?"""
    return any(a < tok.i < b for a, b in spans(tok.doc))


def speaker(tok: Token) -> Token | None:
    """The token naming who speaks the quotation this token is in, or None."""
    quotes = spans(tok.doc)
    for n, (a, b) in enumerate(quotes):
        if a < tok.i < b:
            said = _attribution(tok.doc, a, b)
            if said is not None:
                return said
            for a2, b2 in reversed(quotes[:n]):  # a quotation continued from an attributed one
                if _sentences_apart(tok.doc, b2, a) > 2:
                    break
                said = _attribution(tok.doc, a2, b2)
                if said is not None:
                    return said
            return None
    return None


def _attribution(doc: Doc, a: int, b: int) -> Token | None:
    """The subject of the verb outside the quotation that its words hang on."""
    for t in doc[a + 1 : b]:
        h = t.head
        if a < h.i < b or h.i == t.i or t.is_punct:
            continue
        if h.pos_ not in ("VERB", "AUX"):
            return None
        for c in h.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not a < c.i < b:
                return c
        return None
    return None


def _sentences_apart(doc: Doc, i: int, j: int) -> int:
    return sum(1 for t in doc[i + 1 : j + 1] if t.is_sent_start)
