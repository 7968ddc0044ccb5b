"""Commitments tracked to their outcome.

A commitment is an event that promises or announces an action (``intended`` set: "agreed to
withdraw by the end of the year" is AGREE with intended RETREAT and a deadline). Each ingest
run re-derives every commitment's status from the events in the store, so the statuses are a
pure function of what has been read, whatever the order the stories came in:

- **fulfilled**: a later event by the same actor (the same state, whichever of its branches
  acts; the same non-state group; or the same international body) of the intended type,
  actually done (not negated, future or hypothetical), towards the same recipient when both
  name one, dated no later than the deadline. Its event is the evidence (``resolved_by``,
  ``resolved_on``). A joint promise ("the two governments agreed
  to reopen the crossing") is kept when either side does it.
- **broken**: a later report of the same actor refusing the promised action ("refused to
  withdraw", REJECT coded for that kind of action), or saying it did not or will not do it
  (the intended type, negated).
- **superseded**: the same actor later promised the same kind of action to the same recipient
  with another deadline (a renewed or re-dated promise); the newer one is tracked instead.
- **overdue**: none of those, and the deadline has passed by the date of the newest story in
  the store (the store's "today": a backfill of 2021 news is judged as of its own end).
- **open**: everything else.

When several outcomes are reported, the earliest wins (a promise kept and later reversed
stays fulfilled; the reversal is its own event).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import duckdb

# A REJECT's CAMEO code says which kind of action was refused (coding.reject_code).
_REFUSED = {
    "RETREAT": ("1243", "1244", "1245", "1246"),
    "CONCEDE": ("123", "1231", "1241"),
    "AID": ("122",),
    "COOPERATE": ("121",),
    "CONSULT": ("125",),
}
_NOT_DONE = ("negated", "future", "hypothetical")


@dataclass(slots=True)
class _Row:
    commitment_id: str
    event_id: str
    actor: str | None
    recipient: str | None
    intended: str
    made_on: date | None
    deadline: date | None
    joint: bool


# Sectors that act for a state; anyone else in a country (insurgents, opposition, civilians) is
# another party, and cannot keep or break the state's promise.
_STATE_SECTORS = frozenset({"", "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "ELI"})


def _party(code: str | None, country: str | None, sector: str | None = None) -> str | None:
    """Whom a side stands for: its country's state (or a non-state group in it, by sector), or an
    international body's code."""
    if country:
        return country if (sector or "") in _STATE_SECTORS else f"{country}/{sector}"
    return code or None


def _same_side(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@dataclass(slots=True)
class _Event:
    event_id: str
    event: str
    cameo: str | None
    aux: frozenset[str]
    intended: str | None
    actor: str | None
    recipient: str | None
    day: date


def _status(c: _Row, ev: _Event) -> str | None:
    """What this later event of the actor says of the commitment: kept, broken, or nothing."""
    if ev.event == c.intended and not ev.aux & _NOT_DONE_SET and not ev.intended:
        return "fulfilled" if c.deadline is None or ev.day <= c.deadline else None
    if ev.event == c.intended and "negated" in ev.aux:
        return "broken"  # "did not withdraw", "will not withdraw"
    if ev.event == "REJECT" and str(ev.cameo or "").startswith(_REFUSED.get(c.intended, ("-",))):
        return "broken"  # "refused to withdraw"
    if ev.intended == c.intended and "negated" in ev.aux and ev.event in ("AGREE", "CONCEDE"):
        return "broken"  # "said it would no longer ..."
    return None


_NOT_DONE_SET = frozenset(_NOT_DONE)


def update(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute every commitment's status from the events in the store; returns the count
    per status.

    Each commitment looks only at the events that can settle it (its actor's events of the
    promised type, refusals, and renounced promises of that type), from its own date on and
    in date order, stopping at the first that does: the time grows with the events and
    commitments, not with their product (a store of 100,000 events took four minutes per
    ingest when every commitment was held against every event of its actor). Ties on the
    day go to the smaller event id. Only the rows whose status changed are written.
    """
    newest = con.execute("SELECT max(pub_date) FROM documents WHERE status = 'coded'").fetchone()
    today: date | None = newest[0] if newest else None
    found = con.execute(
        """SELECT c.commitment_id, c.event_id, m.actor_code, m.actor_country, m.recipient_code,
                  m.recipient_country, c.intended, coalesce(c.made_on, d.pub_date), c.deadline, m.joint,
                  m.actor_sector, m.recipient_sector, c.status, c.resolved_by, c.resolved_on
           FROM commitments c
           JOIN event_mentions m ON m.mention_id = c.mention_id
           JOIN documents d ON d.doc_id = m.doc_id"""
    ).fetchall()
    if not found:
        return {}
    rows = [_Row(r[0], r[1], _party(r[2], r[3], r[10]), _party(r[4], r[5], r[11]), r[6], r[7], r[8], bool(r[9]))
            for r in found]
    stored = {r[0]: (r[12], r[13], r[14]) for r in found}
    index = _index(con, rows)

    renewals: dict[tuple[str | None, str | None, str], list[_Row]] = defaultdict(list)
    for c in rows:
        renewals[(c.actor, c.recipient, c.intended)].append(c)
    for group in renewals.values():
        group.sort(key=lambda r: (r.made_on or date.min, r.event_id))

    outcome: dict[str, tuple[str, str | None, date | None]] = {}
    for c in rows:
        best: tuple[date, str, str] | None = None  # (day, evidence, status)
        # a joint promise ("the two governments agreed to reopen the crossing") is kept when either does it
        doers = [c.actor, c.recipient] if c.joint else [c.actor]
        for doer in doers:
            for key in (("event", c.intended), ("event", "REJECT"), ("intended", c.intended)):
                days, events = index.get((doer or "", *key), ([], []))
                for ev in events[bisect_left(days, c.made_on) if c.made_on else 0:]:
                    if best is not None and (ev.day, ev.event_id) >= best[:2]:
                        break  # later than what settles it already
                    if ev.event_id == c.event_id:
                        continue
                    other_side = c.actor if c.joint and ev.actor == c.recipient else c.recipient
                    if not _same_side(other_side, ev.recipient):
                        continue
                    status = _status(c, ev)
                    if status:
                        best = (ev.day, ev.event_id, status)
                        break
        if c.made_on:  # the same promise made again later with another deadline: superseded
            for other in renewals[(c.actor, c.recipient, c.intended)]:
                if other.made_on and other.made_on > c.made_on and other.deadline != c.deadline:
                    if best is None or other.made_on < best[0]:  # an event of the same day settles it first
                        best = (other.made_on, other.event_id, "superseded")
                    break
        if best is not None:
            outcome[c.commitment_id] = (best[2], best[1], best[0])
        elif c.deadline is not None and today is not None and c.deadline < today:
            outcome[c.commitment_id] = ("overdue", None, None)
        else:
            outcome[c.commitment_id] = ("open", None, None)

    changed = [(cid, *new) for cid, new in outcome.items() if stored.get(cid) != new]
    if changed:
        columns = [list(c) for c in zip(*changed)]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _statuses AS SELECT unnest(?::VARCHAR[]) AS commitment_id, "
            "unnest(?::VARCHAR[]) AS status, unnest(?::VARCHAR[]) AS resolved_by, unnest(?::DATE[]) AS resolved_on",
            columns,
        )
        con.execute(
            "UPDATE commitments SET status = s.status, resolved_by = s.resolved_by, resolved_on = s.resolved_on "
            "FROM _statuses s WHERE commitments.commitment_id = s.commitment_id"
        )
        con.execute("DROP TABLE _statuses")
    counts: dict[str, int] = defaultdict(int)
    for s, _, _ in outcome.values():
        counts[s] += 1
    return dict(counts)


def _index(
    con: duckdb.DuckDBPyConnection, rows: list[_Row]
) -> dict[tuple[str, str, str], tuple[list[date], list[_Event]]]:
    """The events of the parties that made commitments, by (party, "event", type) and by
    (party, "intended", promised type), each in date order (with its days, for bisecting)."""
    actors = sorted({p for r in rows for p in (r.actor, r.recipient if r.joint else None) if p})
    countries = sorted({a.split("/")[0] for a in actors})
    index: dict[tuple[str, str, str], list[_Event]] = defaultdict(list)
    if not countries:
        return {}
    for values in con.execute(
        """SELECT event_id, event, cameo, aux, intended, actor_code, actor_country, actor_sector,
                  recipient_code, recipient_country, recipient_sector, coalesce(date, pub_date) AS day
           FROM event_table
           WHERE coalesce(actor_country, actor_code) IN (SELECT unnest(?)) AND coalesce(date, pub_date) IS NOT NULL""",
        [countries],
    ).fetchall():
        ev = _Event(values[0], values[1], values[2], frozenset(values[3] or ()), values[4],
                    _party(values[5], values[6], values[7]), _party(values[8], values[9], values[10]), values[11])
        actor = ev.actor or ""
        index[(actor, "event", ev.event)].append(ev)
        if ev.intended:
            index[(actor, "intended", ev.intended)].append(ev)
    out = {}
    for key, events in index.items():
        events.sort(key=lambda e: (e.day, e.event_id))
        out[key] = ([e.day for e in events], events)
    return out
