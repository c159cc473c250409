"""Random (filter/layer-normalized) and PCA directions, Li et al. 2018."""

from types import SimpleNamespace

import numpy as np
import pytest

from losslandscape import directions, layout
from losslandscape.models import MLP
from tests.numeric import ROUNDING

SIZES = (3, 6, 4, 1)


@pytest.fixture
def model():
    return MLP(SIZES)


@pytest.fixture
def theta(rng):
    """Random weights and non-zero biases, so every norm is tested."""
    return rng.standard_normal(layout.n_params(SIZES))


def test_filter_rows_have_thetas_row_norms_and_biases_are_zero(model, theta, rng):
    d = directions.random_direction(model, theta, rng)
    for s in model.layer_slices:
        rows_d = np.linalg.norm(d[s.weight].reshape(s.shape), axis=1)
        rows_t = np.linalg.norm(theta[s.weight].reshape(s.shape), axis=1)
        np.testing.assert_allclose(rows_d, rows_t, rtol=ROUNDING)
        assert np.all(d[s.bias] == 0.0)


def test_keep_bias_scales_each_bias_vector_like_one_filter(model, theta, rng):
    d = directions.random_direction(model, theta, rng, keep_bias=True)
    for s in model.layer_slices:
        b_d, b_t = d[s.bias], theta[s.bias]
        assert np.linalg.norm(b_d) == pytest.approx(np.linalg.norm(b_t), rel=1e-12)


def test_layer_norm_matches_each_weights_frobenius_norm(model, theta, rng):
    d = directions.random_direction(model, theta, rng, norm="layer")
    for s in model.layer_slices:
        assert np.linalg.norm(d[s.weight]) == pytest.approx(
            np.linalg.norm(theta[s.weight]), rel=1e-12
        )
        assert np.all(d[s.bias] == 0.0)
    # Unlike "filter", single rows keep their Gaussian proportions.
    s = model.layer_slices[0]
    rows_d = np.linalg.norm(d[s.weight].reshape(s.shape), axis=1)
    rows_t = np.linalg.norm(theta[s.weight].reshape(s.shape), axis=1)
    assert not np.allclose(rows_d, rows_t)


def test_no_norm_is_the_gaussian_draw_with_biases_zeroed(model, theta):
    d = directions.random_direction(model, theta, np.random.default_rng(5), norm=None)
    expected = np.random.default_rng(5).standard_normal(theta.size)
    for s in model.layer_slices:
        expected[s.bias] = 0.0
    np.testing.assert_array_equal(d, expected)


def test_zero_rows_of_theta_give_zero_rows(model, theta, rng):
    s = model.layer_slices[1]
    theta[s.weight.start : s.weight.start + s.shape[1]] = 0.0  # first row of W2
    d = directions.random_direction(model, theta, rng)
    assert np.all(d[s.weight.start : s.weight.start + s.shape[1]] == 0.0)


def test_needs_only_layer_slices(theta):
    stub = SimpleNamespace(layer_slices=layout.layer_slices(SIZES))
    with_stub = directions.random_direction(stub, theta, np.random.default_rng(3))
    with_mlp = directions.random_direction(MLP(SIZES), theta, np.random.default_rng(3))
    np.testing.assert_array_equal(with_stub, with_mlp)


def test_same_seed_same_arrays(model, theta):
    a = directions.random_directions(model, theta, np.random.default_rng(7))
    b = directions.random_directions(model, theta, np.random.default_rng(7))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.allclose(a[0], a[1])


def test_orthogonal_after_normalization(model, theta):
    d1, d2 = directions.random_directions(
        model, theta, np.random.default_rng(11), orthogonal=True
    )
    raw1, raw2 = directions.random_directions(model, theta, np.random.default_rng(11))
    assert abs(d1 @ d2) <= 1e-12 * np.linalg.norm(d1) * np.linalg.norm(d2)
    np.testing.assert_array_equal(d1, raw1)  # d1 keeps theta's filter norms
    # d2 is the normalized draw minus its projection on d1.
    np.testing.assert_allclose(d2, raw2 - (raw2 @ raw1) / (raw1 @ raw1) * raw1)
    for s in model.layer_slices:
        assert np.all(d2[s.bias] == 0.0)


def test_unknown_norm_lists_the_allowed_values(model, theta, rng):
    with pytest.raises(ValueError, match="norm must be one of 'filter', 'layer', None"):
        directions.random_direction(model, theta, rng, norm="l2")


def test_bad_theta_and_model(model, theta, rng):
    with pytest.raises(ValueError, match="theta"):
        directions.random_direction(model, theta[:-1], rng)
    with pytest.raises(ValueError, match="model"):
        directions.random_direction(object(), theta, rng)
    with pytest.raises(ValueError, match="rng"):
        directions.random_direction(model, theta, 0)


def test_pca_matches_eigh_of_the_covariance(rng):
    path = np.cumsum(rng.standard_normal((30, 5)) * [3.0, 2.0, 1.0, 0.5, 0.1], axis=0)
    dirs, ratio = directions.pca_directions(path, n=2)
    diffs = path[:-1] - path[-1]
    values, vectors = np.linalg.eigh(np.cov(diffs, rowvar=False))  # ascending
    top = vectors[:, ::-1][:, :2].T  # (2, dim)
    np.testing.assert_allclose(np.abs(np.sum(dirs * top, axis=1)), 1.0, rtol=1e-10)
    np.testing.assert_allclose(ratio, values[::-1][:2] / values.sum(), rtol=1e-10)
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=ROUNDING)


def test_pca_of_a_straight_path_is_its_direction():
    u = np.array([3.0, -4.0, 0.0])
    path = np.array([1.0, 2.0, 3.0]) + np.arange(6)[:, None] * u
    dirs, ratio = directions.pca_directions(path, n=1)
    np.testing.assert_allclose(dirs[0], [-0.6, 0.8, 0.0], atol=ROUNDING)  # max |.| > 0
    np.testing.assert_allclose(ratio, [1.0])


def test_pca_rejects_bad_input():
    with pytest.raises(ValueError, match="trajectory"):
        directions.pca_directions(np.zeros((3, 4)), n=2)  # needs n + 2 points
    with pytest.raises(ValueError, match="trajectory"):
        directions.pca_directions(np.ones((10, 4)), n=2)  # does not move
    with pytest.raises(ValueError, match="n must"):
        directions.pca_directions(np.eye(5), n=0)
