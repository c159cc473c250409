"""fastplane.mlp_plane gives grid.plane's numbers: to ~1e-12 in float64, within
FLOAT32_RTOL in float32; grid.plane routes an MLP's loss_many there."""

import functools

import numpy as np
import pytest

from losslandscape import fastplane, grid
from losslandscape.models import MLP
from tests.numeric import ROUNDING

ALPHAS = np.linspace(-1.0, 1.5, 7)  # non-square grid, 0 not at the centre
BETAS = np.array([-0.5, 0.0, 0.25, 2.0])


def setup(rng, sizes, activation, n=40):
    model = MLP(sizes, activation)
    X = rng.standard_normal((n, sizes[0]))
    y = (rng.random(n) > 0.5).astype(float)
    theta0, d1, d2 = rng.standard_normal((3, model.n_params))
    return model, X, y, theta0, d1, d2


def reference(model, X, y, theta0, d1, d2, alphas=ALPHAS, betas=BETAS):
    """The generic grid.plane over MLP.loss_many (a lambda is never routed)."""
    return grid.plane(
        lambda thetas: model.loss_many(thetas, X, y), theta0, d1, d2, alphas, betas
    )


def within_float32_tolerance(Z, ref):
    return np.all(np.abs(Z - ref) <= fastplane.FLOAT32_RTOL * np.maximum(1, abs(ref)))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("sizes", [(2, 16, 16, 1), (3, 5, 4, 3, 1), (2, 1)])
def test_float64_matches_grid_plane(rng, sizes, activation):
    args = setup(rng, sizes, activation)
    Z = fastplane.mlp_plane(*args, ALPHAS, BETAS, dtype=np.float64)
    assert Z.shape == (len(BETAS), len(ALPHAS))
    np.testing.assert_allclose(Z, reference(*args), rtol=ROUNDING, atol=ROUNDING)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("sizes", [(2, 16, 16, 1), (3, 5, 4, 3, 1)])
def test_float32_within_documented_tolerance(rng, sizes, activation):
    args = setup(rng, sizes, activation)
    Z = fastplane.mlp_plane(*args, ALPHAS, BETAS)  # float32 by default
    ref = reference(*args)
    assert Z.dtype == np.float64  # computed in float32, averaged in float64
    assert within_float32_tolerance(Z, ref)
    assert not np.array_equal(Z, ref)  # it really ran in float32


def test_centre_is_the_models_loss(rng):
    model, X, y, theta0, d1, d2 = setup(rng, (2, 8, 1), "tanh")
    Z = fastplane.mlp_plane(model, X, y, theta0, d1, d2, ALPHAS, BETAS, np.float64)
    expected = model.loss(theta0 + ALPHAS[2] * d1, X, y)  # beta = 0 is row 1
    assert Z[1, 2] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_saturated_units_and_huge_steps(rng, dtype, activation):
    """Pre-activations in the hundreds: exp(2A) exp(2B) would overflow times
    underflow, so tiles fall back to exp(2(A + B)); tanh saturates exactly."""
    model, X, y, theta0, d1, d2 = setup(rng, (2, 6, 5, 1), activation)
    alphas, betas = np.array([-300.0, -2.0, 0.0, 40.0]), np.array([-250.0, 0.5, 90.0])
    Z = fastplane.mlp_plane(model, X, y, theta0, d1, d2, alphas, betas, dtype)
    ref = reference(model, X, y, theta0, d1, d2, alphas, betas)
    assert np.all(np.isfinite(Z))
    assert within_float32_tolerance(Z, ref)


@pytest.mark.parametrize(
    ("workers", "chunk_size", "block_flops"),
    [(1, 1, 10**9), (2, 3, 10**9), (2, None, 50), (3, 5, 7)],
)
def test_workers_chunks_and_blocks_do_not_change_results(
    rng, monkeypatch, workers, chunk_size, block_flops
):
    """Small BLOCK_FLOPS splits (and pads) the examples into several blocks."""
    args = setup(rng, (2, 6, 5, 1), "tanh", n=37)
    monkeypatch.setattr(fastplane, "BLOCK_FLOPS", block_flops)
    Z = fastplane.mlp_plane(
        *args, ALPHAS, BETAS, np.float64, workers=workers, chunk_size=chunk_size
    )
    np.testing.assert_allclose(Z, reference(*args), rtol=ROUNDING, atol=ROUNDING)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_chunk_size_and_tiles_leave_every_point_bit_identical(rng, monkeypatch, dtype):
    """The measured chunk size may differ between runs and machines; a figure
    built from the plane must not: each point's arithmetic is the same."""
    args = setup(rng, (2, 9, 7, 1), "tanh", n=23)
    alphas, betas = np.linspace(-1, 1, 11), np.linspace(-2, 1, 9)
    monkeypatch.setattr(fastplane, "TILE", 4)  # several tiles, edge tiles too
    one = fastplane.mlp_plane(*args, alphas, betas, dtype, workers=1, chunk_size=1)
    for workers, chunk_size in [(1, 5), (2, 7), (3, 1000)]:
        Z = fastplane.mlp_plane(*args, alphas, betas, dtype, workers, chunk_size)
        assert np.array_equal(Z, one)


def test_chunk_size_is_measured_once_and_remembered(rng, monkeypatch):
    args = setup(rng, (2, 6, 5, 1), "tanh")
    monkeypatch.setattr(fastplane, "_calibrated", {})
    first = fastplane.mlp_plane(*args, ALPHAS, BETAS)
    ((key, chunk_bytes),) = fastplane.calibration().items()
    assert key[:2] == ("float32", "tanh")
    assert chunk_bytes in {b // key[2] * key[2] for b in fastplane.CHUNK_BYTES} | {
        ALPHAS.size * BETAS.size * key[2]  # a candidate capped at the whole grid
    }

    def no_timing(*_):
        raise AssertionError("measured again")

    monkeypatch.setattr(fastplane.time, "thread_time", no_timing)
    again = fastplane.mlp_plane(*args, ALPHAS, BETAS)
    assert np.array_equal(again, first)
    fastplane.mlp_plane(*args, ALPHAS, BETAS, chunk_size=3)  # given: never measured
    assert len(fastplane.calibration()) == 1


def test_grid_plane_routes_an_mlp_to_the_fast_path_in_float64(rng, monkeypatch):
    model, X, y, theta0, d1, d2 = setup(rng, (3, 5, 4, 1), "tanh")
    calls = []

    def spy(*args, **kwargs):
        calls.append(kwargs["dtype"])
        return mlp_plane(*args, **kwargs)

    mlp_plane = fastplane.mlp_plane
    monkeypatch.setattr(fastplane, "mlp_plane", spy)
    for loss_many in [
        functools.partial(model.loss_many, X=X, y=y),
        functools.partial(model.loss_many, y=y, X=X, chunk_size=2),
    ]:
        Z = grid.plane(loss_many, theta0, d1, d2, ALPHAS, BETAS)
        ref = reference(model, X, y, theta0, d1, d2)
        np.testing.assert_allclose(Z, ref, rtol=ROUNDING, atol=ROUNDING)
    assert calls == [np.float64, np.float64]


def test_grid_plane_evaluates_other_callables_point_by_point(rng, monkeypatch):
    model, X, y, theta0, d1, d2 = setup(rng, (2, 4, 1), "tanh")
    monkeypatch.setattr(fastplane, "mlp_plane", None)  # would fail if called
    for loss_many in [
        lambda thetas: model.loss_many(thetas, X, y),
        functools.partial(lambda t, X, y: model.loss_many(t, X, y), X=X, y=y),
    ]:
        Z = grid.plane(loss_many, theta0, d1, d2, ALPHAS, BETAS)
        expected = model.loss(theta0 + ALPHAS[2] * d1, X, y)
        assert Z[1, 2] == pytest.approx(expected, rel=ROUNDING)


def test_routed_plane_checks_its_arguments_like_grid_plane(rng):
    model, X, y, theta0, d1, d2 = setup(rng, (2, 4, 1), "tanh")
    loss_many = functools.partial(model.loss_many, X=X, y=y)
    with pytest.raises(ValueError, match="chunk_size"):
        grid.plane(loss_many, theta0, d1, d2, ALPHAS, BETAS, chunk_size=0)
    with pytest.raises(ValueError, match="y"):
        grid.plane(
            functools.partial(model.loss_many, X=X, y=np.full(40, 2.0)),
            theta0,
            d1,
            d2,
            ALPHAS,
            BETAS,
        )


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"dtype": np.float16}, "dtype"),
        ({"dtype": "no such type"}, "dtype"),
        ({"workers": 0}, "workers"),
        ({"chunk_size": -1}, "chunk_size"),
        ({"X": np.zeros((10, 3))}, "X"),
        ({"y": np.full(10, 2.0)}, "y"),
        ({"y": np.zeros(9)}, "y"),
        ({"theta0": np.zeros(5)}, "theta0"),
        ({"d2": np.full(17, np.nan)}, "d2"),
        ({"alphas": []}, "alphas"),
    ],
)
def test_rejects_bad_input(rng, change, name):
    model = MLP((2, 4, 1))  # 17 parameters
    args = {
        "model": model,
        "X": np.zeros((10, 2)),
        "y": np.zeros(10),
        "theta0": np.zeros(17),
        "d1": np.ones(17),
        "d2": np.ones(17),
        "alphas": [0.0],
        "betas": [0.0, 1.0],
    }
    with pytest.raises(ValueError, match=name):
        fastplane.mlp_plane(**{**args, **change})
