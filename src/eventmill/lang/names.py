"""Name folding: the key under which any name (of a person, a place, an organisation) and its
meaningless variants meet: case, diacritics, punctuation, typographic apostrophes, a leading
"the"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to strip (and the gazetteer folds half a million names)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# the coder folds the same few thousand names again and again; bounded, so that a long run's
# new names do not pile up
@lru_cache(maxsize=1 << 16)
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
