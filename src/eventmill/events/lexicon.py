"""The trigger lexicon and the CAMEO/PLOVER ontology, loaded from ``data/events`` and
``data/ontology`` once per process."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from eventmill.resources import read_tsv, split

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"})
YIELDING = frozenset({"CONCEDE", "RETREAT"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
VERBAL_CONFLICT = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code and what it means in PLOVER."""

    cameo: str
    label: str
    goldstein: float
    plover: str | None
    mode: str | None
    context: tuple[str, ...]
    intended: str | None
    quad: int | None


@dataclass(frozen=True, slots=True)
class VerbRule:
    lemma: str
    particle: str | None
    objects: frozenset[str] | None
    cameo: str
    recipient: tuple[str, ...]
    frame: str
    needs: str | None
    conf: float
    mode: str | None
    context: str | None

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0)


@dataclass(frozen=True, slots=True)
class NounRule:
    key: str  # "attack" or "air strike"
    cameo: str
    recipient: tuple[str, ...]
    needs: str | None
    conf: float
    mode: str | None
    context: str | None


@dataclass
class Lexicon:
    codes: dict[str, Code]
    verbs: dict[str, list[VerbRule]]
    nouns: dict[str, NounRule]

    def code(self, cameo: str) -> Code:
        return self.codes[cameo]

    def plover(self, cameo: str) -> str | None:
        c = self.codes.get(cameo)
        return c.plover if c else None


def _codes() -> dict[str, Code]:
    out = {}
    for row in read_tsv("ontology/cameo.tsv"):
        out[row["cameo"]] = Code(
            cameo=row["cameo"],
            label=row["label"],
            goldstein=float(row["goldstein"]),
            plover=row["plover"] or None,
            mode=row["mode"] or None,
            context=tuple(split(row["context"].replace(";", "|"))),
            intended=row["intended"] or None,
            quad=int(row["quad"]) if row["quad"] else None,
        )
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    codes = _codes()
    verbs: dict[str, list[VerbRule]] = defaultdict(list)
    for row in read_tsv("events/verbs.tsv"):
        if row["cameo"] not in codes:
            raise ValueError(f"data/events/verbs.tsv: unknown CAMEO code {row['cameo']!r} for {row['lemma']!r}")
        objects = frozenset(split(row["object"])) or None
        verbs[row["lemma"].lower()].append(
            VerbRule(
                lemma=row["lemma"].lower(),
                particle=row["particle"].lower() or None,
                objects=objects,
                cameo=row["cameo"],
                recipient=tuple(split(row["recipient"])) or ("dobj",),
                frame=row["frame"] or "plain",
                needs=row["needs"] or None,
                conf=float(row["conf"] or 0.5),
                mode=row["mode"] or None,
                context=row["context"] or None,
            )
        )
    for rules in verbs.values():
        rules.sort(key=lambda r: -r.specificity)
    nouns: dict[str, NounRule] = {}
    for row in read_tsv("events/nouns.tsv"):
        if row["cameo"] not in codes:
            raise ValueError(f"data/events/nouns.tsv: unknown CAMEO code {row['cameo']!r} for {row['lemma']!r}")
        key = row["lemma"].lower()
        nouns[key] = NounRule(
            key,
            row["cameo"],
            tuple(split(row["recipient"])),
            row["needs"] or None,
            float(row["conf"] or 0.5),
            row["mode"] or None,
            row["context"] or None,
        )
    return Lexicon(codes, dict(verbs), nouns)
