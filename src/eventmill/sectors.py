"""The sector (agent) codes eventmill assigns, and the groups of sectors its rules name
(``data/ontology/sectors.tsv``): "armed" actors may use force, "labour" may strike,
"local" ones are where they act, "domestic" ones take the story's country, "custodial" ones hold
people by law, ..."""

from __future__ import annotations

from functools import lru_cache

from eventmill.resources import read_tsv, split

SECTOR_GROUPS = frozenset({"armed", "labour", "civilian", "local", "political", "domestic", "stateless",
                           "state_force", "custodial"})


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    relpath = "ontology/sectors.tsv"
    out: dict[str, set[str]] = {g: set() for g in SECTOR_GROUPS}
    for row in read_tsv(relpath):
        for g in split(row.get("groups", "")):
            if g not in out:
                raise ValueError(f"{row.where(relpath)}: unknown sector group {g!r} "
                                 f"(groups: {', '.join(sorted(SECTOR_GROUPS))})")
            out[g].add(row["code"])
    return {g: frozenset(v) for g, v in out.items()}


def sectors_in(group: str) -> frozenset[str]:
    """The sector codes of a group ("armed" -> MIL, REB, INS, ...)."""
    if group not in SECTOR_GROUPS:
        raise KeyError(f"data/ontology/sectors.tsv has no sector group {group!r}")
    return _groups()[group]
