"""The web app's side of the server: its page at ``/`` and its files at ``/web/``.

The app is plain HTML, CSS and JavaScript modules shipped in ``eventmill/web`` (no build
step, no CDN: it works offline). ``GET /`` answers a browser (``Accept: text/html``) with
the app's page and anything else with the JSON index of the API, so ``curl /`` still
lists the endpoints. The page is sent with a Content-Security-Policy that allows scripts,
styles and requests from this server only: article text is always inserted as text, and
the policy is a second wall should that ever fail.

``is_local`` decides whether a request comes straight from this machine (not through a
proxy, nor through a DNS name rebound to it), which lets ``POST /code`` run without the
token on a local server: coding a pasted text stores nothing.
"""

from __future__ import annotations

import mimetypes
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

WEB_DIR = Path(str(resources.files("eventmill") / "web"))
# Browsers refuse a module script served as text/plain, which some systems' MIME tables give .js.
mimetypes.add_type("text/javascript", ".js")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_LOOPBACK = ("127.0.0.1", "::1")
_LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")
_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not an API client asking for JSON)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split(",")[0]


def index_page() -> FileResponse:
    """The app's page, with the headers that keep it to this server's own code."""
    return FileResponse(
        WEB_DIR / "index.html",
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


def is_local(request: Request) -> bool:
    """The request comes from this machine's loopback interface, directly, to a local name.

    A reverse proxy on the same machine forwards remote users from loopback too, so a
    request carrying proxy headers is not local; and a page of another site whose name
    was rebound to 127.0.0.1 sends its own Host, so the Host must be a local name.
    """
    client = request.client.host if request.client else ""
    if client not in _LOOPBACK or any(h in request.headers for h in _PROXY_HEADERS):
        return False
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in _LOCAL_NAMES


def mount(app: FastAPI) -> None:
    """Serve the app's files under ``/web/`` (scripts, styles, the basemap)."""
    app.mount("/web", StaticFiles(directory=WEB_DIR, check_dir=True), name="web")
