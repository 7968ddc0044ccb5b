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

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

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


def update(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute every commitment's status from the events in the store; returns the count
    per status."""
    newest = con.execute("SELECT max(pub_date) FROM documents WHERE status = 'coded'").fetchone()
    today: date | None = newest[0] if newest else None
    rows = [
        _Row(r[0], r[1], _party(r[2], r[3], r[10]), _party(r[4], r[5], r[11]), r[6], r[7], r[8], bool(r[9]))
        for r in con.execute(
            """SELECT c.commitment_id, c.event_id, m.actor_code, m.actor_country, m.recipient_code,
                      m.recipient_country, c.intended, coalesce(c.made_on, d.pub_date), c.deadline, m.joint,
                      m.actor_sector, m.recipient_sector
               FROM commitments c
               JOIN event_mentions m ON m.mention_id = c.mention_id
               JOIN documents d ON d.doc_id = m.doc_id"""
        ).fetchall()
    ]
    if not rows:
        return {}
    actors = sorted({p for r in rows for p in (r.actor, r.recipient if r.joint else None) if p})
    countries = sorted({a.split("/")[0] for a in actors})
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if actors:
        cur = con.execute(
            """SELECT event_id, event, cameo, aux, intended, actor_code, actor_country, actor_sector,
                      recipient_code, recipient_country, recipient_sector, coalesce(date, pub_date) AS day
               FROM event_table
               WHERE coalesce(actor_country, actor_code) IN (SELECT unnest(?))""",
            [countries],
        )
        names = [d[0] for d in cur.description or []]
        for values in cur.fetchall():
            ev = dict(zip(names, values))
            ev["actor"] = _party(ev["actor_code"], ev["actor_country"], ev["actor_sector"])
            ev["recipient"] = _party(ev["recipient_code"], ev["recipient_country"], ev["recipient_sector"])
            by_actor[ev["actor"]].append(ev)

    outcome: dict[str, tuple[str, str | None, date | None]] = {}
    for c in rows:
        best: tuple[date, str, str] | None = None  # (day, status, evidence)
        # a joint promise ("the two governments agreed to reopen the crossing") is kept when either does it
        doers = [c.actor, c.recipient] if c.joint else [c.actor]
        for ev in (e for d in doers for e in by_actor.get(d or "", ())):
            day = ev["day"]
            if ev["event_id"] == c.event_id or day is None or (c.made_on and day < c.made_on):
                continue
            other_side = c.actor if c.joint and ev["actor"] == c.recipient else c.recipient
            if not _same_side(other_side, ev["recipient"]):
                continue
            aux = set(ev["aux"] or ())
            status = None
            if ev["event"] == c.intended and not aux & set(_NOT_DONE) and not ev["intended"]:
                if c.deadline is None or day <= c.deadline:
                    status = "fulfilled"
            elif ev["event"] == c.intended and "negated" in aux:
                status = "broken"  # "did not withdraw", "will not withdraw"
            elif ev["event"] == "REJECT" and str(ev["cameo"] or "").startswith(_REFUSED.get(c.intended, ("-",))):
                status = "broken"  # "refused to withdraw"
            elif ev["intended"] == c.intended and "negated" in aux and ev["event"] in ("AGREE", "CONCEDE"):
                status = "broken"  # "said it would no longer ..."
            if status and (best is None or day < best[0]):
                best = (day, status, ev["event_id"])
        for other in rows:
            if other is c or other.actor != c.actor or other.recipient != c.recipient or other.intended != c.intended:
                continue
            renewed = other.made_on and c.made_on and other.made_on > c.made_on and other.deadline != c.deadline
            if renewed and other.made_on and (best is None or other.made_on < best[0]):
                best = (other.made_on, "superseded", other.event_id)
        if best is not None:
            outcome[c.commitment_id] = (best[1], best[2], best[0])
        elif c.deadline is not None and today is not None and c.deadline < today:
            outcome[c.commitment_id] = ("overdue", None, None)
        else:
            outcome[c.commitment_id] = ("open", None, None)

    con.executemany(
        "UPDATE commitments SET status = ?, resolved_by = ?, resolved_on = ? WHERE commitment_id = ?",
        [[s, by, on, cid] for cid, (s, by, on) in outcome.items()],
    )
    counts: dict[str, int] = defaultdict(int)
    for s, _, _ in outcome.values():
        counts[s] += 1
    return dict(counts)
