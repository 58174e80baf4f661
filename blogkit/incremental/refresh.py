"""Fresh sidebars without rewriting every page through Sphinx.

Every page carries the blog's sidebar: recent posts, tag and category counts,
archives. When a post is added, retitled, retagged, redated or removed, every
sidebar changes; rewriting every page through Sphinx for that costs as much
as a clean build and grows with the archive. The sidebar's HTML depends only
on a page's folder and sits between two markers, so the pages whose own
content did not change get the new sidebar put in place instead; only the
pages that show the change otherwise (the changed posts, their previous and
next posts, pages listing posts) are rewritten by Sphinx.

Each page is changed in place, from the sidebar's first byte on: the file is
not truncated and written again whole. On ext4 (its default ``auto_da_alloc``)
closing a file that was truncated to nothing and rewritten starts writing it
out to disk at once, which made rewriting 1,600 pages cost ten times what
reading them does.

The unchanged posts' pages (most of them) are refreshed while Sphinx writes
the rest, by a process of their own when the build may use more than one
(blogkit.incremental.background): Sphinx writes only the documents it was
given, so the two never touch the same page. Listing pages and the pages
Sphinx makes at the end are refreshed last, once everything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from blogkit.config import not_found_page
from blogkit.incremental import background
from blogkit.model.index import blog_index
from blogkit.render.links import Links
from blogkit.render.listing import listing_page_names
from blogkit.render.sidebar import sidebar_html
from blogkit.state import build_state

START = b"<!-- blogkit sidebar -->"
END = b"<!-- /blogkit sidebar -->"


def start_refreshing_sidebars(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: the unchanged documents' sidebars, beside Sphinx's writing."""
    state = build_state(app)
    if (
        state.sidebars_started
        or not state.refresh_sidebars
        or state.writing is None
        or not background.writing_starts(app)
    ):
        return
    state.sidebars_started = True
    unchanged = sorted(app.env.found_docs - state.writing)
    background.run_in_background(app, _refresh_in_turns, (app, unchanged), idle=True)


def _refresh_in_turns(work: tuple[Sphinx, list[str]], turns: background.Turns | None) -> None:
    app, names = work
    refresh_pages(app, (names[item] for item in background.items(len(names), turns)))


def refresh_sidebars(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: put the current sidebar into every page that shows an older one."""
    if exception is not None or app.builder.format != "html":
        return
    state = build_state(app)
    if not state.refresh_sidebars:
        return
    names = {*listing_page_names(blog_index(app))}
    names |= {"search", "genindex", not_found_page(app.config)} - {""}
    if not state.sidebars_started:
        names |= app.env.found_docs
    refresh_pages(app, sorted(names))


def refresh_pages(app: Sphinx, names: Iterable[str]) -> None:
    """The current sidebar put into each of these pages that shows an older one."""
    index = blog_index(app)
    outdir = Path(app.builder.outdir)
    # The new sidebar's bytes, per folder: the same for every page in it.
    encoded: dict[str, bytes] = {}
    for name in names:
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
            splice(page, html, start + len(START), end, fresh)


def splice(path: Path, old: bytes, start: int, end: int, new: bytes) -> None:
    """Write ``old`` with ``old[start:end]`` replaced by ``new`` over the file ``old`` came from."""
    handle = os.open(path, os.O_WRONLY)
    try:
        tail = memoryview(new + old[end:])
        written = 0
        while written < len(tail):
            written += os.pwrite(handle, tail[written:], start + written)
        os.ftruncate(handle, start + len(tail))
    finally:
        os.close(handle)
