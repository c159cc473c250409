"""The course content: front matter, the seeds' sections and terms, practice
problems with solutions whose numbers are all computed, glossary links both
ways, known names in `{{ }}` and known figure ids."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml

from lessonkit.calc import NAMESPACE
from lessonkit.fences import find_fences
from lessonkit.lessons import declared
from lessonkit.numbers import EXPRESSION, render, split_format, without_code_spans
from lessonkit.problems import is_problem
from lessonkit.problems import parse as parse_problem

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The source documents, retold in the course's own words.
SEED_FILES = ("000_44ff1cc903daebad.txt", "002_ab8ddcb7cae1fb4e.txt")
SEED_DIRS = (ROOT / "tests" / "fixtures" / "seeds",)

PAGES = [
    "index.md",
    "glossary/index.md",
    "glossary/loss-surface.md",
    *(
        f"glossary/{name}.md"
        for name in (
            "loss-function",
            "gradient-descent",
            "backpropagation",
            "stochastic-gradient-descent",
            "optimization-algorithm",
            "overfitting",
            "underfitting",
            "global-minimum",
            "local-minimum",
            "saddle-point",
            "hessian",
            "mini-batch",
            "condition-number",
            "flat-minimum",
        )
    ),
    "lessons/index.md",
    "lessons/loss-landscape.md",
    "lessons/optimizers.md",
    "lessons/real-networks.md",
    "lessons/sharp-and-flat.md",
    "instructors/index.md",
]
NOT_PAGES = ("overrides", "javascripts", "stylesheets")
ALL_PAGES = sorted(
    p.relative_to(DOCS).as_posix()
    for p in DOCS.rglob("*.md")
    if p.relative_to(DOCS).parts[0] not in NOT_PAGES
)
# Every lesson, including ones an instructor adds later.
LESSONS = sorted(
    p.relative_to(DOCS).as_posix()
    for p in (DOCS / "lessons").glob("*.md")
    if p.name != "index.md"
)
RELATED = {
    "Loss Function": "loss-function.md",
    "Gradient Descent": "gradient-descent.md",
    "Backpropagation": "backpropagation.md",
    "Stochastic Gradient Descent (SGD)": "stochastic-gradient-descent.md",
    "Optimization Algorithm": "optimization-algorithm.md",
    "Overfitting": "overfitting.md",
    "Underfitting": "underfitting.md",
    "Global Minimum": "global-minimum.md",
    "Local Minimum": "local-minimum.md",
}

# Key phrases of every section of the seeds, in the order of the seed.
CHAPTER_13 = [
    "Loss Landscape",
    "Neural Networks - From Brain to Business",
    "loss function",
    "hills",
    "high error",
    "valleys",
    "low error",
    "global minimum",
    "local minimum",
    "two weights",
    "3-D surface",
    "millions of weights",
    "mathematically identical",
    "smooth",
    "few local minima",
    "rugged",
    "Loss Landscape in 3D",
    "Error as a function of weights",
    "Contour View: Loss Landscape",
    "Gradient descent paths shown",
    "Goal: Find the weights that minimize the loss",
    "The red star shows the optimal solution",
    "Binary Cross-Entropy",
    r"$$L = -\frac{1}{N} \sum_{i=1}^N [y_i \log(\hat{y}_i) + (1 - y_i) "
    r"\log(1 - \hat{y}_i)]$$",
    "number of training examples",
    "true label",
    "predicted probability",
    "loss value",
    "blindfolded",
    "weight values",
    "prediction error",
    "lowest altitude",
    "small dip",
    "momentum",
    "learning-rate schedules",
    # The seed's Practice Problems 1 and 2 (numbered 13.1 and 13.2 by the build).
    "id: confident-right",
    "id: bce-confident-wrong",
    "Comparison",
    "Key takeaways",
    "quantif",
    "function of the weights",
    "minimum loss",
    "confident wrong predictions",
    "shape of the landscape",
]
CHAPTER_13_NUMBERS = ["0.105", "2.303", "22x worse"]
LOSS_SURFACE = [
    "Summary",
    "valleys",
    "hills",
    "ELI5",
    "blindfolded",
    "candy",
    "bird's-eye view",
    "In-depth explanation",
    "cost function",
    "two parameters",
    "3-D graph",
    "x axis",
    "y axis",
    "z axis",
    "millions of parameters",
    "global minimum",
    "ridges",
    "plateaus",
    "local minima",
    "gradient descent",
    "downhill",
    "not necessarily the global",
    "loss function",
    "number of parameters",
    "data",
    "model",
    "momentum",
    "learning-rate schedules",
    "Related terms",
]
BEYOND = {
    "lessons/optimizers.md": [
        "gradient descent",
        "Momentum",
        "Adam",
        "learning rate",
        "schedule",
        "playground",
    ],
    "lessons/real-networks.md": [
        "random directions",
        "filter normalization",
        "scale",
        "@li2018visualizing",
        "interpolation",
        "@goodfellow2015qualitatively",
    ],
    "lessons/sharp-and-flat.md": [
        "sharp",
        "flat",
        "curvature",
        "Hessian",
        "top eigenvalue",
        "@keskar2017large",
    ],
}

OLD_PROBLEM = re.compile(
    r'^[ \t]*(?:!!!|\?\?\?\+?)\s+(?:question\s+"Problem|success\s+"Solution)'
)
DECIMAL = re.compile(r"(?<![\w.])\d*\.\d+")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "the page must start with front matter between --- lines"
    return yaml.safe_load(match.group(1))


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks; figure blocks excluded."""
    lines = text.splitlines()
    inside = set()
    for fence in find_fences(lines):
        inside.update(range(fence.start, fence.end))
    return [(i + 1, line) for i, line in enumerate(lines) if i not in inside]


def expressions(text: str) -> list[tuple[int, str]]:
    """Every `{{ }}` outside code, with its line number."""
    found = []
    for number, line in prose_lines(text):
        plain = without_code_spans(line)
        found += [(number, m.group(1)) for m in EXPRESSION.finditer(plain)]
    return found


def expanded(text: str) -> str:
    return EXPRESSION.sub(lambda m: render(m.group(1), NAMESPACE), text)


def problems(text: str, file: str = "page") -> list:
    """The page's ```problem blocks, parsed and checked, in order."""
    return [
        parse_problem(f, file, NAMESPACE)
        for f in find_fences(text.splitlines())
        if is_problem(f) and not f.indent
    ]


def figure_blocks(text: str) -> list[dict]:
    lines = text.splitlines()
    return [
        yaml.safe_load("\n".join(f.body))
        for f in find_fences(lines)
        if f.info == "figure" and not f.indent
    ]


def links(page: str) -> set[str]:
    """Targets of the page's Markdown links, resolved to paths under docs/."""
    base = (DOCS / page).parent
    out = set()
    for target in LINK.findall(read(page)):
        if "://" in target:
            continue
        path = (base / target.split("#", 1)[0]).resolve()
        out.add(path.relative_to(DOCS.resolve()).as_posix())
    return out


def words(text: str) -> list[str]:
    """The words of the prose, formulas left out."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", text, flags=re.DOTALL)
    return re.findall(r"[a-z']+", text.lower())


# Front matter and pages --------------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_has_title_description_and_heading(page):
    text = read(page)
    meta = front_matter(text)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("description"), str) and len(meta["description"]) > 20
    assert re.search(r"^# \S", text, re.MULTILINE), "the page needs a # heading"


def test_every_page_of_the_contract_exists():
    assert set(PAGES) <= set(ALL_PAGES)
    assert {"lessons/loss-landscape.md", "lessons/optimizers.md"} <= set(LESSONS)
    assert (DOCS / "lab" / "explore.ipynb").is_file()


@pytest.mark.parametrize("page", ALL_PAGES)
def test_relative_links_point_to_existing_pages(page):
    for target in links(page):
        assert (DOCS / target).is_file(), f"{page} links to missing {target}"


# The seeds ---------------------------------------------------------------------


def in_order(text: str, phrases: list[str]) -> None:
    at, text = 0, text.lower()
    for phrase in phrases:
        found = text.find(phrase.lower(), at)
        assert found >= 0, f"{phrase!r} is missing (or out of the seed's order)"
        at = found


def test_chapter_13_has_every_section_of_the_seed_in_order():
    text = read("lessons/loss-landscape.md")
    assert front_matter(text)["title"] == "Loss Landscape"
    in_order(text, CHAPTER_13)


def test_chapter_13_worked_numbers_match_the_seed():
    text = expanded(read("lessons/loss-landscape.md"))
    for number in CHAPTER_13_NUMBERS:
        assert number in text


def test_loss_surface_entry_has_every_point_of_the_seed_in_order():
    text = read("glossary/loss-surface.md")
    assert front_matter(text)["title"] == "Loss Surface"
    in_order(text, LOSS_SURFACE)


@pytest.mark.parametrize("page", sorted(BEYOND))
def test_lessons_beyond_the_seeds_cover_their_topics(page):
    text = read(page)
    for phrase in BEYOND[page]:
        assert phrase in text, f"{page} does not mention {phrase!r}"


def seed_text(name: str) -> str:
    for folder in SEED_DIRS:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    raise AssertionError(f"seed {name} not found in {', '.join(map(str, SEED_DIRS))}")


@pytest.mark.parametrize("seed", SEED_FILES)
def test_no_sentence_is_copied_from_the_seeds(seed):
    """Own words: no run of 10 words of a seed appears in any page."""
    span = 10
    seed_words = words(seed_text(seed))
    runs = {tuple(seed_words[i : i + span]) for i in range(len(seed_words) - span)}
    for page in ALL_PAGES:
        text = read(page)
        for phrase in CHAPTER_13:  # the seed's captions are kept verbatim
            text = text.replace(phrase, " ")
        page_words = words(text)
        for i in range(len(page_words) - span + 1):
            run = tuple(page_words[i : i + span])
            assert run not in runs, f"{page} copies the seed: {' '.join(run)!r}"


# Practice problems -------------------------------------------------------------


@pytest.mark.parametrize("page", LESSONS)
def test_each_lesson_has_problems_of_every_kind(page):
    """Three or more problems, at least one multiple-choice concept check and
    one that asks for a prediction before a figure is looked at."""
    found = problems(read(page), page)
    assert len(found) >= 3, f"{page}: {len(found)} problems"
    assert any(p.choices for p in found), f"{page}: no multiple-choice problem"
    assert any(p.check_with for p in found), f"{page}: no 'predict, then check'"
    assert any(p.answers for p in found), f"{page}: no answer to type"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_problem_is_a_problem_block(page):
    """The older admonition problems are all converted."""
    for number, line in prose_lines(read(page)):
        assert not OLD_PROBLEM.match(line), (
            f"{page}:{number}: write problems as ```problem blocks "
            "(instructor guide, 'Add a practice problem')"
        )


def test_the_course_has_at_least_twelve_problems():
    assert sum(len(problems(read(page))) for page in LESSONS) >= 12


@pytest.mark.parametrize("page", LESSONS)
def test_no_number_in_a_solution_is_typed_by_hand(page):
    for problem in problems(read(page)):
        for line in problem.solution.splitlines():
            plain = EXPRESSION.sub("", line)
            assert not DECIMAL.search(plain), (
                f"{page} problem {problem.id}: {line.strip()!r} has a literal "
                "decimal; write it as {{ expr :fmt }}"
            )


def test_a_solution_with_a_typed_decimal_is_caught():
    """The checker itself: a literal result in a solution is found."""
    text = (
        "```problem\nid: p\nstatement: Q?\nanswers:\n  - expect: 1\n"
        "solution: L = {{ bce(1, 0.9) :.3f }} = 0.105\n```\n"
    )
    [problem] = problems(text)
    assert DECIMAL.search(EXPRESSION.sub("", problem.solution))


# Computed numbers and figures --------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_expression_uses_known_names_and_evaluates(page):
    for line, inner in expressions(read(page)):
        expression, _ = split_format(inner)
        tree = ast.parse(expression.strip(), mode="eval")
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                assert node.id in NAMESPACE, f"{page}:{line}: unknown name {node.id!r}"
        render(inner, NAMESPACE)  # raises AuthorError with the reason


@pytest.mark.parametrize("page", ALL_PAGES)
def test_figure_ids_are_declared_or_fully_specified(page):
    known = {spec.id for spec in declared()}
    for block in figure_blocks(read(page)):
        assert isinstance(block, dict) and "id" in block
        if block["id"] not in known:
            assert {"title", "alt"} <= set(block), f"{block['id']}: needs title, alt"
            assert {"surface", "model"} & set(block), f"{block['id']}: needs a surface"


def test_chapter_13_shows_both_seed_figures():
    ids = [b["id"] for b in figure_blocks(read("lessons/loss-landscape.md"))]
    assert "ch13-surface-3d" in ids
    assert "ch13-contour-paths" in ids


# The glossary ------------------------------------------------------------------


def test_loss_surface_links_each_related_term_and_each_links_back():
    entry = links("glossary/loss-surface.md")
    for term, page in RELATED.items():
        assert f"glossary/{page}" in entry, f"Loss Surface does not link {term}"
        text = read(f"glossary/{page}")
        assert front_matter(text)["title"] == term
        back = links(f"glossary/{page}")
        assert "glossary/loss-surface.md" in back, f"{term} does not link back"
        others = {f"glossary/{p}" for p in RELATED.values()} - {f"glossary/{page}"}
        assert back & others, f"{term} links to no other related entry"


def test_glossary_index_lists_every_entry():
    listed = links("glossary/index.md")
    for page in ["loss-surface.md", *RELATED.values()]:
        assert f"glossary/{page}" in listed


def test_lesson_path_links_every_lesson():
    for index in ("index.md", "lessons/index.md"):
        listed = links(index)
        for lesson in LESSONS:
            assert lesson in listed, f"{index} does not link {lesson}"


# The notebook ------------------------------------------------------------------


def test_notebook_is_valid_with_no_outputs_and_uses_the_core():
    path = DOCS / "lab" / "explore.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the lab needs code cells"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
    source = "\n".join(c.source for c in code)
    assert "from losslandscape import" in source
    assert "matplotlib" in source
    assert json.loads(path.read_text(encoding="utf-8"))["nbformat"] == 4


def test_notebook_says_how_to_run_it_locally():
    nb = nbformat.read(DOCS / "lab" / "explore.ipynb", as_version=4)
    intro = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for step in ("pip install -e .", "pip install notebook", "jupyter notebook"):
        assert step in intro, f"the lab does not say {step!r}"
    assert "PyPI" in intro and "Python 3.11" in intro


# Issue 13: problems a reader can solve, claims stated right -------------------

# Each surface a problem uses, as the page must state it (LaTeX), and the same
# formula typed here from that statement: the test compares it with the core.
FORMULAS = {
    "booth": (
        r"L(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
        lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    ),
    "rosenbrock": (
        r"L(x, y) = (1 - x)^2 + 100 (y - x^2)^2",
        lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    ),
    "sharp_flat": (
        r"L(x, y) = \left(1 - e^{-Q_s}\right)\left(1 - e^{-Q_f}\right)$$ with "
        r"$$Q_s = \frac{25}{2}\left[(x - 1)^2 + (y - 0.5)^2\right], \qquad "
        r"Q_f = \frac{1}{2}\left[(x + 1)^2 + (y + 0.5)^2\right]",
        lambda x, y: (
            (1 - np.exp(-12.5 * ((x - 1) ** 2 + (y - 0.5) ** 2)))
            * (1 - np.exp(-0.5 * ((x + 1) ** 2 + (y + 0.5) ** 2)))
        ),
    ),
    "saddle": (
        r"L(x, y) = \frac{x^2}{2} + \frac{(y^2 - 1)^2}{4}",
        lambda x, y: x**2 / 2 + (y**2 - 1) ** 2 / 4,
    ),
    "two_valleys": (
        r"L(x, y) = p(x) + \frac{1}{2}\big(y - \phi(x)\big)^2$$ with the valley "
        r"floor $\phi(x) = \frac{x^2 - 9/4}{4}$",
        lambda x, y: (
            (153 / 128 + 9 / 16 * x - 9 / 16 * x**2 - x**3 / 12 + x**4 / 8)
            + 0.5 * (y - (x**2 - 9 / 4) / 4) ** 2
        ),
    ),
}
# The parts of two_valleys' Problem 5 that the reader computes with.
TWO_VALLEYS_PARTS = [
    r"p(x) = \frac{153}{128} + \frac{9}{16} x - \frac{9}{16} x^2 - \frac{1}{12} x^3"
    r" + \frac{1}{8} x^4",
    r"p'(x) = \frac{1}{2}(x + \frac{3}{2})(x - \frac{1}{2})(x - \frac{3}{2})",
    r"p''(x) = -\frac{9}{8} - \frac{x}{2} + \frac{3}{2} x^2",
    r"\nabla L = \Big(p'(x) - \frac{x}{2} r,\ \ r\Big)",
    r"$$H = \begin{pmatrix} p''(x) + \frac{x^2}{4} - \frac{r}{2} & -\frac{x}{2} \\"
    r" -\frac{x}{2} & 1 \end{pmatrix}",
]
SURFACE_FUNCTIONS = [
    "surface_value",
    "surface_grad",
    "surface_minimum",
    "hessian_entry",
    "top_eigenvalue",
    "bottom_eigenvalue",
    "interpolate",
    "gd_step",
    "sgd_path",
    "adam_path",
]
SURFACE_CALL = re.compile(rf'\b(?:{"|".join(SURFACE_FUNCTIONS)})\("([a-z_0-9]+)"')


def flat(text: str) -> str:
    """Whitespace collapsed, so a formula may wrap across lines."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_each_stated_formula_is_the_cores(name, rng):
    from losslandscape import surfaces

    _, typed = FORMULAS[name]
    surface = surfaces.get(name)
    (x0, x1), (y0, y1) = surface.domain
    x, y = rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)
    np.testing.assert_allclose(typed(x, y), surface.f(x, y), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("page", LESSONS)
def test_every_surface_a_problem_uses_is_stated_on_the_page(page):
    """A reader can redo each solution: the formula of every surface whose
    numbers a problem shows is written out on the same page."""
    text = read(page)
    used = set()
    for problem in problems(text):
        texts = [problem.statement, problem.solution, *problem.hints]
        texts += [f"{c.text} {c.why}" for c in problem.choices]
        for inner in EXPRESSION.findall("\n".join(texts)):
            used |= set(SURFACE_CALL.findall(inner))
    for name in sorted(used):
        assert name in FORMULAS, f"{page}: add the formula of {name!r} to FORMULAS"
        assert flat(FORMULAS[name][0]) in flat(text), (
            f"{page} uses surface {name!r} in a problem but does not state its formula"
        )


def test_two_valleys_parts_on_the_page_match_the_core(rng):
    """Problem 5 of sharp-and-flat: p, p', p'', the gradient and the Hessian as
    stated equal the core's gradient and Hessian."""
    from losslandscape import surfaces

    text = flat(read("lessons/sharp-and-flat.md"))
    for part in TWO_VALLEYS_PARTS:
        assert flat(part) in text, part
    s = surfaces.get("two_valleys")
    x, y = rng.uniform(-3, 3, 100), rng.uniform(-3, 3, 100)
    r = y - (x**2 - 9 / 4) / 4
    dp = 0.5 * (x + 1.5) * (x - 0.5) * (x - 1.5)
    d2p = -9 / 8 - x / 2 + 1.5 * x**2
    np.testing.assert_allclose(s.grad(x, y), [dp - x / 2 * r, r], atol=1e-12)
    H = s.hessian(x, y)
    np.testing.assert_allclose(H[0, 0], d2p + x**2 / 4 - r / 2, atol=1e-12)
    np.testing.assert_allclose(H[0, 1], -x / 2, atol=1e-12)
    np.testing.assert_allclose(H[1, 1], 1.0, atol=1e-12)


def test_rosenbrock_second_derivatives_as_stated_are_the_cores(rng):
    from losslandscape import surfaces

    text = flat(read("lessons/sharp-and-flat.md"))
    for part in (
        r"\partial^2 L / \partial x^2 = 2 - 400 y + 1200 x^2",
        r"\partial^2 L / \partial x \partial y = -400 x",
        r"\partial^2 L / \partial y^2 = 200",
    ):
        assert part in text
    x, y = rng.uniform(-2, 2, 50), rng.uniform(-1, 3, 50)
    H = surfaces.get("rosenbrock").hessian(x, y)
    np.testing.assert_allclose(H[0, 0], 2 - 400 * y + 1200 * x**2, rtol=1e-12)
    np.testing.assert_allclose(H[0, 1], -400 * x, rtol=1e-12)
    np.testing.assert_allclose(H[1, 1], 200, rtol=1e-12)


@pytest.mark.parametrize("page", LESSONS)
def test_problems_are_graded_with_one_harder_problem_last(page):
    found = [p for p in problems(read(page)) if p.numbered]  # not quick checks
    harder = [n for n, p in enumerate(found, 1) if "This one is harder." in p.statement]
    assert harder == [len(found)], (
        f"{page}: the last problem, and only it, starts 'This one is harder.'"
    )


# Statements found wrong in review (issue 13); they must not come back.
RETRACTED = {
    "glossary/optimization-algorithm.md": ["always the same step size"],
    "lessons/optimizers.md": ["moves by about $\\eta$ per step"],
    "lessons/real-networks.md": [
        "a fair sample of the neighbourhood",
        "long, nearly flat stretches",
        "would draw it",
        "\\beta \\, \\eta",  # eta is the learning rate, never a direction
    ],
    "glossary/backpropagation.md": ["costs about as much as the forward one"],
    "glossary/stochastic-gradient-descent.md": [
        "Over many steps the noise averages out."
    ],
    "glossary/loss-surface.md": ["It also led to better optimizers"],
}


@pytest.mark.parametrize("page", sorted(RETRACTED))
def test_retracted_statements_stay_out(page):
    text = flat(read(page))
    for phrase in RETRACTED[page]:
        assert phrase not in text, f"{page} says {phrase!r} again"


def test_the_glossary_figure_says_the_learning_rate_matters():
    from lessonkit.lessons import glossary

    [spec] = [f for f in glossary.FIGURES if f.id == "glossary-descent-1d"]
    assert "depends only" not in spec.description
    assert "learning rate" in spec.description.split("depends", 1)[1]


NEW_TERMS = {
    "Saddle Point": "saddle-point.md",
    "Hessian": "hessian.md",
    "Mini-batch": "mini-batch.md",
    "Condition Number": "condition-number.md",
    "Flat Minimum": "flat-minimum.md",
}


@pytest.mark.parametrize("term", sorted(NEW_TERMS))
def test_new_glossary_entries_are_linked_both_ways(term):
    page = f"glossary/{NEW_TERMS[term]}"
    text = read(page)
    assert front_matter(text)["title"] == term
    assert "glossary/loss-surface.md" in links(page)
    glossary = [p for p in ALL_PAGES if p.startswith("glossary/") and p != page]
    both_ways = [
        other
        for other in glossary
        if page in links(other)
        and other in links(page)
        and other != "glossary/index.md"
    ]
    assert both_ways, f"{term}: no other entry links to it and back"
    lessons = [p for p in LESSONS if page in links(p)]
    assert lessons or any(p in links(page) for p in LESSONS), (
        f"{term}: no lesson links to it and it links to no lesson"
    )
    assert page in links("glossary/index.md")
