"""Built tables kept between runs: a table that takes seconds to build from its sources (the
gazetteer from GeoNames' cities, the recasing name table) is pickled into the cache directory
at first use and read back by later processes in a fraction of the time.

A cached table is named by a hash of everything it is built from: the source files' bytes,
the code that builds it, eventmill's and Python's versions. A changed source or a changed
rule gives a new name, so a stale table is never read; the old file is removed when the new
one is written. The cache directory is the knowledge base's (``$EVENTMILL_CACHE``, else
``$XDG_CACHE_HOME/eventmill``, else ``~/.cache/eventmill``); when it cannot be written
(a read-only home, a locked-down server) the table is built in memory each time, the same
content, slower to start. Nothing here touches the network.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PACKAGE = Path(__file__).resolve().parent


def package_file(relpath: str) -> Path:
    """A file of the installed package (``geo/gazetteer.py``, ``data/place/admin1.tsv``)."""
    return PACKAGE / relpath


def cache_dir() -> Path:
    """Where compiled tables and stores go: ``$EVENTMILL_CACHE``, else ``$XDG_CACHE_HOME/eventmill``,
    else ``~/.cache/eventmill``."""
    env = os.environ.get("EVENTMILL_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "eventmill"


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it on success: concurrent processes
    building the same compiled store never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _digest(parts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha1()
    for name, data in sorted(parts):
        h.update(name.encode() + b"\0")
        h.update(data)
    return h.hexdigest()[:16]


def cached_table(name: str, sources: Iterable[Path], build: Callable[[], T], versions: str = "") -> T:
    """The table ``build()`` makes, read from the cache when one built from the same
    ``sources`` (data files and the modules that build it) and ``versions`` (of what else
    it reads: a model) is there, else built and stored."""
    from eventmill import __version__

    paths = sorted(set(sources))
    try:
        parts = [(_source_name(p), p.read_bytes()) for p in paths]
    except OSError:  # a source that cannot be read: no key, build as the code says
        return build()
    parts.append(("version", f"{__version__} {sys.version} {versions}".encode()))
    target = cache_dir() / f"{name}-{_digest(parts)}.pickle"
    table = _read(target)
    if table is not None:
        return table  # type: ignore[return-value]
    table = build()
    with suppress(OSError, pickle.PicklingError):  # an unwritable cache: keep the table built in memory
        with atomic_file(target) as tmp, open(tmp, "wb") as f:
            pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
        _prune(target, name)
    return table


def _source_name(path: Path) -> str:
    """A source's name in a table's key: its place inside the package, so that two installations
    (virtual environments, checkouts) of the same files share one compiled table; its content is
    in the key too."""
    try:
        return path.resolve().relative_to(PACKAGE).as_posix()
    except ValueError:
        return str(path)


def _prune(target: Path, name: str, keep: int = 3) -> None:
    """Delete tables built from older sources, but the ``keep`` newest (two installations
    sharing a cache keep theirs)."""
    others = sorted((p for p in target.parent.glob(f"{name}-*.pickle") if p != target),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[keep - 1:]:
        with suppress(OSError):
            old.unlink()


def _read(path: Path) -> object | None:
    """The pickled table at ``path``, or None when it is missing or damaged (then rebuilt)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    # hundreds of thousands of small objects: the cyclic collector would walk them all
    # several times over while they are created, for nothing (they are all kept)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)  # our own file, in the user's own cache directory
    except Exception:  # a truncated or foreign file: build the table again
        return None
    finally:
        if enabled:
            gc.enable()

