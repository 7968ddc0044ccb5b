"""The web app in a real browser: Debian's Chromium driven by Playwright, against a real
`eventmill serve` (uvicorn on a free port) over a store ingested from our example articles.

One server and one browser serve the whole module. Screenshots go to tmp/artefacts/web/
(EVENTMILL_ARTEFACTS to change it). The tests skip where Chromium or Playwright is missing,
unless EVENTMILL_BROWSER_TESTS=required (set by .ci/run), where they fail instead.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

import pytest

from .conftest import EXAMPLES, ROOT

CHROMIUM = os.environ.get("EVENTMILL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = Path(os.environ.get("EVENTMILL_ARTEFACTS", ROOT / "tmp" / "artefacts" / "web"))
WEB_ARTICLES = Path(__file__).with_name("web_articles.jsonl")

# A story whose title, source, url and text carry markup and script: all must show as text.
HOSTILE = {
    "id": "web-2026-04-15-estonia-hack",
    "date": "2026-04-15",
    "source": "<b>Bold</b> Wire",
    "url": "javascript:window.__pwned='url'",
    "title": "<img src=x onerror=\"window.__pwned='title'\">Estonia blames Russia",
    "text": "TALLINN - Estonia accused Russia on Tuesday of hacking the website of its foreign ministry, where the "
    "attackers posted <script>window.__pwned='text'</script> and <img src=x onerror=\"window.__pwned='img'\"> "
    "in place of the news page.\n\nRussia denied the accusation.",
}


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
    return None


_MISSING = _browser_missing()
if _MISSING and os.environ.get("EVENTMILL_BROWSER_TESTS") == "required":
    raise RuntimeError(f"browser tests are required here, but {_MISSING}")
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")


# ----------------------------------------------------------------------------- fixtures


@contextmanager
def serving(db: Path, token: str | None = None) -> Iterator[str]:
    """`eventmill serve` (uvicorn in a thread) on a free port of 127.0.0.1; yields its address."""
    import uvicorn

    from eventmill.serve import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """`eventmill ingest` of the example articles, the test stories and the hostile one."""
    from click.testing import CliRunner

    from eventmill.cli import main

    tmp = tmp_path_factory.mktemp("web")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = tmp / "events.duckdb"
    inputs = [str(EXAMPLES / "articles.jsonl"), str(WEB_ARTICLES), str(hostile)]
    result = CliRunner().invoke(main, ["ingest", *inputs, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[str]:
    """A read-only server, as `eventmill serve --db FILE` starts it."""
    with serving(database) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request) -> Iterator[Any]:
    """A fresh page; it fails the test on any script error or console error, and leaves a
    screenshot named after the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    pg.on("dialog", lambda d: (problems.append(f"a dialog opened: {d.message}"), d.dismiss()))
    pg.set_default_timeout(20_000)
    yield pg
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"))
    context.close()
    assert not problems, problems


def api(server: str, path: str, **params: Any) -> Any:
    query = urlencode(params, doseq=True)
    with urlopen(Request(f"{server}/{path}?{query}", headers={"Accept": "application/json"})) as r:
        return json.loads(r.read())


def total(server: str, **params: Any) -> int:
    return api(server, "events", total="true", limit=1, **params)["total"]


def open_app(page, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_selector("body[data-ready='1']")
    view = parse_qs(urlsplit(path).query).get("view", ["explore"])[0]
    if view == "explore":
        wait_for_table(page)
    elif view == "commitments":
        wait_for_commitments(page)


EXPLORE = ("#timeline", "#network", "#map", "#events")


def wait_for_table(page) -> None:
    """Until the table, the timeline, the network and the map show the current filters (each
    marks itself loading the moment the address changes, ready when drawn)."""
    for part in EXPLORE:
        page.wait_for_selector(f"{part}[data-state='ready']", state="attached")


def wait_for_commitments(page) -> None:
    page.wait_for_selector("#commitments[data-state='ready']", state="attached")


def shown_count(page) -> int:
    return int(page.get_attribute("#events", "data-total"))


def readme_picture(page, name: str, top: str | None = None, through: str | None = None, width: int = 1280,
                   height: int = 860) -> None:
    """A picture for the README (tmp/artefacts/web/readme/; docs/web.md says how the
    committed copies in docs/images/ are made from them): the window at a fixed size, or
    the page from the top of `top` down to the bottom of `through`."""
    folder = ARTEFACTS / "readme"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    wait_for_table(page)
    clip = None
    if top and through:
        page.locator(top).scroll_into_view_if_needed()
        a, b = page.locator(top).bounding_box(), page.locator(through).bounding_box()
        clip = {"x": a["x"], "y": a["y"], "width": a["width"], "height": b["y"] + b["height"] - a["y"]}
    page.screenshot(path=str(folder / name), clip=clip)
    page.set_viewport_size({"width": 1400, "height": 1000})


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ----------------------------------------------------------------------------- tests


def test_first_view_shows_every_part(page, server):
    open_app(page)
    readme_picture(page, "overview.png", width=1760, height=1040)  # wide: network and map side by side
    everything = total(server)
    stats = api(server, "stats")
    assert shown_count(page) == everything > 50
    negated = total(server, aux="negated")
    note = f" ({negated} negated left out)" if negated else ""
    assert page.inner_text("#event-count") == f"{everything} events{note}"
    assert f"from {stats['coded']} stories" in page.inner_text("#summary")
    assert page.locator("#events-table tbody tr.event-row").count() == 50
    page.click("button.more")
    page.wait_for_function(f"() => document.querySelectorAll('#events-table tr.event-row').length === {everything}")
    assert page.locator("button.more").is_hidden()
    assert page.locator("svg.timeline rect.bar").count() > 10
    assert page.locator("svg.network g.node").count() == len(api(server, "dyads", limit=40)["nodes"])
    assert page.locator("svg.worldmap path.country").count() > 170
    assert page.locator("svg.worldmap g.marker").count() >= 5


def test_filter_by_actor_changes_the_counts(page, server):
    open_app(page)
    everything = shown_count(page)
    page.fill("#f-actor", "ken")
    page.press("#f-actor", "Enter")
    page.wait_for_function("() => location.search.includes('actor=KEN')")
    wait_for_table(page)
    kenya = total(server, actor="KEN")
    assert 0 < kenya < everything
    assert shown_count(page) == kenya
    assert query(page)["actor"] == ["KEN"]
    actors = page.locator("#events-table tr.event-row td:nth-child(4)").all_inner_texts()
    assert len(actors) == kenya and all(a.startswith("KEN") for a in actors)
    # the other views follow the same filter
    nodes = set(page.locator("svg.network g.node").evaluate_all("ns => ns.map(n => n.dataset.id)"))
    assert nodes == {n["id"] for n in api(server, "dyads", actor="KEN", limit=40)["nodes"]}
    # the address is the state: a reload (or a shared link) shows the same
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    wait_for_table(page)
    assert page.input_value("#f-actor") == "KEN" and shown_count(page) == kenya
    page.click("button.chip")
    wait_for_table(page)
    assert "actor" not in query(page) and shown_count(page) == everything


def test_open_an_event_to_see_its_highlighted_evidence(page, server):
    open_app(page, "/?order=-num_mentions")
    merged = api(server, "events", order="-num_mentions", limit=1)["events"][0]
    assert merged["num_mentions"] >= 2, "the example articles report one meeting twice"
    row = page.locator("#events-table tr.event-row").first
    assert row.get_attribute("data-id") == merged["id"]
    row.locator("button.toggle").click()
    detail = page.locator("#detail-0")
    detail.locator(".detail-body").wait_for()
    readme_picture(page, "evidence.png", "#events", through="#events-table tr.event-row >> nth=3")
    expected = api(server, f"events/{merged['id']}")["mentions"]
    quotes = detail.locator("blockquote.evidence")
    assert quotes.count() == len(expected) >= 2
    assert (f"Merged from {merged['num_mentions']} reports in {merged['num_articles']} stories from "
            f"{merged['num_sources']} sources") in detail.inner_text()
    for quote, mention in zip(quotes.all(), expected):
        chars = list(mention["evidence"]["text"])
        marks = {h["role"]: "".join(chars[h["start"]:h["end"]]) for h in mention["evidence"]["highlights"]}
        assert quote.locator("mark.hl-trigger").first.inner_text() == marks["trigger"]
        # (a sentence that retells the event may not name its actor or place: it keeps the event's)
        if "actor" in marks:
            assert marks["actor"] in quote.locator("mark.hl-actor").all_inner_texts()
        if "location" in marks:
            assert quote.locator("mark.hl-location").first.inner_text() == marks["location"]
        assert quote.inner_text() == mention["evidence"]["text"].rstrip()
    links = detail.locator("a", has_text="open the article")
    assert links.evaluate_all("as => as.map(a => a.href)") == [m["url"] for m in expected]
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    row.locator("button.toggle").click()
    assert detail.is_hidden()


def test_the_table_works_from_the_keyboard(page):
    open_app(page)
    page.focus("#order")
    page.keyboard.press("Tab")
    first = page.locator("#events-table button.toggle").first
    assert page.evaluate("document.activeElement.classList.contains('toggle')")
    assert first.evaluate("b => b === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    third = page.locator("#events-table button.toggle").nth(2)
    assert third.evaluate("b => b === document.activeElement")
    assert page.locator("#events-table button.toggle[tabindex='0']").count() == 1  # one tab stop
    page.keyboard.press("Enter")
    page.locator("#detail-2 .detail-body").wait_for()
    assert third.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert third.get_attribute("aria-expanded") == "false"
    page.keyboard.press("End")
    assert page.locator("#events-table button.toggle").last.evaluate("b => b === document.activeElement")
    page.keyboard.press("Tab")  # leaves the table in one step
    assert page.evaluate("document.activeElement.classList.contains('more')")


def test_brushing_the_timeline_filters_the_table(page, server):
    open_app(page)
    everything = shown_count(page)
    hits = page.locator("svg.timeline rect.hit")
    first, third = hits.nth(1).bounding_box(), hits.nth(3).bounding_box()
    page.mouse.move(first["x"] + 2, first["y"] + 40)
    page.mouse.down()
    page.mouse.move(third["x"] + third["width"] / 2, third["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('since=')")
    wait_for_table(page)
    q = query(page)
    periods = hits.evaluate_all("rs => rs.map(r => r.dataset.period)")
    assert q["since"] == [periods[1]]
    assert q["until"] == [(date.fromisoformat(periods[3]) + timedelta(days=6)).isoformat()]  # that week's Sunday
    picked = total(server, since=q["since"][0], until=q["until"][0])
    assert 0 < picked < everything and shown_count(page) == picked
    assert page.locator("svg.timeline rect.selected-range").count() == 1
    assert hits.count() == len(periods)  # the timeline keeps every week in view
    page.click("text=Clear the dates")
    wait_for_table(page)
    assert "since" not in query(page) and shown_count(page) == everything
    # divided by the stories published each week: the bars are events per story
    page.check("#tl-norm")
    page.wait_for_function("() => location.search.includes('norm=1')")
    wait_for_table(page)
    assert page.text_content("svg.timeline .axis-title") == "events per story"
    week = api(server, "timeseries", interval="week", normalize="true", fill="false")["series"][0]
    title = page.locator(f"svg.timeline rect.hit[data-period='{week['period']}'] title").text_content()
    assert f"{week['events']} event" in title and f"{week['documents']} stor" in title


def test_clicking_the_network_filters_by_actor_or_pair(page, server):
    open_app(page)
    page.click("svg.network g.node[data-id='KENGOV']")
    page.wait_for_function("() => location.search.includes('party=KENGOV')")
    wait_for_table(page)
    assert shown_count(page) == total(server, party="KENGOV") > 0
    assert page.locator("svg.network g.node.selected[data-id='KENGOV']").count() == 1
    edge = page.locator("svg.network path.edge").first
    actor, recipient = edge.get_attribute("data-actor"), edge.get_attribute("data-recipient")
    # the middle of the line (a curved line's box centre may lie off it)
    x, y = edge.evaluate("""e => { const p = e.getPointAtLength(e.getTotalLength() / 2);
        const s = new DOMPoint(p.x, p.y).matrixTransform(e.getScreenCTM()); return [s.x, s.y]; }""")
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('recipient=')")
    wait_for_table(page)
    q = query(page)
    assert (q["actor"], q["recipient"], "party" in q) == ([actor], [recipient], False)
    assert shown_count(page) == total(server, actor=actor, recipient=recipient) > 0
    # countries instead of codes
    page.select_option("#net-level", "country")
    page.wait_for_function("() => location.search.includes('level=country')")
    wait_for_table(page)
    nodes = set(page.locator("svg.network g.node").evaluate_all("ns => ns.map(n => n.dataset.id)"))
    expected = api(server, "dyads", level="country", limit=40, actor=actor, recipient=recipient)["nodes"]
    assert nodes == {n["id"] for n in expected} and all(len(n) == 3 for n in nodes)


def test_clicking_the_map_filters_by_area_or_country(page, server):
    open_app(page)
    markers = page.locator("svg.worldmap g.marker")
    labels = markers.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert any("city precision" in label for label in labels)
    nairobi = markers.filter(has=page.locator("title", has_text="Nairobi")).first
    nairobi.click()
    page.wait_for_function("() => location.search.includes('bbox=')")
    wait_for_table(page)
    bbox = query(page)["bbox"][0]
    west, south, east, north = map(float, bbox.split(","))
    assert west < 36.82 < east and south < -1.28 < north
    in_area = total(server, bbox=bbox)
    assert shown_count(page) == in_area > 0
    assert page.locator("svg.worldmap rect.bbox").count() == 1
    for place in page.locator("#events-table tr.event-row td:nth-child(6)").all_inner_texts():
        assert place in ("Nairobi", "Moyale"), place
    page.click("button.chip")  # clear the area
    wait_for_table(page)
    # a point inside Brazil, away from the markers (the map is in degrees: x = lon + 180, y = 90 - lat)
    page.locator("svg.worldmap").scroll_into_view_if_needed()
    x, y = page.evaluate("""() => { const svg = document.querySelector('svg.worldmap'); const p = svg.createSVGPoint();
        p.x = -60 + 180; p.y = 90 - -5; const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; }""")
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('country=BRA')")
    wait_for_table(page)
    assert shown_count(page) == total(server, country="BRA") > 0


def test_code_a_pasted_text(page, server):
    open_app(page, "/?view=code")
    text = ("GENEVA - Iran's foreign minister met his Saudi counterpart in Geneva on Tuesday, and the two "
            "countries agreed to reopen their embassies by the end of June.")
    page.fill("#code-text", text)
    page.fill("#code-date", "2026-03-10")
    page.click("text=Find the events")
    page.wait_for_selector("#coded-events tbody tr", timeout=90_000)
    with urlopen(Request(f"{server}/code", data=json.dumps({"text": text, "date": "2026-03-10"}).encode(),
                         headers={"Content-Type": "application/json"})) as r:
        events = json.loads(r.read())["events"]
    assert page.locator("#coded-events tbody tr").count() == len(events) > 0
    assert page.inner_text("#code-status") == f"{len(events)} events found."
    triggers = {text[e["text_info"]["trigger_start"]:e["text_info"]["trigger_end"]] for e in events}
    assert set(page.locator("#coded-text mark.hl-trigger").all_inner_texts()) == triggers
    assert page.inner_text("#coded-text") == text
    page.hover("#coded-events tbody tr >> nth=0")  # one event's words alone
    ev = events[0]
    trigger = text[ev["text_info"]["trigger_start"]:ev["text_info"]["trigger_end"]]
    assert page.locator("#coded-text mark.hl-trigger").all_inner_texts() == [trigger]
    assert page.locator("#coded-text mark.hl-actor").first.inner_text() == text[ev["actor"]["start"]:ev["actor"]["end"]]


def test_article_text_is_shown_as_text(page, server):
    open_app(page, "/?text=Estonia")
    assert shown_count(page) == 1
    page.locator("#events-table button.toggle").first.click()
    detail = page.locator("#detail-0 .detail-body")
    detail.wait_for()
    quote = detail.locator("blockquote.evidence").inner_text()
    assert "<script>window.__pwned='text'</script>" in quote
    assert "<img src=x onerror=\"window.__pwned='img'\">" in quote
    assert detail.locator(".title").inner_text() == HOSTILE["title"]
    assert "<b>Bold</b> Wire" in detail.locator(".meta").inner_text()
    # a url that is not a web address is shown, never made a link
    assert detail.locator("a", has_text="open the article").count() == 0
    assert HOSTILE["url"] in detail.inner_text()
    # the same in "Code a text"
    page.click("nav.views a[data-view=code]")
    page.fill("#code-text", HOSTILE["text"])
    page.click("text=Find the events")
    page.wait_for_selector("#coded-text mark", timeout=90_000)
    assert page.inner_text("#coded-text") == HOSTILE["text"]
    # nothing ran and nothing was parsed as markup
    assert page.evaluate("window.__pwned") is None
    assert page.locator("body img, body script, main b").count() == 0


def test_commitments_show_status_deadline_and_evidence(page, server):
    open_app(page, "/?view=commitments")
    every = api(server, "commitments", limit=1000)["commitments"]
    statuses = page.locator("#commitments-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.status)")
    assert statuses == [c["status"] for c in every]
    assert {"open", "fulfilled", "overdue"} <= set(statuses)
    page.select_option("#c-status", "fulfilled")
    page.wait_for_function("() => location.search.includes('cstatus=fulfilled')")
    wait_for_commitments(page)
    kept = [c for c in every if c["status"] == "fulfilled"]
    assert page.locator("#commitments-table tbody tr").count() == len(kept)
    row = page.locator("#commitments-table tbody tr").first
    assert kept[0]["evidence"].strip() == row.locator("blockquote.evidence").inner_text()
    assert row.locator("td:nth-child(5)").inner_text() != "none given"
    row.locator("text=see that event").click()
    dialog = page.locator("#event-dialog")
    dialog.locator(".detail-body").wait_for()
    assert query(page)["open"] == [kept[0]["resolved_by"]]
    assert dialog.locator("mark.hl-trigger").count() >= 1
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('open=')")
    assert dialog.is_hidden()


def test_a_shared_link_opens_its_event(page, server):
    first = api(server, "events", country="KEN", limit=1)["events"][0]
    open_app(page, f"/?country=KEN&open={first['id']}")
    page.locator("#event-dialog .detail-body").wait_for()
    assert page.input_value("#f-country") == "KEN"
    assert shown_count(page) == total(server, country="KEN")
    assert first["event"] in page.locator("#event-dialog dl.facts").inner_text()


def _axe(page) -> list[dict[str, Any]]:
    from importlib import resources

    source = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    page.evaluate(source)  # through the DevTools protocol: the page's script policy does not apply
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_accessibility_audit(page):
    """axe-core (the copy PyPI's axe-playwright-python ships) on every view, with a row,
    a commitment's event and coded text open: no violation of any impact."""
    open_app(page)
    page.locator("#events-table button.toggle").first.click()
    page.locator("#detail-0 .detail-body").wait_for()
    found = {"explore": _axe(page)}
    page.click("nav.views a[data-view=commitments]")
    page.wait_for_selector("#commitments-table")
    found["commitments"] = _axe(page)
    page.click("text=open the event >> nth=0")
    page.locator("#event-dialog .detail-body").wait_for()
    found["dialog"] = _axe(page)
    page.keyboard.press("Escape")
    page.click("nav.views a[data-view=code]")
    page.fill("#code-text", "Kenya and Ethiopia agreed on Monday to reopen the border.")
    page.click("text=Find the events")
    page.wait_for_selector("#coded-events tbody tr", timeout=90_000)
    found["code"] = _axe(page)
    assert all(not v for v in found.values()), json.dumps(found, indent=1)



def test_from_another_machine_coding_needs_the_token(database, browser, tmp_path):
    """The browser reaches a server started with --token by a name that is not local (as a
    remote user, or a rebound DNS name, would): the app asks for the token and sends it."""
    copy = tmp_path / "rw.duckdb"
    copy.write_bytes(database.read_bytes())
    rules = "--host-resolver-rules=MAP eventmill.test 127.0.0.1"
    with serving(copy, token="s3cret-t0ken") as url:
        port = urlsplit(url).port
        b = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
        try:
            pg = b.new_page(viewport={"width": 1400, "height": 1000})
            pg.goto(f"http://eventmill.test:{port}/?view=code")
            pg.wait_for_selector("body[data-ready='1']")
            assert pg.locator("#code-token").is_visible()
            pg.fill("#code-text", "Kenya and Ethiopia agreed on Monday to reopen the border.")
            pg.fill("#code-token", "wrong")
            pg.click("text=Find the events")
            pg.wait_for_function("() => document.querySelector('#code-status').textContent.includes('token')")
            assert "missing or wrong bearer token" in pg.inner_text("#code-status")
            pg.fill("#code-token", "s3cret-t0ken")
            pg.click("text=Find the events")
            pg.wait_for_selector("#coded-events tbody tr", timeout=90_000)
            assert "AGREE" in pg.inner_text("#coded-events")
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(ARTEFACTS / "test_from_another_machine_coding_needs_the_token.png"))
        finally:
            b.close()
