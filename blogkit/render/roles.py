"""Roles that let a site's pages reach the blog through the extension, not through paths.

``{blog}`author``` (also ``title``, ``email``, ``url``) shows the site's
identity from conf.py; ``{all-posts}`text``` links to the list of all posts
and ``{blog-feed}`rss``` (or ``atom``, ``json``; ``{blog-feed}`text <rss>```) to the
blog's feeds. Moving the blog (``blog_path``) then needs no edit of a page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from blogkit.model.index import blog_index
from blogkit.render.links import Links

FEEDS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


class blog_link(nodes.Inline, nodes.TextElement):
    """A link to a page or file of the blog, made when the page is written."""


#: Set on a document that holds a blog_link: only those are searched when written.
HAS_LINKS = "blogkit_has_links"


def _link(role: SphinxRole, text: str, target: str) -> blog_link:
    role.inliner.document[HAS_LINKS] = True
    return blog_link(role.rawtext, text, target=target)


class IdentityRole(SphinxRole):
    """``{blog}`author```: the site's title, author, email or URL, as conf.py says."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        field = self.text.strip()
        config = self.config
        values = {
            "title": config.blog_title,
            "author": config.author,
            "email": config.blog_email,
            "url": config.html_baseurl,
        }
        if field not in values:
            return self._problem(f"{{blog}}`{field}`: expected one of {', '.join(values)}")
        value = values[field]
        if not value:
            setting = {"title": "blog_title", "author": "author", "email": "blog_email"}[field]
            return self._problem(f"{{blog}}`{field}`: {setting} is not set in conf.py")
        if field == "email":
            return [nodes.reference(value, value, refuri=f"mailto:{value}")], []
        if field == "url":
            return [nodes.reference(value, value, refuri=value)], []
        return [nodes.Text(value)], []

    def _problem(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        error = self.inliner.reporter.error(message, line=self.lineno)
        return [nodes.problematic(self.rawtext, self.rawtext)], [error]


class AllPostsRole(SphinxRole):
    """``{all-posts}`the list of all posts```: a link to the blog's list of every post."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [_link(self, self.text, "all-posts")], []


class FeedRole(SphinxRole):
    """``{blog-feed}`rss``` or ``{blog-feed}`Atom 1.0 <atom>```: a link to a feed of the blog."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        explicit, title, kind = split_explicit_title(self.text)
        kind = kind.strip().lower()
        if kind not in FEEDS:
            message = f"{{blog-feed}}`{self.text}`: the feed is one of {', '.join(FEEDS)}"
            error = self.inliner.reporter.error(message, line=self.lineno)
            return [nodes.problematic(self.rawtext, self.rawtext)], [error]
        return [_link(self, title if explicit else FEEDS[kind], kind)], []


def resolve_blog_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: each blog link becomes a link relative to its page."""
    if not doctree.get(HAS_LINKS):
        return
    found = list(doctree.findall(blog_link))
    index = blog_index(app)
    links = Links(app, docname)
    for node in found:
        if app.builder.format != "html":
            node.replace_self(nodes.Text(node.astext()))
            continue
        if node["target"] == "all-posts":
            url = links.page(index.all_posts_page)
        else:
            url = links.file(index.feed_files(index.all_posts_page)[node["target"]])
        node.replace_self(nodes.reference("", "", *node.children, refuri=url, internal=True))
