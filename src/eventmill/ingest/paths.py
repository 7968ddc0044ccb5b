"""Turn the paths a user typed into the files to read: directories, globs, stdin."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventmill import errors as E
from eventmill.errors import InputError
from eventmill.ingest.common import Item, ReadOptions
from eventmill.ingest.readers import format_of, read_file, read_stdin

_GLOB_CHARS = set("*?[")


def expand(paths: Iterable[str | Path], options: ReadOptions) -> Iterator[str | InputError]:
    """Yield ``"-"`` or file paths in a stable order, or an error for a missing path.

    A directory is walked recursively for files of a known format (sorted, hidden files
    skipped); a pattern with ``*``/``?``/``[`` that is not an existing file is a glob.
    """
    for raw in paths:
        s = str(raw)
        if s == "-":
            yield "-"
            continue
        p = Path(s)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and format_of(f, options.format)
            )
            if not files:
                yield InputError(s, "directory holds no readable files", E.H_UNSUPPORTED)
            yield from (str(f) for f in files)
        elif p.exists():
            yield s
        elif _GLOB_CHARS & set(s):
            matches = sorted(m for m in glob.glob(s, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(s, "no files match this pattern")
            yield from matches
        else:
            yield InputError(s, E.E_MISSING, "check the path")


def iter_items(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Item]:
    """Read every path in turn (``-`` is standard input; directories are walked)."""
    options = options or ReadOptions()
    for entry in expand(paths, options):
        if isinstance(entry, InputError):
            yield entry
        elif entry == "-":
            yield from read_stdin(options)
        else:
            yield from read_file(Path(entry), options)
