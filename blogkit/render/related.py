"""A post's "Related" section at its end: the posts blogkit.model.related chose.

Values only: the template ``blog/related.html`` shows the heading and a list
of titles with their dates, and nothing when there is no related post. Which
posts a page shows is part of what ``shown_of_others`` compares between
builds, so a post whose related posts change is written again.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from blogkit.config import site_timezone
from blogkit.i18n import _
from blogkit.model.domain import blog_data
from blogkit.model.index import blog_index
from blogkit.model.reading import is_post
from blogkit.render.links import Links
from blogkit.render.summary import post_summary


def related_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """html-page-context: a post page's related posts, as ``blog_related``."""
    context["blog_related"] = None
    if app.builder.format != "html" or not is_post(pagename, app.config):
        return
    if pagename not in blog_data(app.env).posts:
        return
    index = blog_index(app)
    others = index.related(pagename)
    if not others:
        return
    links = Links(app, pagename)
    tz = site_timezone(app.config)
    context["blog_related"] = {
        "heading": str(_("Related")),
        "posts": [post_summary(post, links, index, tz) for post in others],
    }
