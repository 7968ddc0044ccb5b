"""Train the event-type model of the issue-5 experiment (written to ``training/.cache/event_type.tsv``).

    python training/train_event_classifier.py [--out PATH]

Training data: the 4,500 NGEC synthetic stories (``$EVENTMILL_SHARED/corpora/
ngec_synthetic_plover.jsonl``, default ``../shared``; ahalterman/NGEC-2025, MIT), each
labelled with one PLOVER type for the whole story. Nothing else: no news text, no dev or
gold set (those are what the model is scored on, docs/models.md).

From story labels to sentence labels (multiple-instance learning, two rounds):

1. start with each story's first sentence and every sentence where eventmill's rules code
   the story's type, labelled with that type;
2. train; in each story, take the two sentences the model finds most like the story's
   type (and the first sentence, and the rule-agreeing ones) as that type, and the
   sentences that are unlike it (probability < 0.05), where the rules find nothing, as
   NONE (no event) -- the model's way to abstain; retrain. Repeat once more.

The model is multinomial logistic regression (training/linear.py) over the features of
``event_model.sentence_features``. Deterministic: the same data and code
give the same weights. The parsed stories are cached in training/.cache (about 5 minutes
to build on a laptop core).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common
import linear
from event_model import FEATURES_VERSION, MODEL_FILE, NONE

L2 = 1e-5
MIN_COUNT = 2
EPOCHS = 200
MIL_ROUNDS = 2
MIL_TOP = 2
NONE_BELOW = 0.05
NONE_MIN_FEATURES = 8  # a sentence this short is a fragment (a byline, a dateline), not an example of anything


class Model:
    """A trained linear model: classes, vocabulary, weights."""

    def __init__(self, rows: list[list[str]], ys: list[str], l2: float = L2, min_count: int = MIN_COUNT,
                 epochs: int = EPOCHS) -> None:
        self.classes = sorted(set(ys))
        self.vocab = linear.vocabulary(rows, min_count)
        y = np.array([self.classes.index(v) for v in ys])
        counts = Counter(ys)
        sw = np.array([1.0 / counts[v] ** 0.5 for v in ys])  # soften the class imbalance
        self.W, self.b = linear.fit(linear.matrix(rows, self.vocab), y, len(self.classes), l2=l2, epochs=epochs,
                                    sample_weight=sw)

    def proba_rows(self, rows: list[list[str]]) -> np.ndarray:
        return linear.predict_proba(linear.matrix(rows, self.vocab), self.W, self.b)

    def proba(self, recs: list[dict[str, Any]]) -> np.ndarray:
        """Class probabilities of cached records (all their sentences' features together)."""
        return self.proba_rows([[f for s in r["sents"] for f in s["f"]] for r in recs])

    def best(self, P: np.ndarray) -> list[tuple[str, float]]:
        """The most probable event type of each row (NONE excluded) and its probability."""
        out = []
        for p in P:
            k = max((i for i, c in enumerate(self.classes) if c != NONE), key=lambda i: (p[i], self.classes[i]))
            out.append((self.classes[k], float(p[k])))
        return out


def rule_agrees(story: dict[str, Any], sent: dict[str, Any]) -> bool:
    return story["type"] in {e[0] for e in sent["rules"] if not e[3]}


def training_rows(stories: list[dict[str, Any]], labels: str, none: str = "no") -> tuple[list[list[str]], list[str]]:
    """Simple labellings of the stories' sentences (compared in training/experiments.py):
    ``lead`` (first sentence), ``lead+rules`` (and those where the rules code the story's
    type), ``all`` (every sentence), ``story`` (the whole story as one example)."""
    rows: list[list[str]] = []
    ys: list[str] = []
    for st in stories:
        sents = st["sents"]
        if labels == "story":
            rows.append([f for s in sents for f in s["f"]])
            ys.append(st["type"])
            continue
        for k, s in enumerate(sents):
            coded = any(not e[3] for e in s["rules"])
            if labels == "all" or k == 0 or (labels == "lead+rules" and rule_agrees(st, s)):
                rows.append(s["f"])
                ys.append(st["type"])
            elif none == "uncoded" and k >= 2 and not coded:
                rows.append(s["f"])
                ys.append(NONE)
    return rows, ys


def mil_model(stories: list[dict[str, Any]], with_none: bool = True, rounds: int = MIL_ROUNDS, top: int = MIL_TOP,
              l2: float = L2, min_count: int = MIN_COUNT, epochs: int = EPOCHS, log: bool = True) -> Model:
    """Multiple-instance labelling (see the module docstring)."""
    rows, ys = training_rows(stories, "lead+rules")
    m = Model(rows, ys, l2, min_count, epochs)
    for _ in range(rounds):
        rows, ys = [], []
        for st in stories:
            P = m.proba_rows([s["f"] for s in st["sents"]])
            k = m.classes.index(st["type"])
            chosen = set(np.argsort(-P[:, k], kind="stable")[:top].tolist()) | {0}
            for j, s in enumerate(st["sents"]):
                coded = any(not e[3] for e in s["rules"])
                if j in chosen or rule_agrees(st, s):
                    rows.append(s["f"])
                    ys.append(st["type"])
                elif with_none and not coded and P[j, k] < NONE_BELOW and len(s["f"]) > NONE_MIN_FEATURES:
                    rows.append(s["f"])
                    ys.append(NONE)
        if log:
            print(f"MIL round: {len(rows)} sentences {dict(sorted(Counter(ys).items()))}", file=sys.stderr)
        m = Model(rows, ys, l2, min_count, epochs)
    return m


HEADER = """\
# eventmill event-type model: multinomial logistic regression over a sentence's parse features
#   (training/event_model.py, FEATURES_VERSION {fv}); one row per feature, one weight per class;
#   the <bias> row holds the intercepts; NONE is the class "no event". Model card: docs/models.md.
# Source: trained by the eventmill authors with `python training/train_event_classifier.py` on
#   sentences of the 4,500 synthetic stories of ahalterman/NGEC-2025 (ngec_synthetic_plover.jsonl,
#   created by Andy Halterman to train a document-level political event classifier; MIT licence),
#   labelled from each story's PLOVER type. No news text, and no dev or gold set, was used.
# Licence: MIT (same as eventmill); the training data is MIT-licensed, attributed above.
# {n} features, classes: {classes}
"""


def write_model(m: Model, path: Path, min_weight: float = 5e-4) -> int:
    """Write the weights (rounded to 4 decimals; features whose every weight rounds
    away are left out: the model reads an absent feature as all zeros)."""
    inv = sorted(m.vocab.items(), key=lambda kv: kv[0])
    lines = []
    for feat, i in inv:
        w = m.W[i]
        if np.max(np.abs(w)) < min_weight:
            continue
        if "\t" in feat or "\n" in feat:
            continue
        lines.append(feat + "\t" + "\t".join(_num(x) for x in w))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER.format(fv=FEATURES_VERSION, n=len(lines), classes=" ".join(m.classes)))
        f.write("feature\t" + "\t".join(m.classes) + "\n")
        f.write("<bias>\t" + "\t".join(_num(x) for x in m.b) + "\n")
        for line in lines:
            f.write(line + "\n")
    return len(lines)


def _num(x: float) -> str:
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--labels", default="mil", choices=["mil", "lead+rules"],
                    help="mil (default, with a NONE class) or the first round alone (no NONE class)")
    args = ap.parse_args()
    stories = common.parsed("synthetic")
    if args.labels == "mil":
        m = mil_model(stories)
    else:
        m = Model(*training_rows(stories, "lead+rules"))
    n = write_model(m, args.out)
    print(f"wrote {args.out} ({n} features, {args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
