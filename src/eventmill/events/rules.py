"""The shapes of the trigger lexicon's rows (read by :mod:`eventmill.events.lexicon`)."""

from __future__ import annotations

from dataclasses import dataclass

from eventmill.events.ontology import Code


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
    where: str = ""  # the file and line it was read from ("data/events/verbs.tsv:35")

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
    where: str = ""


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
