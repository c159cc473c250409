"""The course's metadata, kept in one place: the "Project information",
"Repository" and "Copyright" fields of mkdocs.yml (`site_name`, `site_author`,
`site_url`, `repo_url`, `repo_name`, `edit_uri`, `copyright` and
`extra.licence`). The site's header and footer (theme partials), the PDF
covers (`lessonkit.pdf`), the offline edition and the README all take them
from here, checked once: a missing title or a bad web address is an
`AuthorError` naming mkdocs.yml, the line and the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import AuthorError, shown
from .mkdocs_yml import TagTolerantLoader

CONFIG = "mkdocs.yml"
# A host name with a dot and a top-level domain (or 127.0.0.1), maybe a port.
HOST = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?|127\.0\.0\.1(?::\d+)?")
WEB_ADDRESS = "an absolute http(s) address such as https://github.com/owner/repo"


@dataclass(frozen=True)
class Course:
    title: str  # site_name: the header, the PDF covers, the README's heading
    authors: str  # site_author
    site_url: str
    licence: str  # extra.licence.name, e.g. "MIT"
    licence_url: str  # extra.licence.url: the licence's text
    copyright: str  # the footer's first line
    repo_url: str | None = None  # a plain link; nothing is fetched from it
    repo_name: str | None = None
    edit_url: str | None = None  # repo_url + edit_uri: a page's edit link + src


def load(config_file: Path) -> Course:
    """The metadata of the mkdocs.yml at `config_file`."""
    text = Path(config_file).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=TagTolerantLoader)
    except yaml.YAMLError as error:
        raise AuthorError(f"not valid YAML: {error}", file=str(config_file)) from None
    if not isinstance(data, Mapping):
        raise AuthorError("expected a mapping of settings", file=str(config_file))
    return from_config(data, str(config_file), text)


def from_config(data, file: str, text: str = "") -> Course:
    """Checked metadata from mkdocs.yml's settings `data` (a dict, or MkDocs'
    own config object); `text` (the file's text) lets errors name the line."""

    def fail(field: str, message: str, allowed: str):
        key = field.split(".")[-1]
        found = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.MULTILINE)
        line = text[: found.start()].count("\n") + 1 if found else None
        raise AuthorError(message, file=file, line=line, field=field, allowed=allowed)

    def text_field(field: str, value, example: str) -> str:
        if not isinstance(value, str) or not value.strip():
            what = "missing" if value is None else f"{shown(value)} is not a text"
            fail(field, what, f"a non-empty text, e.g. {field}: {example}")
        return value.strip()

    def url_field(field: str, value, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if not is_web_address(value):
            bad = f"{shown(value)} is not a web address"
            fail(field, "missing" if value is None else bad, WEB_ADDRESS)
        return value

    extra = data.get("extra") or {}
    licence = extra.get("licence") if isinstance(extra, Mapping) else None
    if not isinstance(licence, Mapping):
        fail("extra.licence", "missing", "a mapping with name: and url:")
    repo_url = url_field("repo_url", data.get("repo_url"), required=False)
    return Course(
        title=text_field("site_name", data.get("site_name"), "Loss Landscapes"),
        authors=text_field("site_author", data.get("site_author"), "Ada Lovelace"),
        site_url=url_field("site_url", data.get("site_url")),
        licence=text_field("extra.licence.name", licence.get("name"), "MIT"),
        licence_url=url_field("extra.licence.url", licence.get("url")),
        copyright=text_field("copyright", data.get("copyright"), "The authors"),
        repo_url=repo_url,
        repo_name=data.get("repo_name") or None,
        edit_url=_edit_url(repo_url, data.get("edit_uri"), fail),
    )


def _edit_url(repo_url: str | None, edit_uri, fail) -> str | None:
    """Where a page's source is edited, without the page's path."""
    if edit_uri in (None, ""):
        return None
    if not isinstance(edit_uri, str) or re.search(r"\s", edit_uri):
        fail("edit_uri", f"{shown(edit_uri)} is not a path", "e.g. edit/main/docs/")
    if is_web_address(edit_uri):
        return edit_uri.rstrip("/") + "/"
    if repo_url is None:
        fail("edit_uri", "a relative edit_uri needs a repo_url", WEB_ADDRESS)
    return repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/"


def is_web_address(value) -> bool:
    """An absolute http(s) URL with a host name and no spaces."""
    if not isinstance(value, str) or re.search(r"\s", value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(HOST.fullmatch(parts.netloc))
