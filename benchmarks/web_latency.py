"""The web app on a large store: a benchmark, not a test.

    python benchmarks/web_latency.py [--events 100000] [--db /tmp/eventmill-bench.duckdb] [--runs 5]

Builds (or reuses) the synthetic store of ``serve_latency.py`` (at least ``--events``
events), starts ``eventmill serve`` on it in a process of its own, and drives the app in
Debian's Chromium (Playwright, as tests/test_web.py does) at 1366×768 and 390×844:

- **first load**: from the start of the navigation (a fresh browser context, so nothing is
  cached in the browser, on a server just started, so nothing is cached there either)
  until the page is ready and the timeline, breakdown, network, map and table all show the
  store: target < 2 s; and the same load again (a read-only server answers a repeated
  read from memory, serve/cache.py);
- **filter change**: from the reader's press (the first pointerdown or keydown the page
  sees) on a quad class, an event type in the breakdown, a network node, a chip, a
  timeline period (Enter), "Clear all", until every part shows the new view: target
  < 500 ms. A view seen before on that server (removing the last filter returns to the
  first view) is reported apart: its answers come from the cache;
- **downloads**: CSV of a tenth of the events, CSV and JSON Lines of every event (negated
  included) through ``/events.csv`` and ``/events.jsonl``, read in 64 KiB pieces while
  the server's resident memory (``/proc/PID/status`` VmRSS) is sampled every 20 ms, after
  one download to warm DuckDB's buffers: rows, bytes, seconds, the server's memory before,
  at its peak during, and after. Streamed, the peak does not grow with the file's size.

Times are taken inside the page (``performance.now()``, polled each animation frame), so
they include the requests, the JSON and the drawing. Prints a table and appends a JSON
line to ``benchmarks/results/web_latency.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CHROMIUM = os.environ.get("EVENTMILL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = {"1366x768": {"width": 1366, "height": 768}, "390x844": {"width": 390, "height": 844}}
PARTS = ("#timeline", "#breakdown", "#network", "#map", "#events")
READY = ("() => document.body.dataset.ready === '1' && "
         f"{json.dumps(PARTS)}.every(s => document.querySelector(s).dataset.state === 'ready')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_ms(pid: int) -> float:
    """CPU time a process has used, user and system, in ms (from /proc/PID/stat): unlike the
    wall-clock times it does not grow when other jobs share the cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    code = "import sys; from eventmill.cli import main; sys.exit(main())"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/stats", timeout=5):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def ready_page(
    browser: Any, url: str, viewport: dict[str, int], pid: int, path: str = "/"
) -> tuple[Any, Any, float, float]:
    """A fresh browser context (nothing cached) loading the app: the ms until all is drawn,
    and the server's CPU ms meanwhile."""
    context = browser.new_context(viewport=viewport, base_url=url)
    page = context.new_page()
    cpu = cpu_ms(pid)
    page.goto(path)
    page.wait_for_function(READY, timeout=60_000)
    return context, page, float(page.evaluate("performance.now()")), cpu_ms(pid) - cpu


def filter_changes(
    page: Any, viewport: dict[str, int], seen: set[str], pid: int
) -> dict[str, tuple[float, bool, float]]:
    """One click of each kind, each from the view the previous one left: (ms, whether the
    view was seen before on this server, so its answers came from the server's cache, the
    server's CPU ms)."""
    phone = viewport["width"] < 760

    def timed(name: str, act: Any) -> tuple[str, tuple[float, bool, float]]:
        """From the reader's press or key (the first pointerdown or keydown the page sees,
        not Playwright's own preparations) to every part drawn anew."""
        before = page.url
        page.evaluate("""() => { window.__t0 = null;
            for (const kind of ['pointerdown', 'keydown']) document.addEventListener(kind,
                () => { if (window.__t0 === null) window.__t0 = performance.now(); }, { capture: true }); }""")
        cpu = cpu_ms(pid)
        act()
        page.wait_for_function(f"() => location.href !== {json.dumps(before)} && ({READY})()", timeout=60_000)
        ms = float(page.evaluate("performance.now() - window.__t0"))
        cpu = cpu_ms(pid) - cpu
        view = page.url.split("?", 1)[-1] if "?" in page.url else ""
        again = view in seen
        seen.add(view)
        return name, (ms, again, cpu)

    def tick_quad() -> None:
        if phone:
            page.click("#filters-toggle")
        page.check("#filter-form input[name=quad][value='4']")

    def close_drawer() -> None:
        if phone and page.get_attribute("#filters-toggle", "aria-expanded") == "true":
            page.click("#filters-toggle")

    def period() -> None:
        page.focus("svg.timeline rect.hit[tabindex='0']")
        page.keyboard.press("Enter")

    results = [timed("tick a quad class", tick_quad)]
    close_drawer()
    results.append(timed("pick an event type (breakdown)",
                         lambda: page.click("#breakdown .top-list >> nth=2 >> button.top-item >> nth=0")))
    results.append(timed("click a network node", lambda: page.locator("svg.network g.node").first.click()))
    results.append(timed("remove a filter (chip)", lambda: page.locator("#chips button.chip").first.click()))
    results.append(timed("choose a period (timeline, Enter)", period))
    results.append(timed("clear every filter", lambda: page.click("#chips button.linkish")))
    return dict(results)


def download(url: str, path: str, pid: int) -> dict[str, float]:
    """Read a download in 64 KiB pieces while sampling the server's memory."""
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_mb(pid))
            time.sleep(0.02)

    before = rss_mb(pid)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    size = lines = 0
    with urllib.request.urlopen(f"{url}{path}", timeout=600) as r:
        while chunk := r.read(64 * 1024):
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    time.sleep(0.5)
    return {"lines": lines, "mb": size / 1e6, "seconds": seconds, "rss_before_mb": before,
            "rss_peak_mb": max(samples, default=before), "rss_after_mb": rss_mb(pid)}


@contextmanager
def duckdb_stats(db: Path) -> Iterator[tuple[int, int]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        (events,) = con.execute("SELECT count(*) FROM events").fetchone() or (0,)
        (docs,) = con.execute("SELECT count(*) FROM documents").fetchone() or (0,)
    yield int(events), int(docs)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from serve_latency import ensure_store, store_arguments

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    store_arguments(ap)
    ap.add_argument("--runs", type=int, default=5, help="fresh servers per size")
    args = ap.parse_args()
    ensure_store(args)
    with duckdb_stats(args.db) as (n_events, n_docs):
        if n_events < args.events:
            raise SystemExit(f"{args.db} has {n_events} events, fewer than --events {args.events}; use --rebuild")
    print(f"store: {n_events} events from {n_docs} documents ({args.db}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results: dict[str, Any] = {"events": n_events, "load_before": os.getloadavg()[0]}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in SIZES.items():
            cold: list[float] = []
            used: list[float] = []
            warm: list[float] = []
            cpu: dict[str, list[float]] = {"cold": [], "used": [], "warm": []}
            changes: dict[str, list[tuple[float, bool, float]]] = {}
            for run in range(args.runs):
                # a fresh server each run: its first answers are computed, not remembered
                proc, url = start_server(args.db)
                try:
                    context, page, ms, used_cpu = ready_page(browser, url, viewport, proc.pid)
                    cold.append(ms)
                    cpu["cold"].append(used_cpu)
                    seen = {""}
                    for what, got in filter_changes(page, viewport, seen, proc.pid).items():
                        changes.setdefault(what, []).append(got)
                    context.close()
                    # a server in use (DuckDB has the store in memory) asked for a view it has not seen
                    context, page, ms, used_cpu = ready_page(browser, url, viewport, proc.pid,
                                                             f"/?quad={run % 4 + 1}&tstack=type")
                    used.append(ms)
                    cpu["used"].append(used_cpu)
                    context.close()
                    context, page, ms, used_cpu = ready_page(browser, url, viewport, proc.pid)
                    warm.append(ms)
                    cpu["warm"].append(used_cpu)
                    context.close()
                finally:
                    proc.terminate()
                    proc.wait(10)
            results[name] = {"first_load_ms": cold, "first_load_in_use_ms": used, "repeated_load_ms": warm,
                             "server_cpu_ms": cpu, "filter_change_ms": changes}
            print(f"\n{name} ({args.runs} runs), first load   target < 2000 ms")
            for label, ms, key in (("a server just started", cold, "cold"),
                                   ("a server in use, a view it has not seen", used, "used"),
                                   ("a view seen before (answers cached)", warm, "warm")):
                print(f"  {label + ':':44} median {statistics.median(ms):5.0f} ms, max {max(ms):5.0f}; "
                      f"server CPU {statistics.median(cpu[key]):4.0f} ms")
            for what, got in changes.items():
                fresh = [(ms, c) for ms, again, c in got if not again]
                cached = [ms for ms, again, _ in got if again]
                line = f"  filter change: {what:36}"
                if fresh:
                    walls = [m for m, _ in fresh]
                    line += (f" median {statistics.median(walls):5.0f} ms, max {max(walls):5.0f};"
                             f" server CPU {statistics.median(c for _, c in fresh):4.0f} ms")
                if cached:
                    line += f" (a view seen before, answers cached: median {statistics.median(cached):.0f} ms)"
                print(line + "   target < 500")
        browser.close()
    proc, url = start_server(args.db)
    try:
        print("\ndownloads (streamed; the server's resident memory sampled every 20 ms):")
        download(url, "/events.csv?with_negated=true", proc.pid)  # warm-up: DuckDB reads the tables in
        for path in ("/events.csv?with_negated=true&quad=1", "/events.csv?with_negated=true",
                     "/events.jsonl?with_negated=true"):
            d = download(url, path, proc.pid)
            results[path] = d
            print(f"  {path:38} {d['lines']:7d} lines {d['mb']:6.1f} MB in {d['seconds']:5.1f} s; server "
                  f"{d['rss_before_mb']:.0f} MB before, {d['rss_peak_mb']:.0f} MB at most during "
                  f"(+{d['rss_peak_mb'] - d['rss_before_mb']:.0f}), {d['rss_after_mb']:.0f} MB after")
    finally:
        proc.terminate()
        proc.wait(10)
    results["load_after"] = os.getloadavg()[0]
    print(f"\nload average after: {results['load_after']:.1f}")
    out = HERE / "results" / "web_latency.jsonl"
    out.parent.mkdir(exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), **results}) + "\n")


if __name__ == "__main__":
    main()
