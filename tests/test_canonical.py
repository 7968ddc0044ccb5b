"""The canonical example of PRODUCT.md (../shared/examples), which stays out of the repository.

Skips when ../shared is absent."""

from __future__ import annotations

import json

import pytest

import eventmill
from eventmill.ingest import parse_pub_date
from eventmill.records import Document


@pytest.fixture(scope="module")
def coded(shared):
    rec = json.loads((shared / "examples" / "iraq-us-strategic-dialogue.jsonl").read_text(encoding="utf-8"))
    [doc] = list(eventmill.code_documents([Document(id=rec["id"], text=rec["text"],
                                                    pub_date=parse_pub_date(rec["date"]), source=rec["source"])]))
    return doc  # .incidents: the events as eventmill code writes them (one per event)


def codes(e):
    return ((e.actor.code if e.actor else None), (e.recipient.code if e.recipient else None))


def test_white_house_meeting_on_monday(coded):
    meetings = [e for e in coded.incidents if e.event == "CONSULT" and e.date == "2021-07-26"
                and {codes(e)} & {("IRQGOV", "USAGOV"), ("USAGOV", "IRQGOV")}]
    assert meetings
    loc = meetings[0].event_loc
    assert loc is not None and loc.name == "White House"
    assert abs(loc.lat - 38.90) < 0.05 and abs(loc.lon + 77.04) < 0.05  # Washington DC


def test_withdrawal_agreement_is_a_promise_with_a_deadline(coded):
    promises = [e for e in coded.incidents if e.intended == "RETREAT" and e.deadline == "2021-12-31"
                and e.event in ("AGREE", "CONCEDE")]
    assert promises
    assert all("future" in e.aux for e in promises)
    assert not [e for e in coded.incidents if e.event == "RETREAT" and "future" not in e.aux]  # nothing withdrew yet


def test_no_longer_conducting_combat_missions_is_never_an_attack(coded):
    assert not [e for e in coded.incidents if e.event == "ASSAULT" and e.actor and e.actor.country == "USA"
                and "negated" not in e.aux]
    assert [e for e in coded.incidents if e.event == "CONCEDE" and e.actor and e.actor.country == "USA"]


def test_us_pledges(coded):
    pledges = [e for e in coded.incidents if e.event == "AGREE" and e.intended in ("SUPPORT", "AID")
               and e.actor and e.actor.country == "USA"]
    assert pledges
    assert all(e.recipient and e.recipient.country == "IRQ" for e in pledges)


def test_dialogue_that_began_in_june_2020_is_historical(coded):
    [first] = [e for e in coded.incidents if e.event == "CONSULT" and e.date == "2020-06-11"][:1]
    assert "historical" in first.aux


def test_actors_are_iraq_and_the_us_never_a_namesake(coded):
    countries = {a.country for a in coded.actors if a.country}
    assert countries <= {"IRQ", "USA"}, countries
    by_text = {a.entity_text: a for a in coded.actors}
    assert by_text["Prime Minister Mustafa Al-Kazemi"].kb_id == "mustafa-al-kadhimi"
    assert by_text["Prime Minister Mustafa Al-Kazemi"].code == "IRQGOV"
    assert by_text["Kurdistan Regional Government"].code == "IRQGOV"
    isis = [a for a in coded.actors if a.kb_id == "isis"]
    assert isis and isis[0].sector == "INS" and isis[0].country is None


def test_evidence_offsets(coded):
    for e in coded.incidents:
        sentence = coded.text[e.text_info["start"]:e.text_info["end"]]
        assert coded.text[e.text_info["trigger_start"]:e.text_info["trigger_end"]].split()[0] in sentence
    # publishing the statement is a public statement (CAMEO 01): no PLOVER event
    assert not [e for e in coded.incidents if "published" in e.event_text]


def test_withdrawal_agreement_is_listed_as_a_commitment(shared, tmp_path):
    from click.testing import CliRunner

    from eventmill.cli import main

    db = tmp_path / "canonical.duckdb"
    runner = CliRunner()
    article = shared / "examples" / "iraq-us-strategic-dialogue.jsonl"
    out = runner.invoke(main, ["ingest", str(article), "--db", str(db)])
    assert out.exit_code == 0, out.output
    out = runner.invoke(main, ["commitments", "--db", str(db), "--format", "jsonl"])
    rows = [json.loads(x) for x in out.output.splitlines() if x.startswith("{")]
    withdrawal = [r for r in rows if r["intended"] == "RETREAT" and str(r["deadline"]).startswith("2021-12-31")]
    assert withdrawal and all(r["status"] == "open" for r in withdrawal)
