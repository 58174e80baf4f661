"""Listing pages, feeds and sidebars written by other processes when ``-j`` allows.

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

Idle work is shared with the main process, one item at a time. SCHED_IDLE
cannot be undone by an ordinary user, and on a machine busy with anything
else (a browser, another build, a test run) such a process gets next to no
CPU: the main process, done with its own writing, then waited minutes for
the listing pages (on two cores shared with other work, 100 s of a clean
build at 1,000 posts went by with every process of the build at 1 per cent).
So the work takes its items through a counter both processes share: when the
main process reaches the wait, it does the items nobody has taken yet, at
its own priority, and then waits only for the one item the idle process may
be in the middle of.

Work whose process did not report back (ParallelTasks stops every task
silently when one of them fails early) is done again in the main process, so
nothing is ever left unwritten and a real failure shows its own traceback.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP
from sphinx.util.parallel import ParallelTasks

from blogkit.speedups.phase import writes_in_parallel
from blogkit.state import build_state


def available(app: Sphinx) -> bool:
    """Whether this build hands work to other processes.

    A parallel build does; so does a small incremental one that ``-j`` asked
    to be parallel, which Sphinx writes in one process (blogkit.incremental.serial),
    when what listings show of the posts changed: every listing page, feed and
    sidebar may then change, work the other cores do. Otherwise (a post's body
    edited) there is next to nothing to do, and a fork would cost more.
    """
    if writes_in_parallel(app):
        return True
    state = build_state(app)
    return state.jobs > 1 and not state.listings_unchanged


def writing_starts(app: Sphinx) -> bool:
    """Whether work that needs only what reading recorded may start now, beside Sphinx's writing.

    True while a page is resolved for writing (doctree-resolved), in an HTML build that
    hands work to other processes; its handlers start such work once (their own flag).
    """
    return (
        app.builder.format == "html"
        and app.builder.phase == BuildPhase.RESOLVING
        and available(app)
    )


Work = Callable[..., Any]
Done = Callable[[Any, Any], None]


class Turns:
    """Items of one piece of work handed out one at a time, to whichever process asks.

    Made before the fork, so the counter is in memory both processes share.
    """

    def __init__(self) -> None:
        self.counter = multiprocessing.get_context("fork").Value("i", 0)
        self.main = os.getpid()

    def helping(self) -> bool:
        """Whether this is the main process, doing what the idle one has not taken."""
        return os.getpid() == self.main

    def take(self, count: int) -> int | None:
        """The next item nobody has taken, out of ``count``; None when all are taken."""
        with self.counter.get_lock():
            item = self.counter.value
            if item >= count:
                return None
            self.counter.value = item + 1
            return item


def items(count: int, turns: Turns | None) -> Iterator[int]:
    """The items of ``count`` this process does: all of them, or those it takes in turn."""
    if turns is None:
        yield from range(count)
        return
    while (item := turns.take(count)) is not None:
        yield item


@dataclass
class Background:
    tasks: ParallelTasks = field(default_factory=lambda: ParallelTasks(2))
    pending: dict[int, tuple[Work, Any, Done | None]] = field(default_factory=dict)
    #: Idle work's shared items, by key: the main process helps with them before it waits.
    shared: dict[int, Turns] = field(default_factory=dict)
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
    ``idle``: the work runs at a lower priority, in the time Sphinx's writers leave idle
    (at the build's own where Sphinx writes in one process), and is
    called as ``work(arg, turns)``: it does the items ``items(count, turns)`` gives it, and
    the main process, once it waits for it, calls it the same way to do those not yet
    taken (their results are then its own: ``done`` is not called for them).
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
    if idle:
        turns = background.shared[key] = Turns()
        # Only Sphinx's own writer processes need protecting from it: a small build has none.
        low = writes_in_parallel(app)
        task = lambda _key: _run(lambda: work(arg, turns), low, shown)  # noqa: E731
    else:
        task = lambda _key: _run(lambda: work(arg), False, shown)  # noqa: E731
    background.tasks.add_task(task, key, background.finished)
    return True


def _run(work: Callable[[], Any], low: bool, shown: int) -> Any:
    if low:
        _only_when_idle()
    # Records below what the build shows are not made, so not sent back (see above).
    logging.getLogger(NAMESPACE).setLevel(shown)
    return work()


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
    # Idle work: the items nobody has taken yet are done here, at this process's priority.
    for key, turns in sorted(background.shared.items()):
        if key in background.pending:  # not reported back yet
            work, arg, _done = background.pending[key]
            work(arg, turns)
    # What failed in the background is done again below, where a failure shows its traceback.
    with contextlib.suppress(SphinxParallelError):
        background.tasks.join()
    for key in sorted(background.pending):
        work, arg, _done = background.pending[key]
        result = work(arg, None) if key in background.shared else work(arg)
        background.finished(key, result)
