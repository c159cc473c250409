"""Lesson "Optimizers on the landscape": plain GD, momentum and schedules."""

from lessonkit.spec import FigureSpec

START = [2.6, 2.4]

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
                    "steps": 120,
                    "label": "gradient descent",
                },
                {
                    "name": "sgd",
                    "lr": 0.05,
                    "momentum": 0.9,
                    "start": START,
                    "steps": 120,
                    "label": "with momentum 0.9",
                },
                {
                    "name": "sgd",
                    "lr": 0.4,
                    "start": START,
                    "steps": 120,
                    "schedule": {"name": "cosine", "T_max": 120},
                    "label": "large steps, cosine schedule",
                },
            ],
        },
        title="Three optimizers race downhill from the same start",
        alt="Animated contour map of the two-valley landscape: three markers start "
        "at the same point; plain gradient descent stops in the local minimum, the "
        "others can cross the ridge to the global minimum.",
        description="Press play or drag the step slider. Plain gradient descent "
        "follows the slope into the nearer, shallower valley. Momentum carries "
        "speed over small rises; a large learning rate that shrinks over time "
        "explores first and settles later.",
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
        "optimizer code. Small learning rates crawl; large ones overshoot or "
        "diverge; momentum can carry the path over the ridge.",
        kind="interactive",
    ),
)
