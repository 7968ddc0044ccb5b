"""Find the toponyms of a parsed document.

spaCy's small model labels about 40% of place names ORG, NORP or PERSON, or misses them, so
recognition is driven by the gazetteer: every run of capitalised words that is a place name is a
candidate mention, and spaCy's labels serve as evidence and as safeguards:

- words inside a PERSON entity are not places ("Chad Johnson"), unless the entity is a
  country, state or landmark spaCy mislabelled ("Tamil Nadu"); nor is the surname of a person
  the story names ("Bryant said" after "Kobe Bryant");
- a single capitalised word that spaCy did not label a place is not taken when it starts a
  sentence or sits in a headline-like run of capitals (unless it opens a dateline), when it is
  an English word naming only small towns ("Union", "Commerce"), or when it is a word of a
  street's or county's name ("Third Street", "Marathon County");
- a small town named that way comes back ``weak``: kept only if the story is about its country;
- a place name inside an organisation's name ("the Bank of Japan", "Liverpool FC") is kept, marked
  ``embedded``: it says where the organisation is, not where anything happened;
- nationality and regional adjectives ("Russian", "European") are kept, marked ``adjective``;
- codes and acronyms in capitals are not towns written in capitals ("OAS", "NATO").

Abbreviations of states and provinces are taken where they cannot be words: written with their
full stop ("Calif.", "N.J."), after a place and a comma ("Spokane, WA"), or bare ("WA") as a
weak mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from eventmill.geo.gazetteer import Gazetteer, Place, km
from eventmill.lang.names import fold
from eventmill.lang.words import calendar, en

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# small words allowed inside a multi-word name ("Bosnia and Herzegovina", "Burton upon Trent")
_CONNECTORS = frozenset({"of", "and", "upon", "on", "de", "del", "la", "le", "el", "al", "du", "da", "do", "dos",
                         "das", "des", "the", "-", "'s", "am", "an", "en", "sur", "y", "e", "al-", "bin"})
_NAMES_KEPT = 65_536  # names whose gazetteer candidates the recogniser keeps (Recognizer._candidates)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# entity types whose names can hold a place name that is not itself a place mention
_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP", "LANGUAGE"})
_LOCATIVE_BEFORE = frozenset({"in", "near", "outside"})
# words of motion before a destination or an origin ("travelling to Cirencester", "militias from
# Misrata"): a place name after them is a place unless spaCy calls it an organisation or a work
_MOTION_BEFORE = frozenset({"to", "from", "into", "via", "towards", "toward"})
_MOTION_LABELS = frozenset({"PERSON", "GPE", "LOC"})
# participles that make a place name a modifier of where something is from ("a Kent-based team",
# "US-led strikes", "Lagos-born")
_PLACE_COMPOUNDS = frozenset("based born bred led backed owned funded run made headquartered registered".split())
# a county's towns lie this close to its seat (the gazetteer's point for it); the largest English
# and Irish counties are about 100 km across
_COUNTY_KM = 70.0
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_CALENDAR = frozenset(calendar("month")) | frozenset(calendar("weekday")) | frozenset(calendar("season"))
_DASHES = frozenset({"-", "--", "\u2013", "\u2014", ":"})
# a town this small is taken from a capitalised word spaCy did not call a place only when the
# story is about its country
_MIN_UNLABELLED_TOWN = 20_000
_MIN_EMBEDDED_TOWN = 100_000
# a town whose name is also an English word ("Union", "Commerce") is taken from that word, capitalised,
# only when spaCy calls it a place or the town is a city (WordNet, whose lists hold the word, lists
# big cities too: "Dubai", "Boston")
_MIN_COMMON_WORD_TOWN = 100_000
# words that make a town's name part of the name of a street or a district ("Kingsley Road",
# "Marathon County"): a building or body named after a town is in it, a street or county often not
_STREET_HEADS = frozenset(
    "street st road rd avenue ave boulevard blvd lane drive way square terrace highway bridge tunnel "
    "county parish borough township quarter".split()
)
# a company's legal form, which may follow the place that ends its name ("HSBC Bank Malta plc")
_ORG_SUFFIXES = frozenset({"plc", "ltd", "limited", "inc", "llc", "sa", "ag", "group"})
# a single capitalised word that opens a sentence is a town's name when it is the subject or a
# modifier of what follows ("Douma is surrounded", "Tunis's reply") and the town is this big
_MIN_OPENING_TOWN = 100_000
_OPENING_NEXT_TAGS = frozenset({"VBZ", "VBD", "MD", "POS"})
# an embassy is abroad, and a quarter is a district: "the Russian Embassy", "the French Quarter"
_ADJECTIVE_HEADS = frozenset({"embassy", "consulate", "quarter", "street", "road", "avenue"})


@dataclass(slots=True)
class Mention:
    """A place name in the text: token span, candidates, and how it is used."""

    start: int  # token offsets in the spaCy doc
    end: int
    text: str
    candidates: list[Place]
    usage: str = "name"  # name | adjective | embedded
    labelled: bool = False  # spaCy called it a place (GPE/LOC/FAC)
    within: list[Place] = field(default_factory=list)  # "Paris, Texas": the places it must lie in
    dateline: bool = False
    weak: bool = False  # kept only if the story is about a country it can lie in
    locative: bool = False  # right after "in", "near", "outside"
    listed_with: list[Mention] = field(default_factory=list)  # "California or Washington": its list's other names
    directional: bool = False  # after "central", "eastern"...: an area ("central Washington")


def _capitalised(tok: Token) -> bool:
    return _capitalised_text(tok.text)


def _capitalised_text(t: str) -> bool:
    return bool(t) and (t[0].isupper() or (len(t) > 1 and t[0] in "'\u2019" and t[1].isupper()))


class _Words:
    """What the recogniser reads of every token, from the parse's arrays once per document (each
    distinct word looked up once): its text, lower case, whether it is capitalised
    (:func:`_capitalised`) and whether it breaks a name (a line break, punctuation other than
    "-", "." and "'"). The names tried from each capitalised word read the same words again and
    again; read here, they make no token or span."""

    __slots__ = ("broken", "caps", "lower", "space", "text")

    def __init__(self, doc: Doc) -> None:
        import numpy
        from spacy.attrs import IS_PUNCT, LOWER, ORTH, SPACY

        self.text: list[str] = []
        self.lower: list[str] = []
        self.caps: list[bool] = []
        self.broken: list[bool] = []
        self.space: list[int] = []  # (whether a space follows: a span's text is the words and these joined)
        if not len(doc):
            return
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, IS_PUNCT, SPACY])
        # (the lower case and punctuation are the word's: the same for every token of one ORTH)
        orths, first, inverse = numpy.unique(arr[:, 0], return_index=True, return_inverse=True)
        texts = [strings[o] for o in orths.tolist()]
        lowers = [strings[o] for o in arr[first, 1].tolist()]
        caps = [_capitalised_text(t) for t in texts]
        broken = ["\n" in t or (bool(p) and t not in ("-", ".", "'")) for t, p in zip(texts, arr[first, 2].tolist(),
                                                                                    strict=True)]

        def per_token(values: list) -> list:
            return numpy.array(values, dtype=object)[inverse].tolist()

        self.text, self.lower, self.caps, self.broken = per_token(texts), per_token(lowers), per_token(caps), \
            per_token(broken)
        self.space = arr[:, 3].tolist()

    def span_text(self, i: int, j: int) -> str:
        """``doc[i:j].text``."""
        text, space = self.text, self.space
        return "".join(text[k] + " " if space[k] else text[k] for k in range(i, j - 1)) + text[j - 1]


def _headline_like(tok: Token) -> bool:
    """Is the word in a run of capitalised words that looks like a title or headline?"""
    sent = tok.sent
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 4:
        return False
    caps = sum(1 for t in words if _capitalised(t))
    return caps / len(words) > 0.6


def _entity_of(doc: Doc) -> list[Span | None]:
    ents: list[Span | None] = [None] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ents[i] = ent
    return ents


class Recognizer:
    """Gazetteer-driven toponym recognition over a spaCy parse."""

    def __init__(self, gazetteer: Gazetteer, common_words: frozenset[str] = frozenset(), max_words: int = 6) -> None:
        self.gaz = gazetteer
        # English words ("march", "commerce", "orange"): one of them capitalised is a place only
        # where spaCy says so
        self.common_words = common_words
        self.max_words = min(max_words, gazetteer.max_words)
        self._named: dict[str, tuple[Place, ...]] = {}  # the gazetteer's candidates of a name (see _candidates)

    def __call__(self, doc: Doc) -> list[Mention]:
        """The place-name mentions of a parsed document, in text order. Small towns and bare
        state codes come back ``weak``: the caller keeps them only in a story about their country."""
        ents = _entity_of(doc)
        # the story's people's surnames: "Bryant said" after "Kobe Bryant"
        people = frozenset(e[-1].text for e in doc.ents if e.label_ == "PERSON" and e[-1].is_alpha)
        mentions: list[Mention] = []
        words = _Words(doc)  # (read once: every name tried reads them again)
        caps = words.caps
        i = 0
        n = len(doc)
        while i < n:
            if not caps[i] or words.lower[i] == "the":
                i += 1  # a name starts after "The" ("The Hague" is indexed as "Hague")
                continue
            found = self._dotted(doc, i) or self._name(doc, i, ents, people, words)
            adjective = self._adjective(doc, i, ents, words)
            if adjective is not None and (found is None or (
                    found.end - found.start == 1 and all(p.precision == "city" for p in found.candidates))):
                found = adjective  # "Arab", "Indian": the adjective, not a namesake town ("Arab, Alabama")
            if found is None:
                i += 1
                continue
            mentions.append(found)
            i = found.end
        self._link_qualifiers(doc, mentions)
        _link_lists(doc, mentions)
        # a name only a village has ("Dunshaughlin", but also "Helen", "Ava") is a place only
        # where the text says so: spaCy calls it one, it follows "in", a state or country
        # qualifies it, or it opens the story
        return [m for m in mentions if m.labelled or m.locative or m.within or m.dateline
                or not all(self.gaz.is_small_town(p) for p in m.candidates)]

    # ------------------------------------------------------------------ names

    def _name(self, doc: Doc, i: int, ents: list[Span | None], people: frozenset[str],
              words: _Words) -> Mention | None:
        n = len(doc)
        caps, lower, broken = words.caps, words.lower, words.broken
        for j in range(min(n, i + self.max_words), i, -1):
            if not caps[j - 1]:
                continue
            if any(not caps[k] and lower[k] not in _CONNECTORS for k in range(i, j)):
                continue
            if any(broken[k] for k in range(i, j)):
                continue
            text = words.span_text(i, j)
            cands = self._candidates(text)
            if not cands and not (j - i == 1 and text.isupper()):
                continue
            letters = text.replace(".", "").replace(" ", "")
            if len(letters) <= 4 and letters.isupper() and not self._opens_dateline(doc, j):
                # "WA", "OAS", "NATO": a code or an acronym is not a town's name written in capitals
                cands = [p for p in cands if p.precision != "city" or p.name.isupper()]
                if letters == text and j - i == 1 and not doc[i].is_stop:
                    cands += [p for p in self.gaz.abbreviation(letters) if p not in cands]
            elif len(letters) <= 3 and not letters.isupper():
                cands = [p for p in cands if p.name == text]  # "La" (Niña) is not "LA"
            if not cands:
                continue
            mention = self._judge(doc, i, j, text, cands, ents, people)
            if mention is not None:
                return mention
        return None

    def _candidates(self, text: str) -> list[Place]:
        """:meth:`Gazetteer.candidates` of a name, kept across documents (stories name the same
        places, and the same capitalised words, again and again; the gazetteer does not change
        during a run): at most :data:`_NAMES_KEPT` names, then the kept ones are dropped."""
        found = self._named.get(text)
        if found is None:
            if len(self._named) >= _NAMES_KEPT:
                self._named.clear()
            found = self._named[text] = tuple(self.gaz.candidates(text))
        return list(found)

    def _judge(self, doc: Doc, i: int, j: int, text: str, cands: list[Place], ents: list[Span | None],
               people: frozenset[str]) -> Mention | None:
        """Keep a gazetteer match only where it reads as a place (the safeguards above)."""
        ent = ents[i]
        same_ent = ent is not None and all(ents[k] is ent for k in range(i, j))
        label = ent.label_ if same_ent and ent is not None else None
        big = any(p.precision in ("country", "admin1", "region", "landmark") for p in cands)
        exact_ent = same_ent and ent is not None and ent.start == i and ent.end == j
        if self._after_locative(doc, i, j, text, people, label, exact_ent, cands) and label not in _PLACE_LABELS:
            # "in Klamath Falls, Oregon", "in Manbij": a place name after "in" is a place, whatever
            # spaCy took it for (a person, a date)
            mention = Mention(i, j, text, cands, labelled=False, locative=True)
            mention.weak = not big and not any(p.population >= _MIN_UNLABELLED_TOWN for p in cands)
            return mention
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in _PLACE_COMPOUNDS and (
                j - i > 1 or not self._common_town(doc[i], cands, _MIN_COMMON_WORD_TOWN)):
            # "Kent-based", "US-led": where something is based or from, not where it happens
            return Mention(i, j, text, cands, usage="adjective")
        if self._qualifier(doc, i, j, cands):
            return Mention(i, j, text, cands)  # "Brands Hatch, Kent" (spaCy: a person "Kent")
        # a person's name: "Paris Hilton", "Chad Johnson", "Jordan"
        person = any(ents[k] is not None and ents[k].label_ == "PERSON" for k in range(i, j))  # type: ignore[union-attr]
        if person and not (big and (exact_ent or j - i > 1)):
            return None
        if not big and label not in _PLACE_LABELS and self._part_of_longer_name(doc, i, j):
            return None
        first = doc[i]
        if first.tag_ in ("NNS", "NNPS") and j - i == 1 and not big:
            return None
        if label == "DATE" or (not big and j - i == 1 and label not in _PLACE_LABELS and (
                first.text in people or self._common_town(first, cands, _MIN_COMMON_WORD_TOWN))):
            return None  # "March", "Commerce", "Bryant" (named as a person elsewhere in the story)
        if j - i == 1 and first.lower_ in self.common_words and all(
                p.precision == "city" and not self.gaz.is_primary(text, p) for p in cands):
            return None  # "North" is an alternate name of North Salt Lake
        mention = Mention(i, j, text, cands, labelled=label in _PLACE_LABELS)
        if all(self.gaz.is_small_town(p) for p in cands):
            # a village's name ("Helen Kunz" read as a building): spaCy's word counts only when it
            # calls exactly this name a town or an area, and then only in a story about its country
            mention.labelled = exact_ent and label in ("GPE", "LOC")
            mention.weak = True
        if all(p.precision == "admin1" for p in cands) and text.isupper() and j - i == 1:
            mention.weak = True  # a bare state code ("WA"): only in a story about that country
            return mention
        if label in _PLACE_LABELS:
            if not (big or exact_ent) and self._part_of_longer_name(doc, i, j):
                return None  # "Marathon County", "Hampton Avenue"
            return mention
        embedded = (
            ent is not None
            and ent.label_ in _NAME_LABELS
            and ent.label_ != "NORP"
            and not exact_ent
            and any(ents[k] is ent for k in range(i, j))
        )
        if embedded:
            assert ent is not None
            # a place heads the organisation's name or follows "of": "Lagos Chamber of Commerce", "Bank of Japan"
            lead = i == ent.start or (i == ent.start + 1 and doc[ent.start].lower_ == "the")
            after_of = i > 0 and doc[i - 1].lower_ in ("of", "in", "for")
            # or ends it, before a company's legal form at most: "Air Zimbabwe", "HSBC Malta plc"
            tail = (all(doc[k].lower_.rstrip(".") in _ORG_SUFFIXES for k in range(j, ent.end))
                    and all(t.is_alpha and _capitalised(t) for t in doc[ent.start : i] if t.lower_ != "the")
                    and (any(p.precision in ("country", "admin1") for p in cands) or (
                        doc[i].lower_ not in self.common_words
                        and any(p.precision == "city" and p.population >= _MIN_EMBEDDED_TOWN for p in cands))))
            if not (lead or after_of or tail):
                return None
            if not big and not any(p.population >= _MIN_EMBEDDED_TOWN for p in cands):
                mention.weak = True  # "the Allendale Woman's Club": only in a story about its country
            mention.usage = "embedded"
            return mention
        multiword = j - i > 1
        if label is not None and label in ("ORG", "NORP") and exact_ent:
            return mention  # spaCy's commonest mislabelling of a place name
        if multiword and label is None:
            return mention if big or first.pos_ == "PROPN" else None
        if big and not _headline_like(first):
            return mention
        # one capitalised word spaCy did not call a place
        if first.is_sent_start or _headline_like(first) or (first.is_upper and len(first) > 1 and not big):
            if self._opening_subject(doc, i, j, cands):
                mention.weak = True  # "Douma is surrounded": only in a story about its country
                return mention
            return self._dateline(doc, i, j, mention)
        if first.pos_ != "PROPN":
            return None
        if not any(p.population >= _MIN_UNLABELLED_TOWN for p in cands):
            mention.weak = True  # a small town: only in a story about its country
        return mention

    @staticmethod
    def _qualifier(doc: Doc, i: int, j: int, cands: list[Place]) -> bool:
        """A county, state or country after a capitalised name and a comma, closing the clause:
        the area that name lies in ("Thruxton, Hampshire.", "Knockhill, Fife;")."""
        return (i >= 2 and doc[i - 1].text == "," and _capitalised(doc[i - 2]) and doc[i - 2].is_alpha
                and (j == len(doc) or doc[j].is_punct or "\n" in doc[j].text)
                and any(p.precision in ("admin2", "admin1", "country") for p in cands))

    @staticmethod
    def _opening_subject(doc: Doc, i: int, j: int, cands: list[Place]) -> bool:
        """A big town's name alone at the start of a sentence, as its subject or possessor
        ("Douma is surrounded...", "Tunis has...", "Misrata's militias"), not in a headline."""
        first = doc[i]
        return (j - i == 1 and bool(first.is_sent_start) and first.pos_ == "PROPN" and not first.is_upper
                and j < len(doc) and doc[j].tag_ in _OPENING_NEXT_TAGS and not _headline_like(first)
                and any(p.precision == "city" and p.population >= _MIN_OPENING_TOWN for p in cands))

    def _after_locative(self, doc: Doc, i: int, j: int, text: str, people: frozenset[str],
                        label: str | None, exact: bool, cands: list[Place]) -> bool:
        """A capitalised name right after "in", "near" or "outside" (or a word of motion, "to",
        "from", where spaCy calls it no organisation) that is no calendar word, no surname of a
        person the story names, not the start of a longer name ("in Klamath Falls", not "in
        March", "in Johnson's view", "in Marathon County", "to Nelson Mandela")."""
        if i == 0 or not doc[i].text[:1].isupper():
            return False
        before = doc[i - 1].lower_
        moving = before in _MOTION_BEFORE and (label is None or label in _MOTION_LABELS or (
            label == "ORG" and exact))  # (spaCy calls many a lone town an organisation: "to Tewkesbury")
        if before not in _LOCATIVE_BEFORE and not moving:
            return False
        if doc[i].is_upper or fold(text) in _CALENDAR:
            return False
        if j < len(doc) and _capitalised(doc[j]) and doc[j].pos_ == "PROPN":
            return False  # the first words of a longer name
        after = doc[j] if j < len(doc) else None
        person_next = after is not None and (after.text in _POSSESSIVE or (before == "to" and after.tag_[:2] == "VB"))
        if moving and person_next:
            return False  # "close to Kane told", "sent to Tyler's lawyer": a person
        if j - i == 1 and doc[i].text in people and any(
                e.label_ == "PERSON" and len(e) > 1 and e[-1].text == doc[i].text and not e.start <= i < e.end
                for e in doc.ents):
            return False  # "in Bryant's view" after "Kobe Bryant" (not "to Nelson" where spaCy calls "Nelson" a person)
        if doc[i].lower_ in self.common_words and all(self.gaz.is_small_town(p) for p in cands):
            return False  # "in Congress": a village's name that is an English word
        return not self._part_of_longer_name(doc, i, j) and not (j < len(doc) and doc[j].tag_ == "POS")

    def _common_town(self, tok: Token, cands: list[Place], min_population: int) -> bool:
        """Is the word an English word ("Valley", "Commerce") that names only towns this small?"""
        return tok.lower_ in self.common_words and all(p.population < min_population for p in cands)

    @staticmethod
    def _part_of_longer_name(doc: Doc, i: int, j: int) -> bool:
        """Is a town's name here only a word of a longer name ("Third Street", "Islamic Republic",
        "Cape Peron", "Kingsley Road", "Marathon County")? Buildings and bodies named after a
        town ("Colchester Hospital", "Cavan County Council") are in it, so they keep it."""
        if j < len(doc) and _capitalised(doc[j]) and doc[j].lower_.rstrip(".") in _STREET_HEADS:
            return True
        if i > 0 and not doc[i].is_sent_start:
            prev = doc[i - 1]
            if _capitalised(prev) and prev.pos_ in ("PROPN", "ADJ", "NOUN", "NUM") and prev.lower_ not in _CONNECTORS:
                return True
        return False

    @staticmethod
    def _opens_dateline(doc: Doc, j: int) -> bool:
        """Is the name ending at token ``j`` followed by what ends a dateline ("ROME (AP) -")?"""
        k = j
        if k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].is_upper:
            k += 2
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            k += 3  # "(AP)"
        return k < len(doc) and doc[k].text in _DASHES

    def _dateline(self, doc: Doc, i: int, j: int, mention: Mention) -> Mention | None:
        """A place name that opens a paragraph and is followed by a dash: a dateline
        ("IMMOKALEE – Congressman...", "NEW DELHI:")."""
        if self._opens_dateline(doc, j) and (i == 0 or "\n" in doc[i - 1].text or doc[i].is_sent_start):
            mention.dateline = True
            return mention
        return None

    # ------------------------------------------------------------------ adjectives and abbreviations

    def _adjective(self, doc: Doc, i: int, ents: list[Span | None], words: _Words) -> Mention | None:
        caps, texts = words.caps, words.text
        for j in range(min(len(doc), i + 3), i, -1):
            if not all(caps[k] or texts[k] == "-" for k in range(i, j)):
                continue
            text = words.span_text(i, j)
            place = self.gaz.adjective(text)
            if place is None:
                continue
            ent = ents[i]
            if any(ents[k] is not None and ents[k].label_ == "PERSON" for k in range(i, j)) and not (  # type: ignore[union-attr]
                    ent is not None and ent.start == i and ent.end == j and j < len(doc) and doc[j].is_lower
                    and doc[j].pos_ == "NOUN"):
                return None  # but "Azerbaijani soldiers", "Slovak news": the adjective before a common noun
            last = doc[j - 1]
            if last.tag_ in ("NNS", "NNPS") or (last.text.endswith("s") and last.text.lower() != "swiss"):
                return None  # "Russians": people, not a place
            if j < len(doc) and _capitalised(doc[j]) and doc[j].lower_.rstrip(".") in _ADJECTIVE_HEADS:
                return None  # "the Russian Embassy", "the French Quarter": a building abroad, a district
            return Mention(i, j, text, [place], usage="adjective")
        return None

    def _dotted(self, doc: Doc, i: int) -> Mention | None:
        tok = doc[i]
        text = tok.text
        glued_stop = i + 1 < len(doc) and doc[i + 1].text == "." and tok.idx + len(text) == doc[i + 1].idx
        if not text.endswith(".") and glued_stop:
            text += "."
        regions = self.gaz.dotted_abbreviation(text)
        if not regions:
            return None
        end = i + 1 if tok.text.endswith(".") or text == tok.text else i + 2
        return Mention(i, end, doc[i:end].text, list(regions))

    # ------------------------------------------------------------------ "Paris, Texas"

    def _link_qualifiers(self, doc: Doc, mentions: list[Mention]) -> None:
        """A place followed by a comma (or a bracket) and a bigger place, or a state code, lies in it."""
        by_start = {m.start: m for m in mentions}
        extra: list[Mention] = []
        for m in mentions:
            k = m.end
            if k + 1 >= len(doc) or doc[k].text not in (",", "("):
                continue
            nxt = by_start.get(k + 1)
            if nxt is None:
                tok = doc[k + 1]
                if tok.is_upper and 2 <= len(tok.text) <= 3:
                    regions = self.gaz.abbreviation(tok.text)
                    if regions:
                        nxt = Mention(k + 1, k + 2, tok.text, list(regions), usage=m.usage)
                        extra.append(nxt)
            if nxt is None or nxt.usage == "adjective":
                continue
            bigger = [p for p in nxt.candidates if p.precision in ("admin2", "admin1", "country")]
            if bigger and any(p.precision == "city" or p.precision == "landmark" for p in m.candidates):
                inside = [w for w in bigger if any(lies_in(p, w) for p in m.candidates)]
                if inside:
                    m.within = inside
                    nxt.candidates = inside  # "Tacoma, Washington": the state, not the capital
        mentions.extend(extra)
        mentions.sort(key=lambda m: m.start)


_ADMIN_UNITS = en("admin_unit_noun")
_DIVISIONS = frozenset({"country", "admin1", "admin2", "region"})
_LIST_GLUE = frozenset({",", "and", "or", "&", "nor"})
_DIRECTIONS = frozenset(
    "central eastern western northern southern northeastern northwestern southeastern southwestern".split())


def _link_lists(doc: Doc, mentions: list[Mention]) -> None:
    """Names in one list ("California, Oregon or Washington") know each other, and a name after
    a direction ("central Washington") reads as an area."""
    for a, b in pairwise(mentions):
        glue = doc[a.end : b.start]
        if 0 < len(glue) <= 2 and all(t.lower_ in _LIST_GLUE for t in glue) and a.usage == b.usage == "name":
            a.listed_with.append(b)
            b.listed_with.append(a)
    for m in mentions:
        m.directional = m.start > 0 and doc[m.start - 1].text in _DIRECTIONS
        if _named_division(doc, m) and not any(p.precision in _DIVISIONS for p in m.candidates):
            m.weak = True  # "the department of Pando", no such division known: a town abroad only if the story is there


def _named_division(doc: Doc, m: Mention) -> bool:
    """Is the name told as a division of a country: "the department of Pando", "the province of X"?"""
    return m.start > 1 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lemma_.lower() in _ADMIN_UNITS


def lies_in(place: Place, region: Place) -> bool:
    """Does a place lie in a country or first-level region?"""
    if region.precision == "country":
        return place.country == region.country
    if region.precision == "admin1":
        return place.country == region.country and place.admin1_code == region.admin1_code
    if region.precision == "admin2":  # a county, known by its seat: a town not far from it
        return place.country == region.country and km((place.lat, place.lon), (region.lat, region.lon)) <= _COUNTY_KM
    return False
