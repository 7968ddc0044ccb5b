"""Language identification (py3langid ships its model in the wheel: nothing is downloaded)."""

from __future__ import annotations

import re
from functools import lru_cache

# English function words: a text dense with them is English whatever the classifier says
# about short, name-heavy sentences ("Biden met Kadhimi in Washington on Monday.").
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "that",
        "for",
        "on",
        "with",
        "by",
        "as",
        "at",
        "from",
        "said",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "will",
        "would",
        "not",
        "be",
        "been",
        "an",
        "this",
        "which",
        "who",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _classify():
    from py3langid import langid  # loads its bundled model on first use

    return langid.classify


def detect_language(text: str, sample: int = 2000) -> str:
    """ISO 639-1 code of the text's language (``"en"``, ``"fr"``, ...).

    Only the first ``sample`` characters are looked at. Text with too few words to judge
    is assumed English rather than dropped.
    """
    head = text[:sample]
    words = [w.lower() for w in _WORD.findall(head)]
    if len(words) < 6:
        return "en"
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= 0.12:
        return "en"
    lang, _score = _classify()(head)
    return str(lang)
