"""The instructor guide's citation table says what the build writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .helpers import expand_all

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "instructors" / "index.md").read_text(encoding="utf-8")
KEYS = {
    "key": "li2018visualizing",
    "key1": "kingma2015adam",
    "key2": "li2018visualizing",
}
ROW = re.compile(r"^\| `([^`]+)`[^|]* \| (.+?) \|$")


def rows() -> list[tuple[str, str]]:
    start = GUIDE.index("| you write | readers see |")
    table = GUIDE[start:].split("\n\n")[0].split("\n")[2:]
    return [ROW.match(line).groups() for line in table]


def test_citation_table_matches_the_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "references.bib", docs)
    table = rows()
    assert len(table) == 5
    body = "\n\n".join(
        re.sub(r"@(key\d?)", lambda m: "@" + KEYS[m.group(1)], written)
        for written, _ in table
    )
    (docs / "page.md").write_text(f"# Page\n\n{body}\n")
    text = expand_all(docs)[0]["page.md"].split("## References")[0]
    shown = [re.sub(r"<[^>]+>", "", p) for p in text.split("\n\n")[1:] if p.strip()]
    for (written, seen), got in zip(table, shown, strict=True):
        assert got.strip() == seen, written
