"""What stands between the network and the endpoints: bounded request bodies, strict query
parameters, a cap on concurrent coding, and the security headers on every response.

These are middleware and dependencies, not code in each endpoint, so that an endpoint
added later is guarded the same way without a line of its own:

- **Bodies** (:class:`BodyLimit`): a request whose ``Content-Length`` is over the bound is
  answered 413 before a byte of its body is read; a body sent without a length (chunked)
  is counted as it arrives and refused with 413 the moment it passes the bound. Nothing
  is parsed before that.
- **Query parameters** (:func:`known_parameters`, a dependency of the whole app): a
  parameter the endpoint does not take gets 400 naming the ones it does, with the likely
  one first (``?type=ASSAULT`` -> ``event``; ``?from=`` -> ``since``), instead of being
  silently ignored and returning every event. The web app's page (``GET /``) keeps its
  state in the address, so it takes any.
- **Coding** (:func:`code_slot`): the coder runs one text at a time (spaCy is not made for
  threads); a few requests may wait their turn, and any beyond get 429 with
  ``Retry-After`` rather than piling up threads and memory.
- **Headers** (:class:`SecurityHeaders`): a Content-Security-Policy that allows scripts from
  this server only (the API docs pages' own inline scripts by their hashes, nothing
  else inline), ``nosniff``, no framing by other sites, no referrer.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
import threading
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import HTTPException
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventmill.ingest.common import size_text
from eventmill.serve.web import CONTENT_SECURITY_POLICY

MAX_BODY = 16 << 20
"""The largest request body by default (``eventmill serve --max-body``): a thousand
documents for POST /ingest, or a million-character text for POST /code, fit in it."""
CODE_WAITING = 4
"""Requests that may wait for the coder while it codes another; more get 429."""

# What people type for the parameters the event endpoints take (GDELT's, ACLED's and
# other APIs' names), so the 400 can say which one they meant.
GUESSES = {
    "type": "event", "types": "event", "event_type": "event", "eventtype": "event", "events": "event",
    "plover": "event", "code": "cameo", "from": "since", "start": "since", "start_date": "since",
    "date_from": "since", "after": "since", "begin": "since", "to": "until", "end": "until",
    "end_date": "until", "date_to": "until", "before": "until", "q": "text", "query": "text",
    "search": "text", "keyword": "text", "source": "actor", "target": "recipient", "iso": "country",
    "iso3": "country", "page_size": "limit", "per_page": "limit", "size": "limit", "n": "limit",
    "sort": "order", "order_by": "order", "sort_by": "order", "page": "cursor", "next": "cursor",
    "quad_class": "quad", "quadclass": "quad", "confidence": "min_confidence", "negated": "with_negated",
    "story_id": "story", "doc": "story", "doc_id": "story",
}
_OPEN_PATHS = ("/",)  # the web app's page keeps its view in the address

SCRIPT_SRC = "script-src 'self'"
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


class BodyTooLarge(HTTPException):
    """A request body past the bound (FastAPI passes an HTTPException raised while it reads
    the body on as it is: the client gets this 413, not a 400 about parsing)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {size_text(limit)}; send less at a time "
                              "(the server's --max-body)", headers={"Connection": "close"})


class BodyLimit:
    """ASGI middleware: request bodies over ``limit`` bytes get 413 without being read whole."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0 or size > self.limit:
                await _refuse(send, BodyTooLarge(self.limit) if size > self.limit else
                              HTTPException(400, "the Content-Length header is not a number"))
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, exc: HTTPException) -> None:
    import json

    body = json.dumps({"detail": exc.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: the security headers on every response. An HTML page without a
    policy of its own gets one that admits its own inline scripts by their sha256 (the
    API docs pages have one each) and no other inline script."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = _with_defaults(list(message.get("headers") or ()))
                message = {**message, "headers": headers}
                if _is_html(headers) and not _has(headers, b"content-security-policy"):
                    start = message  # hold it: the policy depends on the page's scripts
                    return
                await send(message)
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(chunks)
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers += [(b"content-security-policy", page_policy(page).encode()),
                            (b"content-length", str(len(page)).encode())]
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, sending)


def _has(headers: list[tuple[bytes, bytes]], name: bytes) -> bool:
    return any(k.lower() == name for k, _ in headers)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)


def _with_defaults(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = list(headers)
    for name, value in HEADERS.items():
        if not _has(out, name.encode()):
            out.append((name.encode(), value.encode()))
    if not _is_html(out) and not _has(out, b"content-security-policy"):
        # JSON, scripts, styles: nothing of theirs may run as a page or be framed
        out.append((b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"))
    return out


def page_policy(page: bytes) -> str:
    """The CSP for an HTML page that has none of its own (the API docs pages; the web app
    sends its own, stricter): this server's files, plus the page's own inline scripts by
    hash. Inline styles are allowed there: the docs viewers style themselves as they draw."""
    hashes = sorted({base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode()
                     for m in _INLINE_SCRIPT.finditer(page)})
    scripts = "".join(f" 'sha256-{h}'" for h in hashes)
    return CONTENT_SECURITY_POLICY.replace(SCRIPT_SRC, f"{SCRIPT_SRC}{scripts}").replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'")


# --------------------------------------------------------------------------- query parameters


_KNOWN: dict[int, tuple[str, ...]] = {}


def _known(route: APIRoute) -> tuple[str, ...]:
    """The query parameters an endpoint takes, its dependencies' included (the event filters)."""
    if id(route) in _KNOWN:
        return _KNOWN[id(route)]
    names: set[str] = set()
    todo = [route.dependant]
    while todo:
        dependant = todo.pop()
        names.update(p.alias for p in dependant.query_params)
        todo += dependant.dependencies
    _KNOWN[id(route)] = tuple(sorted(names))
    return _KNOWN[id(route)]


def suggestion(name: str, known: tuple[str, ...]) -> str | None:
    """The parameter someone who typed ``name`` most likely meant."""
    low = name.lower()
    if low in known:
        return low
    guess = GUESSES.get(low)
    if guess in known:
        return guess
    close = difflib.get_close_matches(low, known, n=1, cutoff=0.6)
    return close[0] if close else None


def known_parameters(request: Request) -> None:
    """A dependency of every endpoint: refuse query parameters it does not take (400)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or request.url.path in _OPEN_PATHS:
        return
    known = _known(route)
    unknown = [k for k in dict.fromkeys(request.query_params.keys()) if k not in known]
    if not unknown:
        return
    parts = []
    for name in unknown:
        meant = suggestion(name, known)
        parts.append(f"unknown query parameter '{name}'" + (f" (did you mean '{meant}'?)" if meant else ""))
    path = request.url.path
    takes = f"{path} takes: {', '.join(known)}" if known else f"{path} takes no query parameters"
    raise HTTPException(400, f"{'; '.join(parts)}; {takes}")


# --------------------------------------------------------------------------- coding


class CodeGate:
    """At most one coding request running and ``waiting`` more queued."""

    def __init__(self, waiting: int = CODE_WAITING) -> None:
        self.slots = threading.BoundedSemaphore(1 + waiting)
        self.waiting = waiting


def code_slot(request: Request) -> Iterator[None]:
    """A dependency of the coding endpoints: a place in the coder's queue, or 429."""
    gate: CodeGate = request.app.state.code_gate
    if not gate.slots.acquire(blocking=False):
        raise HTTPException(
            429, f"the coder is busy ({gate.waiting} requests are waiting already); retry in a few seconds",
            headers={"Retry-After": "5"},
        )
    try:
        yield
    finally:
        gate.slots.release()


def install(app: Any, max_body: int | None, cache_mb: int | None = None) -> None:
    """Put the guards around ``app`` (the query-parameter check is given to FastAPI as a
    dependency of the whole app when it is made), and the answer cache inside them."""
    from eventmill.serve.cache import DEFAULT_MB, AnswerCache

    app.state.code_gate = CodeGate()
    store = app.state.eventmill.store
    app.add_middleware(AnswerCache, writes=lambda: store.writes,
                       limit=(DEFAULT_MB if cache_mb is None else cache_mb) << 20)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=max_body or MAX_BODY)  # added last: the outermost
