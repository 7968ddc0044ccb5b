"""The short soak (the hour-long one is ``benchmarks/serve_load.py --soak 3600``): a writing
`eventmill serve` answering readers on every endpoint while stories arrive through
`POST /ingest`, with no error and its memory flat once warm."""

from __future__ import annotations

import http.client
import json
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from tests.synthetic_store import build_store
from tests.test_serve_hardening import _free_port

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
TOKEN = "soak-token"
SECONDS = 8
PATHS = [("/events", {}), ("/events", {"country": "SYR"}), ("/events", {"event": "AGREE", "order": "-date"}),
         ("/dyads", {}), ("/dyads", {"level": "country"}), ("/timeseries", {"interval": "week"}),
         ("/timeseries", {"interval": "month", "by": "type"}), ("/places", {}), ("/stats", {}),
         ("/actors", {"q": "KEN"}), ("/commitments", {})]
STORIES = ["Kenya and Ethiopia agreed on {day} to reopen the Moyale border crossing.",
           "Sudanese troops shelled rebel positions near Khartoum on {day}, killing {n} people.",
           "Kenyan police arrested {n} protesters in Nairobi on {day}."]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_serving_while_ingesting_stays_flat(tmp_path: Path):
    db = tmp_path / "soak.duckdb"
    shutil.copy(build_store(tmp_path / "base.duckdb"), db)
    port = _free_port()
    server = subprocess.Popen([EVENTMILL, "serve", "--db", str(db), "--port", str(port), "--token", TOKEN],
                              stderr=subprocess.PIPE, text=True)
    statuses: list[tuple[str, int]] = []
    stop = threading.Event()

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while not stop.is_set():
            path, params = rng.choice(PATHS)
            conn.request("GET", path + ("?" + urllib.parse.urlencode(params) if params else ""))
            resp = conn.getresponse()
            resp.read()
            statuses.append((path, resp.status))

    def ingester(stored: list[int]) -> None:
        rng = random.Random(7)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        n = 0
        while not stop.is_set():
            docs = [{"id": f"soak-{n}-{k}", "date": "2026-03-10",
                     "text": rng.choice(STORIES).format(day=rng.choice(["Monday", "Tuesday"]), n=rng.randint(2, 40))}
                    for k in range(3)]
            n += 1
            conn.request("POST", "/ingest", body=json.dumps({"documents": docs}),
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
            resp = conn.getresponse()
            body = json.loads(resp.read())
            statuses.append(("/ingest", resp.status))
            if resp.status == 200:
                stored.append(body["read"])
            time.sleep(0.5)

    try:
        assert server.stderr is not None
        while "serving" not in (line := server.stderr.readline()):
            assert line, "the server stopped before it said it was serving"
        threading.Thread(target=server.stderr.read, daemon=True).start()
        stored: list[int] = []
        threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
        threads.append(threading.Thread(target=ingester, args=(stored,)))
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while not stored and time.monotonic() < deadline:  # warm: the model is loaded, the first batch in
            time.sleep(0.2)
        samples = []
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            samples.append(_rss_mb(server.pid))
            time.sleep(1)
        stop.set()
        for t in threads:
            t.join(120)
    finally:
        stop.set()
        server.terminate()
        server.wait(30)
    assert stored and sum(stored) >= 3 * len(stored)  # every batch read whole
    assert [s for s in statuses if s[1] != 200] == []
    assert len({p for p, _ in statuses}) == len({p for p, _ in PATHS}) + 1
    assert len(statuses) > 100
    settled = samples[len(samples) // 4:]
    assert max(settled) - settled[0] < 60, samples  # MB: flat once warm (the hour-long run: docs/performance.md)
