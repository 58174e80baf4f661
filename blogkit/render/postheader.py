"""A post page's details under its title: date, reading time, names, draft banner, series, talk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from docutils import nodes
from sphinx.application import Sphinx

from blogkit.config import site_timezone
from blogkit.model.domain import blog_data
from blogkit.model.index import BlogIndex, blog_index
from blogkit.model.records import PostRecord
from blogkit.render.conference import series_nav, talk_card
from blogkit.render.dates import display_date, iso_date
from blogkit.render.links import Links
from blogkit.render.summary import post_summary


def post_header(post: PostRecord, index: BlogIndex, links: Links, tz: ZoneInfo) -> dict[str, Any]:
    """Date, reading time, authors, categories, events, tags, series and talk of a post page."""
    summary = dict(post_summary(post, links, index, tz))
    summary["series"] = series_nav(post, index, links)
    summary["talk"] = talk_card(post, links, tz)
    for kind in ("authors", "categories", "events", "locations", "languages"):
        summary[kind] = [
            {"name": index.shown_name(kind, name), "url": links.page(index.name_page(kind, name))}
            for name in getattr(post.meta, kind)
        ]
    if post.meta.updated and post.meta.updated != post.date:
        summary["updated"] = display_date(post.meta.updated, tz)
        summary["updated_datetime"] = iso_date(post.meta.updated, tz)
    return summary


class post_meta(nodes.General, nodes.Element):
    """Where a post's date, reading time and draft banner go, rendered by the writer."""


def insert_post_header(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: mark the place just under a post's title for its details.

    Only the place is marked here: doctrees are resolved one after another in
    the main process of a parallel build, while the writers render in parallel
    (post_meta_visitor). The details are not page text, so search does not index them.
    """
    if app.builder.format != "html" or docname not in blog_data(app.env).posts:
        return
    for section in doctree.findall(nodes.section):
        title = section[0] if section.children else None
        if isinstance(title, nodes.title):
            section.insert(1, post_meta(docname=docname))
            return


def post_meta_visitor(app: Sphinx) -> Callable[[Any, post_meta], None]:
    """The HTML writer's visitor for post_meta, for this application.

    The writer is handed the application here, not through ``builder.app``,
    which Sphinx deprecates (and warns about on every call, once per post).
    """

    def visit_post_meta(translator: Any, node: post_meta) -> None:
        post = blog_data(app.env).posts[node["docname"]]
        links = Links(app, node["docname"])
        header = post_header(post, blog_index(app), links, site_timezone(app.config))
        translator.body.append(
            app.builder.templates.render("blog/post-header.html", {"blog_post": header})
        )
        raise nodes.SkipNode

    return visit_post_meta
