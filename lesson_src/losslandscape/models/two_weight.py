"""Models with exactly two weights, so their whole loss surface can be drawn."""

from __future__ import annotations

import numpy as np

from ..losses import bce_with_logits_terms, sigmoid_terms
from . import _checks


class _TwoWeightModel:
    """Mean BCE with logits of a model z(theta, x); subclasses give z and its
    first and second derivatives for many thetas at once."""

    n_params = 2
    n_features = 2

    def _z(self, thetas, X):  # (P, 2), (N, d) -> (P, N)
        raise NotImplementedError

    def _dz(self, thetas, X):  # -> (P, N, 2)
        raise NotImplementedError

    def _d2z(self, thetas, X):  # -> (P, N, 2, 2)
        raise NotImplementedError

    def logits(self, theta, X) -> np.ndarray:
        """Logit of each example, shape (N,)."""
        theta = _checks.theta_vector(theta, 2)
        return self._z(theta[None], _checks.features(X, self.n_features))[0]

    def loss(self, theta, X, y) -> float:
        return float(self.loss_many(_checks.theta_vector(theta, 2)[None], X, y)[0])

    def grad(self, theta, X, y) -> np.ndarray:
        return self.grad_many(_checks.theta_vector(theta, 2)[None], X, y)[0]

    def hessian(self, theta, X, y) -> np.ndarray:
        return self.hessian_many(_checks.theta_vector(theta, 2)[None], X, y)[0]

    def loss_many(self, thetas, X, y, chunk_size=None) -> np.ndarray:
        """Loss at each row of thetas (P, 2) -> (P,), in chunks of rows."""
        X, y = _checks.data(X, y, self.n_features)
        thetas = _checks.theta_rows(thetas, 2)
        step = _checks.chunk_rows(chunk_size, X.shape[0], 1)
        out = np.empty(thetas.shape[0])
        for start in range(0, thetas.shape[0], step):
            z = self._z(thetas[start : start + step], X)  # (C, N)
            out[start : start + step] = np.mean(bce_with_logits_terms(y, z), axis=1)
        return out

    def grad_many(self, thetas, X, y) -> np.ndarray:
        """Gradient at each row of thetas (P, 2) -> (P, 2): mean (p - y) dz."""
        X, y = _checks.data(X, y, self.n_features)
        thetas = _checks.theta_rows(thetas, 2)
        r = sigmoid_terms(self._z(thetas, X)) - y  # (P, N)
        return np.einsum("pn,pnk->pk", r, self._dz(thetas, X)) / y.size

    def per_example_grads(self, theta, X, y) -> np.ndarray:
        """Gradient of each example's own loss, (N, 2): (p_i - y_i) dz_i; their
        mean is `grad`."""
        X, y = _checks.data(X, y, self.n_features)
        thetas = _checks.theta_vector(theta, 2)[None]  # (1, 2)
        r = sigmoid_terms(self._z(thetas, X)) - y  # (1, N)
        return r[0][:, None] * self._dz(thetas, X)[0]  # (N, 2)

    def hessian_many(self, thetas, X, y) -> np.ndarray:
        """Hessian at each row (P, 2) -> (P, 2, 2):
        mean p (1 - p) dz dz^T + (p - y) d2z."""
        X, y = _checks.data(X, y, self.n_features)
        thetas = _checks.theta_rows(thetas, 2)
        p = sigmoid_terms(self._z(thetas, X))  # (P, N)
        dz = self._dz(thetas, X)  # (P, N, 2)
        gauss_newton = np.einsum("pn,pnk,pnl->pkl", p * (1 - p), dz, dz)
        curvature = np.einsum("pn,pnkl->pkl", p - y, self._d2z(thetas, X))
        return (gauss_newton + curvature) / y.size


class LogisticRegression2D(_TwoWeightModel):
    """p = sigmoid(w1 x1 + w2 x2), no bias. Its mean BCE is convex in (w1, w2):
    the Hessian X^T diag(p (1 - p)) X / N is positive semi-definite."""

    def _z(self, thetas, X):
        return thetas @ X.T  # (P, N)

    def _dz(self, thetas, X):
        return np.broadcast_to(X, (thetas.shape[0], *X.shape))  # (P, N, 2)

    def _d2z(self, thetas, X):
        return np.zeros((thetas.shape[0], X.shape[0], 2, 2))


class TwoWeightNonconvex(_TwoWeightModel):
    """A network with one hidden tanh unit, z = w2 tanh(w1 x + 1) - 0.5, on 1-D
    inputs X (N, 1); only the weights w1, w2 are trained, the biases are fixed.

    On `data.nonconvex_toy()` its BCE has a global minimum near (2.2, 2.2) and a
    higher local one near (-1.7, -1.0), with a saddle between them.
    """

    n_features = 1
    hidden_bias = 1.0
    output_bias = -0.5

    def _hidden(self, thetas, X):
        return np.tanh(thetas[:, :1] * X[:, 0] + self.hidden_bias)  # (P, N)

    def _z(self, thetas, X):
        return thetas[:, 1:] * self._hidden(thetas, X) + self.output_bias

    def _dz(self, thetas, X):
        h = self._hidden(thetas, X)
        dz_dw1 = thetas[:, 1:] * (1 - h * h) * X[:, 0]
        return np.stack([dz_dw1, h], axis=-1)  # (P, N, 2)

    def _d2z(self, thetas, X):
        h = self._hidden(thetas, X)
        x, slope = X[:, 0], 1 - h * h  # (N,), (P, N)
        d11 = thetas[:, 1:] * (-2 * h * slope) * x * x
        d12 = slope * x
        return np.stack(
            [np.stack([d11, d12], -1), np.stack([d12, np.zeros_like(h)], -1)], -2
        )  # (P, N, 2, 2)
