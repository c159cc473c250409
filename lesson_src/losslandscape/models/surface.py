"""A two-weight model's loss on fixed data, as a `surfaces.Surface`."""

from __future__ import annotations

import numpy as np

from . import _checks


def as_surface(model, X, y, domain, name, title, minima=()):
    """Surface (w1, w2) -> model.loss on (X, y); `model` needs loss_many,
    grad_many and hessian_many on thetas (P, 2), e.g. `LogisticRegression2D()`."""
    from ..surfaces import Surface  # lazily: surfaces does not need models

    X, y = _checks.data(X, y, model.n_features)

    def rows(w1, w2):
        w1, w2 = np.broadcast_arrays(np.asarray(w1, float), np.asarray(w2, float))
        return np.stack([w1.ravel(), w2.ravel()], axis=1), w1.shape  # (P, 2)

    def f(w1, w2):
        thetas, shape = rows(w1, w2)
        return model.loss_many(thetas, X, y).reshape(shape)

    def grad(w1, w2):
        thetas, shape = rows(w1, w2)
        return model.grad_many(thetas, X, y).T.reshape(2, *shape)

    def hessian(w1, w2):
        thetas, shape = rows(w1, w2)
        h = model.hessian_many(thetas, X, y)  # (P, 2, 2)
        return np.moveaxis(h, 0, -1).reshape(2, 2, *shape)

    return Surface(name, title, f, grad, domain, minima=minima, hessian=hessian)
