"""Listing pages and feeds written by other processes in parallel builds.

Sphinx writes the pages an extension collects (``html-collect-pages``) one by
one in the main process, after the parallel writers have finished, and the
feeds come after that: on a clean build of a large blog, the listing pages,
the search index and the feeds ran one after the other on one core while the
others waited. When the build runs with ``-j``, the feeds and the listing
pages are each handed to a process forked for them (with Sphinx's own
ParallelTasks, which hands their messages and results back). Work that can
start while Sphinx still writes pages runs only when a core is idle
(SCHED_IDLE): it takes the time the main process and Sphinx's writer leave
idle while they wait for each other, not theirs. Everything is waited for
before anything reads or patches the pages.

Sphinx sends back every record such a process logs, and the main process
shows those the build's verbosity asks for. Sphinx logs each event it emits
at debug level with its arguments: for every listing page, its whole
context, 18 to 22 kB. At 1,000 posts the listing pages' process sent 16 MB
of records nobody sees, and unpickling them was the main process's peak of
memory (26 MiB more at the very end). So the work logs only what the build
can show.

Work whose process did not report back (ParallelTasks stops every task
silently when one of them fails early) is done again in the main process, so
nothing is ever left unwritten and a real failure shows its own traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP
from sphinx.util.parallel import ParallelTasks

# Whether this build hands work to other processes: the same test as the speedups'.
from blogkit.speedups.phase import writes_in_parallel as available
from blogkit.state import build_state

Work = Callable[[Any], Any]
Done = Callable[[Any, Any], None]


@dataclass
class Background:
    tasks: ParallelTasks = field(default_factory=lambda: ParallelTasks(2))
    pending: dict[int, tuple[Work, Any, Done | None]] = field(default_factory=dict)
    started: int = 0

    def finished(self, key: int, result: Any) -> None:
        _work, arg, done = self.pending.pop(key)
        if done is not None:
            done(arg, result)


#: Where SCHED_IDLE is missing: how much lower than the build's the priority of such work is.
NICE = 19


def run_in_background(
    app: Sphinx, work: Work, arg: Any = None, done: Done | None = None, *, idle: bool = False
) -> bool:
    """Start ``work(arg)`` in another process; False (nothing started) in a serial build.

    ``done(arg, result)`` runs in the main process when the work is waited for.
    ``idle``: the work runs at a lower priority, in the time the build leaves idle.
    """
    if not available(app):
        return False
    state = build_state(app)
    if state.background is None:
        state.background = Background()
    background = state.background
    key = background.started
    background.started += 1
    background.pending[key] = (work, arg, done)
    shown = VERBOSITY_MAP[max(app.verbosity, 0)]
    background.tasks.add_task(lambda _key: _run(work, arg, idle, shown), key, background.finished)
    return True


def _run(work: Work, arg: Any, idle: bool, shown: int) -> Any:
    if idle:
        _only_when_idle()
    # Records below what the build shows are not made, so not sent back (see above).
    logging.getLogger(NAMESPACE).setLevel(shown)
    return work(arg)


def _only_when_idle() -> None:
    """Run this process only on a core that nothing else of the build wants.

    A merely lower priority (nice 10) still takes about a tenth of a core from
    two busy processes: on two cores, the listing pages took that from Sphinx's
    main process and writer throughout the writing. Linux's SCHED_IDLE gives
    the core up to them entirely; elsewhere, the lowest nice priority.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(NICE)


def wait_for_background(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: every page and feed is written (its messages reported) from here on."""
    state = build_state(app)
    background, state.background = state.background, None
    if background is None:
        return
    # What failed in the background is done again below, where a failure shows its traceback.
    with contextlib.suppress(SphinxParallelError):
        background.tasks.join()
    for key in sorted(background.pending):
        work, arg, _done = background.pending[key]
        background.finished(key, work(arg))
