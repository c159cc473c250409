"""One point record, layered: the core's surfaces, minima finder and the
course's computed numbers all hand out `losslandscape.points` records."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from losslandscape import minima, surfaces
from losslandscape.points import CriticalPoint, Minimum, Point

SOURCES = Path(__file__).resolve().parents[2] / "lesson_src"


def test_minimum_and_critical_point_are_points():
    assert issubclass(Minimum, Point) and issubclass(CriticalPoint, Point)
    assert surfaces.Minimum is Minimum and minima.CriticalPoint is CriticalPoint


def test_a_surfaces_minima_and_found_minima_are_points():
    # Booth's function: one minimum, f(1, 3) = 0 (closed form).
    (known,) = surfaces.get("booth").minima
    (found,) = minima.find_minima(surfaces.get("booth"))
    for p in (known, found):
        assert isinstance(p, Point)
        assert (p.x, p.y, p.value) == pytest.approx((1, 3, 0), abs=1e-6)


def test_lessonkit_results_are_the_cores_points():
    from lessonkit import calc
    from lessonkit.figures import two_weight

    assert isinstance(calc.gd_step("booth", 0, 0, 0.01), Point)
    assert isinstance(calc.surface_minimum("booth"), Minimum)
    assert all(isinstance(m, Minimum) for m in two_weight.get(model="logistic").minima)


def test_no_other_module_defines_a_point_type():
    defined = []
    for path in sorted(SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and (
                node.name.endswith("Point") or node.name == "Minimum"
            ):
                defined.append(f"{path.relative_to(SOURCES)}:{node.name}")
    assert sorted(defined) == [
        f"losslandscape/points.py:{name}"
        for name in ("CriticalPoint", "Minimum", "Point")
    ]
