"""ingest: read news from files and streams into :class:`~eventmill.records.Document` records.

Formats: plain text (one document per file), JSON Lines, CSV/TSV, HTML (main text via
trafilatura), RSS/Atom feeds, WARC/ARC web archives, Parquet; gzip- or zstd-compressed
files of the stream formats; directories and glob patterns; ``-`` for standard input.
"""

from eventmill.ingest.common import Item, ReadOptions, Skipped
from eventmill.ingest.dates import parse_pub_date
from eventmill.ingest.paths import iter_items
from eventmill.ingest.readers import FORMATS

__all__ = ["FORMATS", "Item", "ReadOptions", "Skipped", "iter_items", "parse_pub_date"]
