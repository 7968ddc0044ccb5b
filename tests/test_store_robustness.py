"""Nothing stored is ever orphaned, and the store says what happened when it cannot go on.

The case that started it: a record dated 0001-01-01 crashed the merge after another record
with the same text had been stored as its "duplicate"; the rerun skipped that duplicate
as stored, and its article's events never came back. Here every write step of an ingest
is made to fail in turn, and a rerun must always end with the store an uninterrupted
ingest gives.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from eventmill.errors import StoreError
from eventmill.ingest import ReadOptions
from eventmill.jobs import Report, ingest_documents, ingest_paths
from eventmill.records import Document
from eventmill.scale.compare import file_differences
from eventmill.store import Store
from eventmill.store.opening import explain

STORIES = [
    "Kenyan police arrested twelve protesters in Nairobi on Monday.",
    "Ethiopia and Kenya agreed on Tuesday to reopen the Moyale border crossing.",
    "Somalia's government accused Eritrea of supporting rebels on Wednesday.",
    "Uganda's president met Sudanese officials in Kampala on Thursday.",
    "Sudanese troops shelled rebel positions near Khartoum on Friday.",
]


def _corpus() -> list[Document]:
    """Two batches of three (``commit_every=3``): the 0001-01-01 record, its copy and a
    story in the first; then a copy of that story, another outlet's retelling of it (merged
    with it into one event across batches) and one more story."""
    def doc(i: str, text: str, day: date | None) -> Document:
        return Document(id=i, text=text, pub_date=day, source=f"Wire {i[-1]}")

    return [
        doc("a0", STORIES[0], None),  # its date was 0001-01-01: refused at reading, stored without one
        doc("b0", STORIES[0], date(2021, 7, 27)),  # the same text: a duplicate of a0, in the same batch
        doc("c1", STORIES[1], date(2021, 7, 27)),
        doc("e1", STORIES[1], date(2021, 7, 28)),  # a copy of c1, a batch later
        doc("k1", RETOLD, date(2021, 7, 28)),  # c1's event told by another outlet
        doc("d2", STORIES[2], date(2021, 7, 28)),
    ]


RETOLD = "Kenya and Ethiopia agreed on Tuesday to reopen their shared border crossing at Moyale."


class _Cached:
    """The real pipeline, its codings remembered: the failure test codes the same documents
    a hundred times over, and the coder's output does not change between runs."""

    def __init__(self, pipeline: Any) -> None:
        self.pipeline = pipeline
        self.coder = pipeline.coder
        self.done: dict[str, Document] = {}

    def pipe(self, docs: list[Document], prepared: bool = False, keep_parse: bool = True):
        for d in docs:
            if d.id not in self.done:
                [self.done[d.id]] = list(self.pipeline.pipe([copy.copy(d)], prepared=prepared))
            coded = copy.copy(self.done[d.id])
            coded.origin = d.origin
            yield coded


@pytest.fixture(scope="module")
def cached(pipeline) -> _Cached:
    return _Cached(pipeline)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, cached) -> Path:
    path = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    with Store(path) as store:
        ingest_documents(_corpus(), store, cached, Report(), commit_every=3)  # type: ignore[arg-type]
    return path


_differences = file_differences


def test_the_0001_case_stores_both_records(tmp_path: Path, pipeline):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": STORIES[0], "date": "0001-01-01"}) + "\n"
        + json.dumps({"id": "b", "text": STORIES[0], "date": "2021-07-27"}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        report = ingest_paths([str(src)], store, ReadOptions(), pipeline, Report())
        assert report.warnings == 1 and "'0001-01-01' is outside what eventmill can store" in report.problems[0]
        assert report.problems[0].startswith(f"{src}:1: ")
        rows = [list(r) for r in store.con.execute(
            "SELECT doc_id, status, duplicate_of FROM documents ORDER BY doc_id").fetchall()]
        assert rows == [["a", "coded", None], ["b", "duplicate", "a"]]
        assert store.sql("SELECT count(*) AS n FROM event_mentions WHERE doc_id = 'a'")["n"][0] >= 1
        again = ingest_paths([str(src)], store, ReadOptions(), pipeline, Report())
        assert again.skipped == {"already stored": 2}


class _Failing:
    """A DuckDB connection that fails at its ``at``-th call (before it, or just after it
    has taken effect: a crash right after a commit), as a full disk or a crash would."""

    def __init__(self, con: duckdb.DuckDBPyConnection, at: int, after: bool) -> None:
        self._con = con
        self.at = at
        self.after = after
        self.calls = 0

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.at and not self.after:
            raise duckdb.IOException(f"injected failure before call {self.calls} ({name})")
        result = getattr(self._con, name)(*args, **kwargs)
        if self.calls == self.at and self.after:
            raise duckdb.IOException(f"injected failure after call {self.calls} ({name})")
        return result

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("execute", *args, **kwargs)

    def begin(self) -> Any:
        return self._call("begin")

    def commit(self) -> Any:
        return self._call("commit")

    def register(self, *args: Any) -> Any:
        return self._call("register", *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _ingest_failing(db: Path, cached: _Cached, at: int, after: bool) -> int:
    """Ingest with the store failing at one call; returns how many calls the run made."""
    store = Store(db)
    failing = _Failing(store.con, at, after)
    store.con = failing  # type: ignore[assignment]
    try:
        ingest_documents(_corpus(), store, cached, Report(), commit_every=3)  # type: ignore[arg-type]
    except (StoreError, duckdb.Error):
        pass  # the run stops, as it would on a full disk
    finally:
        failing._con.close()
    return failing.calls


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder for many small stores: in memory (tmpfs) where the machine has one."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="eventmill-", dir=shm))
        yield folder
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


def test_a_failure_at_any_write_step_loses_nothing_on_rerun(scratch: Path, cached, reference: Path):
    counting = _Failing(duckdb.connect(), 0, False)
    store = Store(scratch / "count.duckdb")
    counting._con, store.con = store.con, counting  # type: ignore[assignment]
    steps: list[str] = []
    real_call = counting._call
    counting._call = lambda name, *a, **k: (  # type: ignore[method-assign]
        steps.append(name if name != "execute" else str(a[0]).split()[0].upper()), real_call(name, *a, **k))[1]
    ingest_documents(_corpus(), store, cached, Report(), commit_every=3)  # type: ignore[arg-type]
    counting._con.close()
    assert steps.count("commit") >= 2 and len(steps) > 30  # every read, write and merge step of two batches
    # Fail before each step that changes the store (a failing read stops a run as the next
    # write would), and right after each commit (the batch is stored, the run is not told).
    writes = ("begin", "register", "commit", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP")
    cases = [(at, False) for at, name in enumerate(steps, start=1) if name in writes]
    cases += [(at, True) for at, name in enumerate(steps, start=1) if name == "commit"]
    for at, after in cases:
        db = scratch / f"fail-{at}-{after}.duckdb"
        _ingest_failing(db, cached, at, after)
        with Store(db) as store:  # the same command again
            report = ingest_documents(_corpus(), store, cached, Report(), commit_every=3)  # type: ignore[arg-type]
        assert report.errors == 0
        assert _differences(db, reference) == [], (at, after, steps[at - 1])
        db.unlink()


def test_a_duplicate_is_coded_when_its_original_cannot_be(tmp_path: Path, cached, monkeypatch):
    """The original fails (here: its coding is refused); its copy is coded in its place,
    never left pointing at an original that is not stored."""
    import eventmill.scale.workers as workers
    from eventmill.errors import InputError

    real = workers._checked

    def refuse_a0(doc: Document):
        return InputError(doc.origin or doc.id, "not stored: refused for the test") if doc.id == "a0" else real(doc)

    monkeypatch.setattr(workers, "_checked", refuse_a0)
    with Store(tmp_path / "p.duckdb") as store:
        report = ingest_documents(_corpus(), store, cached, Report(), commit_every=3)  # type: ignore[arg-type]
        rows = dict(store.sql("SELECT doc_id, status FROM documents").values.tolist())
        orphans = store.sql(
            "SELECT count(*) AS n FROM documents d WHERE status = 'duplicate' "
            "AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.doc_id = d.duplicate_of)")["n"][0]
    assert "a0" not in rows and rows["b0"] == "coded"
    assert orphans == 0
    assert report.errors == 1 and report.coded == 4 and report.skipped == {"duplicate text": 1}


def test_an_event_date_the_store_cannot_hold_refuses_that_document_only(tmp_path: Path, cached):
    """A coding the store cannot hold (an event dated in year 9999, which the merge's
    look-ahead would overflow on) is that document's error; the batch goes on."""

    class FarFuture(_Cached):
        def pipe(self, docs, prepared=False, keep_parse=True):
            for d in cached.pipe(docs, prepared):
                if d.id == "far":
                    d.events = [dataclasses.replace(ev, date="9999-06-01") for ev in d.events]
                yield d

    docs = [Document(id="far", text=STORIES[0], pub_date=date(2021, 7, 27), origin="in.jsonl:1"),
            Document(id="near", text=STORIES[1], pub_date=date(2021, 7, 27), origin="in.jsonl:2")]
    with Store(tmp_path / "d.duckdb") as store:
        report = ingest_documents(docs, store, FarFuture(cached.pipeline), Report())  # type: ignore[arg-type]
        stored = set(store.sql("SELECT doc_id FROM documents")["doc_id"])
    assert stored == {"near"}
    assert report.problems == ["in.jsonl:1: not stored: an event's date 9999-06-01 is outside what eventmill can "
                               "store (0002-01-01..9998-12-31)"]


# ----------------------------------------------------------------------------- messages


def _held(db: Path, read_only: bool = False) -> subprocess.Popen:
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == '1'); "
            "print('held', flush=True); time.sleep(float(sys.argv[3]))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), "1" if read_only else "0", "60"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_held_store_names_the_process_holding_it(tmp_path: Path):
    db = tmp_path / "h.duckdb"
    Store(db).close()
    holder = _held(db)
    try:
        with pytest.raises(StoreError) as err:
            Store(db)
        assert f"in use by another process (PID {holder.pid}: " in str(err.value)
        assert "--wait" in str(err.value)
        with pytest.raises(StoreError, match=f"PID {holder.pid}"):
            Store(db, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def test_a_second_ingest_waits_for_the_first_and_loses_nothing(tmp_path: Path, pipeline):
    from eventmill.cli import main

    db = tmp_path / "w.duckdb"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"s{i}", "text": t, "date": "2021-07-27"}) + "\n"
                           for i, t in enumerate(STORIES)), encoding="utf-8")
    Store(db).close()
    holder = _held(db)
    try:
        refused = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
        assert refused.exit_code == 1 and f"PID {holder.pid}" in refused.output
        assert "Traceback" not in refused.output
    finally:
        holder.kill()
        holder.wait()
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(2)"
    brief = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    assert brief.stdout is not None and brief.stdout.readline().strip() == "held"
    waited = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "--wait", "60"])
    brief.wait()
    assert waited.exit_code == 0, waited.output
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT count(*) AS n FROM documents")["n"][0] == len(STORIES)


def test_ingest_beside_a_reading_server_says_so(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    eventmill = str(Path(sys.executable).parent / "eventmill")
    from tests.test_serve_hardening import _free_port

    server = subprocess.Popen([eventmill, "serve", "--db", str(db), "--port", str(_free_port())],
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        while "serving" not in (line := server.stderr.readline()):
            assert line, "the server stopped before it said it was serving"
        with pytest.raises(StoreError) as err:
            Store(db)
        assert f"PID {server.pid}: eventmill serve" in str(err.value)
        assert "stop the server to ingest" in str(err.value)
    finally:
        server.terminate()
        server.wait(10)


def test_file_problems_are_told_apart(tmp_path: Path):
    plain = tmp_path / "file"
    plain.write_text("x")
    with pytest.raises(StoreError, match="a part of this path is a file, not a folder"):
        Store(plain / "x.duckdb")
    with pytest.raises(StoreError, match="does not exist; create it first"):
        Store(tmp_path / "missing" / "x.duckdb")
    with pytest.raises(StoreError, match="is a folder; give a file name"):
        Store(tmp_path)
    garbage = tmp_path / "g.duckdb"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="is not an eventmill database"):
        Store(garbage)
    # DuckDB's own words for the cases a test cannot always make (no root: no small disk to fill)
    full = duckdb.IOException('IO Error: Could not write file "x.duckdb": No space left on device')
    assert explain("x.duckdb", full).startswith("x.duckdb: the disk is full")
    ro = duckdb.IOException('IO Error: Cannot open file "x.duckdb": Read-only file system')
    assert "read-only file system" in explain("x.duckdb", ro)
    for message in (str(full), str(ro)):
        assert "another eventmill process" not in explain("x.duckdb", duckdb.IOException(message))


def _mounted(path: Path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_a_full_disk_and_a_read_only_one_say_so(tmp_path: Path):
    """On real small and read-only file systems (tmpfs), where this machine lets us mount."""
    from tests.synthetic_store import document, story_events

    small, ro = tmp_path / "small", tmp_path / "ro"
    if not _mounted(small, "size=2m"):
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        db = small / "full.duckdb"
        with Store(db) as store, pytest.raises(StoreError) as err:
            for n in range(10_000):
                docs = []
                for story, events in story_events().items():
                    d = document(story, events)
                    d.id, d.text = f"{story}-{n}", d.text * 200
                    for ev in d.events:
                        ev.story_id = d.id
                        ev.id = f"{ev.id}-{n}"
                    docs.append(d)
                store.write_documents(docs)
        assert "the disk is full" in str(err.value), err.value
        assert "no transaction is active" not in str(err.value)
        assert _mounted(ro, "ro,size=1m")
        try:
            with pytest.raises(StoreError, match="read-only file system"):
                Store(ro / "x.duckdb")
        finally:
            subprocess.run(["umount", str(ro)], check=False)
    finally:
        subprocess.run(["umount", str(small)], check=False)
