"""The shapes of the trigger lexicon's rows (read by :mod:`eventmill.events.lexicon`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

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
    subject: frozenset[str] | None = None  # the subject's head must be one of these ("POLICE * [173]")
    pobjects: frozenset[str] | None = None  # with ``objects``: the particle's own object must be one of these
    strict: bool = False  # compiled patterns: the object is the direct object (or the particle's), nothing else
    reverse: str | None = None  # PETRARCH's [A:B]: the code of what the recipient does to the actor
    also: str | None = None  # a second event of the same sides (a prison sentence: a conviction and an arrest)
    imported: bool = False  # from a user's PETRARCH verb dictionary: read as PETRARCH reads it (petrarch_reading.py)

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0) + (1 if self.subject else 0) + (
            1 if self.pobjects else 0) + (1 if self.needs and "several_" in self.needs else 0)  # PETRARCH's %


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
    owner_undergoes: bool = False  # "his arrest": an owner names whom the deed was done to (the owner column)


@dataclass
class VerbEntry:
    """One lemma's rows in the order they are tried (the upper layer's, most specific first,
    then the lower layer's), indexed by the object keys they require: matching a verb looks
    its objects up instead of trying every row (CAMEO.2.0 gives some verbs hundreds)."""

    rules: tuple[VerbRule, ...]
    free: tuple[int, ...] = ()  # rows with no object constraint
    by_object: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: list[VerbRule]) -> VerbEntry:
        ordered = tuple(rules)
        by_object: dict[str, list[int]] = {}
        free = []
        for i, r in enumerate(ordered):
            if r.objects:
                for key in r.objects:
                    by_object.setdefault(key, []).append(i)
            else:
                free.append(i)
        return cls(ordered, tuple(free), {k: tuple(v) for k, v in by_object.items()})

    def candidates(self, object_keys: set[str]) -> list[VerbRule]:
        """The rows whose object constraint (if any) one of these keys meets, in order."""
        hits = set(self.free)
        for key in object_keys:
            hits.update(self.by_object.get(key, ()))
        return [self.rules[i] for i in sorted(hits)]

    def __iter__(self) -> Iterator[VerbRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


@dataclass
class Lexicon:
    codes: dict[str, Code]
    verbs: dict[str, VerbEntry]
    nouns: dict[str, NounRule]
    # The verbs of users' PETRARCH dictionaries (layered over): PETRARCH reads a verb by its written
    # form, so where one lists a form beside its verb ("LEAVE", "LEFT"), "left" is not read as "leave".
    forms: frozenset[str] = frozenset()
    # (word, lemma) -> the verb's entry, as :func:`eventmill.events.triggers.verb_entry` found it
    # (asked for the same verbs again and again; bounded there)
    entry_cache: dict[tuple[str, str], VerbEntry | None] = field(default_factory=dict, init=False, repr=False,
                                                                 compare=False)

    def code(self, cameo: str) -> Code:
        return self.codes[cameo]

    def plover(self, cameo: str) -> str | None:
        c = self.codes.get(cameo)
        return c.plover if c else None
