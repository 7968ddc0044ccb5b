"""merge: event mentions that report the same real-world event become one event.

A sentence of a story reporting an event is an event *mention*; the same event told by a
later paragraph, a wire copy, a rewrite or another outlet the next day is another mention
of it. Mentions are one event when they agree on

1. **what and who**: the PLOVER type, the actor's and the recipient's country (or, for an
   actor of no country, its code), the auxiliary modes and the intended action (the
   *block*), with at least one side a resolved actor (two attacks by unnamed gunmen are
   not assumed to be one); and their actor codes do not contradict each other: equal, or
   one a refinement of the other (``KEN`` and ``KENGOV``: one outlet writes "Kenya", another
   "the Kenyan government"; but ``KENGOV`` and ``KENCOP`` are two different actors);
2. **when**:

   - mentions dated by the text ("on Monday", "11 June 2020") are the same event only on
     the same date at the same precision (two day-dated attacks one day apart are two
     attacks);
   - a mention whose date is only the publication date (the text names no day; the
     events stage gives it precision ``publication``) reports something that happened up to
     :data:`REPORT_LAG_DAYS` days before publication: it joins the latest day-dated event
     of its block in that window, if there is one;
   - a mention dated by a week ("last week") joins a day-dated event in that week;
   - mentions of an undated story (no publication date) merge within that story only;
3. **where**: their places do not contradict each other: the same country, the same
   first-level division where both name one, and within :data:`SAME_PLACE_KM` where both
   name a city or a landmark. A mention without a place contradicts none.

The rule is a function of the *set* of mentions, not of the order they were read in, so
an ingest interrupted and resumed, run on 1 or N workers or on a Dask cluster gives the
same events. Day-dated mentions form the event *cores*; the other mentions only ever
attach to a core, never link two cores, so a run of daily reports of the same dyad does
not chain into one event. Within a core the places are grouped greedily, most precise
first (places, then actor codes), each mention joining the largest group it contradicts no
member of (in place or in actor codes).

The event's id is its representative mention's id: the most confident core mention (then
the earliest published, then story order). Every mention stays stored and queryable
under the event's id (``event_mentions.event_id``); ``events`` counts them
(``num_mentions``), their stories (``num_articles``) and publishers (``num_sources``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

REPORT_LAG_DAYS = 2
"""A report that names no day is taken to be about something up to this many days old."""
WEEK_DAYS = 6
SAME_PLACE_KM = 50.0

Block = tuple[str, str, str, str, str]
_LEVEL = {"landmark": 0, "city": 0, "admin1": 1, "country": 2}
_NO_PLACE = 3


@dataclass(slots=True, frozen=True)
class Mention:
    """What the merge rule reads of one event mention (a row of ``event_mentions``)."""

    mention_id: str
    doc_id: str
    event: str
    actor: str | None  # the actor's country, or its code when it has no country (an IGO, a group)
    recipient: str | None
    aux: tuple[str, ...]
    intended: str | None
    day: date | None
    precision: str | None
    pub_date: date | None
    confidence: float = 0.0
    sentence: int = 0
    start: int = 0
    loc_country: str | None = None
    loc_admin1: str | None = None
    loc_lat: float | None = None
    loc_lon: float | None = None
    loc_precision: str | None = None
    actor_code: str | None = None
    recipient_code: str | None = None

    @property
    def block(self) -> Block | None:
        """What and who: None when neither side is a resolved actor (never merged)."""
        if not self.actor and not self.recipient:
            return None
        return (self.event, self.actor or "", self.recipient or "", ",".join(sorted(self.aux)), self.intended or "")

    @property
    def floating(self) -> bool:
        """Dated only by the publication date or by a week: attaches to a day-dated event."""
        return self.day is not None and self.precision in ("week", "publication")

    @property
    def window(self) -> tuple[date, date]:
        """The days a floating mention may attach to."""
        assert self.day is not None
        if self.day == self.pub_date:  # dated by its report
            return self.day - timedelta(days=REPORT_LAG_DAYS), self.day
        return self.day, self.day + timedelta(days=WEEK_DAYS)  # "last week": the week's days

    @property
    def level(self) -> int:
        fine = self.loc_precision in ("landmark", "city")
        if self.loc_precision in _LEVEL and (not fine or self.loc_lat is not None):
            return _LEVEL[self.loc_precision]
        if self.loc_country:
            return _LEVEL["country"]
        return _NO_PLACE

    @property
    def specificity(self) -> int:
        """Longer codes say more ("KENGOV" over "KEN"): they seed the groups."""
        return len(self.actor_code or "") + len(self.recipient_code or "")

    def rank(self) -> tuple[float, date, str, int, int, str]:
        """Representative order: most confident, earliest published, then story order."""
        return (-self.confidence, self.pub_date or date.max, self.doc_id, self.sentence, self.start, self.mention_id)


# How far around the dates of new mentions the rule can change anything (see recluster).
LOOK_BEHIND = WEEK_DAYS + REPORT_LAG_DAYS
LOOK_AHEAD = WEEK_DAYS


def _km(a: Mention, b: Mention) -> float:
    assert a.loc_lat is not None and a.loc_lon is not None and b.loc_lat is not None and b.loc_lon is not None
    p1, p2 = math.radians(a.loc_lat), math.radians(b.loc_lat)
    dp, dl = p2 - p1, math.radians(b.loc_lon - a.loc_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Mention, b: Mention) -> bool:
    """True unless the two places contradict each other."""
    if a.level == _NO_PLACE or b.level == _NO_PLACE:
        return True
    if a.loc_country and b.loc_country and a.loc_country != b.loc_country:
        return False
    if a.level <= 1 and b.level <= 1 and a.loc_admin1 and b.loc_admin1 and a.loc_admin1 != b.loc_admin1:
        return False
    return not (a.level == 0 and b.level == 0 and _km(a, b) > SAME_PLACE_KM)


def _refines(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def same_parties(a: Mention, b: Mention) -> bool:
    """True unless the actor (or recipient) codes name two different actors."""
    return _refines(a.actor_code, b.actor_code) and _refines(a.recipient_code, b.recipient_code)


def agree(a: Mention, b: Mention) -> bool:
    return same_place(a, b) and same_parties(a, b)


def by_place(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Split same-day mentions of one block into groups whose places and actor codes agree
    (deterministic: most precise first, each joining the largest group it contradicts no
    member of)."""
    groups: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.level, -m.specificity, m.rank())):
        fits = [g for g in groups if all(agree(m, x) for x in g)]
        if fits:
            max(fits, key=len).append(m)  # max() keeps the first of equals: the earliest group
        else:
            groups.append([m])
    return groups


def _rep(group: list[Mention]) -> str:
    return min(group, key=Mention.rank).mention_id


@dataclass(slots=True)
class _Core:
    event_id: str
    day: date
    members: list[Mention]


def cluster(mentions: Iterable[Mention]) -> dict[str, str]:
    """Event id for each mention: the rule above over one set of mentions (any blocks)."""
    out: dict[str, str] = {}
    anchored: dict[tuple, list[Mention]] = defaultdict(list)
    floating: dict[Block, list[Mention]] = defaultdict(list)
    for m in mentions:
        block = m.block
        if block is None:
            out[m.mention_id] = m.mention_id
        elif m.day is None:  # an undated story: its own mentions only
            anchored[(block, "undated", m.doc_id)].append(m)
        elif m.floating:
            floating[block].append(m)
        else:
            anchored[(block, m.precision, m.day)].append(m)
    cores: dict[Block, list[_Core]] = defaultdict(list)
    for (block, precision, day), members in anchored.items():
        for group in by_place(members):
            eid = _rep(group)
            for m in group:
                out[m.mention_id] = eid
            if precision == "day":
                cores[block].append(_Core(eid, day, group))
    for block, members in floating.items():
        loose: dict[tuple[bool, date], list[Mention]] = defaultdict(list)
        for m in members:
            core = _attach(m, cores.get(block, ()))
            if core is not None:
                out[m.mention_id] = core.event_id
            else:
                assert m.day is not None
                loose[(m.day == m.pub_date, m.day)].append(m)
        for group_members in loose.values():
            for group in by_place(group_members):
                eid = _rep(group)
                for m in group:
                    out[m.mention_id] = eid
    return out


def _attach(m: Mention, cores: Iterable[_Core]) -> _Core | None:
    lo, hi = m.window
    fits = [c for c in cores if lo <= c.day <= hi and all(agree(m, x) for x in c.members)]
    if not fits:
        return None
    if m.day == m.pub_date:  # the latest event before the report
        return min(fits, key=lambda c: (-c.day.toordinal(), -len(c.members), c.event_id))
    return min(fits, key=lambda c: (-len(c.members), c.day, c.event_id))
