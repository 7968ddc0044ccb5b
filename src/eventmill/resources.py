"""Reading the bundled data files (``src/eventmill/data``).

Every file is a TSV with ``#`` comment lines first (what it is, its source and licence),
then a header row, then data rows. Lists inside a cell are separated by ``|``; ``-`` or an
empty cell means nothing. A table is named by its path under ``data/`` (a ``str``), or given
as a file of the user's (a ``Path``), read the same way.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-" else value


class Row(dict[str, str]):
    """A data row (header -> cell) that remembers its line, so a loader can say where a bad value is."""

    line: int = 0

    def where(self, relpath: str | Path) -> str:
        return f"{display_name(relpath)}:{self.line}"


def display_name(relpath: str | Path) -> str:
    """How a table is named in messages: ``data/events/verbs.tsv`` or the user's file."""
    return str(relpath) if isinstance(relpath, Path) else f"data/{relpath}"


@lru_cache(maxsize=64)
def read_tsv(relpath: str | Path) -> tuple[Row, ...]:
    """Rows of ``data/<relpath>`` (or of a file) as dicts (header -> cell), comments skipped. Cached."""
    source = relpath if isinstance(relpath, Path) else resources.files("eventmill") / "data" / relpath
    text = source.read_text(encoding="utf-8")
    header: list[str] | None = None
    rows: list[Row] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        elif len(cells) > len(header):
            raise ValueError(f"{display_name(relpath)}:{lineno}: {len(cells)} cells, header has {len(header)}")
        row = Row((h, _cell(c)) for h, c in zip(header, cells))
        row.line = lineno
        rows.append(row)
    return tuple(rows)


def split(cell: str) -> list[str]:
    """A ``|``-separated cell as a list (empty cell -> [])."""
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []


@lru_cache(maxsize=16)
def word_classes(relpath: str | Path) -> dict[str, frozenset[str]]:
    """The named word classes of a ``class / words / note`` table (``data/lang/en/words.tsv``,
    ``data/events/words.tsv``, ...): class -> its words. A class defined twice is an error."""
    out: dict[str, frozenset[str]] = {}
    for row in read_tsv(relpath):
        name = row["class"]
        if name in out:
            raise ValueError(f"{row.where(relpath)}: word class {name!r} is defined twice")
        words = frozenset(split(row["words"]))
        if not words:
            raise ValueError(f"{row.where(relpath)}: word class {name!r} has no words")
        out[name] = words
    return out
