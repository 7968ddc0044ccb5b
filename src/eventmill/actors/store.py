"""The knowledge base on disk: one SQLite schema for the compiled built-in tables and for
the user's knowledge-base file of imported dictionaries.

Two kinds of file use it:

- the **compiled store** of the bundled tables (``data/kb/*.tsv``), built at first use into
  the cache directory as ``kb-<hash>.sqlite``. The hash covers the tables and the code that
  turns them into keys, so a changed table or a changed name-folding rule builds a new
  store; an unwritable cache directory means the tables are simply read each time.
- the **user KB** (``--kb FILE``, ``$EVENTMILL_KB``, default
  ``$XDG_DATA_HOME/eventmill/kb.sqlite``), holding imported sources, each with its
  ``kb_source`` name, layer (over or under the built-in entries) and content hash.

Both are plain SQLite: ``sqlite3 ~/.local/share/eventmill/kb.sqlite 'select * from sources'``
shows what was imported. Rows are written in one transaction per source, so an interrupted
import leaves the file as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from eventmill.actors.petrarch import CodeRule, rule_on
from eventmill.errors import ConfigError
from eventmill.tables import atomic_file, cache_dir  # noqa: F401  (kb_layers reads them here)

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,      -- the kb_source entries carry, e.g. petrarch:Phoenix.agents.txt
    kind TEXT NOT NULL,           -- bundled | petrarch-actors | petrarch-agents | petrarch-verbs | officeholders
    path TEXT,                    -- the file it was imported from
    sha1 TEXT,                    -- of that file's bytes
    layer TEXT NOT NULL,          -- over | under the built-in entries
    seq INTEGER NOT NULL,         -- import order: a later source wins over an earlier one
    imported_at TEXT,
    records INTEGER, names INTEGER, warnings INTEGER
);
CREATE TABLE IF NOT EXISTS countries (
    source TEXT, code TEXT, iso2 TEXT, cameo TEXT, name TEXT, capital TEXT, lat REAL, lon REAL, region TEXT);
CREATE TABLE IF NOT EXISTS country_names (source TEXT, key TEXT, code TEXT, kind TEXT);  -- kind: name | adjective
CREATE TABLE IF NOT EXISTS metonyms (source TEXT, key TEXT, code TEXT, sector TEXT);
CREATE TABLE IF NOT EXISTS capitals (source TEXT, key TEXT);
CREATE TABLE IF NOT EXISTS sectors (source TEXT, key TEXT, sector TEXT, kind TEXT, agent_code TEXT);
CREATE TABLE IF NOT EXISTS identity (source TEXT, term TEXT, kind TEXT, home TEXT);
CREATE TABLE IF NOT EXISTS entries (   -- organisations, armed groups, office terms
    eid INTEGER PRIMARY KEY, source TEXT, kb_id TEXT, name TEXT, code TEXT, sector TEXT, country TEXT,
    kind TEXT, start TEXT, end TEXT, role TEXT, title TEXT);
CREATE TABLE IF NOT EXISTS entry_names (source TEXT, idx TEXT, key TEXT, eid INTEGER, pos INTEGER);
CREATE TABLE IF NOT EXISTS actors (    -- PETRARCH actor records: codes with date restrictions
    aid INTEGER PRIMARY KEY, source TEXT, kb_id TEXT, name TEXT, rules TEXT, line INTEGER);
CREATE TABLE IF NOT EXISTS actor_names (source TEXT, key TEXT, aid INTEGER, phrase TEXT);
CREATE TABLE IF NOT EXISTS verb_rows (  -- PETRARCH verb patterns compiled into lexicon rows (events/lexicon.py)
    source TEXT, cells TEXT);           -- the row's cells as JSON, with "parent" for a code that is not CAMEO's
CREATE INDEX IF NOT EXISTS actor_names_key ON actor_names (key);
CREATE INDEX IF NOT EXISTS entry_names_key ON entry_names (idx, key);
"""

# Tables that hold a source's rows (all have a ``source`` column).
_SOURCE_TABLES = ("countries", "country_names", "metonyms", "capitals", "sectors", "identity", "entries",
                  "entry_names", "actors", "actor_names", "verb_rows")


def default_user_kb() -> Path:
    """The user KB file: ``$EVENTMILL_KB``, else ``$XDG_DATA_HOME/eventmill/kb.sqlite``,
    else ``~/.local/share/eventmill/kb.sqlite``."""
    env = os.environ.get("EVENTMILL_KB")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share") / "eventmill" / "kb.sqlite"


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a KB file (creating it and its schema unless ``readonly``)."""
    path = Path(path)
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("SELECT 1 FROM meta LIMIT 1")
            return conn
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.executescript(SCHEMA)
        if get_meta(conn, "schema") is None:
            set_meta(conn, "schema", SCHEMA_VERSION)
            conn.commit()
    except (sqlite3.DatabaseError, OSError) as exc:
        raise ConfigError(f"{path}: cannot open the knowledge-base file ({exc})") from exc
    schema = get_meta(conn, "schema")
    if schema != SCHEMA_VERSION:
        conn.close()
        raise ConfigError(f"{path}: knowledge-base schema {schema}, this eventmill reads {SCHEMA_VERSION}; "
                          "delete the file and import the sources again")
    return conn


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def file_sha1(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class Source:
    """An imported source (or the bundled tables) as listed in ``sources``."""

    source: str
    kind: str
    path: str | None
    sha1: str | None
    layer: str
    seq: int
    imported_at: str | None
    records: int
    names: int
    warnings: int


def list_sources(conn: sqlite3.Connection) -> list[Source]:
    """Sources in import order."""
    rows = conn.execute("SELECT source, kind, path, sha1, layer, seq, imported_at, records, names, warnings "
                        "FROM sources ORDER BY seq").fetchall()
    return [Source(*r) for r in rows]


@dataclass
class SourceRows:
    """Everything one source contributes, ready to write."""

    countries: list[tuple[Any, ...]]
    country_names: list[tuple[str, str, str]]
    metonyms: list[tuple[str, str, str]]
    capitals: list[str]
    sectors: list[tuple[str, str, str, str | None]]
    identity: list[tuple[str, str, str | None]]
    entries: list[tuple[Any, ...]]  # (eid, kb_id, name, code, sector, country, kind, start, end, role, title)
    entry_names: list[tuple[str, str, int, int]]  # (idx, key, eid, pos)
    actors: list[tuple[int, str, str, tuple[CodeRule, ...], int]]  # (aid, kb_id, name, rules, line)
    actor_names: list[tuple[str, int, str]]  # (key, aid, phrase)
    verbs: list[dict[str, str]] = field(default_factory=list)  # compiled verb rows (lexicon cells)

    @classmethod
    def empty(cls) -> SourceRows:
        return cls([], [], [], [], [], [], [], [], [], [])

    def count_names(self) -> int:
        return (len(self.country_names) + len(self.metonyms) + len(self.sectors) + len(self.entry_names)
                + len(self.actor_names))


def write_source(conn: sqlite3.Connection, src: Source, rows: SourceRows) -> None:
    """Replace ``src.source``'s rows with ``rows`` in one transaction. A source imported
    again keeps its place in the import order."""
    name = src.source
    with conn:  # one transaction: all or nothing
        old = conn.execute("SELECT seq FROM sources WHERE source = ?", (name,)).fetchone()
        seq = old[0] if old else (conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM sources").fetchone()[0])
        _delete_rows(conn, name)
        eid0 = conn.execute("SELECT coalesce(max(eid), 0) FROM entries").fetchone()[0]
        aid0 = conn.execute("SELECT coalesce(max(aid), 0) FROM actors").fetchone()[0]
        conn.executemany("INSERT INTO countries VALUES (?,?,?,?,?,?,?,?,?)", [(name, *r) for r in rows.countries])
        conn.executemany("INSERT INTO country_names VALUES (?,?,?,?)", [(name, *r) for r in rows.country_names])
        conn.executemany("INSERT INTO metonyms VALUES (?,?,?,?)", [(name, *r) for r in rows.metonyms])
        conn.executemany("INSERT INTO capitals VALUES (?,?)", [(name, k) for k in rows.capitals])
        conn.executemany("INSERT INTO sectors VALUES (?,?,?,?,?)", [(name, *r) for r in rows.sectors])
        conn.executemany("INSERT INTO identity VALUES (?,?,?,?)", [(name, *r) for r in rows.identity])
        conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         [(eid0 + r[0], name, *r[1:]) for r in rows.entries])
        conn.executemany("INSERT INTO entry_names VALUES (?,?,?,?,?)",
                         [(name, idx, key, eid0 + eid, pos) for idx, key, eid, pos in rows.entry_names])
        conn.executemany("INSERT INTO actors VALUES (?,?,?,?,?,?)",
                         [(aid0 + aid, name, kb_id, nm, json.dumps(rules_to_json(rules)), line)
                          for aid, kb_id, nm, rules, line in rows.actors])
        conn.executemany("INSERT INTO actor_names VALUES (?,?,?,?)",
                         [(name, key, aid0 + aid, phrase) for key, aid, phrase in rows.actor_names])
        conn.executemany("INSERT INTO verb_rows VALUES (?,?)", [(name, json.dumps(r)) for r in rows.verbs])
        conn.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (name, src.kind, src.path, src.sha1, src.layer, seq,
                      src.imported_at or datetime.now(UTC).isoformat(timespec="seconds"),
                      src.records, src.names, src.warnings))
        _update_content_hash(conn)


def remove_source(conn: sqlite3.Connection, name: str) -> bool:
    """Delete a source and its rows; False if there was no such source."""
    with conn:
        if conn.execute("SELECT 1 FROM sources WHERE source = ?", (name,)).fetchone() is None:
            return False
        _delete_rows(conn, name)
        conn.execute("DELETE FROM sources WHERE source = ?", (name,))
        _update_content_hash(conn)
    return True


def _delete_rows(conn: sqlite3.Connection, name: str) -> None:
    for table in _SOURCE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE source = ?", (name,))  # fixed table names


def _update_content_hash(conn: sqlite3.Connection) -> None:
    """The user layer's version: a hash of which sources, from which file contents, in which
    layer and order. Events coded with it record it in ``coder.data``."""
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for s in list_sources(conn):
        h.update(f"{s.source}\t{s.kind}\t{s.sha1}\t{s.layer}\t{s.seq}\n".encode())
    set_meta(conn, "content_hash", h.hexdigest())


def content_hash(conn: sqlite3.Connection) -> str:
    return get_meta(conn, "content_hash") or ""


# ---------------------------------------------------------------------- reading


def read_table(conn: sqlite3.Connection, table: str, columns: str, sources: Sequence[str]) -> Iterator[tuple]:
    """Rows of ``table`` from these sources, in the sources' order, then insertion order."""
    for name in sources:
        yield from conn.execute(f"SELECT {columns} FROM {table} WHERE source = ? ORDER BY rowid",
                                (name,))


def read_verb_rows(conn: sqlite3.Connection, source: str) -> list[dict[str, str]]:
    """A verb dictionary's compiled rows, in the order they were written."""
    return [json.loads(r[0]) for r in conn.execute("SELECT cells FROM verb_rows WHERE source = ? ORDER BY rowid",
                                                   (source,))]


def read_entries(conn: sqlite3.Connection, source: str) -> Iterator[tuple]:
    return conn.execute("SELECT eid, kb_id, name, code, sector, country, kind, start, end, role, title "
                        "FROM entries WHERE source = ? ORDER BY eid", (source,))


def read_entry_names(conn: sqlite3.Connection, source: str) -> Iterator[tuple]:
    return conn.execute("SELECT idx, key, eid FROM entry_names WHERE source = ? ORDER BY rowid", (source,))


@dataclass(frozen=True, slots=True)
class ImportedActor:
    """An imported PETRARCH actor record matched by a phrase."""

    source: str
    kb_id: str  # the record's primary phrase as written, e.g. BARACK_OBAMA
    name: str
    rules: tuple[CodeRule, ...]
    line: int  # of the primary phrase in the imported file
    phrase: str  # the phrase that matched, as written

    def rule_on(self, day: date | None) -> tuple[CodeRule | None, bool]:
        return rule_on(self.rules, day)


def rules_to_json(rules: Iterable[CodeRule]) -> list[dict[str, Any]]:
    return [{"code": r.code, "kind": r.kind, "start": r.start.isoformat() if r.start else None,
             "end": r.end.isoformat() if r.end else None} for r in rules]


def rules_from_json(data: list[dict[str, Any]]) -> tuple[CodeRule, ...]:
    return tuple(CodeRule(d["code"], d["kind"], date.fromisoformat(d["start"]) if d["start"] else None,
                          date.fromisoformat(d["end"]) if d["end"] else None) for d in data)


class ActorIndex:
    """Imported PETRARCH actor phrases, queried through the SQLite index on demand.

    A Phoenix import holds about 35,000 phrases; reading them all into dictionaries at every
    start would cost more than the lookups a document makes (docs/kb.md has the figures), so
    phrases are looked up when the resolver asks and each answer is remembered.
    """

    def __init__(self, path: Path, ranks: dict[str, int]) -> None:
        self.path = path
        self.ranks = ranks  # source -> rank (lower wins)
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._memo: dict[str, list[ImportedActor]] = {}

    def __getstate__(self) -> dict[str, Any]:  # picklable for worker processes: reconnect there
        return {"path": self.path, "ranks": self.ranks, "_conn": None, "_pid": 0, "_memo": {}}

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            self._conn = connect(self.path, readonly=True)
            self._pid = os.getpid()
        return self._conn

    def lookup(self, key: str) -> list[ImportedActor]:
        """Records with a phrase that folds to ``key``, best first (by source rank, then file
        order)."""
        hit = self._memo.get(key)
        if hit is None:
            rows = self._connection().execute(
                "SELECT a.source, a.kb_id, a.name, a.rules, a.line, n.phrase, a.aid FROM actor_names n "
                "JOIN actors a ON a.aid = n.aid WHERE n.key = ?", (key,)).fetchall()
            rows = [r for r in rows if r[0] in self.ranks]
            rows.sort(key=lambda r: (self.ranks[r[0]], r[6]))
            hit = [ImportedActor(r[0], r[1], r[2], rules_from_json(json.loads(r[3])), r[4], r[5]) for r in rows]
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[key] = hit
        return hit


# ---------------------------------------------------------------------- writing a file atomically


def hash_parts(parts: Iterable[tuple[str, bytes]]) -> str:
    """A short hash of named byte strings (file names and contents), in name order."""
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for name, data in sorted(parts):
        h.update(name.encode() + b"\0")
        h.update(data)
    return h.hexdigest()[:16]
