"""Where the site lives and what time it is there: URL, time zone, drafts mode.

Read the Docs sets ``READTHEDOCS_CANONICAL_URL`` (pull-request previews
included) and injects nothing into ``conf.py``; elsewhere the site URL is the
configured ``html_baseurl``.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit
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


NOT_FOUND_BODY = """<section id="page-not-found">
<h1>Page not found</h1>
<p>There is no page at this address. It may have moved,
or the link that led here may be mistyped.</p>
<ul>
<li><a href="{root}index.html">Home page</a></li>
<li><a href="{root}blog.html">All posts</a></li>
<li><a href="{root}search.html">Search the blog</a></li>
</ul>
</section>"""


def configure_companions(app: Sphinx, config: Config) -> None:
    """config-inited: point the 404 page (sphinx-notfound-page) at the site URL.

    Runs after apply_site_url, so on Read the Docs it follows its canonical URL.
    The 404 page is served by the host at any depth, so its links are
    absolute paths under the site's URL path.
    """
    root = urlsplit(site_url(config)).path
    config.notfound_urls_prefix = root
    config.notfound_context = {"title": "Page not found", "body": NOT_FOUND_BODY.format(root=root)}
