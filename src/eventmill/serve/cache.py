"""Answers to repeated reads, from memory, while the store cannot change.

A read-only server (``eventmill serve`` without ``--token``) holds its database file so no
other process can write it: the same request always gets the same answer. The web app asks
the same questions again and again (clearing the filters returns to the first view; back
and forward step through views already seen), so the JSON answers of the aggregate
endpoints are kept, least recently used first out, within a memory budget. A writing
server (``--token``) keeps nothing: an ingest may change any answer.

This is plain ASGI middleware: it sees the path and the raw query string, replays the
status, headers and body it recorded, and records only complete 200 answers.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# the JSON reads worth keeping: each scans the events; their answers are small
CACHED_PATHS = frozenset({
    "/events", "/timeseries", "/dyads", "/places", "/actors", "/breakdown", "/commitments", "/names", "/vocabulary",
})
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY = 4 * 1024 * 1024


class ResponseCache:
    """ASGI middleware keeping the answers to GETs of ``paths`` (least recently used out)."""

    def __init__(self, app: ASGIApp, paths: frozenset[str] = CACHED_PATHS, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.paths = paths
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[tuple[str, bytes, bytes], tuple[Message, bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        accept = next((v for k, v in scope.get("headers", ()) if k == b"accept"), b"")
        key = (scope["path"], scope.get("query_string", b""), accept)
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            await send(hit[0])
            await send({"type": "http.response.body", "body": hit[1], "more_body": False})
            return
        start: Message | None = None
        parts: list[bytes] = []
        size = 0

        async def recording(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                size += len(chunk)
                if size <= MAX_ENTRY:
                    parts.append(chunk)
            await send(message)

        await self.app(scope, receive, recording)
        if start is None or start.get("status") != 200 or size > MAX_ENTRY:
            return
        body = b"".join(parts)
        earlier = self.entries.pop(key, None)  # asked twice at once: keep one copy
        if earlier is not None:
            self.size -= len(earlier[1])
        self.entries[key] = (start, body)
        self.size += len(body)
        while self.size > self.max_bytes and self.entries:
            _, (_, old) = self.entries.popitem(last=False)
            self.size -= len(old)
