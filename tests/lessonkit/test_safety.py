"""The build's own files are safe from an untrusted cache, other builds and
the machine (issue 10): paths stay inside build/, modes match site/, a bug
says it is a bug, an unwritable folder says so."""

import json
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

from lessonkit import atomic, build, cache, lock
from lessonkit.figures import standalone

from .conftest import NAMESPACE, PAGE, write_docs


def run(docs, out, **kw):
    return build.run(docs, out, quiet=True, namespace=NAMESPACE, **kw)


@pytest.mark.parametrize(
    "name",
    [
        "../../../victim.txt",  # build/site/figures/../../.. is tmp_path
        "/tmp/victim.txt",
        "sub/tiny-line.svg",
        "other-figure.svg",
        "tiny-line.py",
    ],
)
def test_a_cache_entry_naming_a_foreign_file_is_rebuilt_not_trusted(
    small_docs, tmp_path, name
):
    out = tmp_path / "build"
    run(small_docs, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / "site" / "figures" / "other-figure.svg").write_text("other")
    entry_file = cache.entry_path(out / "cache", "tiny-line")
    entry = json.loads(entry_file.read_text())
    entry["outputs"][name] = "0" * 64  # a restored CI cache may say anything
    entry_file.write_text(json.dumps(entry))
    with pytest.raises(ValueError, match="are not files of figure 'tiny-line'"):
        cache.load(entry_file)
    report = run(small_docs, out)
    assert report.rebuilt == [("tiny-line", "corrupt cache entry")]
    assert victim.read_text() == "precious"
    # No declared figure makes other-figure.svg: the prune stage removes it,
    # and only it, whatever the entry said.
    assert report.pruned == ["site/figures/other-figure.svg"]


def test_written_files_have_the_mode_of_any_new_file(small_docs, tmp_path):
    """build/ was 0600 (mkstemp's) while MkDocs writes site/ 0644."""
    out = tmp_path / "build"
    run(small_docs, out)
    umask = os.umask(0)
    os.umask(umask)
    modes = {
        p.name: stat.S_IMODE(p.stat().st_mode)
        for p in out.rglob("*")
        if p.is_file() and p.name != lock.LOCK_NAME
    }
    assert modes and set(modes.values()) == {0o666 & ~umask}


@pytest.mark.parametrize(
    "label", ["<!--<script>", "</script><script>alert(1)</script>", "a & b > c"]
)
def test_standalone_json_cannot_end_or_swallow_the_script(label):
    figure_json = json.dumps({"data": [{"name": label}], "layout": {}})
    html = standalone.page(
        title="t",
        alt="a",
        description="d",
        static="x.svg",
        figure_json=figure_json,
        plotly_js="../assets/plotly.min.js",
    )
    start = html.index('<script type="application/json" id="figure-data">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body  # nothing the HTML parser reads
    assert json.loads(body)["data"][0]["name"] == label  # the same data


def test_cli_unwritable_out_is_an_error_not_a_traceback(small_docs, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    code = build.main(["--docs", str(small_docs), "--out", str(blocker / "b")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"error: {blocker / 'b'}" in err and "writable" in err


def test_cli_bug_says_it_is_a_bug(small_docs, tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(build, "run", broken)
    code = build.main(["--docs", str(small_docs), "--out", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err and "KeyError: 'oops'" in err
    assert "this is a bug in lessonkit, not a mistake in the pages" in err


def test_a_second_holder_of_the_lock_waits(tmp_path):
    events = []

    def second():
        with lock.held(tmp_path, stream=open(os.devnull, "w")):  # noqa: SIM115
            events.append("second")

    with lock.held(tmp_path):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)  # give it time to (wrongly) get in
        events.append("first done")
    thread.join(10)
    assert events == ["first done", "second"]


def test_three_builds_at_once_all_succeed(no_lessons, tmp_path):
    """Each build's start-up cleanup deleted the others' temporary files
    (FileNotFoundError ... .partial). Three CLI builds of one folder, 3 times."""
    docs = write_docs(tmp_path)
    out = tmp_path / "build"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    script = (
        "import sys, lessonkit.build as b, lessonkit.lessons as l\n"
        "l.declared = lambda: []\n"
        "sys.exit(b.main(sys.argv[1:]))\n"
    )
    for round_ in range(3):
        if round_:
            write_docs(
                tmp_path,
                (docs / "lessons" / "page.md")
                .read_text()
                .replace("steps: ", f"steps: {round_}"),
            )
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    script,
                    "--docs",
                    str(docs),
                    "--out",
                    str(out),
                    "--quiet",
                ],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        results = [(p.wait(120), p.stderr.read()) for p in procs]
        for code, err in results:
            assert code == 0, err
        assert not list(out.rglob(f"*{atomic.TEMP_SUFFIX}"))


def test_a_latin1_page_names_the_file_and_line(no_lessons, tmp_path, capsys):
    """It was a UnicodeDecodeError without the file's name (issue 10)."""
    docs = write_docs(tmp_path)
    page = docs / "lessons" / "latin.md"
    page.write_bytes("# Caf\u00e9\n\nLine two: na\u00efve\n".encode("latin-1"))
    code = build.main(["--docs", str(docs), "--out", str(tmp_path / "b"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"error: {page}:1: byte 0xe9 is not UTF-8" in err
    assert "allowed: Markdown saved as UTF-8" in err


def test_a_figure_may_be_called_plotly_js(no_lessons, tmp_path):
    """Its cache entry was the file recording the plotly.js copy (issue 10)."""
    docs = write_docs(tmp_path, PAGE.replace("id: tiny-line", "id: plotly-js"))
    out = tmp_path / "build"
    assert ("plotly-js", "new") in run(docs, out).rebuilt
    report = run(docs, out)
    assert report.rebuilt == [] and "plotly-js" in report.fresh
