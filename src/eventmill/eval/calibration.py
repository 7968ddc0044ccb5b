"""Calibration: does an event's ``confidence`` say how often such events are right?

Each scorer that can tell a right record from a wrong one (whole articles, PLOVER, police
actions) hands over, per unit, the (confidence, right?) pairs of its records; what "right"
means is the scorer's (see ``DEFINITIONS``). The reliability table bins the records by
confidence and gives each bin's observed share right; the expected calibration error (ECE)
is the record-weighted mean gap between a bin's mean confidence and its share right. The
counts go into the scorer's unit table, so every share and the ECE get bootstrap intervals
like the other figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from eventmill.eval.stats import Figure, Sums, ratio

BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0))
HIGH = 0.8  # issue 14: records at or above this confidence should be right 85% of the time

DEFINITIONS = {
    "articles": "a hit (the gold event it reports, not a repeat) with the right actor",
    "plover": "its story's gold has an event of its type whose actor party is the record's",
    "ipe": "its sentence's gold has every police-action label the record implies",
}


def _bin(conf: float) -> int:
    for i, (_, hi) in enumerate(BINS[:-1]):
        if conf < hi:
            return i
    return len(BINS) - 1


def counts(records: Iterable[tuple[float, bool]]) -> dict[str, float]:
    """One unit's calibration counts: per bin the records, the right ones and the summed confidence."""
    out: dict[str, float] = {}
    for conf, right in records:
        b = _bin(conf)
        for key, v in ((f"cal|{b}|n", 1.0), (f"cal|{b}|right", float(right)), (f"cal|{b}|conf", conf)):
            out[key] = out.get(key, 0.0) + v
        if conf >= HIGH:
            out["cal|high|n"] = out.get("cal|high|n", 0.0) + 1
            out["cal|high|right"] = out.get("cal|high|right", 0.0) + right
    return out


def _ece(s: Sums) -> np.ndarray:
    gap = sum(np.abs(s[f"cal|{b}|right"] - s[f"cal|{b}|conf"]) for b in range(len(BINS)))
    n = sum(s[f"cal|{b}|n"] for b in range(len(BINS)))
    return ratio(np.asarray(gap), np.asarray(n))


def _share(b: int | str) -> Figure:
    return Figure(lambda s: ratio(s[f"cal|{b}|right"], s[f"cal|{b}|n"]))


def figures() -> dict[str, Figure]:
    """The ECE (lower is better), the share right per bin and at confidence >= 0.8."""
    out = {"calibration.ece": Figure(_ece, higher_is_better=False), "calibration.high": _share("high")}
    out.update({f"calibration.bin{b}": _share(b) for b in range(len(BINS))})
    return out


def report(kind: str, totals: Sums, values: Mapping[str, float]) -> dict[str, Any]:
    """The reliability table for a result: bins with n, mean confidence and share right."""
    bins = []
    for b, (lo, hi) in enumerate(BINS):
        n = int(totals[f"cal|{b}|n"][0])
        mean = round(float(totals[f"cal|{b}|conf"][0]) / n, 4) if n else None
        bins.append({"lo": lo, "hi": hi, "n": n, "mean_confidence": mean,
                     "right": values[f"calibration.bin{b}"] if n else None})
    return {
        "correct_means": DEFINITIONS[kind],
        "bins": bins,
        "ece": values["calibration.ece"],
        "high_n": int(totals["cal|high|n"][0]),
        "high_right": values["calibration.high"],
    }
