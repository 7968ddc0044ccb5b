"""DataFrame rows as JSON-ready records (NaN -> null, dates -> ISO strings, numpy -> Python)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd


def json_value(v: Any) -> Any:
    """One cell as a JSON value; a midnight timestamp (a DATE column) becomes a date."""
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "tolist") and not isinstance(v, str):  # numpy scalar or array
        v = v.tolist()
        if isinstance(v, list):
            return [json_value(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of JSON-ready dicts, one per row."""
    return [{str(k): json_value(v) for k, v in row.items()} for row in df.to_dict("records")]
