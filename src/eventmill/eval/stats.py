"""Figures as formulas over per-unit counts, with bootstrap intervals and paired comparisons.

Every scorer counts, for each unit the gold set is made of (a story, a sentence, an article),
the quantities its figures are built from: true positives, predictions, gold items, hits...
A figure is a formula over the column sums of that table (precision = hits / records). So
the point figure is the formula on the whole table, and a bootstrap resample is the formula
on a reweighted sum: drawing ``n`` units with replacement is a vector of counts ``w``
(how often each unit was drawn), and the resampled sums are ``w @ table``. One matrix
product gives every resample at once, which is what keeps 1,000 resamples of a few thousand
sentences well under a second.

A paired comparison draws the same units for the baseline and the new predictions (both
scored on the same gold) and reports the interval of the difference: a change whose
interval lies wholly on the bad side of zero is a drop beyond noise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DRAWS",
    "SEED",
    "Figure",
    "Scored",
    "Sums",
    "UnitTable",
    "bootstrap",
    "class_figures",
    "compare",
    "f1_of",
    "point",
    "prf_figures",
    "ratio",
]

DRAWS = 1000  # bootstrap resamples
SEED = 13  # fixed, so that the printed intervals are the same on every run
LEVEL = 0.95
_CHUNK = 250  # resamples per matrix product (bounds memory on large sets)


class Sums:
    """Column sums of a unit table: one row per resample (or a single row for the point)."""

    def __init__(self, matrix: np.ndarray, index: Mapping[str, int]) -> None:
        self.matrix = matrix
        self.index = index

    def __getitem__(self, name: str) -> np.ndarray:
        j = self.index.get(name)
        return self.matrix[:, j] if j is not None else np.zeros(self.matrix.shape[0])


Formula = Callable[[Sums], np.ndarray]


@dataclass(frozen=True)
class Figure:
    """A figure as a formula over column sums; ``higher_is_better`` says which way a change hurts."""

    formula: Formula
    higher_is_better: bool = True


@dataclass
class UnitTable:
    """Per-unit counts: ``ids[i]`` is the unit, ``rows[i]`` its counts by column name."""

    unit: str
    ids: list[str] = field(default_factory=list)
    rows: list[dict[str, float]] = field(default_factory=list)

    def add(self, uid: str, counts: Mapping[str, float]) -> None:
        self.ids.append(uid)
        self.rows.append(dict(counts))

    def columns(self) -> list[str]:
        return sorted({k for row in self.rows for k in row})

    def matrix(self, columns: list[str]) -> np.ndarray:
        index = {c: j for j, c in enumerate(columns)}
        m = np.zeros((len(self.rows), len(columns)))
        for i, row in enumerate(self.rows):
            for k, v in row.items():
                m[i, index[k]] = v
        return m

    def totals(self) -> Sums:
        cols = self.columns()
        return Sums(self.matrix(cols).sum(axis=0, keepdims=True), {c: j for j, c in enumerate(cols)})


@dataclass
class Scored:
    """What a scorer returns: the report's figures and tables, the per-unit counts, and the
    formulas of the figures that get intervals (keys as ``type_f1`` or ``per_type.ASSAULT.f1``)."""

    result: dict[str, Any]
    table: UnitTable
    figures: dict[str, Figure]


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den; NaN where den is 0. An empty ratio is undefined: a resample without
    predictions says nothing about precision, so it is left out of the interval (the point
    figure reports it as 0, as the reference scorers do)."""
    num, den = np.broadcast_arrays(np.asarray(num, dtype=float), np.asarray(den, dtype=float))
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)


def f1_of(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Harmonic mean; an undefined precision (no predictions) or recall (no gold) counts as 0
    beside a defined one, and F1 is undefined only when both are."""
    p0, r0 = np.nan_to_num(p), np.nan_to_num(r)
    f = np.divide(2 * p0 * r0, p0 + r0, out=np.zeros(p0.shape), where=p0 + r0 > 0)
    return np.where(np.isnan(p) & np.isnan(r), np.nan, f)


def prf_figures(prefix: str, tp_p: str, n_p: str, tp_r: str, n_r: str) -> dict[str, Figure]:
    """``{prefix}p``, ``{prefix}r`` and ``{prefix}f1`` from the names of their four counts."""

    def p(s: Sums) -> np.ndarray:
        return ratio(s[tp_p], s[n_p])

    def r(s: Sums) -> np.ndarray:
        return ratio(s[tp_r], s[n_r])

    return {
        f"{prefix}p": Figure(p),
        f"{prefix}r": Figure(r),
        f"{prefix}f1": Figure(lambda s: f1_of(p(s), r(s))),
    }


def class_figures(key: str, col: str) -> dict[str, Figure]:
    """``{key}.p/.r/.f1`` of one class from its ``{col}|tp``, ``|fp`` and ``|fn`` counts."""

    def p(s: Sums) -> np.ndarray:
        return ratio(s[f"{col}|tp"], s[f"{col}|tp"] + s[f"{col}|fp"])

    def r(s: Sums) -> np.ndarray:
        return ratio(s[f"{col}|tp"], s[f"{col}|tp"] + s[f"{col}|fn"])

    return {f"{key}.p": Figure(p), f"{key}.r": Figure(r), f"{key}.f1": Figure(lambda s: f1_of(p(s), r(s)))}


def point(table: UnitTable, figures: Mapping[str, Figure]) -> dict[str, float]:
    """Each figure on the whole table, rounded to four decimals as the reference scorers are."""
    totals = table.totals()
    return {k: round(float(np.nan_to_num(f.formula(totals)[0])), 4) for k, f in figures.items()}


def _weights(n: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` bootstrap resamples of n units as counts: row b says how often each unit was drawn."""
    picks = rng.integers(0, n, size=(draws, n)) + (np.arange(draws) * n)[:, None]
    return np.bincount(picks.ravel(), minlength=draws * n).reshape(draws, n).astype(float)


def _resampled(matrices: list[np.ndarray], draws: int, seed: int) -> Iterator[list[np.ndarray]]:
    """Resampled column sums, chunk by chunk; every matrix gets the same draws (paired)."""
    n = matrices[0].shape[0]
    rng = np.random.default_rng(seed)
    done = 0
    while done < draws:
        w = _weights(n, min(_CHUNK, draws - done), rng)
        done += w.shape[0]
        yield [w @ m for m in matrices]


def _interval(values: np.ndarray) -> tuple[float, float] | None:
    """The percentile interval over the resamples where the figure is defined (None if none)."""
    values = values[~np.isnan(values)]
    if not values.size:
        return None
    tail = (1 - LEVEL) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return round(float(lo), 4), round(float(hi), 4)


def bootstrap(
    table: UnitTable, figures: Mapping[str, Figure], draws: int = DRAWS, seed: int = SEED
) -> dict[str, tuple[float, float] | None]:
    """The 95% percentile interval of every figure, resampling the table's units."""
    if not table.rows or draws <= 0:
        return {}
    cols = table.columns()
    index = {c: j for j, c in enumerate(cols)}
    values: dict[str, list[np.ndarray]] = {k: [] for k in figures}
    for [sums] in _resampled([table.matrix(cols)], draws, seed):
        s = Sums(sums, index)
        for k, f in figures.items():
            values[k].append(f.formula(s))
    return {k: _interval(np.concatenate(v)) for k, v in values.items()}


@dataclass(frozen=True)
class Change:
    """One figure before and after, the difference and its paired 95% interval."""

    before: float
    after: float
    diff: float
    ci: tuple[float, float] | None
    verdict: str  # "worse" / "better" beyond noise, else "same"

    def as_dict(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "diff": self.diff,
                "ci": list(self.ci) if self.ci else None, "verdict": self.verdict}


def compare(
    new: UnitTable, old: UnitTable, figures: Mapping[str, Figure], draws: int = DRAWS, seed: int = SEED
) -> dict[str, Change]:
    """Paired bootstrap of new minus old on the same units (both scored on the same gold)."""
    if new.ids != old.ids:
        raise ValueError("the two sets of predictions were scored on different units")
    cols = sorted(set(new.columns()) | set(old.columns()))
    index = {c: j for j, c in enumerate(cols)}
    after, before = point(new, figures), point(old, figures)
    diffs: dict[str, list[np.ndarray]] = {k: [] for k in figures}
    for sums_new, sums_old in _resampled([new.matrix(cols), old.matrix(cols)], draws, seed):
        s_new, s_old = Sums(sums_new, index), Sums(sums_old, index)
        for k, f in figures.items():
            diffs[k].append(f.formula(s_new) - f.formula(s_old))
    out = {}
    for k, f in figures.items():
        ci = _interval(np.concatenate(diffs[k])) if new.rows else None
        verdict = "same"
        if ci is not None and (ci[1] < 0 or ci[0] > 0):
            verdict = "worse" if (ci[1] < 0) == f.higher_is_better else "better"
        out[k] = Change(before[k], after[k], round(after[k] - before[k], 4), ci, verdict)
    return out
