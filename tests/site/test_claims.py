"""Claims the lessons state in words, checked with the core: what the text says
about a landscape or a run must be what the numbers give."""

from __future__ import annotations

import numpy as np

from losslandscape import curvature, optim, surfaces
from losslandscape.minima import find_minima


def test_sharp_flat_has_the_two_minima_and_the_plateau_the_lesson_describes():
    """sharp-and-flat.md: loss 0 at (1, 0.5) (sharp) and (-1, -0.5) (flat),
    in a plateau at loss 1."""
    s = surfaces.get("sharp_flat")
    found = find_minima(s)
    assert len(found) == 2
    places = sorted((round(m.x, 6), round(m.y, 6)) for m in found)
    assert places == [(-1.0, -0.5), (1.0, 0.5)]
    assert all(abs(m.value) < 1e-12 for m in found)
    (x0, x1), (y0, y1) = s.domain
    corners = s.f(np.array([x0, x0, x1, x1]), np.array([y0, y1, y0, y1]))
    np.testing.assert_allclose(corners, 1.0, atol=0.01)
    sharp = curvature.hessian_2d(s, 1.0, 0.5)
    flat = curvature.hessian_2d(s, -1.0, -0.5)
    assert np.linalg.eigvalsh(sharp)[-1] > 10 * np.linalg.eigvalsh(flat)[-1]


def test_sharp_flat_problem_3_only_the_flat_minimum_holds_lr_0_1():
    """Stability of gradient descent needs lr < 2 / lambda_max."""
    s = surfaces.get("sharp_flat")
    lr = 0.1
    top = [
        np.linalg.eigvalsh(curvature.hessian_2d(s, *p))[-1]
        for p in [(1, 0.5), (-1, -0.5)]
    ]
    assert 2 / top[0] < lr < 2 / top[1]
    # and a walker started in each hole does what the solution says
    grad = lambda p: s.grad(p[0], p[1])  # noqa: E731
    sharp_end = optim.run(optim.SGD(lr=lr), grad, np.array([1.02, 0.5]), 200)[-1]
    flat_end = optim.run(optim.SGD(lr=lr), grad, np.array([-0.9, -0.5]), 200)[-1]
    assert not np.allclose(sharp_end, (1.0, 0.5), atol=1e-3)
    np.testing.assert_allclose(flat_end, (-1.0, -0.5), atol=1e-3)


def test_two_valleys_flat_spot_on_the_ridge_is_a_saddle():
    """sharp-and-flat.md Problem 5: zero slope at (0.5, -0.5), a saddle."""
    s = surfaces.get("two_valleys")
    np.testing.assert_allclose(s.grad(0.5, -0.5), 0.0, atol=1e-12)
    assert curvature.classify(curvature.hessian_2d(s, 0.5, -0.5)) == "saddle"


def test_booth_momentum_ends_much_closer_to_the_minimum_than_plain_descent():
    """optimizers.md, Booth's valley: 40 steps from (-8, 8) at lr 0.01."""
    s = surfaces.get("booth")
    grad = lambda p: s.grad(p[0], p[1])  # noqa: E731
    ends = {
        m: optim.run(optim.SGD(lr=0.01, momentum=m), grad, np.array([-8.0, 8.0]), 40)[
            -1
        ]
        for m in (0.0, 0.9)
    }
    distance = {m: np.linalg.norm(end - [1.0, 3.0]) for m, end in ends.items()}
    assert distance[0.9] < 0.5 < 3 < distance[0.0]
