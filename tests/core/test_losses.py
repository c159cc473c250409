import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from losslandscape import losses
from tests.numeric import check_grad

PROB = st.floats(1e-6, 1 - 1e-6)
LABEL = st.sampled_from([0.0, 1.0])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _labels(rng, n):
    return rng.integers(0, 2, n).astype(float)


# The seed chapter's worked examples (chapter 13, "Loss Landscape").
def test_bce_of_a_good_prediction_is_0_105():
    value = losses.binary_cross_entropy(1, 0.9)
    assert round(value, 3) == 0.105
    assert value == pytest.approx(-math.log(0.9), rel=1e-12)


def test_bce_of_a_confident_wrong_prediction_is_2_303():
    value = losses.binary_cross_entropy(1, 0.1)
    assert round(value, 3) == 2.303
    assert value == pytest.approx(-math.log(0.1), rel=1e-12)


def test_confident_wrong_prediction_costs_21_85_times_more():
    ratio = losses.binary_cross_entropy(1, 0.1) / losses.binary_cross_entropy(1, 0.9)
    assert round(ratio, 2) == 21.85


def test_bce_is_the_mean_of_the_textbook_formula():
    y, p = [1, 0, 1, 0], [0.8, 0.3, 0.4, 0.01]
    terms = [
        -(t * math.log(q) + (1 - t) * math.log(1 - q))
        for t, q in zip(y, p, strict=True)
    ]
    assert losses.binary_cross_entropy(y, p) == pytest.approx(np.mean(terms))


def test_bce_clips_certain_mistakes_to_minus_log_eps():
    assert losses.binary_cross_entropy(1, 0.0) == pytest.approx(-math.log(losses.EPS))
    assert losses.binary_cross_entropy(0, 1.0) == pytest.approx(-math.log(losses.EPS))
    np.testing.assert_array_equal(losses.binary_cross_entropy_grad([1, 0], [0, 1]), 0)


def test_mse_closed_form():
    assert losses.mse([0.0, 0.0], [1.0, 3.0]) == 5.0


def test_softmax_cross_entropy_of_equal_logits_is_log_k():
    value = losses.softmax_cross_entropy([0, 2, 4], np.zeros((3, 5)))
    assert value == pytest.approx(math.log(5))


def test_softmax_cross_entropy_with_two_classes_is_bce_of_the_logit_difference(rng):
    z = rng.normal(0, 3, (10, 2))
    labels = rng.integers(0, 2, 10)
    expected = losses.binary_cross_entropy_with_logits(labels, z[:, 1] - z[:, 0])
    assert losses.softmax_cross_entropy(labels, z) == pytest.approx(expected)


def test_softmax_cross_entropy_ignores_a_huge_shift(rng):
    z = rng.normal(size=(6, 3))
    labels = rng.integers(0, 3, 6)
    shifted = losses.softmax_cross_entropy(labels, z + 1e4)
    assert shifted == pytest.approx(losses.softmax_cross_entropy(labels, z), rel=1e-9)


def test_gradients_match_central_differences(rng):
    y = _labels(rng, 7)
    p = rng.uniform(0.05, 0.95, 7)
    z = rng.normal(0, 3, 7)
    pairs = [
        (losses.binary_cross_entropy, losses.binary_cross_entropy_grad, p),
        (
            losses.binary_cross_entropy_with_logits,
            losses.binary_cross_entropy_with_logits_grad,
            z,
        ),
        (losses.mse, losses.mse_grad, z),
    ]
    for loss, grad, x in pairs:
        check_grad(lambda x, loss=loss: loss(y, x), lambda x, g=grad: g(y, x), x, rng)
    labels = rng.integers(0, 4, 5)
    check_grad(
        lambda z: losses.softmax_cross_entropy(labels, z),
        lambda z: losses.softmax_cross_entropy_grad(labels, z),
        rng.normal(size=(5, 4)),
        rng,
    )


def test_logits_version_equals_probability_version_through_sigmoid(rng):
    y = _labels(rng, 50)
    z = rng.uniform(-20, 20, 50)
    expected = losses.binary_cross_entropy(y, _sigmoid(z))
    assert losses.binary_cross_entropy_with_logits(y, z) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("y", "z", "expected"),
    [(0, 1e4, 1e4), (1, -1e4, 1e4), (1, 1e4, 0.0), (0, -1e4, 0.0)],
)
def test_logits_loss_is_exact_at_huge_logits(y, z, expected):
    # max(z, 0) - z y + log1p(exp(-|z|)) with exp(-1e4) below float64's range.
    assert losses.binary_cross_entropy_with_logits([y], [z]) == expected
    grad = losses.binary_cross_entropy_with_logits_grad([y], [z])
    np.testing.assert_array_equal(grad, [1.0 - y if z > 0 else -float(y)])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: losses.binary_cross_entropy([1, 0], [0.5]), "y_true and y_prob"),
        (lambda: losses.binary_cross_entropy([2, 0], [0.5, 0.5]), "y_true"),
        (lambda: losses.binary_cross_entropy([1, 0], [0.5, 1.5]), "y_prob"),
        (lambda: losses.binary_cross_entropy([1, 0], [np.nan, 0.5]), "y_prob"),
        (lambda: losses.binary_cross_entropy([], []), "must not be empty"),
        (lambda: losses.binary_cross_entropy_grad([0.5], [0.5]), "y_true"),
        (lambda: losses.binary_cross_entropy_with_logits([1], [np.inf]), "logits"),
        (lambda: losses.binary_cross_entropy_with_logits([-1], [0.0]), "y_true"),
        (lambda: losses.binary_cross_entropy_with_logits_grad([1], [1, 2]), "logits"),
        (lambda: losses.mse([np.nan], [1.0]), "y_true"),
        (lambda: losses.mse_grad([1.0, 2.0], [[1.0, 2.0]]), "y_pred"),
        (lambda: losses.softmax_cross_entropy([0, 3], np.zeros((2, 3))), "labels"),
        (lambda: losses.softmax_cross_entropy([0, 0.5], np.zeros((2, 3))), "labels"),
        (lambda: losses.softmax_cross_entropy([0, 1, 1], np.zeros((2, 3))), "labels"),
        (lambda: losses.softmax_cross_entropy_grad([0], np.zeros(3)), "logits"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@given(LABEL, PROB)
def test_bce_is_never_negative(y, p):
    assert losses.binary_cross_entropy(y, p) >= 0


@given(LABEL, PROB)
def test_bce_is_symmetric_under_swapping_the_classes(y, p):
    flipped = losses.binary_cross_entropy(1 - y, 1 - p)
    assert flipped == pytest.approx(losses.binary_cross_entropy(y, p), rel=1e-9)


@given(LABEL, st.floats(-500, 500))
def test_logits_bce_is_nonnegative_and_symmetric(y, z):
    value = losses.binary_cross_entropy_with_logits(y, z)
    assert value >= 0
    flipped = losses.binary_cross_entropy_with_logits(1 - y, -z)
    assert flipped == pytest.approx(value, rel=1e-12, abs=1e-300)


@given(LABEL, st.floats(-30, 30))
def test_logits_bce_matches_minus_log_sigmoid(y, z):
    # -log(sigmoid(z)) for y = 1, -log(sigmoid(-z)) for y = 0, by math.
    s = z if y == 1 else -z
    expected = math.log1p(math.exp(-s)) if s >= 0 else -s + math.log1p(math.exp(s))
    value = losses.binary_cross_entropy_with_logits(y, z)
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-300)
