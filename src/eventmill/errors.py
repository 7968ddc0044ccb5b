"""eventmill's error catalogue.

Bad input never stops a batch: readers *yield* an :class:`InputError` in place of the
document they could not read, the CLI prints it as one line and goes on. Each message says
where (file and line or record), what was wrong, and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass


class EventmillError(Exception):
    """Base class for errors eventmill raises on purpose (never shown as a traceback)."""


class ConfigError(EventmillError):
    """A bad option or setting, e.g. an unparseable ``--date``."""


class StoreError(EventmillError):
    """The event store cannot be opened or written."""


@dataclass(frozen=True, slots=True)
class InputError:
    """One input record (or a whole file) that could not be read.

    ``where`` is the file, with ``:LINE`` for line-based formats; ``problem`` says what is
    wrong; ``hint`` says what to do.
    """

    where: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        msg = f"{self.where}: {self.problem}"
        return f"{msg} ({self.hint})" if self.hint else msg


@dataclass(frozen=True, slots=True)
class InputWarning:
    """A record that was read, but with something dropped or assumed (e.g. a bad date)."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


# The catalogue: one place for the wording of input problems.
E_MISSING = "no such file or directory"
E_EMPTY = "empty file, nothing to read"
E_BINARY = "looks like a binary file, not text"
E_NOT_UTF8 = "is not valid UTF-8 (undecodable byte 0x{byte:02x} at byte {offset})"
H_NOT_UTF8 = "re-encode it as UTF-8, e.g. `iconv -f latin1 -t utf-8`"
E_JSON = "not valid JSON ({msg})"
E_NUL_LINE = "line holds NUL bytes (binary data, not JSON)"
E_JSON_OBJECT = "expected a JSON object per line, got {kind}"
E_NO_TEXT = "record has no 'text' field (or it is empty)"
H_NO_TEXT = 'each line needs at least {"text": "..."}'
E_TEXT_TYPE = "'text' must be a string, got {kind}"
E_CSV_COLUMN = "CSV has no column '{col}' (columns: {cols})"
H_CSV_COLUMN = "name the right column with --{opt}"
E_CSV_ROW = "row has no text in column '{col}'"
E_UNSUPPORTED = "unsupported file type '{ext}'"
H_UNSUPPORTED = (
    "eventmill reads .txt, .jsonl/.ndjson, .json, .csv/.tsv, .html/.htm, .rss/.atom/.xml, .warc/.arc, .parquet, "
    "each also .gz/.zst compressed (or pass --format)"
)
E_TOO_LARGE = "is larger than {limit}, the most eventmill reads as one record"
E_TOO_LONG = "line is {size} long, more than the {limit} a record may be; skipped"
H_TOO_LARGE = "raise the bound with --max-record SIZE if this is really one record"
E_GIVE_UP = (
    "the first {n} records are all unreadable: is this really {fmt}? (stopped reading this file; {first})"
)
E_ARRAY_TOO_LARGE = "is a JSON array larger than {limit}, too large to read whole"
E_ARRAY_ITEM = "expected a JSON object in the array, got {kind}"
E_HTML_EMPTY = "no article text could be extracted from this HTML"
W_BAD_DATE = "unparseable date {value}, treated as missing (events get date null)"
W_SURROGATE = "{n} lone surrogate(s) (invalid Unicode) in '{field}' replaced by U+FFFD"
W_DATE_RANGE = "date {value} is outside what eventmill can store ({range}), treated as missing (events get date null)"
