"""Glossary entries' figures."""

from lessonkit.spec import FigureSpec

FIGURES = (
    FigureSpec(
        id="glossary-descent-1d",
        builder="landscape",
        params={
            "surface": "two_valleys",
            "view": "line",
            "at": 0.0,
            "x": [-3, 3],
            "y": [-3, 3],
            "resolution": 201,
            "optimizers": [
                {
                    "name": "sgd",
                    "lr": 0.1,
                    "start": 2.8,
                    "steps": 25,
                    "label": "start at 2.8: local minimum",
                },
                {
                    "name": "sgd",
                    "lr": 0.1,
                    "start": -2.9,
                    "steps": 25,
                    "label": "start at −2.9: global minimum",
                },
            ],
        },
        title="Gradient descent on a curve with a local and a global minimum",
        alt="A curve with a deep dip on the left and a shallower dip on the right; "
        "dots mark gradient-descent steps, one sequence sliding into each dip.",
        description="Each step moves against the slope, by the learning rate times "
        "the slope. Which dip a run ends in depends on where it starts, and also "
        "on the learning rate: a large step can jump over the hump between the "
        "dips.",
        kind="static",
    ),
)
