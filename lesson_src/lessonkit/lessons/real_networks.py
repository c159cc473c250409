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
        title="A trained network's loss on a plane of two random directions",
        alt="Two contour maps of a small network's training loss around its "
        "trained weights, at the centre of each: on the left along raw random "
        "directions, on the right along filter-normalized ones.",
        description="Each map is the slice θ* + α δ₁ + β δ₂ through the trained "
        "weights θ* (centre), coloured by log(1 + loss − min loss): darker is "
        "lower. Left: δ₁ and δ₂ are raw random directions, blind to how large "
        "each unit's weights are. Right: filter normalization "
        "rescales each direction, unit by unit, to the size of the weights it "
        "moves, so every unit is nudged by the same fraction of its own size. "
        "This network uses tanh units, which, unlike ReLU units, cannot be "
        "rescaled without changing what the network computes; the normalization "
        "still keeps units with large and small weights on an equal footing.",
        kind="interactive",
    ),
    FigureSpec(
        id="mlp-interpolation",
        builder="mlp-interpolation",
        params={**NETWORK, "extend": 0.5, "resolution": 121},
        title="Loss along the straight line from initialization to trained weights",
        alt="A curve of training loss against alpha: high at alpha = 0 "
        "(initialization), falling steadily to nearly zero at alpha = 1 (trained "
        "weights).",
        description="The weights θ = (1 − α) θ_init + α θ_trained for α from −0.5 "
        "to 1.5. Between initialization (α = 0) and the trained weights (α = 1) "
        "the loss falls all the way, with no hill to cross, as the lesson's "
        "interpolation paper found for many networks.",
        kind="static",
    ),
)
