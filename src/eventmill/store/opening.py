"""Opening the database file, and saying what went wrong when it cannot be opened or written.

DuckDB reports every file problem as an ``IOException`` whose text carries the system's
reason. People need to know which of several different things happened: the disk is
full, the location is read-only, a part of the path is not a folder, or another process
(which one) holds the file. :func:`explain` turns DuckDB's message into that sentence;
:func:`connect` opens the file, waiting for another process's lock when asked to.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

import duckdb

from eventmill.errors import StoreError

_LOCK = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")
WAIT_STEP = 0.25


def lock_holder(message: str) -> tuple[int, str] | None:
    """(PID, what it is running) of the process DuckDB says holds the file's lock."""
    m = _LOCK.search(message)
    if not m:
        return None
    pid = int(m.group("pid"))
    return pid, _command_of(pid) or m.group("exe")


def _command_of(pid: int) -> str | None:
    """The command line of a process (Linux /proc), shortened: ``eventmill ingest news.jsonl``."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    if not args:
        return None
    for i, arg in enumerate(args):  # `python .../bin/eventmill ingest ...` reads as `eventmill ingest ...`
        if Path(arg).name == "eventmill":
            args = ["eventmill", *args[i + 1 :]]
            break
    command = " ".join(args)
    return command if len(command) <= 120 else command[:117] + "..."


def explain(path: str, exc: BaseException, *, writing: bool = True) -> str:
    """One sentence saying what happened to the database at ``path`` and what to do."""
    message = str(exc)
    first = message.splitlines()[0] if message else type(exc).__name__
    holder = lock_holder(message)
    if holder is not None:
        pid, command = holder
        if pid == os.getpid():
            return f"{path}: this process has the database open already"
        advice = (
            "wait for it to finish or rerun with --wait SECONDS"
            if writing
            else "a reader cannot open a database another process is writing; wait for it to finish"
        )
        if "serve" in command:
            advice = "stop the server to ingest, or start it with --token and send documents to POST /ingest"
        return (
            f"{path}: in use by another process (PID {pid}: {command}); DuckDB lets one process write a "
            f"database, or several read it, not both: {advice}"
        )
    parent = str(Path(path).parent)
    if "No space left on device" in message or "Disk quota exceeded" in message:
        return (
            f"{path}: the disk is full ({first}); free some space and rerun the same command: "
            "what was committed is kept"
        )
    if "Read-only file system" in message:
        return f"{path}: the location is on a read-only file system; put the database on a writable disk (--db)"
    if "Permission denied" in message:
        return f"{path}: permission denied; check the file's and the folder's permissions, or choose another --db"
    if "Not a directory" in message:
        return f"{path}: a part of this path is a file, not a folder"
    if "Is a directory" in message:
        return f"{path}: is a folder; give a file name, e.g. {Path(path) / 'eventmill.duckdb'}"
    if "No such file or directory" in message:
        return f"{path}: the folder {parent} does not exist; create it first"
    if "not a valid DuckDB database file" in message:
        return f"{path}: is not an eventmill database (not a DuckDB file); choose another --db"
    verb = "write to" if writing else "open"
    return f"{path}: cannot {verb} the database ({first})"


def is_file_problem(exc: BaseException) -> bool:
    """A failure of the file or the disk (not of one document's values): the batch cannot go on."""
    return isinstance(exc, duckdb.IOException | OSError) or "No space left on device" in str(exc)


def connect(path: str, *, read_only: bool, wait: float = 0.0, attached: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file; while another process holds its lock, retry for ``wait`` seconds.

    With ``attached`` (read-only), the file is attached as the catalog ``store`` to a
    database in memory, where tables of the process's own can be made (see
    :meth:`~eventmill.store.Store.hold_events_in_memory`).
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            if attached:
                con = duckdb.connect(":memory:")
                try:
                    con.execute(f"ATTACH '{_quoted(path)}' AS store (READ_ONLY)")
                except BaseException:
                    con.close()
                    raise
                con.execute(f"SET search_path = '{SEARCH_PATH}'")
                return con
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if lock_holder(str(exc)) is not None and time.monotonic() < deadline:
                time.sleep(WAIT_STEP)
                continue
            raise StoreError(explain(path, exc, writing=not read_only)) from exc
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise StoreError(f"{path}: is not an eventmill database ({first})") from exc


SEARCH_PATH = "memory.main,store.main"  # the process's own tables first, then the file's


def _quoted(path: str) -> str:
    return path.replace("'", "''")


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if the failure left one (a failed commit, or a full
    disk, ends it already: rolling back then would only hide the real error)."""
    with contextlib.suppress(duckdb.Error):
        con.rollback()
