"""Language identification (py3langid ships its model in the wheel: nothing is downloaded).

A story is skipped as not English only when the classifier is sure: a short, name-heavy
English sentence ("Syrian President Bashar Assad said Turkey must mediate ...") can look
like anything, and dropping English news silently is worse than parsing a foreign one.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

# English function words: a text dense with them is English whatever the classifier says.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is was were are has have had that for on with by as at from said it "
    "its their his her they he she will would not be been an this which who".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# Languages of the world's news that the classifier chooses among (more candidates, more
# confusions on short texts).
NEWS_LANGUAGES = (
    "en fr de es it pt nl ru uk ar fa tr zh ja ko hi ur id ms pl cs ro hu el he sv no da fi sw vi th bn ta am so ha"
).split()
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    path = os.path.join(os.path.dirname(langid.__file__), langid.MODEL_FILE)
    ident = langid.LanguageIdentifier.from_modelpath(path, norm_probs=True)
    ident.set_languages(NEWS_LANGUAGES)
    return ident


def detect_language(text: str, sample: int = 2000) -> str:
    """ISO 639-1 code of the text's language (``"en"``, ``"fr"``, ...).

    Only the first ``sample`` characters are looked at. Text with too few words to judge,
    or that the classifier is not sure about, is taken as English.
    """
    head = text[:sample]
    words = [w.lower() for w in _WORD.findall(head)]
    if len(words) < 6:
        return "en"
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= 0.12:
        return "en"
    lang, prob = _identifier().classify(head)
    return str(lang) if lang == "en" or prob >= MIN_CONFIDENCE else "en"
