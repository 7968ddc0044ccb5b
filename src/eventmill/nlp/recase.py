"""Restore the case of a text written all in lower case, or of a headline in title case, before it is parsed.

spaCy's tagger and entity recogniser learnt English as it is printed: in a story written all in
lower case ("new delhi: police arrested three vhp activists in ahmedabad") they find no names,
read nouns as verbs and miss the subject. Some archives keep news that way (the Times of India
articles of IndiaPoliceEvents). Such a text is given back its likely case before parsing:

- the first word of a sentence or paragraph, "I", and the word after a title ("mr", "shri");
- names the knowledge base and the gazetteer know, longest first: "new delhi", "border security
  force", "uttar pradesh"; a one-word name only when it is not also an ordinary English word
  (a town called "Police" does not make the police a place);
- acronyms the knowledge base writes in capitals ("crpf"), and short words without a vowel ("bjp");
- weekdays, and months next to a number or a date word ("on march 3", "in march", not "the march");
- words no English word list knows, read as names ("waghela", "godhra").

A line in title case ("Police Arrest Three Men In Raid On Kabul Market", a headline) is put in
sentence case the same way: its ordinary words lose their capitals, names keep them, so that the
tagger does not read every word as a proper noun.

Only the case of letters changes, never their number, so every offset (and the offset map back to
the user's text) stays exact. A text that has its capitals is left as it is.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from eventmill.lang.names import fold
from eventmill.records import Document, NormalizedText
from eventmill.resources import read_tsv, split
from eventmill.tables import cached_table

# A text is "all lower case" when capitals are fewer than this share of its letters (a header
# line such as "This story is from March 10, 2002" does not make a lower-case story cased).
MAX_CAPITAL_SHARE = 0.02
MIN_LETTERS = 40
MAX_NAME_WORDS = 4
# one-word place names are restored only for places this large (or countries and regions)
BIG_PLACE = 200_000
# a name of several words is restored for places from this size up
NAMED_PLACE = 15_000

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+$|\n\s*$|^\s*$")
_VOWELS = frozenset("aeiouy")
_LINE = re.compile(r"[^\n]+")
_TITLE_LINE_HINT = re.compile(r"(?:^|\n)[^\n.]*?[A-Z]\w+ [A-Z]\w+ [A-Z]\w+ [A-Z]\w+")
MAX_HEADLINE_WORDS = 20
TITLE_SHARE = 0.8
_NUMBER_AFTER = re.compile(r"\s*\d")
_NUMBER_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s*(?:of\s+)?$")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
             ("ers", ""), ("er", ""), ("est", ""), ("ly", ""), ("ness", ""), ("ment", ""), ("ments", ""))


def restore_case(doc: Document) -> None:
    """Give a document written all in lower case its likely capitals, in the normalized copy the
    parser reads (the user's text, and so every offset, stays as it was)."""
    norm = doc.norm
    text = norm.text if norm is not None else doc.text
    cased = recase(text) if is_lower_case(text) else headline_case(text)
    if cased == text:
        return
    if norm is None:
        doc.norm = NormalizedText(cased, len(doc.text), array("i"), array("i"), True)
    else:
        doc.norm = replace(norm, text=cased)


def headline_case(text: str, table: CaseTable | None = None) -> str:
    """The text with its title-case lines ("Police Arrest Three Men In Raid On Kabul Market") in
    sentence case, names kept: spaCy reads a capitalised verb as a proper noun. Only the case of
    letters changes (same length)."""
    if not _TITLE_LINE_HINT.search(text):
        return text
    out: list[str] | None = None
    for line in _LINE.finditer(text):
        words = [(m.start() + line.start(), m.end() + line.start()) for m in _WORD.finditer(line.group())]
        if not _title_case(line.group(), words, text):
            continue
        table = table or case_table()
        out = out if out is not None else list(text)
        i = 1  # the first word keeps its capital
        while i < len(words):
            n, cased = _name_at(text, words, i, table)
            if cased is not None:
                i += n
                continue
            start, end = words[i]
            word = text[start:end]
            low = word.lower()
            if word[:1].isupper() and word[1:].islower() and (low in table.common or table.is_english(low)) and \
                    low not in table.weekdays and low not in table.months and low != "i":
                out[start] = text[start].lower()
            i += 1
    return "".join(out) if out is not None else text


def _title_case(line: str, words: list[tuple[int, int]], text: str) -> bool:
    """A headline in title case: four to twenty words, most of the longer ones capitalised, no
    full stop at the end, not all capitals."""
    if not 4 <= len(words) <= MAX_HEADLINE_WORDS or line.rstrip().endswith(".") or line.isupper():
        return False
    longer = [text[a:b] for a, b in words if b - a >= 4]
    return len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= TITLE_SHARE * len(longer)


def is_lower_case(text: str) -> bool:
    """Is this text written (nearly) all in lower case?"""
    letters = capitals = 0
    for ch, n in Counter(text).items():  # (counted in C: a loop over every character cost twice as much)
        if ch.isalpha():
            letters += n
            capitals += n if ch.isupper() else 0
    return letters >= MIN_LETTERS and capitals <= MAX_CAPITAL_SHARE * letters


@dataclass(frozen=True, slots=True)
class CaseTable:
    """What the recaser knows: names by their folded words, and the English word lists."""

    names: dict[str, str]  # folded name ("new delhi") -> as written ("New Delhi")
    english: frozenset[str]  # every word of the English word lists, any part of speech
    common: frozenset[str]  # function words, verbs, adjectives and adverbs: never a one-word name
    titles: frozenset[str]  # "mr", "shri": the next word is a name
    months: frozenset[str]
    weekdays: frozenset[str]
    date_words: frozenset[str]  # "in", "last", "early": "in march" is the month

    def is_english(self, word: str) -> bool:
        if word in self.english:
            return True
        return any(word.endswith(suf) and word[: len(word) - len(suf)] + rep in self.english
                   for suf, rep in _SUFFIXES if len(word) > len(suf) + 2)


def recase(text: str, table: CaseTable | None = None) -> str:
    """The text with the capitals it most likely had (same length, same letters)."""
    table = table or case_table()
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    out = list(text)
    i = 0
    after_title = False
    while i < len(words):
        start, end = words[i]
        low = text[start:end]
        sentence_start = bool(_SENTENCE_END.search(text[max(0, start - 4) : start])) or start == 0 or \
            _after_colon_dateline(text, start)
        n, cased = _name_at(text, words, i, table)
        if cased is not None:
            _apply(out, text, words[i][0], words[i + n - 1][1], cased)
            i += n
            after_title = False
            continue
        form = _word_case(low, table, text, words, i)
        if form is None and (sentence_start or after_title):
            form = low[:1].upper() + low[1:]
        if form is not None:
            _apply(out, text, start, end, form)
        after_title = low in table.titles
        i += 1
    return "".join(out)


def _after_colon_dateline(text: str, start: int) -> bool:
    """The first word after a dateline ("jammu: the ...") starts the story's first sentence."""
    before = text[max(0, start - 3) : start]
    return before.endswith(": ") and "\n" not in text[max(0, start - 40) : start - 2] and (
        start < 60 or "\n" in text[max(0, start - 40) : start])


def _name_at(text: str, words: list[tuple[int, int]], i: int, table: CaseTable) -> tuple[int, str | None]:
    """The longest known name starting at word ``i``: (its number of words, its written form)."""
    for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
        if n > 1 and any(text[words[k][1] : words[k + 1][0]] not in (" ", "-") for k in range(i, i + n - 1)):
            continue  # a name's words are joined by one space or a hyphen
        span = text[words[i][0] : words[i + n - 1][1]]
        cased = table.names.get(fold(span))
        if cased is not None and len(cased) == len(span):
            return n, cased
    return 0, None


def _word_case(low: str, table: CaseTable, text: str, words: list[tuple[int, int]], i: int) -> str | None:
    """How one word not part of a known name is written, or None to leave it as it is."""
    if low == "i":
        return "I"
    if low in table.titles:
        return low.capitalize()
    if low in table.weekdays:
        return low.capitalize()
    if low in table.months and _dated(table, text, words, i):
        return low.capitalize()
    if low in table.common or low in table.months or not low.isalpha():
        return None
    if 2 <= len(low) <= 5 and not (_VOWELS & set(low)):
        return low.upper()  # "bjp", "crpf": an acronym
    if len(low) >= 3 and not table.is_english(low):
        return low.capitalize()  # a word no English list knows is most likely a name
    return None


def _dated(table: CaseTable, text: str, words: list[tuple[int, int]], i: int) -> bool:
    """Is a month name used as a month: next to a number or after a date word ("on march 3", "last march")?"""
    start, end = words[i]
    if _NUMBER_AFTER.match(text[end : end + 3]) or _NUMBER_BEFORE.search(text[max(0, start - 8) : start]):
        return True
    return i > 0 and text[words[i - 1][0] : words[i - 1][1]] in table.date_words


def _apply(out: list[str], text: str, start: int, end: int, form: str) -> None:
    """Raise the case of the letters that ``form`` writes in capitals (one character for one)."""
    for k, ch in zip(range(start, end), form):
        if ch.isupper() and text[k].islower():
            up = text[k].upper()
            if len(up) == 1:
                out[k] = up


# ---------------------------------------------------------------------- the table


@lru_cache(maxsize=1)
def case_table() -> CaseTable:
    """Once per process: read from the table cache (``eventmill.tables``) when built before
    from the same sources, else built from the knowledge base, the gazetteer and the English
    word lists (about half a second)."""
    import spacy

    from eventmill.geo.gazetteer import gazetteer_sources
    from eventmill.nlp import load_model, model_version
    from eventmill.tables import package_file

    sources = [*gazetteer_sources(), *package_file("data/kb").glob("*.tsv"), *package_file("data/lang").rglob("*.tsv"),
               *(package_file(p) for p in ("nlp/recase.py", "lang/words.py"))]
    versions = f"spacy {spacy.__version__} {model_version(load_model())}"
    return cached_table("case", sources, build_case_table, versions)


def build_case_table() -> CaseTable:
    """The recaser's table, built from its sources."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from eventmill.lang.words import calendar, en

    english, non_nouns = _english_words()
    function = frozenset(STOP_WORDS)
    common = function | non_nouns | en("recase_common")
    names: dict[str, str] = {}
    _kb_names(names, function, common | english)
    _place_names(names, common, english)
    months = frozenset(w for w in calendar("month") if len(w) > 3)
    weekdays = frozenset(w for w in calendar("weekday") if len(w) > 4)
    return CaseTable(names, english | function, common, en("name_title"), months, weekdays, en("month_date_word"))


def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    """(every word of the model's English word lists, those that are verbs, adjectives or adverbs)."""
    from eventmill.nlp import load_model

    try:
        lookups = load_model().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
        exc = lookups.get_table("lemma_exc")
    except (KeyError, AttributeError):
        return frozenset(), frozenset()
    every: set[str] = set()
    non_nouns: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words = {w for w in index.get(pos, ()) if "_" not in w} | set(exc.get(pos, {}))
        every |= words
        if pos != "noun":
            non_nouns |= words
    return frozenset(every), frozenset(non_nouns)


def _put(names: dict[str, str], written: str, ordinary: frozenset[str]) -> None:
    """Index a name as written; a one-word name that is also an ordinary word is left out."""
    written = written.strip()
    key = fold(written)
    if not key or len(key) != len(written) or len(key.split()) > MAX_NAME_WORDS:
        return
    if (" " not in key and key in ordinary) or not any(c.isupper() for c in written):
        return
    names.setdefault(key, written)


def _kb_names(names: dict[str, str], function: frozenset[str], ordinary: frozenset[str]) -> None:
    """Countries and their adjectives (names whatever else they mean: "turkey", "china"),
    organisations, armed groups, national bodies and office-holders."""
    for row in read_tsv("kb/countries.tsv"):
        for written in (row["name"], *split(row.get("aliases", "")), *split(row.get("adjectives", ""))):
            _put(names, written, function)
    for relpath in ("kb/organizations.tsv", "kb/armed_groups.tsv", "kb/national_bodies.tsv",
                    "kb/officeholders_heads.tsv", "kb/officeholders_ministers.tsv"):
        for row in read_tsv(relpath):
            for written in (row["name"], *split(row.get("aliases", ""))):
                _put(names, written, ordinary)


def _place_names(names: dict[str, str], common: frozenset[str], english: frozenset[str]) -> None:
    """Names of places from towns of some size up; a name made of English words ("old city",
    "reading") only for countries, regions and big cities, and never a one-word name that is also
    a verb, an adjective, an adverb or a function word."""
    from eventmill.geo.gazetteer import load_gazetteer

    for key, places in load_gazetteer().names.items():
        if key in names:
            continue
        for p in places:
            big = p.precision in ("country", "admin1", "admin2", "region") or p.feature == "PPLC" or \
                p.population >= BIG_PLACE
            if fold(p.name) != key or not (big or p.population >= NAMED_PLACE):
                continue
            ordinary = all(w in english or w in common for w in key.split())
            if ordinary and not big:
                continue  # "old city", "reading": ordinary words are a name only for a big place
            if " " not in key and key in common:
                continue
            _put(names, p.name, frozenset())
            break
