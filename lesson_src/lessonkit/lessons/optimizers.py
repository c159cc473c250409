"""Lesson "Optimizers on the landscape": plain GD, momentum and schedules."""

from lessonkit.spec import FigureSpec

# On the right of the ridge, below the shallow valley: plain gradient descent
# slides into the local minimum; momentum and a large, shrinking step carry
# the path over the ridge into the global one (tests/lessonkit/test_figures.py).
START = [2.8, 0.8]
STEPS = 120

FIGURES = (
    FigureSpec(
        id="optimizers-race",
        builder="landscape",
        params={
            "surface": "two_valleys",
            "x": [-3, 3],
            "y": [-2, 3],
            "view": "animation",
            "resolution": 81,
            "optimizers": [
                {
                    "name": "sgd",
                    "lr": 0.05,
                    "start": START,
                    "steps": STEPS,
                    "label": "gradient descent, lr 0.05",
                },
                {
                    "name": "sgd",
                    "lr": 0.05,
                    "momentum": 0.9,
                    "start": START,
                    "steps": STEPS,
                    "label": "momentum 0.9, lr 0.05",
                },
                {
                    "name": "sgd",
                    "lr": 0.6,
                    "start": START,
                    "steps": STEPS,
                    "schedule": {"name": "cosine", "T_max": STEPS},
                    "label": "lr 0.6 shrinking (cosine schedule)",
                },
            ],
        },
        title="Three optimizers race downhill from the same start",
        alt="Animated contour map of the two-valley landscape: three markers start "
        "at the same point right of the ridge; plain gradient descent stops in the "
        "shallow local minimum, while momentum and the shrinking large step cross "
        "the ridge to the global minimum, marked by a red star.",
        description="Press play or drag the step slider; darker colours are lower "
        "loss. Plain gradient descent follows the slope into the nearer, shallower "
        "valley and stays there. Momentum gathers speed on the way down and rolls "
        "over the ridge into the deep valley. The large learning rate jumps over "
        "the ridge in its first steps; the cosine schedule then shrinks it, so the "
        "path settles in the deep valley instead of bouncing around it.",
        kind="interactive",
    ),
    FigureSpec(
        id="optimizer-playground",
        builder="optimizer-playground",
        params={
            "surface": "two_valleys",
            "start": START,
            "steps": 80,
            "lrs": [0.01, 0.03, 0.1, 0.2, 0.3, 0.45],
            "momenta": [0.0, 0.5, 0.8, 0.9, 0.95],
            "resolution": 61,
        },
        title="Optimizer playground: choose a learning rate and a momentum",
        alt="Contour map of the two-valley landscape with one gradient-descent "
        "path; sliders below choose its learning rate and momentum.",
        description="Every combination was computed in advance by the course's "
        "optimizer code; darker colours are lower loss. Small learning rates "
        "crawl; large ones overshoot or fly off the map; momentum can carry the "
        "path over the ridge into the deep valley.",
        kind="interactive",
    ),
)
