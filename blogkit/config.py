"""The blog's settings: declared once, with their defaults, and checked when the build starts.

Readable without starting Sphinx (the command line reads conf.py through
load_site_config). Where the site lives and what time it is there: Read the
Docs sets ``READTHEDOCS_CANONICAL_URL`` (pull-request previews included) and
injects nothing into ``conf.py``; elsewhere the site URL is ``html_baseurl``.
"""

from __future__ import annotations

import functools
import os
import runpy
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.application import Sphinx
from sphinx.config import ENUM, Config
from sphinx.errors import ConfigError
from sphinx.util import logging

DRAFT_MODES = ("auto", "show", "hide")
#: The site URL of a build whose html_baseurl is missing (and which fails): a reserved name.
PLACEHOLDER_URL = "https://blog.example.invalid/"

logger = logging.getLogger(__name__)


def site_timezone(config: Config) -> ZoneInfo:
    try:
        return ZoneInfo(config.blog_timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"blog_timezone = {config.blog_timezone!r} is not a time zone "
            "(expected an IANA name such as 'UTC' or 'Europe/London')"
        ) from error


def build_now() -> datetime:
    """The moment that decides which scheduled posts are out: now, or SOURCE_DATE_EPOCH.

    To the second: asked once per post and page, it is made once per second.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return _moment(int(epoch) if epoch and epoch.isdigit() else int(time.time()))


@functools.lru_cache(maxsize=4)
def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def is_pull_request_preview() -> bool:
    return os.environ.get("READTHEDOCS_VERSION_TYPE") == "external"


def shows_drafts(config: Config) -> bool:
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
    elif not config.html_baseurl and config.blog_baseurl:
        # ABlog's name for the same setting.
        config.html_baseurl = config.blog_baseurl
    if not config.html_baseurl.startswith(("https://", "http://")):
        logger.warning(
            "conf.py: html_baseurl = %r: it must be the blog's absolute URL "
            "(e.g. 'https://blog.example.org/'); feeds and canonical links are built from it",
            config.html_baseurl,
            type="blog",
            subtype="config",
        )
        config.html_baseurl = PLACEHOLDER_URL
    config.html_baseurl = site_url(config)


@dataclass(frozen=True)
class Setting:
    """One of blogkit's settings: its default, what a change rebuilds, what it may be."""

    default: object
    rebuild: str
    doc: str
    #: The values it may take, when it is a choice.
    choices: tuple[str, ...] = ()

    @property
    def types(self) -> type | ENUM:
        return ENUM(*self.choices) if self.choices else type(self.default)


#: Every setting blogkit adds, declared once (ABlog's own ``blog_*`` settings are ABlog's).
SETTINGS: dict[str, Setting] = {
    "blog_posts_dir": Setting("posts", "env", "folder of the posts, under the source folder"),
    "blog_timezone": Setting("UTC", "env", "IANA time zone of dates written without an offset"),
    "blog_drafts": Setting(
        "auto",
        "env",
        "drafts in the output: 'auto' (only on Read the Docs pull-request previews), "
        "'show' or 'hide'",
        choices=DRAFT_MODES,
    ),
    "blog_recent_posts": Setting(5, "html", "how many posts the sidebar's Recent list shows"),
    "blog_posts_per_page": Setting(
        10, "html", "how many posts a listing page shows; older ones go on numbered pages"
    ),
    "blog_sidebar_tags": Setting(
        20, "html", "how many tags the sidebar shows: the most used, then a link to all tags"
    ),
    "blog_social_cards": Setting(
        True, "html", "draw each post a 1200 x 630 card for link previews (og:image)"
    ),
    "blog_stop_on_read_errors": Setting(
        False, "", "stop before writing when a post is broken (the live preview sets it)"
    ),
    "blog_serial_below": Setting(
        30,
        "",
        "an incremental build reading, or writing, at most this many pages does it in one "
        "process whatever -j says (0: never)",
    ),
    # -- The site's identity and the blog's companions.
    "blog_email": Setting(
        "", "env", "the site's contact address: the sidebar's about box, {blog}`email`, feeds"
    ),
    "blog_about_page": Setting(
        "", "html", "the page the sidebar's about box links to, such as 'about' ('': none)"
    ),
    "blog_myst": Setting(True, "env", "load MyST-Parser, so that pages and posts can be Markdown"),
    "blog_notfound": Setting(
        True, "html", "write a 404 page (sphinx-notfound-page) whose links work at any depth"
    ),
    "blog_copybutton": Setting(
        True, "html", "put a copy button on code blocks (sphinx-copybutton)"
    ),
}

#: The companion extensions blogkit loads unless a value above turns them off
#: (blogkit.speedups is always loaded; its own ``blogkit_speedups`` turns them off).
COMPANIONS = {
    "blog_myst": "myst_parser",
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


def add_settings(app: Sphinx) -> None:
    for name, setting in SETTINGS.items():
        app.add_config_value(
            name, setting.default, setting.rebuild, setting.types, description=setting.doc
        )


def setting_problems(config: Config) -> list[str]:
    """What is wrong with blogkit's settings: each named with what it accepts."""
    problems = []
    for name, setting in SETTINGS.items():
        value = getattr(config, name)
        expected = type(setting.default)
        if setting.choices and value not in setting.choices:
            accepted = ", ".join(map(repr, setting.choices))
            problems.append(f"{name} = {value!r} is not one of {accepted} ({setting.doc})")
        elif not setting.choices and not (
            isinstance(value, expected) and (expected is bool or not isinstance(value, bool))
        ):
            problems.append(f"{name} = {value!r} is not a {expected.__name__} ({setting.doc})")
    if not problems:
        if config.blog_recent_posts < 0:
            problems.append(f"blog_recent_posts = {config.blog_recent_posts!r} is below 0")
        if config.blog_posts_per_page < 1:
            problems.append(f"blog_posts_per_page = {config.blog_posts_per_page!r} is below 1")
        try:
            site_timezone(config)
        except ConfigError as error:
            problems.append(str(error))
    return problems


def check_settings(app: Sphinx, config: Config) -> None:
    """config-inited: a wrong setting is named, and the build goes on with its default.

    A warning, not an exception: Sphinx shows an exception raised here as a
    crash with a traceback, and the strict build fails on the warning anyway.
    """
    for problem in setting_problems(config):
        logger.warning("conf.py: %s", problem, type="blog", subtype="config")
        name = problem.split(" ", 1)[0]
        setattr(config, name, SETTINGS[name].default)


@dataclass(frozen=True)
class SiteConfig:
    posts_dir: str
    timezone: str
    authors: tuple[str, ...]
    #: What Sphinx reads as a document, and what it leaves out: the same files for the check.
    suffixes: tuple[str, ...] = (".rst",)
    exclude: tuple[str, ...] = ()


def source_suffixes(source_suffix: object, myst: bool = True) -> tuple[str, ...]:
    """The file suffixes of documents, as the build reads them.

    ``source_suffix`` in any of Sphinx's forms (conf.py may leave it out), with
    what the build adds: MyST's ``.md`` (unless ``blog_myst`` is off) and
    ``.rst``, since reStructuredText posts are always read (ABlog's post
    directive: see the extension).
    """
    given = [source_suffix] if isinstance(source_suffix, str) else list(source_suffix or ())
    return tuple(dict.fromkeys([*given, *([".md"] if myst else []), ".rst"]))


def load_site_config(root: Path) -> SiteConfig:
    """Read conf.py (declarative by design) the way the command line needs it."""
    conf = root / "conf.py"
    if not conf.is_file():
        raise ValueError(f"no conf.py in {root}: run this from the blog's folder or pass --root")
    values = runpy.run_path(str(conf))

    def setting(name: str) -> object:
        return values.get(name, SETTINGS[name].default)

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
        suffixes=source_suffixes(
            values.get("source_suffix"),
            bool(values.get("blog_myst", SETTINGS["blog_myst"].default)),
        ),
        exclude=tuple(values.get("exclude_patterns", ())),
    )


def not_found_page(config: Config) -> str:
    """The 404 page's name, or "" when no 404 page is written (``blog_notfound = False``)."""
    return getattr(config, "notfound_pagename", "")
