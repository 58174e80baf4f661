"""Small incremental builds run in one process, whatever ``-j`` says.

``make html`` passes ``-j auto``, and Sphinx then forks a reader for any
document it reads and a writer for any page it writes, however few: its
``_read_parallel`` and ``_write_parallel`` decide by ``-j`` alone. On an
incremental build that reads one post and writes a handful of pages, the
forks, the pickled chunk sent back and the waiting cost more than the work
(about a second of a 3 to 4 second build at 1,000 posts, on two cores). So a build that reads
at most ``blog_serial_below`` documents (30 by default: Sphinx hands writers
chunks of up to 10 pages) after a previous build reads them in this process,
and one that writes at most that many pages writes them here too, with the
listing pages and feeds: Sphinx's part of the build is serial from there on.
blogkit's own work beside it (listing pages, feeds, sidebars refreshed in
place) still goes to its background processes when ``-j`` asked for more than
one process (blogkit.incremental.background): a fork costs a few
milliseconds, and that work half a second or more when a post is added.

Sphinx offers no setting for this: the read is made serial through
``app.parallel`` around ``env-before-read-docs``, the writing through the
builder's ``write_documents`` (a method Sphinx documents as one a builder may
override). A clean build, or one that reads or writes more, is untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogkit.state import build_state


def read_small_builds_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: an incremental build that reads a few documents reads them here."""
    state = build_state(app)
    state.clean = not env.all_docs
    if app.parallel > 1 and not state.clean and len(docnames) <= app.config.blog_serial_below:
        state.jobs = app.parallel
        app.parallel = 1


def jobs_back_for_writing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated (first): the number of jobs back, for the writing to decide on its own."""
    state = build_state(app)
    if state.jobs:
        app.parallel, state.jobs = state.jobs, 0
    return []


def write_small_builds_serially(app: Sphinx) -> None:
    """builder-inited: a build that writes a few pages writes them in this process."""
    builder = app.builder
    original: Callable[[Set[str]], Any] | None = getattr(builder, "write_documents", None)
    if original is None or not hasattr(builder, "parallel_ok"):
        return

    def write_documents(docnames: Set[str]) -> Any:
        state = build_state(app)
        state.writing = set(docnames)
        small = len(docnames) <= app.config.blog_serial_below
        if builder.parallel_ok and not state.clean and small:
            builder.parallel_ok = False
            # Kept aside: blogkit's own background work still has that many processes.
            state.jobs = app.parallel
            app.parallel = 1
        return original(docnames)

    builder.write_documents = write_documents


def restore_jobs(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (last): ``-j`` as it was, for whatever runs another build in this process."""
    jobs_back_for_writing(app, app.env)
