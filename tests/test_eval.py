"""eval: our metrics agree with the reference scorer (../shared/tools/score.py)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from eventmill.eval import detect_kind, evaluate, format_report
from eventmill.eval.metrics import cameo_penta, party, score_plover

from .conftest import needs_shared
from .eval_fakes import perturbed_article_events, perturbed_ipe_events

TYPES = ["AGREE", "CONSULT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "ASSAULT", "COERCE", "AID"]
OLD = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _actor(code: str | None, sector: str | None = None) -> dict | None:
    if code is None:
        return None
    return {
        "entity_text": code,
        "country": code if len(code) == 3 and code not in ("IGO", "NGO") else None,
        "sector": sector,
        "code": code,
    }


def _perturbed_events(gold: list[dict], kind: str, rng: random.Random) -> list[dict]:
    """Predictions that are right some of the time and wrong in every way otherwise."""
    out = []
    for g in gold:
        sid = g["id"]
        if kind == "plover":
            for e in g["events"]:
                if rng.random() < 0.15:
                    continue
                typ = OLD.get(e["type"], e["type"]) if rng.random() < 0.7 else rng.choice(TYPES)
                src = [a.get("code") for a in e.get("source") or []] or [None]
                tgt = [a.get("code") for a in e.get("target") or []] or [None]
                actor = rng.choice(src) if rng.random() < 0.8 else rng.choice(["USA", "IGO", None])
                recip = rng.choice(tgt) if rng.random() < 0.7 else rng.choice(["RUS", None])
                aux = ["negated"] if rng.random() < 0.05 else []
                out.append(
                    {
                        "story_id": sid,
                        "event": typ,
                        "actor": _actor(actor, "IGO" if actor == "IGO" else None),
                        "recipient": _actor(recip),
                        "aux": aux,
                        "confidence": rng.random(),
                    }
                )
            if rng.random() < 0.2:
                out.append(
                    {
                        "story_id": sid,
                        "event": rng.choice(TYPES),
                        "actor": _actor("FRA", "GOV"),
                        "recipient": None,
                        "aux": [],
                        "confidence": rng.random(),
                    }
                )
        elif kind == "penta":
            for _ in range(rng.choice([0, 1, 1, 2])):
                root = rng.randint(1, 20)
                out.append(
                    {
                        "story_id": sid,
                        "event": rng.choice(TYPES),
                        "cameo": f"{root:02d}{rng.randint(0, 9)}",
                        "actor": {"entity_text": g["text"][:12], "start": 0, "end": 12},
                        "aux": [],
                        "confidence": rng.random(),
                    }
                )
        elif kind == "petrarch":
            for e in g.get("expected_events") or []:
                if rng.random() < 0.6:
                    out.append(
                        {
                            "story_id": sid,
                            "event": "CONSULT",
                            "cameo": e["code"],
                            "actor": {"code": e["source"]},
                            "recipient": {"code": e["target"]},
                            "aux": [],
                        }
                    )
            if rng.random() < 0.3:
                out.append(
                    {
                        "story_id": sid,
                        "event": "ASSAULT",
                        "cameo": "190",
                        "actor": {"code": "ARN"},
                        "recipient": {"code": "GON"},
                        "aux": [],
                    }
                )
    return out


def _perturbed_annotations(gold: list[dict], kind: str, rng: random.Random) -> list[dict]:
    out = []
    for g in gold:
        if kind == "timex":
            tx = []
            for t in g["timexes"]:
                if rng.random() < 0.2:
                    continue
                s, e = t["start"] + rng.choice([0, 0, 1]), t["end"] + rng.choice([0, 0, -1, 2])
                value = t.get("value") if rng.random() < 0.7 else "XXXX"
                tx.append(
                    {"start": s, "end": max(e, s + 1), "text": t.get("text"), "type": t.get("type"), "value": value}
                )
            tx.append({"start": 0, "end": 3, "text": "xxx", "type": "DATE", "value": "2001"})
            out.append({"story_id": g["id"], "timexes": tx, "places": []})
        else:
            places = []
            for t in g["toponyms"]:
                if rng.random() < 0.25 or t.get("lat") is None:
                    continue
                far = rng.random() < 0.2
                places.append(
                    {
                        "start": t["start"],
                        "end": t["end"],
                        "text": t["text"],
                        "lat": t["lat"] + (5 if far else 0.3),
                        "lon": t["lon"],
                    }
                )
            places.append({"start": 1, "end": 4, "text": "zzz", "lat": 0.0, "lon": 0.0})
            out.append({"story_id": g["id"], "timexes": [], "places": places})
    return out


GOLD_FILES = {
    "plover": "plover_gsr_dev.jsonl",
    "penta": "conflibert_cameo_train.jsonl",
    "petrarch": "petrarch2_validation.jsonl",
    "timex": "meantime_en.time.jsonl",
    "geo": "geowebnews.geo.jsonl",
}
KEYS = {
    "plover": ["type_p", "type_r", "type_f1", "triple_p", "triple_r", "triple_f1", "actor_acc"],
    "penta": ["accuracy", "macro_f1"],
    "petrarch": ["p", "r", "f1", "exact", "records"],
    "timex": ["strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_f1", "value_acc_on_matched"],
    "geo": ["acc161", "acc161_found", "recall_found", "precision"],
}


def _reference(shared: Path, tool: str, args: list[str]) -> dict:
    ref = subprocess.run([sys.executable, str(shared / "tools" / tool), *args], capture_output=True, text=True,
                         timeout=120)
    return json.loads(ref.stdout[: ref.stdout.rindex("}") + 1])


@pytest.mark.shared
@needs_shared
@pytest.mark.parametrize("kind", list(GOLD_FILES))
def test_agrees_with_reference_scorer(shared: Path, tmp_path: Path, kind: str):
    gold_path = shared / "gold" / GOLD_FILES[kind]
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert detect_kind(gold) == kind
    rng = random.Random(7)
    pred = (_perturbed_annotations if kind in ("timex", "geo") else _perturbed_events)(gold, kind, rng)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("\n".join(json.dumps(p) for p in pred) + "\n", encoding="utf-8")
    ours = evaluate(gold_path, pred_path)
    theirs = _reference(shared, "score.py", [kind, str(gold_path), str(pred_path)])
    for key in KEYS[kind]:
        assert ours[key] == theirs[key], key
    assert 0 < ours[KEYS[kind][0]] < 1, "the perturbed predictions must be partly right"
    for key in KEYS[kind]:  # every figure (counts aside) has its interval, and the interval holds it
        if key not in ("exact", "records"):
            lo, hi = ours["ci"][key]
            assert lo <= ours[key] <= hi, key
    assert format_report(ours)


ARTICLE_KEYS = ["articles", "gold_events", "records", "precision", "recall", "f1", "duplicate_rate", "false_rate",
                "wrong_type_rate", "full_precision", "actor_acc", "recipient_acc", "date_acc", "place_acc"]


@pytest.mark.shared
@needs_shared
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_articles_agree_with_score_articles(shared: Path, tmp_path: Path, seed: int):
    """The same records, scored by `eventmill eval` and by ../shared/tools/score_articles.py."""
    gold_path = shared / "gold" / "articles_dev.jsonl"
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert detect_kind(gold) == "articles"
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in perturbed_article_events(gold, seed)))
    ours = evaluate(gold_path, pred_path)
    theirs = _reference(shared, "score_articles.py", [str(gold_path), str(pred_path)])
    for key in ARTICLE_KEYS:
        assert round(ours[key], 3) == round(theirs[key], 3), key
    for typ, row in theirs["per_type"].items():
        assert {k: ours["per_type"][typ][k] for k in row} == row, typ
    assert 0.2 < ours["precision"] < 0.9 and ours["duplicate_rate"] > 0 and ours["wrong_type_rate"] > 0
    assert "worst records" in format_report(ours)


@pytest.mark.shared
@needs_shared
def test_ipe_agrees_with_reference_scorer(shared: Path, tmp_path: Path):
    """The same events mapped to sentences, scored by `eventmill eval` and `score.py ipe`."""
    gold_path = shared / "gold" / "ipe_dev.jsonl"
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert detect_kind(gold) == "ipe"
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in perturbed_ipe_events(gold, 5)))
    ours = evaluate(gold_path, pred_path)
    theirs = _reference(shared, "score.py", ["ipe", str(gold_path), str(pred_path)])
    for lab in ("ANY_ACTION", "ARREST", "FORCE"):
        for key in ("tp", "fp", "fn", "p", "r", "f1"):
            assert ours[lab][key] == theirs[lab][key], (lab, key)
    assert abs(ours["macro_f1"] - theirs["macro_f1"]) < 5e-4
    assert 0.1 < ours["macro_f1"] < 0.9


def test_party_rules():
    assert party({"country": "IRQ", "sector": "GOV", "code": "IRQGOV"}) == "IRQ"
    assert party({"country": None, "sector": "IGO", "code": "IGOUNO"}) == "IGO"
    assert party({"country": "UK", "code": "UKGOV"}) == "GBR"
    assert party({"country": None, "sector": "NGO", "code": "NGOHRI"}) == "NGO"
    assert party({"code": "GOV"}) is None and party(None) is None
    assert [cameo_penta(c) for c in ("010", "042", "073", "112", "190", "20", "", "x1")] == [
        0,
        1,
        2,
        3,
        4,
        4,
        None,
        None,
    ]


def test_plover_scoring_by_hand():
    gold = [
        {"id": "1", "events": [{"type": "DEMAND", "source": [{"code": "USA"}], "target": [{"code": "IRN"}]}]},
        {
            "id": "2",
            "events": [
                {"type": "AGREE", "source": [{"code": "JOR"}, {"code": "GBR"}], "target": [], "reciprocal": True}
            ],
        },
    ]
    pred = [
        {"story_id": "1", "event": "REQUEST", "actor": {"country": "USA"}, "recipient": {"country": "IRN"}},
        {"story_id": "1", "event": "THREATEN", "actor": {"country": "USA"}, "recipient": None},
        {"story_id": "2", "event": "AGREE", "actor": {"country": "GBR"}, "recipient": {"country": "JOR"}},
        {"story_id": "2", "event": "ASSAULT", "aux": ["negated"], "actor": {"country": "GBR"}},
    ]
    res = score_plover(gold, pred)
    assert (res["type_p"], res["type_r"]) == (round(2 / 3, 4), 1.0)
    assert (res["triple_p"], res["triple_r"]) == (round(2 / 3, 4), 1.0)
    assert res["actor_acc"] == 1.0 and res["recipient_acc"] == 1.0
    assert res["confusion"]["REQUEST"] == {"REQUEST": 1}


@pytest.mark.shared
@needs_shared
def test_articles_coded_now_agree_with_score_articles(shared: Path, tmp_path: Path):
    """The coder's own records on the dev articles (as `eventmill code` writes them), both ways."""
    gold_path = shared / "gold" / "articles_dev.jsonl"
    pred_path = tmp_path / "pred.jsonl"
    ours = evaluate(gold_path, save_pred=str(pred_path), draws=200)
    theirs = _reference(shared, "score_articles.py", [str(gold_path), str(pred_path)])
    for key in ARTICLE_KEYS:
        assert round(ours[key], 3) == round(theirs[key], 3), key
    assert ours["records"] > 0


def test_petrarch_records_the_suite_switched_off_are_not_coded():
    from eventmill.eval.predict import _sentence_documents

    gold = [{"id": "A-1", "text": "Valdoria mended ties with Kestria.", "date": "19950101", "flags": {}},
            {"id": "A-1", "text": "Valdoria cut ties with Kestria.", "date": "19950101", "flags": {"inactive": True}}]
    # the second record repeats the first's id: coded, its events would be scored as the first's
    assert [d.text for d in _sentence_documents(gold, "petrarch")] == ["Valdoria mended ties with Kestria."]
    assert len(list(_sentence_documents(gold, "plover"))) == 2
