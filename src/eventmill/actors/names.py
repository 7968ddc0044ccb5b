"""Name folding: the keys under which names and their variants are matched.

``fold`` makes spelling differences that carry no meaning disappear: case, diacritics,
punctuation, typographic apostrophes, a leading "the". ``name_key`` goes further for
person names: Arabic articles (al-, el-, ad-, as-...) are dropped, so "Mustafa Al-Kadhimi"
and "Mustafa Kadhimi" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from eventmill.resources import read_tsv

_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "ash", "an", "ul", "ud", "ad-", "al-"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh", "sayyid"})


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to strip (and the gazetteer folds half a million names)
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
