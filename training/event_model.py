"""A statistical event-type model beside the rules (the experiment of issue 5; not shipped).

The rules (``eventmill.events.coder.SentenceCoder``) are transparent and precise but only
know the triggers in ``data/events``; a sentence whose verb is not there gets no event.
This module holds what was measured as a complement: a linear model (multinomial logistic
regression) over the sentence's parse -- lower-cased lemmas, the root, dependency triples
and the kinds of actors in argument positions -- trained on the NGEC synthetic stories
(``train_event_classifier.py``), and :class:`Fallback`, which codes a sentence the rules
find no candidate in: if the model is sure enough of a type, the verb that speaks most
for it becomes the trigger, and its subject and object go through the same argument
checks as a rule's event (an actor who did it, a recipient where PLOVER needs one).

The figures (docs/evaluation.md, "A trained event-type model") did not justify shipping
it: ``fallback_sweep.py`` and ``experiments.py`` rerun the comparison. The weights are a
TSV read with numpy alone, so a model that does pay could ship as package data unchanged.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventmill.actors.index import ActorIndex
    from eventmill.events.coder import SentenceCoder
    from eventmill.events.frames_base import Candidate

FEATURES_VERSION = 3  # bump when the features change (the training caches are keyed by it)
MODEL_FILE = Path(__file__).resolve().parent / ".cache" / "event_type.tsv"  # written by train_event_classifier.py
NONE = "NONE"  # the model's class for "this sentence reports no event"
# Below this probability the fallback codes nothing (the model is right about half the time
# at 0.5 on dev sentences the rules miss; see docs/models.md).
MIN_PROBABILITY = 0.5
# A fallback event's confidence is the model's probability scaled down: it ranks below a
# rule's event of the same strength, because its trigger was not written by anyone.
CONFIDENCE_SCALE = 0.6
# The CAMEO code a fallback event gets: the generic code of its PLOVER type (the model
# knows the type, not the finer CAMEO category); REQUEST is a demand (10), not an appeal
# (02), and RETREAT the generic de-escalation (087), as the PLOVER manual reads them.
GENERIC_CAMEO = {
    "ACCUSE": "112",
    "AGREE": "03",
    "AID": "07",
    "ASSAULT": "18",
    "COERCE": "17",
    "CONCEDE": "08",
    "CONSULT": "04",
    "COOPERATE": "06",
    "MOBILIZE": "15",
    "PROTEST": "14",
    "REJECT": "12",
    "REQUEST": "10",
    "RETREAT": "087",
    "SANCTION": "16",
    "SUPPORT": "05",
    "THREATEN": "13",
}
# Where a fallback event's recipient is looked for, in order (as the lexicon's `recipient` column).
RECIPIENT_SLOTS = ("dobj", "against", "with", "on", "to", "into", "at", "from")

# Dependency relations whose (head, relation, dependent) triple says something about the action.
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "xcomp", "ccomp", "agent", "neg", "prt", "acomp",
                       "attr", "oprd", "compound", "amod", "advcl", "conj"})
_HEAD_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})


def _word(t: Token) -> str:
    """A token as the model sees it: its lower-cased lemma; numbers are one word."""
    if t.like_num or t.pos_ == "NUM":
        return "<num>"
    return (t.lemma_ or t.text).lower()


def _actor_class(t: Token, actors: ActorIndex | None) -> str | None:
    """What kind of actor a token heads, as the actor stage resolved it: its sector
    ("<MIL>", "<CVL>") or, failing that, its kind ("<state>", "<person>")."""
    if actors is None:
        return None
    res = actors.mention(t.i)
    if res is None:
        return None
    return f"<{res.actor.sector or res.kind}>"


def token_features(t: Token, actors: ActorIndex | None = None) -> list[str]:
    """The features a token contributes: its lemma, and if it heads anything, the
    dependency triples it heads (with the actor kind in the dependent's place)."""
    if t.is_space or t.is_punct:
        return []
    h = _word(t)
    feats = [f"u:{h}"]
    if t.pos_ not in _HEAD_POS:
        return feats
    if t.dep_ == "ROOT":
        feats.append(f"r:{h}")
    for c in t.children:
        if c.dep_ in _ARG_DEPS:
            feats.append(f"d:{h}|{c.dep_}|{_word(c)}")
            cls = _actor_class(c, actors)
            if cls:
                feats += [f"a:{cls}", f"a:{h}|{c.dep_}|{cls}"]
        elif c.dep_ == "prep":
            feats.append(f"d:{h}|{c.lower_}")
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    feats.append(f"d:{h}|{c.lower_}|{_word(g)}")
                    cls = _actor_class(g, actors)
                    if cls:
                        feats += [f"a:{cls}", f"a:{h}|{c.lower_}|{cls}"]
    return feats


def sentence_features(sent: Span, actors: ActorIndex | None = None) -> list[str]:
    """Sparse features of a sentence: everything its tokens contribute.

    All words are lower-cased lemmas, so a lower-cased or all-caps sentence gives the same
    words (the parse itself may still differ)."""
    return [f for t in sent for f in token_features(t, actors)]


def feature_scale(feats: Iterable[str]) -> float:
    """Each distinct feature weighs 1/sqrt(n): long sentences don't shout. (Training uses
    the same scale, counting every distinct feature, known to the model or not.)"""
    return 1.0 / math.sqrt(max(1, len(set(feats))))


@dataclass(frozen=True)
class TypeModel:
    """Weights of the linear model: one vector (over classes) per feature, and a bias."""

    classes: tuple[str, ...]
    bias: np.ndarray
    weights: dict[str, np.ndarray]
    version: str

    def scores(self, feats: list[str]) -> np.ndarray:
        known = sorted({f for f in feats if f in self.weights})
        total = self.bias.copy()
        if known:
            total += feature_scale(feats) * np.sum([self.weights[f] for f in known], axis=0)
        return total

    def proba(self, feats: list[str]) -> dict[str, float]:
        s = self.scores(feats)
        e = np.exp(s - s.max())
        p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p)}

    def best(self, feats: list[str]) -> tuple[str, float]:
        """The most probable event type (never NONE) and its probability."""
        p = self.proba(feats)
        typ = max((c for c in self.classes if c != NONE), key=lambda c: (p[c], c))
        return typ, p[typ]

    def support(self, feats: list[str], typ: str) -> float:
        """How much these features speak for ``typ`` (the sum of their weights for it)."""
        k = self.classes.index(typ)
        return float(sum(self.weights[f][k] for f in set(feats) if f in self.weights))


def read_model(text: str, name: str = "event_type.tsv") -> TypeModel:
    """Parse the weights file: ``#`` header lines, a header row ``feature <class>...``, a
    ``<bias>`` row, then one row per feature."""
    classes: tuple[str, ...] | None = None
    bias: np.ndarray | None = None
    weights: dict[str, np.ndarray] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if classes is None:
            if cells[0] != "feature":
                raise ValueError(f"{name}:{lineno}: expected the header row 'feature<TAB>class...'")
            classes = tuple(cells[1:])
            continue
        if len(cells) != len(classes) + 1:
            raise ValueError(f"{name}:{lineno}: {len(cells)} cells, the header has {len(classes) + 1}")
        try:
            vec = np.array([float(c) for c in cells[1:]])
        except ValueError as exc:
            raise ValueError(f"{name}:{lineno}: a weight is not a number ({exc})") from exc
        if cells[0] == "<bias>":
            bias = vec
        else:
            weights[cells[0]] = vec
    if classes is None or bias is None:
        raise ValueError(f"{name}: no header row or no <bias> row")
    return TypeModel(classes, bias, weights, hashlib.sha1(text.encode("utf-8")).hexdigest()[:12])


def load_type_model(path: Path = MODEL_FILE) -> TypeModel:
    """A trained model's weights file (by default the one train_event_classifier.py writes)."""
    if not path.exists():
        raise SystemExit(f"{path}: no trained model; run `python training/train_event_classifier.py` first")
    return read_model(path.read_text(encoding="utf-8"), str(path))


class Fallback:
    """Candidates for a sentence the rules find nothing in, from the model."""

    def __init__(self, model: TypeModel | None = None, min_probability: float = MIN_PROBABILITY,
                 defer_to_rules: bool = True) -> None:
        self.model = model if model is not None else load_type_model()
        self.min_probability = min_probability
        # a trigger the lexicon has a fitting rule for was the rules' to judge: when they coded
        # nothing ("met" with no one named), the model does not overrule them
        self.defer_to_rules = defer_to_rules

    def candidates(self, sent: Span, coder: SentenceCoder) -> list[Candidate]:
        from eventmill.events import arguments, triggers
        from eventmill.events.frames_base import Candidate
        from eventmill.events.modality import inherited, own_modality
        from eventmill.lang import tree

        cx = coder.cx
        per_token = [(t, token_features(t, cx.actors)) for t in sent]
        feats = [f for _, fs in per_token for f in fs]
        typ, prob = self.model.best(feats)
        if prob < self.min_probability:
            return []
        # the trigger: the verb whose own features speak most for the type
        options = [(self.model.support(fs, typ), -t.i, t) for t, fs in per_token if t.pos_ == "VERB"]
        if not options:
            return []
        support, _, trigger = max(options, key=lambda o: (o[0], o[1]))
        if support <= 0 or (self.defer_to_rules and triggers.match_verb(cx.lex, trigger)):
            return []
        # modality as the rules read it; anything but a plain or future action is left to them
        m = own_modality(trigger)
        above = inherited(cx, trigger)
        if m.negated or m.no_longer or m.hypothetical or m.obligation or above.negated or above.hypothetical \
                or above.consumed:
            return []
        aux = {"future"} if m.future or above.future else set()
        return [Candidate(trigger=trigger, trigger_tokens=[trigger], cameo=GENERIC_CAMEO[typ],
                          actors=cx.resolve(tree.subject(trigger)),
                          recipients=arguments.recipients(cx, trigger, RECIPIENT_SLOTS), conf=prob * CONFIDENCE_SCALE,
                          aux=aux, plover=typ, rule="model:fallback")]
