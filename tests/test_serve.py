"""The REST API, driven through the real ASGI app over a real DuckDB file."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventmill.serve import create_app
from eventmill.store import Store
from tests.synthetic_store import build_store, document, make_event

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ALL_VISIBLE = {"iraq-visit-0", "iraq-visit-1", "iraq-visit-2", "idlib-shelling-0", "idlib-shelling-1",
               "moyale-0", "moyale-1", "undated-0"}


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "events.duckdb")


@pytest.fixture(scope="module")
def client(db_file: Path):
    """A read-only server (no token)."""
    with TestClient(create_app(db_file)) as c:
        yield c


@pytest.fixture
def writable(db_file: Path, tmp_path: Path):
    """A server with a token, over its own copy of the database (it may be written)."""
    path = tmp_path / "rw.duckdb"
    shutil.copy(db_file, path)
    app = create_app(path, token=TOKEN)
    with TestClient(app) as c:
        yield c, app.state.eventmill.store


def ids(client: TestClient, **params) -> set[str]:
    r = client.get("/events", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    return {e["id"] for e in r.json()["events"]}


# ----------------------------------------------------------------------------- /events


def test_events_default_leaves_out_negated(client):
    assert ids(client) == ALL_VISIBLE
    assert ids(client, with_negated="true") == ALL_VISIBLE | {"iraq-visit-3"}
    assert ids(client, aux="negated") == {"iraq-visit-3"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "IRQ"}, {"iraq-visit-0", "iraq-visit-2"}),
        ({"recipient": "IRQGOV"}, {"iraq-visit-1"}),
        ({"party": "KEN"}, {"moyale-0", "moyale-1"}),
        ({"country": "SYR"}, {"idlib-shelling-0", "idlib-shelling-1", "undated-0"}),
        ({"sector": "REB"}, {"idlib-shelling-0", "idlib-shelling-1", "undated-0"}),
        ({"event": ["AGREE", "ACCUSE"]}, {"iraq-visit-2", "moyale-0", "moyale-1", "idlib-shelling-1"}),
        ({"cameo": "19"}, {"idlib-shelling-0", "undated-0"}),
        ({"cameo": "035"}, {"iraq-visit-2", "moyale-0", "moyale-1"}),
        ({"quad": [3, 4]}, {"idlib-shelling-0", "idlib-shelling-1", "undated-0"}),
        ({"aux": "future"}, {"iraq-visit-2", "moyale-0", "moyale-1"}),
        ({"since": "2021-08-01", "until": "2021-08-02"}, {"idlib-shelling-0", "idlib-shelling-1"}),
        ({"bbox": "35,29,49,38"}, {"idlib-shelling-0"}),
        ({"bbox": "-80,30,-70,45"}, {"iraq-visit-0", "iraq-visit-1"}),
        ({"bbox": "170,-90,-170,90"}, set()),  # across the antimeridian: nothing there
        ({"min_confidence": 0.8}, {"iraq-visit-0", "iraq-visit-1", "idlib-shelling-0"}),
        ({"text": "IDLIB"}, {"idlib-shelling-0"}),  # the evidence sentence, case-insensitive
        ({"text": "civilians"}, {"idlib-shelling-1"}),
        ({"text": "100%"}, set()),  # % is literal, not a wildcard
        ({"story": "moyale"}, {"moyale-0", "moyale-1"}),
    ],
)
def test_each_filter(client, params, expected):
    assert ids(client, **params) == expected


FILTERS = [
    {"actor": "SYR"},
    {"party": "USA"},
    {"event": "AGREE"},
    {"quad": 1},
    {"since": "2021-07-27"},
    {"until": "2021-08-01"},
    {"min_confidence": 0.7},
    {"bbox": "-180,-10,180,40"},
    {"aux": "future"},
    {"text": "agreed"},
]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(FILTERS, 2)))
def test_combined_filters_intersect(client, a, b):
    assert ids(client, **a, **b) == ids(client, **a) & ids(client, **b)


def test_same_filter_same_events_everywhere(client, db_file):
    """GET /events, Store.events() and the CLI share one filter implementation."""
    from click.testing import CliRunner

    from eventmill.cli import main

    api = client.get("/events", params={"party": "SYR", "quad": 4, "order": "-date"}).json()["events"]
    with Store(db_file, read_only=True) as store:
        py = list(store.events(party="SYR", quad_code=4, order="-date")["event_id"])
    cli = CliRunner().invoke(main, ["query", "--db", str(db_file), "--party", "SYR", "--quad", "4",
                                    "--order", "-date", "--format", "jsonl"])
    assert cli.exit_code == 0, cli.output
    cli_ids = [line.split('"id": "')[1].split('"')[0] for line in cli.output.splitlines() if line.startswith("{")]
    assert [e["id"] for e in api] == py == cli_ids == ["idlib-shelling-0", "undated-0"]


def test_sorting(client):
    by_conf = client.get("/events", params={"order": "-confidence"}).json()["events"]
    confs = [e["confidence"] for e in by_conf]
    assert confs == sorted(confs, reverse=True)
    by_date = client.get("/events", params={"order": "date"}).json()["events"]
    dates = [e["date"] for e in by_date]
    assert dates[-1] is None and dates[:-1] == sorted(dates[:-1])  # no date sorts last


def test_pages_cover_everything_once(client):
    for order in ("date", "-date", "confidence", "-goldstein", "event_id"):
        full = [e["id"] for e in client.get("/events", params={"order": order}).json()["events"]]
        paged, cursor = [], None
        while True:
            params = {"order": order, "limit": 3, **({"cursor": cursor} if cursor else {})}
            body = client.get("/events", params=params).json()
            paged += [e["id"] for e in body["events"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert paged == full, order


def test_pagination_is_stable_while_events_are_added(writable):
    client, store = writable
    first = client.get("/events", params={"order": "date", "limit": 3}).json()
    seen = [e["id"] for e in first["events"]]
    before = [e["id"] for e in client.get("/events", params={"order": "date"}).json()["events"]]
    # New stories arrive: one dated before the page boundary, one after it.
    early = make_event("quiet-day", 0, "PROTEST", "140", "calm", ("Markets", "KENBUS", "Kenya"), None,
                       sentence=0, day="2021-07-01", quad=4, goldstein=-6.5)
    late = make_event("quiet-day", 1, "AID", "070", "calm", ("Markets", "KENBUS", "Kenya"), None,
                      sentence=0, day="2021-09-30", quad=2, goldstein=7.0)
    for ev in (early, late):
        ev.id = ev.id + "-new"
    doc = document("quiet-day", [early, late])
    doc.id = "late-news"
    doc.content_hash = "hash-late-news"
    for ev in doc.events:
        ev.story_id = "late-news"
    store.write_documents([doc])
    rest, cursor = [], first["next_cursor"]
    while cursor:
        body = client.get("/events", params={"order": "date", "limit": 3, "cursor": cursor}).json()
        rest += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
    assert not set(seen) & set(rest)  # nothing repeated
    assert [i for i in rest if not i.endswith("-new")] == before[3:]  # nothing skipped, order kept
    assert "quiet-day-1-new" in rest and "quiet-day-0-new" not in rest  # it sorts before the cursor


def test_total(client):
    body = client.get("/events", params={"limit": 2, "total": "true", "country": "SYR"}).json()
    assert body["total"] == 3 and len(body["events"]) == 2 and body["next_cursor"]


# ----------------------------------------------------------------------------- /events/{id}


def test_event_detail_with_evidence(client):
    body = client.get("/events/idlib-shelling-0").json()
    assert body["id"] == "idlib-shelling-0" and body["num_mentions"] == 1 and body["size"]["dead"] == 3
    [m] = body["mentions"]
    sentence = m["evidence"]["text"]
    assert sentence == "Syrian army shelled rebel positions near Idlib on Sunday, killing three fighters."
    spans = {h["role"]: sentence[h["start"] : h["end"]] for h in m["evidence"]["highlights"]}
    assert spans == {"trigger": "shelled", "actor": "Syrian army", "recipient": "rebel positions", "location": "Idlib"}


def test_unknown_event_is_404(client):
    r = client.get("/events/no-such-event")
    assert r.status_code == 404 and "no-such-event" in r.json()["detail"]
    assert client.get("/no/such/path").status_code == 404


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/events", {"limit": 0}, "limit"),
        ("/events", {"limit": 5000}, "limit"),
        ("/events", {"event": "BOMB"}, "BOMB"),
        ("/events", {"quad": 7}, "quad"),
        ("/events", {"quad": "x"}, "quad"),
        ("/events", {"since": "2021-13-01"}, "since"),
        ("/events", {"since": "2021-09-01", "until": "2021-08-01"}, "after until"),
        ("/events", {"bbox": "1,2,3"}, "bbox"),
        ("/events", {"bbox": "0,50,10,40"}, "south"),
        ("/events", {"min_confidence": 2}, "min_confidence"),
        ("/events", {"order": "colour"}, "colour"),
        ("/events", {"cursor": "not-a-cursor"}, "cursor"),
        ("/events", {"cameo": "abc"}, "cameo"),
        ("/events", {"aux": "maybe"}, "maybe"),
        ("/timeseries", {"interval": "hour"}, "interval"),
        ("/timeseries", {"by": "colour"}, "by"),
        ("/dyads", {"level": "planet"}, "level"),
        ("/commitments", {"status": "forgotten"}, "status"),
        ("/commitments", {"intended": "DANCE"}, "DANCE"),
    ],
)
def test_bad_parameters_are_422_with_a_message(client, path, params, words):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_cursor_of_another_order_is_refused(client):
    cursor = client.get("/events", params={"order": "date", "limit": 1}).json()["next_cursor"]
    r = client.get("/events", params={"order": "-confidence", "cursor": cursor})
    assert r.status_code == 422 and "order=date" in r.json()["detail"]


# ----------------------------------------------------------------------------- aggregates


def test_timeseries_counts_match_events(client):
    body = client.get("/timeseries", params={"interval": "week"}).json()
    series = body["series"]
    assert sum(r["events"] for r in series) == len(ALL_VISIBLE) - 1  # the undated event has no period
    weeks = [r["period"] for r in series]
    assert weeks[0] == "2021-07-26" and weeks == sorted(weeks) and len(weeks) == 4  # gaps filled with zeros
    assert [r["events"] for r in series] == [4, 1, 0, 2]  # Sunday 1 August closes the week of 26 July
    assert series[0]["goldstein_sum"] == pytest.approx(1.9 + 2.8 + 7.0 - 10.0)


def test_timeseries_by_type_and_normalised(client):
    series = client.get("/timeseries", params={"interval": "month", "by": "type", "top": 2}).json()["series"]
    assert {r["event"] for r in series} == {"AGREE", "CONSULT"}
    agree = {r["period"]: r["events"] for r in series if r["event"] == "AGREE"}
    assert agree == {"2021-07-01": 1, "2021-08-01": 2}
    norm = client.get("/timeseries", params={"interval": "month", "on": "pub_date", "normalize": "true"}).json()
    aug = next(r for r in norm["series"] if r["period"] == "2021-08-01")
    assert aug["documents"] == 3 and aug["events"] == 4 and aug["normalized"] == pytest.approx(4 / 3)


def test_dyads(client):
    body = client.get("/dyads").json()
    edges = {(e["actor"], e["recipient"]): e for e in body["edges"]}
    assert set(edges) == {("IRQGOV", "USAGOV"), ("USAGOV", "IRQGOV"), ("SYRMIL", "SYRREB"), ("SYRREB", "SYRMIL"),
                          ("KENGOV", "ETHGOV"), ("ETHGOV", "KENGOV")}
    assert edges[("IRQGOV", "USAGOV")]["events"] == 2 and edges[("SYRMIL", "SYRREB")]["quad4"] == 1
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["IRQGOV"] == {"id": "IRQGOV", "events_as_actor": 2, "events_as_recipient": 1, "events": 3,
                               "name": "Mustafa al-Kadhimi"}
    countries = client.get("/dyads", params={"level": "country", "country": "SYR"}).json()["edges"]
    assert [(e["actor"], e["recipient"], e["events"]) for e in countries] == [("SYR", "SYR", 2)]


def test_actors_and_commitments_and_stats(client):
    actors = client.get("/actors").json()["actors"]
    syrreb = next(a for a in actors if a["code"] == "SYRREB")
    assert (syrreb["as_actor"], syrreb["as_recipient"]) == (2, 1)
    assert [a["code"] for a in client.get("/actors", params={"q": "eth"}).json()["actors"]] == ["ETHGOV"]
    commitments = client.get("/commitments", params={"status": "open", "actor": "IRQ"}).json()["commitments"]
    [c] = commitments
    assert c["intended"] == "RETREAT" and c["deadline"] == "2021-12-31"
    assert c["evidence"].startswith("The two leaders agreed")
    stats = client.get("/stats").json()
    assert stats["documents"] == 5 and stats["events"] == 9 and stats["read_only"] is True


@pytest.mark.parametrize("view", [{}, {"party": "SYR"}, {"quad": [3, 4], "country": "SYR"}, {"actor": "IRQ"}])
def test_a_click_on_the_network_selects_what_its_tooltip_counts(client, view):
    """A node's ``events`` is what a click on it selects: ``party`` with ``exact`` in place of
    the code filters (codes), ``country`` in place of the country filter (countries); a line's
    is what ``actor`` and ``recipient`` with ``exact`` (or the two sides' countries) select in
    place of those filters, a country's own pairs (a loop) included. The other filters stay."""
    for level in ("code", "country"):
        body = client.get("/dyads", params={"level": level, **view}).json()
        for n in body["nodes"]:
            if level == "code":
                click = {**view, "actor": None, "recipient": None, "party": n["id"], "exact": "true"}
            else:
                click = {**view, "country": n["id"]}
            assert n["events"] == len(ids(client, **{k: v for k, v in click.items() if v})), (level, n)
        for e in body["edges"]:
            if level == "code":
                click = {**view, "party": None, "actor": e["actor"], "recipient": e["recipient"], "exact": "true"}
            else:
                click = {**view, "actor_country": e["actor"], "recipient_country": e["recipient"]}
            assert e["events"] == len(ids(client, **{k: v for k, v in click.items() if v})), (level, e)
    edges = client.get("/dyads", params={"level": "country"}).json()["edges"]
    loops = [e for e in edges if e["actor"] == e["recipient"]]
    assert [(e["actor"], e["events"]) for e in loops] == [("SYR", 2)]


def test_exact_codes_and_side_countries(client):
    assert ids(client, actor="IRQ") == {"iraq-visit-0", "iraq-visit-2"}
    assert ids(client, actor="IRQ", exact="true") == set()
    assert ids(client, actor="IRQGOV", exact="true") == {"iraq-visit-0", "iraq-visit-2"}
    assert ids(client, party="SYRREB", exact="true") == {"idlib-shelling-0", "idlib-shelling-1", "undated-0"}
    assert ids(client, actor_country="SYR", recipient_country="SYR") == {"idlib-shelling-0", "idlib-shelling-1"}
    assert ids(client, recipient_country="IRQ") == {"iraq-visit-1"}


def test_breakdown_follows_the_filter(client):
    body = client.get("/breakdown", params={"country": "SYR"}).json()
    assert body["total"] == 3
    assert [(a["code"], a["events"]) for a in body["top"]["actors"]] == [("SYRREB", 3), ("SYRMIL", 2)]
    assert [(t["event"], t["events"]) for t in body["top"]["types"]] == [("ASSAULT", 2), ("ACCUSE", 1)]
    assert [p["name"] for p in body["top"]["places"]] == ["Idlib"]
    for a in body["top"]["actors"]:  # each count is what a click on it selects
        assert a["events"] == len(ids(client, country="SYR", party=a["code"], exact="true"))
    for d in body["top"]["dyads"]:
        assert d["events"] == len(ids(client, country="SYR", actor=d["actor"], recipient=d["recipient"], exact="true"))
    # the facets: each list's counts under the other filters, so ticking a value adds what it says
    body = client.get("/breakdown", params={"event": "AGREE", "quad": 1}).json()
    assert body["total"] == len(ids(client, event="AGREE", quad=1)) == 3
    facets = body["facets"]
    for typ, n in facets["event"].items():
        assert n == len(ids(client, event=typ, quad=1)), typ
    for quad, n in facets["quad"].items():
        assert n == len(ids(client, event="AGREE", quad=quad)), quad
    assert facets["aux"] == {"future": 3}
    assert facets["sector"] == {"GOV": 3}
    everything = client.get("/breakdown").json()["facets"]
    assert everything["aux"] == {"future": 3, "negated": 1}  # negated events are counted for their own box
    assert sum(everything["quad"].values()) == len(ALL_VISIBLE)


def test_names_to_codes(client):
    iran = client.get("/names", params={"q": "Iran", "kind": "country"}).json()
    assert iran["known"] is False and iran["resolved"]["code"] == "IRN"
    assert iran["suggestions"][0]["code"] == "IRN" and iran["suggestions"][0]["name"] == "Iran"
    slip = client.get("/names", params={"q": "IRAN", "kind": "country"}).json()
    assert slip["known"] is False and "IRN" in [s["code"] for s in slip["suggestions"]]
    assert client.get("/names", params={"q": "SYR", "kind": "country"}).json()["known"] is True
    syria = client.get("/names", params={"q": "syr", "kind": "country"}).json()["suggestions"][0]
    assert (syria["code"], syria["events"]) == ("SYR", 3)
    # a person, as of a day: the office they held then
    kadhimi = client.get("/names", params={"q": "Kadhimi", "on": "2021-07-26"}).json()
    assert kadhimi["resolved"]["code"] == "IRQGOV" and "Prime Minister" in kadhimi["resolved"]["why"]
    top = kadhimi["suggestions"][0]
    assert (top["code"], top["events"]) == ("IRQGOV", len(ids(client, party="IRQGOV")))
    by_name = client.get("/names", params={"q": "ethiop"}).json()["suggestions"]
    assert [s["code"] for s in by_name] == ["ETHGOV"]
    typo = client.get("/names", params={"q": "IRQGVO"}).json()
    assert typo["known"] is False and typo["suggestions"][0]["code"] == "IRQGOV"
    assert client.get("/names", params={"q": "IRQ"}).json()["known"] is True
    assert client.get("/names", params={"q": ""}).status_code == 422


def test_commitments_take_the_filters_and_an_order(client):
    def got(**params):
        return [c["commitment_id"] for c in client.get("/commitments", params=params).json()["commitments"]]

    assert set(got()) == {"iraq-visit-2", "moyale-0", "moyale-1"}
    assert got(country="KEN") == got(party="KEN") == ["moyale-0", "moyale-1"]
    assert got(party="KENGOV", exact="true") == ["moyale-0", "moyale-1"]
    assert got(party="KEN", exact="true") == []
    assert got(since="2021-08-01") == ["moyale-0", "moyale-1"]
    assert got(until="2021-07-31") == ["iraq-visit-2"]
    assert got(order="-made_on")[0].startswith("moyale") and got(order="made_on")[0] == "iraq-visit-2"
    assert got(order="deadline")[0] == "iraq-visit-2"  # the one with a deadline first; none last
    first = client.get("/commitments", params={"order": "actor"}).json()["commitments"][0]
    assert first["actor_code"] == "ETHGOV" and first["actor_name"] == "Ethiopia"
    r = client.get("/commitments", params={"order": "colour"})
    assert r.status_code == 422 and "order" in r.json()["detail"]


# ----------------------------------------------------------------------------- downloads


@pytest.mark.parametrize(
    ("path", "fmt", "params"),
    [
        ("/events.csv", "csv", {"country": "SYR"}),
        ("/events.csv", "csv", {"with_text": "true", "order": "-confidence"}),
        ("/events.jsonl", "jsonl", {"quad": [1, 2]}),
        ("/events.jsonl", "plover-jsonl", {"with_negated": "true"}),
        ("/events.tsv", "gdelt-tsv", {"party": "SYRREB", "exact": "true"}),
        ("/events.tsv", "gdelt-tsv", {"header": "true"}),
        ("/events.tsv", "icews-tsv", {"actor_country": "SYR"}),
    ],
)
def test_downloads_are_eventmill_export(client, db_file, tmp_path, path, fmt, params):
    """The bytes of a download are those `eventmill export` writes on the same filter."""
    from click.testing import CliRunner

    from eventmill.cli import main

    r = client.get(path, params={**params, "format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment; filename=\"eventmill-events")
    out = tmp_path / "export"
    flags = []
    for key, value in params.items():
        for v in value if isinstance(value, list) else [value]:
            flag = "--" + key.replace("_", "-")
            flags += [flag] if v == "true" else [flag, str(v)]
    cli = CliRunner().invoke(main, ["export", "--db", str(db_file), "--format", fmt, "-o", str(out), *flags])
    assert cli.exit_code == 0, cli.output
    assert r.content == out.read_bytes() and r.content


def test_parquet_download_matches_export(client, db_file, tmp_path):
    import pyarrow.parquet as pq

    from eventmill.export import export_events
    from eventmill.store import EventFilter

    r = client.get("/events.parquet", params={"country": "SYR"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    (tmp_path / "got.parquet").write_bytes(r.content)
    with Store(db_file, read_only=True) as store:
        export_events(store, EventFilter(country="SYR"), "parquet", tmp_path / "want.parquet")
    got, want = pq.read_table(tmp_path / "got.parquet"), pq.read_table(tmp_path / "want.parquet")
    assert got.num_rows == 3 and got.equals(want)


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/events.jsonl", {"format": "gdelt-tsv"}, "/events.tsv?format=gdelt-tsv"),
        ("/events.csv", {"format": "parquet"}, "parquet"),
        ("/events.tsv", {"with_text": "true"}, "no column for text"),
        ("/events.csv", {"header": "true"}, "gdelt-tsv"),
        ("/events.csv", {"event": "BOMB"}, "BOMB"),
        ("/events.csv", {"order": "colour"}, "colour"),
    ],
)
def test_bad_downloads_are_422(client, path, params, words):
    r = client.get(path, params=params)
    assert r.status_code == 422 and words in r.json()["detail"], r.text


def test_openapi_and_offline_docs(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/timeseries", "/dyads", "/actors", "/commitments", "/stats",
            "/code", "/ingest"} <= set(paths)
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static-offline-docs/swagger-ui-bundle.js" in page
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


# ----------------------------------------------------------------------------- writes


def test_write_endpoints_refused_without_a_token(client):
    r = client.post("/code", json={"text": "Kenya and Ethiopia met."})
    assert r.status_code == 403 and "--token" in r.json()["detail"]
    assert client.post("/ingest", json={"documents": [{"text": "x"}]}).status_code == 403


def test_write_endpoints_need_the_right_token(writable):
    client, _ = writable
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        r = client.post("/code", json={"text": "Kenya and Ethiopia met."}, headers=headers)
        assert r.status_code == 401 and "bearer token" in r.json()["detail"]
    r = client.post("/code", json={"text": ""}, headers=AUTH)
    assert r.status_code == 422 and "text" in r.json()["detail"]


def test_code_and_ingest_with_the_token(writable, pipeline):
    client, _ = writable
    text = "Kenya and Ethiopia agreed on Monday to reopen the border crossing at Moyale."
    r = client.post("/code", json={"text": text, "date": "2026-03-10"}, headers=AUTH)
    assert r.status_code == 200
    events = r.json()["events"]
    assert "AGREE" in {e["event"] for e in events}
    assert all(text[e["text_info"]["trigger_start"] : e["text_info"]["trigger_end"]] for e in events)
    docs = [
        {"id": "api-1", "text": text, "date": "2026-03-10", "source": "API Wire"},
        {"id": "api-2", "title": "no text here"},
    ]
    r = client.post("/ingest", json={"documents": docs}, headers=AUTH)
    body = r.json()
    assert r.status_code == 200 and body["read"] == 1 and body["coded"] == 1 and body["events"] >= 1
    assert body["problems"] == ["POST /ingest record:2: record has no 'text' field (or it is empty) "
                                "(each line needs at least {\"text\": \"...\"})"]
    assert {e["story_id"] for e in client.get("/events", params={"story": "api-1"}).json()["events"]} == {"api-1"}
    again = client.post("/ingest", json={"documents": docs[:1]}, headers=AUTH).json()
    assert again["skipped"] == {"already stored": 1}


# ----------------------------------------------------------------------------- the same from Python and the CLI


def test_python_api_gives_the_same_aggregates(client, db_file):
    import eventmill

    with eventmill.open(str(db_file), read_only=True) as db:
        weekly = db.timeseries("week", country="SYR")
        api = client.get("/timeseries", params={"interval": "week", "country": "SYR"}).json()["series"]
        assert list(weekly["events"]) == [r["events"] for r in api] == [1, 1]
        dyads = db.dyads(level="country", min_events=2, country="SYR")
        assert dyads[["actor", "recipient", "events"]].values.tolist() == [["SYR", "SYR", 2]]
        assert db.event("moyale-0")["mentions"][0]["evidence"]["text"].startswith("Kenya and Ethiopia")
        assert db.event("nope") is None
        assert list(db.actors(q="IRQ")["code"]) == ["IRQGOV"]
        assert len(db.commitments(status="open")) == 3


def test_serve_command_needs_a_database(tmp_path):
    from click.testing import CliRunner

    from eventmill.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 1 and "no such database" in r.output


# ----------------------------------------------------------------------------- the read-only cache


def test_a_read_only_server_answers_a_repeated_read_from_memory():
    """serve/cache.py: the second identical GET of a cached path is not computed again;
    other paths, other queries, errors and other methods always are."""
    import asyncio

    from eventmill.serve.cache import ResponseCache

    calls: list[tuple[str, bytes]] = []

    async def app(scope, receive, send):
        calls.append((scope["path"], scope["query_string"]))
        status = 200 if b"bad" not in scope["query_string"] else 422
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"n": %d}' % len(calls), "more_body": False})

    cache = ResponseCache(app, paths=frozenset({"/breakdown"}), max_bytes=40)

    def get(path: str, query: bytes = b"", method: str = "GET") -> bytes:
        sent: list[dict] = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": []}
        asyncio.run(cache(scope, None, send))
        return sent[-1]["body"]

    assert get("/breakdown", b"quad=4") == get("/breakdown", b"quad=4") == b'{"n": 1}'
    assert get("/breakdown", b"quad=3") == b'{"n": 2}'
    assert get("/stats") == b'{"n": 3}' and get("/stats") == b'{"n": 4}'
    assert get("/breakdown", b"bad=1") == b'{"n": 5}' and get("/breakdown", b"bad=1") == b'{"n": 6}'
    assert get("/breakdown", b"quad=4", "HEAD") == b'{"n": 7}'
    for q in (b"a", b"b", b"c", b"d"):  # 40 bytes hold four answers: the oldest goes first
        get("/breakdown", q)
    assert cache.size <= 40 and (("/breakdown", b"quad=4", b"") not in cache.entries)
