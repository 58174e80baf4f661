"""Pages at a post's old addresses that send the reader on: ABlog's ``redirect``.

ABlog writes them from its archive-page generator, which blogkit replaces;
this writes the same pages: a plain HTML page at each old address that
refreshes to the post at once, with a canonical link for search engines
and an ordinary link for readers whose browser does not follow the refresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from blogkit.config import site_url
from blogkit.incremental.pagecache import page_stamps
from blogkit.model.domain import blog_data
from blogkit.model.index import blog_index
from blogkit.render.listing import listing_page_names

logger = logging.getLogger(__name__)


def redirect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: one page per old address of every published post."""
    if app.builder.format != "html":
        return
    index = blog_index(app)
    generated = set(listing_page_names(index))
    stamps = page_stamps(app)
    for post in index.posts:
        for address in post.meta.redirects:
            # A post's own address is reported with the post (blogkit.frontmatter).
            if address in blog_data(app.env).posts:
                continue
            if address in app.env.found_docs or address in generated:
                logger.warning(
                    "front matter 'redirect': '%s' is the address of a page of this site; "
                    "an old address must be free",
                    address,
                    location=(post.docname, post.meta.lines.get("redirect", 1)),
                    type="blog",
                    subtype="redirect",
                )
                continue
            here = app.builder.get_target_uri(address)
            target = app.builder.get_target_uri(post.docname)
            context = {
                "title": post.title,
                "redirect_url": relative_uri(here, target),
                "canonical_url": site_url(app.config) + target,
            }
            # Recorded, so that a build after the address is dropped deletes the page; and
            # written again only when what it shows changed.
            page = Path(app.builder.get_outfilename(address))
            if stamps.unchanged(f"redirect:{address}", [page], context):
                continue
            yield address, context, "blog/redirect.html"
