"""``{latest-posts} N``: the newest posts with their excerpts, on any page; pinned ones first."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from blogkit.config import site_timezone
from blogkit.model.domain import blog_data
from blogkit.model.index import blog_index
from blogkit.render.links import Links
from blogkit.render.summary import pinned, post_summary

logger = logging.getLogger(__name__)


class latest_posts(nodes.General, nodes.Element):
    """Placeholder for the newest posts, filled in when the page is written."""


class LatestPostsDirective(SphinxDirective):
    """``{latest-posts} N``: the N newest posts with their excerpts."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        count = self.config.blog_recent_posts
        if self.arguments:
            try:
                count = directives.positive_int(self.arguments[0])
            except ValueError:
                source = Path(self.env.doc2path(self.env.docname)).relative_to(self.env.srcdir)
                logger.warning(
                    "latest-posts: '%s': the argument is how many posts to show, "
                    "a whole number from 1",
                    self.arguments[0],
                    location=f"{source.as_posix()}:{self.lineno}",
                    type="blog",
                    subtype="latest-posts",
                )
                return []
        blog_data(self.env).listing_docs.add(self.env.docname)
        return [latest_posts(count=count)]


def fill_latest_posts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: render the newest posts into their placeholder."""
    for node in list(doctree.findall(latest_posts)):
        if app.builder.format != "html":
            node.replace_self([])
            continue
        index = blog_index(app)
        links = Links(app, docname)
        tz = site_timezone(app.config)
        posts = [
            pinned(post_summary(p, links, index, tz))
            if p.meta.pinned
            else post_summary(p, links, index, tz)
            for p in index.pinned_first[: node["count"]]
        ]
        rendered = app.builder.templates.render(
            "blog/post-list.html",
            {"posts": posts, "all_posts_url": links.page(index.all_posts_page)},
        )
        node.replace_self(nodes.raw("", rendered, format="html"))
