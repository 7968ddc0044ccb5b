"""Stopping an ingest cleanly: Ctrl-C and SIGTERM ask it to stop at the next safe point.

A signal that raised straight away would land inside whatever was running, a DuckDB
statement included, and DuckDB turns that into a failed statement in an aborted
transaction. So the first Ctrl-C (or SIGTERM) only records the request; the ingest stops
between batches, once the batch in hand is committed or dropped whole, and the worker
processes are stopped. A second Ctrl-C stops at once (the open transaction is rolled
back). Either way what was committed stays, and rerunning the same command continues.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any


class StopRequest:
    """Install with :meth:`install` (main thread only); ``check()`` raises KeyboardInterrupt
    once a stop was asked for."""

    def __init__(self, on_request: Callable[[], None] | None = None) -> None:
        self.requested = False
        self.forced = False
        self.on_request = on_request
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            self.forced = True
            raise KeyboardInterrupt
        self.requested = True
        if self.on_request is not None:
            self.on_request()

    def install(self) -> StopRequest:
        for sig in (signal.SIGINT, signal.SIGTERM):
            current = signal.getsignal(sig)
            if sig == signal.SIGINT and current == signal.SIG_IGN:
                continue  # a background job: Ctrl-C is not meant for it
            self._previous[sig] = current
            signal.signal(sig, self._handle)
        return self

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def check(self) -> None:
        """At a safe point: stop here if asked to."""
        if self.requested:
            raise KeyboardInterrupt

    def __enter__(self) -> StopRequest:
        return self.install()

    def __exit__(self, *exc: object) -> None:
        self.restore()
