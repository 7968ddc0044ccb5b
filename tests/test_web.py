"""The web app in a real browser: Debian's Chromium driven by Playwright, against a real
`eventmill serve` (uvicorn on a free port) over a store ingested from our example articles.

One server and one browser serve the whole module; every test runs in a laptop's window
(1366×768) and a phone's (390×844). Screenshots go to tmp/artefacts/web/ (EVENTMILL_ARTEFACTS
to change it). The tests skip where Chromium or Playwright is missing, unless
EVENTMILL_BROWSER_TESTS=required (set by .ci/run), where they fail instead.
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
SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}

# Two stories from 2019, seven years before the rest: the timeline folds the empty years, and
# one recalls 1956 (a date known to the year) and one "March" (known to the month).
HISTORY = [
    {"id": "web-2019-05-14-egypt-sudan", "date": "2019-05-14", "source": "Example Wire",
     "text": "CAIRO - Egypt's president met Sudan's president in Cairo on Monday, and the two governments agreed "
             "to reopen the border crossing at Argeen by the end of the year. In 1956, Egypt expelled British "
             "diplomats from Cairo."},
    {"id": "web-2019-05-20-sudan-egypt", "date": "2019-05-20", "source": "Example Wire",
     "text": "KHARTOUM - Sudan accused Egypt in March of blocking trade across the border."},
]

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


@pytest.fixture(scope="module")
def history(database: Path, tmp_path_factory) -> Iterator[str]:
    """A server over the same stories and two from 2019 (see HISTORY)."""
    from click.testing import CliRunner

    from eventmill.cli import main

    tmp = tmp_path_factory.mktemp("history")
    db = tmp / "history.duckdb"
    db.write_bytes(database.read_bytes())
    old = tmp / "old.jsonl"
    old.write_text("".join(json.dumps(d) + "\n" for d in HISTORY), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(old), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with serving(db) as url:
        yield url


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


def _page(browser, base: str, size: str, request) -> Iterator[Any]:
    context = browser.new_context(viewport=SIZES[size], base_url=base)
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


@pytest.fixture
def page(browser, server, size, request) -> Iterator[Any]:
    """A fresh page at each size; it fails the test on any script error or console error, and
    leaves a screenshot named after the test."""
    yield from _page(browser, server, size, request)


@pytest.fixture
def old_page(browser, history, size, request) -> Iterator[Any]:
    """The same, over the store with the 2019 stories."""
    yield from _page(browser, history, size, request)


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


EXPLORE = ("#timeline", "#breakdown", "#network", "#map", "#events")


def wait_for_table(page) -> None:
    """Until the table, the timeline, the network and the map show the current filters (each
    marks itself loading the moment the address changes, ready when drawn)."""
    for part in EXPLORE:
        page.wait_for_selector(f"{part}[data-state='ready']", state="attached")


def wait_for_commitments(page) -> None:
    page.wait_for_selector("#commitments[data-state='ready']", state="attached")


def shown_count(page) -> int:
    return int(page.get_attribute("#events", "data-total"))


def readme_picture(page, name: str, top: str | None = None, through: str | None = None, width: int | None = None,
                   height: int | None = None) -> None:
    """A picture for the README and docs/web.md (tmp/artefacts/web/readme/; docs/web.md says
    how the committed copies in docs/images/ are made from them): the window (at another size
    when given), or the page from the top of `top` down to the bottom of `through`."""
    folder = ARTEFACTS / "readme"
    folder.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    if width and height:
        page.set_viewport_size({"width": width, "height": height})
    wait_for_table(page)
    clip = None
    if top and through:
        page.locator(top).scroll_into_view_if_needed()
        a, b = page.locator(top).bounding_box(), page.locator(through).bounding_box()
        scrolled = page.evaluate("window.scrollY")  # the boxes are the window's; the clip is the page's
        clip = {"x": a["x"], "y": a["y"] + scrolled, "width": a["width"], "height": b["y"] + b["height"] - a["y"]}
    page.screenshot(path=str(folder / name), clip=clip, full_page=clip is not None)
    page.set_viewport_size(before)


def phone(page) -> bool:
    return page.viewport_size["width"] < 760


def open_filters(page) -> None:
    """On a phone the filters are a drawer: open it."""
    if phone(page) and page.get_attribute("#filters-toggle", "aria-expanded") != "true":
        page.click("#filters-toggle")
    page.locator("#filter-form").wait_for()


def focused(page, attr: str = "key") -> str | None:
    return page.evaluate(f"document.activeElement && document.activeElement.dataset.{attr} || null")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ----------------------------------------------------------------------------- tests


def test_first_view_shows_every_part(page, server):
    open_app(page)
    if phone(page):
        readme_picture(page, "phone.png")
    else:
        readme_picture(page, "laptop.png")
        readme_picture(page, "overview.png", width=1760, height=1480)  # wide: network and map side by side
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
    open_filters(page)
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
    if not phone(page):
        readme_picture(page, "evidence.png", "#events", through="#events-table tr.event-row >> nth=3", width=1280,
                       height=860)
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
    page.locator("svg.timeline").scroll_into_view_if_needed()
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


def click_middle(page, path) -> None:
    """Click the middle of an SVG line (a curved line's box centre may lie off it)."""
    path.scroll_into_view_if_needed()
    x, y = path.evaluate("""e => { const p = e.getPointAtLength(e.getTotalLength() / 2);
        const s = new DOMPoint(p.x, p.y).matrixTransform(e.getScreenCTM()); return [s.x, s.y]; }""")
    page.mouse.click(x, y)


def _tooltip_count(label: str) -> int:
    return int(label.split(": ", 1)[1].split(" event")[0].replace(",", ""))


def test_clicking_the_network_filters_what_its_tooltip_counts(page, server):
    open_app(page)
    node = page.locator("svg.network g.node[data-id='KENGOV']")
    counted = _tooltip_count(node.get_attribute("aria-label"))
    assert counted == int(node.get_attribute("data-events")) > 0
    node.click()
    page.wait_for_function("() => location.search.includes('party=KENGOV')")
    wait_for_table(page)
    assert query(page)["exact"] == ["true"]
    assert shown_count(page) == total(server, party="KENGOV", exact="true") == counted
    assert page.locator("svg.network g.node.selected[data-id='KENGOV']").count() == 1
    assert focused(page) == "n:KENGOV"  # the focus stays on the node clicked
    edge = page.locator("svg.network path.edge").first
    actor, recipient = edge.get_attribute("data-actor"), edge.get_attribute("data-recipient")
    counted = int(edge.get_attribute("data-events"))
    click_middle(page, edge)
    page.wait_for_function("() => location.search.includes('recipient=')")
    wait_for_table(page)
    q = query(page)
    assert (q["actor"], q["recipient"], "party" in q) == ([actor], [recipient], False)
    assert shown_count(page) == total(server, actor=actor, recipient=recipient, exact="true") == counted > 0
    # countries instead of codes
    page.select_option("#net-level", "country")
    page.wait_for_function("() => location.search.includes('level=country')")
    wait_for_table(page)
    nodes = set(page.locator("svg.network g.node").evaluate_all("ns => ns.map(n => n.dataset.id)"))
    expected = api(server, "dyads", level="country", limit=40, actor=actor, recipient=recipient, exact="true")["nodes"]
    assert nodes == {n["id"] for n in expected} and all(len(n) == 3 for n in nodes)


def test_the_network_draws_a_country_towards_itself(page, server):
    """At country level a country's own pairs (army against rebels) are a loop with its count;
    clicking the loop shows exactly the events it counts; labels do not cover each other."""
    open_app(page, "/?level=country")
    body = api(server, "dyads", level="country", limit=40)
    within = [e for e in body["edges"] if e["actor"] == e["recipient"]]
    assert within, "the test stories have events within one country"
    loops = page.locator("svg.network path.edge").evaluate_all(
        "es => es.filter(e => e.dataset.actor === e.dataset.recipient).map(e => [e.dataset.actor, +e.dataset.events])")
    assert sorted(loops) == sorted([e["actor"], e["events"]] for e in within)
    assert page.locator("svg.network text.loop-count").count() == len(within)
    if not phone(page):
        readme_picture(page, "network.png", "#network", through="#network")
    overlaps = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('svg.network text.label:not(.hidden-label)')].map(t => t.getBBox());
        let n = 0;
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) n++;
        }
        return [n, boxes.length]; }""")
    assert overlaps[0] == 0 and overlaps[1] >= len(body["nodes"]) // 2, overlaps
    biggest = max(within, key=lambda e: e["events"])
    loop = page.locator(f"svg.network path.edge[data-actor='{biggest['actor']}'][data-recipient='{biggest['actor']}']")
    click_middle(page, loop)
    page.wait_for_function("() => location.search.includes('recipient_country=')")
    wait_for_table(page)
    q = query(page)
    assert q["actor_country"] == q["recipient_country"] == [biggest["actor"]]
    assert shown_count(page) == biggest["events"]
    assert "Actor's country" in page.inner_text("#chips")


def test_clicking_the_map_filters_by_area_or_country(page, server):
    open_app(page)
    page.locator("svg.worldmap").scroll_into_view_if_needed()
    markers = page.locator("svg.worldmap g.marker")
    labels = markers.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert any("city precision" in label for label in labels)
    nairobi = markers.filter(has=page.locator("title", has_text="Nairobi")).first
    # the places the marker gathers at this zoom (a phone's smaller map gathers more)
    gathered = nairobi.get_attribute("aria-label").split(" at ", 1)[1].split(". Keep")[0]
    names = {part.split(",")[0].split(" (")[0] for part in gathered.split("; ")}
    assert "Nairobi" in names and "more places" not in gathered
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
        assert place in names, place
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
    # what each event is, names included: the coder's answer as it is
    rows = page.locator("#coded-events tbody tr")
    for i, ev in enumerate(events):
        actor = rows.nth(i).locator("td[data-label='Actor']").inner_text()
        if ev["actor"] and ev["actor"].get("code"):
            assert actor.startswith(ev["actor"]["code"]) and (ev["actor"].get("name") or "") in actor
        promised = rows.nth(i).locator("td[data-label='Promised']").inner_text()
        assert promised.startswith(ev["intended"]) if ev.get("intended") else promised == "–"
    if phone(page):
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.hover("#coded-events tbody tr >> nth=0")  # one event's words alone
    ev = events[0]
    trigger = text[ev["text_info"]["trigger_start"]:ev["text_info"]["trigger_end"]]
    assert page.locator("#coded-text mark.hl-trigger").all_inner_texts() == [trigger]
    assert page.locator("#coded-text mark.hl-actor").first.inner_text() == text[ev["actor"]["start"]:ev["actor"]["end"]]


def test_article_text_is_shown_as_text(page, server):
    # (the accusation's own words: Russia's denial, a REJECT aimed at Estonia, names Estonia too)
    open_app(page, "/?text=hacking")
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


# ----------------------------------------------------------------------------- taking the view away


def test_a_download_is_what_eventmill_export_writes(page, server, database, tmp_path):
    """The Download menu's files are the API's /events.csv and siblings on the view's
    filters and order, byte for byte what `eventmill export` writes on the same filter."""
    from click.testing import CliRunner

    from eventmill.cli import main

    open_app(page, "/?country=KEN&quad=1&quad=3&order=-num_mentions")
    page.click("#download-menu summary")
    with page.expect_download() as info:
        page.click("a.download[data-path='events.csv']")
    got = tmp_path / "got.csv"
    info.value.save_as(got)
    assert info.value.suggested_filename == "eventmill-events.csv"
    assert page.locator("#download-menu[open]").count() == 0  # the menu closed behind it
    filters = ["--country", "KEN", "--quad", "1", "--quad", "3", "--order", "-num_mentions"]
    for fmt, path in (("csv", got), ("gdelt-tsv", None), ("icews-tsv", None), ("plover-jsonl", None), ("jsonl", None)):
        want = tmp_path / f"want.{fmt}"
        result = CliRunner().invoke(main, ["export", "--db", str(database), "--format", fmt, "-o", str(want), *filters])
        assert result.exit_code == 0, result.output
        if path is None:  # the other entries of the menu, fetched as the browser would
            link = page.locator(f"a.download[data-path='events.{'tsv' if fmt.endswith('tsv') else 'jsonl'}']"
                                f"[data-format='{'' if fmt == 'jsonl' else fmt}']")
            with urlopen(f"{server}/{link.get_attribute('href')}") as r:
                assert r.read() == want.read_bytes(), fmt
        else:
            assert path.read_bytes() == want.read_bytes()
    rows = got.read_text(encoding="utf-8").splitlines()
    assert len(rows) - 1 == total(server, country="KEN", quad=[1, 3]) > 0
    parquet = page.get_attribute("a.download[data-path='events.parquet']", "href")
    with urlopen(f"{server}/{parquet}") as r:
        assert r.read(4) == b"PAR1"


def test_the_charts_save_as_pictures(page, tmp_path):
    open_app(page)
    for chart, kind in (("timeline", "svg"), ("network", "png")):
        page.click("#download-menu summary")
        with page.expect_download() as info:
            page.click(f"button[data-chart={chart}][data-kind={kind}]")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.name == f"eventmill-{chart}.{kind}"
        width = page.locator(f"svg.{chart}").evaluate("s => s.viewBox.baseVal.width")
        if kind == "svg":
            import xml.etree.ElementTree as ET

            root = ET.parse(path).getroot()
            rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") not in (None, "none")]
            bars = page.locator("svg.timeline rect.bar").count()
            assert float(root.get("width")) == width and len(rects) >= bars > 0
            assert root.find(".//{http://www.w3.org/2000/svg}text").get("font-size")  # styles written in
        else:
            data = path.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(data[16:20], "big") == round(2 * width)  # twice the size on screen


def test_copy_link_copies_this_view(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_app(page, "/?country=KEN&level=country")
    page.click("#copy-link")
    page.wait_for_function("() => document.querySelector('#toolbar-status').textContent !== ''")
    if page.locator("#link-field").is_visible():  # no clipboard: the link is shown to copy by hand
        assert page.input_value("#link-field") == page.url
    else:
        assert "Link copied" in page.inner_text("#toolbar-status")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert page.evaluate("document.activeElement.id") in ("copy-link", "link-field")


# ----------------------------------------------------------------------------- names in, names out


def test_names_in_the_boxes_and_beside_the_codes(page, server):
    open_app(page)
    # names beside codes in the table
    first = api(server, "events", order="-date", limit=1)["events"][0]
    actor = page.locator("#events-table tr.event-row >> nth=0").locator("td[data-label='Actor']").inner_text()
    assert actor.startswith(first["actor"]["code"]) and first["actor"]["name"] in actor
    # a country by its name, from the suggestions
    open_filters(page)
    page.fill("#f-country", "Ethiop")
    page.wait_for_selector("#f-country[aria-expanded='true']")
    options = page.locator("#f-country ~ [role=listbox] [role=option]")
    assert options.first.inner_text().startswith("ETH") and "Ethiopia" in options.first.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#f-country", "aria-activedescendant") == options.first.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('country=ETH')")
    wait_for_table(page)
    assert shown_count(page) == total(server, country="ETH") > 0
    assert "Country: Ethiopia" in page.inner_text("#chips")
    # a name typed in full and sent: read as its code, and said so
    open_filters(page)
    page.fill("#f-actor", "Kenya")
    page.press("#f-actor", "Enter")
    page.wait_for_function("() => location.search.includes('actor=KEN')")
    wait_for_table(page)
    assert query(page)["actor"] == ["KEN"]
    assert "“Kenya” read as KEN" in page.inner_text("#code-notice")
    # a person: the office they hold on the newest story's day
    open_filters(page)
    page.fill("#f-party", "Ruto")
    page.wait_for_selector("#f-party[aria-expanded='true']")
    option = page.locator("#f-party ~ [role=listbox] [role=option]").first
    assert option.get_attribute("data-code") == "KENGOV" and "President of KEN" in option.get_attribute("title")
    # a code that is none: said so, with the close ones to pick
    open_app(page, "/?country=IRAN")
    notice = page.locator("#code-notice .unknown-code")
    assert "No country has the code “IRAN”" in notice.inner_text()
    notice.locator("button[data-code='IRN']").click()
    page.wait_for_function("() => location.search.includes('country=IRN')")
    assert query(page)["country"] == ["IRN"]


# ----------------------------------------------------------------------------- breakdowns


def test_breakdowns_and_filter_counts_follow_the_view(page, server):
    open_app(page, "/?quad=3&quad=4")
    body = api(server, "breakdown", quad=[3, 4], limit=6)
    actors = page.locator("#breakdown .top-list >> nth=0").locator("button.top-item")
    top_actors = body["top"]["actors"]
    assert actors.evaluate_all("bs => bs.map(b => b.dataset.key)") == [f"actor:{a['code']}" for a in top_actors]
    assert [int(t) for t in actors.locator(".num").all_inner_texts()] == [a["events"] for a in top_actors]
    # the filter lists count the view's events, each under the other filters
    counts = page.locator("#filter-form [data-count]").evaluate_all(
        "cs => Object.fromEntries(cs.map(c => [c.dataset.count, +c.textContent.replace(/,/g, '')]))")
    for name in ("event", "quad", "aux"):
        for value, n in body["facets"][name].items():
            assert counts[f"{name}:{value}"] == n, (name, value)
    assert counts["quad:1"] == total(server, quad=1)  # what ticking it would add
    # a type in the breakdown narrows the view to it, and the focus stays on it
    types = page.locator("#breakdown .top-list >> nth=2").locator("button.top-item")
    top = body["top"]["types"][0]
    types.first.click()
    page.wait_for_function(f"() => location.search.includes('event={top['event']}')")
    wait_for_table(page)
    assert shown_count(page) == top["events"] == total(server, quad=[3, 4], event=top["event"])
    assert focused(page) == f"type:{top['event']}"
    assert page.inner_text("#breakdown-total") == f"{top['events']} events"


# ----------------------------------------------------------------------------- phones and laptops


def test_every_view_fits_the_screen(page):
    """No sideways scrolling on any view; on a phone the filters fold into a drawer and the
    tables are cards, the network and the map fit the width."""
    width = page.viewport_size["width"]
    for path in ("/", "/?view=commitments", "/?view=code"):
        open_app(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    open_app(page)
    for chart in ("svg.network", "svg.worldmap", "svg.timeline"):
        box = page.locator(chart).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, chart
    if phone(page):
        assert page.locator("#filter-form").is_hidden() and page.locator("#filters-toggle").is_visible()
        page.click("#filters-toggle")
        assert page.locator("#filter-form").is_visible()
        assert page.get_attribute("#filters-toggle", "aria-expanded") == "true"
        readme_picture(page, "phone-filters.png")
        page.fill("#f-text", "border")
        page.click("#filter-form button[type=submit]")
        page.wait_for_function("() => location.search.includes('text=border')")
        assert page.locator("#filter-form").is_hidden()  # closed, so the results show
        assert page.evaluate("document.activeElement.id") == "filters-toggle"
        assert page.inner_text("#filters-toggle").startswith("Filters (1 applied)")
        wait_for_table(page)
        assert page.locator("#events-table thead").is_hidden()
        label = page.locator("#events-table td[data-label='Date']").first.evaluate(
            "td => getComputedStyle(td, '::before').content")
        assert label == '"Date"'
        readme_picture(page, "phone-cards.png", "#events", through="#events-table tr.event-row >> nth=2")
    else:
        assert page.locator("#filters-toggle").is_hidden() and page.locator("#filter-form").is_visible()
        assert page.locator("#events-table thead").is_visible()


# ----------------------------------------------------------------------------- the timeline


def test_the_timeline_folds_empty_years_and_zooms(old_page, history):
    page, server = old_page, history
    open_app(page)
    gaps = page.locator("svg.timeline g.gap")
    assert gaps.count() >= 1
    if not phone(page):
        readme_picture(page, "timeline.png", "#timeline", through="#timeline")
    assert "months)" in gaps.first.locator("title").text_content()  # seven years apart: counted by month
    bars = page.locator("svg.timeline rect.hit")
    assert bars.first.bounding_box()["width"] > 8  # the busy months stay readable
    # events known only to the year or month read as such
    open_app(page, "/?text=British")
    assert page.locator("#events-table td[data-label='Date']").first.inner_text() == "1956"
    # pick two months, then zoom to them: counted by day, every day drawn
    open_app(page, "/?since=2026-03-01&until=2026-04-30")
    page.click("#tl-zoom")
    page.wait_for_function("() => location.search.includes('tzoom=1')")
    wait_for_table(page)
    periods = bars.evaluate_all("rs => rs.map(r => r.dataset.period)")
    folded = [int(t.split("(")[-1].split()[0]) for t in gaps.locator("title").all_text_contents()]
    assert periods[0] == "2026-03-01" and periods[-1] == "2026-04-30" and len(periods) + sum(folded) == 61
    day = api(server, "timeseries", interval="day", since="2026-03-01", until="2026-04-30", fill="false")["series"][0]
    title = page.locator(f"svg.timeline rect.hit[data-period='{day['period']}'] title").text_content()
    assert f"{day['events']} event" in title
    assert page.get_attribute("#tl-zoom", "aria-pressed") == "true"


def test_the_timeline_stacks_by_type_and_marks_vague_dates(page, server):
    open_app(page, "/?tstack=type")
    assert page.input_value("#tl-stack") == "type"
    series = api(server, "timeseries", interval="week", by="type", fill="false", since="2026-02-02")["series"]
    busiest = max({r["event"] for r in series}, key=lambda t: sum(r["events"] for r in series if r["event"] == t))
    assert page.inner_text("#timeline-legend").split()[0] == busiest
    week = next(r for r in series if r["event"] == busiest)
    title = page.locator(f"svg.timeline rect.hit[data-period='{week['period']}'] title").text_content()
    assert f"{week['events']} {busiest}" in title
    assert len(set(page.locator("svg.timeline rect.bar").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))"))) > 4
    # a week holding an event known only to its month says so
    vague = [e for e in api(server, "events", limit=1000)["events"] if e["date_precision"] == "month"]
    assert vague
    marked = page.locator("svg.timeline rect.hit title").all_text_contents()
    assert any("known only to the month" in t for t in marked)
    assert page.locator("svg.timeline text.imprecise").count() >= 1


# ----------------------------------------------------------------------------- keyboard and focus


def test_charts_are_one_tab_stop_with_arrow_keys_inside(page, server):
    open_app(page)
    page.focus("#net-level")
    page.keyboard.press("Tab")
    start = focused(page)
    assert start and start.startswith("n:") and page.evaluate("!!document.activeElement.closest('#network-chart')")
    assert page.locator("#network-chart [tabindex='0']").count() == 1
    page.keyboard.press("ArrowRight")
    second = focused(page)
    assert second != start and second.startswith("n:")
    page.keyboard.press("End")
    assert focused(page).startswith("e:")  # the lines come after the actors
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    code = second[2:]
    page.wait_for_function(f"() => location.search.includes('party={code}')")
    wait_for_table(page)
    assert focused(page) == second  # still on the node picked, drawn anew
    page.keyboard.press("Tab")
    assert not page.evaluate("!!document.activeElement.closest('#network-chart')")  # one step out
    # the map: its markers one stop too
    page.focus("#map .map-tools button >> nth=3")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first and page.evaluate("document.activeElement.classList.contains('marker')")
    assert page.locator("#map-chart [tabindex='0']").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('bbox=')")
    wait_for_table(page)
    assert page.evaluate("document.activeElement.classList.contains('marker')")
    # the timeline: Enter on a period keeps its dates
    page.focus("#tl-norm")
    page.keyboard.press("Tab")
    period = focused(page, "period")
    assert period
    page.keyboard.press("ArrowRight")
    period = focused(page, "period")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.search.includes('since={period}')")
    wait_for_table(page)
    assert focused(page, "period") == period


def test_the_focus_stays_where_the_reader_acted(page):
    open_app(page, "/?quad=3&event=ACCUSE&country=KEN")
    chips = page.locator("#chips button.chip")
    assert chips.count() == 3
    chips.nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#chips button.chip').length === 2")
    assert page.evaluate("document.activeElement.classList.contains('chip')")
    open_filters(page)
    box = page.locator("#filter-form input[name=quad][value='1']")
    box.check()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('quad').includes('1')")
    wait_for_table(page)
    assert box.evaluate("b => b === document.activeElement")
    # the event dialog gives the focus back to what opened it
    page.click("nav.views a[data-view=commitments]")
    wait_for_commitments(page)
    opener = page.locator("#commitments-table button", has_text="open the event").first
    opener.click()
    page.locator("#event-dialog .detail-body").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('open=')")
    assert opener.evaluate("b => b === document.activeElement")


def test_the_api_link_opens_the_api_docs(page):
    open_app(page)
    page.click("#api-link")
    page.wait_for_url("**/docs")
    page.wait_for_selector(".swagger-ui .info")
    assert "eventmill" in page.title()


def test_commitments_follow_the_filters_and_sort(page, server):
    open_app(page, "/?country=KEN")
    assert page.get_attribute("nav.views a[data-view=commitments]", "href") == "?country=KEN&view=commitments"
    page.click("nav.views a[data-view=commitments]")
    wait_for_commitments(page)
    assert query(page)["country"] == ["KEN"]
    want = api(server, "commitments", country="KEN", limit=1000)["commitments"]
    rows = page.locator("#commitments-table tbody tr")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.id)") == [c["commitment_id"] for c in want]
    assert want and page.input_value("#c-country") == "KEN"
    who = rows.first.locator("td[data-label='Who']").inner_text()
    assert who.startswith(want[0]["actor_code"]) and want[0]["actor_name"] in who
    page.select_option("#c-order", "-made_on")
    page.wait_for_function("() => location.search.includes('corder=-made_on')")
    wait_for_commitments(page)
    want = api(server, "commitments", country="KEN", order="-made_on", limit=1000)["commitments"]
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.id)") == [c["commitment_id"] for c in want]
    page.fill("#c-since", "2026-03-05")
    page.locator("#c-since").dispatch_event("change")
    page.wait_for_function("() => location.search.includes('since=2026-03-05')")
    wait_for_commitments(page)
    want = api(server, "commitments", country="KEN", order="-made_on", since="2026-03-05", limit=1000)["commitments"]
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.id)") == [c["commitment_id"] for c in want]
    # and back: the Explore view has the same filters
    page.click("nav.views a[data-view=explore]")
    wait_for_table(page)
    assert shown_count(page) == total(server, country="KEN", since="2026-03-05")


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
    """axe-core (the copy PyPI's axe-playwright-python ships) on every view, with a row, the
    suggestions, the download menu, a commitment's event and coded text open (and the filter
    drawer on a phone): no violation of any impact."""
    open_app(page)
    page.locator("#events-table button.toggle").first.click()
    page.locator("#detail-0 .detail-body").wait_for()
    found = {"explore": _axe(page)}
    open_filters(page)
    page.fill("#f-country", "Ken")
    page.wait_for_selector("#f-country[aria-expanded='true']")
    page.keyboard.press("ArrowDown")
    found["suggestions"] = _axe(page)
    page.keyboard.press("Escape")
    page.click("#download-menu summary")
    found["menu"] = _axe(page)
    page.keyboard.press("Escape")
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
