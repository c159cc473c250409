import numpy as np
import pytest

from losslandscape import data


def _check_shapes(X, y, n_features):
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert X.ndim == 2 and X.shape[1] == n_features
    assert y.shape == (X.shape[0],)
    assert set(np.unique(y)) == {0.0, 1.0}


def test_logistic_toy_is_fixed_2d_labelled_data():
    X, y = data.logistic_toy()
    _check_shapes(X, y, 2)
    X2, y2 = data.logistic_toy()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_logistic_toy_classes_overlap_for_every_line_through_the_origin():
    # Not separable by any w: for each direction, some point lies on the wrong side
    # by more than the directions' grid spacing can hide.
    X, y = data.logistic_toy()
    angles = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
    w = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (D, 2)
    margins = (2 * y - 1) * (w @ X.T)  # (D, N): negative = wrong side
    slack = np.linalg.norm(X, axis=1).max() * (angles[1] - angles[0])
    assert np.all(margins.min(axis=1) < -slack)


def test_nonconvex_toy_is_eight_points_with_a_lone_zero_among_the_ones():
    X, y = data.nonconvex_toy()
    _check_shapes(X, y, 1)
    np.testing.assert_array_equal(X[:, 0], np.arange(-1.75, 2.0, 0.5))
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 0, 1, 1])


@pytest.mark.parametrize("make", [data.two_moons, data.gaussian_blobs])
def test_same_seed_gives_the_same_arrays(make):
    X1, y1 = make(41, np.random.default_rng(7))
    X2, y2 = make(41, np.random.default_rng(7))
    X3, _ = make(41, np.random.default_rng(8))
    _check_shapes(X1, y1, 2)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert y1.sum() == 41 - 41 // 2


def test_noise_free_moons_lie_on_their_half_circles(rng):
    X, y = data.two_moons(30, rng, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert np.all(upper[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5)


def test_moon_noise_has_the_requested_spread():
    rng = np.random.default_rng(3)
    X0, _ = data.two_moons(20000, np.random.default_rng(3), noise=0.0)
    X, _ = data.two_moons(20000, rng, noise=0.25)
    assert np.std(X - X0) == pytest.approx(0.25, rel=0.02)


def test_blobs_without_spread_sit_on_their_centres(rng):
    X, y = data.gaussian_blobs(6, rng, distance=3.0, std=0.0)
    np.testing.assert_array_equal(X[:, 0], np.where(y == 1, 1.5, -1.5))
    np.testing.assert_array_equal(X[:, 1], 0.0)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"n": 1}, "n"),
        ({"n": 10.0}, "n"),
        ({"n": True}, "n"),
        ({"rng": 0}, "rng"),
        ({"noise": -0.1}, "noise"),
        ({"noise": float("nan")}, "noise"),
    ],
)
def test_two_moons_rejects_bad_arguments(kwargs, name):
    args = {"n": 10, "rng": np.random.default_rng(0), "noise": 0.1, **kwargs}
    with pytest.raises(ValueError, match=f"^{name} must"):
        data.two_moons(**args)


@pytest.mark.parametrize(("kwargs", "name"), [({"std": -1}, "std"), ({"n": 0}, "n")])
def test_gaussian_blobs_rejects_bad_arguments(kwargs, name):
    args = {"n": 10, "rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(ValueError, match=f"^{name} must"):
        data.gaussian_blobs(**args)
