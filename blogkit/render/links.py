"""Links from one page to pages and files of the site, shared by the pages of a folder."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from blogkit.config import not_found_page, site_url
from blogkit.state import build_state


class Links:
    """Links from one page to pages and files of the site.

    Relative everywhere but on the 404 page, which the host serves at any
    depth: there they are absolute paths under the site's URL path.
    """

    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.builder = app.builder
        self.here = app.builder.get_target_uri(pagename)
        self.pagename = pagename
        self.absolute_root = None
        if pagename == not_found_page(app.config):
            self.absolute_root = urlsplit(site_url(app.config)).path
        # A relative link depends only on the folder it starts from: shared by its pages.
        self.cache: dict = build_state(app).links.setdefault(self.folder, {})

    @property
    def folder(self) -> str:
        """What the links depend on: the page's folder, or the absolute root."""
        return self.absolute_root or posixpath.dirname(self.here)

    @property
    def base(self) -> str:
        # Any name in the page's folder: links from there never collapse to "" the way
        # a page's link to itself does, so they can be shared by the whole folder.
        return posixpath.join(posixpath.dirname(self.here), "_")

    def page(self, docname: str) -> str:
        if docname not in self.cache:
            if self.absolute_root is not None:
                self.cache[docname] = self.absolute_root + self.builder.get_target_uri(docname)
            else:
                self.cache[docname] = relative_uri(self.base, self.builder.get_target_uri(docname))
        return self.cache[docname]

    def file(self, path: str) -> str:
        if self.absolute_root is not None:
            return self.absolute_root + path
        return relative_uri(self.base, path)
