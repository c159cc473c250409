"""Small deterministic toy data sets: each returns (X, y), X float64 (N, d) and
labels y float64 (N,) in {0, 1}."""

from __future__ import annotations

import numpy as np

from ._validate import check_bool, check_generator, check_int, check_positive

# Class 1 lies up and to the right, class 0 down and to the left, and a few
# points of each class sit among the other: no line through the origin
# separates them, so logistic regression has one finite minimiser.
_LOGISTIC_POINTS = (
    # (x1, x2, label)
    (1.0, 1.2, 1), (2.0, 0.4, 1), (0.4, 1.9, 1), (1.6, 1.5, 1),
    (2.4, 1.9, 1), (-0.6, 1.0, 1), (0.5, -0.6, 1), (1.2, -0.3, 1),
    (-1.2, -0.8, 0), (-2.0, -0.3, 0), (-0.6, -1.8, 0), (-1.6, -1.4, 0),
    (-2.2, -1.9, 0), (0.9, -1.1, 0), (-0.9, 0.5, 0), (0.6, 0.9, 0),
)  # fmt: skip


def logistic_toy() -> tuple[np.ndarray, np.ndarray]:
    """16 fixed points in 2-D whose classes overlap, for `LogisticRegression2D`."""
    table = np.array(_LOGISTIC_POINTS, dtype=np.float64)
    return table[:, :2].copy(), table[:, 2].copy()


def nonconvex_toy() -> tuple[np.ndarray, np.ndarray]:
    """8 evenly spaced points on a line, X (8, 1), labels 0 0 0 1 1 0 1 1.

    The lone 0 among the 1s leaves two places for a threshold: left of it (one
    point wrong) or right of it (two wrong); `TwoWeightNonconvex` has a valley
    for each.
    """
    x = np.linspace(-1.75, 1.75, 8)  # step 0.5
    return x[:, None], np.array([0, 0, 0, 1, 1, 0, 1, 1], dtype=np.float64)


# Fisher's iris data (Fisher 1936, measured by Anderson 1935), as in the UCI
# Machine Learning Repository: sepal length and width in cm of the 50
# Iris versicolor (label 0) and 50 Iris virginica (label 1) flowers, in order.
_IRIS_SEPALS = (
    # (sepal length, sepal width, label)
    (7.0, 3.2, 0), (6.4, 3.2, 0), (6.9, 3.1, 0), (5.5, 2.3, 0), (6.5, 2.8, 0),
    (5.7, 2.8, 0), (6.3, 3.3, 0), (4.9, 2.4, 0), (6.6, 2.9, 0), (5.2, 2.7, 0),
    (5.0, 2.0, 0), (5.9, 3.0, 0), (6.0, 2.2, 0), (6.1, 2.9, 0), (5.6, 2.9, 0),
    (6.7, 3.1, 0), (5.6, 3.0, 0), (5.8, 2.7, 0), (6.2, 2.2, 0), (5.6, 2.5, 0),
    (5.9, 3.2, 0), (6.1, 2.8, 0), (6.3, 2.5, 0), (6.1, 2.8, 0), (6.4, 2.9, 0),
    (6.6, 3.0, 0), (6.8, 2.8, 0), (6.7, 3.0, 0), (6.0, 2.9, 0), (5.7, 2.6, 0),
    (5.5, 2.4, 0), (5.5, 2.4, 0), (5.8, 2.7, 0), (6.0, 2.7, 0), (5.4, 3.0, 0),
    (6.0, 3.4, 0), (6.7, 3.1, 0), (6.3, 2.3, 0), (5.6, 3.0, 0), (5.5, 2.5, 0),
    (5.5, 2.6, 0), (6.1, 3.0, 0), (5.8, 2.6, 0), (5.0, 2.3, 0), (5.6, 2.7, 0),
    (5.7, 3.0, 0), (5.7, 2.9, 0), (6.2, 2.9, 0), (5.1, 2.5, 0), (5.7, 2.8, 0),
    (6.3, 3.3, 1), (5.8, 2.7, 1), (7.1, 3.0, 1), (6.3, 2.9, 1), (6.5, 3.0, 1),
    (7.6, 3.0, 1), (4.9, 2.5, 1), (7.3, 2.9, 1), (6.7, 2.5, 1), (7.2, 3.6, 1),
    (6.5, 3.2, 1), (6.4, 2.7, 1), (6.8, 3.0, 1), (5.7, 2.5, 1), (5.8, 2.8, 1),
    (6.4, 3.2, 1), (6.5, 3.0, 1), (7.7, 3.8, 1), (7.7, 2.6, 1), (6.0, 2.2, 1),
    (6.9, 3.2, 1), (5.6, 2.8, 1), (7.7, 2.8, 1), (6.3, 2.7, 1), (6.7, 3.3, 1),
    (7.2, 3.2, 1), (6.2, 2.8, 1), (6.1, 3.0, 1), (6.4, 2.8, 1), (7.2, 3.0, 1),
    (7.4, 2.8, 1), (7.9, 3.8, 1), (6.4, 2.8, 1), (6.3, 2.8, 1), (6.1, 2.6, 1),
    (7.7, 3.0, 1), (6.3, 3.4, 1), (6.4, 3.1, 1), (6.0, 3.0, 1), (6.9, 3.1, 1),
    (6.7, 3.1, 1), (6.9, 3.1, 1), (5.8, 2.7, 1), (6.8, 3.2, 1), (6.7, 3.3, 1),
    (6.7, 3.0, 1), (6.3, 2.5, 1), (6.5, 3.0, 1), (6.2, 3.4, 1), (5.9, 3.0, 1),
)  # fmt: skip


def iris_sepals(standardize: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A real data set: the sepals of 100 iris flowers, X (100, 2) = (length,
    width), y = 1 for Iris virginica, 0 for Iris versicolor. The two species
    overlap, so logistic regression has one finite minimiser. With
    `standardize`, each column is centred and divided by its standard
    deviation, so a model without a bias (`LogisticRegression2D`) fits well."""
    standardize = check_bool("standardize", standardize)
    table = np.array(_IRIS_SEPALS, dtype=np.float64)  # (100, 3)
    X = table[:, :2].copy()
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, table[:, 2].copy()


def _check_rng(rng) -> None:
    check_generator("rng", rng)


def _check_count(name: str, n, minimum: int) -> int:
    return check_int(name, n, low=minimum)


def two_moons(n: int, rng: np.random.Generator, noise: float = 0.1):
    """Two interleaved half circles (as scikit-learn's make_moons, unshuffled):
    the first n // 2 points are the upper moon, label 0; Gaussian noise of std
    `noise` from `rng`."""
    n = _check_count("n", n, 2)
    _check_rng(rng)
    noise = check_positive("noise", noise, allow_zero=True)
    n0 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)  # (n0, 2)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)  # (n - n0, 2)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    return X, y


def gaussian_blobs(n: int, rng: np.random.Generator, distance=2.0, std=1.0):
    """Two round Gaussian clouds of std `std` centred at +-(distance / 2, 0);
    the first n // 2 points are label 0 (centre at -distance / 2)."""
    n = _check_count("n", n, 2)
    _check_rng(rng)
    half = check_positive("distance", distance, allow_zero=True) / 2.0
    std = check_positive("std", std, allow_zero=True)
    n0 = n // 2
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    centres = np.stack([np.where(y == 1, half, -half), np.zeros(n)], axis=1)
    return centres + std * rng.standard_normal((n, 2)), y
