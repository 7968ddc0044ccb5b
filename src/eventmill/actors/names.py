"""Name folding: the keys under which names and their variants are matched.

``fold`` makes spelling differences that carry no meaning disappear: case, diacritics,
punctuation, typographic apostrophes, a leading "the". ``name_key`` goes further for
person names: Arabic articles (al-, el-, ad-, as-...) are dropped, so "Mustafa Al-Kadhimi"
and "Mustafa Kadhimi" meet.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "ash", "an", "ul", "ud", "ad-", "al-"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh", "sayyid"})


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, spaces collapsed, no leading "the".

    >>> fold("The Côte d'Ivoire")
    'cote d ivoire'
    >>> fold("U.S.")
    'us'
    """
    s = strip_accents(text).lower().replace("\u2019", "'")
    s = s.replace(".", "")
    s = _NON_WORD.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def name_key(text: str) -> str:
    """A person-name key: folded, without Arabic articles and honorifics.

    >>> name_key("Mustafa Al-Kadhimi") == name_key("mustafa kadhimi")
    True
    """
    tokens = [t for t in fold(text).split() if t not in _ARTICLES and t not in _HONORIFICS]
    return " ".join(tokens)


def surname_key(text: str) -> str:
    """The last token of a person-name key ("" for an empty name)."""
    key = name_key(text)
    return key.rsplit(" ", 1)[-1] if key else ""
