"""Every public function of the core, called with a bad argument, raises a
ValueError (the core's ArgumentError) whose message names that argument, says
what it must be and what it got, as scikit-learn's `check_estimator` runs one
battery over every estimator.

CASES lists, per public callable, valid arguments and bad values for some of
them; `test_every_public_callable_is_covered` fails when a public function is
added to the core without an entry here (or in NO_ARGUMENTS, with a reason)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import numpy as np
import pytest

import losslandscape
from losslandscape import (
    ArgumentError,
    batches,
    curvature,
    curves,
    data,
    directions,
    fastplane,
    grid,
    layout,
    losses,
    minima,
    optim,
    surfaces,
)
from losslandscape.models import MLP, LogisticRegression2D, TwoWeightNonconvex
from losslandscape.models.surface import as_surface
from losslandscape.optim import schedules

NAN, INF = float("nan"), float("inf")
RNG = np.random.default_rng(0)
X, Y = data.logistic_toy()
NET = MLP([2, 3, 1])
THETA = NET.init(np.random.default_rng(1))
PATH = np.random.default_rng(2).standard_normal((10, 3))
BOOTH = surfaces.get("booth")
O2, E1, E2, AB = [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]  # grid arguments


def loss_many(thetas):  # (P, 2) -> (P,)
    return np.sum(np.asarray(thetas) ** 2, axis=1)


def method(factory, name):
    """A function calling method `name` of a fresh `factory()`."""

    def call(**kwargs):
        return getattr(factory(), name)(**kwargs)

    call.__name__ = name
    return call


# name -> (callable, valid keyword arguments, [(argument, bad value), ...])
CASES = {
    "losses.sigmoid": (losses.sigmoid, {"z": [0.0]}, [("z", "a"), ("z", [NAN])]),
    **{
        f"losses.{f.__name__}": (
            f,
            {"y_true": [1.0], "y_prob": [0.5]},
            [("y_true", [2.0]), ("y_prob", [1.5]), ("y_prob", [0.5, 0.5])],
        )
        for f in (losses.binary_cross_entropy, losses.binary_cross_entropy_grad)
    },
    **{
        f"losses.{f.__name__}": (
            f,
            {"y_true": [1.0], "logits": [0.0]},
            [("y_true", [-1.0]), ("logits", [NAN])],
        )
        for f in (
            losses.binary_cross_entropy_with_logits,
            losses.binary_cross_entropy_with_logits_grad,
        )
    },
    **{
        f"losses.{f.__name__}": (
            f,
            {"y_true": [1.0], "y_pred": [0.5]},
            [("y_true", "x"), ("y_pred", [NAN])],
        )
        for f in (losses.mse, losses.mse_grad)
    },
    **{
        f"losses.{f.__name__}": (
            f,
            {"labels": [0], "logits": [[1.0, 2.0]]},
            [("labels", [5]), ("labels", [0.5]), ("logits", [[NAN, 1.0]])],
        )
        for f in (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad)
    },
    "data.iris_sepals": (data.iris_sepals, {}, [("standardize", "yes")]),
    "data.two_moons": (
        data.two_moons,
        {"n": 10, "rng": RNG},
        [("n", 2.5), ("n", 0), ("rng", 0), ("noise", -1.0)],
    ),
    "data.gaussian_blobs": (
        data.gaussian_blobs,
        {"n": 10, "rng": RNG},
        [("n", 0), ("rng", 0), ("distance", NAN), ("std", -1.0)],
    ),
    "batches.epoch_batches": (
        batches.epoch_batches,
        {"n": 10, "batch_size": 3, "rng": RNG},
        [("n", 0), ("batch_size", 11), ("batch_size", 2.0), ("rng", 0)],
    ),
    "batches.MiniBatchGradient": (
        batches.MiniBatchGradient,
        {"model": LogisticRegression2D(), "X": X, "y": Y, "batch_size": 2, "rng": RNG},
        [("batch_size", 0), ("rng", 0), ("X", X[:, :1]), ("y", Y[:-1])],
    ),
    "batches.gradient_noise": (
        batches.gradient_noise,
        {
            "model": LogisticRegression2D(),
            "theta": [0.0, 0.0],
            "X": X,
            "y": Y,
            "batch_size": 2,
        },  # fmt: skip
        [("theta", [1.0, 2.0, 3.0]), ("batch_size", 0)],
    ),
    "curvature.hessian_2d": (
        curvature.hessian_2d,
        {"surface": BOOTH, "x": 0.0, "y": 0.0},
        [("x", NAN), ("y", "a"), ("x", [1.0, 2.0])],
    ),
    "curvature.top_eigenvalue": (
        curvature.top_eigenvalue,
        {"hvp": lambda v: v, "dim": 3, "rng": RNG},
        [
            ("hvp", 3),
            ("dim", 0),
            ("dim", 2.5),
            ("rng", 0),
            ("iters", 1.5),
            ("tol", -1.0),
        ],  # fmt: skip
    ),
    "curvature.hutchinson_trace": (
        curvature.hutchinson_trace,
        {"hvp": lambda v: v, "dim": 3, "rng": RNG},
        [("samples", 0), ("rng", 0), ("dim", True)],
    ),
    "curvature.bottom_eigenvalue": (
        curvature.bottom_eigenvalue,
        {"hvp": lambda v: v, "dim": 3, "rng": RNG},
        [("dim", 0), ("rng", 0), ("iters", 0)],
    ),
    "curves.straight": (
        curves.straight,
        {"theta_a": [0.0, 0.0], "theta_b": [1.0, 1.0], "ts": [0.0, 0.5, 1.0]},
        [("theta_a", [0.0]), ("theta_b", [NAN, 0.0]), ("ts", [2.0])],
    ),
    "curves.bezier": (
        curves.bezier,
        {
            "theta_a": [0.0, 0.0],
            "theta_c": [1.0, 0.0],
            "theta_b": [1.0, 1.0],
            "ts": [0.5],
        },  # fmt: skip
        [("theta_c", [1.0]), ("ts", [-0.5])],
    ),
    "curves.bezier_grad": (
        curves.bezier_grad,
        {
            "grad_fn": lambda p: p,
            "theta_a": [0.0, 0.0],
            "theta_c": [1.0, 0.0],
            "theta_b": [1.0, 1.0],
            "ts": [0.5],
        },  # fmt: skip
        [("grad_fn", 3), ("theta_c", [NAN, 0.0])],
    ),
    "curves.fit_bezier": (
        curves.fit_bezier,
        {
            "grad_fn": lambda p: p,
            "theta_a": [0.0, 0.0],
            "theta_b": [1.0, 1.0],
            "rng": RNG,
            "steps": 2,
        },  # fmt: skip
        [("rng", 0), ("samples", 0), ("grad_fn", 3), ("theta_c0", [1.0])],
    ),
    "curvature.hessian_from_hvp": (
        curvature.hessian_from_hvp,
        {"hvp": lambda v: v, "dim": 3},
        [("hvp", 3), ("dim", 0), ("dim", 1.5)],
    ),
    "curvature.classify": (
        curvature.classify,
        {"hessian": [[1.0, 0.0], [0.0, 1.0]]},
        [("hessian", [1.0, 2.0]), ("rtol", -1.0), ("atol", NAN)],
    ),
    **{
        f"directions.{f.__name__}": (
            f,
            {"model": NET, "theta": THETA, "rng": RNG},
            [("theta", [1.0]), ("rng", 0), ("norm", "x"), ("keep_bias", "no")],
        )
        for f in (directions.random_direction, directions.random_directions)
    },
    "directions.pca_directions": (
        directions.pca_directions,
        {"trajectory": PATH},
        [("n", 0), ("n", 1.5), ("trajectory", [1.0, 2.0])],
    ),
    "fastplane.mlp_plane": (
        fastplane.mlp_plane,
        {
            "model": NET,
            "X": X,
            "y": Y,
            "theta0": THETA,
            "d1": THETA,
            "d2": THETA,
            "alphas": [0.0, 1.0],
            "betas": [0.0, 1.0],
        },  # fmt: skip
        [
            ("alphas", []),
            ("workers", 0),
            ("chunk_size", 2.0),
            ("theta0", [1.0]),
            ("dtype", int),
        ],  # fmt: skip
    ),
    "grid.plane": (
        grid.plane,
        dict(loss_many=loss_many, theta0=O2, d1=E1, d2=E2, alphas=AB, betas=AB),
        [("loss_many", 3), ("alphas", []), ("chunk_size", 2.0), ("d1", [1.0])],
    ),
    "grid.line": (
        grid.line,
        dict(loss_many=loss_many, theta_a=O2, theta_b=E1, alphas=AB),
        [("loss_many", 3), ("alphas", [NAN]), ("chunk_size", 0), ("theta_b", [1.0])],
    ),
    **{
        f"layout.{f.__name__}": (
            f,
            {"layer_sizes": [2, 3, 1]},
            [("layer_sizes", [2, 0, 1]), ("layer_sizes", [2.5, 1])],
        )
        for f in (layout.layer_slices, layout.n_params)
    },
    "minima.grid_minima": (
        minima.grid_minima,
        {"z": np.zeros((3, 3))},
        [("z", [1.0, 2.0, 3.0])],
    ),
    "minima.find_minima": (
        minima.find_minima,
        {"surface": BOOTH, "resolution": 11},
        [("resolution", 2), ("resolution", 11.0), ("iters", 0), ("gtol", -1.0)],
    ),
    "models.mlp.MLP": (
        MLP,
        {"layer_sizes": [2, 3, 1]},
        [("layer_sizes", [2]), ("activation", "sigmoidal")],
    ),
    "MLP.init": (method(lambda: NET, "init"), {"rng": RNG}, [("rng", 0)]),
    "MLP.loss": (
        method(lambda: NET, "loss"),
        {"theta": THETA, "X": X, "y": Y},
        [("theta", THETA[:-1]), ("X", X[:, :1]), ("y", Y + 2)],
    ),
    "MLP.grad": (
        method(lambda: NET, "grad"),
        {"theta": THETA, "X": X, "y": Y},
        [("theta", [NAN] * THETA.size), ("y", Y[:-1])],
    ),
    "MLP.hvp": (
        method(lambda: NET, "hvp"),
        {"theta": THETA, "X": X, "y": Y, "v": THETA},
        [("v", THETA[:-1])],
    ),
    "MLP.loss_many": (
        method(lambda: NET, "loss_many"),
        {"thetas": THETA[None, :], "X": X, "y": Y},
        [("thetas", THETA), ("chunk_size", 2.0), ("chunk_size", 0)],
    ),
    **{
        f"{cls.__name__}.loss_many": (
            method(cls, "loss_many"),
            {"thetas": [[0.0, 0.0]], "X": x, "y": y},
            [("thetas", [0.0, 0.0]), ("chunk_size", 2.0), ("X", np.ones((2, 3)))],
        )
        for cls, (x, y) in (
            (LogisticRegression2D, (X, Y)),
            (TwoWeightNonconvex, data.nonconvex_toy()),
        )
    },
    "models.surface.as_surface": (
        as_surface,
        {
            "model": LogisticRegression2D(),
            "X": X,
            "y": Y,
            "domain": ((-1, 1), (-1, 1)),
            "name": "s",
            "title": "S",
        },  # fmt: skip
        [("X", X[:, :1]), ("domain", ((1, -1), (0, 1)))],
    ),
    "optim.get": (
        optim.get,
        {"name": "sgd"},
        [("name", "nope"), ("lr", -1.0), ("beta1", 0.9)],
    ),
    "optim.sgd.SGD": (
        optim.SGD,
        {},
        [
            ("lr", -1.0),
            ("lr", True),
            ("momentum", NAN),
            ("nesterov", "yes"),
            ("dampening", "x"),
            ("dampening", INF),
            ("weight_decay", -1e-3),
            ("maximize", 1),
        ],
    ),
    "optim.adam.Adam": (
        optim.Adam,
        {},
        [("betas", (1.5, 0.9)), ("betas", (0.9, 1.0)), ("betas", 0.9), ("eps", -1.0)],
    ),
    "optim.rmsprop.RMSprop": (
        optim.RMSprop,
        {},
        [("alpha", -1.0), ("centered", 2), ("momentum", -0.1), ("eps", "tiny")],
    ),
    "optim.adagrad.Adagrad": (
        optim.Adagrad,
        {},
        [("lr_decay", -1.0), ("initial_accumulator_value", NAN), ("eps", -1.0)],
    ),
    "Optimizer.step": (
        lambda **kw: optim.SGD().step(**kw),
        {"x": [0.0], "grad": [1.0], "state": optim.SGD().init([0.0])},
        [("x", [NAN]), ("grad", [1.0, 2.0]), ("state", None), ("lr", -1.0)],
    ),
    "optim.schedules.StepLR": (
        schedules.StepLR,
        {"step_size": 2},
        [("step_size", 0), ("step_size", 2.0), ("gamma", -1.0)],
    ),
    "optim.schedules.ExponentialLR": (
        schedules.ExponentialLR,
        {"gamma": 0.5},
        [("gamma", INF)],
    ),
    "optim.schedules.CosineAnnealingLR": (
        schedules.CosineAnnealingLR,
        {"T_max": 10},
        [("T_max", 0), ("eta_min", -1.0)],
    ),
    "optim.schedules.LinearWarmup": (
        schedules.LinearWarmup,
        {"warmup_steps": 3},
        [("warmup_steps", 0), ("start_factor", 0.0)],
    ),
    "optim.schedules.SequentialLR": (
        schedules.SequentialLR,
        {"schedules": (schedules.StepLR(2), schedules.StepLR(3)), "milestones": (4,)},
        [("schedules", (schedules.StepLR(2), 0.1)), ("milestones", (0,))],
    ),
    "optim.schedules.warmup_then": (
        schedules.warmup_then,
        {"schedule": schedules.StepLR(2), "warmup_steps": 3},
        [("warmup_steps", 0), ("start_factor", 2.0)],
    ),
    "schedule.lr": (
        lambda **kw: schedules.StepLR(2).lr(**kw),
        {"step": 3, "base_lr": 0.1},
        [("step", 2.9), ("step", -1), ("base_lr", "x")],
    ),
    "optim.schedules.get": (
        schedules.get,
        {"name": "cosine", "T_max": 10},
        [("name", "linear"), ("T_max", 0), ("tmax", 10)],
    ),
    **{
        f"optim.trajectory.{f.__name__}": (
            f,
            {
                "optimizer": optim.SGD(lr=0.1),
                "grad_fn": lambda x: x,
                "x0": [1.0],
                "steps": 3,
            },  # fmt: skip
            [
                ("optimizer", "sgd"),
                ("grad_fn", 3),
                ("x0", [NAN]),
                ("steps", -1),
                ("steps", 2.0),
                ("schedule", 0.1),
            ],  # fmt: skip
        )
        for f in (optim.run, optim.run_detailed)
    },
    "surfaces.get": (
        surfaces.get,
        {"name": "rosenbrock"},
        [("name", "nope"), ("b", -1.0), ("b", True), ("b", "big"), ("c", 1.0)],
    ),
    "surfaces.parameters": (
        surfaces.parameters,
        {"name": "rosenbrock"},
        [("name", "nope")],
    ),
    "surfaces.params.Range": (
        surfaces.Range,
        {"lo": 0.0, "hi": 1.0},
        [("scale", "cubic"), ("lo", NAN), ("hi", -1.0)],
    ),
    "Surface.f": (
        lambda **kw: BOOTH.f(**kw),
        {"x": 0.0, "y": 0.0},
        [("x", NAN), ("y", "a")],
    ),
    "Surface.grad": (
        lambda **kw: BOOTH.grad(**kw),
        {"x": 0.0, "y": 0.0},
        [("x", [NAN]), ("y", "a")],  # infinities pass: diverging runs see them
    ),
    "points.Minimum": (
        surfaces.Minimum,
        {"x": 0.0, "y": 0.0, "value": 0.0},
        [("x", NAN), ("kind", "best"), ("precision", -1.0)],
    ),
    "surfaces.base.Surface": (
        surfaces.Surface,
        {
            "name": "s",
            "title": "S",
            "f": BOOTH.f,
            "grad": BOOTH.grad,
            "domain": ((-1, 1), (-1, 1)),
        },  # fmt: skip
        [("domain", ((1, -1), (0, 1))), ("f", 3), ("minima", (1, 2))],
    ),
    "surfaces.bowls.quadratic": (
        surfaces.get,
        {"name": "quadratic"},
        [("condition", 0.5), ("condition", INF), ("angle", NAN)],
    ),
}

# Public callables without arguments to get wrong, and why.
NO_ARGUMENTS = {
    "losses.bce_with_logits_terms": "unchecked by design, for the models' hot loops",
    "losses.sigmoid_terms": "unchecked by design, for the models' hot loops",
    "data.logistic_toy": "no arguments",
    "data.nonconvex_toy": "no arguments",
    "fastplane.calibration": "no arguments",
    "optim.names": "no arguments",
    "optim.schedules.names": "no arguments",
    "surfaces.names": "no arguments",
    "optim.register": "a class decorator for code, not for callers' values",
    "optim.schedules.register": "a class decorator for code",
    "models.two_weight.LogisticRegression2D": "no arguments",
    "models.two_weight.TwoWeightNonconvex": "no arguments",
    "surfaces.valleys.sharp_flat_eigenvalues": "no arguments",
    "layout.LayerSlices": "a record layer_slices builds",
    "points.CriticalPoint": "a record find_minima builds",
    "points.Point": "a plain record (x, y, value) the core's results build",
    "surfaces.params.Parameter": "a record surfaces.parameters builds",
    "optim.trajectory.Trajectory": "a record run_detailed builds",
    "surfaces.base.stack2": "an internal helper of the surface modules",
    "surfaces.base.stack22": "an internal helper of the surface modules",
    "surfaces.base.CentralDifferenceHessian": "built by Surface from its grad",
    "surfaces.base.NaNChecked": "built by Surface around its functions",
    "surfaces.bowls.ripple_minima_1d": "an internal helper of `rugged`",
}
# Surfaces and optimizer states are reached through surfaces.get and init().
COVERED_ELSEWHERE = re.compile(
    r"^surfaces\.(classic|multimodal|bowls|valleys)\.|^optim\.\w+\.\w+State$"
)


def public_callables() -> set[str]:
    """module.name of every public function and class the core defines."""
    found = set()
    for info in pkgutil.walk_packages(losslandscape.__path__, "losslandscape."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("losslandscape.")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", "") != info.name:
                continue
            if inspect.isfunction(value) or inspect.isclass(value):
                found.add(f"{short}.{name}")
    return found


def test_every_public_callable_is_covered():
    missing = {
        name
        for name in public_callables() - set(CASES) - set(NO_ARGUMENTS)
        if not COVERED_ELSEWHERE.search(name)
    }
    assert not missing, f"add bad-argument cases for {sorted(missing)}"


# One shape for every message: what the argument must be, then what came
# ("lr must be a finite number in [0, inf); got -1"), or the unknown keyword
# and the allowed ones.
ONE_RULE = re.compile(r"\bmust\b.+; got .+|has no parameter '\w+'; allowed: .+")

BAD_CALLS = [
    pytest.param(name, argument, bad, id=f"{name}-{argument}={bad!r}"[:80])
    for name, (_, _, bads) in CASES.items()
    for argument, bad in bads
]


@pytest.mark.parametrize(("name", "argument", "bad"), BAD_CALLS)
def test_a_bad_argument_is_a_value_error_naming_it(name, argument, bad):
    function, valid, _ = CASES[name]
    function(**valid)  # the valid call works
    with pytest.raises(ValueError) as info:
        function(**{**valid, argument: bad})
    assert isinstance(info.value, ArgumentError), type(info.value)
    message = str(info.value)
    assert re.search(rf"(?<![\w.]){re.escape(argument)}\b", message), message
    assert ONE_RULE.search(message), message
