"""A fully connected network on a flat parameter vector, with backprop and an
exact Hessian-vector product."""

from __future__ import annotations

import numpy as np

from .. import fastplane, layout
from .._validate import ArgumentError, as_float_array, check_choice, check_generator
from ..losses import bce_with_logits_terms, sigmoid_terms
from . import _checks

ACTIVATIONS = ("tanh", "relu")


def _act(name, pre):
    """The activation at `pre`."""
    return np.tanh(pre) if name == "tanh" else np.maximum(pre, 0.0)


def _act_derivs(name, pre):
    """First and second derivative of the activation at `pre`."""
    if name == "tanh":
        t = np.tanh(pre)
        d1 = 1.0 - t * t
        return d1, -2.0 * t * d1
    return (pre > 0).astype(np.float64), np.zeros_like(pre)


class MLP:
    """Dense layers `layer_sizes` (inputs first, one output logit last); hidden
    layers use `activation`, the output is linear; loss is mean BCE with logits."""

    def __init__(self, layer_sizes, activation: str = "tanh"):
        sizes = tuple(layer_sizes) if np.ndim(layer_sizes) == 1 else None
        if sizes is None or not all(
            isinstance(s, int | np.integer) and not isinstance(s, bool) for s in sizes
        ):
            raise ArgumentError(
                f"layer_sizes must be a sequence of integers; got {layer_sizes!r}"
            )
        self.layer_slices = layout.layer_slices(sizes)
        if sizes[-1] != 1:
            raise ArgumentError(f"layer_sizes must end with 1 output; got {sizes!r}")
        check_choice("activation", activation, ACTIVATIONS)
        self.layer_sizes = tuple(int(s) for s in sizes)
        self.activation = activation
        self.n_params = layout.n_params(sizes)

    def init(self, rng: np.random.Generator) -> np.ndarray:
        """Normal weights with std sqrt(2 / (fan_in + fan_out)) for tanh (Glorot &
        Bengio 2010) or sqrt(2 / fan_in) for relu (He et al. 2015); zero biases."""
        check_generator("rng", rng)
        theta = np.zeros(self.n_params)
        for s in self.layer_slices:
            fan_out, fan_in = s.shape
            var = (
                2.0 / fan_in if self.activation == "relu" else 2.0 / (fan_in + fan_out)
            )
            theta[s.weight] = rng.normal(0.0, np.sqrt(var), fan_out * fan_in)
        return theta

    def unflatten(self, theta) -> list[tuple[np.ndarray, np.ndarray]]:
        """[(W (out, in), b (out,)), ...] as views into theta."""
        theta = _checks.theta_vector(theta, self.n_params)
        return [
            (theta[s.weight].reshape(s.shape), theta[s.bias]) for s in self.layer_slices
        ]

    def _forward(self, layers, X):
        """Pre-activations and activations of every layer; acts[0] is X."""
        pres, acts = [], [X]
        for i, (W, b) in enumerate(layers):
            pres.append(acts[-1] @ W.T + b)  # (N, out)
            if i < len(layers) - 1:
                acts.append(_act(self.activation, pres[-1]))
        return pres, acts

    def logits(self, theta, X) -> np.ndarray:
        """Output logit of each example, shape (N,)."""
        X = _checks.features(X, self.layer_sizes[0])
        return self._forward(self.unflatten(theta), X)[0][-1][:, 0]

    def loss(self, theta, X, y) -> float:
        """Mean BCE with logits over the N examples."""
        X, y = _checks.data(X, y, self.layer_sizes[0])
        z = self._forward(self.unflatten(theta), X)[0][-1][:, 0]
        return float(np.mean(bce_with_logits_terms(y, z)))

    def grad(self, theta, X, y) -> np.ndarray:
        """d loss / d theta by backpropagation, same layout as theta."""
        X, y = _checks.data(X, y, self.layer_sizes[0])
        layers = self.unflatten(theta)
        pres, acts = self._forward(layers, X)
        g = np.empty(self.n_params)
        delta = ((sigmoid_terms(pres[-1][:, 0]) - y) / y.size)[:, None]  # (N, 1)
        for i in reversed(range(len(layers))):
            s = self.layer_slices[i]
            g[s.weight] = (delta.T @ acts[i]).ravel()  # (out, in)
            g[s.bias] = delta.sum(axis=0)
            if i:
                d1, _ = _act_derivs(self.activation, pres[i - 1])
                delta = (delta @ layers[i][0]) * d1  # (N, in)
        return g

    def hvp(self, theta, X, y, v) -> np.ndarray:
        """Exact Hessian-vector product H v by the R-operator: forward and backward
        pass differentiated along v (Pearlmutter 1994, "Fast exact multiplication
        by the Hessian")."""
        X, y = _checks.data(X, y, self.layer_sizes[0])
        layers = self.unflatten(theta)
        v = as_float_array("v", v, ndim=1)
        if v.shape != (self.n_params,):
            raise ArgumentError(f"v must have shape ({self.n_params},); got {v.shape}")
        vl = [(v[s.weight].reshape(s.shape), v[s.bias]) for s in self.layer_slices]
        pres, acts = self._forward(layers, X)
        # R-forward: R{pre_l} = R{a_(l-1)} W^T + a_(l-1) V^T + v_b
        r_pres, r_acts = [], [np.zeros_like(X)]
        for i, ((W, _), (V, vb)) in enumerate(zip(layers, vl, strict=True)):
            r_pres.append(r_acts[i] @ W.T + acts[i] @ V.T + vb)  # (N, out)
            if i < len(layers) - 1:
                r_acts.append(_act_derivs(self.activation, pres[i])[0] * r_pres[i])
        # R-backward through delta = dL/dpre.
        p = sigmoid_terms(pres[-1])  # (N, 1)
        delta = (p - y[:, None]) / y.size
        r_delta = p * (1.0 - p) * r_pres[-1] / y.size
        hv = np.empty(self.n_params)
        for i in reversed(range(len(layers))):
            s = self.layer_slices[i]
            hv[s.weight] = (r_delta.T @ acts[i] + delta.T @ r_acts[i]).ravel()
            hv[s.bias] = r_delta.sum(axis=0)
            if i:
                d1, d2 = _act_derivs(self.activation, pres[i - 1])
                back = delta @ layers[i][0]  # (N, in)
                r_back = r_delta @ layers[i][0] + delta @ vl[i][0]
                r_delta = r_back * d1 + back * d2 * r_pres[i - 1]
                delta = back * d1
        return hv

    def loss_plane(self, theta0, d1, d2, alphas, betas, X, y) -> np.ndarray:
        """Z[j, i] = loss(theta0 + alphas[i] d1 + betas[j] d2): what `grid.plane`
        gives for `partial(loss_many, X=X, y=y)` (it routes here), in float64,
        from the plane's structure (`fastplane.mlp_plane`)."""
        return fastplane.mlp_plane(
            self, X, y, theta0, d1, d2, alphas, betas, dtype=np.float64
        )

    def loss_many(self, thetas, X, y, chunk_size=None) -> np.ndarray:
        """Loss at each row of thetas (P, n_params) -> (P,), batched over chunks
        of rows so memory stays bounded."""
        X, y = _checks.data(X, y, self.layer_sizes[0])
        thetas = _checks.theta_rows(thetas, self.n_params)
        step = _checks.chunk_rows(chunk_size, X.shape[0], max(self.layer_sizes))
        out = np.empty(thetas.shape[0])
        for start in range(0, thetas.shape[0], step):
            chunk = thetas[start : start + step]  # (C, n_params)
            a = X  # (N, in), then (C, N, width)
            for i, s in enumerate(self.layer_slices):
                W = chunk[:, s.weight].reshape(-1, *s.shape)  # (C, out, in)
                pre = a @ W.transpose(0, 2, 1) + chunk[:, None, s.bias]  # (C, N, out)
                last = i == len(self.layer_slices) - 1
                a = pre if last else _act(self.activation, pre)
            terms = bce_with_logits_terms(y, a[:, :, 0])  # (C, N)
            out[start : start + step] = terms.mean(axis=1)
        return out
