"""Lesson "Many good minima": two trained networks joined by a curve of low
loss (Garipov et al. 2018; Draxler et al. 2018)."""

from lessonkit.lessons.real_networks import NETWORK
from lessonkit.spec import FigureSpec

FIGURES = (
    FigureSpec(
        id="mode-connectivity",
        builder="mode-connectivity",
        params={
            **NETWORK,  # the network of "Looking at real networks"
            "curve_lr": 0.02,
            "curve_steps": 300,
            "resolution": 61,
            "path_points": 101,
        },
        title="Two trained networks, a hill between them, and a valley around it",
        alt="Left: a contour map of the training loss on the plane through two "
        "trained networks A and B; the straight line between them crosses a "
        "region of high loss, while a curved path bends around it through low "
        "loss. Right: the loss along both paths; the straight line rises to a "
        "hump in the middle, the curve stays near zero all the way.",
        description="Networks A and B have the same shape and the same training "
        "data but started from different random weights; both reach a training "
        "loss near zero. Halfway along the straight line between their weights "
        "the loss is high: the two minima are not in one convex bowl. The curve is "
        "a quadratic Bézier curve from A to B whose middle control point was "
        "trained so that the average loss along it "
        "is small. Along it the loss stays low from end to end: the two minima "
        "lie in one connected valley.",
        kind="static",
    ),
)
