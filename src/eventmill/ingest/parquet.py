"""Parquet files: one document per row, read in chunks through DuckDB (already eventmill's
store engine, so no second Parquet library is needed).

Columns are named as for CSV (``--text-col``, ``--id-col``, ``--date-col``; ``title``,
``source``, ``url`` and ``language`` when present). Dates may be DATE/TIMESTAMP columns,
strings or Unix times. Rows are streamed, so a file larger than memory is fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from eventmill import errors as E
from eventmill.errors import InputError
from eventmill.ingest.common import Item, ReadOptions, record_to_document

_CHUNK = 1000


def read_parquet(path: Path, options: ReadOptions) -> Iterator[Item]:
    import duckdb

    name = str(path)
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")  # a reader, not a query engine: leave the cores to the coder
        try:
            columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [name]).fetchall()]
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            yield InputError(name, f"is not a readable Parquet file ({first})")
            return
        if options.text_col not in columns:
            yield InputError(
                name,
                f"Parquet file has no column '{options.text_col}' (columns: {', '.join(columns) or 'none'})",
                E.H_CSV_COLUMN.format(opt="text-col"),
            )
            return
        wanted = {
            "text": options.text_col,
            "id": options.id_col,
            "date": options.date_col,
            "title": options.title_col,
            "source": options.source_col,
            "url": options.url_col,
            "language": "language",
        }
        present = {key: col for key, col in wanted.items() if col in columns}
        select = ", ".join(f'"{col}"' for col in present.values())
        cur = con.execute(f"SELECT {select} FROM read_parquet(?)", [name])
        keys = list(present)
        row_no = 0
        while rows := cur.fetchmany(_CHUNK):
            for row in rows:
                row_no += 1
                yield from record_to_document(dict(zip(keys, row)), f"{name}#{row_no}", options)
    finally:
        con.close()
