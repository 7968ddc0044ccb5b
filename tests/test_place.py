"""Places: toponyms found and resolved with the story as context, on sentences written for these tests.

Each test states a rule a geoparser must follow on news text: ambiguous names resolved by what
the story says ("Paris, Texas", "Birmingham, Alabama"), state abbreviations, countries and states
with coordinates, landmarks, the dateline, person names that look like places, and the precision
an event location is given.
"""

from __future__ import annotations

import pytest

from eventmill.actors import ActorStage
from eventmill.geo.gazetteer import km, load_gazetteer
from eventmill.nlp import parse
from eventmill.pipeline import Pipeline
from eventmill.place import PlaceLayer, PlaceStage, event_location
from eventmill.records import Document, Place


@pytest.fixture(scope="module")
def annotate(pipeline):
    actors, places = ActorStage(), PlaceStage()

    def run(text: str, url: str | None = None) -> Document:
        doc = Pipeline.prepare(Document(id="t", text=text, url=url))
        [doc] = list(parse([doc], pipeline.nlp))
        actors(doc)
        places(doc)
        return doc

    return run


def _place(doc: Document, text: str, nth: int = 0) -> Place:
    found = [p for p in doc.places if p.text == text]
    assert len(found) > nth, f"{text!r} not found among {[p.text for p in doc.places]}"
    return found[nth]


def _near(p: Place, lat: float, lon: float, within_km: float = 50) -> bool:
    assert p.lat is not None and p.lon is not None
    return km((p.lat, p.lon), (lat, lon)) <= within_km


# ---------------------------------------------------------------------- ambiguous names


def test_paris_texas_and_paris(annotate):
    doc = annotate("The festival moved from Paris, Texas, to Dallas last year.")
    paris = _place(doc, "Paris")
    assert paris.country == "USA" and paris.admin1 == "Texas"
    assert _place(doc, "Texas").precision == "admin1"  # the qualifier is the state
    doc = annotate("Protesters marched through Paris on Saturday against the pension reform.")
    assert _place(doc, "Paris").country == "FRA"


def test_birmingham_alabama_then_bare_birmingham(annotate):
    doc = annotate("Police in Birmingham, Alabama, arrested two men. Birmingham's mayor praised the officers.")
    first, second = _place(doc, "Birmingham"), _place(doc, "Birmingham", 1)
    assert first.country == second.country == "USA"
    assert first.admin1 == "Alabama" and _near(second, 33.52, -86.80)


def test_birmingham_alone_is_the_english_city(annotate):
    doc = annotate("Thousands gathered in Birmingham for the Labour party conference.")
    assert _place(doc, "Birmingham").country == "GBR"


def test_story_context_decides_a_namesake(annotate):
    doc = annotate("Floods hit Georgia and South Carolina. Savannah and Atlanta opened shelters as rain continued.")
    assert _place(doc, "Georgia").country == "USA"  # the US state, in a story about the American South
    doc = annotate("Georgia accused Russia of moving the border fence near Tbilisi.")
    assert _place(doc, "Georgia").country == "GEO"


def test_state_abbreviations(annotate):
    doc = annotate("The plant is in Spokane, WA, and a second one opened in Helena, Mont., in May.")
    assert _place(doc, "WA").name == "Washington State"
    assert _place(doc, "Mont.").name == "Montana"
    assert _place(doc, "Helena").admin1 == "Montana"
    assert _place(doc, "Spokane").admin1 == "Washington State"


def test_a_capitalised_code_is_not_a_town(annotate):
    doc = annotate("Delegates met at the OAS and at NATO to discuss the crisis.")
    assert not [p for p in doc.places if p.precision == "city"]  # Oas (Philippines), Nato (Philippines)


def test_state_code_alone_needs_a_story_about_its_country(annotate):
    text = "Wastewater in WA is diluted before it reaches the sea off Perth and Rockingham."
    assert _place(annotate(text), "WA").name == "Western Australia"


def test_washington_city_and_state(annotate):
    doc = annotate("Washington said on Monday it would expel the diplomats.")
    assert _near(_place(doc, "Washington"), 38.90, -77.04)
    doc = annotate("She runs a cake studio in Tacoma, Washington, and sells at markets in Seattle.")
    assert _place(doc, "Washington").precision == "admin1"


# ---------------------------------------------------------------------- kinds of place


def test_countries_and_states_have_coordinates(annotate):
    doc = annotate("Russia and China held talks while Texas and California sued the government.")
    for name, precision in (("Russia", "country"), ("China", "country"), ("Texas", "admin1"),
                            ("California", "admin1")):
        p = _place(doc, name)
        assert p.precision == precision and p.lat is not None and p.lon is not None
    assert _near(_place(doc, "Texas"), 31.3, -99.3, within_km=200)
    assert _near(_place(doc, "California"), 37.2, -119.5, within_km=200)


def test_naive_alternate_names_are_not_matched():
    gaz = load_gazetteer()
    assert gaz.lookup("US").country == "USA"  # not the French town whose alternate name is "US"
    africa = gaz.lookup("Africa")
    assert africa is not None and africa.precision == "region"  # not a Tunisian town


def test_adjectives_and_regions(annotate):
    doc = annotate("Russian troops crossed the Syrian border while European leaders met in the Middle East.")
    assert _place(doc, "Russian").country == "RUS"
    assert _place(doc, "Syrian").country == "SYR"
    assert _place(doc, "European").precision == "region"
    assert _place(doc, "Middle East").precision == "region"
    assert not [p for p in doc.places if p.text == "Russians"]


def test_places_inside_organisation_names(annotate):
    doc = annotate("The Bank of Japan and the Lagos Chamber of Commerce signed the agreement.")
    assert _place(doc, "Japan").country == "JPN"
    assert _place(doc, "Lagos").country == "NGA"


def test_landmarks(annotate):
    doc = annotate("The two leaders met at the White House before flying to Camp David.")
    wh = _place(doc, "White House")
    assert wh.precision == "landmark" and _near(wh, 38.8977, -77.0365, within_km=1)
    assert _place(doc, "Camp David").precision == "landmark"


# ---------------------------------------------------------------------- not places


def test_person_names_that_look_like_places(annotate):
    doc = annotate("Chad Johnson and Jordan Henderson arrived late. Kobe Bryant spoke first, and Bryant said little.")
    assert doc.places == []


def test_common_words_are_not_towns(annotate):
    doc = annotate("In March the Commerce Department said the Union would meet.")
    assert doc.places == []


def test_street_names_are_not_their_towns(annotate):
    doc = annotate("The fire started on Kingsley Road and spread to Third Street.")
    assert not [p for p in doc.places if p.precision == "city"]


# ---------------------------------------------------------------------- event locations


def _sentence_trigger(doc: Document, word: str):
    assert doc.spacy is not None
    return next(t for t in doc.spacy if t.text == word)


def test_dateline_is_the_fallback_location(annotate):
    doc = annotate("NAIROBI (Reuters) - Police fired tear gas at protesters on Monday.")
    loc = event_location(doc, _sentence_trigger(doc, "fired"), set())
    assert loc is not None and loc.name == "Nairobi" and loc.precision == "city"


def test_event_location_precision(annotate):
    doc = annotate("The army shelled rebel positions in Mosul. The army shelled rebel positions in Iraq.")
    first, second = (t for t in doc.spacy if t.text == "shelled")  # type: ignore[union-attr]
    city, country = event_location(doc, first, set()), event_location(doc, second, set())
    assert city is not None and city.name == "Mosul" and city.precision == "city"
    assert country is not None and country.precision == "country"  # a centroid, flagged as such


def test_an_adjective_is_not_an_event_location(annotate):
    doc = annotate("Syrian troops shelled the town on Monday.")
    assert event_location(doc, _sentence_trigger(doc, "shelled"), set()) is None


def test_offsets_index_the_original_text(annotate):
    text = "Officials in  Kandahar \u201cwelcomed\u201d the talks."
    doc = annotate(text)
    p = _place(doc, "Kandahar")
    assert p.start is not None and text[p.start : p.end] == "Kandahar"


def test_dateline_city_refines_a_country(annotate):
    doc = annotate("NAIROBI (Reuters) - Police in Kenya fired tear gas at protesters on Monday.")
    loc = event_location(doc, _sentence_trigger(doc, "fired"), set())
    assert loc is not None and loc.name == "Nairobi" and loc.precision == "city"


def test_town_list_setting_is_checked(monkeypatch):
    from eventmill.errors import ConfigError
    from eventmill.geo.gazetteer import MIN_CITY_POPULATION, town_list

    monkeypatch.delenv("EVENTMILL_GAZETTEER_TOWNS", raising=False)
    assert town_list() == MIN_CITY_POPULATION
    monkeypatch.setenv("EVENTMILL_GAZETTEER_TOWNS", "1000")
    assert town_list() == 1000
    monkeypatch.setenv("EVENTMILL_GAZETTEER_TOWNS", "2500")
    with pytest.raises(ConfigError, match="EVENTMILL_GAZETTEER_TOWNS='2500': must be one of"):
        town_list()


def test_where_participants_come_from_is_not_where_it_happened(annotate):
    doc = annotate("SPOKANE, Wash. (AP) - Two men from Helena, Mont., were arrested on Monday.")
    loc = event_location(doc, _sentence_trigger(doc, "arrested"), set())
    assert loc is not None and loc.name == "Spokane"  # the dateline, not the men's home town


# ---------------------------------------------------------------------- small towns and missed mentions


def test_small_town_index_finds_towns_by_their_own_name():
    from eventmill.geo.gazetteer import SmallTowns

    towns = SmallTowns([("Zell am See", 47.32, 12.79, "AUT", "05", 4000, 1),
                        ("Zell", 47.70, 7.85, "DEU", "01", 2000, 2),
                        ("Zell", 46.90, 7.90, "CHE", "BE", 1500, 3),
                        ("Saint Ives", 50.21, -5.48, "GBR", "ENG", 4500, 4)])
    assert len(towns) == 4
    assert sorted(towns.place(r).country for r in towns.rows("zell")) == ["CHE", "DEU"]
    assert [towns.place(r).name for r in towns.rows("zell am see")] == ["Zell am See"]
    assert [towns.place(r).name for r in towns.rows("st ives")] == ["Saint Ives"]  # the usual variants
    assert towns.rows("zel") == [] and towns.rows("zzz") == [] and towns.rows("") == []
    town = towns.place(towns.rows("saint ives")[0])
    assert (town.precision, town.feature, town.population, town.admin1_code) == ("city", "PPL", 4500, "ENG")


def test_a_village_is_found_where_the_text_says_it_is_a_place(annotate):
    doc = annotate("Two lorries collided near Coggeshall in Essex on Monday, closing the road for hours.")
    village = _place(doc, "Coggeshall")
    assert village.country == "GBR" and village.precision == "city" and _near(village, 51.87, 0.69, within_km=10)


def test_a_village_name_is_not_taken_from_a_persons_name(annotate):
    doc = annotate("The lawyers of Helen Kunz said the trial would resume, and her friend Ava Jones agreed.")
    assert not [p for p in doc.places if p.text in ("Helen", "Ava")]
    doc = annotate("The debate went on in Congress while senators argued over the budget.")
    assert not [p for p in doc.places if p.text == "Congress"]  # a village's name that is a word


def test_a_village_in_the_state_the_story_names_beats_bigger_namesakes(annotate):
    doc = annotate("New Jersey officials said the bridge in Riverdale would reopen after repairs by the state.")
    assert _near(_place(doc, "Riverdale"), 40.99, -74.30, within_km=20)  # not Riverdale, Georgia
    doc = annotate("Police in Atlanta said a man from Riverdale was arrested.")
    assert _place(doc, "Riverdale").admin1 == "Georgia"


def test_a_place_after_a_word_of_motion(annotate):
    doc = annotate("Commuters travelling to Tewkesbury from Gloucester face long delays this week.")
    assert _place(doc, "Tewkesbury").country == "GBR"
    doc = annotate("He spoke to Nelson Mandela about the talks, and a source close to Kane told reporters.")
    assert not [p for p in doc.places if p.text in ("Nelson", "Kane")]


def test_a_county_after_a_comma_qualifies_the_place_before_it(annotate):
    doc = annotate("The championship moves to Brands Hatch, Kent. The next round is at Ascot, Berkshire.")
    kent, berkshire = _place(doc, "Kent"), _place(doc, "Berkshire")
    assert kent.country == berkshire.country == "GBR" and kent.precision == "admin2"
    doc = annotate("Clark Kent, the reporter, filed the story.")
    assert not [p for p in doc.places if p.text == "Kent"]


def test_a_country_ending_an_organisations_name(annotate):
    doc = annotate("The airline Air Tanzania cancelled flights, and HSBC Malta plc said it would review the loans.")
    assert _place(doc, "Tanzania").country == "TZA"
    assert _place(doc, "Malta").country == "MLT"
    doc = annotate("The Minister of Business, Enterprise and Cooperatives opened the fair.")
    assert not [p for p in doc.places if p.text == "Enterprise"]


def test_a_city_opening_a_sentence_as_its_subject(annotate):
    doc = annotate("Rebels hold the north of Syria. Aleppo was shelled again overnight, residents said.")
    assert _place(doc, "Aleppo").country == "SYR"


def test_an_adjective_before_a_common_noun_is_a_place(annotate):
    doc = annotate("The mines were laid by Azerbaijani soldiers, and Slovak architects designed the hotel.")
    assert _place(doc, "Azerbaijani").country == "AZE"
    assert _place(doc, "Slovak").country == "SVK"


def test_place_based_is_where_something_is_from(annotate):
    doc = annotate("A Leeds-based charity said the council had not paid its grant.")
    assert _place(doc, "Leeds").country == "GBR"
    doc = annotate("The US-based firm said it had not paid.")
    assert _place(doc, "US").country == "USA"
    located = doc.layers.get(PlaceLayer)
    assert located is not None and not located.mentions  # where a firm is based is no event location


def test_a_state_in_a_list_of_states_or_after_a_direction(annotate):
    doc = annotate("Buyers are leaving states such as California, Oregon or Washington because of rents.")
    assert _place(doc, "Washington").precision == "admin1"
    doc = annotate("The fire crews drove to central Washington on Monday.")
    assert _place(doc, "Washington").precision == "admin1"
    doc = annotate("Officials in Washington and Moscow traded accusations.")
    assert _near(_place(doc, "Washington"), 38.90, -77.04)


# ---------------------------------------------------------------------- streets and buildings


def test_street_and_building_take_the_town_the_text_puts_them_in(annotate):
    doc = annotate("A gas leak closed Harbour Avenue in Spokane, Washington, on Monday. "
                   "The injured were taken to Calder Memorial Hospital, officials said.")
    avenue, hospital = _place(doc, "Harbour Avenue"), _place(doc, "Calder Memorial Hospital")
    assert avenue.feature == "STREET" and avenue.name == "Spokane" and _near(avenue, 47.66, -117.43)
    assert hospital.feature == "BUILDING" and hospital.name == "Spokane"  # the sentence names no town: the story's


def test_possessive_town_places_a_stadium(annotate):
    doc = annotate("Thousands of fans gathered outside Cardiff's Brantwood Stadium on Saturday.")
    stadium = _place(doc, "Brantwood Stadium")
    assert stadium.feature == "SITE" and stadium.name == "Cardiff" and stadium.country == "GBR"


def test_facility_names_it_must_leave_alone(annotate):
    # a named place inside the name is the place already found; a capital opening the sentence is no name;
    # a university in a story whose sentence names no town is where someone works, not where the story is
    doc = annotate("A professor at Colorado State University said the drought in Kansas would last. "
                   "This street is the oldest in Denver. A lecturer at Brindle University disagreed.")
    texts = [p.text for p in doc.places]
    assert "State University" not in texts and "This street" not in texts
    assert "Brindle University" not in texts
    assert _place(doc, "Colorado").precision == "admin1"


def test_facility_is_no_event_location(annotate):
    doc = annotate("Police arrested two men on Larkfield Road in Bradford on Friday.")
    layer = doc.layers.get(PlaceLayer)
    assert layer is not None
    assert [m.place.text for m in layer.mentions] == ["Bradford"]
    assert _place(doc, "Larkfield Road").name == "Bradford"


# ---------------------------------------------------------------------- US counties


def test_us_county_has_a_point(annotate):
    doc = annotate("Officials in Horry County said the beaches would reopen on Friday.")
    county = _place(doc, "Horry County")
    assert county.precision == "admin2" and county.admin1 == "South Carolina" and _near(county, 33.9, -79.0)


def test_us_county_of_many_states_is_the_one_near_the_story(annotate):
    doc = annotate("Two inmates escaped from the Walker County jail and were caught in Chattanooga, Tennessee.")
    assert _place(doc, "Walker County").admin1 == "Georgia"  # the Walker County next to Chattanooga
    doc = annotate("Storms flooded roads in Walker County, Texas, and in Houston on Monday.")
    assert _place(doc, "Walker County").admin1 == "Texas"


def test_road_number_in_the_story_town(annotate):
    doc = annotate("Traffic was diverted in Stroud on Monday. The A46 was closed after a crash, and drivers were "
                   "sent via the A419. Police in Stroud said the road would reopen at noon.")
    road = _place(doc, "A46")
    assert road.feature == "ROAD" and road.name == "Stroud" and road.country == "GBR"
    assert _place(doc, "A419").name == "Stroud"


def test_model_numbers_are_no_roads(annotate):
    doc = annotate("Airlines in Derby retired the A380 jet, and police in Derby said the M16 rifle was stolen.")
    texts = [p.text for p in doc.places]
    assert "A380" not in texts and "M16" not in texts


def test_facility_name_goes_on_and_its_town(annotate):
    doc = annotate("Prayers were held at the Great Mosque of Harlow on Friday. "
                   "A fire closed Mercer Avenue West in Winnipeg, Manitoba.")
    mosque = _place(doc, "Great Mosque")
    assert mosque.feature == "BUILDING" and mosque.name == "Harlow"  # the place its name ends in is its town
    assert _place(doc, "Mercer Avenue West").name == "Winnipeg"
