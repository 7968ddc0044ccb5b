"""The web app's server side, without a browser: the page and its files, the endpoints the
app reads (/places, /vocabulary, /stats' code access), who may code a text, and that every
asset ships in the package. tests/test_web.py drives the app itself in Chromium."""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventmill.serve import create_app
from eventmill.serve.web import CONTENT_SECURITY_POLICY, WEB_DIR
from tests.synthetic_store import build_store

from .conftest import ROOT

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
LOCAL = ("127.0.0.1", 50123)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "events.duckdb")


@pytest.fixture(scope="module")
def client(db_file: Path):
    with TestClient(create_app(db_file)) as c:
        yield c


# ----------------------------------------------------------------------------- the page


def test_a_browser_gets_the_app_and_an_api_client_the_index(client):
    page = client.get("/", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert '<script type="module" src="web/js/main.js"></script>' in page.text
    for accept in ("application/json", "*/*", "application/json, text/html"):
        index = client.get("/", headers={"Accept": accept})
        assert index.headers["content-type"].startswith("application/json"), accept
        assert "/places" in index.json()["endpoints"]


def test_the_policy_allows_this_server_only():
    policy = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no other host
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def _module_graph() -> set[str]:
    """Every file the page loads: its stylesheet and scripts, and what the scripts import."""
    index = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    todo = re.findall(r'(?:src|href)="web/([^"]+)"', index)
    seen: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        if rel.endswith(".js"):
            base = posixpath.dirname(rel)
            for target in re.findall(r'^import .*? from "(\.{1,2}/[^"]+)";', (WEB_DIR / rel).read_text(), re.M | re.S):
                todo.append(posixpath.normpath(posixpath.join(base, target)))
    return seen


def test_every_file_the_page_loads_is_served(client):
    graph = _module_graph()
    assert {"app.css", "js/main.js", "js/map.js", "basemap.js", "js/state.js"} <= graph
    for rel in sorted(graph):
        r = client.get(f"/web/{rel}")
        assert r.status_code == 200, rel
        kind = "text/css" if rel.endswith(".css") else "javascript"
        assert kind in r.headers["content-type"], (rel, r.headers["content-type"])
    assert client.get("/web/nothing-here.js").status_code == 404


def test_no_asset_comes_from_another_host():
    for path in sorted(WEB_DIR.rglob("*")):
        if path.suffix not in (".html", ".js", ".css"):
            continue
        text = path.read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), f"{path.name} refers to another host"


def test_the_basemap_states_its_source_and_licence():
    head = (WEB_DIR / "basemap.js").read_text(encoding="utf-8")[:1000].lower()
    assert "source: natural earth" in head and "licence:" in head and "public domain" in head


def test_the_wheel_carries_every_web_file():
    """setuptools ships what [tool.setuptools.package-data] globs, relative to the package."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["eventmill"]
    package = ROOT / "src" / "eventmill"
    shipped = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    web_files = {p for p in (package / "web").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert web_files and web_files <= shipped, sorted(str(p) for p in web_files - shipped)


# ----------------------------------------------------------------------------- endpoints


def test_places_count_the_events_at_each_place(client):
    events = client.get("/events", params={"limit": 1000}).json()["events"]
    expected = Counter(
        (e["event_loc"]["name"], e["event_loc"]["lat"], e["event_loc"]["lon"])
        for e in events
        if e["event_loc"] and e["event_loc"]["lat"] is not None
    )
    places = client.get("/places").json()["places"]
    assert {(p["name"], p["lat"], p["lon"]): p["events"] for p in places} == dict(expected)
    assert all(p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"] for p in places)
    assert {p["precision"] for p in places} >= {"city", "landmark"}


def test_places_take_the_event_filters(client):
    only_kenya = client.get("/places", params={"party": "KEN"}).json()["places"]
    assert [(p["name"], p["events"]) for p in only_kenya] == [("Nairobi", 2)]
    assert client.get("/places", params={"bbox": "170,-10,175,10"}).json()["places"] == []
    assert client.get("/places", params={"quad": 9}).status_code == 422


def test_vocabulary_names_the_codes(client):
    v = client.get("/vocabulary").json()
    assert v["countries"]["KEN"] == "Kenya" and v["countries"]["XKX"] == "Kosovo"
    assert v["quad_classes"] == {"1": "verbal cooperation", "2": "material cooperation", "3": "verbal conflict",
                                 "4": "material conflict"}
    assert v["sectors"]["MIL"].startswith("military") and v["cameo"]["190"]
    assert "ASSAULT" in v["event_types"] and "future" in v["aux_modes"]


# ----------------------------------------------------------------------------- who may code a text


def test_code_access_depends_on_where_the_request_comes_from(db_file):
    app = create_app(db_file)
    with TestClient(app) as remote, TestClient(app, base_url="http://127.0.0.1:8000", client=LOCAL) as local:
        assert remote.get("/stats").json()["code"] == "off"
        assert local.get("/stats").json()["code"] == "open"
        # a proxy on the same machine forwards remote users: not local
        assert local.get("/stats", headers={"X-Forwarded-For": "203.0.113.9"}).json()["code"] == "off"
        # another site's name rebound to 127.0.0.1 sends its own Host: not local
        assert local.get("/stats", headers={"Host": "evil.example:8000"}).json()["code"] == "off"
        r = local.post("/code", json={"text": "x"}, headers={"Host": "evil.example:8000"})
        assert r.status_code == 403 and "--token" in r.json()["detail"]
        assert remote.post("/code", json={"text": "x"}).status_code == 403


def test_a_local_request_codes_without_the_token(db_file, tmp_path):
    text = "Kenya and Ethiopia agreed on Monday to reopen the border."
    with TestClient(create_app(db_file), base_url="http://localhost:8000", client=LOCAL) as local:
        r = local.post("/code", json={"text": text, "date": "2026-03-10"})
    assert r.status_code == 200, r.text
    assert {e["event"] for e in r.json()["events"]} == {"AGREE"}


def test_with_a_token_a_remote_request_needs_it(db_file, tmp_path):
    path = tmp_path / "rw.duckdb"
    path.write_bytes(db_file.read_bytes())
    with TestClient(create_app(path, token="T0k3n")) as remote:
        assert remote.get("/stats").json()["code"] == "token"
        r = remote.post("/code", json={"text": "x"})
        assert r.status_code == 401
