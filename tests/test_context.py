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
    ("By Ann Reporter, Staff Writer. WASHINGTON, April 5 (Reuters) - The talks ...", "WASHINGTON", None),
    ("BEIRUT (AP) \ufffd A spokesman said ...", "BEIRUT", None),
    ("WASHINGTON\u2014President Joe Biden said ...", "WASHINGTON", None),
    ("A photo caption that runs on for many words about the day, the people in it and the weather there "
     "at the time.\n\nNEW DELHI: The court said ...", "NEW DELHI", None),
])
def test_dateline_in_any_case_after_header_lines(text: str, city: str, region: str | None) -> None:
    found = find_dateline(text)
    assert found is not None and found.city == city and found.region == region
    assert text[found.city_start : found.city_end] == city


@pytest.mark.parametrize("text", [
    "The minister said on Monday that talks would resume.",
    "e-mail - send your news to the desk",  # a lower-case word and a dash without a place
    "A long first paragraph that goes on and on about the talks between the two sides, with many words in it "
    "before anything else, and more words, and still more words about the talks, the sides and what they "
    "want from each other, how long it will take and who will pay for it all in the end. PARIS - a place "
    "further on is no dateline",
    "Al-Qaeda-linked fighters attacked the town.",
    "US President Joe Biden said - on Monday - that talks would go on.",
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


# ----------------------------------------------------------------- more participants from context


def test_victims_of_police_firing_were_shot_by_the_police() -> None:
    [killed] = of_type(code("NAIROBI: Two men were killed in police firing on Friday."), "ASSAULT")
    assert killed["actor"]["code"] == "KENCOP" and not killed["actor"]["implicit"]


def test_an_arrest_told_by_a_participle_is_coded() -> None:
    events = code("Fifty activists arrested in Mombasa on Friday were freed on bail.")
    [arrest] = of_type(events, "COERCE")
    assert arrest["actor"]["code"] == "KENCOP" and arrest["actor"]["implicit"]
    # other acts told by a participle stay background
    assert not of_type(code("Weapons seized in Mombasa last year were shown to reporters."), "COERCE")


def test_no_implicit_doer_for_what_has_not_been_done() -> None:
    for text in ("The leaders should be arrested in Nairobi, the minister said.",
                 "The protesters will be arrested in Nairobi if they return."):
        assert all(not (e["actor"] or {}).get("implicit") for e in code(text))


def test_forces_deployed_with_no_deployer_named_mobilise_themselves() -> None:
    [deploy] = of_type(code("NAIROBI: Riot police were deployed in Kibera on Friday."), "MOBILIZE")
    assert deploy["actor"]["code"] == "KENCOP"


def test_the_incident_place_carries_to_a_sentence_that_names_none() -> None:
    events = code("Syrian forces attacked rebels in Douma on Sunday. At least 14 civilians were killed, "
                  "the observatory said. Russia accused Turkey of delaying the ceasefire.")
    [killed] = [e for e in of_type(events, "ASSAULT") if e["event_text"] == "killed"]
    assert killed["event_loc"]["country"] == "SYR" and killed["event_loc"]["start"] < events[0]["text_info"]["end"]
    assert killed["actor"] is None  # (the place carried over makes no unidentified attacker)
    [accuse] = of_type(events, "ACCUSE")  # Russia and Turkey are not where Douma is
    assert (accuse["event_loc"] or {}).get("name") != "Douma"


# ----------------------------------------------------------------- who says so


def test_reported_by_the_speaker_and_according_to() -> None:
    [arrest] = of_type(code("Three men were arrested in Nairobi on Friday, police said."), "COERCE")
    assert arrest["reported_by"]["sector"] == "COP" and arrest["claimed"] is False
    [attack] = of_type(code("According to the Kenyan army, rebels attacked a convoy near Garissa on Friday."),
                       "ASSAULT")
    assert attack["reported_by"]["code"] == "KENMIL"


def test_claims_and_allegations_are_marked() -> None:
    [downed] = of_type(code("The rebels claimed they had shot down a government helicopter in Darfur."), "ASSAULT")
    assert downed["claimed"] is True
    [beat] = of_type(code("Police allegedly beat three protesters in Lagos on Monday."), "ASSAULT")
    assert beat["claimed"] is True
    [plain] = of_type(code("Police beat three protesters in Lagos on Monday."), "ASSAULT")
    assert plain["claimed"] is False and plain["reported_by"] is None


# ----------------------------------------------------------------- dates


def test_a_date_on_the_event_noun_dates_the_event() -> None:
    [killed] = of_type(code("Thursday's car bombing in Baghdad killed 12 people, officials said.",
                            date="2024-08-24"), "ASSAULT")
    assert (killed["date"], killed["date_precision"]) == ("2024-08-22", "day")


def test_no_date_in_the_text_is_said_so() -> None:
    [arrest] = of_type(code("Police arrested three men in Nairobi.", date="2024-08-24"), "COERCE")
    assert (arrest["date"], arrest["date_precision"]) == ("2024-08-24", "publication")


def test_a_past_event_is_never_dated_after_its_report() -> None:
    for e in code("Police arrested three men in Nairobi in September.", date="2024-08-24"):
        assert e["date"] <= "2024-08-25"


def test_a_place_name_after_in_is_a_place_whatever_the_tagger_says() -> None:
    from eventmill.pipeline import Pipeline

    [doc] = Pipeline().pipe([Document(id="k", text="In Klamath Falls, Oregon, a brewery heats its tanks with "
                                                  "hot springs. The rally was held in March.")])
    names = [p.name for p in doc.places]
    assert "Klamath Falls" in names and "March" not in names


def test_people_the_police_repress_are_of_the_police_country() -> None:
    [fire] = of_type(code("Egyptian police opened fire on fundamentalist demonstrators on Monday."), "ASSAULT")
    assert fire["recipient"]["code"] == "EGYCVL"
    [beat] = of_type(code("Israeli soldiers beat Palestinian detainees on Monday."), "ASSAULT")
    assert beat["recipient"]["country"] == "PSE"  # (an army may act abroad; a nationality named stays)


def test_a_protest_with_no_target_is_against_the_protesters_government() -> None:
    [protest] = of_type(code("Thousands of Kenyan farmers protested on Monday."), "PROTEST")
    assert protest["recipient"]["code"] == "KENGOV" and protest["recipient"]["implicit"]


def test_an_implicit_doer_is_not_of_a_country_the_sentence_does_not_place_it_in() -> None:
    events = code("A French minister cancelled a visit to Haiti after a state of siege was declared in the "
                  "former French colony.")
    assert all((e["actor"] or {}).get("code") != "FRAGOV" or e["event"] != "COERCE" for e in events)


def test_a_reference_point_is_not_the_place() -> None:
    [killed] = of_type(code("A car bomb killed 12 people in Hilla, south of Baghdad, on Monday."), "ASSAULT")
    assert killed["event_loc"]["name"] == "Al Hillah" and killed["event_loc"]["near"] is None
    [killed] = of_type(code("Gunmen killed five soldiers 40 km south of Baghdad on Monday."), "ASSAULT")
    assert killed["event_loc"]["near"] == "Baghdad" and killed["event_loc"]["name"] != "Baghdad"
    assert killed["event_loc"]["country"] == "IRQ"


def test_a_title_case_headline_is_put_in_sentence_case_names_kept() -> None:
    from eventmill.nlp.recase import headline_case

    text = "Police Arrest Three Men In Raid On Kabul Market\n\nKABUL - Police arrested three men on Monday."
    cased = headline_case(text)
    assert cased == "Police arrest three men in raid on Kabul market\n\nKABUL - Police arrested three men on Monday."
    assert headline_case("Iran Says It Will Resume Talks With The United Nations Next Week") == \
        "Iran says it will resume talks with the United Nations next week"
    body = "The ministers met in Nairobi on Monday and agreed to reopen the border crossing at Moyale."
    assert headline_case(body) == body


def test_the_implicit_table_says_who_does_what() -> None:
    from eventmill.events.implicit import implicit_sector

    assert implicit_sector("173", "arrest") == "COP"
    assert implicit_sector("1723", "curfew") == "GOV"
    assert implicit_sector("116", "convict") == "JUD"
    assert implicit_sector("190", "firearms") is None  # anyone can shoot
    assert implicit_sector("154", "troops") == "self"
