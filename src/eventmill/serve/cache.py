"""A cache of the read endpoints' JSON answers.

Dashboards ask the same questions again and again (the week's time series, the network,
the map), and each answer is a scan of the event store. What a store holds changes only
when something writes it: a read-only server holds the file with a shared lock no writer
can take, so its answers stay true as long as it runs; a writing server forgets every
answer after each write (``POST /ingest``). So an answer can be kept and sent again.

An answer is kept with the store's count of writes when it was computed
(:attr:`~eventmill.store.Store.writes`) and sent again only while that count is the same,
whoever wrote. Only ``GET`` requests to the data endpoints are kept (not the page, whose answer depends on
who asks, nor ``/stats``, which says whether *this* client may code), keyed by path and
query string (parameters sorted) and ``Accept`` header (an endpoint may answer CSV), only
``200`` JSON answers up to :data:`MAX_ENTRY`, in a
least-recently-used store of ``limit`` bytes. ``eventmill serve --cache-mb 0`` turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PATHS = ("/events", "/timeseries", "/dyads", "/places", "/actors", "/breakdown", "/commitments", "/names",
                "/vocabulary")
MAX_ENTRY = 4 << 20
DEFAULT_MB = 64


class AnswerCache:
    """ASGI middleware: keep and resend the read endpoints' answers (see the module)."""

    def __init__(self, app: ASGIApp, writes: Callable[[], int], limit: int = DEFAULT_MB << 20) -> None:
        self.app = app
        self.writes = writes  # the store's count of writes: answers are true while it stays the same
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[tuple[str, str, bytes], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.generation = -1
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _key(self, scope: Scope) -> tuple[str, str, bytes] | None:
        path = scope.get("path", "")
        if scope.get("method") != "GET" or not any(path == p or path.startswith(p + "/") for p in CACHED_PATHS):
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        accept = next((v for k, v in scope.get("headers") or () if k == b"accept"), b"")
        return path, urlencode(sorted(parse_qsl(query, keep_blank_values=True))), accept

    def _current(self) -> int:
        """The store's write count; everything kept before a write is dropped (call with the lock)."""
        writes = self.writes()
        if writes != self.generation:
            self.entries.clear()
            self.size = 0
            self.generation = writes
        return writes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        with self.lock:
            generation = self._current()
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True

        async def sending(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = message
                content_type = dict(message.get("headers") or ()).get(b"content-type", b"")
                keep = message["status"] == 200 and content_type.startswith(b"application/json")
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_ENTRY:
                    keep = False
            await send(message)

        await self.app(scope, receive, sending)
        if keep and start is not None:
            body = b"".join(chunks)
            with self.lock:
                if self._current() != generation or key in self.entries:
                    return  # written meanwhile: this answer may be stale
                self.entries[key] = (start["status"], list(start.get("headers") or ()), body)
                self.size += len(body)
                while self.size > self.limit and self.entries:
                    _, (_, _, old) = self.entries.popitem(last=False)
                    self.size -= len(old)
