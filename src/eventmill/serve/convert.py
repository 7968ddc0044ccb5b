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
    """A DataFrame as a list of JSON-ready dicts, one per row: what :func:`json_value` makes
    of each cell, converted a column at a time (a map's 2,000 places cell by cell cost more
    than the query that found them)."""
    if df.empty:
        return []
    names = [str(c) for c in df.columns]
    columns = [_column(df.iloc[:, i]) for i in range(len(names))]
    return [dict(zip(names, row)) for row in zip(*columns)]


def _column(s: pd.Series) -> list[Any]:
    kind = s.dtype.kind
    if kind in "iub" and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return s.tolist()  # numpy ints and bools: Python's, no missing values possible
    if kind == "f" and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return [None if v != v else v for v in s.tolist()]  # NaN is missing
    if kind == "M":
        present = s.dropna()
        if (present.dt.normalize() == present).all():  # a DATE column: dates, not midnights
            return [None if v != v else v for v in s.dt.strftime("%Y-%m-%d").tolist()]
    values = s.tolist()
    if all(isinstance(v, str) or v is None for v in values):
        return values
    return [json_value(v) for v in values]
