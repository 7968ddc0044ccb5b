"""serve: the REST API over the event store (``eventmill serve``).

``create_app(db, token=None)`` builds the FastAPI application (OpenAPI at
``/openapi.json``, interactive docs at ``/docs``, served from files shipped with the
package, no CDN); :func:`run` serves it with uvicorn. docs/serve.md describes the
endpoints and how serving and ingesting share a database file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eventmill.errors import ConfigError
from eventmill.serve.app import create_app

__all__ = ["create_app", "run"]


def run(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    max_body: int | None = None,
    cache_mb: int | None = None,
    in_memory: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Serve the API until interrupted. The database is opened and the port bound first, so
    a held database or a port in use is said at once, in one line; ``on_ready`` is called
    once the server is accepting requests."""
    import socket

    import uvicorn

    app = create_app(db, token=token, max_body=max_body, cache_mb=cache_mb, in_memory=in_memory)
    try:
        sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot listen on {host}:{port} ({reason}); is another server using the port? "
                          "choose another with --port") from exc

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and on_ready is not None:
                on_ready()

    with sock:
        _Server(uvicorn.Config(app, log_level="info")).run(sockets=[sock])
