import numpy as np
import pytest

from losslandscape import data
from losslandscape.minima import find_minima
from losslandscape.models import (
    MLP,
    LogisticRegression2D,
    TwoWeightNonconvex,
    as_surface,
)
from tests.numeric import ATOL, ROUNDING, RTOL, central_difference, check_grad

WINDOW = ((-4.0, 4.0), (-4.0, 4.0))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _bce(y, z):  # the textbook formula, for moderate logits
    p = _sigmoid(z)
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _jacobian(g, x):
    """Central differences of a vector function: column j is d g / d x_j."""
    return np.stack([central_difference(g, x, e) for e in np.eye(x.size)], axis=1)


def _newton(model, X, y, start, steps=30):
    """Newton's method with the Hessian from central differences of grad."""
    theta = np.asarray(start, dtype=float)
    for _ in range(steps):
        h = _jacobian(lambda t: model.grad(t, X, y), theta)
        theta = theta - np.linalg.solve(h, model.grad(theta, X, y))
    return theta


# --- logistic regression ---------------------------------------------------
def test_logistic_regression_loss_is_the_bce_of_a_linear_logit(rng):
    X, y = data.logistic_toy()
    model = LogisticRegression2D()
    theta = rng.normal(size=2)
    np.testing.assert_allclose(model.logits(theta, X), X @ theta)
    assert model.loss(theta, X, y) == pytest.approx(_bce(y, X @ theta))


@pytest.mark.parametrize(
    ("model", "dataset"),
    [
        (LogisticRegression2D(), data.logistic_toy),
        (TwoWeightNonconvex(), data.nonconvex_toy),
    ],
    ids=["logistic_regression", "nonconvex"],
)
def test_two_weight_grad_and_hessian_match_central_differences(model, dataset, rng):
    X, y = dataset()
    for theta in rng.uniform(-4, 4, (5, 2)):
        check_grad(
            lambda t: model.loss(t, X, y), lambda t: model.grad(t, X, y), theta, rng
        )
        numeric = _jacobian(lambda t: model.grad(t, X, y), theta)
        np.testing.assert_allclose(
            model.hessian(theta, X, y), numeric, rtol=RTOL, atol=ATOL
        )


def test_logistic_regression_hessian_is_the_closed_form_and_psd(rng):
    X, y = data.logistic_toy()
    model = LogisticRegression2D()
    for theta in rng.uniform(-10, 10, (20, 2)):
        p = _sigmoid(X @ theta)
        expected = X.T @ np.diag(p * (1 - p)) @ X / len(y)
        hessian = model.hessian(theta, X, y)
        np.testing.assert_allclose(hessian, expected, rtol=ROUNDING, atol=1e-15)
        assert np.linalg.eigvalsh(hessian).min() >= -1e-15


def test_logistic_regression_loss_is_convex_along_random_chords(rng):
    X, y = data.logistic_toy()
    a, b = rng.uniform(-4, 4, (2, 200, 2))
    t = rng.uniform(0, 1, (200, 1))
    model = LogisticRegression2D()
    chord = t[:, 0] * model.loss_many(a, X, y) + (1 - t[:, 0]) * model.loss_many(
        b, X, y
    )
    assert np.all(model.loss_many(t * a + (1 - t) * b, X, y) <= chord + 1e-12)


def test_logistic_regression_has_one_finite_minimum_in_the_window():
    X, y = data.logistic_toy()
    model = LogisticRegression2D()
    found = find_minima(as_surface(model, X, y, WINDOW, "lr", "Logistic regression"))
    assert len(found) == 1
    newton = _newton(model, X, y, [0.0, 0.0])
    np.testing.assert_allclose([found[0].x, found[0].y], newton, atol=1e-6)


# --- the non-convex two-weight network ---------------------------------------
def test_nonconvex_model_is_one_tanh_unit_with_fixed_biases(rng):
    X, y = data.nonconvex_toy()
    model = TwoWeightNonconvex()
    w1, w2 = theta = rng.normal(size=2)
    z = w2 * np.tanh(w1 * X[:, 0] + 1.0) - 0.5
    np.testing.assert_allclose(model.logits(theta, X), z)
    assert model.loss(theta, X, y) == pytest.approx(_bce(y, z))


def test_nonconvex_model_has_a_global_and_a_higher_local_minimum():
    X, y = data.nonconvex_toy()
    model = TwoWeightNonconvex()
    best = _newton(model, X, y, [2.2, 2.2])  # as the docstring says
    trap = _newton(model, X, y, [-1.7, -1.0])
    for theta in (best, trap):
        assert np.all(np.abs(theta) < 3.5)
        assert np.abs(model.grad(theta, X, y)).max() < 1e-10
        hessian = _jacobian(lambda t: model.grad(t, X, y), theta)
        assert np.linalg.eigvalsh(0.5 * (hessian + hessian.T)).min() > 0.01
    assert np.linalg.norm(best - trap) > 3
    assert model.loss(trap, X, y) > model.loss(best, X, y) + 0.2
    # A coarse grid over the window finds nothing lower than the global minimum.
    ticks = np.linspace(-4, 4, 161)
    grid = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
    losses = model.loss_many(grid, X, y)
    assert losses.min() >= model.loss(best, X, y)
    np.testing.assert_allclose(grid[losses.argmin()], best, atol=0.05)


def test_find_minima_on_the_nonconvex_surface_finds_both_minima():
    X, y = data.nonconvex_toy()
    model = TwoWeightNonconvex()
    found = find_minima(as_surface(model, X, y, WINDOW, "nc", "One tanh unit"))
    assert [p.kind for p in found] == ["minimum", "minimum"]
    for point, start in zip(found, ([2.2, 2.2], [-1.7, -1.0]), strict=True):
        theta = _newton(model, X, y, start)
        np.testing.assert_allclose([point.x, point.y], theta, atol=1e-6)
        assert point.value == pytest.approx(model.loss(theta, X, y))


def test_as_surface_is_vectorized_like_the_model(rng):
    X, y = data.logistic_toy()
    model = LogisticRegression2D()
    surface = as_surface(model, X, y, WINDOW, "lr", "Logistic regression")
    w1, w2 = rng.uniform(-4, 4, (2, 3, 4))
    thetas = np.stack([w1.ravel(), w2.ravel()], axis=1)
    assert surface.f(w1, w2).shape == (3, 4)
    np.testing.assert_allclose(surface.f(w1, w2).ravel(), model.loss_many(thetas, X, y))
    grads = surface.grad(w1, w2)
    assert grads.shape == (2, 3, 4)
    np.testing.assert_allclose(grads[:, 1, 2], model.grad([w1[1, 2], w2[1, 2]], X, y))
    hessians = surface.hessian(w1, w2)
    assert hessians.shape == (2, 2, 3, 4)
    np.testing.assert_allclose(
        hessians[:, :, 2, 3], model.hessian([w1[2, 3], w2[2, 3]], X, y)
    )


@pytest.mark.parametrize("model", [LogisticRegression2D(), TwoWeightNonconvex()])
def test_two_weight_loss_many_equals_a_loop(model, rng):
    X, y = data.logistic_toy() if model.n_features == 2 else data.nonconvex_toy()
    thetas = rng.uniform(-4, 4, (23, 2))
    loop = [model.loss(t, X, y) for t in thetas]
    for chunk_size in (1, 5, None):
        np.testing.assert_allclose(model.loss_many(thetas, X, y, chunk_size), loop)
    np.testing.assert_allclose(
        model.grad_many(thetas, X, y), [model.grad(t, X, y) for t in thetas]
    )


# --- MLP -------------------------------------------------------------------
def _moons(rng, n=24):
    return data.two_moons(n, rng, noise=0.2)


def _reference_logits(model, theta, X):
    """Forward pass written out with the layout's slices."""
    a = X
    for i, s in enumerate(model.layer_slices):
        W, b = theta[s.weight].reshape(s.shape), theta[s.bias]
        a = a @ W.T + b
        if i < len(model.layer_slices) - 1:
            a = np.tanh(a) if model.activation == "tanh" else np.maximum(a, 0)
    return a[:, 0]


def test_mlp_of_one_tanh_layer_is_the_closed_form(rng):
    model = MLP((2, 3, 1))
    X, y = _moons(rng)
    theta = rng.normal(size=model.n_params)
    W1, b1 = theta[:6].reshape(3, 2), theta[6:9]
    w2, b2 = theta[9:12], theta[12]
    z = np.tanh(X @ W1.T + b1) @ w2 + b2
    assert model.n_params == 13
    np.testing.assert_allclose(model.logits(theta, X), z)
    assert model.loss(theta, X, y) == pytest.approx(_bce(y, z))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_mlp_grad_and_hvp_match_central_differences(activation, rng):
    model = MLP((2, 5, 4, 1), activation)
    X, y = _moons(rng)
    theta = model.init(rng) + 0.1 * rng.normal(size=model.n_params)
    if activation == "relu":  # away from the kinks, where central differences hold
        layers = model.unflatten(theta)
        pre = X @ layers[0][0].T + layers[0][1]
        pre2 = np.maximum(pre, 0) @ layers[1][0].T + layers[1][1]
        assert min(np.abs(pre).min(), np.abs(pre2).min()) > 1e-4
    np.testing.assert_allclose(
        model.logits(theta, X), _reference_logits(model, theta, X)
    )
    check_grad(lambda t: model.loss(t, X, y), lambda t: model.grad(t, X, y), theta, rng)
    for v in rng.normal(size=(3, model.n_params)):
        numeric = central_difference(lambda t: model.grad(t, X, y), theta, v)
        np.testing.assert_allclose(
            model.hvp(theta, X, y, v), numeric, rtol=RTOL, atol=ATOL
        )


def test_mlp_hvp_is_symmetric(rng):
    model = MLP((2, 6, 1))
    X, y = _moons(rng)
    theta = model.init(rng)
    u, v = rng.normal(size=(2, model.n_params))
    assert u @ model.hvp(theta, X, y, v) == pytest.approx(v @ model.hvp(theta, X, y, u))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_mlp_loss_many_equals_a_loop(activation, rng):
    model = MLP((2, 7, 3, 1), activation)
    X, y = _moons(rng)
    thetas = rng.normal(size=(11, model.n_params))
    loop = [model.loss(t, X, y) for t in thetas]
    for chunk_size in (1, 4, None):
        np.testing.assert_allclose(model.loss_many(thetas, X, y, chunk_size), loop)


def test_mlp_unflatten_follows_the_layout(rng):
    model = MLP((3, 4, 1))
    theta = np.arange(model.n_params, dtype=float)
    (W1, b1), (W2, b2) = model.unflatten(theta)
    np.testing.assert_array_equal(W1, np.arange(12).reshape(4, 3))
    np.testing.assert_array_equal(b1, [12, 13, 14, 15])
    np.testing.assert_array_equal(W2, [[16, 17, 18, 19]])
    np.testing.assert_array_equal(b2, [20])


@pytest.mark.parametrize(
    ("activation", "std"),
    [("tanh", np.sqrt(2 / (300 + 200))), ("relu", np.sqrt(2 / 300))],
)
def test_mlp_init_is_reproducible_with_the_published_scale(activation, std):
    model = MLP((300, 200, 1), activation)
    theta = model.init(np.random.default_rng(5))
    np.testing.assert_array_equal(theta, model.init(np.random.default_rng(5)))
    assert not np.array_equal(theta, model.init(np.random.default_rng(6)))
    first = model.layer_slices[0]
    assert np.std(theta[first.weight]) == pytest.approx(std, rel=0.02)
    assert np.all(theta[first.bias] == 0) and np.all(
        theta[model.layer_slices[1].bias] == 0
    )


@pytest.mark.parametrize(
    ("layer_sizes", "activation", "name"),
    [
        ((2,), "tanh", "layer_sizes"),
        ((2, 0, 1), "tanh", "layer_sizes"),
        ((2, 3, 2), "tanh", "layer_sizes"),
        ((2, 3.5, 1), "tanh", "layer_sizes"),
        ("21", "tanh", "layer_sizes"),
        ((2, 3, 1), "sigmoid", "activation must be one of 'tanh', 'relu'"),
    ],
)
def test_mlp_rejects_bad_construction(layer_sizes, activation, name):
    with pytest.raises(ValueError, match=name):
        MLP(layer_sizes, activation)


def test_models_reject_bad_data_naming_the_argument(rng):
    mlp = MLP((2, 3, 1))
    X, y = _moons(rng, 6)
    theta = mlp.init(rng)
    bad_x = X.copy()
    bad_x[0, 0] = np.nan
    calls = [
        (lambda: mlp.loss(theta[:-1], X, y), "theta must have shape"),
        (lambda: mlp.grad(np.append(theta, np.nan)[1:], X, y), "theta must be finite"),
        (lambda: mlp.loss(theta, X[:, :1], y), "X must have shape"),
        (lambda: mlp.grad(theta, bad_x, y), "X must be finite"),
        (lambda: mlp.loss(theta, X, y + 1), "y must hold labels"),
        (lambda: mlp.loss(theta, X, y[:-1]), "y must have shape"),
        (lambda: mlp.hvp(theta, X, y, theta[:-1]), "v must have shape"),
        (lambda: mlp.loss_many(theta, X, y), "thetas must be 2-D"),
        (lambda: mlp.loss_many(theta[None], X, y, chunk_size=0), "chunk_size"),
        (lambda: LogisticRegression2D().loss([1, 2, 3], X, y), "theta must have shape"),
        (lambda: LogisticRegression2D().grad([1, 2], X[:, :1], y), "X must have shape"),
        (
            lambda: TwoWeightNonconvex().loss_many(np.zeros((3, 3)), X[:, :1], y),
            "thetas",
        ),
    ]
    for call, message in calls:
        with pytest.raises(ValueError, match=message):
            call()
