"""Publication dates from document metadata (not temporal expressions in the text)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$")
_EPOCH_RANGE = (0, 4_102_444_800)  # 1970..2100, in seconds

# The dates eventmill can store and compute with: Python's dates end at years 1 and 9999,
# and the merge looks a fortnight either side of an event. A date outside (a placeholder
# such as 0001-01-01) is refused, with the record named, never crashed on.
EARLIEST = date(2, 1, 1)
LATEST = date(9998, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_pub_date(value: object) -> date | None:
    """Read a publication date in the forms news metadata uses.

    Accepts ISO dates and datetimes (``2021-07-27``, ``2021-07-27T08:00:00Z``), compact
    ``20210727``, RFC 2822 (``Tue, 27 Jul 2021 08:00:00 GMT``, as in RSS) and Unix
    timestamps. Returns None for empty values; raises ValueError for anything else.
    Datetimes are taken at their own calendar day (no time-zone conversion): a news
    date line names the day where the story was filed. A date outside
    :data:`EARLIEST`..:data:`LATEST` raises ValueError too.
    """
    day = _parse(value)
    if day is not None and not in_range(day):
        raise ValueError(f"{day.isoformat()} is outside {EARLIEST.isoformat()}..{LATEST.isoformat()}")
    return day


def _parse(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if _EPOCH_RANGE[0] <= value <= _EPOCH_RANGE[1]:
            return datetime.fromtimestamp(value, tz=UTC).date()
        raise ValueError(value)
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_DAY.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if s.isdigit() and len(s) >= 9:
        return _parse(int(s))
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(s) from exc
