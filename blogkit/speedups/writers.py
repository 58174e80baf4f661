"""A parallel build's writers: as many processes as ``-j`` asks for, not one fewer.

Sphinx's main process resolves each chunk of pages and hands it to a writer
process; it starts ``-j`` minus one writers, "because the main process is
busy loading doctrees". With ``-j 2`` (``-j auto`` on two cores) that is one
writer, and the chunks are written one after another. Where a page costs
its writer more than it costs the main process (a blog's pages: sidebars,
post details, a social card drawn per post), the main process has resolved
every chunk long before the writer is done, and one core idles while the
last chunks are written: at 1,000 posts, 10 of a clean build's 45 seconds.
With one writer more, the writers take that core whenever the main process
does not need it. Where the main process is the slower one (Sphinx's own
pages), the extra writer mostly waits, and the build takes as long as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from blogkit.speedups.guard import Patch

WriteParallel = Callable[[Any, Sequence[str], int], None]


def one_writer_more(write_parallel: WriteParallel) -> WriteParallel:
    """Wrap ``Builder._write_parallel`` so that it starts one writer more than it is asked to."""

    def _write_parallel(self: Any, docnames: Sequence[str], nproc: int) -> None:
        write_parallel(self, docnames, nproc + 1)

    _write_parallel.__wrapped__ = write_parallel  # type: ignore[attr-defined]
    return _write_parallel


PATCHES = (
    Patch(
        target="sphinx.builders:Builder._write_parallel",
        written_for="(self, docnames, nproc)",
        wrap=one_writer_more,
    ),
)
