"""Bootstrap intervals, paired comparisons, calibration, the per-event record shape, IPE."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from eventmill.cli import main
from eventmill.eval import calibration, detect_kind, evaluate, format_report, ipe
from eventmill.eval.common import group_by_story, per_mention
from eventmill.eval.metrics import score_plover
from eventmill.eval.stats import Figure, UnitTable, _weights, bootstrap, compare, point, ratio


def _coin_table(n: int, p: float, seed: int = 0) -> UnitTable:
    rng = np.random.default_rng(seed)
    table = UnitTable("sentence")
    for i in range(n):
        table.add(str(i), {"n": 1, "correct": float(rng.random() < p)})
    return table


ACC = {"acc": Figure(lambda s: ratio(s["correct"], s["n"]))}


def test_resamples_draw_every_unit_n_times_in_all():
    w = _weights(50, 200, np.random.default_rng(1))
    assert w.shape == (200, 50) and (w.sum(axis=1) == 50).all()
    assert 0.9 < w.mean() < 1.1 and w.max() >= 3  # with replacement


def test_interval_of_a_share_matches_the_binomial_spread():
    table = _coin_table(400, 0.5)
    acc = point(table, ACC)["acc"]
    lo, hi = bootstrap(table, ACC)["acc"]
    se = (acc * (1 - acc) / 400) ** 0.5  # normal approximation: ±1.96 se
    assert lo == pytest.approx(acc - 1.96 * se, abs=0.012) and hi == pytest.approx(acc + 1.96 * se, abs=0.012)
    assert bootstrap(table, ACC) == bootstrap(table, ACC)  # seeded: the same every run
    assert bootstrap(table, ACC, seed=2) != bootstrap(table, ACC)


def test_an_empty_ratio_is_left_out_not_counted_as_zero():
    table = UnitTable("story")
    for i in range(40):
        table.add(str(i), {"tp": 1, "np": 1} if i == 0 else {})  # one prediction, right
    lo, hi = bootstrap(table, {"p": Figure(lambda s: ratio(s["tp"], s["np"]))})["p"]
    assert (lo, hi) == (1.0, 1.0)  # resamples without the prediction say nothing about precision
    assert bootstrap(UnitTable("story"), ACC) == {}


def test_paired_comparison():
    old = _coin_table(300, 0.6, seed=3)
    same = compare(old, old, ACC)["acc"]
    assert (same.diff, same.ci, same.verdict) == (0.0, (0.0, 0.0), "same")
    worse = UnitTable("sentence", list(old.ids), [dict(r, correct=r["correct"] * (i % 4 != 0))
                                                 for i, r in enumerate(old.rows)])
    change = compare(worse, old, ACC)["acc"]
    assert change.verdict == "worse" and change.ci is not None and change.ci[1] < 0 < -change.diff
    # the paired interval is narrower than the figure's own: the same units are drawn for both
    lo, hi = bootstrap(old, ACC)["acc"]
    assert change.ci[1] - change.ci[0] < hi - lo
    errors = {"err": Figure(lambda s: 1 - ratio(s["correct"], s["n"]), higher_is_better=False)}
    assert compare(worse, old, errors)["err"].verdict == "worse"
    assert compare(old, worse, errors)["err"].verdict == "better"
    with pytest.raises(ValueError):
        compare(_coin_table(10, 0.5), old, ACC)


def test_calibration_counts_and_ece():
    table = UnitTable("article")
    table.add("a", calibration.counts([(0.85, True), (0.85, False)]))
    table.add("b", calibration.counts([(0.55, True)]))
    values = point(table, calibration.figures())
    assert values["calibration.ece"] == round((abs(1 - 1.7) + abs(1 - 0.55)) / 3, 4)
    assert values["calibration.high"] == 0.5 and values["calibration.bin1"] == 1.0
    rep = calibration.report("plover", table.totals(), values)
    assert [b["n"] for b in rep["bins"]] == [0, 1, 0, 0, 2, 0] and rep["bins"][4]["mean_confidence"] == 0.85
    assert rep["bins"][0]["right"] is None and rep["high_n"] == 2


def _event(story: str, typ: str, actor: str, **kw: Any) -> dict[str, Any]:
    return {"story_id": story, "event": typ, "actor": {"country": actor}, "recipient": None, "aux": [],
            "confidence": 0.7, **kw}


def test_events_with_mentions_count_at_each_mention():
    mentions = [{"sentence": 0, "start": 0, "end": 30, "trigger_start": 4, "trigger_end": 9, "event_text": "met"},
                {"sentence": 2, "start": 60, "end": 90, "trigger_start": 70, "trigger_end": 74, "event_text": "talks"}]
    ev = _event("s1", "CONSULT", "USA", mentions=mentions, text_info={"start": 0, "end": 30})
    flat = list(per_mention([ev]))
    assert [(e["sentence"], e["text_info"]["trigger_start"], e["event_text"]) for e in flat] == [
        (0, 4, "met"), (2, 70, "talks")]
    assert all("mentions" not in e for e in flat) and len(group_by_story([ev])["s1"]) == 2
    gold = [{"id": "s1", "events": [{"type": "CONSULT", "source": [{"code": "USA"}], "target": []}]}]
    assert score_plover(gold, [ev]) == score_plover(gold, flat)
    plain = _event("s1", "CONSULT", "USA")
    assert list(per_mention([plain])) == [plain]


IPE_GOLD = [  # one article, its sentences out of order; sentence 0 holds line breaks of its own
    {"id": "ipe-7-1", "text": "police arrested two men.", "date": "2002-03-01",
     "events": [{"type": "ANY_ACTION"}, {"type": "ARREST"}], "extra": {"doc_id": 7, "sent_id": 1, "url": "u"}},
    {"id": "ipe-7-0", "text": "This story is from March 1, 2002\n\nahmedabad: curfew was imposed.",
     "date": "2002-03-01", "events": [], "extra": {"doc_id": 7, "sent_id": 0, "url": "u"}},
    {"id": "ipe-7-2", "text": "they fired in the air and killed one.", "date": "2002-03-01",
     "events": [{"type": "KILL"}], "extra": {"doc_id": 7, "sent_id": 2, "url": "u"}},
]


def _police(at: int, typ: str, cameo: str, **kw: Any) -> dict[str, Any]:
    return {"id": kw.pop("id", None), "story_id": "doc-7", "event": typ, "cameo": cameo, "aux": [],
            "actor": {"sector": "COP", "country": "IND"}, "text_info": {"start": at, "trigger_start": at},
            "confidence": 0.75, **kw}


def test_ipe_articles_are_rebuilt_and_events_mapped_by_the_gold_sentences():
    assert detect_kind(IPE_GOLD) == "ipe"
    [art] = ipe.articles(IPE_GOLD)
    assert art.text == "\n".join(g["text"] for g in (IPE_GOLD[1], IPE_GOLD[0], IPE_GOLD[2]))
    assert art.record() == {"id": "doc-7", "text": art.text, "date": "2002-03-01", "url": "u"}
    text = art.text
    events = [
        _police(text.index("curfew"), "COERCE", "172"),
        _police(text.index("arrested"), "COERCE", "173"),
        _police(text.index("\npolice"), "PROTEST", "141"),  # on the line break: the sentence before it
        _police(text.index("fired"), "ASSAULT", "180", id="e1", mentions=[
            {"sentence": 5, "start": 0, "trigger_start": text.index("fired")},
            {"sentence": 5, "start": 0, "trigger_start": text.index("killed")},  # the same gold sentence: once
            {"sentence": 0, "start": 0, "trigger_start": text.index("arrested")}]),
    ]
    mapped = ipe.to_sentences([art], events)
    assert [e["story_id"] for e in mapped] == ["ipe-7-0", "ipe-7-1", "ipe-7-0", "ipe-7-2", "ipe-7-1"]
    assert ipe.to_sentences([art], mapped) == mapped  # mapped events pass as they are
    res = ipe.score(IPE_GOLD, mapped).result
    assert res["ARREST"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert res["ANY_ACTION"]["fp"] == 1 and res["FORCE"]["tp"] == 1 and res["FORCE"]["fp"] == 1  # KILL -> FORCE


def test_ipe_labels_follow_the_reference_rules():
    cop = {"sector": "COP"}
    assert ipe.labels([{"event": "COERCE", "mode": "arrest", "actor": cop}]) == {"ANY_ACTION", "ARREST"}
    assert ipe.labels([{"event": "COERCE", "cameo": "175", "actor": {"code": "INDCOP"}}]) == {"ANY_ACTION", "FORCE"}
    assert ipe.labels([{"event": "ASSAULT", "actor": {"sector": "MIL"}}]) == set()
    assert ipe.labels([{"event": "ASSAULT", "actor": cop, "aux": ["hypothetical"]}]) == set()


def test_ipe_eval_rescoring_saved_events(tmp_path: Path):
    gold_path, pred_path = tmp_path / "ipe.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in IPE_GOLD))
    [art] = ipe.articles(IPE_GOLD)
    pred_path.write_text(json.dumps(_police(art.text.index("arrested"), "COERCE", "173")) + "\n")
    out = CliRunner().invoke(main, ["eval", str(gold_path), "--pred", str(pred_path), "--json"])
    assert out.exit_code == 0, out.output
    res = json.loads(out.output)
    assert res["kind"] == "ipe" and res["ARREST"]["tp"] == 1 and res["bootstrap"]["unit"] == "sentence"
    assert set(res["ci"]) >= {"macro_f1", "ARREST.f1", "calibration.ece"}
    assert "macro-F1" in format_report(res)


def test_articles_are_coded_as_eventmill_code_codes_them(tmp_path: Path):
    articles = [{"id": "w1", "text": "Police arrested three men in Kabul on Monday. Germany and France met in "
                 "Paris on Tuesday.", "date": "2018-08-15", "source": "Wire", "url": "https://example.org/1",
                 "annotated_until": 60, "events": []}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(a) + "\n" for a in articles))
    coded = tmp_path / "code.jsonl"
    assert CliRunner().invoke(main, ["code", str(gold), "-o", str(coded)]).exit_code == 0
    saved = tmp_path / "eval.jsonl"
    res = evaluate(gold, save_pred=str(saved), draws=100)
    assert saved.read_text() == coded.read_text() and coded.read_text()
    assert res["kind"] == "articles" and res["bootstrap"]["resamples"] == 100


def test_a_bad_line_is_one_clear_error(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in IPE_GOLD))
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"story_id": "ipe-7-1"}\n[1, 2]\n')
    out = CliRunner().invoke(main, ["eval", str(gold), "--pred", str(pred)])
    assert out.exit_code == 2  # a bad input file, as for every command
    assert f"{pred}:2: a JSON list, not an object" in out.output and "Traceback" not in out.output
