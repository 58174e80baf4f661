"""Listing pages: all posts, tags, categories, authors, archives.

They replace ABlog's, whose markup is invalid HTML and which renders every
post's doctree again for every page it is listed on. Computed from the plain
post records; the templates only display the values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase

from blogkit.config import site_timezone
from blogkit.incremental import background
from blogkit.incremental.pagecache import keep_stamps, page_stamps, recorded_stamps
from blogkit.incremental.rewrite import listings_unchanged
from blogkit.model.index import KINDS, OPTIONAL_KINDS, SERIES, BlogIndex, blog_index
from blogkit.model.records import PostRecord
from blogkit.render.links import Links
from blogkit.render.summary import post_summary
from blogkit.state import build_state

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListingPage:
    """One generated page: a list of posts, or groups of them (catalog)."""

    name: str
    title: str
    posts: list[PostRecord] = field(default_factory=list)
    groups: dict[str, tuple[str, list[PostRecord]]] | None = None  # label -> (page, posts)
    feeds: bool = False
    #: The posts are the parts of a series, listed in reading order and numbered.
    numbered: bool = False


def listing_plan(index: BlogIndex) -> list[ListingPage]:
    """Every listing page of the blog: all posts, catalogs of names, a page per name and year."""
    plan = [ListingPage(index.all_posts_page, "All posts", index.posts, feeds=True)]
    for kind, (_folder, heading, prefix) in KINDS.items():
        groups = {
            name: (index.name_page(kind, name), posts) for name, posts in index.names[kind].items()
        }
        if not groups and kind in OPTIONAL_KINDS:
            continue
        plan.append(ListingPage(index.catalog_page(kind), heading, groups=groups))
        plan += [
            ListingPage(
                page, f"{prefix} {index.shown_name(kind, name)}", posts, feeds=kind != "authors"
            )
            for name, (page, posts) in groups.items()
        ]
    if index.series:
        _folder, heading, prefix = SERIES
        groups = {name: (index.series_page(name), parts) for name, parts in index.series.items()}
        plan.append(ListingPage(index.series_catalog_page, heading, groups=groups))
        plan += [
            ListingPage(page, f"{prefix} {name}", parts, feeds=True, numbered=True)
            for name, (page, parts) in groups.items()
        ]
    years = {str(year): (index.year_page(year), posts) for year, posts in index.years.items()}
    plan.append(ListingPage(index.archive_page, "Archives", groups=years))
    plan += [ListingPage(page, f"Posts from {y}", posts) for y, (page, posts) in years.items()]
    return plan


def listing_page_names(index: BlogIndex) -> list[str]:
    return [page.name for page in listing_plan(index)]


def start_listing_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: in a parallel build, start the listing pages as writing starts.

    They need only what reading recorded, not a written page: their process
    runs beside Sphinx's writers, in the time those leave idle. The first
    document is resolved in the main process once the writers' templates and
    context are ready (a serial build writes them after every page: listing_pages).
    """
    if (
        build_state(app).listing_started
        or app.builder.format != "html"
        or not background.available(app)
        or app.builder.phase != BuildPhase.RESOLVING
    ):
        return
    build_state(app).listing_started = True
    background.run_in_background(app, _write_listing_pages, app, keep_stamps, idle=True)


def listing_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: render the listing plan with Furo-native templates.

    In a parallel build they are written by another process (blogkit.incremental.background),
    started when the first document was written, or now if none was.
    """
    if app.builder.format != "html" or build_state(app).listing_started:
        return
    if not background.run_in_background(app, _write_listing_pages, app, keep_stamps):
        yield from _changed_listing_pages(app)


def _write_listing_pages(app: Sphinx) -> dict[str, Any]:
    """Write the listing pages that changed; returns their stamps for the next build."""
    for name, context, template in _changed_listing_pages(app):
        app.builder.handle_page(name, context, template)
    return recorded_stamps(app)


def _changed_listing_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    index = blog_index(app)
    tz = site_timezone(app.config)
    stamps = page_stamps(app)
    plan = []
    for page in listing_plan(index):
        if page.name in app.env.found_docs:
            # ABlog silently replaced such a page; a writer's page is never overwritten.
            logger.warning(
                "the page %s is generated by the blog (%s); rename or move this document",
                page.name,
                page.title,
                location=page.name,
                type="blog",
                subtype="page",
            )
        else:
            plan.append(page)
    # After an edit that no listing shows (a post's body), no page's inputs need hashing.
    if listings_unchanged(app) and stamps.carry_over([page.name for page in plan]):
        return
    for page in plan:
        # Not what the sidebar shows (every post's title, tag counts): a page whose own posts
        # did not change gets the new sidebar in place (blogkit.incremental.refresh).
        inputs = (page.name, page.title, page.feeds)
        inputs += (page.numbered,)
        if page.groups is None:
            inputs += tuple(p.listing_key for p in page.posts)
        else:
            inputs += tuple(
                (label, target, *(p.listing_key for p in posts))
                for label, (target, posts) in page.groups.items()
            )
        if stamps.unchanged(page.name, [Path(app.builder.get_outfilename(page.name))], inputs):
            continue
        links = Links(app, page.name)
        # A page's title is HTML to Sphinx and Furo: a tag such as "C++ & Rust" is escaped.
        context: dict[str, Any] = {"title": escape(page.title)}
        if page.groups is None:
            context["blog_listing"] = [post_summary(p, links, index, tz) for p in page.posts]
            context["blog_numbered"] = page.numbered
            template = "blog/listing.html"
        else:
            context["blog_groups"] = [
                {
                    "name": label,
                    "url": links.page(target),
                    "posts": [post_summary(p, links, index, tz) for p in posts],
                }
                for label, (target, posts) in page.groups.items()
            ]
            template = "blog/catalog.html"
        if page.feeds:
            context["blog_page_feeds"] = page.name
            context["blog_feed_title"] = f"{app.config.blog_title}: {page.title}"
        yield page.name, context, template
