"""Mini-batches: stochastic gradients from random groups of examples, as
stochastic gradient descent uses them (Robbins & Monro 1951).

Each epoch shuffles the examples once and cuts them into consecutive batches
of `batch_size` (the last one smaller if `batch_size` does not divide N), as
`torch.utils.data.DataLoader(shuffle=True)` does, so every example is used
exactly once per epoch.
"""

from __future__ import annotations

import numpy as np

from ._validate import ArgumentError, as_float_array, check_generator, check_int


def _check_batch_size(batch_size, n: int) -> int:
    return check_int("batch_size", batch_size, low=1, high=n)  # n: the examples


def _check_rng(rng) -> None:
    check_generator("rng", rng)


def epoch_batches(n: int, batch_size: int, rng: np.random.Generator) -> list:
    """One epoch: a random permutation of range(n) cut into index arrays of
    `batch_size` (the last one holds the remainder)."""
    n = check_int("n", n, low=1)
    batch_size = _check_batch_size(batch_size, n)
    _check_rng(rng)
    order = rng.permutation(int(n))  # (n,)
    return [order[i : i + batch_size] for i in range(0, int(n), batch_size)]


class MiniBatchGradient:
    """`grad_fn(theta)` for `optim.run`: each call returns the mean gradient of
    `model` over the next mini-batch of (X, y), reshuffling at each epoch.

    `calls` counts the gradients returned, `epoch` the epochs started and
    `last_batch` holds the indices behind the latest gradient.
    """

    def __init__(self, model, X, y, batch_size: int, rng: np.random.Generator):
        X = as_float_array("X", X, ndim=2)
        y = as_float_array("y", y, ndim=1)
        if X.shape[0] != y.shape[0]:
            raise ArgumentError(
                f"X and y must hold the same number of examples; got {X.shape[0]} "
                f"and {y.shape[0]}"
            )
        if not callable(getattr(model, "grad", None)):
            raise ArgumentError("model must have a grad(theta, X, y) method")
        features = getattr(model, "n_features", X.shape[1])
        if X.shape[1] != features:
            raise ArgumentError(
                f"X must have the model's {features} features per row; got {X.shape}"
            )
        self.batch_size = _check_batch_size(batch_size, X.shape[0])
        _check_rng(rng)
        self.model, self.X, self.y, self.rng = model, X, y, rng
        self.calls, self.epoch, self._queue = 0, 0, []
        self.last_batch = np.empty(0, dtype=int)  # indices of the latest batch

    def next_batch(self) -> np.ndarray:
        """The indices of the next mini-batch, starting a new epoch if needed."""
        if not self._queue:
            self._queue = epoch_batches(self.X.shape[0], self.batch_size, self.rng)
            self.epoch += 1
        return self._queue.pop(0)

    def __call__(self, theta) -> np.ndarray:
        index = self.next_batch()  # (B,)
        self.calls, self.last_batch = self.calls + 1, index
        return self.model.grad(theta, self.X[index], self.y[index])


def gradient_noise(model, theta, X, y, batch_size: int) -> float:
    """Expected squared error E|g_B - g|^2 of a mini-batch gradient g_B drawn
    without replacement, exactly: (N - B) / (B (N - 1)) times the mean squared
    deviation of the per-example gradients from the full gradient g (Cochran,
    Sampling Techniques, 1977, thm 2.2). Needs `model.per_example_grads`."""
    if not callable(getattr(model, "per_example_grads", None)):
        raise ArgumentError(
            "model must have a per_example_grads(theta, X, y) method "
            "(the two-weight models do)"
        )
    per_example = model.per_example_grads(theta, X, y)  # (N, P)
    n = per_example.shape[0]
    batch_size = _check_batch_size(batch_size, n)
    if n == 1:
        return 0.0
    spread = np.mean(np.sum((per_example - per_example.mean(0)) ** 2, axis=1))
    return float((n - batch_size) / (batch_size * (n - 1)) * spread)
