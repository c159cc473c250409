"""scripts/zip_site.py, the offline edition's zip: one folder, the same bytes
for the same site, nothing half-written, a clear error without a site."""

from __future__ import annotations

import zipfile

import pytest

from tests import scripts


@pytest.fixture
def zip_site():
    return scripts.load("zip_site")


def test_same_site_same_bytes_under_one_folder(zip_site, tmp_path):
    site = tmp_path / "site"
    (site / "lessons").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>")
    (site / "lessons" / "a.html").write_text("<h1>A</h1>")
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    assert zip_site.zip_site(site, first) == 2
    (site / "index.html").touch()  # a newer file date changes nothing
    zip_site.zip_site(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == [
            "loss-landscapes/index.html",
            "loss-landscapes/lessons/a.html",
        ]
        assert zf.read("loss-landscapes/lessons/a.html") == b"<h1>A</h1>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.zip", "site", "two.zip"]


def test_no_site_is_a_clear_error(zip_site, tmp_path):
    with pytest.raises(SystemExit, match="no index.html; build the site first"):
        zip_site.zip_site(tmp_path, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()
