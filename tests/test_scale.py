"""scale: an ingest stopped at any moment and rerun gives the store an uninterrupted one
gives, on 1 or 2 worker processes or on a 2-worker Dask LocalCluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from eventmill.ingest import ReadOptions
from eventmill.jobs import Report, ingest_documents, ingest_paths
from eventmill.records import Document
from eventmill.scale.compare import file_differences
from eventmill.store import Store

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
N = 24
_WHO = ["Kenya", "Ethiopia", "Somalia's government", "Uganda's president", "Sudanese police", "Eritrea"]
_WHAT = [
    "agreed on Monday to reopen the border with {o}",
    "accused {o} of supporting rebels on Tuesday",
    "met officials from {o} in Nairobi on Wednesday",
    "sent troops to the border with {o} on Thursday",
    "criticised {o} for the arrests",
]


def _docs(n: int) -> list[Document]:
    """Short stories, varied enough to give events of several kinds, and two exact copies."""
    docs = []
    for i in range(n):
        who, other = _WHO[i % len(_WHO)], _WHO[(i * 5 + 1) % len(_WHO)]
        text = f"{who} {_WHAT[i % len(_WHAT)].format(o=other)}, officials said. Story {i // 3}."
        docs.append(Document(id=f"d{i}", text=text, pub_date=date(2026, 3, 10) + timedelta(days=i % 4),
                             source=["Wire A", "Wire B", "Paper C"][i % 3]))
    docs += [Document(id="copy-a", text=docs[0].text, pub_date=docs[0].pub_date, source="Other"),
             Document(id="copy-b", text=docs[7].text, pub_date=docs[7].pub_date, source="Other")]
    return docs


def _jsonl(docs: list[Document], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "text": d.text, "date": str(d.pub_date), "source": d.source}) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pipeline) -> Path:
    """The store an uninterrupted ingest of the corpus gives (one process)."""
    path = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    with Store(path) as store:
        ingest_documents(_docs(N), store, pipeline, Report())
    return path


_same = file_differences


def test_ctrl_c_then_rerun(tmp_path: Path, pipeline, reference: Path):
    db = tmp_path / "r.duckdb"
    docs = _docs(N)
    for stop_after in (3, 7, 5):  # interrupted three times, each after a few more documents
        report = Report()
        seen = {"n": 0}

        def interrupt(_doc, seen=seen, stop_after=stop_after):
            seen["n"] += 1
            if seen["n"] == stop_after:
                raise KeyboardInterrupt

        report.on_document = interrupt
        with Store(db) as store, pytest.raises(KeyboardInterrupt):
            ingest_documents(docs, store, pipeline, report, commit_every=4)
    with Store(db) as store:
        report = Report()
        ingest_documents(docs, store, pipeline, report, commit_every=4)
        assert report.skipped["already stored"] > 0 and report.coded < N
        runs = store.sql("SELECT count(*) AS n, count(finished_at) AS done FROM runs").values.tolist()
        assert runs == [[4, 1]]  # three interrupted runs, one finished
    assert _same(db, reference) == []


def _wal_grown(db: Path, proc: subprocess.Popen, timeout: float = 240) -> None:
    """Wait until the ingest has committed some documents (its write-ahead log grows)."""
    wal = Path(str(db) + ".wal")
    start = time.monotonic()
    first = None
    while time.monotonic() - start < timeout and proc.poll() is None:
        size = wal.stat().st_size if wal.exists() else 0
        if size and first is None:
            first = size
        if first is not None and size > first + 20_000:
            return
        time.sleep(0.05)


def test_sigkill_with_two_workers_then_resume(tmp_path: Path, pipeline, reference: Path):
    import psutil

    src = _jsonl(_docs(N), tmp_path / "in.jsonl")
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen(
        [EVENTMILL, "ingest", str(src), "--db", str(db), "--commit-every", "2", "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _wal_grown(db, proc)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, "worker processes outlived their killed parent"
    with Store(db) as store:
        stored = store.sql("SELECT count(*) AS n FROM documents")["n"][0]
        assert 0 < stored < N + 2
        report = Report()  # the same command again (in this process, to spare loading the model)
        ingest_paths([str(src)], store, ReadOptions(), pipeline, report, commit_every=2)
        assert report.skipped["already stored"] == stored
    assert _same(db, reference) == []


def test_sigterm_stops_like_ctrl_c(tmp_path: Path, pipeline, monkeypatch):
    from click.testing import CliRunner

    import eventmill.jobs
    from eventmill.cli import main

    src = _jsonl(_docs(N), tmp_path / "in.jsonl")
    db = tmp_path / "t.duckdb"
    real_write = eventmill.jobs._write
    calls = {"n": 0}

    def write_then_get_killed(*args, **kwargs):
        real_write(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(eventmill.jobs, "_write", write_then_get_killed)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "--commit-every", "2"])
        assert signal.getsignal(signal.SIGTERM) == previous  # the ingest's handler only while it runs
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 130, result.output
    assert "stopping after the current batch" in result.output
    assert "interrupted" in result.output and "rerun the same command to continue" in result.output
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT count(*) AS n FROM documents")["n"][0] == 4  # two whole batches


@pytest.fixture
def foreground_sigint():
    """Ctrl-C as a foreground process gets it. The suite itself may run as a background job,
    where the shell has set SIGINT to be ignored (and StopRequest rightly leaves it so): that made
    the Ctrl-C test fail when CI was started in the background."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_second_ctrl_c_stops_at_once(foreground_sigint):
    from eventmill.scale.stop import StopRequest

    with StopRequest() as stop:
        stop.check()  # nothing asked yet
        # raise_signal runs the handler in this (the main) thread before it returns
        signal.raise_signal(signal.SIGINT)  # the first: only noted
        assert stop.requested and not stop.forced
        with pytest.raises(KeyboardInterrupt):
            stop.check()
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # the second: raised where it lands
        assert stop.forced
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_background_job_keeps_ignoring_ctrl_c(foreground_sigint):
    from eventmill.scale.stop import StopRequest

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as the shell starts a background job
    with StopRequest() as stop:
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN  # Ctrl-C is not meant for it
        signal.raise_signal(signal.SIGINT)
        assert not stop.requested
    assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_dask_local_cluster_matches_the_local_engine(tmp_path: Path, reference: Path):
    pytest.importorskip("distributed")
    from eventmill.jobs import read_documents
    from eventmill.scale.dask_engine import ingest_dask

    src = _jsonl(_docs(N), tmp_path / "in.jsonl")
    db = tmp_path / "d.duckdb"
    report = Report()
    with Store(db) as store:
        run = ingest_dask(read_documents([str(src)], ReadOptions(), report), store, report, [str(src)],
                          workers=2, partition_size=3)
    assert len(run.by_worker) == 2, run.by_worker  # both workers coded partitions
    assert all(w["partitions"] >= 1 for w in run.by_worker.values())
    assert sum(w["documents"] for w in run.by_worker.values()) == N
    assert report.skipped == {"duplicate text": 2}
    assert not (tmp_path / "d.duckdb.staging").exists()  # loaded partitions are cleared
    assert _same(db, reference) == []
