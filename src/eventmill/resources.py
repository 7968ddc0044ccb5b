"""Reading the bundled data files (``src/eventmill/data``).

Every file is a TSV with ``#`` comment lines first (what it is, its source and licence),
then a header row, then data rows. Lists inside a cell are separated by ``|``; ``-`` or an
empty cell means nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-" else value


@lru_cache(maxsize=64)
def read_tsv(relpath: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<relpath>`` as dicts (header -> cell), comments skipped. Cached."""
    text = (resources.files("eventmill") / "data" / relpath).read_text(encoding="utf-8")
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
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
            raise ValueError(f"data/{relpath}:{lineno}: {len(cells)} cells, header has {len(header)}")
        rows.append({h: _cell(c) for h, c in zip(header, cells)})
    return tuple(rows)


def split(cell: str) -> list[str]:
    """A ``|``-separated cell as a list (empty cell -> [])."""
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []
