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


# Issue 13: claims that were wrong or overstated, now stated as the core shows.


def _mlp_setup(activation, rng):
    from losslandscape import models

    model = models.MLP([2, 3, 1], activation=activation)
    theta = rng.standard_normal(model.n_params)
    X = rng.standard_normal((20, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return model, theta, X, y


W1_SIZE = 6  # the first layer's weights come first in theta (CONTRIBUTING.md)


def _rescale_unit(model, theta, c, unit=0, bias=True):
    """Hidden unit `unit`: incoming weights (and bias) times c, outgoing / c."""
    out = theta.copy()  # layout of [2, 3, 1]: W1 (3 x 2), b1 (3), W2 (1 x 3), b2
    out[2 * unit : 2 * unit + 2] *= c
    if bias:
        out[W1_SIZE + unit] *= c
    out[W1_SIZE + 3 + unit] /= c
    return out


def test_relu_rescaling_keeps_the_function_only_with_the_bias(rng):
    """real-networks.md: relu(c z) = c relu(z) for c > 0; the bias must be
    rescaled too; a tanh unit cannot be rescaled this way."""
    model, theta, X, _ = _mlp_setup("relu", rng)
    same = _rescale_unit(model, theta, 10.0)
    np.testing.assert_allclose(model.logits(same, X), model.logits(theta, X))
    no_bias = _rescale_unit(model, theta, 10.0, bias=False)
    assert not np.allclose(model.logits(no_bias, X), model.logits(theta, X))
    tanh, theta_t, X_t, _ = _mlp_setup("tanh", rng)
    changed = _rescale_unit(tanh, theta_t, 10.0)
    assert not np.allclose(tanh.logits(changed, X_t), tanh.logits(theta_t, X_t))


def test_rescaling_moves_sharpness_between_directions(rng):
    """real-networks.md Problem 4 (Dinh et al. 2017): rescaling a ReLU unit by c
    divides the curvature along an incoming weight by c^2 and multiplies the
    curvature along its outgoing weight by c^2."""
    model, theta, X, y = _mlp_setup("relu", rng)
    c = 10.0
    big = _rescale_unit(model, theta, c)

    def curvature_along(th, k):
        e = np.zeros(model.n_params)
        e[k] = 1.0
        return e @ model.hvp(th, X, y, e)

    incoming, outgoing = 0, W1_SIZE + 3  # unit 0's first input weight, its output
    np.testing.assert_allclose(
        curvature_along(big, incoming), curvature_along(theta, incoming) / c**2
    )
    np.testing.assert_allclose(
        curvature_along(big, outgoing), curvature_along(theta, outgoing) * c**2
    )


def test_layer_rescaling_keeps_the_loss_and_changes_the_top_eigenvalue(rng):
    """sharp-and-flat.md (Dinh et al. 2017): the same function, another
    lambda_max; filter normalization does not make the number invariant."""
    model, theta, X, y = _mlp_setup("relu", rng)
    scaled = theta.copy()
    for unit in range(3):
        scaled = _rescale_unit(model, scaled, 5.0, unit)
    np.testing.assert_allclose(model.loss(scaled, X, y), model.loss(theta, X, y))

    def top(th):
        return curvature.top_eigenvalue(
            lambda v: model.hvp(th, X, y, v), model.n_params, np.random.default_rng(1)
        )

    assert top(scaled) > 3 * top(theta)


def test_adam_steps_are_at_most_about_lr_and_shorter_when_gradients_flip():
    """optimizers.md (Kingma & Ba 2015, sec. 2.1): about lr for a steady
    gradient, far less for one that flips sign, and at most
    lr (1 - beta1) / sqrt(1 - beta2) in the sparse worst case."""
    lr = 0.1

    def steps(grads):
        opt = optim.Adam(lr=lr)
        x, state = np.zeros(1), opt.init(np.zeros(1))
        out = []
        for g in grads:
            new, state = opt.step(x, np.array([g]), state)
            out.append(abs(new[0] - x[0]))
            x = new
        return np.array(out)

    steady = steps([2.0] * 50)
    np.testing.assert_allclose(steady, lr, rtol=1e-6)
    flipping = steps([2.0, -2.0] * 25)
    assert flipping[10:].max() < 0.5 * lr
    sparse = steps([0.0] * 5000 + [1.0])
    bound = lr * 0.1 / np.sqrt(0.001)
    assert 3 * lr < sparse[-1] <= bound


def test_where_descent_ends_depends_on_the_learning_rate_too():
    """glossary figure: same start on the chapter-13 curve, two learning rates,
    two different minima."""
    s = surfaces.get("two_valleys")
    grad = lambda p: np.array([s.grad(p[0], 0.0)[0]])  # noqa: E731
    ends = {
        lr: optim.run(optim.SGD(lr=lr), grad, np.array([2.8]), 200)[-1, 0]
        for lr in (0.1, 0.3)
    }
    assert abs(ends[0.1] - 1.5) < 1e-6 and abs(ends[0.3] + 1.5) < 1e-6


def test_random_directions_see_the_average_curvature_not_the_top(rng):
    """real-networks.md: along a random unit direction the curvature is, on
    average, trace / n; the sharpest direction is far steeper."""
    n = 2000
    eigenvalues = np.concatenate([[500.0, -50.0], rng.uniform(0, 2, n - 2)])
    hvp = lambda v: eigenvalues * v  # noqa: E731  a diagonal Hessian
    d = rng.standard_normal((200, n))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    seen = np.einsum("kn,kn->k", d, hvp(d))  # (200,) curvature along each
    np.testing.assert_allclose(seen.mean(), eigenvalues.mean(), rtol=0.1)
    assert seen.max() < 0.1 * eigenvalues.max() and seen.min() > 0


def test_power_iteration_finds_the_largest_magnitude_and_lanczos_the_top():
    """sharp-and-flat.md: plain power iteration reports -5 for eigenvalues
    {2, -5}; the core's Lanczos reports 2."""
    H = np.diag([2.0, -5.0, 1.0])
    v = np.ones(3)
    for _ in range(200):
        v = H @ v
        v /= np.linalg.norm(v)
    np.testing.assert_allclose(v @ H @ v, -5.0)
    top = curvature.top_eigenvalue(lambda u: H @ u, 3, np.random.default_rng(0))
    np.testing.assert_allclose(top, 2.0)


def test_a_zero_eigenvalue_leaves_the_test_undecided():
    """sharp-and-flat.md: x^4 + y^2 and x^3 + y^2 both have zero slope and
    eigenvalues 0 and 2 at the origin; one has a minimum there, one not."""
    H = np.array([[0.0, 0.0], [0.0, 2.0]])  # both functions' Hessian at 0
    assert curvature.classify(H) == "degenerate"
    x = np.linspace(-0.1, 0.1, 21)
    assert np.all(x**4 >= 0)  # minimum of x^4 + y^2 along y = 0
    assert np.any(x**3 < 0)  # x^3 + y^2 goes below 0


def test_descent_can_converge_to_a_saddle():
    """glossary: descent converges to a stationary point, which may be a
    saddle. L = x^2 / 2 + (y^2 - 1)^2 / 4 from (2, 0) ends at the saddle (0, 0)."""
    grad = lambda p: np.array([p[0], p[1] ** 3 - p[1]])  # noqa: E731
    end = optim.run(optim.SGD(lr=0.1), grad, np.array([2.0, 0.0]), 500)[-1]
    np.testing.assert_allclose(end, 0.0, atol=1e-12)
    H = np.array([[1.0, 0.0], [0.0, -1.0]])  # at (0, 0)
    assert curvature.classify(H) == "saddle"


def test_pytorch_momentum_is_the_heavy_ball_only_for_a_constant_lr():
    """optimizers.md: Polyak's w_t = w_{t-1} - lr g + mu (w_{t-1} - w_{t-2})
    equals torch's SGD with momentum for a constant lr, not under a schedule."""
    s = surfaces.get("booth")
    grad = lambda p: s.grad(p[0], p[1])  # noqa: E731
    mu, steps, x0 = 0.9, 30, np.array([-8.0, 8.0])

    def heavy_ball(lrs):
        prev, x = x0.copy(), x0.copy()
        path = [x0]
        for lr in lrs:
            prev, x = x, x - lr * grad(x) + mu * (x - prev)
            path.append(x)
        return np.array(path)

    constant = optim.run(optim.SGD(lr=0.01, momentum=mu), grad, x0, steps)
    np.testing.assert_allclose(constant, heavy_ball([0.01] * steps), rtol=1e-10)
    schedule = optim.schedules.get("step", step_size=10, gamma=0.5)
    lrs = [schedule.lr(t, 0.01) for t in range(steps)]
    torch_style = optim.run(optim.SGD(lr=0.01, momentum=mu), grad, x0, steps, schedule)
    assert not np.allclose(torch_style, heavy_ball(lrs), rtol=1e-3)


def test_sgd_noise_averages_out_only_with_a_decaying_lr():
    """glossary SGD: with a constant lr mini-batch SGD keeps jiggling around
    the minimum; with lr ~ 1 / t (Robbins & Monro 1951) it closes in."""
    from losslandscape import batches, data, models

    X, y = data.iris_sepals()
    model = models.LogisticRegression2D()
    full = lambda th: model.grad(th, X, y)  # noqa: E731
    best = optim.run(optim.SGD(lr=2.0), full, np.zeros(2), 3000)[-1]
    np.testing.assert_allclose(full(best), 0.0, atol=1e-10)
    distances = {}
    for name, lrs in {
        "constant": lambda t: 2.0,
        "decaying": lambda t: 2.0 * 20 / (20 + t),
    }.items():
        grad_fn = batches.MiniBatchGradient(model, X, y, 1, np.random.default_rng(3))
        opt, x = optim.SGD(lr=2.0), np.array([-1.0, 2.0])
        state, tail = opt.init(x), []
        for t in range(2500):
            x, state = opt.step(x, grad_fn(x), state, lr=lrs(t))
            if t >= 2000:
                tail.append(np.linalg.norm(x - best))
        distances[name] = np.mean(tail)
    assert distances["decaying"] < 0.25 * distances["constant"]


# The three lessons added for issue 13.


def test_descent_lingers_near_the_saddle_on_a_loss_plateau():
    """saddle-points.md: from (2, 0.001) at lr 0.1 the loss stays near the
    saddle's 1/4 for some forty steps, then falls into a valley."""
    s = surfaces.get("saddle")
    grad = lambda p: s.grad(p[0], p[1])  # noqa: E731
    path = optim.run(optim.SGD(lr=0.1), grad, np.array([2.0, 0.001]), 80)
    loss = s.f(path[:, 0], path[:, 1])
    assert np.all(np.abs(loss[20:56] - 0.25) < 0.05)
    assert loss[80] < 0.01
    stuck = optim.run(optim.SGD(lr=0.1), grad, np.array([2.0, 0.0]), 400)[-1]
    np.testing.assert_allclose(stuck, 0.0, atol=1e-12)


def test_the_all_zero_network_is_a_saddle(rng):
    """saddle-points.md: the tanh network 2-8-1 with all weights 0 on two
    moons has zero gradient and Hessian eigenvalues of both signs; the Hessian
    here from central differences of the gradient, not from hvp."""
    from lessonkit.calc import origin_curvature
    from losslandscape import data, models
    from tests.numeric import numerical_gradient

    X, y = data.two_moons(200, np.random.default_rng(0), 0.15)
    model = models.MLP([2, 8, 1], activation="tanh")
    theta = np.zeros(model.n_params)
    np.testing.assert_allclose(model.grad(theta, X, y), 0.0, atol=1e-15)
    columns = [
        numerical_gradient(lambda t, k=k: model.grad(t, X, y)[k], theta)
        for k in range(model.n_params)
    ]
    lam = np.linalg.eigvalsh(0.5 * (np.array(columns) + np.array(columns).T))
    np.testing.assert_allclose(origin_curvature("top"), lam[-1], rtol=1e-5)
    np.testing.assert_allclose(origin_curvature("bottom"), lam[0], rtol=1e-5)
    assert origin_curvature("negative") == np.sum(lam < -1e-6) > 0
    assert origin_curvature("params") == model.n_params == 33


def test_the_spread_follows_the_ratio_of_learning_rate_to_batch_size():
    """noise-and-batch-size.md: equal lr / B, about equal clouds; ten times
    the ratio, a cloud dozens of times wider."""
    from lessonkit.calc import sgd_spread

    same = [sgd_spread(lr, b, steps=1000) for lr, b in ((0.25, 5), (0.5, 10), (1, 20))]
    assert max(same) < 1.5 * min(same)
    assert sgd_spread(0.5, 1, steps=1000) > 20 * max(same)


def test_the_one_weight_sgd_spread_formula():
    """noise-and-batch-size.md Problem 4: V = lr v / (h (2 - lr h)) for
    x <- x - lr (h x + xi); 20000 independent walks of the core's SGD."""
    h, v, lr, walks = 1.0, 0.5, 0.1, 20_000
    rng = np.random.default_rng(7)

    def grad(x):  # (walks,): each walk's slope plus its own batch error
        return h * x + rng.normal(0.0, np.sqrt(v), size=x.shape)

    end = optim.run(optim.SGD(lr=lr), grad, np.zeros(walks), 150)[-1]
    np.testing.assert_allclose(np.var(end), lr * v / (h * (2 - lr * h)), rtol=0.05)


def test_smaller_batches_end_farther_from_the_minimum():
    """noise-and-batch-size.md figure: same start, lr and steps; the full batch
    ends at the minimum, batch size 1 far from it."""
    from lessonkit.calc import iris_minimum
    from lessonkit.figures import two_weight

    land = two_weight.get(model="iris")
    best = np.array([iris_minimum().x, iris_minimum().y])
    ends = {}
    for b in (1, 10, 100):
        path = optim.run(
            optim.SGD(lr=1.0), land.batch_grad(b, 0), np.array([-1.0, 2.0]), 60
        )
        ends[b] = np.linalg.norm(path[-1] - best)
    assert ends[100] < 0.05 and ends[100] < ends[10] < ends[1]


def test_two_trained_networks_are_joined_by_a_low_curve_not_a_line():
    """many-minima.md figure: the straight line between two trained networks
    rises to a hump; the fitted curve stays low all along."""
    from lessonkit.figures import registry
    from lessonkit.lessons import many_minima

    [spec] = many_minima.FIGURES
    d = registry.get(spec.builder).compute(
        registry.check_params(spec.builder, spec.params)
    )
    assert d.line[0] < 0.01 and d.line[-1] < 0.01  # both ends trained
    assert d.line.max() > 0.3
    assert d.curve.max() < 0.05 < 10 * d.curve.max() < d.line.max()
