"""What is not an event although a trigger is there (events/nonevents.py, docs/codebook.md "What is
not coded"): each named rule with sentences it leaves uncoded and sentences it must leave alone.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

import eventmill
from eventmill.events import nonevents

DATE = "2019-03-01"


def _types(text: str) -> list[str]:
    return sorted(e["event"] for e in eventmill.code(text, date=DATE, id="t", mentions=True)
                  if "negated" not in e["aux"])


NOT_EVENTS = {
    "statistic": [
        "More than 28,000 police officers have been killed in Afghanistan since 2015.",
        "At least 1,200 civilians have been killed in Yemen in airstrikes so far this year, the UN said.",
        "Police in Lagos have arrested 300 people over the past two years.",
        "More than 100 civilians have been killed in Daraa since the campaign started.",
        "Gunmen have abducted 120 people in Zamfara state this year.",
    ],
    "habitual": [
        "Taliban militants routinely attack army convoys in Helmand province.",
        "Police in Kenya tend to arrest opposition activists before elections.",
        "The EU has repeatedly urged the Belarusian authorities to release political prisoners.",
    ],
    "generic": [
        "Turkish jets strike Kurdish positions in Iraq whenever the PKK attacks a Turkish border post.",
        "Turkey opposes anything that strengthens the Kurdish YPG militia.",
        "Russia condemned everything the US did in Syria.",
    ],
    "background": [
        "Since the 2016 peace accord signed by the Colombian government and the Farc, hundreds of activists have died.",
    ],
    "state_description": [
        "The territory occupied by Isis in Iraq in 2014 has dwindled to a few villages.",
    ],
    "goal": [
        "A peace settlement to end the war in Yemen will require compromise by Saudi Arabia and Iran.",
    ],
    "option": [
        "Israel is weighing whether to attack Hezbollah positions in Lebanon.",
    ],
    "framing": [
        "It is certainly accurate to say that the Syrian army attacked rebel positions in Idlib.",
    ],
    "speculation": [
        "Israel could strike Iranian nuclear sites, analysts said.",
    ],
    "obligation": [
        "\"The Syrian people will have to agree on the principles of their own statehood.\"",
    ],
    "recorded": [
        "A councillor was captured on video insulting a bus driver in Leeds.",
    ],
    "caption": [
        "Photo: Kenyan police arrested protesters in Nairobi on Monday.",
        "Protesters clash with police in Caracas on Monday. Photograph: Jane Doe/Wire",
    ],
    "credit": [
        "Reporting by Jane Doe; police arrested 12 protesters in Kabul on Monday.",
    ],
}

def test_a_reason_is_not_an_event():
    text = "Iran said it had seized a British tanker in the Strait of Hormuz for violating maritime rules."
    assert _types(text) == ["COERCE"]  # the seizure, not a REJECT of the rules


def test_what_a_group_is_is_not_what_it_did():
    text = "US troops are supporting the SDF, a group of Kurdish and Arab militias fighting Islamic State."
    assert "ASSAULT" not in _types(text)
    text = "Police fired tear gas on Monday to disperse opposition supporters protesting against food prices."
    assert "PROTEST" in _types(text)


EVENTS = [
    # each rule must leave these alone
    ("Syrian forces have shelled the town of Douma since Sunday, killing 40 civilians.", "ASSAULT"),
    ("Police arrested 12 protesters in Nairobi on Monday.", "COERCE"),
    ("Taliban fighters attacked an army convoy in Helmand province on Tuesday.", "ASSAULT"),
    ("Unlike Trump, who used a televised address to castigate Russia, Mattis kept calm.", "ACCUSE"),
    ("Police had to fire tear gas to disperse protesters in Nairobi on Monday.", "ASSAULT"),
    ("Russia said Sudan must return the seized helicopter.", "REQUEST"),
    ("Iran threatened to attack US bases if Washington imposed new sanctions.", "THREATEN"),
    ("The jihadist Mohammed Emwazi was killed by a US drone in Raqqa in November 2015.", "ASSAULT"),
    ("The EU had suspended budget support to Niger earlier this year.", "SANCTION"),
    ("Houthi rebels have controlled the port since they overran government positions there in 2015.", "COERCE"),
    ("The mayor of Cali survived an attempt by Farc rebels to kill him in 2018.", "ASSAULT"),
]


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, ts in NOT_EVENTS.items() for t in ts])
def test_not_an_event(rule, text):
    assert _types(text) == [], f"{rule}: {text}"


@pytest.mark.parametrize(("text", "event"), EVENTS)
def test_still_an_event(text, event):
    assert event in _types(text), text


def test_conjuncts_share_a_condition():
    # "and attack ..." shares "would" and the "if": one threat, no attack
    text = "Russia would shoot down incoming missiles and attack their launch sites if the US struck Syria."
    assert _types(text) == ["THREATEN"]


def test_an_announced_withdrawal_is_a_concession():
    [e] = eventmill.code("Donald Trump has announced a rapid troop withdrawal from Syria.", date=DATE)
    assert (e["event"], e["intended"], e["aux"]) == ("CONCEDE", "RETREAT", ["future"])


def test_an_announced_deployment_is_not_a_threat_to_where_it_goes():
    [e] = eventmill.code("The Pentagon said it would increase the number of US troops in Syria.", date=DATE)
    assert e["event"] == "MOBILIZE" and "future" in e["aux"]


def test_a_speaker_on_their_own_country_is_no_demand():
    text = "Germany must be able to ensure prosecution is possible, the German defence minister said."
    assert "REQUEST" not in _types(text)


def test_notice_lines_are_found_by_kind():
    assert nonevents.notice_kind("Photo: Police stand guard outside the court.") == "caption"
    assert nonevents.notice_kind("Reuters contributed to this report") == "credit"
    assert nonevents.notice_kind("By Jane Doe, Wire") == "byline"
    assert nonevents.notice_kind("• Jane Doe is a senior correspondent for the Harbour Times") == "biography"
    assert nonevents.notice_kind("According to research by Amnesty, police killed 12 people.") is None
    assert nonevents.notice_kind("Police said by Monday 40 people had been arrested.") is None


def test_a_caption_inside_a_story_leaves_the_story_coded():
    text = ("Police arrested 12 protesters in Nairobi on Monday.\n"
            "Protesters clash with police in Nairobi. Photograph: Jane Doe/Wire\n"
            "The opposition condemned the arrests on Tuesday.\n")
    events = eventmill.code(text, date="2019-03-05", mentions=True)
    assert {e["sentence"] for e in events} >= {0} and all(e["sentence"] not in (1, 2) for e in events)
