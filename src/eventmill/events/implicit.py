"""Actors a text leaves implicit: "three men were arrested" (the police), "a curfew was imposed"
(the government), "he was sentenced" (a court).

An agentless passive or an event noun with no one named gets the actor ``data/events/implicit.tsv``
gives its CAMEO code, of the country where it happened (the event's place), else of the story's
country; the actor is marked ``implicit``. Nothing is guessed for acts anyone can do: an attack
with no attacker named keeps no actor.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.actors.mention import Resolved, make_code
from eventmill.lang import tree
from eventmill.records import Actor
from eventmill.resources import read_tsv

if TYPE_CHECKING:
    from eventmill.events.frames_base import Candidate
    from eventmill.records import Place

_RELPATH = "events/implicit.tsv"
CONFIDENCE = 0.6


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str | None], str]:
    """(CAMEO code or prefix, mode or None) -> sector."""
    from eventmill.sectors import sectors_in

    known = sectors_in("domestic")
    out: dict[tuple[str, str | None], str] = {}
    for row in read_tsv(_RELPATH):
        if row["sector"] not in known:
            raise ValueError(f"{row.where(_RELPATH)}: sector {row['sector']!r} is not a domestic sector")
        out[(row["cameo"], row["mode"] or None)] = row["sector"]
    return out


def implicit_sector(cameo: str, mode: str | None) -> str | None:
    """The sector of whoever does an act the text names no doer for (None: anyone could)."""
    table = _table()
    for n in range(len(cameo), 0, -1):
        for key in ((cameo[:n], mode), (cameo[:n], None)):
            if key in table:
                return table[key]
    return None


def agentless(cand: Candidate) -> bool:
    """Is the event told without its doer: an agentless passive, or an event noun with no one named?"""
    if cand.actors:
        return False
    if cand.nominal:
        return True
    v = cand.trigger
    return tree.is_passive(v) and tree.passive_agent(v) is None


def implicit_actors(cand: Candidate, mode: str | None, loc: Place | None, story_country: str | None) -> list[Resolved]:
    """The implicit actor of an agentless event, or [] when the act names no usual doer."""
    if not agentless(cand):
        return []
    sector = implicit_sector(cand.cameo, mode)
    if sector is None:
        return []
    country = (loc.country if loc is not None else None) or story_country
    actor = Actor(entity_text="", country=country, sector=sector, code=make_code(country, sector), implicit=True)
    return [Resolved(actor, CONFIDENCE, "group", plural=True)]
