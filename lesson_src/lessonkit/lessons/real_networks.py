"""Lesson "Looking at real networks": a small MLP's landscape (Li et al. 2018)."""

from lessonkit.spec import FigureSpec

NETWORK = {
    "layers": [2, 16, 16, 1],
    "activation": "tanh",
    "samples": 200,
    "noise": 0.15,
    "seed": 0,
    "optimizer": "adam",
    "lr": 0.02,
    "train_steps": 400,
}

FIGURES = (
    FigureSpec(
        id="mlp-directions",
        builder="mlp-directions",
        params={**NETWORK, "norms": ["none", "filter"], "span": 1.0, "resolution": 41},
        title="A trained MLP's loss on a plane of random directions",
        alt="Two contour maps of a small network's loss around its trained weights: "
        "with raw random directions the picture is dominated by scale; with "
        "filter-normalized directions the basin's true width shows.",
        description="Both maps use two random directions through the trained "
        "weights (centre). Without normalization the directions ignore the size of "
        "each neuron's weights, so the map mixes scales; filter normalization "
        "rescales each direction to the weights it moves, making widths comparable.",
        kind="interactive",
    ),
    FigureSpec(
        id="mlp-interpolation",
        builder="mlp-interpolation",
        params={**NETWORK, "extend": 0.5, "resolution": 121},
        title="Loss along the straight line from initialization to trained weights",
        alt="A curve of training loss against alpha: high at alpha = 0 "
        "(initialization), falling to a low value at alpha = 1 (trained weights).",
        description="The weights θ = (1 − α) θ_init + α θ_trained for α from −0.5 "
        "to 1.5. On this path the loss falls almost monotonically "
        "(Goodfellow, Vinyals & Saxe 2015).",
        kind="static",
    ),
)
