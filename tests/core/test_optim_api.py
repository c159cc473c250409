"""Optimizer configs: torch's documented defaults and argument order, validation
with ValueErrors that name the argument, get/names, and purity of step."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

from losslandscape import optim
from losslandscape.optim import SGD, Adagrad, Adam, RMSprop

# Defaults as documented by torch.optim (PyTorch 2.13), in torch's argument order.
TORCH_DEFAULTS = {
    SGD: {
        "lr": 1e-3,
        "momentum": 0,
        "dampening": 0,
        "weight_decay": 0,
        "nesterov": False,
        "maximize": False,
    },
    RMSprop: {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0,
        "momentum": 0,
        "centered": False,
        "maximize": False,
    },
    Adam: {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0,
        "amsgrad": False,
        "maximize": False,
    },
    Adagrad: {
        "lr": 1e-2,
        "lr_decay": 0,
        "weight_decay": 0,
        "initial_accumulator_value": 0,
        "eps": 1e-10,
        "maximize": False,
    },
}


@pytest.mark.parametrize("cls", list(TORCH_DEFAULTS), ids=lambda c: c.__name__)
def test_defaults_and_argument_names_are_torchs(cls):
    assert cls().hyperparameters() == TORCH_DEFAULTS[cls]
    params = inspect.signature(cls).parameters
    assert list(params) == list(TORCH_DEFAULTS[cls])  # same order as torch
    assert params["maximize"].kind is inspect.Parameter.KEYWORD_ONLY


def test_positional_arguments_follow_torchs_order():
    assert SGD(0.1, 0.9, 0.0, 0.0, True).nesterov is True
    assert Adam(0.1, (0.5, 0.6)).betas == (0.5, 0.6)
    assert Adagrad(0.1, 0.2).lr_decay == 0.2


def optimizer_classes() -> set[type]:
    """Every Optimizer subclass defined in a module of the optim package."""
    found = set()
    for info in pkgutil.iter_modules(optim.__path__):
        module = importlib.import_module(f"{optim.__name__}.{info.name}")
        found |= {
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, optim.Optimizer)
            and value is not optim.Optimizer
        }
    return found


def test_every_optimizer_class_is_registered_under_its_name():
    classes = optimizer_classes()
    assert {cls.name for cls in classes} == set(optim.names())
    assert {"sgd", "rmsprop", "adam", "adagrad"} <= set(optim.names())  # DESIGN.md
    for cls in classes:
        assert type(optim.get(cls.name)) is cls and cls.title


def test_a_name_cannot_be_registered_twice():
    with pytest.raises(RuntimeError, match="'sgd' is registered twice"):
        optim.register(type("Other", (optim.Optimizer,), {"name": "sgd", "title": "X"}))


@pytest.mark.parametrize("name", optim.names())
def test_every_hyperparameter_has_a_declared_check(name):
    """A new optimizer cannot leave an argument unchecked: each field has a
    check in its `checks` or the shared ones."""
    from losslandscape.optim._base import COMMON_CHECKS

    cls = optim.REGISTRY[name]
    checked = set(COMMON_CHECKS) | set(cls.checks)
    assert {f.name for f in dataclasses.fields(cls)} == checked


def test_names_and_get():
    assert optim.names() == sorted(optim.names())
    assert optim.get("sgd", lr=0.01, momentum=0.9) == SGD(lr=0.01, momentum=0.9)
    assert optim.get("adam", betas=[0.8, 0.9]).betas == (0.8, 0.9)  # YAML lists
    assert isinstance(optim.get("rmsprop"), RMSprop)
    assert isinstance(optim.get("adagrad"), Adagrad)


def test_get_rejects_unknown_names_and_hyperparameters():
    with pytest.raises(
        ValueError, match=r"^name must be one of 'adagrad', .*'sgd'; got 'adamw'$"
    ):
        optim.get("adamw")
    with pytest.raises(
        ValueError,
        match=r"^optimizer 'adam' has no parameter 'beta1'; allowed: lr, betas, eps",
    ):
        optim.get("adam", beta1=0.9)
    with pytest.raises(ValueError, match=r"'nesterov'; allowed:.*centered"):
        optim.get("rmsprop", nesterov=True)


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        # torch.optim rejects the same values ("Invalid learning rate: -1");
        # the messages follow the core's one rule: name, allowed range, value.
        (lambda: SGD(lr=-1), r"^lr must be a finite number in \[0, inf\); got -1$"),
        (lambda: SGD(momentum=-0.5), r"^momentum must be .* in \[0, inf\); got -0.5"),
        (lambda: SGD(weight_decay=-1), r"^weight_decay must be .*; got -1"),
        (lambda: SGD(nesterov=True), r"nesterov=True requires momentum > 0"),
        (lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True), r"dampening = 0"),
        (lambda: SGD(nesterov="yes"), r"^nesterov must be True or False; got 'yes'"),
        (lambda: SGD(lr="fast"), r"^lr must be a finite number .*; got 'fast'"),
        (lambda: SGD(lr=float("nan")), r"^lr must be a finite number .*; got nan"),
        (lambda: SGD(dampening=float("inf")), r"^dampening must be a finite number;"),
        (lambda: RMSprop(alpha=-0.1), r"^alpha must be .* in \[0, inf\); got -0.1"),
        (lambda: RMSprop(eps=-1e-8), r"^eps must be .* in \[0, inf\); got -1e-08"),
        (lambda: RMSprop(centered=1), r"^centered must be True or False; got 1"),
        (
            lambda: Adam(betas=(1.0, 0.999)),
            r"^betas\[0\] must be .* in \[0, 1\); got 1.0",
        ),
        (lambda: Adam(betas=(0.9, -0.1)), r"^betas\[1\] must be .*; got -0.1"),
        (lambda: Adam(betas=0.9), r"^betas must be a pair \(beta1, beta2\); got 0.9"),
        (lambda: Adam(amsgrad=None), r"^amsgrad must be True or False; got None"),
        (lambda: Adagrad(lr_decay=-1), r"^lr_decay must be .* in \[0, inf\); got -1"),
        (lambda: Adagrad(initial_accumulator_value=-1), r"^initial_accumulator_value"),
        (lambda: Adagrad(maximize="no"), r"^maximize must be True or False; got 'no'"),
    ],
)
def test_bad_hyperparameters_raise_value_errors_naming_them(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_step_rejects_bad_inputs():
    opt = SGD(lr=0.1, momentum=0.9)
    state = opt.init(np.zeros(2))
    with pytest.raises(ValueError, match=r"x and grad must have the same shape"):
        opt.step(np.zeros(2), np.zeros(3), state)
    with pytest.raises(ValueError, match=r"grad must be finite"):
        opt.step(np.zeros(2), np.array([np.nan, 0.0]), state)
    with pytest.raises(ValueError, match=r"state must be a SGDState from SGD.init"):
        opt.step(np.zeros(2), np.zeros(2), Adam().init(np.zeros(2)))
    with pytest.raises(
        ValueError, match=r"^lr must be a finite number in \[0, inf\); got -0.5$"
    ):
        opt.step(np.zeros(2), np.zeros(2), state, lr=-0.5)
    adam = Adam()
    with pytest.raises(ValueError, match=r"state.exp_avg has shape \(3,\)"):
        adam.step(np.zeros(2), np.zeros(2), adam.init(np.zeros(3)))


def test_configs_are_immutable():
    opt = Adam()
    with pytest.raises(AttributeError):
        opt.lr = 0.5


@pytest.mark.parametrize(
    "opt",
    [
        SGD(lr=0.1, momentum=0.9),
        RMSprop(momentum=0.5, centered=True),
        Adam(amsgrad=True),
        Adagrad(lr_decay=0.1),
    ],
    ids=lambda o: type(o).__name__,
)
def test_step_is_pure_and_keeps_any_shape(opt, rng):
    x = rng.standard_normal((2, 3))  # any shape works
    g = rng.standard_normal((2, 3))
    x_copy, g_copy = x.copy(), g.copy()
    state = opt.init(x)
    x1, s1 = opt.step(x, g, state)
    snapshot = {k: np.copy(v) for k, v in vars(s1).items() if v is not None}
    x2a, s2a = opt.step(x1, g, s1)
    x2b, s2b = opt.step(x1, g, s1)  # same inputs -> identical outputs
    np.testing.assert_array_equal(x2a, x2b)
    np.testing.assert_array_equal(x, x_copy)  # nothing modified in place
    np.testing.assert_array_equal(g, g_copy)
    for key, value in snapshot.items():
        np.testing.assert_array_equal(getattr(s1, key), value)
    assert x1.shape == x2a.shape == (2, 3) and x1.dtype == np.float64
    assert (state.step, s1.step, s2a.step) == (0, 1, 2)


def test_lr_override_replaces_the_configured_rate():
    opt = SGD(lr=0.1)
    x, _ = opt.step(np.array([1.0]), np.array([2.0]), opt.init([1.0]), lr=0.25)
    np.testing.assert_allclose(x, [1.0 - 0.25 * 2.0], rtol=0, atol=0)
