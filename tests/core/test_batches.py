"""Mini-batch gradients: each example once per epoch, the epoch's gradients
average to the full gradient, and the noise formula against sampling."""

import numpy as np
import pytest

from losslandscape import batches, data, models
from tests.numeric import ROUNDING, check_grad, numerical_gradient


def _iris():
    X, y = data.iris_sepals()
    return models.LogisticRegression2D(), X, y


def test_an_epoch_uses_every_example_once(rng):
    for n, b in [(10, 3), (10, 10), (7, 1), (100, 32)]:
        parts = batches.epoch_batches(n, b, rng)
        assert [len(p) for p in parts] == [b] * (n // b) + ([n % b] if n % b else [])
        np.testing.assert_array_equal(np.sort(np.concatenate(parts)), np.arange(n))


def test_epochs_are_shuffled_differently(rng):
    first = np.concatenate(batches.epoch_batches(50, 5, rng))
    second = np.concatenate(batches.epoch_batches(50, 5, rng))
    assert not np.array_equal(first, second)


def test_batch_gradients_of_one_epoch_average_to_the_full_gradient(rng):
    model, X, y = _iris()
    theta = rng.standard_normal(2)
    grad_fn = batches.MiniBatchGradient(model, X, y, 30, rng)  # 30 30 30 10
    sizes, grads = [], []
    for _ in range(4):
        grads.append(grad_fn(theta))
        sizes.append(len(grad_fn.last_batch))
    assert grad_fn.epoch == 1 and grad_fn.calls == 4 and sizes == [30, 30, 30, 10]
    weighted = np.average(grads, axis=0, weights=sizes)
    np.testing.assert_allclose(weighted, model.grad(theta, X, y), rtol=1e-12)
    grad_fn(theta)
    assert grad_fn.epoch == 2


def test_a_batch_gradient_is_the_gradient_of_that_batch_loss(rng):
    model, X, y = _iris()
    theta = rng.standard_normal(2)
    grad_fn = batches.MiniBatchGradient(model, X, y, 8, rng)
    g = grad_fn(theta)
    idx = grad_fn.last_batch

    def batch_loss(t):
        return model.loss(t, X[idx], y[idx])

    np.testing.assert_allclose(g, numerical_gradient(batch_loss, theta), rtol=1e-6)


def test_full_batch_is_plain_gradient_descent(rng):
    model, X, y = _iris()
    theta = rng.standard_normal(2)
    grad_fn = batches.MiniBatchGradient(model, X, y, len(y), rng)
    np.testing.assert_allclose(grad_fn(theta), model.grad(theta, X, y), rtol=ROUNDING)


def test_per_example_gradients_average_to_the_gradient_and_match_differences(rng):
    model, X, y = _iris()
    theta = rng.standard_normal(2)
    per = model.per_example_grads(theta, X, y)
    assert per.shape == (len(y), 2)
    np.testing.assert_allclose(per.mean(0), model.grad(theta, X, y), rtol=1e-12)
    for i in (0, 57):
        Xi, yi = X[i : i + 1], y[i : i + 1]
        check_grad(
            lambda t, Xi=Xi, yi=yi: model.loss(t, Xi, yi),
            lambda t, Xi=Xi, yi=yi: model.per_example_grads(t, Xi, yi)[0],
            theta,
            rng,
        )


@pytest.mark.parametrize("b", [1, 5, 50, 100])
def test_gradient_noise_matches_sampling(b, rng):
    """Cochran's formula against the mean squared error of 20000 sampled
    batches (each batch's gradient from the model, via its examples')."""
    model, X, y = _iris()
    theta = np.array([1.0, 0.5])
    full = model.grad(theta, X, y)
    per = model.per_example_grads(theta, X, y)  # (N, 2), checked above
    draws = 20000
    idx = np.argsort(rng.random((draws, len(y))), axis=1)[:, :b]  # (draws, b)
    errors = np.sum((per[idx].mean(axis=1) - full) ** 2, axis=1)  # (draws,)
    expected = batches.gradient_noise(model, theta, X, y, b)
    if b == len(y):
        assert expected == 0.0 and np.allclose(errors, 0.0, atol=1e-24)
    else:
        standard_error = errors.std() / np.sqrt(draws)
        assert abs(errors.mean() - expected) < 4 * standard_error


def test_noise_shrinks_about_as_one_over_the_batch_size():
    model, X, y = _iris()
    theta = np.array([1.0, 0.5])
    n1 = batches.gradient_noise(model, theta, X, y, 1)
    n10 = batches.gradient_noise(model, theta, X, y, 10)
    np.testing.assert_allclose(n1 / n10, 10 * (len(y) - 1) / (len(y) - 10))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"batch_size": 0}, "batch_size must be an int in [1, 100]"),
        ({"batch_size": 101}, "batch_size must be an int in [1, 100]"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"rng": 3}, "rng must be a numpy.random.Generator"),
    ],
)
def test_bad_arguments_are_named(kwargs, message, rng):
    model, X, y = _iris()
    args = {"batch_size": 10, "rng": rng, **kwargs}
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        batches.MiniBatchGradient(model, X, y, **args)


def test_mismatched_data_is_an_error(rng):
    model, X, y = _iris()
    with pytest.raises(ValueError, match="same number of examples"):
        batches.MiniBatchGradient(model, X, y[:-1], 10, rng)


def test_iris_sepals_are_the_published_table():
    """Fisher's iris, versicolor and virginica: published means of sepal length
    5.936 and 6.588 cm, width 2.770 and 2.974 cm (Fisher 1936, table I)."""
    X, y = data.iris_sepals(standardize=False)
    assert X.shape == (100, 2) and y.sum() == 50
    np.testing.assert_allclose(X[y == 0].mean(0), [5.936, 2.770], atol=5e-4)
    np.testing.assert_allclose(X[y == 1].mean(0), [6.588, 2.974], atol=5e-4)
    Z, _ = data.iris_sepals()
    np.testing.assert_allclose(Z.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(0), 1, rtol=1e-12)
