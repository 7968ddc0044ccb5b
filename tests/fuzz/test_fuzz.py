"""The short fuzz run (the long one is ``benchmarks/fuzz.py``, 10,000 inputs and more).

Generated files of every format, good records mixed with bad ones: each good record is
read and coded, each bad one gives one error line naming its place, nothing raises; the
heavy inputs (decompression bombs, a 5 MB article, 100,000 one-word lines) are refused
with a clear line in bounded memory; and through the command line, no traceback reaches
the user.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.generate import DEFAULT_MAX_RECORD, Gen, cases, gzip_bomb
from tests.fuzz.harness import describe, run_case

EVENTMILL = str(Path(sys.executable).parent / "eventmill")
SEED = 20260310


def test_generated_inputs_are_read_and_coded(tmp_path: Path, pipeline):
    failures = []
    kinds = set()
    for i, case in enumerate(cases(120, seed=SEED, heavy=False)):
        kinds.add(case.name.split(".", 1)[1])
        out = run_case(case, tmp_path, i, pipeline)
        if not out.ok:
            failures.append(describe(out))
    assert not failures, "\n\n".join(failures[:10])
    assert {"jsonl", "csv", "tsv", "html", "warc", "parquet", "txt"} <= {k.split(".")[0] for k in kinds}


@pytest.mark.parametrize("make", ["bomb-newlines", "bomb-text", "bomb-zeros", "one-word-lines", "big-article",
                                  "big-text"])
def test_heavy_inputs_are_refused_with_one_line(tmp_path: Path, pipeline, make: str):
    gen = Gen(SEED)
    case = {
        "bomb-newlines": lambda: gzip_bomb(1, b"\n"),
        "bomb-text": lambda: gzip_bomb(1, b"Kenya "),
        "bomb-zeros": lambda: gzip_bomb(1, b"\0"),
        "one-word-lines": gen.one_word_lines,
        "big-article": gen.big_article,
        "big-text": gen.big_text,
    }[make]()
    out = run_case(case, tmp_path, 0, pipeline)
    assert out.ok, describe(out)
    assert len(out.errors) == 1, out.errors


BOMB_RSS = """
import resource, sys
from eventmill.ingest import iter_items, ReadOptions
list(iter_items([sys.argv[1] + ".warm.jsonl"]))  # imports and first-use allocations out of the way
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
items = list(iter_items([sys.argv[1]], ReadOptions()))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) / 1024, len(items))
"""


def test_a_gzip_bomb_adds_little_to_the_readers_memory(tmp_path: Path):
    """1 MB of gzip that unpacks to a gigabyte: read in a process of its own, its peak
    resident memory grows by far less than 100 MB."""
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip_bomb(1, b"\n").data)
    (tmp_path / "bomb.jsonl.gz.warm.jsonl").write_text('{"text": "Kenya and Ethiopia met."}\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", BOMB_RSS, str(bomb)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    grown_mb, n_items = r.stdout.split()
    assert float(grown_mb) < 100 and int(n_items) == 1


def test_no_traceback_reaches_the_user(tmp_path: Path):
    """A folder of generated files through `eventmill ingest`: every bad record is one
    `eventmill: error:` line, the good ones are stored, and Python never shows through."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    chosen = [c for c in cases(36, seed=SEED + 1, heavy=False) if c.max_record == DEFAULT_MAX_RECORD]
    good = set()
    low = high = 0
    for i, case in enumerate(chosen):
        (folder / f"{i:03d}-{case.name}").write_bytes(case.data)
        good.update(case.good)
        low += case.errors
        high += case.errors + case.uncertain
    db = tmp_path / "fuzz.duckdb"
    r = subprocess.run([EVENTMILL, "ingest", str(folder), "--db", str(db), "--max-record", str(DEFAULT_MAX_RECORD)],
                       capture_output=True, text=True, timeout=600)
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert r.returncode == 0, r.stderr[-2000:]
    errors = [line for line in r.stderr.splitlines() if line.startswith("eventmill: error:")]
    assert low <= len(errors) <= high, "\n".join(errors)
    from eventmill.store import Store

    with Store(db, read_only=True) as store:
        texts = "\n".join(t or "" for t in store.sql("SELECT text FROM documents WHERE status = 'coded'")["text"])
    assert {m for m in good if f"Filed under {m}." in texts} == good  # every good record is stored, coded
    assert "documents read" in r.stderr.strip().splitlines()[-1]
