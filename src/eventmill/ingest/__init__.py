"""ingest: read news from files and streams into :class:`~eventmill.records.Document` records.

Formats: plain text (one document per file), JSON Lines, CSV/TSV and HTML (main text via
trafilatura); directories and glob patterns; ``-`` for standard input.
"""

from eventmill.ingest.dates import parse_pub_date
from eventmill.ingest.readers import Item, ReadOptions, iter_items

__all__ = ["Item", "ReadOptions", "iter_items", "parse_pub_date"]
