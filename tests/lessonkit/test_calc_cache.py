"""The disk cache of the course functions' results (`lessonkit/calc_cache.py`):
a call made before is not run again (its function is counted), a changed call,
calc.py or core module is, a broken or foreign file is rebuilt, and the pages
are byte-identical with and without it."""

from __future__ import annotations

import ast
import inspect
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from lessonkit import build, calc, calc_cache, numbers
from lessonkit.errors import AuthorError

from .conftest import tree

DOCS = Path(__file__).resolve().parents[2] / "docs"

PAGE = textwrap.dedent(
    """\
    # Numbers

    Loss {{ bce(1, 0.9) :.4f }}, again {{ bce(1, 0.9) :.2f }}; a walk ends at
    x = {{ sgd_path("booth", 0, 0, 0.01, 20, momentum=0.5).x :.6f }}; a minimum
    at {{ surface_minimum("himmelblau", 2).y :.4f }}; a slope
    {{ surface_grad("rosenbrock", 0.5, 0.5).y :.3f }}; {{ n_params(2, 3, 1) }}
    weights; {{ factorial(20) }} orders.

    ```problem
    id: one-step
    title: One step
    statement: |
      Where is one step of size 0.1 from (0, 0) on Booth's function?
    answers:
      - label: Point
        expect: {{ gd_step("booth", 0, 0, 0.1) :.3f }}
    solution: |
      At ({{ gd_step("booth", 0, 0, 0.1).x :.3f }}, ...).
    ```
    """
)


class Counted:
    """A course function that counts how often it ran."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch) -> dict[str, Counted]:
    """Every function of calc.NAMESPACE counted (the default namespace of a build)."""
    found = {name: Counted(f) for name, f in calc.NAMESPACE.items()}
    for name, f in found.items():
        monkeypatch.setitem(calc.NAMESPACE, name, f)
    return found


def calls(counted: dict[str, Counted]) -> dict[str, int]:
    return {name: f.calls for name, f in counted.items() if f.calls}


def docs_with(root: Path, **pages: str) -> Path:
    docs = root / "docs"
    for name, text in pages.items():
        (docs / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    return docs


def run(docs: Path, out: Path, **kw) -> build.Report:
    return build.run(docs, out, quiet=True, **kw)


# The build ----------------------------------------------------------------------


def test_a_call_made_before_is_not_run_again(tmp_path, no_lessons, counted):
    docs, out = docs_with(tmp_path, index=PAGE), tmp_path / "build"
    run(docs, out)
    # Each distinct call once (bce(1, 0.9) and gd_step twice on the page).
    first = calls(counted)
    assert first == {
        "bce": 1,
        "sgd_path": 1,
        "surface_minimum": 1,
        "surface_grad": 1,
        "n_params": 1,
        "factorial": 1,
        "gd_step": 1,
    }
    pages = tree(out / "pages")
    assert (out / "cache" / calc_cache.FILE_NAME).is_file()
    assert tree(docs) == {"index.md": PAGE.encode()}  # nothing written in docs/
    run(docs, out)
    assert calls(counted) == first  # nothing ran again
    assert tree(out / "pages") == pages


def test_a_changed_expression_runs_only_its_call(tmp_path, no_lessons, counted):
    docs, out = docs_with(tmp_path, index=PAGE), tmp_path / "build"
    run(docs, out)
    before = calls(counted)
    edited = PAGE.replace("bce(1, 0.9) :.2f", "bce(1, 0.8) :.2f")
    docs_with(tmp_path, index=edited)
    run(docs, out)
    assert calls(counted) == {**before, "bce": before["bce"] + 1}
    assert "again 0.22;" in (out / "pages" / "index.md").read_text()  # -ln 0.8


def test_pages_are_byte_identical_with_and_without_the_cache(tmp_path, no_lessons):
    docs = docs_with(tmp_path, index=PAGE)
    plain = tmp_path / "plain"
    run(docs, plain, namespace=calc.NAMESPACE)  # a namespace given: no cache
    assert not (plain / "cache" / calc_cache.FILE_NAME).exists()
    cached = tmp_path / "cached"
    run(docs, cached)  # computes and saves
    run(docs, cached)  # every call from the file
    assert tree(cached / "pages") == tree(plain / "pages")
    assert (cached / "manifest.json").read_bytes() == (
        plain / "manifest.json"
    ).read_bytes()


def test_a_stopped_build_keeps_the_results_it_did_not_reach(
    tmp_path, no_lessons, counted
):
    good = "Loss {{ bce(1, 0.9) :.3f }}.\n"
    docs = docs_with(tmp_path, a="# A\n\nOne.\n", b=good)
    out = tmp_path / "build"
    run(docs, out)
    docs_with(tmp_path, a="# A\n\n{{ ln(-1) }}\n")  # the author's typo
    with pytest.raises(AuthorError, match="a.md:3"):
        run(docs, out)
    docs_with(tmp_path, a="# A\n\nOne.\n")
    run(docs, out)
    assert calls(counted) == {"bce": 1, "ln": 1}  # b's call ran once


# The file -----------------------------------------------------------------------

BROKEN = {
    "not json": "{not json",
    "half written": '{"key": {"code": ',
    "a list": "[1, 2]",
    "NaN": None,  # the real file with its value replaced by NaN
    "another code": "another code",  # the real file under another key
    "a string": "a string",
    "a point of strings": {"type": "Point", "fields": ["1", "2", "3"]},
    "a point too short": {"type": "Point", "fields": [1.0, 2.0]},
    "an unknown type": {"type": "Popen", "fields": ["rm"]},
    "a bad minimum": {"type": "Minimum", "fields": [1.0, 2.0, 0.0, "best", 0.0]},
    "a bool": True,
    "extra keys": {"type": "Point", "fields": [1.0, 2.0, 3.0], "x": 1},
}


def corrupt(path: Path, how: str) -> None:
    """Spoil the stored result of the one call in `path` as `how` says."""
    data = json.loads(path.read_text())
    (key,) = data["results"]
    value = BROKEN[how]
    if how in ("not json", "half written", "a list"):
        path.write_text(value)
        return
    if how == "NaN":
        text = path.read_text().replace("0.10536051565782628", "NaN")
        assert "NaN" in text
        path.write_text(text)
        return
    if how == "another code":
        data["key"]["code"] = "0" * 64
    else:
        data["results"][key] = value
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_a_broken_or_foreign_file_is_rebuilt_not_trusted(tmp_path, how):
    bce = Counted(calc.bce)
    first = calc_cache.CalcCache.in_folder(tmp_path)
    assert first.wrap({"bce": bce})["bce"](1, 0.9) == calc.bce(1, 0.9)
    first.save()
    path = tmp_path / calc_cache.FILE_NAME
    corrupt(path, how)
    again = calc_cache.CalcCache.in_folder(tmp_path)
    assert again.wrap({"bce": bce})["bce"](1, 0.9) == calc.bce(1, 0.9)
    assert bce.calls == 2  # computed again, not read
    assert again.save()  # and the file rebuilt ...
    third = calc_cache.CalcCache.in_folder(tmp_path)
    assert third.wrap({"bce": bce})["bce"](1, 0.9) == calc.bce(1, 0.9)
    assert bce.calls == 2  # ... so that it is trusted next time


def test_a_changed_core_module_or_calc_runs_the_call_again(tmp_path):
    calc_file = tmp_path / "calc.py"
    shutil.copyfile(calc_cache.CODE[0], calc_file)
    core = tmp_path / "losslandscape"
    shutil.copytree(calc_cache.CODE[1], core, ignore=shutil.ignore_patterns("*.pyc"))
    code = (calc_file, core)
    bce = Counted(calc.bce)

    def call_once_more() -> int:
        results = calc_cache.CalcCache.in_folder(tmp_path / "cache", code)
        results.wrap({"bce": bce})["bce"](1, 0.9)
        results.save()
        return bce.calls

    assert call_once_more() == 1
    assert call_once_more() == 1  # unchanged: from the file
    module = core / "optim" / "sgd.py"
    module.write_text(module.read_text() + "\n# an edit\n")
    assert call_once_more() == 2
    assert call_once_more() == 2
    calc_file.write_text(calc_file.read_text() + "\n# an edit\n")
    assert call_once_more() == 3
    (core / "new_module.py").write_text("X = 1\n")  # a new file counts too
    assert call_once_more() == 4


def test_results_keep_their_exact_type_and_value(tmp_path):
    wanted = {
        "int": (calc.n_params, (2, 3, 1), {}),
        "float": (calc.bce, (1, 0.9), {}),
        "point": (calc.sgd_path, ("booth", 0, 0, 0.01, 5), {"momentum": 0.9}),
        "minimum": (calc.surface_minimum, ("himmelblau", 3), {}),
        "vector": (calc.surface_grad, ("booth", 1.5, -2), {}),
    }
    first = calc_cache.CalcCache.in_folder(tmp_path)
    direct = {k: first.call(k, f, a, kw) for k, (f, a, kw) in wanted.items()}
    first.save()

    def refuse(*args, **kwargs):
        raise AssertionError("ran again")

    again = calc_cache.CalcCache.in_folder(tmp_path)
    for name, (_, args, kwargs) in wanted.items():
        value = again.call(name, refuse, args, kwargs)
        assert type(value) is type(direct[name]) and value == direct[name], name


def test_calls_that_cannot_be_keyed_or_stored_always_run(tmp_path):
    results = calc_cache.CalcCache.in_folder(tmp_path)
    pair = Counted(lambda a, b=None: (a, b))
    wrapped = results.wrap({"pair": pair})["pair"]
    for _ in range(2):
        wrapped([1, 2])  # a list argument: no key
        wrapped(1, True)  # a bool is not a number here
        wrapped(1.0, 2)  # a tuple result: not stored
    assert pair.calls == 6
    results.save()
    assert json.loads((tmp_path / calc_cache.FILE_NAME).read_text())["results"] == {}


def test_the_wrapped_functions_keep_their_signatures(tmp_path):
    wrapped = calc_cache.CalcCache.in_folder(tmp_path).wrap(calc.NAMESPACE)
    for name, function in calc.NAMESPACE.items():
        assert inspect.signature(wrapped[name]) == inspect.signature(function)
    with pytest.raises(numbers.ExpressionError, match="unexpected keyword"):
        numbers.evaluate("bce(1, 0.9, q=2)", wrapped)


def test_every_number_in_the_course_reads_back_the_same(tmp_path):
    """Each {{ }} of docs/ from the file gives the text it gave when computed."""
    found = {
        m.group(1)
        for path in sorted(DOCS.rglob("*.md"))
        for m in numbers.EXPRESSION.finditer(path.read_text(encoding="utf-8"))
    }
    computed = {}
    first = calc_cache.CalcCache.in_folder(tmp_path)
    namespace = first.wrap(calc.NAMESPACE)
    for inner in sorted(found):
        try:
            computed[inner] = numbers.render(inner, namespace)
        except AuthorError:  # an example of template syntax in a code block
            continue
    assert len(computed) > 200 and any("sgd_spread" in e for e in computed)
    first.save()

    def refuse(*args, **kwargs):
        raise AssertionError("ran again")

    again = calc_cache.CalcCache.in_folder(tmp_path)
    namespace = again.wrap(dict.fromkeys(calc.NAMESPACE, refuse))
    read = {inner: numbers.render(inner, namespace) for inner in computed}
    assert read == computed


def test_calc_imports_nothing_of_ours_but_the_core():
    """The key hashes calc.py and the core: all the code the functions run."""
    tree_ = ast.parse(Path(calc.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree_):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "calc.py imports a lessonkit module"
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
    outside = imported - set(sys.stdlib_module_names) - {"__future__"}
    assert outside == {"numpy", "losslandscape"}
