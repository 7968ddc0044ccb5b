"""The merge rule applied to the store as documents arrive, inside the writing transaction.

New mentions are written under their own ids; :func:`recluster` then reads, for each block
(type, dyad, modes, intended action) they touch, the stored mentions in the few days
around them where the rule could change anything (:data:`~eventmill.merge.LOOK_BEHIND`
before, :data:`~eventmill.merge.LOOK_AHEAD` after), re-runs the rule there, moves the
mentions whose event changed, and rewrites the ``events`` rows (counts, first-seen date)
and the ``commitments`` rows of the events concerned. Memory and time per batch depend on
the batch and on how busy its dyads are, never on the size of the store.

Because the rule is a function of the set of mentions (see :mod:`eventmill.merge`), the
store ends up the same whatever order documents are written in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import duckdb

from eventmill.merge import (
    LOOK_AHEAD,
    LOOK_BEHIND,
    REPORT_LAG_DAYS,
    WEEK_DAYS,
    Block,
    Mention,
    cluster,
    inherited_place,
)

ACTOR_ROOT = "coalesce(m.actor_country, m.actor_code)"
RECIPIENT_ROOT = "coalesce(m.recipient_country, m.recipient_code)"
_FIELDS = f"""m.mention_id, m.event_id, m.doc_id, m.event, {ACTOR_ROOT}, {RECIPIENT_ROOT}, m.aux, m.intended,
             m.date, m.date_precision, d.pub_date, m.confidence, m.sentence, m.trigger_start,
             m.loc_country, m.loc_admin1, m.loc_lat, m.loc_lon, m.loc_precision, m.actor_code, m.recipient_code,
             m.loc_start, m.start_char, m.end_char"""

# A publisher: the stated source, else the URL's host; documents with neither count as one
# unnamed publisher, so num_sources never inflates.
PUBLISHER_SQL = (
    "coalesce(nullif(lower(trim(d.source)), ''), "
    "nullif(regexp_extract(lower(d.url), '^[a-z][a-z0-9+.-]*://(?:www[.])?([^/:?#]+)', 1), ''), '')"
)


def _mention(row: tuple[Any, ...]) -> tuple[Mention, str]:
    (mid, eid, doc_id, event, actor, recipient, aux, intended, day, precision, pub_date, conf, sentence, start,
     country, admin1, lat, lon, loc_precision, actor_code, recipient_code, loc_start, sent_start, sent_end) = row
    m = Mention(
        mention_id=mid,
        doc_id=doc_id,
        event=event,
        actor=actor,
        recipient=recipient,
        aux=tuple(aux or ()),
        intended=intended,
        day=day,
        precision=precision,
        pub_date=pub_date,
        confidence=conf or 0.0,
        sentence=sentence or 0,
        start=start or 0,
        loc_country=country,
        loc_admin1=admin1,
        loc_lat=lat,
        loc_lon=lon,
        loc_precision=loc_precision,
        actor_code=actor_code,
        recipient_code=recipient_code,
        loc_inherited=inherited_place(loc_start, sent_start, sent_end),
    )
    return m, eid


def _ranges(new: Sequence[Mention]) -> list[tuple[Block, date, date]]:
    """Per block, the runs of new dates (split where far enough apart to be independent)."""
    days: dict[Block, set[date]] = defaultdict(set)
    for m in new:
        if m.block is not None and m.day is not None:
            days[m.block].add(m.day)
    out = []
    gap = timedelta(days=LOOK_BEHIND + LOOK_AHEAD + 1)
    for block, ds in days.items():
        ordered = sorted(ds)
        lo = hi = ordered[0]
        for d in ordered[1:]:
            if d - hi > gap:
                out.append((block, lo, hi))
                lo = d
            hi = d
        out.append((block, lo, hi))
    return out


def _affected(m: Mention, ranges: dict[Block, list[tuple[date, date]]]) -> bool:
    """Could new mentions dated in these ranges change this stored mention's event?"""
    if m.block is None or m.day is None:
        return False
    for lo, hi in ranges.get(m.block, ()):
        if m.floating:
            if lo - timedelta(days=WEEK_DAYS) <= m.day <= hi + timedelta(days=REPORT_LAG_DAYS):
                return True
        elif lo <= m.day <= hi:
            return True
    return False


def _stored_in(con: duckdb.DuckDBPyConnection, ranges: list[tuple[Block, date, date]]) -> list[tuple[Any, ...]]:
    """The stored mentions of these blocks from :data:`LOOK_BEHIND` days before to
    :data:`LOOK_AHEAD` days after each range: every mention the rule could group with them."""
    if not ranges:
        return []
    frame = [
        (ev, actor or None, recipient or None, aux, intended or None,
         lo - timedelta(days=LOOK_BEHIND), hi + timedelta(days=LOOK_AHEAD))
        for (ev, actor, recipient, aux, intended), lo, hi in ranges
    ]
    columns = [list(c) for c in zip(*frame)]  # one list per column: unnest() zips them back into rows
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _merge_ranges AS SELECT unnest(?::VARCHAR[]) AS event, "
        "unnest(?::VARCHAR[]) AS actor, unnest(?::VARCHAR[]) AS recipient, unnest(?::VARCHAR[]) AS aux, "
        "unnest(?::VARCHAR[]) AS intended, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi",
        columns,
    )
    lo_all = min(r[5] for r in frame)
    hi_all = max(r[6] for r in frame)
    rows = con.execute(
        f"""SELECT DISTINCT {_FIELDS}
            FROM event_mentions m
            JOIN _merge_ranges r
              ON m.event = r.event
             AND {ACTOR_ROOT} IS NOT DISTINCT FROM r.actor
             AND {RECIPIENT_ROOT} IS NOT DISTINCT FROM r.recipient
             AND array_to_string(list_sort(m.aux), ',') = r.aux
             AND m.intended IS NOT DISTINCT FROM r.intended
             AND m.date BETWEEN r.lo AND r.hi
            JOIN documents d ON d.doc_id = m.doc_id
            WHERE m.date BETWEEN ? AND ?""",
        [lo_all, hi_all],
    ).fetchall()
    con.execute("DROP TABLE _merge_ranges")
    return rows


def _mentions_of(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    return con.execute(
        f"SELECT {_FIELDS} FROM event_mentions m JOIN documents d ON d.doc_id = m.doc_id "
        "WHERE m.doc_id IN (SELECT unnest(?))",
        [list(doc_ids)],
    ).fetchall()


def neighbours(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> list[str]:
    """The other documents with mentions the rule could have grouped with these documents'
    stored mentions. When those mentions are taken out (the documents are coded anew), the
    neighbours' mentions are merged again, so no event keeps a mention that is gone."""
    rows = _mentions_of(con, doc_ids)
    ranges = _ranges([_mention(r)[0] for r in rows])
    own = set(doc_ids)
    return sorted({r[2] for r in _stored_in(con, ranges)} - own)


def recluster(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], also: Sequence[str] = ()) -> int:
    """Merge the mentions of these (just written) documents into the stored events.

    Runs inside the caller's transaction. ``also`` names events to recount as well (those
    that lost mentions when documents were coded anew). Returns the number of events rewritten.
    """
    new_rows = _mentions_of(con, doc_ids) if doc_ids else []
    if not new_rows:
        if also:
            _rewrite_events(con, sorted(set(also)))
        return len(set(also))
    current: dict[str, str] = {}
    new: list[Mention] = []
    for row in new_rows:
        m, eid = _mention(row)
        new.append(m)
        current[m.mention_id] = eid
    ranges = _ranges(new)
    by_block: dict[Block, list[tuple[date, date]]] = defaultdict(list)
    for block, lo, hi in ranges:
        by_block[block].append((lo, hi))
    stored: list[Mention] = []
    seen = {m.mention_id for m in new}
    for row in _stored_in(con, ranges):
        m, eid = _mention(row)
        if m.mention_id not in seen:
            stored.append(m)
            current[m.mention_id] = eid
    assigned = cluster([*new, *stored])
    reassign = [m.mention_id for m in new] + [m.mention_id for m in stored if _affected(m, by_block)]
    changes = [(mid, assigned[mid]) for mid in reassign if assigned[mid] != current[mid]]
    touched = {assigned[mid] for mid in reassign} | {current[mid] for mid, _ in changes} | set(also)
    if changes:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _merge_moves AS "
            "SELECT unnest(?::VARCHAR[]) AS mention_id, unnest(?::VARCHAR[]) AS event_id",
            [[mid for mid, _ in changes], [eid for _, eid in changes]],
        )
        con.execute(
            "UPDATE event_mentions SET event_id = v.event_id FROM _merge_moves v "
            "WHERE event_mentions.mention_id = v.mention_id"
        )
        con.execute("DROP TABLE _merge_moves")
    _rewrite_events(con, sorted(touched))
    return len(touched)


def _rewrite_events(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> None:
    """Recount these events from their mentions (the event id is its representative
    mention's id) and bring their commitments in line."""
    con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [event_ids])
    con.execute(
        f"""INSERT INTO events (event_id, mention_id, first_seen, num_mentions, num_articles, num_sources)
            SELECT m.event_id, m.event_id, min(d.pub_date), count(*), count(DISTINCT m.doc_id),
                   count(DISTINCT {PUBLISHER_SQL})
            FROM event_mentions m JOIN documents d ON d.doc_id = m.doc_id
            WHERE m.event_id IN (SELECT unnest(?))
            GROUP BY m.event_id""",
        [event_ids],
    )
    # One commitment per merged event that promises or announces an action; its status is
    # re-derived after each run (store/commitments.py), so a rewritten row keeps its status.
    con.execute(
        """DELETE FROM commitments WHERE event_id IN (SELECT unnest(?))
           AND commitment_id NOT IN (
               SELECT e.event_id FROM events e JOIN event_mentions m ON m.mention_id = e.mention_id
               WHERE e.event_id IN (SELECT unnest(?)) AND m.intended IS NOT NULL)""",
        [event_ids, event_ids],
    )
    con.execute(
        """INSERT INTO commitments (commitment_id, event_id, mention_id, actor_code, recipient_code, event, intended,
                                    made_on, deadline, status)
           SELECT e.event_id, e.event_id, e.mention_id, m.actor_code, m.recipient_code, m.event, m.intended,
                  coalesce(m.date, e.first_seen),
                  coalesce(m.deadline, (SELECT min(x.deadline) FROM event_mentions x WHERE x.event_id = e.event_id)),
                  'open'
           FROM events e JOIN event_mentions m ON m.mention_id = e.mention_id
           WHERE e.event_id IN (SELECT unnest(?)) AND m.intended IS NOT NULL
           ON CONFLICT (commitment_id) DO UPDATE SET
               event_id = excluded.event_id, mention_id = excluded.mention_id, actor_code = excluded.actor_code,
               recipient_code = excluded.recipient_code, event = excluded.event, intended = excluded.intended,
               made_on = excluded.made_on, deadline = excluded.deadline""",
        [event_ids],
    )
