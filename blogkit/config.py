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
    # How many tags the sidebar shows: the most used, then a link to all of them.
    "blog_sidebar_tags": (20, "html"),
    "blog_stop_on_read_errors": (False, ""),
}


@dataclass(frozen=True)
class SiteConfig:
    posts_dir: str
    timezone: str
    authors: tuple[str, ...]
    #: What Sphinx reads as a document, and what it leaves out: the same files for the check.
    suffixes: tuple[str, ...] = (".rst",)
    exclude: tuple[str, ...] = ()


def source_suffixes(source_suffix: object) -> tuple[str, ...]:
    """The file suffixes of documents, from ``source_suffix`` in any of Sphinx's forms."""
    if isinstance(source_suffix, str):
        return (source_suffix,)
    return tuple(source_suffix or (".rst",))


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
        authors=tuple(values.get("blog_authors", {})),
        suffixes=source_suffixes(values.get("source_suffix")),
        exclude=tuple(values.get("exclude_patterns", ())),
    )
