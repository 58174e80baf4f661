"""The blog's part of every page's template context: sidebar, feeds, post details, prev/next."""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from sphinx.application import Sphinx

from blogkit.config import site_timezone
from blogkit.model.domain import blog_data
from blogkit.model.index import blog_index
from blogkit.model.reading import is_post
from blogkit.render.links import Links
from blogkit.render.postheader import post_header
from blogkit.render.sidebar import _feed_links, sidebar_html


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """html-page-context: the blog's part of every page."""
    if app.builder.format != "html":
        return
    index = blog_index(app)
    links = Links(app, pagename)
    tz = site_timezone(app.config)
    context["blog_sidebar_html"] = sidebar_html(app, index, links)
    page_feeds = context.get("blog_page_feeds") or index.all_posts_page
    context["blog_feeds"] = {
        "title": context.get("blog_feed_title") or app.config.blog_title,
        **_feed_links(index, page_feeds, links),
    }
    posts = blog_data(app.env).posts
    if is_post(pagename, app.config) and pagename in posts:
        post = posts[pagename]
        context["blog_post"] = post_header(post, index, links, tz)
        shown = app.config.post_show_prev_next
        older, newer = index.neighbours(pagename) if shown else (None, None)
        # Furo's footer shows these as its "Previous" and "Next" links; Sphinx's titles are HTML.
        context["prev"] = (
            {"title": escape(older.title), "link": links.page(older.docname)} if older else None
        )
        context["next"] = (
            {"title": escape(newer.title), "link": links.page(newer.docname)} if newer else None
        )
