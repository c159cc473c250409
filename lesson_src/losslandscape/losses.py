"""Loss functions of a prediction against its target, each with its gradient
with respect to the prediction (the second argument).

Every loss is a mean over all entries; every `*_grad` has the shape of the
prediction it differentiates.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    ArgumentError,
    as_float_array,
    check_labels,
    check_probabilities,
    check_same_shape,
)

EPS = 1e-12
"""Probabilities are clipped to [EPS, 1 - EPS] before the log, so one example
costs at most -log(EPS) ~ 27.6 instead of infinity; 1 - EPS is still exact in
float64. Use the logits versions when predictions can be that confident."""


def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow for any finite z."""
    return sigmoid_terms(as_float_array("z", z))


def sigmoid_terms(z):
    """`sigmoid` unchecked, for hot loops (the models check theta and X)."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits_terms(y_true, logits):
    """Per-entry BCE of labels against logits, unchecked, for hot loops:
    max(z, 0) - z y + log1p(exp(-|z|)), exact for |z| up to float64's range."""
    z = logits
    return np.maximum(z, 0.0) - z * y_true + np.log1p(np.exp(-np.abs(z)))


def _pair(name_a, a, name_b, b):
    a = as_float_array(name_a, a)
    b = as_float_array(name_b, b)
    check_same_shape(name_a, a, name_b, b)
    if a.size == 0:
        raise ArgumentError(f"{name_a} and {name_b} must not be empty")
    return a, b


# --8<-- [start:bce]
def binary_cross_entropy(y_true, y_prob) -> float:
    """Mean of -[y log p + (1 - y) log(1 - p)], p clipped to [EPS, 1 - EPS]."""
    y, p = _pair("y_true", y_true, "y_prob", y_prob)
    check_labels("y_true", y)
    check_probabilities("y_prob", p)
    p = np.clip(p, EPS, 1.0 - EPS)
    return float(np.mean(-(y * np.log(p) + (1.0 - y) * np.log1p(-p))))


# --8<-- [end:bce]


def binary_cross_entropy_grad(y_true, y_prob) -> np.ndarray:
    """d BCE / d y_prob = (p - y) / (p (1 - p)) / N; 0 where p was clipped."""
    y, p = _pair("y_true", y_true, "y_prob", y_prob)
    check_labels("y_true", y)
    check_probabilities("y_prob", p)
    inside = (p >= EPS) & (p <= 1.0 - EPS)
    q = np.clip(p, EPS, 1.0 - EPS)
    return np.where(inside, (q - y) / (q * (1.0 - q)), 0.0) / y.size


def binary_cross_entropy_with_logits(y_true, logits) -> float:
    """Mean BCE of labels against sigmoid(logits), computed from the logits
    without overflow: max(z, 0) - z y + log1p(exp(-|z|))."""
    y, z = _pair("y_true", y_true, "logits", logits)
    check_labels("y_true", y)
    return float(np.mean(bce_with_logits_terms(y, z)))


def binary_cross_entropy_with_logits_grad(y_true, logits) -> np.ndarray:
    """d BCE / d logits = (sigmoid(z) - y) / N."""
    y, z = _pair("y_true", y_true, "logits", logits)
    check_labels("y_true", y)
    return (sigmoid_terms(z) - y) / y.size


def mse(y_true, y_pred) -> float:
    """Mean squared error, mean of (y_pred - y_true)^2."""
    y, p = _pair("y_true", y_true, "y_pred", y_pred)
    return float(np.mean((p - y) ** 2))


def mse_grad(y_true, y_pred) -> np.ndarray:
    """d MSE / d y_pred = 2 (y_pred - y_true) / N."""
    y, p = _pair("y_true", y_true, "y_pred", y_pred)
    return 2.0 * (p - y) / y.size


def _classes(labels, logits):
    z = as_float_array("logits", logits, ndim=2)
    n, k = z.shape
    if n == 0 or k == 0:
        raise ArgumentError(
            f"logits must have shape (N, K) with N, K >= 1; got {z.shape}"
        )
    c = as_float_array("labels", labels, ndim=1)
    if c.shape != (n,):
        raise ArgumentError(
            f"labels must have shape ({n},) to match logits; got {c.shape}"
        )
    bad = (c != np.round(c)) | (c < 0) | (c >= k)
    if np.any(bad):
        raise ArgumentError(
            f"labels must be integer class indices in 0..{k - 1}; got {c[bad][0]!r}"
        )
    return c.astype(np.intp), z


def _log_softmax(z):
    shifted = z - np.max(z, axis=1, keepdims=True)  # (N, K), max entry 0
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def softmax_cross_entropy(labels, logits) -> float:
    """Mean of logsumexp(z_i) - z_i[label_i] over the N rows of logits (N, K)."""
    c, z = _classes(labels, logits)
    return float(-np.mean(_log_softmax(z)[np.arange(c.size), c]))


def softmax_cross_entropy_grad(labels, logits) -> np.ndarray:
    """d CE / d logits = (softmax(z) - onehot(labels)) / N, shape (N, K)."""
    c, z = _classes(labels, logits)
    g = np.exp(_log_softmax(z))  # (N, K)
    g[np.arange(c.size), c] -= 1.0
    return g / c.size
