"""Versioned schema migrations: a store written by an older eventmill opens in this one.

``meta.schema_version`` says which schema a store has (1 is eventmill 0.1.0's). Opening a
store for writing applies, in order and in one transaction, every migration from its
version up to :data:`~eventmill.store.schema.SCHEMA_VERSION`, and records each in ``meta``
(``migrated_to_N`` = when). A failed migration leaves the store as it was. A store from a
*newer* eventmill is refused with a message, never altered. Opening read-only migrates
nothing: a reader of an older store sees its tables as they are.

Each migration only adds (tables, columns with defaults, views): no stored row is changed
or lost, so an upgrade is safe to run on a store nobody has backed up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from eventmill.errors import StoreError
from eventmill.store.opening import rollback
from eventmill.store.schema import CONTEXT_COLUMNS, RECODE_TABLES, SALIENCE_COLUMN, SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class Migration:
    to_version: int
    what: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _to_2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RECODE_TABLES)


def _to_3(con: duckdb.DuckDBPyConnection) -> None:
    for column, kind in CONTEXT_COLUMNS:
        con.execute(f"ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS {column} {kind}")


def _to_4(con: duckdb.DuckDBPyConnection) -> None:
    column, kind = SALIENCE_COLUMN
    con.execute(f"ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS {column} {kind}")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "tables for `eventmill recode` (recodes, recode_counts)", _to_2),
    Migration(3, "event_mentions columns for arguments read from context (implicit actors, reported_by, "
                 "claimed, loc_near); events coded before stay without them until `eventmill recode`", _to_3),
    Migration(4, "event_mentions column salience (main or background event of its sentence); events coded "
                 "before read main until `eventmill recode`", _to_4),
)


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's schema version; None for a file without eventmill's tables (a new one)."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = 'main'"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return None
    try:
        return int(row[0])
    except (TypeError, ValueError) as exc:
        raise StoreError(f"the store's schema version {row[0]!r} is not one eventmill knows") from exc


def check_readable(con: duckdb.DuckDBPyConnection, path: str) -> int | None:
    """Refuse a store written by a newer eventmill (its tables may mean other things)."""
    version = stored_version(con)
    if version is not None and version > int(SCHEMA_VERSION):
        raise StoreError(
            f"{path}: written by a newer eventmill (schema {version}; this one knows up to {SCHEMA_VERSION}); "
            "upgrade eventmill (`pip install -U eventmill`) to open it"
        )
    return version


def upgrade(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """Bring the store to the current schema; returns what was done (empty when nothing)."""
    version = check_readable(con, path)
    if version is None or version >= int(SCHEMA_VERSION):
        return []
    done: list[str] = []
    con.begin()
    try:
        for migration in MIGRATIONS:
            if migration.to_version <= version:
                continue
            migration.apply(con)
            now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
            con.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [f"migrated_to_{migration.to_version}", now],
            )
            done.append(f"schema {migration.to_version}: {migration.what}")
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
        con.commit()
    except BaseException as exc:
        rollback(con)
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"{path}: could not upgrade the store from schema {version} ({exc}); it is unchanged") \
                from exc
        raise
    return done
