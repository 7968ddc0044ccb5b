"""Multinomial logistic regression over sparse binary features, in numpy.

Small on purpose: eventmill takes no machine-learning library as a dependency, so a model
that ships would be a table of weights read with numpy (``event_model.read_model``), and
training needs nothing beyond numpy either: the whole thing is reproducible from this file. Full-batch Adam on
the L2-regularised mean cross-entropy: deterministic (no shuffling, no random init).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Matrix:
    """Rows of binary features as CSR arrays (column index per non-zero, row pointers)."""

    indices: np.ndarray
    indptr: np.ndarray
    values: np.ndarray
    n_features: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1


def vocabulary(rows: Sequence[Sequence[str]], min_count: int = 2) -> dict[str, int]:
    """Features seen in at least ``min_count`` rows, in a fixed (sorted) order."""
    df: Counter[str] = Counter()
    for r in rows:
        df.update(set(r))
    return {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= min_count))}


def matrix(rows: Sequence[Sequence[str]], vocab: dict[str, int]) -> Matrix:
    """Each row's known features, each weighted as the shipped model weighs them
    (``event_model.feature_scale``: 1/sqrt of the number of distinct features)."""
    from event_model import feature_scale

    indices: list[int] = []
    indptr = [0]
    values: list[float] = []
    for r in rows:
        cols = sorted({vocab[f] for f in r if f in vocab})
        w = feature_scale(r)
        indices += cols
        values += [w] * len(cols)
        indptr.append(len(indices))
    return Matrix(np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64),
                  np.asarray(values, dtype=np.float64), len(vocab))


def scores(X: Matrix, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.tile(b, (X.n_rows, 1))
    lengths = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.n_rows), lengths)
    contrib = W[X.indices] * X.values[:, None]
    for c in range(W.shape[1]):
        out[:, c] += np.bincount(rows, weights=contrib[:, c], minlength=X.n_rows)
    return out


def softmax(s: np.ndarray) -> np.ndarray:
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def fit(X: Matrix, y: np.ndarray, n_classes: int, l2: float = 1e-4, epochs: int = 300, lr: float = 0.05,
        sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights (n_features x n_classes) and biases minimising the weighted mean
    cross-entropy plus ``l2/2 * |W|^2``."""
    n = X.n_rows
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw / sw.sum()
    Y = np.zeros((n, n_classes))
    Y[np.arange(n), y] = 1.0
    W = np.zeros((X.n_features, n_classes))
    b = np.zeros(n_classes)
    lengths = np.diff(X.indptr)
    rows = np.repeat(np.arange(n), lengths)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        G = (softmax(scores(X, W, b)) - Y) * sw[:, None]
        gW = np.empty_like(W)
        per_nnz = G[rows] * X.values[:, None]
        for c in range(n_classes):
            gW[:, c] = np.bincount(X.indices, weights=per_nnz[:, c], minlength=X.n_features)
        gW += l2 * W
        gb = G.sum(axis=0)
        mW = beta1 * mW + (1 - beta1) * gW
        vW = beta2 * vW + (1 - beta2) * gW * gW
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        corr = np.sqrt(1 - beta2**t) / (1 - beta1**t)
        W -= lr * corr * mW / (np.sqrt(vW) + eps)
        b -= lr * corr * mb / (np.sqrt(vb) + eps)
    return W, b


def predict_proba(X: Matrix, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return softmax(scores(X, W, b))
