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
                {
                    "name": "rmsprop",
                    "lr": 0.05,
                    "start": START,
                    "steps": STEPS,
                    "label": "RMSprop, lr 0.05",
                },
                {
                    "name": "adam",
                    "lr": 0.1,
                    "start": START,
                    "steps": STEPS,
                    "label": "Adam, lr 0.1",
                },
            ],
        },
        title="Five optimizers race downhill from the same start",
        alt="Animated contour map of the two-valley landscape: five markers start "
        "at the same point right of the ridge; plain gradient descent, RMSprop and "
        "Adam stop in the shallow local minimum, while momentum and the shrinking "
        "large step cross the ridge to the global minimum, marked by a red star.",
        description="Press play or drag the step slider; darker colours are lower "
        "loss. Plain gradient descent follows the slope into the nearer, shallower "
        "valley and stays there. Momentum gathers speed on the way down and rolls "
        "over the ridge into the deep valley. The large learning rate jumps over "
        "the ridge in its first steps; the cosine schedule then shrinks it, so the "
        "path settles in the deep valley instead of bouncing around it. RMSprop "
        "and Adam scale each step by the recent size of the gradient: they walk "
        "steadily, but straight into the nearer valley, like plain descent.",
        kind="interactive",
    ),
    FigureSpec(
        id="optimizer-playground",
        builder="explorer",
        params={
            "surface": "two_valleys",
            "x": [-3, 3],
            "y": [-2, 3],
            "start": START,
            "steps": 80,
            "optimizers": [
                {"name": "sgd", "lr": 0.1, "label": "gradient descent"},
                {"name": "sgd", "lr": 0.05, "momentum": 0.9, "label": "momentum"},
                {"name": "rmsprop", "lr": 0.05, "visible": False},
                {"name": "adam", "lr": 0.1},
                {"name": "adagrad", "lr": 0.5, "visible": False},
            ],
            "ranges": {"lr": [0.001, 1.0], "steps": [10, 500]},
        },
        title="Optimizer playground: start anywhere, tune every rule",
        alt="Contour map of the two-valley landscape with the paths of gradient "
        "descent, momentum and Adam from the same start right of the ridge: "
        "momentum crosses the ridge into the deep valley, the others settle in the "
        "shallow one. Controls below set the start, the rules shown and their "
        "settings.",
        description="Click or tap the map (or use the arrow keys on it) to move "
        "the start; the sliders set each rule's learning rate, momentum and Adam's "
        "betas, and the number of steps. Every path is recomputed in your browser "
        "by a port of the course's optimizer code that is tested to give the same "
        "numbers. The chart beside the map shows each rule's loss at every step.",
        kind="explorer",
    ),
    FigureSpec(
        id="optimizers-ill-conditioned",
        builder="explorer",
        params={
            "surface": "quadratic",
            "params": {"condition": 100.0},
            "start": [-2.5, 2.0],
            "steps": 100,
            "optimizers": [
                {"name": "sgd", "lr": 0.018, "label": "gradient descent"},
                {"name": "sgd", "lr": 0.018, "momentum": 0.8, "label": "momentum"},
                {"name": "adam", "lr": 0.1, "visible": False},
            ],
            "controls": [
                "start",
                "optimizers",
                "lr",
                "momentum",
                "betas",
                "steps",
                "surface",
            ],
            "ranges": {"lr": [0.001, 0.5], "condition": [1.0, 1000.0]},
            "scale": "log",
        },
        title="A narrow valley: why momentum works",
        alt="Contour map of a quadratic bowl a hundred times steeper across than "
        "along, with the minimum in the middle. In 100 steps plain gradient descent "
        "is still far from the minimum along the gentle direction; momentum, with "
        "the same learning rate, arrives.",
        description="The bowl f = (w₁² + κ w₂²) / 2 has condition number κ: the "
        "steep direction limits the learning rate (above 2/κ the walk flies off), "
        "and at that rate the gentle direction is slow. Momentum keeps the steps "
        "that agree and cancels the ones that zig-zag. Move the condition-number "
        "slider and the learning rate to see where each rule stops working. After "
        'Goh, "Why Momentum Really Works" (Distill).',
        kind="explorer",
    ),
)
