"""Listing pages written by a second process while the main one writes the feeds.

Sphinx writes the pages an extension collects (``html-collect-pages``) one by
one in the main process, after the parallel writers have finished: on a clean
build of a large blog, the listing pages, then the search index and the
feeds, run on one core while the others wait. When the build runs with
``-j`` and there are listing pages to write, they are written by a process
forked for them (with Sphinx's own ParallelTasks, which hands their messages
back), and the main process goes on with the search index, feeds and sitemap.
The process is waited for before anything reads or patches the pages.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util.parallel import ParallelTasks, parallel_available

Page = tuple[str, dict[str, Any], str]


def write_in_background(app: Sphinx, pages: list[Page]) -> bool:
    """Start writing ``pages`` in another process; False when the build is serial."""
    if not (parallel_available and app.parallel > 1 and app.is_parallel_allowed("write")):
        return False
    tasks = ParallelTasks(1)

    def write(chunk: list[Page]) -> None:
        for name, context, template in chunk:
            app.builder.handle_page(name, context, template)

    tasks.add_task(write, pages)
    app.__dict__["_blogkit_background"] = tasks
    return True


def wait_for_pages(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the listing pages are written (their messages reported) from here on."""
    tasks = app.__dict__.pop("_blogkit_background", None)
    if tasks is not None:
        tasks.join()
