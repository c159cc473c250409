"""Each optimizer's first steps against PyTorch's published update rules
(torch.optim docs, 2.13), worked by hand on small vectors."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from losslandscape.optim import SGD, Adagrad, Adam, RMSprop
from tests.numeric import ROUNDING

TOL = 1e-12  # hand-worked decimals vs float64 arithmetic


def walk(opt, x0, grads):
    """Points x1, x2, ... after feeding `grads` (arrays, or a function of x)."""
    x = np.asarray(x0, dtype=np.float64)
    state, points = opt.init(x), []
    for g in grads:
        x, state = opt.step(x, g(x) if callable(g) else g, state)
        points.append(x)
    return points


def assert_points(points, expected):
    assert len(points) == len(expected)
    for got, want in zip(points, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=TOL, atol=TOL)


# --- SGD --------------------------------------------------------------------


def test_sgd_plain_on_a_quadratic():
    # f = (x1^2 + 4 x2^2) / 2, grad = (x1, 4 x2); lr = 0.1, x0 = (1, -2)
    grad = lambda x: np.array([1.0, 4.0]) * x  # noqa: E731
    # g0 = (1, -8): x1 = (1 - 0.1, -2 + 0.8) = (0.9, -1.2)
    # g1 = (0.9, -4.8): x2 = (0.9 - 0.09, -1.2 + 0.48) = (0.81, -0.72)
    points = walk(SGD(lr=0.1), [1.0, -2.0], [grad, grad])
    assert_points(points, [[0.9, -1.2], [0.81, -0.72]])


def test_sgd_momentum_buffer_starts_at_the_first_gradient_without_dampening():
    # lr 0.1, mu 0.9, dampening 0.5, constant g = (1, -2), x0 = 0
    g = np.array([1.0, -2.0])
    # t1: b = g = (1, -2) (no dampening);     x1 = (-0.1, 0.2)
    # t2: b = 0.9 (1, -2) + 0.5 (1, -2) = (1.4, -2.8);   x2 = (-0.24, 0.48)
    # t3: b = 0.9 (1.4, -2.8) + 0.5 (1, -2) = (1.76, -3.52); x3 = (-0.416, 0.832)
    opt = SGD(lr=0.1, momentum=0.9, dampening=0.5)
    points = walk(opt, [0.0, 0.0], [g, g, g])
    assert_points(points, [[-0.1, 0.2], [-0.24, 0.48], [-0.416, 0.832]])


def test_sgd_weight_decay_with_momentum():
    # lr 0.1, mu 0.5, weight_decay 0.2, constant g = 1, x0 = 1
    g = np.array([1.0])
    # t1: g~ = 1 + 0.2 * 1 = 1.2;         b = 1.2;                  x1 = 0.88
    # t2: g~ = 1 + 0.2 * 0.88 = 1.176;    b = 0.6 + 1.176 = 1.776;  x2 = 0.7024
    # t3: g~ = 1 + 0.2 * 0.7024 = 1.14048; b = 0.888 + 1.14048 = 2.02848
    #     x3 = 0.7024 - 0.202848 = 0.499552
    opt = SGD(lr=0.1, momentum=0.5, weight_decay=0.2)
    points = walk(opt, [1.0], [g, g, g])
    assert_points(points, [[0.88], [0.7024], [0.499552]])


def test_sgd_nesterov_on_a_quadratic():
    # f = x^2 / 2, grad = x; lr 0.1, mu 0.9, x0 = 1; step along g + mu b
    grad = lambda x: x  # noqa: E731
    # t1: g = 1;      b = 1;                      g + 0.9 b = 1.9;     x1 = 0.81
    # t2: g = 0.81;   b = 0.9 + 0.81 = 1.71;      0.81 + 1.539 = 2.349; x2 = 0.5751
    # t3: g = 0.5751; b = 1.539 + 0.5751 = 2.1141; 0.5751 + 1.90269 = 2.47779
    #     x3 = 0.5751 - 0.247779 = 0.327321
    opt = SGD(lr=0.1, momentum=0.9, nesterov=True)
    points = walk(opt, [1.0], [grad, grad, grad])
    assert_points(points, [[0.81], [0.5751], [0.327321]])


def test_sgd_maximize_climbs():
    # lr 0.1, mu 0.9, maximize: g = -grad = -2; x0 = 0
    # t1: b = -2;                  x1 = 0 + 0.2 = 0.2
    # t2: b = 0.9 (-2) - 2 = -3.8; x2 = 0.2 + 0.38 = 0.58
    g = np.array([2.0])
    points = walk(SGD(lr=0.1, momentum=0.9, maximize=True), [0.0], [g, g])
    assert_points(points, [[0.2], [0.58]])


# --- RMSprop ----------------------------------------------------------------


def test_rmsprop_plain_on_a_quadratic():
    # f = x^2, grad = 2x; lr 0.1, alpha 0.9, eps 1e-8, x0 = 1
    grad = lambda x: 2 * x  # noqa: E731
    g1 = 2.0
    v1 = 0.9 * 0 + 0.1 * g1**2  # 0.4
    x1 = 1 - 0.1 * g1 / (math.sqrt(v1) + 1e-8)
    g2 = 2 * x1
    v2 = 0.9 * v1 + 0.1 * g2**2
    x2 = x1 - 0.1 * g2 / (math.sqrt(v2) + 1e-8)
    assert abs(v1 - 0.4) < TOL and 0 < x2 < x1 < 1
    points = walk(RMSprop(lr=0.1, alpha=0.9), [1.0], [grad, grad])
    assert_points(points, [[x1], [x2]])


def test_rmsprop_centered_with_momentum():
    # lr 0.1, alpha 0.5, eps 0.5, momentum 0.9, centered; constant g = 2, x0 = 0
    g = np.array([2.0])
    # t1: v = 0.5 * 4 = 2; g_ave = 0.5 * 2 = 1; v~ = 2 - 1^2 = 1
    #     b = 2 / (sqrt(1) + 0.5) = 4/3;                  x1 = -0.4/3
    # t2: v = 1 + 2 = 3; g_ave = 0.5 + 1 = 1.5; v~ = 3 - 2.25 = 0.75
    #     b = 0.9 * 4/3 + 2 / (sqrt(0.75) + 0.5) = 1.2 + 2 / 1.3660254...
    x1 = -0.4 / 3
    b2 = 1.2 + 2 / (math.sqrt(0.75) + 0.5)
    x2 = x1 - 0.1 * b2
    opt = RMSprop(lr=0.1, alpha=0.5, eps=0.5, momentum=0.9, centered=True)
    points = walk(opt, [0.0], [g, g])
    assert_points(points, [[x1], [x2]])


def test_rmsprop_not_centered_differs_from_centered():
    # same as above, not centered: t1: v = 2, b = 2 / (sqrt(2) + 0.5)
    g = np.array([2.0])
    opt = RMSprop(lr=0.1, alpha=0.5, eps=0.5, momentum=0.9)
    points = walk(opt, [0.0], [g])
    assert_points(points, [[-0.1 * 2 / (math.sqrt(2) + 0.5)]])


def test_rmsprop_weight_decay_and_maximize():
    # lr 0.1, alpha 0.5, eps 0, weight_decay 0.5, maximize; grad = -1, x0 = 2
    g = np.array([-1.0])
    # t1: g~ = 1 + 0.5 * 2 = 2; v = 0.5 * 4 = 2;     x1 = 2 - 0.1 * 2 / sqrt(2)
    x1 = 2 - 0.1 * math.sqrt(2)
    # t2: g~ = 1 + 0.5 x1; v = 0.5 * 2 + 0.5 g~^2;   x2 = x1 - 0.1 g~ / sqrt(v)
    g2 = 1 + 0.5 * x1
    x2 = x1 - 0.1 * g2 / math.sqrt(1 + 0.5 * g2**2)
    opt = RMSprop(lr=0.1, alpha=0.5, eps=0.0, weight_decay=0.5, maximize=True)
    assert_points(walk(opt, [2.0], [g, g]), [[x1], [x2]])


# --- Adam -------------------------------------------------------------------


def test_adam_bias_correction_makes_constant_gradients_move_by_lr():
    # constant g: m^_t = g, v^_t = g^2 exactly, so each step is lr g / (|g| + eps)
    g = np.array([1.0, -2.0])
    step = 0.1 * g / (np.abs(g) + 1e-8)  # (0.1, -0.1) up to eps
    points = walk(Adam(lr=0.1), [0.0, 0.0], [g, g, g])
    assert_points(points, [-step, -2 * step, -3 * step])


def test_adam_default_eps_is_in_the_denominator():
    # lr 1e-3, g = 1e-3: x1 = -1e-3 * 1e-3 / (1e-3 + 1e-8)
    points = walk(Adam(), [0.0], [np.array([1e-3])])
    assert_points(points, [[-1e-3 * 1e-3 / (1e-3 + 1e-8)]])


def test_adam_and_amsgrad_on_changing_gradients():
    # lr 0.1, betas (0.5, 0.75), eps 0; gradients 2, -3, 0.5; x0 = 0
    grads = [np.array([2.0]), np.array([-3.0]), np.array([0.5])]
    # t1: m = 1, v = 0.25 * 4 = 1; m^ = 1 / 0.5 = 2; v^ = 1 / 0.25 = 4
    #     x1 = -0.1 * 2 / 2 = -0.1
    # t2: m = 0.5 - 1.5 = -1; v = 0.75 + 0.25 * 9 = 3
    #     m^ = -1 / 0.75 = -4/3; v^ = 3 / (1 - 0.5625) = 48/7
    x2 = -0.1 + 0.1 * (4 / 3) / math.sqrt(48 / 7)
    # t3: m = -0.5 + 0.25 = -0.25; v = 2.25 + 0.0625 = 2.3125
    #     m^ = -0.25 / 0.875 = -2/7; v^ = 2.3125 / 0.578125 = 4
    x3 = x2 + 0.1 * (2 / 7) / 2
    # amsgrad: v_max = max(3, 2.3125) = 3; v^ = 3 / 0.578125
    x3_ams = x2 + 0.1 * (2 / 7) / math.sqrt(3 / 0.578125)
    plain = walk(Adam(lr=0.1, betas=(0.5, 0.75), eps=0.0), [0.0], grads)
    assert_points(plain, [[-0.1], [x2], [x3]])
    ams = walk(Adam(lr=0.1, betas=(0.5, 0.75), eps=0.0, amsgrad=True), [0.0], grads)
    assert_points(ams, [[-0.1], [x2], [x3_ams]])


def test_adam_weight_decay_and_maximize():
    # lr 0.1, betas (0.5, 0.75), eps 0, weight_decay 1, maximize; grad -1, x0 = 1
    g = np.array([-1.0])
    # t1: g~ = 1 + 1 = 2; m = 1; v = 1; m^ = 2; v^ = 4; x1 = 1 - 0.1 = 0.9
    # t2: g~ = 1 + 0.9 = 1.9; m = 0.5 + 0.95 = 1.45; v = 0.75 + 0.25 * 3.61 = 1.6525
    x2 = 0.9 - 0.1 * (1.45 / 0.75) / math.sqrt(1.6525 / 0.4375)
    opt = Adam(lr=0.1, betas=(0.5, 0.75), eps=0.0, weight_decay=1.0, maximize=True)
    assert_points(walk(opt, [1.0], [g, g]), [[0.9], [x2]])


# --- Adagrad ----------------------------------------------------------------


def test_adagrad_lr_decay():
    # lr 1, lr_decay 0.5, eps 0; gradients 3, 4, 12 -> sums 9, 25, 169
    grads = [np.array([3.0]), np.array([4.0]), np.array([12.0])]
    # t1: clr = 1 / (1 + 0 * 0.5) = 1;  x1 = -3 / 3 = -1
    # t2: clr = 1 / 1.5 = 2/3;          x2 = -1 - (2/3) 4 / 5 = -1 - 8/15
    # t3: clr = 1 / 2;                  x3 = x2 - 0.5 * 12 / 13 = x2 - 6/13
    points = walk(Adagrad(lr=1.0, lr_decay=0.5, eps=0.0), [0.0], grads)
    assert_points(points, [[-1.0], [-1 - 8 / 15], [-1 - 8 / 15 - 6 / 13]])


def test_adagrad_initial_accumulator_weight_decay_and_maximize():
    # lr 0.4, initial_accumulator_value 7, weight_decay 0.5, maximize, default
    # eps 1e-10; grad -2, x0 = 2
    g = np.array([-2.0])
    # t1: g~ = 2 + 0.5 * 2 = 3; sum = 7 + 9 = 16; x1 = 2 - 0.4 * 3 / 4 = 1.7 (+ eps)
    x1 = 2 - 0.4 * 3 / (4 + 1e-10)
    # t2: g~ = 2 + 0.5 x1 = 2.85; sum = 16 + 2.85^2 = 24.1225
    g2 = 2 + 0.5 * x1
    x2 = x1 - 0.4 * g2 / (math.sqrt(16 + g2**2) + 1e-10)
    assert abs(x1 - 1.7) < 1e-10 and abs(16 + g2**2 - 24.1225) < 1e-9
    opt = Adagrad(
        lr=0.4, initial_accumulator_value=7.0, weight_decay=0.5, maximize=True
    )
    assert_points(walk(opt, [2.0], [g, g]), [[x1], [x2]])


# --- properties of the rules, for any vectors ------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors = st.integers(1, 5).flatmap(  # (x, g) of one random length
    lambda n: st.tuples(
        arrays(float, n, elements=finite), arrays(float, n, elements=finite)
    )
)
nonzero = st.floats(1e-3, 1e3) | st.floats(-1e3, -1e-3)


@settings(max_examples=50, deadline=None)
@given(xg=vectors, lr=st.floats(0, 10))
def test_sgd_without_momentum_is_x_minus_lr_g(xg, lr):
    x, g = xg
    x_new, _ = SGD(lr=lr).step(x, g, SGD(lr=lr).init(x))
    np.testing.assert_array_equal(x_new, x - lr * g)


@settings(max_examples=30, deadline=None)
@given(xg=vectors)
def test_weight_decay_adds_wd_x_and_maximize_negates_the_gradient(xg):
    x, g = xg
    configs = [
        (SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
        (RMSprop, {"momentum": 0.5, "centered": True}),
        (Adam, {"amsgrad": True}),
        (Adagrad, {"lr_decay": 0.1}),
    ]
    for cls, hyper in configs:
        base = cls(**hyper)
        decayed = cls(**hyper, weight_decay=0.3)
        flipped = cls(**hyper, maximize=True)
        # decay: two steps fed g equal two plain steps fed g + 0.3 x at each point
        np.testing.assert_allclose(
            walk(decayed, x, [g, g])[-1],
            walk(base, x, [lambda p: g + 0.3 * p] * 2)[-1],
            rtol=ROUNDING,
            atol=ROUNDING,
        )
        np.testing.assert_array_equal(
            walk(flipped, x, [g, g])[-1], walk(base, x, [-g, -g])[-1]
        )


@settings(max_examples=50, deadline=None)
@given(x=arrays(float, 3, elements=finite), g=arrays(float, 3, elements=nonzero))
def test_first_adaptive_steps_move_each_coordinate_by_a_fixed_amount(x, g):
    # eps = 0: Adam m^ = g, v^ = g^2; Adagrad sum = g^2; RMSprop v = (1 - alpha) g^2
    lr = 0.1
    adam = walk(Adam(lr=lr, eps=0.0), x, [g])[0]
    np.testing.assert_allclose(adam, x - lr * np.sign(g), rtol=ROUNDING, atol=ROUNDING)
    adagrad = walk(Adagrad(lr=lr, eps=0.0), x, [g])[0]
    np.testing.assert_allclose(
        adagrad, x - lr * np.sign(g), rtol=ROUNDING, atol=ROUNDING
    )
    rms = walk(RMSprop(lr=lr, alpha=0.75, eps=0.0), x, [g])[0]
    np.testing.assert_allclose(
        rms, x - lr * np.sign(g) / 0.5, rtol=ROUNDING, atol=ROUNDING
    )
