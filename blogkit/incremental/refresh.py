"""Fresh sidebars without rewriting every page through Sphinx.

Every page carries the blog's sidebar: recent posts, tag and category counts,
archives. When a post is added, retitled, retagged, redated or removed, every
sidebar changes; rewriting every page through Sphinx for that costs as much
as a clean build and grows with the archive. The sidebar's HTML depends only
on a page's folder and sits between two markers, so the pages whose own
content did not change get the new sidebar put in place instead; only the
pages that show the change otherwise (the changed posts, their previous and
next posts, pages listing posts) are rewritten by Sphinx.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from blogkit.config import not_found_page
from blogkit.model.index import blog_index
from blogkit.render.links import Links
from blogkit.render.listing import listing_page_names
from blogkit.render.sidebar import sidebar_html
from blogkit.state import build_state

START = b"<!-- blogkit sidebar -->"
END = b"<!-- /blogkit sidebar -->"


def refresh_sidebars(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: put the current sidebar into every page that shows an older one."""
    if exception is not None or app.builder.format != "html":
        return
    if not build_state(app).refresh_sidebars:
        return
    index = blog_index(app)
    outdir = Path(app.builder.outdir)
    extra = {"search", "genindex", not_found_page(app.config)} - {""}
    # The new sidebar's bytes, per folder: the same for every page in it.
    encoded: dict[str, bytes] = {}
    for name in sorted({*app.env.found_docs, *listing_page_names(index), *extra}):
        page = outdir / app.builder.get_target_uri(name)
        try:
            html = page.read_bytes()
        except OSError:
            continue
        start = html.find(START)
        end = html.find(END, start)
        if start < 0 or end < 0:
            continue
        links = Links(app, name)
        fresh = encoded.get(links.folder)
        if fresh is None:
            fresh = encoded[links.folder] = str(sidebar_html(app, index, links)).encode("utf-8")
        if html[start + len(START) : end] != fresh:
            page.write_bytes(html[: start + len(START)] + fresh + html[end:])
