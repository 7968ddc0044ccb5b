"""Capitals that are not names: credits, labels and headline runs.

A capital letter is the resolver's evidence that a word is a name. Two places in news text
give capitals that say nothing:

- **credits and labels**: "FILE - Police arrested ...", "UPDATE: ...", "Caption People protest
  ...", "(AP Photo/Jane Doe)": an all-capitals word before a dash, colon or bar at the start of
  a sentence, a label word (``credit_word`` in ``data/kb/words.tsv``) that opens a sentence,
  and the names a credit lists after its slash or colon are no actors;
- **headline runs**: "Thai Authorities Indict Protest Leaders For Insulting The Monarchy", where
  every word is capitalised, so a run of capitalised words is no evidence of a name; there a
  name is an actor only if the knowledge base knows it (a known person, organisation or
  country), never an unknown person or organisation made of the run.

The caption and byline sentences themselves (which events they may give) are the article
stage's business; this module only keeps the actor resolver from making names out of them.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from eventmill.lang.words import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventmill.actors.mention import Mentions

_CREDIT_WORDS = word_class("credit_word", "kb/words.tsv")
_LABEL_MARKS = frozenset({"-", "–", "—", ":", "|", "‑"})
# Parts of speech of words that title case capitalises and prose does not ("For", "The", "In").
_CLOSED_CLASS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART", "PRON"})


def is_credit(m: Mentions, tok: Token) -> bool:
    """Is this word a credit or label ("FILE", "Caption", "Photo"), or a name a credit lists
    ("Jane Doe" in "AP Photo/Jane Doe", "Photograph: Jane Doe/Reuters")? Answered once per
    token (a phrase's head and its modifiers are asked again as parts of other phrases)."""
    found = m.credits.get(tok.i)
    if found is None:
        found = m.credits[tok.i] = _is_credit(m, tok)
    return found


def _is_credit(m: Mentions, tok: Token) -> bool:
    start = _sentence_start(m, tok.i)
    doc = tok.doc
    if tok.is_alpha and tok.text.isupper() and len(tok) >= 2 and _opens(doc, start, tok.i, upper=True):
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        # "FILE - ...", "UPDATE: ...", "NAIROBI: ..." (a dateline), not "US-led forces" (a hyphen joins
        # words; a spaced dash labels), nor an organisation a headline quotes ("UN: ...")
        return nxt is not None and nxt.text in _LABEL_MARKS and (nxt.text != "-" or bool(tok.whitespace_)) \
            and m.kb.organization(tok.text, m.day) is None
    if tok.lower_ in _CREDIT_WORDS and tok.text[:1].isupper() and _opens(doc, start, tok.i, upper=False):
        return True  # "Caption People protest ...", "Photo Police detain ..."
    return _credited(m, doc, start, tok.i)


def _opens(doc: Doc, start: int, i: int, upper: bool) -> bool:
    """Does the word open its sentence (after a bracket, or other all-capitals words of a label)?"""
    for j in range(i - 1, start - 1, -1):
        t = doc[j]
        if t.text in ("(", "[", '"', "“") or (upper and t.is_alpha and t.text.isupper()):
            continue
        return False
    return True


def _credited(m: Mentions, doc: Doc, start: int, i: int) -> bool:
    """A name listed in a credit: after "Photo:"/"Photograph:" or a slash that joins it to a
    credit word ("AP Photo/Jane Doe", "Photograph: Jane Doe/AFP/Getty Images")."""
    tok = doc[i]
    if tok.pos_ != "PROPN" or m.kb.sectors.get(tok.lower_):
        return False
    for j in range(i - 1, max(start, i - 8) - 1, -1):
        t = doc[j]
        if t.lower_ in _CREDIT_WORDS and t.text[:1].isupper() and j + 1 < i and doc[j + 1].text in (":", "/"):
            return True
        if not (t.pos_ == "PROPN" or t.text in ("/", ":", "-", "&", ".") or t.lower_ in _CREDIT_WORDS):
            return False
    return False


def headline_run(m: Mentions, tok: Token) -> bool:
    """Is this word in a sentence written in title case ("Police Arrest Opposition Leader In
    Dakar")? Most words capitalised, with capitalised function words ("In", "For", "The")
    after the first, or nearly every word capitalised in a run of five or more."""
    start = _sentence_start(m, tok.i)
    found = m.headline_runs.get(start)  # (the answer is the sentence's: read its words once)
    if found is None:
        end = m.sentence_starts[m.sentence_starts.index(start) + 1] if start != m.sentence_starts[-1] else len(tok.doc)
        found = m.headline_runs[start] = _title_case(tok.doc[start:end])
    return found


def _title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 1]
    if len(words) < 4:
        return False
    capital = sum(1 for t in words if t.text[0].isupper())
    closed = sum(1 for t in words[1:] if t.text[0].isupper() and t.pos_ in _CLOSED_CLASS)
    share = capital / len(words)
    return (share >= 0.8 and len(words) >= 5) or (share >= 0.6 and closed >= 2) or (share >= 0.75 and closed >= 1)


def _sentence_start(m: Mentions, i: int) -> int:
    starts = m.sentence_starts
    return starts[max(0, bisect_right(starts, i) - 1)]

