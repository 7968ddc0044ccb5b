"""The FastAPI application: read endpoints over the store, write endpoints behind a token.

Every read goes through the same code as the CLI and the Python API: ``EventFilter``
(``store/query.py``) for the event filters and ``store/aggregate.py`` for aggregates. Each
request reads on its own DuckDB cursor, so requests run in parallel threads without
sharing a connection; writes (``POST /ingest``) and the coder (``POST /code``) take a
lock, since DuckDB allows one writer and the spaCy pipeline is not made for threads.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline

from eventmill import __version__
from eventmill.errors import ConfigError, StoreError
from eventmill.records import AUX_MODES, PLOVER_TYPES
from eventmill.serve import downloads, guard, models, names, web
from eventmill.serve.convert import records
from eventmill.store import Store, aggregate
from eventmill.store.query import SORTABLE, EventFilter
from eventmill.store.rows import row_to_contract
from eventmill.store.schema import SCHEMA_VERSION

MAX_PAGE = 1000
# the store's integers are 64-bit: a larger offset or count is a 422, not a database error (a 500)
MAX_DB_INT = 2**62
_log = logging.getLogger("eventmill.serve")
_bearer = HTTPBearer(auto_error=False, description="The token given to `eventmill serve --token`.")


class _State:
    """What the app holds: the store, the token, and the locks for writing and coding."""

    def __init__(self, store: Store, token: str | None) -> None:
        self.store = store
        self.token = token
        self.write_lock = threading.Lock()
        self.code_lock = threading.Lock()


def _state(request: Request) -> _State:
    state: _State = request.app.state.eventmill
    return state


def _connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own for each request (DuckDB connections are not shared across threads)."""
    cur = _state(request).store.cursor()
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(_connection)]


def _require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    token = _state(request).token
    if token is None:
        raise HTTPException(
            403, "this server is read-only; start it with `eventmill serve --token T` to enable POST /code and /ingest"
        )
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            401,
            "missing or wrong bearer token; send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _require_token_unless_local(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """``POST /code`` stores nothing: a request from this machine may code without the token
    (the web app's "Code a text" on a local server); any other needs it."""
    if not web.is_local(request):
        _require_token(request, credentials)


def _code_access(request: Request) -> str:
    """How this client may use ``POST /code``: open (local), token, or off (read-only server)."""
    if web.is_local(request):
        return "open"
    return "token" if _state(request).token is not None else "off"


def event_filter(
    actor: Annotated[str | None, Query(description="Actor code prefix, e.g. IRQ or IRQGOV.")] = None,
    recipient: Annotated[str | None, Query(description="Recipient code prefix.")] = None,
    party: Annotated[str | None, Query(description="Actor or recipient code prefix.")] = None,
    exact: Annotated[
        bool, Query(description="actor, recipient and party match whole codes, not prefixes (IRQ: only IRQ).")
    ] = False,
    country: Annotated[str | None, Query(description="ISO3 country of actor, recipient or location.")] = None,
    actor_country: Annotated[str | None, Query(description="ISO3 country of the actor.")] = None,
    recipient_country: Annotated[str | None, Query(description="ISO3 country of the recipient.")] = None,
    sector: Annotated[str | None, Query(description="Sector of actor or recipient, e.g. GOV, MIL, REB.")] = None,
    event: Annotated[list[str] | None, Query(description=f"PLOVER type (repeat): {', '.join(PLOVER_TYPES)}.")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO code prefix, e.g. 19 or 042.")] = None,
    quad: Annotated[list[int] | None, Query(description="Quad class 1-4 (repeat).")] = None,
    aux: Annotated[list[str] | None, Query(description=f"Auxiliary mode (repeat): {', '.join(AUX_MODES)}.")] = None,
    with_negated: Annotated[bool, Query(description="Include negated events (left out by default).")] = False,
    since: Annotated[date | None, Query(description="Event date (else publication date) on or after.")] = None,
    until: Annotated[date | None, Query(description="Event date (else publication date) on or before.")] = None,
    bbox: Annotated[
        str | None, Query(description="Event location within west,south,east,north (degrees), e.g. 35,29,49,38.")
    ] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only events this confident.")] = None,
    text: Annotated[
        str | None, Query(min_length=1, description="Substring of the evidence sentence, trigger or parties.")
    ] = None,
    story: Annotated[str | None, Query(description="Only events from this story id.")] = None,
) -> EventFilter:
    """The event filters every event endpoint shares (validated by EventFilter)."""
    return EventFilter.from_kwargs(
        actor=actor,
        recipient=recipient,
        party=party,
        exact=exact,
        country=country,
        actor_country=actor_country,
        recipient_country=recipient_country,
        sector=sector,
        event=event or [],
        cameo=cameo,
        quad_code=quad or [],
        aux=aux or [],
        include_negated=with_negated,
        since=since,
        until=until,
        bbox=bbox,
        min_confidence=min_confidence,
        text=text,
        story_id=story,
    )


Filters = Annotated[EventFilter, Depends(event_filter)]


def _newest_story(con: duckdb.DuckDBPyConnection) -> date:
    """The store's "today": the newest story's publication date (the real today when empty)."""
    row = con.execute("SELECT max(pub_date) FROM documents").fetchone()
    return row[0] if row and row[0] else date.today()


def _error_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        where = f"{loc[0]} parameter '{'.'.join(loc[1:])}'" if len(loc) > 1 else ".".join(loc) or "request"
        if loc and loc[0] == "body":
            where = f"body field '{'.'.join(loc[1:])}'" if len(loc) > 1 else "request body"
        parts.append(f"{where}: {err.get('msg')}")
    return "; ".join(parts) or "invalid request"


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    max_body: int | None = None,
    cache_mb: int | None = None,
    in_memory: bool = True,
) -> FastAPI:
    """The eventmill HTTP API over the database file ``db``.

    Without ``token`` the file is opened read-only (other readers may share it) and the
    write endpoints answer 403. With one, it is opened for writing and ``POST /code``
    and ``POST /ingest`` accept requests carrying ``Authorization: Bearer <token>``.
    Request bodies over ``max_body`` bytes (default :data:`~eventmill.serve.guard.MAX_BODY`)
    get 413; the other guards are described in ``serve/guard.py``. Read answers are kept in
    a cache of ``cache_mb`` MB (``serve/cache.py``; 0 turns it off). A read-only server holds
    the joined events in memory (``in_memory``; :meth:`Store.hold_events_in_memory`).
    """
    if token is not None and not token.strip():
        raise ConfigError("--token must not be empty")
    store = Store(db, read_only=token is None, in_memory=in_memory)
    if store.attached:
        store.hold_events_in_memory()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPIOffline(
        lifespan=lifespan,
        dependencies=[Depends(guard.known_parameters)],  # unknown query parameters: 400, on every endpoint
        title="eventmill",
        version=__version__,
        summary="Political event data (PLOVER/CAMEO) from news, each event traceable to its sentence.",
        description="Read endpoints are open; `POST /code` and `POST /ingest` need the server's bearer token. "
        "Event filters mean the same as in `eventmill query` and `eventmill.open(db).events()`.",
    )
    app.state.eventmill = _State(store, token)

    @app.exception_handler(ConfigError)
    async def _bad_value(request: Request, exc: ConfigError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse({"detail": _error_message(exc), "errors": errors}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(duckdb.Error)
    async def _db(request: Request, exc: duckdb.Error) -> JSONResponse:
        # the database's own words stay in the server's log: they may show its internals
        _log.error("database error on %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": "database error while answering; the server's log has the details"},
                            status_code=500)

    _routes(app)
    web.mount(app)
    guard.install(app, max_body, cache_mb)
    return app


def _routes(app: FastAPI) -> None:
    @app.get("/", summary="What this server offers (a browser gets the web app)")
    def index(request: Request) -> Response:
        if web.wants_html(request):
            return web.index_page()
        st = _state(request)
        return JSONResponse({
            "name": "eventmill",
            "version": __version__,
            "database": Path(st.store.path).name,
            "read_only": st.token is None,
            "docs": "/docs",
            "openapi": "/openapi.json",
            "endpoints": [
                "/events",
                "/events.csv",
                "/events.jsonl",
                "/events.tsv",
                "/events.parquet",
                "/events/{id}",
                "/timeseries",
                "/dyads",
                "/places",
                "/actors",
                "/names",
                "/breakdown",
                "/commitments",
                "/stats",
                "/vocabulary",
                "POST /code",
                "POST /ingest",
            ],
            "web_app": "open / in a browser",
        })

    @app.get("/events", response_model=models.EventsPage, summary="Events, filtered, sorted, paged by cursor")
    def events(
        request: Request,
        con: Con,
        flt: Filters,
        order: Annotated[
            str, Query(description=f"Sort key: {', '.join(SORTABLE)}; prefix - for descending, e.g. -date.")
        ] = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page.")] = 100,
        cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
        total: Annotated[bool, Query(description="Also count every event the filters select.")] = False,
    ) -> JSONResponse:
        flt.order, flt.limit, flt.after = order, limit + 1, cursor
        flt.validate()
        sql, params = flt.sql(with_cursor=True, row_key=_state(request).store.row_key)
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description or []]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
        more = len(rows) > limit
        rows = rows[:limit]
        body: dict[str, Any] = {
            "events": [row_to_contract(r) for r in rows],
            "next_cursor": flt.cursor(rows[-1]) if more and rows else None,
            "limit": limit,
        }
        if total:
            where, wparams = flt.where()
            counted = con.execute(f"SELECT count(*) FROM event_table WHERE {where}", wparams).fetchone()
            body["total"] = counted[0] if counted else 0
        return JSONResponse(body)

    def download(ext: str) -> Any:
        # (no closure variables in the annotations: FastAPI evaluates them in the module's namespace)
        def handler(
            request: Request,
            flt: Filters,
            fmt: Annotated[
                str | None,
                Query(alias="format", description="csv, jsonl or plover-jsonl, gdelt-tsv or icews-tsv, parquet."),
            ] = None,
            order: Annotated[
                str, Query(description=f"Sort key: {', '.join(SORTABLE)}; prefix - for descending.")
            ] = "date",
            with_text: Annotated[bool, Query(description="Add each event's evidence sentence (not in TSV).")] = False,
            header: Annotated[bool, Query(description="gdelt-tsv: a header row (GDELT files have none).")] = False,
        ) -> Response:
            flt.order = order
            flt.validate()
            chosen = downloads.choose_format(ext, fmt)
            return downloads.download(_state(request).store, flt, chosen, with_text=with_text, header=header)

        return handler

    for ext, formats in downloads.EXTENSIONS.items():
        app.get(
            f"/events.{ext}",
            summary=f"The filtered events as a download: {', '.join(formats)} (as `eventmill export`)",
            response_class=Response,
            responses={200: {"content": {downloads.MEDIA_TYPES[f].split(";")[0]: {} for f in formats}}},
        )(download(ext))

    @app.get(
        "/events/{event_id}",
        response_model=models.EventDetail,
        summary="One event with every mention and its evidence sentence",
        responses={404: {"model": models.Error}},
    )
    def event(con: Con, event_id: str) -> JSONResponse:
        detail = aggregate.event_detail(con, event_id)
        if detail is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return JSONResponse(detail)

    @app.get("/timeseries", response_model=models.TimeSeries, summary="Event counts and Goldstein sums per period")
    def timeseries(
        con: Con,
        flt: Filters,
        interval: Literal["day", "week", "month", "year"] = "week",
        by: Annotated[
            Literal["none", "dyad", "type", "quad", "actor", "country", "precision"],
            Query(description="One series per ... (precision: how precisely the event date is known)"),
        ] = "none",
        on: Annotated[
            Literal["date", "pub_date"], Query(description="Count by event date (else pub date) or by pub date.")
        ] = "date",
        normalize: Annotated[
            bool, Query(description="Add documents per period and events per document (doc_counts).")
        ] = False,
        top: Annotated[int | None, Query(ge=1, le=1000, description="Keep the series with most events.")] = None,
        fill: Annotated[bool, Query(description="Add periods without events as zeros.")] = True,
    ) -> JSONResponse:
        df = aggregate.timeseries(con, flt, interval=interval, by=by, on=on, normalize=normalize, top=top, fill=fill)
        return JSONResponse({"interval": interval, "by": by, "on": on, "normalize": normalize, "series": records(df)})

    @app.get("/dyads", response_model=models.Network, summary="The weighted actor network")
    def dyads(
        con: Con,
        flt: Filters,
        level: Annotated[Literal["code", "country"], Query(description="Nodes are actor codes or countries.")] = "code",
        min_events: Annotated[int, Query(ge=1, le=MAX_DB_INT, description="Leave out pairs with fewer events.")] = 1,
        limit: Annotated[int, Query(ge=1, le=10000, description="At most this many edges, heaviest first.")] = 500,
    ) -> JSONResponse:
        edges = records(aggregate.dyads(con, flt, level=level, min_events=min_events, limit=limit))
        nodes: dict[str, dict[str, Any]] = {}
        for e in edges:
            for side, key in (("actor", "events_as_actor"), ("recipient", "events_as_recipient")):
                node = nodes.setdefault(e[side], {"id": e[side], "events_as_actor": 0, "events_as_recipient": 0})
                node[key] += e["events"]
        # what a click on a node selects, counted over every filtered event (not only the pairs drawn)
        counts = aggregate.node_counts(con, flt, list(nodes), level=level)
        for node_id, node in nodes.items():
            node["events"] = counts.get(node_id, {}).get("events", 0)
            node["name"] = counts.get(node_id, {}).get("name")
        return JSONResponse({"level": level, "nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edges})

    @app.get("/places", response_model=models.Places, summary="Event locations with their event counts")
    def places(
        con: Con,
        flt: Filters,
        limit: Annotated[int, Query(ge=1, le=10000, description="At most this many places, busiest first.")] = 2000,
    ) -> JSONResponse:
        return JSONResponse({"places": records(aggregate.places(con, flt, limit=limit))})

    @app.get("/actors", response_model=models.Actors, summary="Actors in the filtered events, busiest first")
    def actors(
        con: Con,
        flt: Filters,
        q: Annotated[str | None, Query(min_length=1, description="Code prefix or part of a name.")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_DB_INT)] = 0,
    ) -> JSONResponse:
        return JSONResponse({"actors": records(aggregate.actors(con, flt, q=q, limit=limit, offset=offset))})

    @app.get("/names", summary="Codes for a name: what the actor and country boxes suggest")
    def name_lookup(
        request: Request,
        con: Con,
        q: Annotated[str, Query(min_length=1, max_length=200, description="A name or a code, e.g. Iran or Kadhimi.")],
        kind: Annotated[
            Literal["actor", "country"], Query(description="Suggest actor codes or ISO3 countries.")
        ] = "actor",
        on: Annotated[
            date | None, Query(description="Resolve the name as of this day (default: the newest story's date).")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=50, description="At most this many suggestions.")] = 10,
    ) -> JSONResponse:
        day = on or _newest_story(con)
        return JSONResponse(names.lookup(con, q, kind, day, limit=limit))

    @app.get("/breakdown", summary="The filtered events by actor, pair, type and place; counts per filter value")
    def breakdown(
        con: Con,
        flt: Filters,
        limit: Annotated[int, Query(ge=1, le=100, description="Entries in each top list.")] = 8,
    ) -> JSONResponse:
        body = aggregate.breakdown(con, flt, limit=limit)
        body["top"] = {k: records(v) for k, v in body["top"].items()}
        return JSONResponse(body)

    @app.get("/commitments", response_model=models.Commitments, summary="Promises and announced actions")
    def commitments(
        con: Con,
        status: Literal["open", "fulfilled", "overdue", "broken", "superseded"] | None = None,
        actor: Annotated[str | None, Query(description="Actor code prefix.")] = None,
        recipient: Annotated[str | None, Query(description="Recipient code prefix.")] = None,
        party: Annotated[str | None, Query(description="Actor or recipient code prefix.")] = None,
        exact: Annotated[bool, Query(description="actor, recipient and party match whole codes.")] = False,
        country: Annotated[str | None, Query(description="ISO3 country of actor, recipient or place.")] = None,
        intended: Annotated[str | None, Query(description="PLOVER type of the promised action.")] = None,
        since: Annotated[date | None, Query(description="Promise made on or after.")] = None,
        until: Annotated[date | None, Query(description="Promise made on or before.")] = None,
        due_after: Annotated[date | None, Query(description="Deadline on or after.")] = None,
        due_before: Annotated[date | None, Query(description="Deadline on or before.")] = None,
        order: Annotated[
            str,
            Query(description=f"Sort key: {', '.join(aggregate.COMMITMENT_ORDERS)}; prefix - for descending."),
        ] = "deadline",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_DB_INT)] = 0,
    ) -> JSONResponse:
        if intended and intended.upper() not in PLOVER_TYPES:
            raise ConfigError(f"intended={intended!r} is not a PLOVER type; use one of {', '.join(PLOVER_TYPES)}")
        if since and until and since > until:
            raise ConfigError(f"since ({since}) is after until ({until})")
        df = aggregate.commitments(
            con,
            status=status,
            actor=actor,
            recipient=recipient,
            party=party,
            exact=exact,
            country=country,
            intended=intended,
            since=since,
            until=until,
            due_after=due_after,
            due_before=due_before,
            order=order,
            limit=limit,
            offset=offset,
        )
        return JSONResponse({"commitments": records(df)})

    @app.get("/vocabulary", summary="Names of the codes: PLOVER types, quad classes, modes, CAMEO, sectors, countries")
    def vocabulary() -> JSONResponse:
        from eventmill.serve.vocabulary import vocabulary

        return JSONResponse(vocabulary())

    @app.get("/stats", response_model=models.Stats, summary="Document and event counts")
    def stats(request: Request, con: Con) -> JSONResponse:
        body = aggregate.stats(con)
        body["schema_version"] = SCHEMA_VERSION
        body["read_only"] = _state(request).token is None
        body["code"] = _code_access(request)
        return JSONResponse(body)

    @app.post(
        "/code",
        response_model=models.CodeResponse,
        summary="Code a text into events (needs the token, except from this machine)",
        dependencies=[Depends(_require_token_unless_local), Depends(guard.code_slot)],
        responses={401: {"model": models.Error}, 403: {"model": models.Error}},
    )
    def code(request: Request, body: models.CodeRequest) -> JSONResponse:
        import eventmill

        with _state(request).code_lock:
            events = eventmill.code(
                body.text, date=body.date, id=body.id, title=body.title, source=body.source, url=body.url
            )
        return JSONResponse({"events": events})

    @app.post(
        "/ingest",
        response_model=models.IngestResponse,
        summary="Code documents into the database (needs the token)",
        dependencies=[Depends(_require_token), Depends(guard.code_slot)],
        responses={401: {"model": models.Error}, 403: {"model": models.Error}},
    )
    def ingest(request: Request, body: models.IngestRequest) -> JSONResponse:
        import eventmill
        from eventmill.ingest import ReadOptions
        from eventmill.ingest.readers import read_jsonl
        from eventmill.jobs import Report, documents_of, ingest_documents

        st = _state(request)
        # The records go through the JSON Lines reader, so each is checked exactly as a
        # file would be and a bad one is reported by number while the rest are stored.
        lines = b"".join(json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n" for d in body.documents)
        report = Report()
        items = read_jsonl(io.BytesIO(lines), "POST /ingest record", ReadOptions())
        with st.write_lock, st.code_lock:
            ingest_documents(
                documents_of(items, report), st.store, eventmill.get_pipeline(), report, inputs=["POST /ingest"]
            )
        return JSONResponse(
            {
                "read": report.read,
                "coded": report.coded,
                "events": report.events,
                "skipped": report.skipped,
                "problems": report.problems,
            }
        )
