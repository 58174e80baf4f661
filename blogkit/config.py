"""The blog's settings: declared once, with their defaults, and checked when the build starts.

Readable without starting Sphinx (the command line reads conf.py through
load_site_config). Where the site lives and what time it is there: Read the
Docs sets ``READTHEDOCS_CANONICAL_URL`` (pull-request previews included) and
injects nothing into ``conf.py``; elsewhere the site URL is ``html_baseurl``.
"""

from __future__ import annotations

import os
import runpy
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

DRAFT_MODES = ("auto", "show", "hide")


def site_timezone(config: Config) -> ZoneInfo:
    try:
        return ZoneInfo(config.blog_timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"blog_timezone = {config.blog_timezone!r} is not a time zone "
            "(expected an IANA name such as 'UTC' or 'Europe/London')"
        ) from error


def build_now() -> datetime:
    """The moment that decides which scheduled posts are out: now, or SOURCE_DATE_EPOCH."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else time.time()
    return datetime.fromtimestamp(seconds, tz=UTC)


def is_pull_request_preview() -> bool:
    return os.environ.get("READTHEDOCS_VERSION_TYPE") == "external"


def shows_drafts(config: Config) -> bool:
    if config.blog_drafts not in DRAFT_MODES:
        raise ConfigError(
            f"blog_drafts = {config.blog_drafts!r} is not one of {', '.join(DRAFT_MODES)}"
        )
    if config.blog_drafts == "auto":
        return is_pull_request_preview()
    return config.blog_drafts == "show"


def site_url(config: Config) -> str:
    """The absolute URL of the site's root, always ending with '/'."""
    url = config.html_baseurl
    return url if url.endswith("/") else url + "/"


def apply_site_url(app: Sphinx, config: Config) -> None:
    """config-inited: take the canonical URL from Read the Docs when it is there."""
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    if canonical:
        config.html_baseurl = canonical
    if not config.html_baseurl.startswith(("https://", "http://")):
        raise ConfigError(
            "html_baseurl must be the blog's absolute URL (e.g. 'https://blog.example.org/'); "
            "feeds and canonical links are built from it"
        )
    config.html_baseurl = site_url(config)
    site_timezone(config)
    shows_drafts(config)


#: blogkit's own settings: name -> (default, what a change of it rebuilds).
DEFAULTS: dict[str, tuple[object, str]] = {
    "blog_posts_dir": ("posts", "env"),
    "blog_timezone": ("UTC", "env"),
    "blog_drafts": ("auto", "env"),
    "blog_recent_posts": (5, "html"),
    "blog_stop_on_read_errors": (False, ""),
    # -- The site's identity and the blog's companions (each line: the value's one-line doc).
    # The site's contact address: the sidebar's about box, {blog}`email`, the feeds' author.
    "blog_email": ("", "env"),
    # The page the sidebar's about box links to, such as "about" ("": no link).
    "blog_about_page": ("", "html"),
    # Load MyST-Parser, so that pages and posts can be Markdown.
    "blog_myst": (True, "env"),
    # Write a 404 page (sphinx-notfound-page) whose links work at any depth.
    "blog_notfound": (True, "html"),
    # Put a copy button on code blocks (sphinx-copybutton).
    "blog_copybutton": (True, "html"),
    # Load blogkit.speedups: work Sphinx repeats per page, done once.
    "blog_speedups": (True, ""),
}

#: The companion extensions blogkit loads unless a value above turns them off.
COMPANIONS = {
    "blog_myst": "myst_parser",
    "blog_speedups": "blogkit.speedups",
    "blog_notfound": "notfound.extension",
    "blog_copybutton": "sphinx_copybutton",
}


def is_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` gave ``name`` a value of its own.

    Sphinx has no public way to ask: its Config keeps conf.py's values in
    ``_raw_config`` (Sphinx 9.0 to 9.2).
    """
    return name in config.overrides or name in getattr(config, "_raw_config", {})


def site_authors(
    authors: dict[str, tuple[str, str | None]], author: str, email: str
) -> dict[str, tuple[str, str | None]]:
    """ABlog's ``blog_authors``: the site's own, or its one author with the site's email."""
    if authors or not author:
        return authors
    return {author: (author, f"mailto:{email}" if email else None)}


def apply_identity(app: Sphinx, config: Config) -> None:
    """config-inited: the site's identity, written once in conf.py, fills what it left unset.

    ``project`` names the blog (``blog_title``, and ``html_title``, Furo's brand);
    ``author`` is the blog's author (``blog_authors``, with ``blog_email``) and
    the copyright holder. A value the site sets itself is never changed.
    """
    if not is_set(config, "blog_title") and is_set(config, "project"):
        config.blog_title = config.project
    if not is_set(config, "html_title"):
        config.html_title = config.blog_title
    if not is_set(config, "author"):
        return
    if not (is_set(config, "copyright") or is_set(config, "project_copyright")):
        config.copyright = config.author
    config.blog_authors = site_authors(config.blog_authors, config.author, config.blog_email)


@dataclass(frozen=True)
class SiteConfig:
    posts_dir: str
    timezone: str
    authors: tuple[str, ...]


def load_site_config(root: Path) -> SiteConfig:
    """Read conf.py (declarative by design) the way the command line needs it."""
    conf = root / "conf.py"
    if not conf.is_file():
        raise ValueError(f"no conf.py in {root}: run this from the blog's folder or pass --root")
    values = runpy.run_path(str(conf))

    def setting(name: str) -> object:
        return values.get(name, DEFAULTS[name][0])

    return SiteConfig(
        posts_dir=str(setting("blog_posts_dir")),
        timezone=str(setting("blog_timezone")),
        authors=tuple(
            site_authors(
                values.get("blog_authors", {}),
                str(values.get("author", "")),
                str(values.get("blog_email", "")),
            )
        ),
    )


def not_found_page(config: Config) -> str:
    """The 404 page's name, or "" when no 404 page is written (``blog_notfound = False``)."""
    return getattr(config, "notfound_pagename", "")
