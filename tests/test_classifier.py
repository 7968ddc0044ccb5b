"""The trained event-type experiment (training/, docs/models.md): the linear model, its
weights file, and the fallback's behaviour on sentences, with small hand-made models.

eventmill ships no trained event model (the experiment did not pay; docs/evaluation.md);
these tests keep the harness working as the rules' public methods evolve.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from eventmill.actors.index import ActorIndex
from eventmill.events.arguments import Coding
from eventmill.events.coder import SentenceCoder
from eventmill.events.lexicon import load_lexicon
from eventmill.records import Document

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "training"))
import linear
from event_model import NONE, Fallback, TypeModel, read_model, sentence_features
from train_event_classifier import Model, write_model


def _toy_model(classes: tuple[str, ...], weights: dict[str, dict[str, float]], none_bias: float = 2.0) -> TypeModel:
    bias = np.array([none_bias if c == NONE else 0.0 for c in classes])
    vecs = {f: np.array([w.get(c, 0.0) for c in classes]) for f, w in weights.items()}
    return TypeModel(classes, bias, vecs, "test")


# an arbitrary toy model: "paint" speaks for ASSAULT (a verb no trigger lexicon will hold, so the
# rules never code these sentences), as does "storm" (a verb the lexicon knows)
TOY = _toy_model(("ASSAULT", NONE, "PROTEST"), {"u:paint": {"ASSAULT": 20.0}, "u:storm": {"ASSAULT": 20.0}})


def _coded(pipeline, text: str):
    [doc] = pipeline.pipe([Document(id="t", text=text)])
    return doc, SentenceCoder(Coding(load_lexicon(), doc.layers.get(ActorIndex)))


def test_fit_learns_and_is_deterministic():
    rows = [["u:a", "u:x"], ["u:a", "u:y"], ["u:b", "u:x"], ["u:b", "u:y"]] * 5
    y = np.array([0, 0, 1, 1] * 5)
    vocab = linear.vocabulary(rows)
    X = linear.matrix(rows, vocab)
    W1, b1 = linear.fit(X, y, 2, epochs=100)
    W2, b2 = linear.fit(X, y, 2, epochs=100)
    assert np.array_equal(W1, W2) and np.array_equal(b1, b2)
    assert (linear.predict_proba(X, W1, b1).argmax(axis=1) == y).all()


def test_weights_file_gives_the_training_probabilities(tmp_path):
    rows = [["u:attack", "u:army"], ["u:protest", "u:crowd"], ["u:weather", "u:sunny"]] * 4
    m = Model(rows, ["ASSAULT", "PROTEST", NONE] * 4, epochs=150)
    path = tmp_path / "event_type.tsv"
    write_model(m, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and "Source:" in text and "Licence:" in text
    model = read_model(text)
    probe = ["u:attack", "u:army", "u:unseen"]
    expected = m.proba_rows([probe])[0]
    got = model.proba(probe)
    assert np.allclose([got[c] for c in m.classes], expected, atol=1e-3)
    assert model.best(probe)[0] == "ASSAULT"
    assert model.proba(probe) == model.proba(list(probe))  # deterministic


def test_weights_file_errors_name_the_line():
    with pytest.raises(ValueError, match=r"event_type\.tsv:3: 2 cells"):
        read_model("# header\nfeature\tA\tB\n<bias>\t0\n")
    with pytest.raises(ValueError, match="header row"):
        read_model("# header\nword\tA\n")


def test_features_are_lower_cased(pipeline):
    doc, _ = _coded(pipeline, "Protesters ransacked the ministry.")
    low, _ = _coded(pipeline, "protesters ransacked the ministry.")
    assert doc.spacy is not None and low.spacy is not None
    for d in (doc, low):
        feats = sentence_features(next(iter(d.spacy.sents)))
        assert "u:ransack" in feats and "u:ministry" in feats


def test_fallback_codes_a_verb_the_lexicon_lacks(pipeline):
    doc, coder = _coded(pipeline, "Protesters painted the ministry on Monday.")
    sent = next(iter(doc.spacy.sents))
    assert coder.code(sent) == []  # the rules find nothing here: the fallback's case
    [cand] = Fallback(TOY).candidates(sent, coder)
    assert cand.trigger.lower_ == "painted" and cand.plover == "ASSAULT" and cand.cameo == "18"
    assert 0 < cand.conf < 0.6


@pytest.mark.parametrize("text", ["The weather in Kabul was sunny on Monday.",
                                  "Protesters did not paint the ministry.",
                                  "Protesters could paint the ministry if the talks fail."])
def test_fallback_abstains(pipeline, text):
    doc, coder = _coded(pipeline, text)
    assert Fallback(TOY).candidates(next(iter(doc.spacy.sents)), coder) == []


def test_fallback_defers_to_a_lexicon_verb(pipeline):
    doc, coder = _coded(pipeline, "Protesters stormed the ministry.")
    sent = next(iter(doc.spacy.sents))
    assert Fallback(TOY).candidates(sent, coder) == []
    [cand] = Fallback(TOY, defer_to_rules=False).candidates(sent, coder)
    assert cand.trigger.lower_ == "stormed"
