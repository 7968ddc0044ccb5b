"""The coder's shortcuts (docs/performance.md, "Sixth session") give the answers of the slow
paths they stand in for: each is checked against the walk it spares, on sentences written for
these tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eventmill.actors import patrons
from eventmill.actors.resolver import Resolver
from eventmill.events import nonevents
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
