"""Where a build is (writing in parallel, resolving for writers yet to fork), and what the
speedups know about it.

Sphinx's main process resolves each chunk of pages just before it forks a
writer for it: what the main process prepares then, every writer forked
afterwards inherits. The speedups prepare lexers and freeze objects there;
the blog hands its own work to other processes only when the build writes
in parallel (blogkit.incremental.background).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.util.build_phase import BuildPhase
from sphinx.util.parallel import parallel_available


def writes_in_parallel(app: Sphinx) -> bool:
    """Whether this build hands work to other processes (a parallel build that may)."""
    return parallel_available and app.parallel > 1 and app.is_parallel_allowed("write")


def resolving_for_writers(app: Sphinx) -> bool:
    """In the main process of a parallel build, resolving pages for writers yet to fork."""
    return app.builder.phase == BuildPhase.RESOLVING and writes_in_parallel(app)


@dataclass
class SpeedupsState:
    """What the speedups know about one build (theirs alone: they import nothing of the blog)."""

    #: The main process's objects are frozen out of the collector's reach.
    frozen: bool = False
    #: Languages whose lexers this process has prepared.
    lexers: set[str] = field(default_factory=set)


_STATES: WeakKeyDictionary[Sphinx, SpeedupsState] = WeakKeyDictionary()


def speedups_state(app: Sphinx) -> SpeedupsState:
    state = _STATES.get(app)
    if state is None:
        state = _STATES[app] = SpeedupsState()
    return state
