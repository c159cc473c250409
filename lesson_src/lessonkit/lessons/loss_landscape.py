"""Chapter 13, "Loss Landscape": the figures of the seed chapter."""

from lessonkit.spec import FigureSpec

CHAPTER_LANDSCAPE = {"surface": "two_valleys", "x": [-3, 3], "y": [-2, 3]}

FIGURES = (
    FigureSpec(
        id="ch13-surface-3d",
        builder="landscape",
        params={**CHAPTER_LANDSCAPE, "view": "surface", "resolution": 71},
        title="Loss landscape in 3-D: error as a function of two weights",
        alt="A 3-D surface over two weights with a deep valley on the left, whose "
        "lowest point, the global minimum, is marked in red, and a shallower valley "
        "on the right whose lowest point, a local minimum, is marked in white.",
        description="Height is the loss. The deep valley at w₁ = −1.5 holds the "
        "global minimum (loss 0, red); the shallow valley at w₁ = 1.5 holds a "
        "local minimum (loss 1.125, white). A ridge separates them. In the "
        "interactive view each minimum is a diamond on a short stem above the "
        "surface, so the surface cannot hide it; drag to rotate, hover for values.",
        kind="interactive",
    ),
    FigureSpec(
        id="ch13-contour-paths",
        builder="landscape",
        params={
            **CHAPTER_LANDSCAPE,
            "view": "contour",
            "resolution": 81,
            "optimizers": [
                {
                    "name": "sgd",
                    "lr": 0.1,
                    "start": [2.5, 2.5],
                    "steps": 80,
                    "label": "start right: caught in the local minimum",
                },
                {
                    "name": "sgd",
                    "lr": 0.1,
                    "start": [-2.5, 2.5],
                    "steps": 80,
                    "label": "start left: reaches the global minimum",
                },
                {
                    "name": "sgd",
                    "lr": 0.1,
                    "start": [0.0, -1.8],
                    "steps": 80,
                    "label": "start below the ridge",
                },
            ],
        },
        title="Contour view: gradient descent from three starting points",
        alt="Contour map of the two-valley landscape with three gradient-descent "
        "paths: one ends in the local minimum on the right, the others reach the "
        "global minimum, marked by a red star.",
        description="Each path follows the steepest way down from its start. Where "
        "it ends depends on which side of the ridge it starts: the path from the "
        "right is caught in the local minimum.",
        kind="interactive",
    ),
    FigureSpec(
        id="ch13-own-walk",
        builder="explorer",
        params={
            **CHAPTER_LANDSCAPE,
            "start": [2.5, 2.5],
            "steps": 80,
            "optimizers": [{"name": "sgd", "lr": 0.1, "label": "gradient descent"}],
            "controls": ["start", "lr", "steps"],
            "ranges": {"lr": [0.01, 0.5], "steps": [10, 300]},
        },
        title="Start your own walk: click the map to choose where it begins",
        alt="Contour map of the two-valley landscape with one gradient-descent "
        "walk from the upper right that ends in the local minimum; the reader can "
        "move its start and change its learning rate and number of steps.",
        description="Click or tap anywhere on the map, or focus it and use the "
        "arrow keys, to start gradient descent there; it is computed in your "
        "browser by a tested port of the course's own code. Starts on the left "
        "of the ridge reach the global minimum (red star); starts on the right "
        "stop in the local one (white).",
        kind="explorer",
    ),
    FigureSpec(
        id="bce-curves",
        builder="bce-curves",
        params={"points": [[1, 0.9], [1, 0.1]]},
        title="Binary cross-entropy of one prediction",
        alt="Two curves of loss against predicted probability: −log(p) for true "
        "label 1 falls from high values to 0 as p goes to 1; −log(1 − p) for label "
        "0 rises. Points (0.9, 0.105) and (0.1, 2.303) are marked.",
        description="A confident right prediction (p = 0.9 for y = 1) costs 0.105; "
        "a confident wrong one (p = 0.1 for y = 1) costs 2.303, about 22 times more.",
        kind="static",
    ),
    FigureSpec(
        id="convex-vs-nonconvex",
        builder="landscape-pair",
        params={
            "view": "surface",
            "resolution": 61,
            "panels": [
                {"model": "logistic", "label": "logistic regression: convex"},
                {"model": "nonconvex", "label": "non-convex model"},
            ],
        },
        title="A convex landscape beside a non-convex one",
        alt="Two 3-D surfaces: the binary cross-entropy of logistic regression over "
        "its two weights is a single bowl; the non-convex model's surface has two "
        "valleys of different depths.",
        description="Logistic regression's loss is convex: every path downhill "
        "reaches the same minimum (red). The two-weight non-convex model's loss "
        "has two valleys, a deeper one (red) and a shallower one (white), so where "
        "training ends depends on where it starts.",
        kind="interactive",
    ),
    FigureSpec(
        id="smooth-vs-rugged",
        builder="landscape-pair",
        params={
            "view": "contour",
            "resolution": 81,
            "panels": [
                {"surface": "smooth"},
                {"surface": "rugged", "markers": "global"},
            ],
        },
        title="A smooth landscape and a rugged one",
        alt="Two contour maps over the same window: a round bowl with one minimum, "
        "and the same bowl covered in ripples with many small local minima.",
        description="Both have their global minimum at the origin (red star). The "
        "rugged one adds ripples that trap gradient descent in small dips.",
        kind="interactive",
    ),
)
