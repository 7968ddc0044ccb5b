"""Arguments from the story's context: its dateline and outlet, actors the text leaves implicit,
the case of a story written all in lower case (issue 15). Sentences written for these tests."""

from __future__ import annotations

import pytest

import eventmill
from eventmill.geo.setting import outlet_of, story_setting
from eventmill.nlp.recase import is_lower_case, recase
from eventmill.normalize.dateline import find_dateline
from eventmill.records import Actor, Document


def code(text: str, **kw) -> list[dict]:
    return eventmill.code(text, date=kw.pop("date", "2024-05-11"), **kw)


def of_type(events: list[dict], event: str) -> list[dict]:
    return [e for e in events if e["event"] == event]


# ----------------------------------------------------------------- datelines


@pytest.mark.parametrize("text, city, region", [
    ("NAIROBI - Kenya's minister said ...", "NAIROBI", None),
    ("MOYALE, Kenya (Reuters) - Traders said ...", "MOYALE", "Kenya"),
    ("new delhi: the cabinet met on monday.", "new delhi", None),
    ("Headline about the talks\nBy A Reporter\n\nJAMMU: Two men were held.", "JAMMU", None),
    ("This story is from March 10, 2002\n\nlucknow: the police said ...", "lucknow", None),
])
def test_dateline_in_any_case_after_header_lines(text: str, city: str, region: str | None) -> None:
    found = find_dateline(text)
    assert found is not None and found.city == city and found.region == region
    assert text[found.city_start : found.city_end] == city


@pytest.mark.parametrize("text", [
    "The minister said on Monday that talks would resume.",
    "e-mail - send your news to the desk",  # a lower-case word and a dash without a place
    "A long first paragraph that goes on and on about the talks between the two sides, with many words in it "
    "before anything else.\n\nPARIS - a quoted place further on is no dateline",
])
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


# ----------------------------------------------------------------- outlets and the story's setting


def test_outlet_by_domain_and_by_name() -> None:
    toi = outlet_of("http://timesofindia.indiatimes.com//city/lucknow/x/articleshow/1.cms", None)
    assert toi is not None and toi.country == "IND" and toi.national
    assert outlet_of(None, "Dawn").country == "PAK"  # type: ignore[union-attr]
    wire = outlet_of("https://www.reuters.com/world/x", None)
    assert wire is not None and not wire.national  # a wire agency's country is not its stories'
    assert outlet_of("https://example.org/a", "A Blog") is None


def test_setting_from_dateline_outlet_and_web_domain() -> None:
    doc = Document(id="a", text="LUCKNOW: Police arrested three men.", url="https://www.theguardian.com/x")
    assert story_setting(doc).country == "IND" and story_setting(doc).source == "dateline"
    doc = Document(id="b", text="Police arrested three men.", url="http://timesofindia.indiatimes.com/x")
    assert (story_setting(doc).country, story_setting(doc).source) == ("IND", "outlet")
    doc = Document(id="c", text="Police arrested three men.", url="https://www.example-news.ie/news/x")
    assert (story_setting(doc).country, story_setting(doc).source) == ("IRL", "web")
    doc = Document(id="d", text="Police arrested three men.", url="https://www.reuters.com/x")
    assert story_setting(doc).country is None


def test_police_take_the_country_of_the_dateline() -> None:
    [arrest] = of_type(code("LUCKNOW: Police arrested three men on Friday."), "COERCE")
    assert arrest["actor"]["code"] == "INDCOP" and not arrest["actor"]["implicit"]


def test_police_take_the_country_of_a_national_outlet() -> None:
    [arrest] = of_type(code("Police arrested three men on Friday.", url="https://www.dawn.com/news/1"), "COERCE")
    assert arrest["actor"]["code"] == "PAKCOP"


def test_a_story_about_another_country_keeps_its_own() -> None:
    # a national outlet's story datelined abroad: the police are those of the dateline's country
    events = code("KABUL: Police arrested three men in Kabul on Friday.", url="http://timesofindia.indiatimes.com/x")
    [arrest] = of_type(events, "COERCE")
    assert arrest["actor"]["country"] == "AFG"


# ----------------------------------------------------------------- implicit actors


def test_an_agentless_arrest_is_made_by_the_police_of_the_place() -> None:
    [arrest] = of_type(code("Three men were arrested in Nairobi on Friday."), "COERCE")
    assert arrest["actor"]["code"] == "KENCOP" and arrest["actor"]["implicit"] is True
    assert arrest["actor"]["entity_text"] == ""


def test_an_agentless_curfew_is_imposed_by_the_government() -> None:
    [curfew] = of_type(code("A curfew was imposed in Mombasa on Friday."), "COERCE")
    assert curfew["actor"]["code"] == "KENGOV" and curfew["actor"]["implicit"]


def test_a_named_agent_is_not_replaced() -> None:
    [arrest] = of_type(code("Three men were arrested by soldiers in Nairobi on Friday."), "COERCE")
    assert arrest["actor"]["sector"] == "MIL" and not arrest["actor"]["implicit"]


def test_an_unknown_attacker_stays_unknown() -> None:
    events = code("Two villagers were shot dead in Nairobi on Friday.")
    assert all(not (e["actor"] or {}).get("implicit") for e in events)
    assert all((e["actor"] or {}).get("sector") != "COP" for e in events)


def test_implicit_survives_the_round_trip() -> None:
    a = Actor(entity_text="", country="IND", sector="COP", code="INDCOP", implicit=True)
    assert Actor.from_dict(a.to_dict()) == a
    assert Actor.from_dict({"entity_text": "x"}).implicit is False  # type: ignore[union-attr]


# ----------------------------------------------------------------- lower-case stories


def test_lower_case_is_recognised() -> None:
    assert is_lower_case("this story is written all in lower case, as some archives keep news.")
    assert not is_lower_case("This story is written in the usual way, with Names and Capitals in it.")
    assert not is_lower_case("too short")


def test_recase_restores_names_and_keeps_length() -> None:
    text = "new delhi: the crpf and the police arrested three men in uttar pradesh on monday. mr waghela said so."
    cased = recase(text)
    assert len(cased) == len(text) and cased.lower() == text
    assert cased.startswith("New Delhi: ")
    assert "CRPF" in cased and "Uttar Pradesh" in cased and "Monday" in cased and "Mr Waghela" in cased
    assert "the police arrested" in cased  # ordinary words stay as they are


def test_recase_leaves_ordinary_words_that_name_small_places() -> None:
    cased = recase("the police met in the old city after the march. reading the report took an hour.")
    assert cased == "The police met in the old city after the march. Reading the report took an hour."


def test_a_lower_case_story_is_coded_with_offsets_into_its_own_text() -> None:
    text = "lucknow: three men were arrested on friday after the police fired on a mob in kanpur."
    events = code(text, date="2024-05-11")
    arrest = of_type(events, "COERCE")
    assert arrest and arrest[0]["actor"]["code"] == "INDCOP"
    for e in events:
        ti = e["text_info"]
        assert text[ti["trigger_start"] : ti["trigger_end"]] == e["event_text"].split()[0] or \
            text[ti["trigger_start"] : ti["trigger_end"]].startswith(e["event_text"].split()[0])
