"""One incident, one event (events/incidents.py): the sentences of a story that report the same
incident are folded into one event with all its evidence; `eventmill code` writes one record per
event and `--mentions` one per sentence; the store keeps each sentence as a mention of its event,
and a dateline does not split one event told by two outlets. The stories are written for these
tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventmill
from eventmill.cli import main
from eventmill.events.incidents import compatible, same_party, same_time
from eventmill.records import Actor, Event, Place

ATTACK = (
    "Boko Haram fighters attacked a military base in Monguno in Borno state on Saturday, killing 12 soldiers, "
    "officials said.\n"
    "The attack began shortly after dusk, when gunmen on motorcycles opened fire on the base in Monguno.\n"
    "The army said on Sunday that 20 soldiers were killed in the attack on the base in Monguno.\n"
    "In a separate attack, gunmen killed five farmers in Zaria in Kaduna state on Saturday.\n"
    "President Muhammadu Buhari condemned the attack on the base and ordered an inquiry.\n"
)
DATE = "2021-03-15"


def _events(text: str, date: str = DATE, **kw) -> list[dict]:
    return eventmill.code(text, date=date, id="story", **kw)


def test_one_attack_told_three_times_is_one_event():
    events = _events(ATTACK)
    attacks = [e for e in events if e["event"] == "ASSAULT" and e["event_loc"]["name"] == "Monguno"]
    assert len(attacks) == 1
    [attack] = attacks
    assert attack["actor"]["code"].startswith("NGAINS") and attack["recipient"]["country"] == "NGA"
    assert attack["date"] == "2021-03-13" and attack["date_precision"] == "day"
    assert sorted({m["sentence"] for m in attack["mentions"]}) == [0, 1, 2]  # the lede tells it twice
    assert attack["size"]["dead"] == 20  # the revised toll, not 12 + 20
    first = attack["mentions"][0]
    assert (attack["sentence"], attack["text_info"]["trigger_start"]) == (first["sentence"], first["trigger_start"])
    assert ATTACK[first["trigger_start"]:first["trigger_end"]] == "attacked"


def test_a_separate_attack_stays_separate():
    zaria = [e for e in _events(ATTACK) if e["event"] == "ASSAULT" and e["event_loc"]["name"] == "Zaria"]
    assert len(zaria) == 1 and zaria[0]["size"]["dead"] == 5 and [m["sentence"] for m in zaria[0]["mentions"]] == [3]


def test_an_attack_told_again_as_what_is_condemned_is_one_event():
    """The country that names the doer of a condemned act says whose forces, not which of its arms."""
    story = "Russian troops shelled Kharkiv on Friday.\nUkraine condemned Russia's shelling of Kharkiv.\n"
    shellings = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT"]
    assert len(shellings) == 1 and [m["sentence"] for m in shellings[0]["mentions"]] == [0, 1]
    assert shellings[0]["actor"]["code"] == "RUSMIL" and shellings[0]["date"] == "2024-04-26"
    other = "Russian troops shelled Kharkiv on Friday.\nUkraine condemned Russia's shelling of Odesa.\n"
    assert len([e for e in _events(other, date="2024-05-01") if e["event"] == "ASSAULT"]) == 2


def test_a_doerless_attack_told_again_as_what_is_condemned_is_one_event():
    """A definite attack with its own date and place is one incident even as what is condemned
    (events/nominal.py one_incident); told after the attack itself, it is one more mention of it."""
    story = "Gunmen attacked a police station in Quetta on Monday, killing four officers.\n" \
        "On Tuesday, Pakistan condemned Monday's attack in Quetta.\n"
    attacks = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT"]
    assert len(attacks) == 1 and [m["sentence"] for m in attacks[0]["mentions"]] == [0, 1]
    assert attacks[0]["date"] == "2024-04-29"


def test_a_doerless_incident_told_again_folds_into_the_attack_whose_doer_was_named():
    """Its doer untold, the incident noun's actor (the place's unidentified forces) is no doer of
    its own: told again after the state's forces were named, it is one more mention of their act."""
    story = "Russian jets bombed a market in Idlib on Monday, killing 20 people.\n" \
        "The bombing in Idlib on Monday was the deadliest this year.\n"
    attacks = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT"]
    assert len(attacks) == 1 and sorted({m["sentence"] for m in attacks[0]["mentions"]}) == [0, 1]
    assert attacks[0]["actor"]["code"] == "RUSMIL"


def test_an_incident_told_as_what_came_before_is_not_the_act_it_preceded():
    """ "after the attack that killed dozens ..., when Washington ordered strikes": the definite
    noun is the earlier incident itself, not a pointer from the strikes back to it, and it is not
    placed by a place named in a clause that hangs on it."""
    story = "Syria's army shelled rebel positions in Idlib province on Monday.\n" \
        "Similar fears were raised after the Hama gas attack that killed dozens of people a year ago, " \
        "when the US president ordered a missile strike against the Syrian regime's airbase.\n"
    attacks = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT" and e["sentence"] == 1]
    assert sorted((e["actor"] or {}).get("code") or "" for e in attacks) == ["", "USAGOV"]
    story = "Fears of war grew after the chemical attack that killed dozens of people a year ago, " \
        "when Washington ordered missile strikes on a Syrian airbase.\n"
    [attack] = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT" and e["actor"] is None]
    assert attack["event_loc"] is None  # (not "in Washington")


def test_a_doerless_incident_stays_apart_from_another_act_of_its_sentence():
    """ "The Kano bombing on Sunday was the deadliest attack since 2015, when ... killed 40": the
    bombing is not the 2015 killing, nor placed where that one was."""
    story = "The Kano bombing on Sunday was the deadliest attack in Nigeria since March 2015, when Boko Haram " \
        "fighters killed 40 people in attacks on markets in Maiduguri.\n"
    attacks = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT"]
    assert [e["date"] for e in attacks] == ["2015-03-01"]  # (the bombing has no place of its own the coder reads)
    story = "The bombing in Kano on Sunday was the deadliest attack in Nigeria since March 2015, when Boko Haram " \
        "fighters killed 40 people in attacks on markets in Maiduguri.\n"
    attacks = [e for e in _events(story, date="2024-05-01") if e["event"] == "ASSAULT"]
    assert sorted((e["date"], e["event_loc"]["name"]) for e in attacks) == [("2015-03-01", "Maiduguri"),
                                                                             ("2024-04-28", "Kano")]


def test_mentions_flag_gives_one_record_per_sentence():
    folded = _events(ATTACK)
    per_sentence = _events(ATTACK, mentions=True)
    assert all("mentions" not in e for e in per_sentence)
    assert len(per_sentence) == sum(len(e["mentions"]) for e in folded)
    ids = {m["id"] for e in folded for m in e["mentions"]}
    assert ids == {e["id"] for e in per_sentence}


def test_joint_meeting_keeps_its_two_sides_with_one_date():
    text = ("Kenya's president met Ethiopia's prime minister at State House in Nairobi on Monday.\n"
            "The meeting between the two leaders lasted three hours, officials said.\n")
    meetings = [e for e in _events(text, "2026-03-10") if e["event"] == "CONSULT"]
    assert sorted((e["actor"]["country"], e["recipient"]["country"]) for e in meetings) == [
        ("ETH", "KEN"), ("KEN", "ETH")]
    assert {e["date"] for e in meetings} == {"2026-03-09"}


def test_claim_names_the_bomber():
    text = ("A suicide bomber killed 20 people at a crowded market in Baghdad on Friday, police said.\n"
            "Islamic State claimed responsibility for the bombing in a statement.\n")
    [attack] = [e for e in _events(text, "2021-03-13") if e["event"] == "ASSAULT"]
    assert attack["actor"]["code"].startswith("IMG") and attack["actor"]["kb_id"]
    assert [m["sentence"] for m in attack["mentions"]] == [0, 1]


def test_claim_does_not_rewrite_a_named_perpetrator():
    text = ("Boko Haram fighters attacked a military base in Monguno on Saturday, killing 12 soldiers.\n"
            "A rival faction claimed responsibility for the raid.\n")
    [attack] = [e for e in _events(text) if e["event"] == "ASSAULT"]
    assert attack["actor"]["code"].startswith("NGAINS")


def test_victims_words_do_not_make_them_the_attackers():
    text = ("Gunmen killed 14 villagers in Numan in Adamawa state on Tuesday, the police said.\n"
            "\"They came at night and killed our sons,\" the village head told reporters.\n")
    events = _events(text, "2019-03-01")
    assert all((e["actor"] or {}).get("sector") != "CVL" for e in events)
    assert len([e for e in events if e["event"] == "ASSAULT"]) == 1


# ----------------------------------------------------------------------------- the rule itself


def _ev(event="ASSAULT", actor=None, recipient=None, date="2021-03-13", precision="day", loc=None, aux=(),
        sentence=0, mode=None) -> Event:
    return Event(id=f"e{sentence}", story_id="s", sentence=sentence, event=event, pub_date="2021-03-15",
                 actor=actor, recipient=recipient, date=date, date_precision=precision, event_loc=loc,
                 aux=list(aux), mode=mode, text_info={"start": 0, "end": 100, "trigger_start": 1})


def _a(code, country=None, sector=None, kb_id=None) -> Actor:
    return Actor(entity_text=code, code=code, country=country, sector=sector, kb_id=kb_id)


@pytest.mark.parametrize(("x", "y", "victims", "same"), [
    (_a("KEN", "KEN"), _a("KENGOV", "KEN", "GOV"), False, True),  # one refines the other
    (_a("KENGOV", "KEN", "GOV"), _a("KENCOP", "KEN", "COP"), False, False),  # two actors
    (_a("NGAUAF", "NGA", "UAF"), _a("NGAINSBKH", "NGA", "INS", "q1"), False, True),  # "gunmen" and the group
    (_a("NGAUAF", "NGA", "UAF"), _a("NGAMIL", "NGA", "MIL"), False, False),  # "gunmen" are not the army
    (_a("NGAMIL", "NGA", "MIL"), _a("NGACVL", "NGA", "CVL"), True, True),  # victims of one attack
    (_a("NGAUAF", "NGA", "UAF"), _a("NGACVL", "NGA", "CVL"), True, False),  # the attackers killed are not
    (None, _a("NGAMIL", "NGA", "MIL"), False, True),  # unknown fits anything
])
def test_same_party(x, y, victims, same):
    assert same_party(x, y, victims) is same


def test_dates_and_places_that_cannot_be_one_event():
    assert not same_time(_ev(date="2021-03-13"), _ev(date="2021-03-12"))
    assert same_time(_ev(date="2021-03-13"), _ev(date="2021-03-15", precision="week"))  # dated by its report
    assert same_time(_ev(date="2021-03-01", precision="month"), _ev(date="2021-03-13"))
    kano = Place(text="Kano", name="Kano", lat=12.0, lon=8.5, country="NGA", precision="city", start=10, end=14)
    zaria = Place(text="Zaria", name="Zaria", lat=11.1, lon=7.7, country="NGA", precision="city", start=10, end=15)
    assert not compatible(_ev(loc=kano), _ev(loc=zaria, sentence=1))
    dateline = Place(text="Zaria", name="Zaria", lat=11.1, lon=7.7, country="NGA", precision="city", start=200,
                     end=205)  # named outside the sentence: the dateline
    assert compatible(_ev(loc=kano), _ev(loc=dateline, sentence=1))
    assert not compatible(_ev(aux=["future"]), _ev(sentence=1))  # a promise is not the deed
    assert not compatible(_ev("COERCE", mode="arrest"), _ev("COERCE", mode="curfew", sentence=1))


# ----------------------------------------------------------------------------- CLI and store


def test_cli_code_and_mentions(tmp_path: Path):
    src = tmp_path / "story.txt"
    src.write_text(ATTACK, encoding="utf-8")
    runner = CliRunner()
    folded = runner.invoke(main, ["code", str(src), "--date", DATE])
    per_sentence = runner.invoke(main, ["code", str(src), "--date", DATE, "--mentions"])
    assert folded.exit_code == per_sentence.exit_code == 0
    a = [json.loads(x) for x in folded.stdout.splitlines()]
    b = [json.loads(x) for x in per_sentence.stdout.splitlines()]
    assert len(a) < len(b) and all(e["mentions"] for e in a)
    assert f"{len(a)} events" in folded.stderr and f"{len(b)} events" in per_sentence.stderr


def test_store_keeps_every_mention_under_its_event(tmp_path: Path):
    db = eventmill.open(str(tmp_path / "s.duckdb"))
    [doc] = list(eventmill.code_documents([eventmill.records.Document(id="story", text=ATTACK,
                                                                      pub_date=eventmill.ingest.parse_pub_date(DATE))]))
    db.write_documents([doc])
    events = db.sql("SELECT event_id, num_mentions FROM events").values.tolist()
    assert len(events) == len(doc.incidents)
    assert sum(n for _, n in events) == sum(len(e.mentions) for e in doc.incidents)
    rows = db.sql("SELECT DISTINCT m.sentence FROM event_mentions m JOIN events e USING (event_id) "
                  "WHERE m.loc_name = 'Monguno' ORDER BY m.sentence").values.tolist()
    assert rows == [[0], [1], [2]]


WIRE = ("ADDIS ABABA (Wire) — {lede} at State House in Nairobi on Monday, officials said.\n"
        "The two leaders agreed to reopen the Moyale border crossing by the end of March.\n")


def test_a_dateline_does_not_split_one_event_told_by_two_outlets(tmp_path: Path):
    one = {"id": "a", "date": "2026-03-10", "source": "Harbour Times",
           "text": "Kenya's president met Ethiopia's prime minister at State House in Nairobi on Monday.\n"
                   "In Nairobi, the two leaders agreed to reopen the Moyale border crossing by the end of March.\n"}
    two = {"id": "b", "date": "2026-03-10", "source": "Wire",
           "text": WIRE.format(lede="Ethiopia's prime minister held talks with Kenya's president", noun="men")}
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps(one) + "\n" + json.dumps(two) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = eventmill.open(str(db), read_only=True)
    rows = store.sql("SELECT event, num_articles FROM event_table ORDER BY event").values.tolist()
    assert [e for e, _ in rows] == ["AGREE", "AGREE", "CONSULT", "CONSULT"]  # each side of each
    assert all(n == 2 for _, n in rows), rows  # the wire's dateline (Addis Ababa) splits nothing


def test_the_canonical_story_rewritten_by_a_wire_merges_whole(shared, tmp_path: Path):
    """PRODUCT.md's example, and the same story as a wire would rework it at run time (a
    BAGHDAD dateline, a few words changed): the store holds the original's events, each told
    by both stories (the dateline splits nothing)."""
    original = json.loads((shared / "examples" / "iraq-us-strategic-dialogue.jsonl").read_text(encoding="utf-8"))
    text = original["text"].replace("SHAFAQNA- ", "BAGHDAD (Wire) — ", 1)
    for old, new in (("issued a brief statement", "said in a short statement"),
                     ("stressed the need", "underlined the need"),
                     ("At the beginning of the meeting", "At the start of the meeting")):
        text = text.replace(old, new)
    wire = dict(original, id="wire-copy", source="Wire", text=text)
    counts = []
    for name, docs in (("one", [original]), ("both", [original, wire])):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / f"{name}.duckdb")])
        assert result.exit_code == 0, result.output
        store = eventmill.open(str(tmp_path / f"{name}.duckdb"), read_only=True)
        counts.append(store.sql("SELECT num_articles FROM events")["num_articles"].tolist())
    assert len(counts[1]) == len(counts[0]) and set(counts[1]) == {2}


@pytest.mark.parametrize("story, event, recipient", [
    ("Kenya resumed talks with Somalia on Tuesday. Its negotiators later rejected the proposal.", "REJECT", "SOMGOV"),
    ("Peru opened negotiations with Bolivia on Monday. Its envoy agreed to a second round.", "AGREE", "BOLGOV"),
    # another actor's stance takes nothing from talks it was not in
    ("India held talks with Nepal on Monday. Bangladesh later rejected the plan.", "REJECT", None),
    # a condemnation is aimed at what it names, not at the host of the visit before
    ("Egypt's foreign minister visited Amman on Sunday. He condemned the bombing of the hospital.", "ACCUSE", None),
])
def test_a_stance_without_its_other_party_is_towards_the_party_dealt_with_just_before(story, event, recipient):
    [ev] = [e for e in _events(story, date="2024-05-01") if e["event"] == event]
    assert (ev["recipient"] or {}).get("code") == recipient
