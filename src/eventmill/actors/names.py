"""Person names: the keys under which a name and its variants are matched.

``fold`` (:mod:`eventmill.lang.names`) makes spelling differences that carry no meaning
disappear; ``name_key`` goes further for person names: Arabic articles (al-, el-, ad-,
as-...) and honorifics are dropped, so "Mustafa Al-Kadhimi" and "Mustafa Kadhimi" meet;
``transliterate`` and ``skeleton`` meet spellings across scripts and transliterations.
"""

from __future__ import annotations

from functools import lru_cache

from eventmill.lang.names import fold, strip_accents
from eventmill.lang.words import en
from eventmill.resources import read_tsv

__all__ = ["fold", "name_key", "skeleton", "strip_accents", "transliterate"]

_ARTICLES = en("name_article")
_HONORIFICS = en("honorific")


def name_key(text: str) -> str:
    """A person-name key: folded, without Arabic articles and honorifics.

    >>> name_key("Mustafa Al-Kadhimi") == name_key("mustafa kadhimi")
    True
    """
    tokens = [t for t in fold(text).split() if t not in _ARTICLES and t not in _HONORIFICS]
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _letters() -> dict[str, str]:
    return {row["char"]: row["latin"] for row in read_tsv("kb/transliteration.tsv")}


def transliterate(text: str) -> str:
    """Latin letters for a name written in Arabic, Cyrillic, Greek or Hebrew script (other
    characters kept). The Arabic article written onto the word ("الكاظمي") is split off so
    that name_key drops it as it drops "al-" in Latin spellings.

    >>> transliterate("Путин")
    'putin'
    """
    letters = _letters()
    words = []
    for word in text.lower().replace("\u200c", "").split():  # Persian half-space joins one word
        if word.startswith("ال") and len(word) > 3:
            word = "ال " + word[2:]
        words.append("".join(letters.get(ch, ch) for ch in word))
    return " ".join(words)


# Latin spellings that differ only in how a transliteration renders one sound: q/k/c/g/j
# ("Qaddafi", "Gaddafi", "Kadhafi"; "Gamal"/"Jamal"), d/dh/z ("Kadhimi", "Kazemi"), s/sh/ch/ts,
# f/ph/v, b/p. Vowels, w, y and the Arabic ain are left out, and doubled letters count once.
_DIGRAPHS = (("shch", "s"), ("kh", "k"), ("gh", "k"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"),
             ("ph", "f"), ("ts", "s"), ("zh", "s"), ("ck", "k"), ("dj", "k"))
_CLASSES = str.maketrans({"q": "k", "c": "k", "g": "k", "j": "k", "z": "d", "v": "f", "p": "b", "x": "k"})
_SILENT = frozenset("aeiouyw'")


def skeleton(text: str) -> str:
    """The consonant skeleton of a name, the key under which its transliteration variants
    meet ("Kadhimi", "Kazemi", "الكاظمي" -> "kdm"; "Qaddafi", "Kadhafi" -> "kdf").

    >>> skeleton("Muammar Qaddafi") == skeleton("Mouammar Kadhafi")
    True
    """
    out = []
    for word in name_key(transliterate(text)).split():
        for pair, sound in _DIGRAPHS:
            word = word.replace(pair, sound)
        word = word.translate(_CLASSES)
        chars = [c for c in word if c not in _SILENT]
        collapsed = [c for i, c in enumerate(chars) if i == 0 or c != chars[i - 1]]
        if collapsed:
            out.append("".join(collapsed))
    return " ".join(out)
