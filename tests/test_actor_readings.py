"""Actor readings decided by rule, not by name (issue 17): credits and title-case headline
runs make no names, first-person pronouns outside a quotation are nobody, a patron's country
is never the actor's; and ``eventmill kb search`` says what each rule does.

The coder's case table (``mr-`` rows of tests/data/coder_cases.tsv) shows the rules in the
events they give; these tests look at the actor layer itself, where a rule leaves no event to
check (a headline that gives no event still must not leave a person called "Indict Protest
Leaders" among the story's actors).
"""

from __future__ import annotations

from datetime import date

import pytest

import eventmill
from eventmill.actors import load_kb
from eventmill.actors.search import explain
from eventmill.records import Document


def actors_of(text: str, day: str) -> dict[str, str | None]:
    [doc] = list(eventmill.code_documents([Document(id="t", text=text, pub_date=date.fromisoformat(day))]))
    return {a.entity_text: a.code for a in doc.actors}


@pytest.mark.parametrize("text, no_name", [
    ("Thai Authorities Indict Protest Leaders For Insulting The Monarchy. Prosecutors charged four activists.",
     "Indict"),
    ("FILE - Police arrested dozens of protesters in Bangkok on Monday.", "FILE"),
    ("UPDATE: Police arrested dozens of protesters in Bangkok on Monday.", "UPDATE"),
    ("Police detained three journalists in Bangkok. Photograph: Somchai Lertpanya/Reuters", "Somchai"),
])
def test_credits_and_headline_runs_make_no_names(text: str, no_name: str):
    [doc] = list(eventmill.code_documents([Document(id="t", text=text, pub_date=date(2021, 3, 8))]))
    names = [a.name for a in doc.actors if a.name]
    assert not any(no_name in n for n in names), names
    assert not any(a.entity_text.startswith(no_name) and a.entity_text.isupper() for a in doc.actors)


def test_a_headline_still_resolves_the_names_the_knowledge_base_knows():
    headline = "Erdogan Accuses Greece Of Provocations In The Aegean."
    [doc] = list(eventmill.code_documents([Document(id="t", text=headline, pub_date=date(2021, 10, 20))]))
    assert {"TURGOV", "GRC"} <= {a.code for a in doc.actors}


def test_a_hyphenated_country_is_no_credit():
    assert "USAMIL" in actors_of("US-led forces attacked Taliban positions in Helmand.", "2019-10-20").values()


@pytest.mark.parametrize("text, speaker_code", [
    ('"Colombia attacked us," Maduro said.', "VENGOV"),
    ('Maduro said: "Colombian rebels attacked me."', "VENGOV"),
])
def test_first_person_in_a_quotation_is_its_speaker(text: str, speaker_code: str):
    [doc] = list(eventmill.code_documents([Document(id="t", text=text, pub_date=date(2018, 8, 5))]))
    [event] = doc.events
    assert event.recipient is not None and event.recipient.code == speaker_code


def test_first_person_outside_a_quotation_is_nobody():
    [doc] = list(eventmill.code_documents([Document(id="t", text="They attacked us in Caracas.",
                                                     pub_date=date(2018, 8, 5))]))
    assert all(e.recipient is None or e.recipient.entity_text != "us" for e in doc.events)


def test_a_patron_country_is_never_the_actors_even_as_the_storys():
    # the story is about the US (its only country), yet the fighters it backs are not American
    found = actors_of("US-backed fighters said they would attack. The US denied it.", "2019-10-20")
    assert "USAREB" not in found.values(), found


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("query, kind, says", [
    ("US-backed fighters", "patron", "never USA"),
    ("pro-Russian separatists", "allegiance", "never RUS"),
    ("the Saudi-led coalition", "leader", "SAUMIL"),
    ("both parties", "sides", "never political parties"),
    ("FILE", "credit", "no actor"),
    ("ethnic Albanians", "ethnic group", "not ALB"),
    ("me", "first person", "speaker"),
])
def test_kb_search_explains_the_rule(kb, query: str, kind: str, says: str):
    text = explain(kb, query, date(2019, 10, 20)).render()
    assert f"  {kind}" in text and says in text, text


def test_kb_search_gives_an_organisations_head_its_code(kb):
    out = explain(kb, "Guterres", date(2023, 1, 1))
    assert out.answer is not None and out.answer.code == "IGOUNO"


def test_kb_search_leaves_names_alone(kb):
    out = explain(kb, "NATO", date(2019, 10, 20))
    assert out.answer is not None and out.answer.code == "IGONAT"
    assert not any(m.kind in ("credit", "patron") for m in out.matches)
