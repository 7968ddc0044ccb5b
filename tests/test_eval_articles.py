"""Whole-article scoring: the verdict on each record, the figures, the analyst's view."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventmill.cli import main
from eventmill.eval import detect_kind, evaluate, format_report
from eventmill.eval.articles import judge_article, party_ok, place_ok
from eventmill.eval.metrics import score_articles

from .conftest import needs_shared

TEXT = (
    "Police arrested three men in Kabul on Monday. The arrests followed a raid. "
    "Germany and France met in Paris. Later, the army attacked a village. "
    "Britain sent aid. Officials spoke about history. "
    "Background: the army attacked a town in 2001."
)
UNTIL = TEXT.index("Background")


def _party(country: str | None, *sectors: str) -> dict[str, Any]:
    return {"text": "x", "country": country, "sector_in": list(sectors)}


def _gold_event(typ: str, actor: dict, recipient: dict | None, evidence: list[str], **kw: Any) -> dict[str, Any]:
    return {"type": typ, "aux": [], "actor": actor, "recipient": recipient, "date": kw.get("date"),
            "place": kw.get("place"), "evidence": evidence, "joint": kw.get("joint", False)}


ARTICLE = {
    "id": "a1", "text": TEXT, "date": "2018-08-14", "source": "Wire", "url": None, "annotated_until": UNTIL,
    "events": [
        _gold_event("COERCE", _party("AFG", "COP"), _party("AFG", "CVL"),
                    ["Police arrested three men in Kabul", "The arrests followed a raid"],
                    date="2018-08-13", place={"name": "Kabul", "country": "AFG"}),
        _gold_event("CONSULT", _party("DEU", "GOV"), _party("FRA", "GOV"), ["Germany and France met in Paris"],
                    date="2018-08", place={"name": "Paris", "country": "FRA"}, joint=True),
        _gold_event("ASSAULT", _party("AFG", "MIL"), _party("AFG", "CVL"), ["the army attacked a village"],
                    date="2018-08-12"),
        _gold_event("AID", _party("GBR", "GOV"), None, ["Britain sent aid"]),
        dict(_gold_event("REJECT", _party("AFG", "GOV"), None, ["Officials spoke"]), aux=["negated"]),
    ],
}


def _actor(country: str | None, sector: str | None) -> dict[str, Any]:
    return {"entity_text": "x", "country": country, "sector": sector, "code": (country or "") + (sector or "")}


def _rec(typ: str, word: str, actor: dict | None = None, recipient: dict | None = None, **kw: Any) -> dict[str, Any]:
    at = TEXT.index(word, kw.get("after", 0))
    return {"story_id": kw.get("story", "a1"), "event": typ, "actor": actor, "recipient": recipient,
            "date": kw.get("date"), "event_loc": kw.get("loc"), "aux": kw.get("aux", []),
            "text_info": {"start": at, "end": at + 10, "trigger_start": at, "trigger_end": at + len(word)},
            "event_text": word, "confidence": kw.get("conf", 0.7)}


KABUL = {"name": "Kabul", "country": "AFG"}
RECORDS = [
    _rec("COERCE", "arrested", _actor("AFG", "COP"), _actor("AFG", "CVL"), date="2018-08-13", loc=KABUL, conf=0.9),
    _rec("COERCE", "arrests", _actor("AFG", "COP"), None, date="2018-08-13", conf=0.8),  # the same arrest again
    _rec("CONSULT", "met", _actor("DEU", "GOV"), _actor("FRA", "GOV"), date="2018-08-12",
         loc={"name": "Paris", "country": "FRA"}),
    _rec("CONSULT", "met", _actor("FRA", "GOV"), _actor("DEU", "GOV"), date="2018-08-12",  # the other side
         loc={"name": "Paris", "country": "FRA"}),
    _rec("CONSULT", "met", _actor("FRA", "GOV"), _actor("DEU", "GOV"), date="2018-08-12", conf=0.95),  # a third
    _rec("PROTEST", "attacked", _actor("AFG", "MIL"), conf=0.85),  # a real event, wrong type
    _rec("ASSAULT", "attacked", _actor("USA", "MIL"), _actor("AFG", "CVL"), date="2018-08-12"),  # wrong actor
    _rec("ACCUSE", "Officials", _actor("AFG", "GOV"), conf=0.6),  # no event at all
    _rec("ASSAULT", "attacked", _actor("AFG", "MIL"), after=UNTIL),  # past the annotated part: not scored
    _rec("COERCE", "arrested", _actor("AFG", "COP"), aux=["negated"]),  # negated: not scored
]


def test_each_record_gets_its_verdict():
    records, found = judge_article(ARTICLE, RECORDS)
    assert [v.reason for v in records] == [
        "right", "duplicate", "right", "right", "duplicate", "wrong type (gold ASSAULT)", "wrong actor",
        "false event",
    ]
    assert [(v.event, v.verdict) for v in found] == [
        ("COERCE", "hit"), ("CONSULT", "hit"), ("ASSAULT", "hit"), ("AID", "missed"),
    ]
    # the joint event's second record is read with the sides swapped, so its parties are right
    assert records[3].wrong == [] and [v.right for v in records] == [True, False, True, True, False, False, False,
                                                                      False]


def test_figures_of_an_article():
    res = score_articles([ARTICLE], RECORDS)
    assert (res["records"], res["gold_events"]) == (8, 4)
    assert res["precision"] == 0.5 and res["recall"] == 0.75
    assert res["duplicate_rate"] == 0.25 and res["false_rate"] == 0.25 and res["wrong_type_rate"] == 0.125
    assert res["actor_acc"] == 0.75 and res["recipient_acc"] == 1.0  # on the four hits only
    assert res["date_acc"] == 1.0 and res["place_acc"] == 1.0
    assert res["full_precision"] == round(3 / 8, 4)
    assert res["per_type"]["CONSULT"] == {"gold": 1, "hit": 1, "records": 3, "dup": 1, "false": 0, "wrong_type": 0,
                                          "precision": round(2 / 3, 4), "recall": 1.0, "duplicate_rate": 0.3333,
                                          "false_rate": 0.0, "wrong_type_rate": 0.0, "full_precision": round(2 / 3, 4)}
    assert res["per_type"]["AID"]["recall"] == 0.0 and res["per_type"]["PROTEST"]["wrong_type"] == 1


def test_a_record_outside_the_evidence_is_placed_by_type_actor_and_date():
    rec = _rec("ASSAULT", "Officials", _actor("AFG", "MIL"), _actor("AFG", "CVL"), date="2018-08-12")
    records, _ = judge_article(ARTICLE, [rec])
    assert records[0].verdict == "hit"
    records, _ = judge_article(ARTICLE, [dict(rec, date="2018-07-01")])
    assert records[0].verdict == "false"


def test_field_rules():
    assert party_ok(None, None)  # a gold party left empty is not held against a record
    assert not party_ok(_party("AFG"), None)
    assert party_ok(_party(None, "IGO"), {"sector": "IGO", "code": "IGOUNO"})
    assert not party_ok(_party(None, "IGO"), _actor("USA", "GOV"))
    assert party_ok(_party("AFG", "MIL", "GOV"), {"country": "AFG", "code": "AFGMIL"})
    assert not party_ok(_party("AFG", "MIL"), _actor("AFG", "CVL"))
    assert place_ok({"name": "Kabul", "country": "AFG"}, {"name": "Kabul Province", "country": "AFG"})
    assert place_ok({"name": "", "country": "AFG"}, {"name": "Herat", "country": "AFG"})
    assert not place_ok({"name": "Kabul", "country": "AFG"}, {"name": "Herat", "country": "AFG"})


def _articles(n: int, outlet: str, start: int = 0) -> list[dict[str, Any]]:
    return [dict(ARTICLE, id=f"{outlet}-{i}", source=outlet) for i in range(start, start + n)]


def test_profile_per_outlet_worst_records_and_calibration():
    gold = _articles(2, "Wire") + _articles(1, "Daily")
    pred = [dict(r, story_id=d["id"]) for d in gold for r in (RECORDS if d["source"] == "Wire" else RECORDS[:1])]
    res = evaluate_records(gold, pred)
    wire, daily = res["per_outlet"]["Wire"], res["per_outlet"]["Daily"]
    assert (wire["articles"], wire["records"], wire["precision"]) == (2, 16, 0.5)
    assert (daily["articles"], daily["records"], daily["precision"], daily["recall"]) == (1, 1, 1.0, 0.25)
    worst = res["worst_records"]
    assert worst[0]["reason"] == "duplicate" and worst[0]["confidence"] == 0.95  # the most confident wrong one
    assert {w["reason"] for w in worst} >= {"false event", "wrong actor", "wrong type (gold ASSAULT)"}
    assert all(w["reason"] != "right" for w in worst)
    cal = res["calibration"]
    assert sum(b["n"] for b in cal["bins"]) == res["records"]
    assert (cal["bins"][4]["n"], cal["bins"][4]["right"]) == (4, 0.0)  # 0.8-0.9: a repeat and a wrong type, twice
    assert (cal["bins"][5]["n"], cal["bins"][5]["right"]) == (5, 0.6)  # 0.9-1: three right arrests, two repeats
    assert (cal["high_n"], cal["high_right"]) == (9, round(3 / 9, 4))
    text = format_report(res)
    assert "error profile per outlet" in text and "wrong type (gold ASSAULT)" in text and "ECE" in text
    assert res["ci"]["precision"][0] <= res["precision"] <= res["ci"]["precision"][1]
    assert "per_outlet.Daily.precision" in res["ci"]


def evaluate_records(gold: list[dict], pred: list[dict], **kw: Any) -> dict[str, Any]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold))
        pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred))
        return evaluate(gold_path, pred_path, **kw)


def test_paired_comparison_flags_a_drop_beyond_noise(tmp_path: Path):
    gold = _articles(30, "Wire")
    good = [dict(r, story_id=d["id"]) for d in gold for r in RECORDS]
    bad = [r for r in good if r["event"] != "COERCE"]  # every arrest lost
    for name, recs in (("gold", gold), ("good", good), ("bad", bad)):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in recs))
    gold_path = tmp_path / "gold.jsonl"
    assert detect_kind(gold) == "articles"
    runner = CliRunner()
    args = ["eval", str(gold_path), "--pred", str(tmp_path / "bad.jsonl"), "--baseline", str(tmp_path / "good.jsonl")]
    out = runner.invoke(main, [*args, "--json"])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.output)["comparison"]["figures"]
    assert figures["recall"]["verdict"] == "worse" and figures["recall"]["ci"][1] < 0
    assert figures["recall"]["before"] == 0.75 and figures["recall"]["after"] == 0.5
    assert figures["duplicate_rate"]["verdict"] == "better"  # lower is better: the repeated arrest is gone
    text = runner.invoke(main, args).output
    assert "WORSE beyond noise" in text and "worse beyond noise: " in text
    assert runner.invoke(main, [*args, "--fail-on-worse"]).exit_code == 1
    same = runner.invoke(main, ["eval", str(gold_path), "--pred", str(tmp_path / "good.jsonl"), "--baseline",
                                str(tmp_path / "good.jsonl"), "--fail-on-worse"])
    assert same.exit_code == 0 and "nothing worse beyond noise" in same.output


@pytest.mark.shared
@needs_shared
def test_the_handmade_article_agrees_with_score_articles(shared: Path, tmp_path: Path):
    (tmp_path / "gold.jsonl").write_text(json.dumps(ARTICLE) + "\n")
    (tmp_path / "pred.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    ref = subprocess.run([sys.executable, str(shared / "tools" / "score_articles.py"), str(tmp_path / "gold.jsonl"),
                          str(tmp_path / "pred.jsonl")], capture_output=True, text=True, timeout=60)
    theirs = json.loads(ref.stdout[: ref.stdout.rindex("}") + 1])
    ours = score_articles([ARTICLE], RECORDS)
    assert {k: ours[k] for k in theirs if k != "per_type"} == {k: v for k, v in theirs.items() if k != "per_type"}
