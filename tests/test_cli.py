"""The eventmill command: code, ingest, query, export, and bad input on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventmill.cli import main

from .conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_code_is_deterministic(runner, tmp_path: Path):
    a = run(runner, "code", EXAMPLES / "articles.jsonl", "-o", tmp_path / "a.jsonl")
    b = run(runner, "code", EXAMPLES / "articles.jsonl", "-o", tmp_path / "b.jsonl")
    assert a.exit_code == 0 and b.exit_code == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert "4 documents read" in a.stderr


def test_code_stdin_text_and_jsonl(runner):
    r = run(runner, "code", "-", "--date", "2021-07-27", input="The Iraqi prime minister met the US president.\n")
    assert r.exit_code == 0 and "1 documents read" in r.stderr
    r = run(runner, "code", "-", input='{"id": "x", "text": "Police arrested protesters."}\n{"bad json\n')
    assert r.exit_code == 0
    assert "<stdin>:2: not valid JSON" in r.stderr


def test_bad_date_is_one_clear_line(runner):
    r = run(runner, "code", EXAMPLES / "ministers-meet.txt", "--date", "27/07/2021")
    assert r.exit_code == 2
    assert "'27/07/2021' is not a date; use YYYY-MM-DD" in r.stderr
    assert "Traceback" not in r.output


def test_nothing_processed_exits_non_zero(runner, tmp_path: Path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    r = run(runner, "code", empty, tmp_path / "missing.txt")
    assert r.exit_code == 1
    lines = [x for x in r.stderr.splitlines() if "error:" in x]
    assert lines == [
        f"eventmill: error: {empty}: empty file, nothing to read",
        f"eventmill: error: {tmp_path / 'missing.txt'}: no such file or directory (check the path)",
    ]


def test_some_bad_input_still_processes_the_rest(runner, tmp_path: Path):
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"text": "The army attacked the rebels."}\nnot json\n{"id": 3}\n', encoding="utf-8")
    r = run(runner, "code", p)
    assert r.exit_code == 0
    assert f"{p}:2: not valid JSON" in r.stderr and f"{p}:3: record has no 'text' field" in r.stderr
    assert "1 documents read" in r.stderr


def test_csv_missing_column(runner, tmp_path: Path):
    p = tmp_path / "a.csv"
    p.write_text("id,body\n1,Troops withdrew from the town.\n", encoding="utf-8")
    r = run(runner, "code", p)
    assert r.exit_code == 1 and "CSV has no column 'text' (columns: id, body)" in r.stderr
    r = run(runner, "code", p, "--text-col", "body")
    assert r.exit_code == 0 and "1 documents read" in r.stderr


def test_ingest_is_idempotent_and_queryable(runner, tmp_path: Path):
    db = tmp_path / "e.duckdb"
    r1 = run(runner, "ingest", EXAMPLES / "articles.jsonl", "--db", db)
    assert r1.exit_code == 0, r1.output
    first = json.loads(run(runner, "stats", "--db", db).stdout)
    r2 = run(runner, "ingest", EXAMPLES / "articles.jsonl", "--db", db)
    assert "4 skipped (already stored)" in r2.stderr
    second = json.loads(run(runner, "stats", "--db", db).stdout)
    assert first == second and first["documents"] == 4
    # the same text under another id is recorded as a duplicate, not coded again
    dup = tmp_path / "dup.jsonl"
    line = json.loads((EXAMPLES / "articles.jsonl").read_text().splitlines()[0])
    line["id"] = "copy-of-first"
    dup.write_text(json.dumps(line) + "\n", encoding="utf-8")
    r3 = run(runner, "ingest", dup, "--db", db)
    assert "1 skipped (duplicate text)" in r3.stderr
    third = json.loads(run(runner, "stats", "--db", db).stdout)
    assert third["documents"] == 5 and third["duplicates"] == 1
    assert third["event_mentions"] == first["event_mentions"]
    q = run(runner, "query", "--db", db, "--format", "jsonl")
    assert q.exit_code == 0
    assert len([x for x in q.stdout.splitlines() if x.strip()]) == first["events"] - _negated(runner, db)
    e = run(runner, "export", "--db", db, "--format", "csv", "-o", tmp_path / "out.csv")
    assert e.exit_code == 0 and (tmp_path / "out.csv").exists()
    s = run(runner, "stats", "--db", db, "--by", "source")
    assert "Example Wire" in s.stdout


def _negated(runner, db) -> int:
    r = run(
        runner,
        "sql",
        "--db",
        db,
        "--format",
        "csv",
        "SELECT count(*) AS n FROM event_table WHERE list_contains(aux, 'negated')",
    )
    return int(r.stdout.splitlines()[1])


def test_query_missing_db_is_clear(runner, tmp_path: Path):
    r = run(runner, "query", "--db", tmp_path / "none.duckdb")
    assert r.exit_code == 1
    assert "no such database; create it with `eventmill ingest PATH" in r.stderr


def test_console_script_runs_without_traceback(tmp_path: Path):
    exe = Path(sys.executable).with_name("eventmill")
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    proc = subprocess.run(
        [str(exe), "code", str(bad), str(EXAMPLES / "ministers-meet.txt"), "--date", "2026-03-10"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "looks like a binary file" in proc.stderr and "Traceback" not in proc.stderr
    for line in proc.stdout.splitlines():
        assert json.loads(line)["story_id"]
