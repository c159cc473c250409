"""A tiny course in a temporary docs folder, scanned and expanded the way
`lessonkit.build` does it, without rendering figures."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lessonkit import authoring, build, cache
from lessonkit.blocks import parse
from lessonkit.pages import BuiltFigure, expand
from lessonkit.spec import FigureSpec

BIB = textwrap.dedent(
    """\
    @inproceedings{li2018visualizing,
      author = {Li, Hao and Xu, Zheng and Taylor, Gavin and Studer, Christoph
                and Goldstein, Tom},
      title = {Visualizing the Loss Landscape of Neural Nets},
      booktitle = {Advances in Neural Information Processing Systems 31},
      year = {2018},
      eprint = {1712.09913},
      archivePrefix = {arXiv},
    }

    @inproceedings{kingma2015adam,
      author = {Kingma, Diederik P. and Ba, Jimmy},
      title = {Adam: A Method for Stochastic Optimization},
      booktitle = {ICLR},
      year = {2015},
    }

    @article{robbins1951stochastic,
      author = {Robbins, Herbert and Monro, Sutton},
      title = {A Stochastic Approximation Method},
      journal = {The Annals of Mathematical Statistics},
      volume = {22}, number = {3}, pages = {400--407},
      year = {1951},
      doi = {10.1214/aoms/1177729586},
    }

    @book{goedel1931,
      author = {G{\\"o}del, Kurt},
      title = {{\\"U}ber formal unentscheidbare S{\\"a}tze},
      year = {1931},
    }
    """
)


def info(figure_id: str) -> BuiltFigure:
    spec = FigureSpec(
        figure_id, "landscape", {}, f"Title of {figure_id}", "Alt", kind="static"
    )
    static = f"{figure_id}.svg"
    entry = cache.Entry(
        cache.Key("spec", "code", {}), {static: "0"}, static, 100, 80, False
    )
    return BuiltFigure(spec, entry)


def write(docs: Path, pages: dict[str, str], bib: str | None = BIB) -> Path:
    for src, text in pages.items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    if bib is not None:
        (docs / "references.bib").write_text(bib, encoding="utf-8")
    return docs


def expand_all(docs: Path) -> tuple[dict[str, str], authoring.Authoring]:
    """Every page of `docs` expanded, and what the scan found."""
    pages = build.read_pages(docs, namespace=None)
    course = authoring.scan(pages, docs, lambda f, file: parse(f, file).figure_id)
    figures = {}
    for page in pages:
        for line in page.text.split("\n"):
            if line.startswith("id: "):
                figures[line[4:].strip()] = info(line[4:].strip())
    out = {
        page.src: expand(
            page,
            figures=figures,
            namespace=None,
            authoring=course,
        )
        for page in pages
    }
    return out, course


def problem_block(problem_id: str) -> str:
    """A numbered ```problem block with id `problem_id`."""
    return (
        f"\n```problem\nid: {problem_id}\nstatement: One plus one?\nanswers:\n"
        "  - label: Sum\n    expect: 2\nsolution: Two.\n```\n"
    )


def guide_line(containing: str) -> str:
    """The one line of the instructor guide that contains `containing`."""
    guide = Path(__file__).resolve().parents[2] / "docs" / "instructors" / "index.md"
    text = guide.read_text(encoding="utf-8")
    (line,) = [line for line in text.split("\n") if containing in line]
    return line
