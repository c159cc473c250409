"""MkDocs hook: the course's metadata and each page's last-updated date.

The metadata (title, authors, licence, repository and edit links) is read from
mkdocs.yml once and checked (`lessonkit.metadata`): a missing title or a bad
address stops the build naming mkdocs.yml, the line and the field. The theme
partials (overrides/partials/) show it in the header and footer.

Each page gets `page.meta["last_updated"]`, the date of the last commit that
touched its source (`lessonkit.gitdates`), shown under the page and written
into sitemap.xml; no date outside a full git checkout, so a tarball builds too.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

try:
    from lessonkit import gitdates, metadata
except ImportError:  # not installed (`make setup` installs it): its source
    sys.path.append(str(Path(__file__).resolve().parents[3] / "lesson_src"))
    from lessonkit import gitdates, metadata
from lessonkit.errors import AuthorError

log = logging.getLogger("mkdocs.hooks.course_meta")

# Absolute source path -> date of its last commit, for the build under way.
_dates: dict[Path, date] = {}


def on_config(config: MkDocsConfig, /) -> MkDocsConfig:
    path = Path(config.config_file_path)
    try:
        course = metadata.from_config(config, str(path), path.read_text("utf-8"))
    except AuthorError as error:
        raise PluginError(str(error)) from None
    config.extra["course"] = dataclasses.asdict(course)
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    _dates.clear()
    _dates.update(gitdates.last_changed(Path(config.docs_dir)))
    if not _dates:
        log.info("no git history here (or a shallow clone): pages show no date")
    return files


def on_page_markdown(
    markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    source = page.file.abs_src_path
    day = _dates.get(Path(source).resolve()) if source else None
    if day is not None:
        page.meta["last_updated"] = day.isoformat()
        page.meta["last_updated_shown"] = gitdates.shown(day)
        page.update_date = day.isoformat()  # sitemap.xml's <lastmod>
    return markdown
