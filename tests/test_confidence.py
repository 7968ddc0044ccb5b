"""The confidence model (events/confidence.py, data/events/confidence.tsv, training/train_confidence.py):
the shipped weights are ones the features can have, a probability comes out of them, every record of
an event gets the event's, and the fit recovers a model it is given."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

import eventmill
from eventmill.events import confidence
from eventmill.resources import read_tsv

REPO = Path(__file__).resolve().parent.parent
FEATURE = re.compile(r"\(bias\)|prior|joint|intended|story|story\.quoted|"
                     r"(quad|trigger|actor|recipient|date|place|clause|aux|story\.(position|mentions|actor|place))=[\w>-]+")


def test_every_weight_is_a_feature_the_records_can_have():
    names = [row["feature"] for row in read_tsv(confidence.MODEL)]
    assert "(bias)" in names and "prior" in names
    assert [n for n in names if not FEATURE.fullmatch(n)] == []


def test_a_probability_comes_out():
    model = {"(bias)": 0.0, "actor=kb": 2.0, "prior": 1.0}
    assert confidence.probability({}, model) == 0.5
    assert confidence.probability({"actor=kb": 1.0}, model) == pytest.approx(0.881, abs=1e-3)
    assert confidence.probability({"prior": 50.0}, model) == confidence.CEILING
    assert confidence.probability({"prior": -50.0}, model) == confidence.FLOOR


def test_a_bad_weight_is_refused_with_its_line(tmp_path, monkeypatch):
    bad = tmp_path / "confidence.tsv"
    bad.write_text("# a model\nfeature\tweight\n(bias)\t0.1\nprior\tlots\n", encoding="utf-8")
    monkeypatch.setattr(confidence, "MODEL", bad)
    confidence.weights.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"confidence.tsv:4: weight 'lots' is not a number"):
            confidence.weights()
    finally:
        monkeypatch.undo()
        confidence.weights.cache_clear()


def test_every_sentence_of_an_event_has_its_confidence():
    text = ("Boko Haram fighters attacked a military base in Monguno on Saturday, killing 12 soldiers.\n"
            "The attack began shortly after dusk, when gunmen opened fire on the base in Monguno.\n")
    events = eventmill.code(text, date="2021-03-15")
    per_sentence = eventmill.code(text, date="2021-03-15", mentions=True)
    by_mention = {m["id"]: e["confidence"] for e in events for m in e["mentions"]}
    assert all(0 < e["confidence"] < 1 for e in events)
    assert {e["id"]: e["confidence"] for e in per_sentence} == by_mention


def test_the_fit_recovers_a_model():
    sys.path.insert(0, str(REPO / "training"))
    try:
        import train_confidence
    finally:
        sys.path.pop(0)
    rng = np.random.default_rng(0)
    rows = [{"a": float(rng.integers(0, 2)), "b": float(rng.integers(0, 2))} for _ in range(4000)]
    z = np.array([-0.5 + 2.0 * r["a"] - 1.0 * r["b"] for r in rows])
    y = (rng.random(len(rows)) < 1 / (1 + np.exp(-z))).astype(float)
    model = train_confidence.fit(rows, y, l2=0.01)
    assert model["(bias)"] == pytest.approx(-0.5, abs=0.15)
    assert model["a"] == pytest.approx(2.0, abs=0.15) and model["b"] == pytest.approx(-1.0, abs=0.15)
    assert train_confidence.fit(rows, y, l2=0.01) == model  # deterministic
