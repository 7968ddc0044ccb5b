"""The coder's shortcuts (docs/performance.md, "Sixth session") give the answers of the slow
paths they stand in for: each is checked against the walk it spares, on sentences written for
these tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eventmill.actors import patrons
from eventmill.actors.resolver import Resolver
from eventmill.events import nonevents
from eventmill.events.arguments import Coding
from eventmill.records import Document

TEXT = (
    "US-backed fighters and pro-Russian separatists clashed near the town on Monday, officials said. "
    "The Saudi-led coalition, which the UN has criticised, struck a market in Hodeidah. "
    "Photograph: Jane Doe/Reuters\n"
    "Police arrested 12 protesters and two journalists, Kenya's interior minister said. "
    "\"We will not negotiate,\" the rebel commander told reporters in Goma. "
    "Thousands of students, teachers and their families marched, and the army, the police and "
    "the president's guard watched."
)
PLAIN = (
    "Police arrested 12 protesters in Nairobi on Monday. The government said it would talk to "
    "the opposition, and the talks began in Geneva."
)
LINES = [
    "Photograph: Jane Doe/Reuters",
    "Photo: Police stand guard outside the court",
    "Reporting by Jane Doe; editing by John Smith",
    "Reuters contributed to this report.",
    "By Jane Doe, Reuters",
    "Stand by Jane Doe, she said.",
    "This article was amended on 3 May 2019 to correct a name.",
    "Sign up for our morning briefing newsletter",
    "Do you have a story to share? Get in touch.",
    "• Jane Doe is a columnist for a weekly magazine",
    "Police arrested 12 protesters in Nairobi on Monday.",
    "The photographer said the picture was taken by a soldier.",
    "Rebels said they would subscribe to the ceasefire.",
    "",
]


def _parsed(pipeline, text: str) -> Document:
    doc = pipeline.prepare(Document(id="t", text=text))
    doc.spacy = pipeline.nlp(doc.norm.text if doc.norm else doc.text)
    return doc


@pytest.mark.parametrize("line", LINES)
def test_notice_kind_is_the_first_matching_pattern(line: str) -> None:
    slow = next((kind for kind, pattern in nonevents._notice_patterns() if pattern.search(line)), None)
    assert nonevents.notice_kind(line) == slow


def test_notice_lines_are_still_found() -> None:
    kinds = [nonevents.notice_kind(line) for line in LINES]
    assert kinds[:10] == ["caption", "caption", "credit", "credit", "byline", None, "notice", "notice", "notice",
                          "biography"]
    assert kinds[10:] == [None, None, None, None]


@pytest.mark.parametrize("text", [TEXT, PLAIN])
def test_plain_words_stand_for_nothing(pipeline, text: str) -> None:
    doc = _parsed(pipeline, text)
    resolver = Resolver(doc, pipeline.kb)
    plain = resolver.plain_words()
    assert len(plain) == len(doc.spacy)
    assert any(plain) and not all(plain)
    for tok in doc.spacy:
        if plain[tok.i]:
            assert resolver._stands_for_nothing(tok), tok.text


def test_patron_shortcut(pipeline) -> None:
    doc = _parsed(pipeline, TEXT)
    assert patrons._has_patrons(doc.spacy)
    assert [t.text for t in doc.spacy if patrons.is_patron(t)]  # "US", "Russian"
    doc = _parsed(pipeline, PLAIN)
    assert not patrons._has_patrons(doc.spacy)
    doc.spacy.user_data[patrons._KEY] = True  # the full walks, as if the story had a patron word
    assert not any(patrons.is_patron(t) for t in doc.spacy)


def test_story_trigger_is_the_token_at_the_offset(pipeline) -> None:
    from eventmill.events.incidents import _Story

    doc = _parsed(pipeline, TEXT)
    story = _Story(doc, None)
    original = doc.norm.offset_to_original if doc.norm else (lambda x: x)
    for word in ("struck", "arrested", "watched"):
        i = next(t.i for t in doc.spacy if t.text == word)
        event = SimpleNamespace(text_info={"trigger_start": original(doc.spacy[i].idx)})
        found = story.trigger(event)  # type: ignore[arg-type]
        assert found is not None and found.i == i


OBLIGATIONS = (
    "Russia said Sudan must return the helicopter, and the minister warned that Kenya should not wait. "
    "The commander told reporters the rebels have to leave the town, which they had to defend. "
    "Officials issued a reminder to Iraq that it must cooperate. "
    "The government needs to act, and she said the talks need to resume. "
    "Police arrested 12 protesters in Nairobi on Monday, officials said."
)


def _coded(pipeline, text: str) -> tuple[Document, Coding]:
    """A parsed document with its actor index, and the event coder's view of it."""
    from eventmill.actors import ActorStage
    from eventmill.actors.index import ActorIndex
    from eventmill.events import EventStage

    doc = _parsed(pipeline, text)
    next(s for s in pipeline.stages if isinstance(s, ActorStage))(doc)
    lex = next(s for s in pipeline.stages if isinstance(s, EventStage)).lex
    index = doc.layers.get(ActorIndex)
    assert index is not None
    return doc, Coding(lex, index)


@pytest.mark.parametrize("text", [OBLIGATIONS, TEXT, PLAIN])
def test_obligation_clauses_are_the_walks(pipeline, text: str) -> None:
    """The document's obligation clauses, found from their modals and "have"/"need", are the
    clauses the walk over every word's children finds, in the same order."""
    from eventmill.events import coder

    sdoc = _parsed(pipeline, text).spacy
    walked: dict[int, list[int]] = {}
    for t in sdoc:
        for c in t.children:
            if c.dep_ not in ("ccomp", "acl", "relcl") or c.pos_ not in ("VERB", "AUX"):
                continue
            if any(a.dep_ == "aux" and a.lower_ in coder._OBLIGATION for a in c.children) or (
                    c.lemma_ in ("have", "need") and any(x.dep_ == "xcomp" for x in c.children)):
                walked.setdefault(t.i, []).append(c.i)
    assert coder.obligation_clauses(sdoc) == walked
    if text == OBLIGATIONS:
        assert len(walked) >= 3


@pytest.mark.parametrize("text", [OBLIGATIONS, TEXT, PLAIN])
def test_verbs_no_row_can_code_code_nothing(pipeline, text: str) -> None:
    """A verb whose matched rows cannot code (:func:`coder.may_code` false: reporting, intending
    or denying rows only, or none) codes nothing and consumes nothing, as the coder's shortcut assumes."""
    from eventmill.events import coder, triggers
    from eventmill.events.modality import inherited

    doc, cx = _coded(pipeline, text)
    skipped = 0
    for v in doc.spacy:
        if triggers.verb_entry(cx.lex, v) is None:
            continue
        matches = triggers.match_verb(cx.lex, v)
        if coder.may_code(cx.lex, v, matches):
            continue
        skipped += 1
        consumed: set[int] = set()
        assert coder.code_verb(cx, v, inherited(cx, v), consumed) is None, v.text
        assert not consumed
    assert skipped  # ("said", "told", "warned" ...)


FACILITIES = (
    "Police closed the A120 and Route 9 near Collins Avenue in Miami Beach on Monday. "
    "Protesters gathered outside Altnagelvin Hospital, at the Mozart Estate and on Main St. in Derry. "
    "An A4 envelope, the A380 jet and 12 officers were at the Central Mental Hospital in Dundrum."
)


@pytest.mark.parametrize("text", [FACILITIES, TEXT, PLAIN])
def test_facility_candidates_hold_every_road_and_head_word(pipeline, text: str) -> None:
    """The tokens :func:`facility._candidates` reads from the arrays include every one at which
    a road's number or a facility's head word is found token by token."""
    from eventmill.place import facility

    sdoc = _parsed(pipeline, text).spacy
    free = [False] * len(sdoc)
    walked = [t.i for t in sdoc if facility._road(sdoc, t, free) is not None or facility._head_kind(t) is not None]
    candidates = facility._candidates(sdoc)
    assert set(walked) <= set(candidates) and candidates == sorted(candidates)
    if text == FACILITIES:
        assert len(walked) >= 5


QUOTED = (
    '"They tried to kill me," the president said. "We will fight.\n\n'
    "The rebels claimed responsibility for the attack, and Isis claimed the bombing. "
    "“We are ready,” he told «Le Monde». She said: \"It is over\"."
)


def _quotes_walked(sdoc) -> list[tuple[int, int]]:
    """Quotation spans by the walk over every token (what quotes.spans did before)."""
    from eventmill.actors import quotes

    out: list[tuple[int, int]] = []
    opened = None
    for t in sdoc:
        if opened is not None and t.is_space and "\n" in t.text:
            out.append((opened, t.i))
            opened = None
        elif t.text in quotes._OPENING or (t.text == quotes._STRAIGHT and opened is None and t.tag_ != "''"):
            opened = t.i
        elif opened is not None and (t.text in quotes._CLOSING or t.text == quotes._STRAIGHT):
            out.append((opened, t.i))
            opened = None
    if opened is not None:
        out.append((opened, len(sdoc)))
    return out


@pytest.mark.parametrize("text", [QUOTED, TEXT, PLAIN])
def test_quotation_spans_are_the_walks(pipeline, text: str) -> None:
    from eventmill.actors import quotes

    sdoc = _parsed(pipeline, text).spacy
    walked = _quotes_walked(sdoc)
    assert quotes.spans(sdoc) == walked
    if text == QUOTED:
        assert len(walked) >= 3


@pytest.mark.parametrize("text", [QUOTED, TEXT, PLAIN])
def test_words_found_from_the_arrays_are_the_tokens_that_pass(pipeline, text: str) -> None:
    from spacy.attrs import LEMMA, ORTH

    from eventmill.events.incidents import _CLAIM_VERBS
    from eventmill.lang import tree

    sdoc = _parsed(pipeline, text).spacy
    claims = tree.where(sdoc, LEMMA, lambda w: w.lower() in _CLAIM_VERBS)
    assert claims == [t.i for t in sdoc if t.lemma_.lower() in _CLAIM_VERBS]
    assert tree.where(sdoc, ORTH, str.istitle) == [t.i for t in sdoc if t.text.istitle()]
    if text == QUOTED:
        assert len(claims) == 2


PATRONS = TEXT + (
    " The UN - backed government and the Iranian-funded, Russian-armed militias met anti-government "
    "protesters, U.S.-backed Kurdish-led forces and Iran-allied groups."
)


def _phrase_walked(t):
    """A patron phrase headed at ``t`` by the neighbours' words (what patrons._patron_phrase read)."""
    doc = t.doc
    if patrons._is_allegiance(t):
        return [doc[t.i - 2], doc[t.i - 1], *t.subtree]
    low = t.lower_
    if "-" in low[1:] and low.rsplit("-", 1)[1] in patrons.PATRON_PARTICIPLES:
        return [t]
    if low in patrons.PATRON_PARTICIPLES and t.tag_ == "VBN" and t.i > 1 and doc[t.i - 1].text in patrons._HYPHENS:
        return "participle"  # (the phrase itself is built by the same code either way)
    return None


@pytest.mark.parametrize("text", [PATRONS, PLAIN])
def test_patron_marks_are_the_neighbours_words(pipeline, text: str) -> None:
    doc = _parsed(pipeline, text).spacy
    heads, before = patrons._marks(doc)
    for t in doc:
        walked = _phrase_walked(t)
        assert (t.i in heads) == (walked is not None), t.text
        if walked is not None and walked != "participle":
            assert patrons._patron_phrase(t) == walked
        follows = t.i + 2 < len(doc) and doc[t.i + 1].text in patrons._HYPHENS and not t.whitespace_ and \
            doc[t.i + 2].lower_ in patrons.PATRON_PARTICIPLES and doc[t.i + 2].tag_ == "VBN"
        assert (t.i in before) == follows, t.text
    if text == PATRONS:
        assert len(heads) >= 6 and before


# ------------------------------------------------------------------ ninth session (perf6)

HEADS = (
    "Thousands of students and a spokesman for the army marched in Nairobi, and leaders of the rebels "
    "met the Iraqi foreign minister. French and Egyptian warships, the ambassadors of Chad and Niger and "
    "scores of Sierra Leonean and Liberian refugees waited. A team comprising officers of the police "
    "left. The group's leader and Joe Biden said U.S.-backed fighters took the town."
)


@pytest.mark.parametrize("text", [HEADS, TEXT, PLAIN])
def test_kept_phrase_heads_are_the_walks(pipeline, monkeypatch, text: str) -> None:
    """A phrase head :meth:`Resolver._head_of` keeps (found without resolving anything) is the
    head :meth:`Resolver._np_head` walks to, asked at any later time; the actor stage's answers
    with the heads kept are those of a resolver that walks every time."""
    from eventmill.actors import ActorStage
    from eventmill.actors.index import ActorIndex

    stage = next(s for s in pipeline.stages if isinstance(s, ActorStage))

    def staged() -> tuple[Document, ActorIndex]:
        doc = _parsed(pipeline, text)
        stage(doc)
        index = doc.layers.get(ActorIndex)
        assert index is not None
        return doc, index

    doc, index = staged()
    kept = Resolver(doc, pipeline.kb)
    for tok in doc.spacy:
        kept.resolve_all(tok)
    assert kept._heads
    if text == HEADS:
        assert any(h.i != i for i, h in kept._heads.items())  # ("Thousands" -> "students")
    walking = Resolver(doc, pipeline.kb)
    for i, head in kept._heads.items():
        assert walking._np_head(doc.spacy[i]).i == head.i
    with monkeypatch.context() as patched:
        patched.setattr(Resolver, "_head_of", Resolver._np_head)  # the walk, every time
        walked_doc, walked = staged()
    assert walked_doc.actors == doc.actors
    assert walked.chains == index.chains
    assert {i: [r.actor for r in rs] for i, rs in walked.expanded.items()} == \
        {i: [r.actor for r in rs] for i, rs in index.expanded.items()}
    assert {i: r and r.actor for i, r in walked.by_head.items()} == {i: r and r.actor for i, r in index.by_head.items()}


@pytest.mark.parametrize("text", [HEADS, TEXT, PLAIN])
def test_kept_premodifiers_are_the_walks(pipeline, text: str) -> None:
    from eventmill.actors.mention import Mentions
    from eventmill.lang import tree

    doc = _parsed(pipeline, text)
    m = Mentions(doc, pipeline.kb)
    for tok in doc.spacy:
        assert m.premodifiers(tok) == tree.premodifiers(tok)
        assert m.premodifiers(tok) is m.premodifiers(tok)  # (walked once)


@pytest.mark.parametrize("text", [HEADS, TEXT, PLAIN, OBLIGATIONS])
def test_participant_heads_and_noun_candidates_are_the_token_tests(pipeline, text: str) -> None:
    """The participant heads (actor stage), the event-noun candidates (``nominal.code_nouns``) and
    the capitals (place recogniser) read from the parse's arrays are the tokens the per-token
    tests pick."""
    from eventmill.actors import _HEAD_DEPS, _HEAD_POS, _participant_heads
    from eventmill.events import nominal
    from eventmill.place import recognize

    sdoc = _parsed(pipeline, text).spacy
    assert _participant_heads(sdoc) == [t.i for t in sdoc if t.dep_ in _HEAD_DEPS and t.pos_ in _HEAD_POS]
    nouns = nominal._noun_candidates(sdoc)
    assert nouns == [t.i for t in sdoc if t.pos_ in ("NOUN", "PROPN") or t.tag_ == "VBG"]
    assert nouns is nominal._noun_candidates(sdoc)  # (read once per document)
    caps = recognize._Words(sdoc).caps
    assert caps == [recognize._capitalised(t) for t in sdoc]
    assert any(caps) and not all(caps)


def test_words_code_nouns_passes_over_have_no_rule(pipeline) -> None:
    """Every token left out of the noun candidates gets no rule from either test code_nouns asks."""
    from eventmill.events import nominal, triggers

    doc, cx = _coded(pipeline, TEXT + " " + HEADS + " Police firing killed two, and the shelling of the town went on.")
    nouns = set(nominal._noun_candidates(doc.spacy))
    assert any(doc.spacy[i].tag_ == "VBG" for i in nouns)  # ("firing", "shelling")
    for t in doc.spacy:
        if t.i not in nouns:
            assert t.pos_ not in ("NOUN", "PROPN") and nominal._gerund_rule(cx, t) is None, t.text
    assert any(triggers.noun_rule(cx.lex, doc.spacy[i]) for i in nouns)


@pytest.mark.parametrize("text", [PATRONS, HEADS])
def test_patron_shortcut_is_the_walks(pipeline, text: str) -> None:
    """A token :func:`patrons.is_patron` turns down at once (no patron mark on it, its head or
    its head's head) is one the walks turn down too."""
    doc = _parsed(pipeline, text).spacy
    assert patrons._has_patrons(doc)
    found = [t.i for t in doc if patrons.is_patron(t)]
    assert found == [t.i for t in doc if patrons._walks_find_patron(t)]
    assert found


@pytest.mark.parametrize("text", [HEADS, TEXT, PLAIN])
def test_links_hold_every_conjunct_and_apposition(pipeline, text: str) -> None:
    """A token outside :meth:`Resolver._links` has no conjuncts and no apposition: the walks
    :meth:`Resolver.resolve_all` leaves out for it find nothing."""
    doc = _parsed(pipeline, text)
    coordinated, apposed = Resolver(doc, pipeline.kb)._links()
    for t in doc.spacy:
        assert (t.i in coordinated) == bool(list(t.conjuncts)), t.text
        assert (t.i in apposed) == any(c.dep_ == "appos" for c in t.children), t.text
    if text != PLAIN:
        assert coordinated and apposed


def test_kept_place_candidates_are_the_gazetteers(pipeline, monkeypatch) -> None:
    """The place recogniser's kept candidates of a name are the gazetteer's, as new lists, and
    the store is emptied when full."""
    from eventmill.place import PlaceStage, recognize

    rec = recognize.Recognizer(next(s for s in pipeline.stages if isinstance(s, PlaceStage)).gaz)
    for name in ("Nairobi", "Paris", "Springfield", "Goma", "Zzyzx Qq", "Monday"):
        first = rec._candidates(name)
        assert first == rec.gaz.candidates(name)
        first.append(None)  # (a caller may change its list: the kept one stays)
        assert rec._candidates(name) == rec.gaz.candidates(name)
    monkeypatch.setattr(recognize, "_NAMES_KEPT", 2)
    rec._candidates("Kisumu")
    assert len(rec._named) <= 2


# ------------------------------------------------------------------ tenth session (perf7)

CONTEXTS = (
    "Kenya's interior minister and his Ugandan counterpart met the ambassador of Chad, Idriss Kane, "
    "and members of the Working Group for Syria. The Trump administration and Erdogan's government "
    "criticised the deputy commissioner of police, and officials inside the African Union objected. "
    "Rebel fighters of the Free Syrian Army, their families and the people of Aleppo fled, while "
    "the Iraqi public, Nigerian civil society groups and a British man watched. The vice-president "
    "of Ghana and the Côte d'Ivoire army said the two sides had agreed."
)


def _staged(pipeline, text: str):
    from eventmill.actors import ActorStage
    from eventmill.actors.index import ActorIndex

    doc = _parsed(pipeline, text)
    next(s for s in pipeline.stages if isinstance(s, ActorStage))(doc)
    index = doc.layers.get(ActorIndex)
    assert index is not None
    return doc, index


@pytest.mark.parametrize("text", [CONTEXTS, HEADS, TEXT, PLAIN])
def test_phrase_parts_read_when_asked_are_the_eager_reading(pipeline, monkeypatch, text: str) -> None:
    """A :class:`Phrase` reads its context country, role term, organisation and name test when a
    resolver first asks: the actor stage's answers are those of a resolver that reads them all
    at once, in the order the phrase's reading had before (context, role, organisation, name)."""
    doc, index = _staged(pipeline, text)
    read = Resolver.phrase

    def eager(self, head, ent):
        phrase = read(self, head, ent)
        _ = phrase.context, phrase.role, phrase.org, phrase.is_name
        return phrase

    with monkeypatch.context() as patched:
        patched.setattr(Resolver, "phrase", eager)
        eager_doc, eager_index = _staged(pipeline, text)
    assert eager_doc.actors == doc.actors
    assert eager_index.chains == index.chains
    assert {i: [r.actor for r in rs] for i, rs in eager_index.expanded.items()} == \
        {i: [r.actor for r in rs] for i, rs in index.expanded.items()}
    assert {i: r and r.actor for i, r in eager_index.by_head.items()} == \
        {i: r and r.actor for i, r in index.by_head.items()}
    if text == CONTEXTS:
        assert len(doc.actors) >= 10


@pytest.mark.parametrize("text", [CONTEXTS, HEADS, TEXT])
def test_context_read_later_only_where_it_resolves_nothing(pipeline, monkeypatch, text: str) -> None:
    """Every phrase whose context country resolved another phrase or read coreference is one
    :func:`context_resolves` flags (its context is then read at once, in reading order)."""
    from eventmill.actors import context as context_module
    from eventmill.actors import coref

    doc = _parsed(pipeline, text)
    resolver = Resolver(doc, pipeline.kb)
    asked: list[int] = []
    resolve, pronoun = Resolver.resolve, coref.pronoun
    monkeypatch.setattr(Resolver, "resolve", lambda self, tok: asked.append(tok.i) or resolve(self, tok))
    monkeypatch.setattr(context_module.coref, "pronoun", lambda r, tok: asked.append(tok.i) or pronoun(r, tok))
    flagged = 0
    for head in doc.spacy:
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        phrase = resolver.phrase(head, resolver.m.ent(head))
        asked.clear()
        context_module.context_country(resolver, head, phrase.premods)
        resolves = context_module.context_resolves(resolver, head, phrase.premods)
        assert resolves or not asked, head.text
        flagged += resolves
    assert flagged


@pytest.mark.parametrize("text", [CONTEXTS, HEADS, TEXT])
def test_role_words_shortcut_finds_every_role(pipeline, monkeypatch, text: str) -> None:
    """Role terms looked up with the role-word test (:meth:`Resolver._may_name_role`) are those
    the search over every stretch of words finds, for every phrase's words and "of" tail."""
    from eventmill.lang import tree

    doc = _parsed(pipeline, text)
    resolver = Resolver(doc, pipeline.kb)
    phrases = []
    for head in doc.spacy:
        words = [*resolver.m.premodifiers(head), head]
        phrases += [words, [*words, *tree.of_complement(head)]]
    found = []
    for words in phrases:
        text_, lemma = [t.lower_ for t in words], [t.lemma_.lower() for t in words]
        found.append((resolver._title_of(text_, lemma), resolver._title_at_head_of(text_, lemma)))
    monkeypatch.setattr(Resolver, "_may_name_role", lambda self, a, b: True)
    for words, shortcut in zip(phrases, found):
        text_, lemma = [t.lower_ for t in words], [t.lemma_.lower() for t in words]
        assert (resolver._title_of(text_, lemma), resolver._title_at_head_of(text_, lemma)) == shortcut
    assert any(f[0][1] for f in found) and any(not f[0][1] for f in found)


@pytest.mark.parametrize("name", ["Côte d'Ivoire", "Médecins Sans Frontières", "Al-Shabaab", "ÆON", "Straße",
                                  "Ḥizb ut-Taḥrīr", "N\u0303ame", "Ｉｓｉｓ"])
def test_folding_strips_accents_already(name: str) -> None:
    """An organisation is looked up by its folded name once: folding strips the accents, so
    the accents stripped first give the same key."""
    from eventmill.lang.names import fold, strip_accents

    assert fold(strip_accents(name)) == fold(name)


# ------------------------------------------------------------------ eleventh session (perf8)

COORDINATED = (
    "The Malian foreign minister and the French defence minister met in Bamako on Tuesday, and they "
    "signed a pact. Angry farmers and their unions blocked the roads; they said prices were too low. "
    "The Central African Republic will lift the curfew, said Mr Touadera, whom Chad and Sudan backed. "
    "Soldiers were deployed, and the rebels and the militias they armed withdrew. Ready to talk, the "
    "envoy opposed the plan. Talks began as EU and UN hand over supplies."
)


@pytest.mark.parametrize("text", [COORDINATED, TEXT, PLAIN])
def test_coordinated_subjects_are_the_walks(pipeline, text: str) -> None:
    """The subjects with a conjunct of their own that coreference reads from the arrays
    (:meth:`Mentions.coordinated_subjects`) are those the walk over the tokens finds."""
    from eventmill.actors.mention import Mentions

    doc = _parsed(pipeline, text)
    m = Mentions(doc, pipeline.kb)
    walked = [t.i for t in doc.spacy if t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in t.children)]
    assert m.coordinated_subjects() == walked
    if text == COORDINATED:
        assert walked


def _untagged_walked(sdoc, kb, taken: set[int]) -> list:
    """:func:`eventmill.actors.mention._untagged_countries` as it was written, token by token."""
    from eventmill.actors.mention import _country_words

    out = []
    i = 0
    while i < len(sdoc):
        j = i
        while j < len(sdoc) and j not in taken and sdoc[j].pos_ == "PROPN" and sdoc[j].text[:1].isupper() \
                and (j == i or not sdoc[j].is_sent_start):
            j += 1
        if j > i and (named := _country_words(sdoc[i:j], kb)) is not None:
            out.append(named)
        i = max(j, i + 1)
    return out


@pytest.mark.parametrize("text", [COORDINATED, TEXT, PLAIN])
def test_untagged_countries_are_the_walks(pipeline, text: str) -> None:
    """The runs of capitalised proper nouns read from the arrays name the countries the walk
    over the tokens finds, with and without the entities' words taken."""
    from eventmill.actors.mention import _untagged_countries

    sdoc = _parsed(pipeline, text).spacy
    for taken in (set(), {t.i for ent in sdoc.ents for t in ent}):
        found = _untagged_countries(sdoc, pipeline.kb, taken)
        walked = _untagged_walked(sdoc, pipeline.kb, taken)
        assert [(s.start, s.end) for s in found] == [(s.start, s.end) for s in walked]
    if text == COORDINATED:
        assert "Central African Republic" in [s.text for s in _untagged_countries(sdoc, pipeline.kb, set())]


@pytest.mark.parametrize("text", [COORDINATED, OBLIGATIONS, TEXT, PLAIN])
def test_verb_words_are_the_token_tests(pipeline, text: str) -> None:
    """The words the sentence coder's verb pass reads (from the arrays, once per document) are
    every token its per-token tests can keep."""
    from eventmill.events import coder

    sdoc = _parsed(pipeline, text).spacy
    walked = [t.i for t in sdoc if t.pos_ in ("VERB", "AUX", "ADJ") or t.tag_.startswith("VB")
              or (t.pos_ in ("NOUN", "PROPN") and t.dep_ == "ROOT")]
    assert coder._verb_words(sdoc) == walked
    assert len(walked) < len(sdoc)


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize("text", [COORDINATED, OBLIGATIONS, TEXT, HEADS])
def test_noun_rule_shortcut_is_the_walks(pipeline, monkeypatch, text: str) -> None:
    """A noun :func:`triggers.noun_rule` answers at once (no left dependent, no head to look
    past) gets the row the full search gives it."""
    from eventmill.events import triggers

    doc, cx = _coded(pipeline, text + " Police firing killed two, and the shelling of the town went on.")
    nouns = [t for t in doc.spacy if t.pos_ in ("NOUN", "PROPN")]
    shortcut = [triggers.noun_rule(cx.lex, t) for t in nouns]
    assert any(shortcut)
    monkeypatch.setattr(triggers, "_LOOKS_PAST", _Everything())  # (the full search, every time)
    assert [triggers.noun_rule(cx.lex, t) for t in nouns] == shortcut


@pytest.mark.parametrize("values", [[], [3], [3, 7, 7], list(range(0, 40, 3))])
def test_among_is_isin(values: list[int]) -> None:
    import numpy

    from eventmill.lang import tree

    column = numpy.array([0, 3, 5, 7, 9, 12, 3, 39, 2**63 + 5], dtype="uint64")
    assert tree.among(column, values).tolist() == numpy.isin(column, numpy.array(values, dtype="uint64")).tolist()
    assert tree.among(column, iter(values)).tolist() == tree.among(column, values).tolist()


PENALTIES = " ".join([  # (foretold penalties; a cost of something named; the teller's own firms; plain verbs)
    "Ankara said the militia would pay a heavy price, and Moscow warned that any faction that stays away will "
    "face the consequences.", "Civilians will pay the price of the war.",
    "The minister said Turkish firms would face consequences.\nFACING the court, he paid the fine; they "
    "suffered losses and bore the cost."])


@pytest.mark.parametrize("text", [PENALTIES, OBLIGATIONS, TEXT])
def test_penalty_words_are_the_walk(pipeline, text: str) -> None:
    """The verbs :func:`coder.penalties` reads, found from the parse's lemmas, are the words its
    walk over every word of every sentence kept, and the penalties it codes are the walk's."""
    from eventmill.events import coder

    doc, cx = _coded(pipeline, text)
    sdoc = doc.spacy
    assert coder.penalty_words(sdoc) == [t.i for t in sdoc if t.lemma_.lower() in coder._PENALTY_VERBS]
    words = coder.penalty_words(sdoc)

    def seen(cands: list) -> list:
        return [(c.cameo, c.trigger.i, [r.actor.code for r in c.actors], [r.actor.code for r in c.recipients])
                for c in cands]

    coded = []
    for sent in sdoc.sents:
        fast = seen(coder.penalties(cx, sent, set(), words))
        assert fast == seen(coder.penalties(cx, sent, set(), [t.i for t in sent]))  # (every word of the sentence)
        coded += fast
    if text == PENALTIES:
        assert len(words) >= 5 and coded


@pytest.mark.parametrize("text", [TEXT, PLAIN, PENALTIES, HEADS])
def test_recogniser_words_are_the_tokens(pipeline, text: str) -> None:
    """What the place recogniser reads of each word from the parse's arrays is what the tokens
    say, and a run of words' text is the span's."""
    from eventmill.place.recognize import _capitalised, _Words

    sdoc = _parsed(pipeline, text + " Saint-Denis, Calif. (AP) --\nNEW YORK Côte d'Ivoire's U.S. envoy").spacy
    words = _Words(sdoc)
    assert words.text == [t.text for t in sdoc]
    assert words.lower == [t.lower_ for t in sdoc]
    assert words.caps == [_capitalised(t) for t in sdoc]
    assert words.broken == ["\n" in t.text or (t.is_punct and t.text not in ("-", ".", "'")) for t in sdoc]
    assert all(words.span_text(i, j) == sdoc[i:j].text
               for i in range(len(sdoc)) for j in range(i + 1, min(len(sdoc), i + 7) + 1))
    assert _Words(sdoc[0:0].as_doc()).text == []
