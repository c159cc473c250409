"""fastplane.mlp_plane gives grid.plane's numbers: to ~1e-12 in float64, within
FLOAT32_RTOL in float32."""

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
    loss_many = functools.partial(model.loss_many, X=X, y=y)
    return grid.plane(loss_many, theta0, d1, d2, alphas, betas)


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
    assert np.all(np.abs(Z - ref) <= fastplane.FLOAT32_RTOL * np.maximum(1, abs(ref)))
    assert not np.array_equal(Z, ref)  # it really ran in float32


def test_centre_is_the_models_loss(rng):
    model, X, y, theta0, d1, d2 = setup(rng, (2, 8, 1), "tanh")
    Z = fastplane.mlp_plane(model, X, y, theta0, d1, d2, ALPHAS, BETAS, np.float64)
    expected = model.loss(theta0 + ALPHAS[2] * d1, X, y)  # beta = 0 is row 1
    assert Z[1, 2] == pytest.approx(expected, rel=1e-12)


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
