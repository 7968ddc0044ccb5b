"""Aggregates over the event store: time series, the dyad network, places, actors, commitments,
one event with all its mentions, and store statistics.

Each function takes a DuckDB connection (a ``Store.con`` or a per-request cursor of it)
and, where events are counted, an :class:`EventFilter`, so the counts honour exactly the
filters ``eventmill query`` and ``GET /events`` apply. ``Store`` (Python) and the HTTP API
both call these; results are pandas DataFrames or plain dicts.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from eventmill.errors import ConfigError
from eventmill.store.query import EventFilter, like_pattern
from eventmill.store.rows import row_to_contract

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

INTERVALS = ("day", "week", "month", "year")
GROUPINGS = ("none", "dyad", "type", "quad", "actor", "country", "precision")
DATE_FIELDS = ("date", "pub_date")
COMMITMENT_STATUSES = ("open", "fulfilled", "overdue", "broken", "superseded")

# by= grouping -> the columns that name a series
_GROUP_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "none": (),
    "dyad": (("actor_code", "actor"), ("recipient_code", "recipient")),
    "type": (("event", "event"),),
    "quad": (("quad_code", "quad_code"),),
    "actor": (("actor_code", "actor"),),
    "country": (("actor_country", "country"),),
    "precision": (("date_precision", "precision"),),
}


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ConfigError(f"{name}={value!r}: use one of {', '.join(allowed)}")
    return value


def _unpaged(flt: EventFilter) -> EventFilter:
    """The filter's selection without its order, limit, offset or cursor."""
    return dataclasses.replace(flt, order="date", descending=False, limit=None, offset=0, after=None)


def timeseries(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter | None = None,
    *,
    interval: str = "week",
    by: str = "none",
    on: str = "date",
    normalize: bool = False,
    top: int | None = None,
    fill: bool = True,
) -> pd.DataFrame:
    """Event counts and Goldstein sums per period (and per series when ``by`` is set).

    ``interval``: day, week (ISO weeks, labelled by their Monday), month or year.
    ``by``: none, dyad (actor and recipient codes), type (PLOVER type), quad (quad
    class), actor (actor code), country (actor country) or precision (how precisely the
    event date is known: day, month, year ...; an event dated by its story has none). ``on``: ``date`` (the event
    date, else the publication date) or ``pub_date``. ``top`` keeps the series with the
    most events. ``fill`` adds the periods without events as zeros, between the first
    and last period (or ``since``/``until`` when set). ``normalize`` adds ``documents``
    (coded documents published in the period, from ``doc_counts``) and ``normalized``
    (events per document; null where no document was published): the honest denominator
    for news volume, most meaningful with ``on="pub_date"``, since historical events
    fall in periods with few documents.
    """
    flt = _unpaged(flt or EventFilter())
    _choice("interval", interval, INTERVALS)
    _choice("by", by, GROUPINGS)
    _choice("on", on, DATE_FIELDS)
    if top is not None and top < 1:
        raise ConfigError("top must be >= 1")
    day_sql = "coalesce(date, pub_date)" if on == "date" else "pub_date"
    period = f"CAST(date_trunc('{interval}', {day_sql}) AS DATE)"
    group = _GROUP_COLUMNS[by]
    keys = [alias for _, alias in group]
    key_select = "".join(f", {col} AS {alias}" for col, alias in group)
    where, params = flt.where()
    # A series needs its key: events without an actor (say) are not a dyad.
    key_filter = "".join(f" AND {col} IS NOT NULL" for col, _ in group)
    sql = f"""
        WITH ev AS (
            SELECT {period} AS period{key_select}, goldstein, num_mentions
            FROM event_table WHERE {where} AND {day_sql} IS NOT NULL{key_filter}
        ),
        counts AS (
            SELECT period{"".join(f", {k}" for k in keys)}, count(*) AS events,
                   CAST(sum(num_mentions) AS BIGINT) AS mentions,
                   round(coalesce(sum(goldstein), 0), 4) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean
            FROM ev GROUP BY ALL
        )"""
    if keys:
        ranked = f"SELECT {', '.join(keys)} FROM counts GROUP BY ALL ORDER BY sum(events) DESC, {', '.join(keys)}"
        if top:
            ranked += f" LIMIT {int(top)}"
        sql += f", series AS ({ranked})"
    else:
        sql += ", series AS (SELECT 1 AS _one)"
    if fill:
        lo = f"DATE '{_trunc(flt.since, interval)}'" if flt.since else "(SELECT min(period) FROM counts)"
        hi = f"DATE '{flt.until.isoformat()}'" if flt.until else "(SELECT max(period) FROM counts)"
        sql += f""",
        periods AS (
            SELECT CAST(p AS DATE) AS period
            FROM range(CAST({lo} AS TIMESTAMP), CAST({hi} AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 {interval}) t(p)
        ),
        grid AS (SELECT * FROM periods CROSS JOIN series)"""
    else:
        sql += ", grid AS (SELECT DISTINCT c.* EXCLUDE (events, mentions, goldstein_sum, goldstein_mean) "
        sql += f"FROM counts c {'SEMI JOIN series USING (' + ', '.join(keys) + ')' if keys else ''})"
    join_keys = ", ".join(["period", *keys])
    select_keys = ", ".join(f"g.{k}" for k in ["period", *keys])
    sql += f"""
        SELECT {select_keys}, coalesce(c.events, 0) AS events, coalesce(c.mentions, 0) AS mentions,
               coalesce(c.goldstein_sum, 0) AS goldstein_sum, c.goldstein_mean
        FROM grid g LEFT JOIN counts c USING ({join_keys})"""
    if normalize:
        docs = (
            f"SELECT CAST(date_trunc('{interval}', day) AS DATE) AS period, CAST(sum(n_coded) AS BIGINT) AS documents "
            "FROM doc_counts WHERE day IS NOT NULL GROUP BY 1"
        )
        sql = f"""
            WITH base AS ({sql}), docs AS ({docs})
            SELECT base.*, coalesce(docs.documents, 0) AS documents,
                   CASE WHEN coalesce(docs.documents, 0) > 0 THEN base.events / docs.documents END AS normalized
            FROM base LEFT JOIN docs USING (period)"""
    sql = f"SELECT * FROM ({sql}) ORDER BY {', '.join(['period', *keys])}"
    df = con.execute(sql, params).df()
    if "_one" in df.columns:
        df = df.drop(columns="_one")
    return df


def _trunc(day: date, interval: str) -> str:
    """The first day of the period holding ``day`` (ISO weeks start on Monday)."""
    if interval == "week":
        return date.fromordinal(day.toordinal() - day.weekday()).isoformat()
    if interval == "month":
        return day.replace(day=1).isoformat()
    if interval == "year":
        return day.replace(month=1, day=1).isoformat()
    return day.isoformat()


def dyads(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter | None = None,
    *,
    level: str = "code",
    min_events: int = 1,
    limit: int | None = None,
    source: tuple[str, str, list[Any]] | None = None,
) -> pd.DataFrame:
    """The weighted actor network: one row per directed (actor, recipient) pair.

    ``level``: ``code`` (CAMEO-style actor codes, IRQGOV) or ``country``. Weights:
    ``events``, ``mentions``, Goldstein sum and mean, and the events per quad class.
    Joint events count once in each direction (the CAMEO convention, PRODUCT.md).
    ``source`` (table, where, params) reads rows already selected instead (``breakdown``).
    """
    _choice("level", level, ("code", "country"))
    if min_events < 1:
        raise ConfigError("min_events must be >= 1")
    a, r = ("actor_code", "recipient_code") if level == "code" else ("actor_country", "recipient_country")
    table, where, params = source or ("event_table", *_unpaged(flt or EventFilter()).where())
    sql = f"""
        SELECT {a} AS actor, {r} AS recipient, count(*) AS events, CAST(sum(num_mentions) AS BIGINT) AS mentions,
               round(coalesce(sum(goldstein), 0), 4) AS goldstein_sum, round(avg(goldstein), 4) AS goldstein_mean,
               count(*) FILTER (WHERE quad_code = 1) AS quad1, count(*) FILTER (WHERE quad_code = 2) AS quad2,
               count(*) FILTER (WHERE quad_code = 3) AS quad3, count(*) FILTER (WHERE quad_code = 4) AS quad4,
               min(coalesce(date, pub_date)) AS first_date, max(coalesce(date, pub_date)) AS last_date
        FROM {table}
        WHERE {where} AND {a} IS NOT NULL AND {r} IS NOT NULL
        GROUP BY ALL HAVING count(*) >= ?
        ORDER BY events DESC, actor, recipient"""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, [*params, min_events]).df()


def places(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter | None = None,
    *,
    limit: int | None = 2000,
    source: tuple[str, str, list[Any]] | None = None,
) -> pd.DataFrame:
    """Event locations in the filtered events: one row per place (name, coordinates,
    country, precision) with its events per quad class and first and last date, most
    events first. What a map draws: a store of 100,000 events has a few thousand places.
    Events whose location has no coordinates are left out. ``source`` as for ``dyads``."""
    table, where, params = source or ("event_table", *_unpaged(flt or EventFilter()).where())
    sql = f"""
        SELECT loc_name AS name, loc_lat AS lat, loc_lon AS lon, loc_country AS country,
               loc_precision AS precision, count(*) AS events,
               count(*) FILTER (WHERE quad_code = 1) AS quad1, count(*) FILTER (WHERE quad_code = 2) AS quad2,
               count(*) FILTER (WHERE quad_code = 3) AS quad3, count(*) FILTER (WHERE quad_code = 4) AS quad4,
               min(coalesce(date, pub_date)) AS first_date, max(coalesce(date, pub_date)) AS last_date
        FROM {table}
        WHERE {where} AND loc_lat IS NOT NULL AND loc_lon IS NOT NULL
        GROUP BY ALL
        ORDER BY events DESC, name, lat, lon"""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()


def actors(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter | None = None,
    *,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> pd.DataFrame:
    """Actors (by CAMEO-style code) in the filtered events, busiest first: the most
    frequent name, country and sector under the code, events as actor and as recipient,
    first and last date. ``q`` matches a code prefix or a substring of a name."""
    flt = _unpaged(flt or EventFilter())
    where, params = flt.where()
    side = """SELECT {p}_code AS code, {p}_name AS name, {p}_country AS country, {p}_sector AS sector,
                     '{p}' AS role, coalesce(date, pub_date) AS day
              FROM event_table WHERE {where} AND {p}_code IS NOT NULL"""
    sql = f"""
        WITH sides AS ({side.format(p="actor", where=where)} UNION ALL {side.format(p="recipient", where=where)})
        SELECT code, mode(name) AS name, mode(country) AS country, mode(sector) AS sector,
               count(*) AS events, count(*) FILTER (WHERE role = 'actor') AS as_actor,
               count(*) FILTER (WHERE role = 'recipient') AS as_recipient,
               min(day) AS first_date, max(day) AS last_date
        FROM sides GROUP BY code"""
    all_params = [*params, *params]
    if q:
        sql += " HAVING starts_with(code, ?) OR bool_or(name ILIKE ? ESCAPE '\\')"
        all_params += [q.upper(), like_pattern(q)]
    sql += f" ORDER BY events DESC, code LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, all_params).df()


COMMITMENT_ORDERS = ("deadline", "made_on", "status", "actor", "intended")
_COMMITMENT_SORT = {
    "deadline": "c.deadline",
    "made_on": "c.made_on",
    "status": "c.status",
    "actor": "c.actor_code",
    "intended": "c.intended",
}


def commitments(
    con: duckdb.DuckDBPyConnection,
    *,
    status: str | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    party: str | None = None,
    exact: bool = False,
    country: str | None = None,
    intended: str | None = None,
    since: date | None = None,
    until: date | None = None,
    due_after: date | None = None,
    due_before: date | None = None,
    order: str = "deadline",
    limit: int = 100,
    offset: int = 0,
) -> pd.DataFrame:
    """Commitments (promises and announced actions) with their evidence: the story, the
    sentence and its text. Codes match by prefix (whole codes with ``exact``), as the event
    filters do; ``party`` is either side; ``country`` the actor's, the recipient's or the
    place's country; ``since``/``until`` bound the day the promise was made, ``due_*`` the
    deadline. ``order``: deadline (default), made_on, status, actor or intended; ``-`` in
    front for descending; missing values sort last."""
    if status is not None:
        _choice("status", status, COMMITMENT_STATUSES)
    key = _choice("order", order.lstrip("-"), COMMITMENT_ORDERS)
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    match = "{} = ?" if exact else "starts_with({}, ?)"
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if actor:
        clauses.append(match.format("c.actor_code"))
        params.append(actor.upper())
    if recipient:
        clauses.append(match.format("c.recipient_code"))
        params.append(recipient.upper())
    if party:
        clauses.append(f"({match.format('c.actor_code')} OR {match.format('c.recipient_code')})")
        params += [party.upper()] * 2
    if country:
        clauses.append("(m.actor_country = ? OR m.recipient_country = ? OR m.loc_country = ?)")
        params += [country.upper()] * 3
    if intended:
        clauses.append("c.intended = ?")
        params.append(intended.upper())
    for bound, clause in (
        (since, "coalesce(c.made_on, d.pub_date) >= ?"),
        (until, "coalesce(c.made_on, d.pub_date) <= ?"),
        (due_after, "c.deadline >= ?"),
        (due_before, "c.deadline <= ?"),
    ):
        if bound:
            clauses.append(clause)
            params.append(bound)
    direction = "DESC" if order.startswith("-") else "ASC"
    sort = f"{_COMMITMENT_SORT[key]} {direction} NULLS LAST, c.deadline NULLS LAST, c.made_on, c.commitment_id"
    sql = f"""
        SELECT c.*, m.doc_id AS story_id, m.sentence, m.event_text, d.url, d.source, d.pub_date,
               m.actor_name, m.actor_country, m.recipient_name, m.recipient_country,
               substr(d.text, m.start_char + 1, m.end_char - m.start_char) AS evidence
        FROM commitments c
        JOIN event_mentions m ON m.mention_id = c.mention_id
        JOIN documents d ON d.doc_id = m.doc_id
        WHERE {" AND ".join(clauses)}
        ORDER BY {sort}
        LIMIT {int(limit)} OFFSET {int(offset)}"""
    return con.execute(sql, params).df()


def _sides(where: str, table: str = "event_table", names: bool = True) -> str:
    """Each event once per distinct party on it (an actor acting on itself counts once):
    ``event_id``, ``code``, ``country``, ``sector`` and (``names``) ``name``. Takes the WHERE
    clause's parameters twice."""
    a_name, r_name = ("actor_name AS name, ", "recipient_name, ") if names else ("", "")
    return f"""
        SELECT event_id, actor_code AS code, {a_name}actor_country AS country, actor_sector AS sector
        FROM {table} WHERE {where} AND actor_code IS NOT NULL
        UNION ALL
        SELECT event_id, recipient_code, {r_name}recipient_country, recipient_sector
        FROM {table} WHERE {where} AND recipient_code IS NOT NULL AND recipient_code IS DISTINCT FROM actor_code"""


def _names(con: duckdb.DuckDBPyConnection, flt: EventFilter, codes: list[str]) -> dict[str, str | None]:
    """The name each code most often stands for in the filtered events."""
    if not codes:
        return {}
    where, params = flt.where()
    rows = con.execute(
        f"SELECT code, mode(name) FROM ({_sides(where)}) WHERE list_contains(?, code) GROUP BY code",
        [*params, *params, codes],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


# what breakdown reads of each event
_BREAKDOWN_COLUMNS = (
    "event_id, event, quad_code, aux, "
    + ", ".join(f"{side}_{c}" for side in ("actor", "recipient") for c in ("code", "country", "sector"))
    + ", loc_name, loc_lat, loc_lon, loc_country, loc_precision"
)
_QUADS = ", ".join(f"count(*) FILTER (WHERE quad_code = {q}) AS quad{q}" for q in (1, 2, 3, 4))


def breakdown(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *, limit: int = 8) -> dict[str, Any]:
    """What the filtered events are made of, for a reader choosing the next filter.

    ``total``: the events. ``top``: the busiest actors (events with the code on either side,
    each event once), directed pairs of codes, event types and places. ``facets``: the
    events per value of each list filter (``event``, ``quad``, ``aux``, ``sector``) under
    the *other* filters, so a list's counts say what ticking one more value would add;
    ``aux`` counts negated events too. Every count is what the matching filter selects:
    ``party`` with ``exact`` for an actor, ``actor`` and ``recipient`` with ``exact`` for a
    pair, ``event`` for a type.

    The events are read once, in one statement: each row with a flag per selection (the
    filter, and the filter without a list's own values, where that differs), every list
    counted from those rows.
    """
    flt = _unpaged(flt or EventFilter())
    views = {
        "all": flt,
        "event": dataclasses.replace(flt, event=[]),
        "quad": dataclasses.replace(flt, quad_code=[]),
        "aux": dataclasses.replace(flt, aux=[], include_negated=True),
        "sector": dataclasses.replace(flt, sector=None),
    }
    # a flag per distinct selection: a list the filter leaves free is counted under the filter itself
    flags: dict[str, str] = {}
    distinct: dict[tuple[str, tuple[Any, ...]], str] = {}
    params: list[Any] = []
    for key, view in views.items():
        where, p = view.where()
        flag = distinct.setdefault((where, tuple(p)), f"f_{key}")
        flags[key] = flag
        if flag == f"f_{key}":
            params += p
    columns = ", ".join(f"({where}) AS {flag}" for (where, _), flag in distinct.items())
    n = int(limit)

    def facet(key: str, value: str) -> str:
        return (f"SELECT '{key}' AS kind, CAST({value} AS VARCHAR) AS k1, count(*) AS n FROM b "
                f"WHERE {flags[key]} GROUP BY 2")

    def unnested(key: str, values: str) -> str:
        return (f"SELECT '{key}' AS kind, v AS k1, count(*) AS n FROM (SELECT unnest(list_distinct({values})) AS v "
                f"FROM b WHERE {flags[key]}) WHERE v IS NOT NULL GROUP BY v")

    parts = [
        "SELECT 'total' AS kind, count(*) AS n FROM b WHERE f_all",
        f"SELECT 'type' AS kind, event AS k1, count(*) AS n FROM b WHERE f_all AND event IS NOT NULL "
        f"GROUP BY event ORDER BY n DESC, event LIMIT {n}",
        f"SELECT 'actor' AS kind, code AS k1, mode(country) AS k2, count(*) AS n "
        f"FROM ({_sides('f_all', 'b', names=False)}) GROUP BY code ORDER BY n DESC, code LIMIT {n}",
        f"SELECT 'dyad' AS kind, actor_code AS k1, recipient_code AS k2, count(*) AS n, {_QUADS} FROM b "
        f"WHERE f_all AND actor_code IS NOT NULL AND recipient_code IS NOT NULL GROUP BY ALL "
        f"ORDER BY n DESC, k1, k2 LIMIT {n}",
        f"SELECT 'place' AS kind, loc_name AS k1, loc_country AS k2, loc_precision AS k3, loc_lat AS lat, "
        f"loc_lon AS lon, count(*) AS n FROM b WHERE f_all AND loc_lat IS NOT NULL AND loc_lon IS NOT NULL "
        f"GROUP BY ALL ORDER BY n DESC, k1, lat, lon LIMIT {n}",
        facet("event", "event"),
        facet("quad", "quad_code"),
        unnested("aux", "aux"),
        unnested("sector", "[actor_sector, recipient_sector]"),
    ]
    sql = (f"WITH b AS MATERIALIZED (SELECT * FROM (SELECT {_BREAKDOWN_COLUMNS}, {columns} FROM event_table) "
           f"WHERE {' OR '.join(distinct.values())}) "
           + " UNION ALL BY NAME ".join(f"SELECT * FROM ({part})" for part in parts))
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description or []]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    by: dict[str, list[dict[str, Any]]] = {}
    for row in rows:  # each part's rows keep their order
        by.setdefault(row["kind"], []).append(row)
    import pandas as pd

    actors = by.get("actor", [])
    named = _names(con, flt, [a["k1"] for a in actors])
    top = {
        "actors": pd.DataFrame([{"code": a["k1"], "name": named.get(a["k1"]), "country": a["k2"], "events": a["n"]}
                                for a in actors], columns=["code", "name", "country", "events"]),
        "dyads": pd.DataFrame([{"actor": d["k1"], "recipient": d["k2"], "events": d["n"],
                                **{f"quad{q}": d[f"quad{q}"] for q in (1, 2, 3, 4)}} for d in by.get("dyad", [])],
                              columns=["actor", "recipient", "events", "quad1", "quad2", "quad3", "quad4"]),
        "types": pd.DataFrame([{"event": t["k1"], "events": t["n"]} for t in by.get("type", [])],
                              columns=["event", "events"]),
        "places": pd.DataFrame([{"name": p["k1"], "lat": p["lat"], "lon": p["lon"], "country": p["k2"],
                                 "precision": p["k3"], "events": p["n"]} for p in by.get("place", [])],
                               columns=["name", "lat", "lon", "country", "precision", "events"]),
    }
    facets = {
        key: {str(r["k1"]): int(r["n"]) for r in sorted(
            (r for r in by.get(key, []) if r["k1"] is not None), key=lambda r: (-r["n"], str(r["k1"])))}
        for key in ("event", "quad", "aux", "sector")
    }
    total = by["total"][0]["n"] if by.get("total") else 0
    return {"total": int(total), "top": top, "facets": facets}


def node_counts(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, ids: list[str], *, level: str = "code"
) -> dict[str, dict[str, Any]]:
    """For network nodes: the events a click on each selects, and for a code the name it
    most often stands for. A click on a code keeps its events on either side in place of the
    code filters (``party`` with ``exact``; ``actor``, ``recipient`` and ``party`` give way);
    a click on a country keeps that country's (``country``: actor, recipient or place) in place
    of the country filter. The other filters stay, so these counts are what the click shows."""
    if not ids:
        return {}
    if level == "code":
        base = dataclasses.replace(_unpaged(flt), actor=None, recipient=None, party=None, exact=False)
        where, params = base.where()
        sql = f"""SELECT code, count(*), mode(name) FROM ({_sides(where)})
                  WHERE list_contains(?, code) GROUP BY code"""
        params = [*params, *params]
    else:
        where, params = dataclasses.replace(_unpaged(flt), country=None).where()
        sql = f"""SELECT c, count(DISTINCT event_id), NULL FROM (
                    SELECT event_id, unnest([actor_country, recipient_country, loc_country]) AS c
                    FROM event_table WHERE {where}) WHERE list_contains(?, c) GROUP BY c"""
    return {r[0]: {"events": int(r[1]), "name": r[2]} for r in con.execute(sql, [*params, ids]).fetchall()}


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _highlights(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Spans to highlight in the evidence sentence, offsets relative to its start."""
    start, end = row.get("start_char"), row.get("end_char")
    if start is None or end is None:
        return []
    out = []
    for role, s_col, e_col in (
        ("trigger", "trigger_start", "trigger_end"),
        ("actor", "actor_start", "actor_end"),
        ("recipient", "recipient_start", "recipient_end"),
        ("location", "loc_start", "loc_end"),
    ):
        s, e = row.get(s_col), row.get(e_col)
        if s is not None and e is not None and start <= s < e <= end:
            out.append({"role": role, "start": s - start, "end": e - start})
    return out


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event (the output contract, with its merge counts) and every mention of it,
    each with its evidence sentence and the spans to highlight; None if unknown."""
    cur = con.execute("SELECT * FROM event_table WHERE event_id = ?", [event_id])
    rows = _rows(cur)
    if not rows:
        return None
    event = row_to_contract(rows[0])
    cur = con.execute(
        """SELECT m.*, d.url, d.source, d.pub_date, d.title,
                   substr(d.text, m.start_char + 1, m.end_char - m.start_char) AS _evidence
            FROM event_mentions m JOIN documents d ON d.doc_id = m.doc_id
            WHERE m.event_id = ?
            ORDER BY d.pub_date NULLS LAST, m.doc_id, m.sentence, m.start_char, m.mention_id""",
        [event_id],
    )
    mentions = []
    for row in _rows(cur):
        mention = row_to_contract(row)
        mention["mention_id"] = row["mention_id"]
        mention["title"] = row.get("title")
        mention["evidence"] = {
            "text": row["_evidence"],
            "start": row.get("start_char"),
            "end": row.get("end_char"),
            "highlights": _highlights(row),
        }
        mentions.append(mention)
    event["mentions"] = mentions
    return event


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Document and event counts, for a quick look and for normalising by news volume."""
    (n_docs, n_coded, n_dup, n_other, first, last) = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE status='coded'), count(*) FILTER (WHERE status='duplicate'), "
        "count(*) FILTER (WHERE status NOT IN ('coded','duplicate')), min(pub_date), max(pub_date) FROM documents"
    ).fetchone() or (0, 0, 0, 0, None, None)
    (n_mentions,) = con.execute("SELECT count(*) FROM event_mentions").fetchone() or (0,)
    (n_events,) = con.execute("SELECT count(*) FROM events").fetchone() or (0,)
    by_type = dict(con.execute("SELECT event, count(*) FROM event_table GROUP BY 1 ORDER BY 2 DESC").fetchall())
    return {
        "documents": n_docs,
        "coded": n_coded,
        "duplicates": n_dup,
        "skipped": n_other,
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
        "event_mentions": n_mentions,
        "events": n_events,
        "events_by_type": by_type,
    }
