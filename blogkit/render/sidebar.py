"""The blog's sections of the left sidebar, rendered once per folder."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from blogkit.config import is_set
from blogkit.i18n import _
from blogkit.model.index import BlogIndex
from blogkit.render.links import Links
from blogkit.state import build_state

logger = logging.getLogger(__name__)


def sidebar(index: BlogIndex, links: Links, recent: int, tags: int = 20) -> dict[str, Any]:
    """The blog's sections of the left sidebar: at most ``tags`` tags, the most used."""
    every_tag = _name_entries(index, "tags", links)
    return {
        "all_posts_url": links.page(index.all_posts_page),
        "recent": [{"title": p.title, "url": links.page(p.docname)} for p in index.posts[:recent]],
        "tags": most_used(every_tag, tags),
        "tags_total": len(every_tag),
        "tags_url": links.page(index.catalog_page("tags")),
        "categories": _name_entries(index, "categories", links),
        "categories_url": links.page(index.catalog_page("categories")),
        "years": [
            {"year": year, "count": len(posts), "url": links.page(index.year_page(year))}
            for year, posts in index.years.items()
        ],
        "archive_url": links.page(index.archive_page),
        "series": [
            {"name": name, "count": len(parts), "url": links.page(index.series_page(name))}
            for name, parts in index.series.items()
        ],
        "series_url": links.page(index.series_catalog_page),
        "events": _name_entries(index, "events", links),
        "events_url": links.page(index.catalog_page("events")),
        "feeds": _feed_links(index, index.all_posts_page, links),
    }


def about_box(app: Sphinx, links: Links) -> dict[str, str] | None:
    """Who writes the site and how to reach them, from conf.py; None when it knows neither."""
    config = app.config
    page = config.blog_about_page
    about = {
        # The about page's link says who writes, when conf.py says it.
        "label": config.author if is_set(config, "author") else _("Who writes here"),
        # A missing page fails the build (check_about_page); this keeps the link from dangling.
        "url": links.page(page) if page in app.env.found_docs else "",
        "email": config.blog_email,
    }
    return about if about["url"] or about["email"] else None


def check_about_page(app: Sphinx, env: BuildEnvironment) -> None:
    """env-check-consistency: the about box's page must exist."""
    page = app.config.blog_about_page
    if page and page not in env.found_docs:
        logger.warning(
            "blog_about_page = %r: there is no such page (the sidebar's about box links to it)",
            page,
            type="blog",
            subtype="config",
        )


#: Series and events show only when the blog has any. Subscribe comes before the lists
#: of names, whose length the blog decides: its feed links are in view on a laptop's screen.
SIDEBAR_SECTIONS = (
    "about",
    "subscribe",
    "recent",
    "series",
    "events",
    "tags",
    "categories",
    "archives",
)


def sidebar_html(app: Sphinx, index: BlogIndex, links: Links) -> Markup:
    """The sidebar sections, rendered once per folder and reused by every page in it.

    Every link in them is relative, so all pages of one folder show the same
    HTML; rendering it per page was most of the blog's cost on top of Sphinx's.
    """
    key = (id(index), links.folder)
    cache = build_state(app).sidebars
    if key not in cache:
        config = app.config
        values = {
            "blog_sidebar": sidebar(
                index, links, config.blog_recent_posts, config.blog_sidebar_tags
            )
        }
        values["blog_sidebar"]["about"] = about_box(app, links)
        cache[key] = Markup(
            "\n".join(
                app.builder.templates.render(f"blog/sidebar/{name}.html", values)
                for name in SIDEBAR_SECTIONS
            )
        )
    return cache[key]


def most_used(entries: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The ``limit`` entries with the most posts (ties: in the given order), in the given order.

    Every page shows the sidebar: listing every tag made the output grow with
    the square of the number of tags. The page of all tags lists the rest.
    """
    ranked = sorted(range(len(entries)), key=lambda i: -entries[i]["count"])[: max(limit, 0)]
    return [entries[i] for i in sorted(ranked)]


def _name_entries(index: BlogIndex, kind: str, links: Links) -> list[dict[str, Any]]:
    return [
        {"name": name, "count": len(posts), "url": links.page(index.name_page(kind, name))}
        for name, posts in index.names[kind].items()
    ]


def _feed_links(index: BlogIndex, page: str, links: Links) -> dict[str, str]:
    return {kind: links.file(path) for kind, path in index.feed_files(page).items()}
