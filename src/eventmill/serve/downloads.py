"""Downloads of the filtered events (``GET /events.csv``, ``.jsonl``, ``.tsv``, ``.parquet``).

The rows are ``eventmill export``'s (``eventmill.export``: the same columns, the same order,
the same notes), so a download and the command line agree row for row. Text formats are
streamed: rows are read from a DuckDB cursor a thousand at a time and sent in chunks of
about 64 KiB, so the server never holds a download in memory, whatever its size. Parquet
ends with a footer that describes the whole file, so it is written to a temporary file
first (by DuckDB, on disk) and that file is streamed and then deleted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response, StreamingResponse

from eventmill.errors import ConfigError
from eventmill.export import check_options, export_lines, write_parquet
from eventmill.store import Store
from eventmill.store.query import EventFilter

# extension -> the formats it can carry (the first is the default)
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "csv": ("csv",),
    "jsonl": ("jsonl", "plover-jsonl"),
    "tsv": ("gdelt-tsv", "icews-tsv"),
    "parquet": ("parquet",),
}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "plover-jsonl": "application/x-ndjson; charset=utf-8",
    "gdelt-tsv": "text/tab-separated-values; charset=utf-8",
    "icews-tsv": "text/tab-separated-values; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}
FILE_NAMES = {
    "csv": "eventmill-events.csv",
    "jsonl": "eventmill-events.jsonl",
    "plover-jsonl": "eventmill-events.plover.jsonl",
    "gdelt-tsv": "eventmill-events.gdelt.tsv",
    "icews-tsv": "eventmill-events.icews.tsv",
    "parquet": "eventmill-events.parquet",
}
CHUNK = 64 * 1024


def choose_format(ext: str, fmt: str | None) -> str:
    """The format a request for ``/events.<ext>?format=<fmt>`` asks for, checked."""
    allowed = EXTENSIONS[ext]
    if fmt is None:
        return allowed[0]
    if fmt not in allowed:
        others = [f"/events.{e}?format={f}" for e, fs in EXTENSIONS.items() for f in fs if f == fmt]
        hint = f"; ask for {others[0]}" if others else ""
        raise ConfigError(f"format={fmt!r} is not served as .{ext} (it serves {', '.join(allowed)}){hint}")
    return fmt


def _chunks(head: str, rows: Iterator[str]) -> Iterator[bytes]:
    parts = [head] if head else []
    size = len(head)
    try:
        for line in rows:
            parts.append(line)
            size += len(line)
            if size >= CHUNK:
                yield "".join(parts).encode("utf-8")
                parts, size = [], 0
        if parts:
            yield "".join(parts).encode("utf-8")
    finally:
        close = getattr(rows, "close", None)
        if close is not None:  # a client that hangs up closes the cursor too
            close()


def download(store: Store, flt: EventFilter, fmt: str, *, with_text: bool, header: bool) -> Response:
    """The response for one download: streamed text, or a parquet file streamed from disk."""
    check_options(fmt, with_text=with_text, header=header)
    disposition = {"Content-Disposition": f'attachment; filename="{FILE_NAMES[fmt]}"'}
    if fmt == "parquet":
        fd, name = tempfile.mkstemp(prefix="eventmill-download-", suffix=".parquet")
        os.close(fd)
        path = Path(name)
        try:
            write_parquet(store, flt, path, with_text=with_text)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return FileResponse(path, media_type=MEDIA_TYPES[fmt], headers=disposition,
                            background=BackgroundTask(path.unlink, missing_ok=True))
    head, rows = export_lines(store, flt, fmt, with_text=with_text, header=header)
    return StreamingResponse(_chunks(head, rows), media_type=MEDIA_TYPES[fmt], headers=disposition)
