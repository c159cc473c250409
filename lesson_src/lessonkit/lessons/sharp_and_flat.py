"""Lesson "Sharp and flat minima": curvature at a minimum."""

from lessonkit.spec import FigureSpec

FIGURES = (
    FigureSpec(
        id="sharp-vs-flat",
        builder="sharp-flat",
        params={"surface": "sharp_flat", "resolution": 101},
        title="A sharp and a flat minimum, with the top Hessian eigenvalue of each",
        alt="Contour map with two minima of equal depth, one a narrow hole and one "
        "a wide one, each labelled with its top Hessian eigenvalue; beside it the "
        "loss along the line through both.",
        description="The top eigenvalue of the Hessian measures how fast the loss "
        "rises when you step away from the minimum in the steepest direction. The "
        "narrow hole's is many times larger than the wide one's; each is printed "
        "on the map.",
        kind="interactive",
    ),
)
