"""Run generated cases through the readers and the coder, and check what came out.

For each case: no exception reaches the caller; every good record is read and coded;
the error lines number what the bad records call for (one each), each names the file and
the line, record or offset, in words (no Python internals); nothing else comes out. The
time and memory it took are kept for the benchmark's bounds per megabyte.
"""

from __future__ import annotations

import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventmill.errors import InputError
from eventmill.ingest import ReadOptions, iter_items
from eventmill.pipeline import coding_failure
from eventmill.records import Document
from tests.fuzz.generate import Case

# What an error line must never show: the insides of Python rather than the problem.
INTERNALS = re.compile(r"Traceback|NoneType|object has no attribute|unhashable|not subscriptable|"
                       r"takes \d+ positional|object is not|KeyError|IndexError|AttributeError|TypeError")


@dataclass
class Outcome:
    case: Case
    path: Path
    read: int = 0
    coded: int = 0
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # good markers not coded
    extra: int = 0  # documents no good record accounts for
    crash: str | None = None  # a traceback that would have reached the user
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0
    read_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.crash is None and not self.violations


_MARK = re.compile(r"Filed under (K\d{10})\.")


def _where_ok(error: InputError, path: Path) -> bool:
    """The error names the file, and the line, record or offset when it is a record's."""
    where = error.where
    if where == str(path):
        return True
    rest = where[len(str(path)):]
    return where.startswith(str(path)) and re.fullmatch(r"(:\d+|#\d+|@\d+)", rest) is not None


def run_case(case: Case, folder: Path, index: int, pipeline: Any = None) -> Outcome:
    """Write the case's file, read it, code what was read (with ``pipeline``), and check."""
    path = folder / f"{index:05d}-{case.name}"
    path.write_bytes(case.data)
    out = Outcome(case, path)
    options = ReadOptions(max_record_bytes=case.max_record)
    start = time.perf_counter()
    try:
        items = list(iter_items([str(path)], options))
    except BaseException:  # what would have reached the user as a traceback
        out.crash = traceback.format_exc()
        return out
    out.read_seconds = time.perf_counter() - start
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    out.read = len(docs)
    coded: list[Document] = []
    if pipeline is not None and docs:
        try:
            for doc in pipeline.pipe(docs):
                failure = coding_failure(doc)
                if failure is None:
                    coded.append(doc)
                else:
                    errors.append(failure)
        except BaseException:
            out.crash = traceback.format_exc()
            return out
    else:
        coded = docs
    out.seconds = time.perf_counter() - start
    out.coded = len(coded)
    out.errors = [str(e) for e in errors]
    found: set[str] = set()
    for doc in coded:
        marks = set(_MARK.findall(doc.text))
        if not marks & set(case.good):
            out.extra += 1
        found |= marks
    out.missing = [m for m in case.good if m not in found]
    for e in errors:
        if not _where_ok(e, path):
            out.violations.append(f"error does not name its place: {e}")
        if INTERNALS.search(str(e)):
            out.violations.append(f"error shows Python internals: {e}")
    if out.missing:
        out.violations.append(f"good records not coded: {out.missing}")
    n = len(errors)
    if n < case.errors:
        out.violations.append(f"{n} error lines, {case.errors} bad records: {out.errors}")
    if (n - case.errors) + out.extra > case.uncertain:
        out.violations.append(f"{n} error lines and {out.extra} unexpected documents for {case.errors} bad records "
                              f"and {case.uncertain} uncertain: {out.errors}")
    return out


def describe(out: Outcome) -> str:
    lines = [f"{out.path.name}: {out.case.kind}"]
    if out.crash:
        lines.append(out.crash)
    lines += out.violations
    return "\n  ".join(lines)
