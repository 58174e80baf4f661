"""Feeds a person can read: what a browser shows of ``atom.xml`` and ``rss.xml``.

Each Atom and RSS feed starts with ``<?xml-stylesheet type="text/css"
href="…/_static/blogkit-feed.css"?>``. Browsers lay out an XML file with the
CSS it names: the stylesheet says, above the feed's title, what a web feed
is and what to do with it (CSS generated content on the root element), and
shows each entry's title, date, summary and tags, hiding the rest (the full
text is escaped HTML in the XML, which would show as markup). A stylesheet,
not XSLT: browsers are removing XSLT, and a feed reader ignores both.

The instruction goes in through feedgen's own extension interface (a feed
extension is handed the root element before it is written), with a path
relative to the feed, so the feed stays the same bytes on every build and
works wherever the site is served. The stylesheet is
``blogkit/static/blogkit-feed.css_t``, which Sphinx renders into ``_static/``
with the site's static files; its words come from blogkit's catalog in the
site's language (:func:`feed_page_words`), escaped for CSS strings here.
"""

from __future__ import annotations

from feedgen.ext.base import BaseExtension
from lxml import etree
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util.osutil import relative_uri

from blogkit.i18n import _

#: Where Sphinx publishes the stylesheet (rendered from blogkit/static/blogkit-feed.css_t).
STYLESHEET = "_static/blogkit-feed.css"


class Stylesheet(BaseExtension):
    """A feedgen feed extension: the ``xml-stylesheet`` instruction before the root element."""

    def __init__(self) -> None:
        #: The stylesheet's address relative to the feed being written.
        self.href = ""

    def _instruct(self, root: etree._Element) -> etree._Element:
        if self.href:
            instruction = f'type="text/css" href="{self.href}"'
            root.addprevious(etree.ProcessingInstruction("xml-stylesheet", instruction))
        return root

    extend_atom = _instruct
    extend_rss = _instruct


def stylesheet_href(feed_path: str) -> str:
    """The stylesheet's address from a feed's, both relative to the output folder."""
    return relative_uri(feed_path, STYLESHEET)


def css_string(text: str) -> str:
    """``text`` as a CSS string, quotes included: backslash, quote and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\a ") + '"'


def feed_page_words(app: Sphinx) -> None:
    """builder-inited: the stylesheet's words, in the site's language, for its template."""
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return
    words = {
        "intro": _("This is a web feed."),
        "explain": _(
            "Feed readers check feeds for new posts. To follow this blog, copy the address "
            "of this page into yours. The newest posts:"
        ),
    }
    templates.environment.globals["blogkit_feed_words"] = {
        key: css_string(str(text)) for key, text in words.items()
    }
