"""Load and soak on the REST API: a benchmark, not a test (``tests/test_soak.py`` is the short
soak CI runs).

    python benchmarks/serve_load.py [--events 100000] [--clients 1 8 32] [--seconds 30]
    python benchmarks/serve_load.py --soak 3600 [--soak-clients 8]

The store is the one ``serve_latency.py`` builds (at least ``--events`` synthetic events,
reused at ``--db``). ``eventmill serve`` is started as a user starts it, and loopback
clients, each on its own keep-alive connection, send a mix of requests for ``--seconds``
at each level: ``/events`` with and without filters and the next page by cursor,
``/dyads``, ``/timeseries``, ``/places`` and ``/stats``, with the filters drawn at random
so that few requests repeat. The clients run in a few processes of their own.

Load prints requests per second, the latency percentiles and the errors per level, and
the throughput as a ratio to one client's in the same run. Soak runs a writing server
(``--token``): clients read as above while one more sends a few new stories to
``POST /ingest`` every ``--ingest-every`` seconds; it samples the server's resident
memory every ten seconds and reports its start, peak, end and trend (MB per hour), and
every error. Results are appended to ``benchmarks/results/serve_load.jsonl``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from serve_latency import TYPE_WEIGHTS, _free_port, build  # noqa: E402

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
TOKEN = "load-token"


def start_server(db: Path, token: str | None = None, extra: list[str] | None = None) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    cmd = [EVENTMILL, "serve", "--db", str(db), "--port", str(port)] + (["--token", token] if token else [])
    cmd += extra or []
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # no access log
    assert proc.stderr is not None
    while "serving" not in (line := proc.stderr.readline()):
        if not line:
            raise SystemExit("the server stopped before it said it was serving")
    threading.Thread(target=lambda: proc.stderr.read() if proc.stderr else None, daemon=True).start()
    return proc, port


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process (all its threads) has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def request_mix(rng: random.Random, top: list[str]) -> tuple[str, dict]:
    """One request of the mix a dashboard and an analyst's scripts send."""
    c = rng.choice(top)
    t = rng.choice(list(TYPE_WEIGHTS))
    y = rng.choice([2019, 2020, 2021, 2022])
    m = rng.randint(1, 6)
    roll = rng.random()
    if roll < 0.30:
        params = rng.choice([{"actor": c, "event": t},
                             {"country": c, "since": f"{y}-{m:02d}-01", "until": f"{y}-12-31"},
                             {"event": t, "min_confidence": round(rng.uniform(0.5, 0.9), 2)}, {"party": c},
                             {}, {"quad": rng.randint(1, 4), "order": "-date"}])
        return "/events", params
    if roll < 0.45:
        return "/dyads", rng.choice([{}, {"level": "country"}, {"country": c}, {"event": t, "limit": 100}])
    if roll < 0.65:
        return "/timeseries", rng.choice([{"interval": "week"}, {"interval": "month", "by": "type"},
                                          {"interval": "week", "country": c}, {"interval": "day", "since": f"{y}-01-01",
                                                                               "until": f"{y}-03-31"}])
    if roll < 0.85:
        return "/places", rng.choice([{}, {"country": c}, {"event": t}, {"limit": 500}])
    return "/stats", {}


def _client(port: int, seconds: float, seed: int, top: list[str], results: list, pause: float = 0.0) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    deadline = time.monotonic() + seconds
    cursor: str | None = None
    while time.monotonic() < deadline:
        path, params = request_mix(rng, top)
        if path == "/events" and cursor and rng.random() < 0.3:
            params = {"party": top[0], "cursor": cursor}
        url = path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
        t0 = time.perf_counter()
        try:
            conn.request("GET", url)
            resp = conn.getresponse()
            body = resp.read()
            status = resp.status
        except OSError as exc:
            status, body = 599, str(exc).encode()
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        results.append((time.perf_counter() - t0, status, path))
        if path == "/events" and status == 200 and params.get("party") == top[0]:
            cursor = json.loads(body).get("next_cursor")
        if pause:
            time.sleep(pause)


def _client_process(port: int, seconds: float, seed: int, threads: int, top: list[str], queue,
                    pause: float = 0.0) -> None:
    results: list = []
    pool = [threading.Thread(target=_client, args=(port, seconds, seed * 100 + k, top, results, pause))
            for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put(results)


def run_clients(port: int, clients: int, seconds: float, top: list[str], seed: int = 1, pause: float = 0.0) -> list:
    """``clients`` concurrent keep-alive clients for ``seconds`` (each waiting ``pause`` between
    requests); every request's (latency, status, path)."""
    processes = min(clients, 4)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    per = [clients // processes + (1 if k < clients % processes else 0) for k in range(processes)]
    procs = [multiprocessing.Process(target=_client_process, args=(port, seconds, seed * 10 + k, n, top, queue, pause))
             for k, n in enumerate(per)]
    for p in procs:
        p.start()
    results = []
    for _ in procs:
        results += queue.get()
    for p in procs:
        p.join()
    return results


def summarize(results: list, seconds: float) -> dict:
    ok = sorted(r[0] for r in results if r[1] == 200)
    errors = [r for r in results if r[1] != 200]

    def pct(q: float) -> float:
        return round(1000 * ok[min(len(ok) - 1, int(q * len(ok)))], 1) if ok else float("nan")

    return {"requests": len(results), "req_per_s": round(len(ok) / seconds, 1), "p50_ms": pct(0.50),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99), "errors": len(errors),
            "error_statuses": sorted({r[1] for r in errors})}


def top_countries(db: Path) -> list[str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(
            "SELECT actor_country FROM event_table GROUP BY 1 ORDER BY count(*) DESC LIMIT 20").fetchall()]


def load(args: argparse.Namespace) -> dict:
    top = top_countries(args.db)
    server, port = start_server(args.db, extra=args.server_args.split())
    try:
        run_clients(port, 2, 3, top)  # warm-up: caches, connections
        rows = {}
        for n in args.clients:
            t0 = time.perf_counter()
            cpu0 = cpu_seconds(server.pid)
            results = run_clients(port, n, args.seconds, top, seed=n)
            rows[n] = summarize(results, time.perf_counter() - t0)
            cpu = cpu_seconds(server.pid) - cpu0
            rows[n]["server_cpu_ms_per_request"] = round(1000 * cpu / max(1, len(results)), 1)
            rows[n]["server_rss_mb"] = round(rss_mb(server.pid))
            print(f"{n:>3} clients: {json.dumps(rows[n])}", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    base = rows[args.clients[0]]["req_per_s"] or 1
    print(f"{'clients':>8} {'req/s':>8} {'x 1st':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
          f"{'CPU ms/req':>10}")
    for n, r in rows.items():
        print(f"{n:>8} {r['req_per_s']:>8} {r['req_per_s'] / base:>6.2f} {r['p50_ms']:>8} {r['p95_ms']:>8} "
              f"{r['p99_ms']:>8} {r['errors']:>7} {r['server_cpu_ms_per_request']:>10}")
    return {"levels": rows, "server_args": args.server_args}


def _ingest_client(port: int, seconds: float, every: float, results: list) -> None:
    from synthetic_news import stories

    deadline = time.monotonic() + seconds
    source = stories(100_000, sentences=3, seed=int(time.time()))
    while time.monotonic() < deadline:
        docs = [next(source) for _ in range(4)]
        t0 = time.perf_counter()
        # a connection per batch: the server closes one left idle for more than 5 seconds
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        try:
            conn.request("POST", "/ingest", body=json.dumps({"documents": docs}),
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except OSError:
            status = 599
        finally:
            conn.close()
        results.append((time.perf_counter() - t0, status, "/ingest"))
        time.sleep(max(0.0, every - (time.perf_counter() - t0)))


def soak(args: argparse.Namespace) -> dict:
    """A writing server for ``--soak`` seconds: readers, an ingester, the server's memory."""
    import shutil

    db = args.db.with_name(args.db.stem + "-soak.duckdb")
    shutil.copy(args.db, db)
    top = top_countries(db)
    server, port = start_server(db, token=TOKEN, extra=args.server_args.split())
    samples: list[tuple[float, float]] = []
    ingested: list = []
    try:
        start = time.monotonic()
        ingester = threading.Thread(target=_ingest_client, args=(port, args.soak, args.ingest_every, ingested))
        ingester.start()
        reads: list = []
        reader = threading.Thread(target=lambda: reads.extend(
            run_clients(port, args.soak_clients, args.soak, top, pause=args.pause)))
        reader.start()
        while reader.is_alive():
            samples.append((time.monotonic() - start, rss_mb(server.pid)))
            reader.join(10)
        ingester.join()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)
        db.unlink(missing_ok=True)
    settled = [s for s in samples if s[0] >= min(300.0, args.soak / 5)] or samples  # after the warm-up
    xs, ys = [s[0] / 3600 for s in settled], [s[1] for s in settled]
    slope = statistics.linear_regression(xs, ys).slope if len(settled) > 2 else 0.0
    out = {
        "seconds": args.soak,
        "clients": args.soak_clients,
        "pause": args.pause,
        "reads": summarize(reads, args.soak),
        "ingests": summarize(ingested, args.soak),
        "rss_mb_start": round(settled[0][1]), "rss_mb_peak": round(max(ys)), "rss_mb_end": round(ys[-1]),
        "rss_mb_per_hour": round(slope, 1),
        "rss_samples": [(round(t), round(m)) for t, m in samples[:: max(1, len(samples) // 60)]],
    }
    print(json.dumps(out, indent=1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/eventmill-bench.duckdb"))
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--soak", type=float, default=0, help="soak for this many seconds instead of the load levels")
    ap.add_argument("--soak-clients", type=int, default=8)
    ap.add_argument("--ingest-every", type=float, default=5.0)
    ap.add_argument("--pause", type=float, default=0.0, help="soak: each client's pause between requests (s)")
    ap.add_argument("--server-args", default="", help="more options for `eventmill serve`, e.g. '--cache-mb 0'")
    args = ap.parse_args()
    if not args.db.exists():
        build(args.db, args.events)
    result = soak(args) if args.soak else load(args)
    result.update({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "db": str(args.db), "load_average": os.getloadavg(),
                   "cpus": os.cpu_count()})
    out = HERE / "results" / "serve_load.jsonl"
    out.parent.mkdir(exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
