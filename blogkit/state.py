"""What one build knows beyond the environment, in one typed object.

Made when the build starts and dropped with the application: nothing here
survives into the next build (that is the environment's and the page stamps'
job). A process forked for parallel work inherits its parent's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from blogkit.incremental.background import Background
    from blogkit.incremental.pagecache import PageStamps
    from blogkit.model.index import BlogIndex


@dataclass
class BuildState:
    #: Documents this build reads itself (and so reports the problems of).
    reading: set[str] = field(default_factory=set)
    #: Posts refused before reading (links, size, encoding): never in the environment.
    refused: set[str] = field(default_factory=set)
    #: Drafts this build leaves out, as (path, why), said once at its end.
    drafts_left_out: list[tuple[str, str]] = field(default_factory=list)
    #: Nothing a listing page or feed shows of any post changed since the last build.
    listings_unchanged: bool = False
    #: Every post's front matter, scanned once before reading (blogkit.model.reading).
    scans: dict[str, Any] | None = None
    #: Titles, dates or names changed: unchanged pages get the new sidebar in place.
    refresh_sidebars: bool = False
    #: The blog index, and the digest it was made for.
    index: tuple[str, BlogIndex] | None = None
    #: Relative links and post summaries, per folder of the pages they appear on.
    links: dict[str, dict[Any, Any]] = field(default_factory=dict)
    #: Rendered sidebars, per (index, folder).
    sidebars: dict[tuple[int, str], Any] = field(default_factory=dict)
    #: The listing pages were handed to a background process.
    listing_started: bool = False
    #: What generated pages depend on besides the posts (blogkit.incremental.pagecache).
    signature: str = ""
    #: Digests of generated pages' inputs, loaded on first use.
    stamps: PageStamps | None = None
    #: Pages this build wrote (resolved, in a parallel build).
    written: set[str] = field(default_factory=set)
    #: Documents removed since the last build, whose pages are deleted at the end.
    removed: set[str] = field(default_factory=set)
    #: Work handed to other processes, waited for before the build finishes.
    background: Background | None = None
    #: A clean build: nothing was built before (blogkit.incremental.serial).
    clean: bool = True
    #: Parallel readers' environments were merged: their garbage is collected after reading.
    merged_readers: bool = False
    #: The -j a small incremental build set aside to run in one process (0: none).
    jobs: int = 0
    #: The documents Sphinx writes in this build (None until its writing starts).
    writing: set[str] | None = None
    #: The unchanged documents' sidebars were handed to a background process.
    sidebars_started: bool = False


_STATES: WeakKeyDictionary[Sphinx, BuildState] = WeakKeyDictionary()


def build_state(app: Sphinx) -> BuildState:
    """This build's state, made on first use."""
    state = _STATES.get(app)
    if state is None:
        state = _STATES[app] = BuildState()
    return state
