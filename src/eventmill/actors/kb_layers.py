"""The knowledge base as the coder loads it: the bundled tables compiled into an indexed SQLite
store at first use (checked by a hash of the tables and of the code that reads them), and a
user's KB file of imported dictionaries laid over them (docs/kb.md, "Layers")."""

from __future__ import annotations

import sqlite3
import warnings
from collections import defaultdict
from contextlib import suppress
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventmill.actors import store
from eventmill.actors.kb import BUNDLED, Entry, KnowledgeBase
from eventmill.actors.kb_tables import load_tables
from eventmill.actors.names import fold, name_key
from eventmill.errors import ConfigError
from eventmill.geo.countries import Country

# ---------------------------------------------------------------------- the compiled store

# The modules whose code turns the tables into keys: a change to them builds a new store.
_KEY_MODULES = ("kb.py", "kb_tables.py", "kb_layers.py", "names.py", "store.py", "petrarch.py", "../lang/names.py")


def bundled_hash(root: Path | None = None) -> str:
    """A hash of the bundled tables (``root``: another copy of ``data/kb``, for tests) and of
    the code that compiles them."""
    folder = root if root is not None else resources.files("eventmill") / "data" / "kb"
    parts = [(f"data/kb/{p.name}", p.read_bytes()) for p in folder.iterdir() if p.name.endswith(".tsv")]
    here = Path(__file__).parent
    parts += [(name, (here / name).read_bytes()) for name in _KEY_MODULES]
    return store.hash_parts(parts)


def compiled_store_path() -> Path:
    return store.cache_dir() / f"kb-{bundled_hash()}.sqlite"


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The bundled knowledge base (cached: loaded once per process).

    Read from the compiled store in the cache directory, which is built from the tables on
    first use (and again whenever they change). When the cache directory cannot be written,
    the tables are read directly each time: slower to start, the same content.
    """
    return load_compiled(compiled_store_path())


def load_compiled(path: Path) -> KnowledgeBase:
    """The bundled knowledge base from the compiled store at ``path``, building it first if it
    is missing or unreadable."""
    if path.exists():
        try:
            conn = store.connect(path, readonly=True)
            try:
                return _read_bundled(conn)
            finally:
                conn.close()
        except (sqlite3.Error, ConfigError, ValueError, KeyError):
            pass  # a damaged or foreign file: build it again
    kb = load_tables()
    with suppress(OSError, sqlite3.Error, ConfigError):  # an unwritable cache: use the tables as read
        compile_store(kb, path)
    return kb


def compile_store(kb: KnowledgeBase, path: Path, keep: int = 4) -> None:
    """Write the bundled knowledge base to ``path`` (atomically), and delete older compiled
    stores beside it but the ``keep`` most recent (two installations sharing a cache keep theirs)."""
    with store.atomic_file(path) as tmp:
        conn = store.connect(tmp)
        try:
            rows = _bundled_rows(kb)
            store.write_source(conn, store.Source(BUNDLED, "bundled", "data/kb", None, "base", 0, None,
                                                  len(rows.entries), rows.count_names(), 0), rows)
        finally:
            conn.close()
    for p in sorted(path.parent.glob("kb-*.sqlite"), key=_mtime, reverse=True)[keep:]:
        with suppress(OSError):
            p.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


def _bundled_rows(kb: KnowledgeBase) -> store.SourceRows:
    rows = store.SourceRows.empty()
    rows.countries = [(c.iso3, c.iso2, c.cameo, c.name, c.capital, c.lat, c.lon, c.region)
                      for c in kb.countries.values()]
    rows.country_names = [(k, v, "name") for k, v in kb.country_names.items()]
    rows.country_names += [(k, v, "adjective") for k, v in kb.adjectives.items()]
    rows.metonyms = [(k, iso, sector) for k, (iso, sector) in kb.metonyms.items()]
    rows.capitals = sorted(kb.capitals)
    rows.sectors = [(k, s, kb.sector_kinds.get(k, "generic"), None) for k, s in kb.sectors.items()]
    rows.identity = [(t, "political" if t in kb.political_identity else "identity", kb.identity_home.get(t))
                     for t in sorted(kb.identity)]
    eids: dict[Entry, int] = {}
    for idx, index in (("orgs", kb.orgs), ("people", kb.people), ("surnames", kb.surnames)):
        for key, entries in index.items():
            for pos, e in enumerate(entries):
                eid = eids.setdefault(e, len(eids) + 1)
                rows.entry_names.append((idx, key, eid, pos))
    rows.entries = [(eid, e.kb_id, e.name, e.code, e.sector, e.country, e.kind, _iso(e.start), _iso(e.end),
                     e.role, e.title) for e, eid in eids.items()]
    return rows


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _read_bundled(conn: sqlite3.Connection) -> KnowledgeBase:
    kb = KnowledgeBase()
    _apply_source(kb, conn, BUNDLED, "base")
    if not kb.countries:
        raise ValueError("empty compiled store")
    return kb


def _apply_source(kb: KnowledgeBase, conn: sqlite3.Connection, source: str, layer: str) -> None:
    """Merge one source's rows into ``kb``: ``base`` and ``over`` set names (a name the source
    knows is answered by it), ``under`` only adds names nobody answers yet."""
    over = layer != "under"
    imported = layer != "base"

    def put(index: dict, key: str, value: object) -> bool:
        if over or key not in index:
            index[key] = value
            return True
        return False

    for code, iso2, cameo, name, capital, lat, lon, region in store.read_table(
            conn, "countries", "code, iso2, cameo, name, capital, lat, lon, region", [source]):
        if code not in kb.countries:
            kb.countries[code] = Country(code, iso2 or "", cameo or code, name, capital or "", lat, lon, region or "")
    for key, code, kind in store.read_table(conn, "country_names", "key, code, kind", [source]):
        index = kb.adjectives if kind == "adjective" else kb.country_names
        if put(index, key, code) and imported:
            kb.name_sources[key] = source
    for key, code, sector in store.read_table(conn, "metonyms", "key, code, sector", [source]):
        put(kb.metonyms, key, (code, sector))
    for (key,) in store.read_table(conn, "capitals", "key", [source]):
        kb.capitals.add(key)
    for key, sector, kind, agent_code in store.read_table(conn, "sectors", "key, sector, kind, agent_code",
                                                           [source]):
        if put(kb.sectors, key, sector):
            if key not in kb.sector_kinds or not imported:
                kb.sector_kinds[key] = kind or "generic"
            if imported:
                kb.sector_sources[key] = source
                if agent_code:
                    kb.agent_codes[key] = (agent_code, source)
            kb.max_term_words = max(kb.max_term_words, len(key.split()))
    for term, kind, home in store.read_table(conn, "identity", "term, kind, home", [source]):
        kb.identity.add(term)
        if kind == "political":
            kb.political_identity.add(term)
        if home:
            kb.identity_home[term] = home
    entries: dict[int, Entry] = {}
    days: dict[str | None, date | None] = {None: None}  # a few thousand distinct dates, parsed once
    for eid, kb_id, name, code, sector, country, kind, start, end, role, title in store.read_entries(conn, source):
        if start not in days:
            days[start] = _day(start)
        if end not in days:
            days[end] = _day(end)
        entries[eid] = Entry(kb_id, name, code, sector, country, kind, days[start], days[end], role, title,
                             kb_source=source)
    indexes = {"orgs": kb.orgs, "people": kb.people, "surnames": kb.surnames}
    if layer == "base":
        # the bundled tables, read first into empty indexes: names go straight in, in stored order
        for idx, key, eid in store.read_entry_names(conn, source):
            indexes[idx][key].append(entries[eid])
        return
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for idx, key, eid in store.read_entry_names(conn, source):
        grouped.setdefault((idx, key), []).append(entries[eid])
    for (idx, key), found in grouped.items():
        terms = indexes[idx]
        if idx != "orgs" and imported and terms.get(key):
            terms[key] = merge_terms(terms[key], found, over=over)
        else:
            put(terms, key, found)


def _same_office(a: Entry, b: Entry) -> bool:
    return a.kb_id == b.kb_id and a.role == b.role and a.country == b.country


def _minus(term: Entry, covers: list[Entry]) -> list[Entry]:
    """The parts of ``term``'s dates that none of ``covers`` covers."""
    one = timedelta(days=1)
    pieces: list[tuple[date | None, date | None]] = [(term.start, term.end)]
    for c in covers:
        out: list[tuple[date | None, date | None]] = []
        for s, e in pieces:
            if c.start is not None and (s is None or s < c.start) and c.start > date.min:
                out.append((s, c.start - one if e is None or e >= c.start else e))
            if c.end is not None and (e is None or e > c.end) and c.end < date.max:
                out.append((c.end + one if s is None or s <= c.end else s, e))
        pieces = [(s, e) for s, e in out if s is None or e is None or s <= e]
    return [replace(term, start=s, end=e) for s, e in dict.fromkeys(pieces)]


def merge_terms(known: list[Entry], new: list[Entry], *, over: bool) -> list[Entry]:
    """Office terms of one name from two layers.

    A new person with a known person's name and country is the same person, and keeps the
    known id (so a bare surname is not made ambiguous). For each office, the upper layer's
    terms stand and the lower layer's keep only the dates the upper ones do not cover (the
    built-in Karzai term from 2001 keeps its interim years when a table starts him in 2004).
    An open-ended term never overrides a term of the same office known to have ended since it
    began: a table made in 2022 cannot know who left office after.
    """
    same: dict[str, str] = {}
    for t in new:
        if t.kb_id not in same:
            same[t.kb_id] = next((k.kb_id for k in known if k.country == t.country), t.kb_id)
    new = [t if same[t.kb_id] == t.kb_id else replace(t, kb_id=same[t.kb_id]) for t in new]
    stale = [t for t in new if t.end is None and any(
        _same_office(t, k) and k.end is not None and k.end >= (t.start or date.min) for k in known)]
    new = [t for t in new if t not in stale]
    upper, lower = (new, known) if over else (known, new)
    out = list(upper)
    for t in lower:
        out.extend(_minus(t, [u for u in upper if _same_office(u, t)]))
    return out


class KnowledgeBaseWarning(UserWarning):
    """The user KB was made by a version of eventmill that matched names differently."""


# Names whose keys show how eventmill folds names; when they change, imported keys are stale.
_KEY_PROBES = ("The Côte d'Ivoire", "U.S.", "Mustafa Al-Kadhimi", "Sheikh Mohammed bin Zayed Al Nahyan",
               "al-Qaeda in the Islamic Maghreb", "Mr. O'Neill-Smith", "Ban Ki-moon", "ERDOĞAN", "NEW ZEALAND",
               "Dr. Abdullah Abdullah", "Hamas's armed wing", "СССР", "Kim Jong-un", "Raúl Castro Ruz")


@lru_cache(maxsize=1)
def key_version() -> str:
    """A hash of how names become lookup keys (names.fold and names.name_key on fixed names)."""
    parts = [(p, f"{fold(p)}|{name_key(p)}".encode()) for p in _KEY_PROBES]
    return store.hash_parts(parts)


def _layer_copy(base: KnowledgeBase) -> KnowledgeBase:
    """A knowledge base sharing the bundled entries, with its own indexes to layer into."""
    return KnowledgeBase(
        countries=dict(base.countries), country_names=dict(base.country_names), adjectives=dict(base.adjectives),
        metonyms=dict(base.metonyms), sectors=dict(base.sectors), sector_kinds=dict(base.sector_kinds),
        orgs=defaultdict(list, base.orgs), people=defaultdict(list, base.people),
        surnames=defaultdict(list, base.surnames), capitals=set(base.capitals), identity=set(base.identity),
        identity_home=dict(base.identity_home), political_identity=set(base.political_identity),
        max_term_words=base.max_term_words,
    )


def load_layered_kb(user_kb: Path | str | None = None) -> KnowledgeBase:
    """The bundled knowledge base with the user's imported sources layered over it.

    ``user_kb`` defaults to ``$EVENTMILL_KB`` or ``$XDG_DATA_HOME/eventmill/kb.sqlite``; without
    that file (or with nothing imported) this is :func:`load_kb`. Cached per file version, so
    an import made in this process is seen by the next call.
    """
    path = Path(user_kb).expanduser() if user_kb else store.default_user_kb()
    try:
        st = path.stat()
    except OSError:
        if user_kb:
            raise ConfigError(f"{path}: no such knowledge-base file") from None
        return load_kb()
    return _layered(str(path.resolve()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _layered(path_str: str, _mtime: int, _size: int) -> KnowledgeBase:
    path = Path(path_str)
    base = load_kb()
    try:
        conn = store.connect(path, readonly=True)
    except ConfigError:
        raise
    try:
        sources = store.list_sources(conn)
        if not sources:
            return base
        kb = _layer_copy(base)
        over = [s for s in sources if s.layer != "under"]
        under = [s for s in sources if s.layer == "under"]
        for s in over:  # import order: a later source overwrites an earlier one
            _apply_source(kb, conn, s.source, "over")
        for s in reversed(under):  # latest first: it claims the free names first
            _apply_source(kb, conn, s.source, "under")
        ranked = [*reversed(over), *reversed(under)]
        kb.layer_of = {s.source: ("under" if s.layer == "under" else "over") for s in sources}
        if conn.execute("SELECT 1 FROM actors LIMIT 1").fetchone():
            kb.actors = store.ActorIndex(path, {s.source: i for i, s in enumerate(ranked)})
        kb.sources = sources
        kb.user_kb = path
        kb.version = store.content_hash(conn)
        made_with = store.get_meta(conn, "key_version")
        if made_with and made_with != key_version():
            warnings.warn(KnowledgeBaseWarning(
                f"{path}: imported by an eventmill that matched names differently; some imported names may "
                "not be found until `eventmill kb reindex` imports the sources again"), stacklevel=3)
        return kb
    finally:
        conn.close()
