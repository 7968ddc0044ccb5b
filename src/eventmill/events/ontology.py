"""The CAMEO/PLOVER ontology and PLOVER's coding policy, read from ``data/ontology``.

- ``cameo.tsv``: every CAMEO code with its PLOVER type, mode, context, quad class and
  Goldstein value (:func:`codes`);
- ``plover_types.tsv``: the PLOVER types, their default CAMEO code and the groups the
  coding rules name ("cooperative", "requires_recipient", ...; :func:`types_in`);
- ``policy.tsv``: the code of an event whose content is another action (a promise, a threat,
  a refusal, a request, a stop; :func:`policy_code`), as ordered rows.

Each table is checked when it is read: an unknown type, code, rule or condition fails with
the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventmill.resources import read_tsv, split

POLICY_RULES = ("intent", "threat", "reject", "appeal", "demand", "stop", "decided")
# (a "decided" row's code "=" keeps the decided act's own code: the decision is the act)
_OWN_CODE = "="
TYPE_GROUPS = frozenset({"cooperative", "conflict", "verbal_conflict", "material_conflict", "requires_recipient",
                         "symmetric", "nominal", "targeted", "distinct_modes"})
_CONDITION_FIELDS = ("cameo", "mode", "context")


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
class PloverType:
    """A PLOVER event type: quad class, default CAMEO code, the rule groups it is in, its modes."""

    name: str
    quad: int
    cameo: str
    groups: frozenset[str]
    modes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Action:
    """The inner action of a frame ("agreed to *withdraw*"): its CAMEO code, PLOVER type and mode."""

    cameo: str
    plover: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PolicyRow:
    rule: str
    plover: str  # or "*"
    conditions: tuple[tuple[str, bool, frozenset[str]], ...]  # (field, prefix?, values)
    cameo: str

    def matches(self, a: Action) -> bool:
        if self.plover != "*" and self.plover != a.plover:
            return False
        for name, prefix, values in self.conditions:
            if name == "context":
                if not values & set(a.context):
                    return False
                continue
            value = a.cameo if name == "cameo" else (a.mode or "")
            if not (any(value.startswith(v) for v in values) if prefix else value in values):
                return False
        return True


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    """CAMEO code -> :class:`Code` (``data/ontology/cameo.tsv``)."""
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
def contexts() -> frozenset[str]:
    """The PLOVER contexts (``data/ontology/contexts.tsv``)."""
    return frozenset(row["context"] for row in read_tsv("ontology/contexts.tsv"))


@lru_cache(maxsize=1)
def plover_types() -> dict[str, PloverType]:
    """PLOVER type -> :class:`PloverType` (``data/ontology/plover_types.tsv``)."""
    relpath = "ontology/plover_types.tsv"
    out = {}
    for row in read_tsv(relpath):
        groups = frozenset(split(row["groups"]))
        unknown = groups - TYPE_GROUPS
        if unknown:
            raise ValueError(f"{row.where(relpath)}: unknown group {sorted(unknown)[0]!r} "
                             f"(groups: {', '.join(sorted(TYPE_GROUPS))})")
        if row["cameo"] not in codes():
            raise ValueError(f"{row.where(relpath)}: unknown CAMEO code {row['cameo']!r}")
        modes = frozenset(split(row["modes"]))
        out[row["type"]] = PloverType(row["type"], int(row["quad"]), row["cameo"], groups, modes)
    return out


def check_mode_context(plover: str | None, mode: str | None, context: str | None, where: str) -> None:
    """A mode must be one of its PLOVER type's, a context one of PLOVER's (the loaders call this)."""
    if mode and plover:
        known = plover_types()[plover].modes
        if mode not in known:
            raise ValueError(f"{where}: mode {mode!r} is not a PLOVER mode of {plover} "
                             f"(modes: {', '.join(sorted(known)) or 'none'})")
    if context and context not in contexts():
        raise ValueError(f"{where}: unknown PLOVER context {context!r} (data/ontology/contexts.tsv)")


def types_in(group: str) -> frozenset[str]:
    """The PLOVER types of a group named in ``plover_types.tsv`` ("cooperative", "nominal", ...)."""
    if group not in TYPE_GROUPS:
        raise KeyError(f"data/ontology/plover_types.tsv has no group {group!r}")
    return frozenset(name for name, t in plover_types().items() if group in t.groups)


def _conditions(cell: str, where: str) -> tuple[tuple[str, bool, frozenset[str]], ...]:
    out = []
    for part in (p.strip() for p in cell.split(";") if p.strip()):
        name, sep, values = part.partition("=")
        prefix = name.endswith("^")
        name = name.rstrip("^")
        if not sep or name not in _CONDITION_FIELDS or not values:
            raise ValueError(f"{where}: condition {part!r} is not field=value or field^=prefix "
                             f"(fields: {', '.join(_CONDITION_FIELDS)})")
        out.append((name, prefix, frozenset(split(values))))
    return tuple(out)


@lru_cache(maxsize=1)
def policy() -> dict[str, tuple[PolicyRow, ...]]:
    """rule -> its ordered rows (``data/ontology/policy.tsv``)."""
    relpath = "ontology/policy.tsv"
    known_types = set(plover_types())
    out: dict[str, list[PolicyRow]] = {r: [] for r in POLICY_RULES}
    for row in read_tsv(relpath):
        where = row.where(relpath)
        if row["rule"] not in out:
            raise ValueError(f"{where}: unknown rule {row['rule']!r} (rules: {', '.join(POLICY_RULES)})")
        if row["plover"] != "*" and row["plover"] not in known_types:
            raise ValueError(f"{where}: unknown PLOVER type {row['plover']!r}")
        if row["cameo"] not in codes() and not (row["rule"] == "decided" and row["cameo"] == _OWN_CODE):
            raise ValueError(f"{where}: unknown CAMEO code {row['cameo']!r}")
        out[row["rule"]].append(PolicyRow(row["rule"], row["plover"], _conditions(row["match"], where), row["cameo"]))
    return {k: tuple(v) for k, v in out.items()}


def policy_code(rule: str, action: Action | None) -> str | None:
    """The code of a frame event by ``rule`` whose content is ``action`` (None: no action
    named, the rule's default row); None when no row applies."""
    a = action or Action("", None)
    for row in policy()[rule]:
        if row.matches(a):
            return row.cameo
    return None


def intent_code(a: Action) -> str:
    """ "agreed/promised/pledged to <a>": the code of the promise."""
    return policy_code("intent", a) or "030"


def threat_code(a: Action) -> str:
    """ "threatened to <a>" / "warned it would <a>"."""
    return policy_code("threat", a) or "130"


def reject_code(a: Action | None) -> str:
    """ "refused to <a>" / "rejected <a>"."""
    return policy_code("reject", a) or "120"


def request_code(base: str, a: Action | None) -> str:
    """ "urged/demanded <a>": an appeal (CAMEO 02x) or a demand (10x) for that kind of action."""
    appeal = base.startswith("02")
    return policy_code("appeal" if appeal else "demand", a) or ("020" if appeal else "100")


def done_by_deciding(a: Action) -> bool:
    """ "Japan decided to ease sanctions": is a past decision to do ``a`` the act itself (an
    easing, a lifting, a grant of asylum take effect when decided), not an announced intention?"""
    return policy_code("decided", a) == _OWN_CODE


def stop_code(a: Action) -> str | None:
    """ "stopped/halted/ended <a>", "would no longer <a>": ending a conflict is a
    de-escalation; ending cooperation reduces relations. None when neither fits."""
    return policy_code("stop", a)


COOPERATIVE = types_in("cooperative")
CONFLICT = types_in("conflict")
VERBAL_CONFLICT = types_in("verbal_conflict")
