"""serve: the REST API over the event store (``eventmill serve``).

``create_app(db, token=None)`` builds the FastAPI application (OpenAPI at
``/openapi.json``, interactive docs at ``/docs``, served from files shipped with the
package, no CDN); :func:`run` serves it with uvicorn. docs/serve.md describes the
endpoints and how serving and ingesting share a database file.
"""

from __future__ import annotations

from pathlib import Path

from eventmill.serve.app import create_app

__all__ = ["create_app", "run"]


def run(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the API until interrupted."""
    import uvicorn

    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="info")
