"""Baseline: spaCy's own text classifier (``textcat``) on the same training sentences.

    python training/textcat_baseline.py [bow|ensemble] [--epochs 8]

Trains on the first sentence of each synthetic story and the sentences where the rules
code the story's type (the ``lead+rules`` labelling of experiments.py), lower-cased, with
a blank English pipeline (no static vectors, nothing downloaded), and prints after each
epoch: the PLOVER type accuracy on the PLOVER dev sentences and the penta-class accuracy
and macro-F1 on the ConfliBERT sentences. The ensemble trains its own CNN token encoder,
which would run on every sentence if it shipped: about 10-30 s an epoch on a laptop core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
from experiments import penta_of, penta_scores
from train_event_classifier import rule_agrees

BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2, "no_output_layer": False}
ENSEMBLE = {
    "@architectures": "spacy.TextCatEnsemble.v2",
    "nO": None,
    "linear_model": BOW,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64, "rows": [2000, 2000, 500, 1000, 500],
                  "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                   "maxout_pieces": 3, "depth": 2},
    },
}


def _top(cats: dict[str, float]) -> str:
    return max(cats, key=lambda c: cats[c])


def main() -> None:
    import spacy
    from spacy.training import Example

    ap = argparse.ArgumentParser()
    ap.add_argument("arch", nargs="?", default="bow", choices=["bow", "ensemble"])
    ap.add_argument("--epochs", type=int, default=8)
    args = ap.parse_args()
    stories, plover, penta = common.parsed("synthetic"), common.parsed("plover"), common.parsed("penta")
    texts, ys = [], []
    for st in stories:
        for k, s in enumerate(st["sents"]):
            if k == 0 or rule_agrees(st, s):
                texts.append(s["text"].strip().lower())
                ys.append(st["type"])
    labels = sorted(set(ys))
    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat", config={"model": BOW if args.arch == "bow" else ENSEMBLE})
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab == y) for lab in labels}})
                for t, y in zip(texts, ys)]
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)

    def text(rec: dict) -> str:
        return " ".join(s["text"] for s in rec["sents"]).lower()

    for epoch in range(args.epochs):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        start = time.perf_counter()
        for batch in spacy.util.minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        took = time.perf_counter() - start
        acc = np.mean([_top(d.cats) == r["type"] for d, r in zip(nlp.pipe(map(text, plover)), plover)])
        pred = [penta_of(_top(d.cats)) for d in nlp.pipe(map(text, penta))]
        print(f"epoch {epoch}: {took:.0f} s, loss {losses['textcat']:.2f}; PLOVER type accuracy {acc:.3f}; "
              f"penta acc/macro-F1 {penta_scores([r['type'] for r in penta], pred)}", flush=True)


if __name__ == "__main__":
    main()
