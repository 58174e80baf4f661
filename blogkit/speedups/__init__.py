"""Work Sphinx repeats for every page, done once: a Sphinx extension of its own.

Nothing here is about blogs. Each fix removes work that Sphinx, docutils,
Pygments or Jinja repeat per page or per process, with identical output:

- ``settings``: docutils settings made once per build, not twice per page
  (blogkit.speedups.settings);
- ``checksums``: each asset's checksum looked up once, not for every page
  (blogkit.speedups.assets);
- ``lexers``: code lexers prepared in the main process of a parallel build,
  not again in every forked writer (blogkit.speedups.highlight);
- ``templates``: compiled templates kept between builds, and template files
  not looked at again on every include within one build (below);
- ``freeze``: in a parallel build, the objects that exist when writing starts
  frozen out of the garbage collector's reach before the first writer forks
  (below);
- ``frames``: pages that say they differ from each other only in a few
  strings (a long listing's middle pages) rendered in full twice, checked,
  then filled into that frame (blogkit.speedups.frames);
- ``writers``: in a parallel build, as many writer processes as ``-j`` asks
  for, where Sphinx starts one fewer (blogkit.speedups.writers);
- ``exit``: when the process exits, its objects left for the operating
  system to take back at once, not freed one by one (below).

blogkit loads it; any Sphinx project can (``extensions = ["blogkit.speedups"]``).
It imports nothing of the blog. ``blogkit_speedups`` in ``conf.py`` chooses:
``True`` (the default) for all, ``False`` for none (``-D blogkit_speedups=0``
on the command line), or the names of those to keep. ``settings``,
``checksums`` and ``writers`` replace private functions of Sphinx and MyST: each replacement
is put in only where the function has the signature it was written for
(blogkit.speedups.guard), and otherwise stays out with a one-line note, and
the build goes on with the original. The benchmark loads the speedups into a
second floor, to tell the blog's own cost apart from what these fixes save.
"""

from __future__ import annotations

import atexit
import gc
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from blogkit import __version__
from blogkit.speedups import assets, frames, highlight, settings, writers
from blogkit.speedups.guard import Patch
from blogkit.speedups.phase import resolving_for_writers, speedups_state

logger = logging.getLogger(__name__)

#: Every speedup, by the name ``blogkit_speedups`` knows it by.
SPEEDUPS = (
    "settings",
    "checksums",
    "lexers",
    "templates",
    "freeze",
    "frames",
    "writers",
    "exit",
)

#: The speedups that replace private functions of other packages, with their replacements.
PATCHES: dict[str, tuple[Patch, ...]] = {
    "settings": settings.PATCHES,
    "checksums": assets.PATCHES,
    "writers": writers.PATCHES,
}


def chosen(config: Config) -> frozenset[str]:
    """The speedups ``blogkit_speedups`` keeps: True (all), False (none), or their names."""
    value = config.blogkit_speedups
    if value is True:
        return frozenset(SPEEDUPS)
    if value is False:
        return frozenset()
    # A comma-separated string is what -D blogkit_speedups=a,b gives.
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list | tuple | set | frozenset) or not all(
        isinstance(name, str) for name in names
    ):
        raise ConfigError(
            f"blogkit_speedups = {value!r}: expected True, False or a list of the names "
            f"{', '.join(SPEEDUPS)}"
        )
    names = {name.strip() for name in names} - {""}
    if unknown := sorted(names - set(SPEEDUPS)):
        raise ConfigError(
            f"blogkit_speedups: unknown {', '.join(map(repr, unknown))}; "
            f"the speedups are {', '.join(SPEEDUPS)}"
        )
    return frozenset(names)


def put_in(names: frozenset[str]) -> list[str]:
    """Put in the replacements of the speedups named (taking out the others'); notes on misfits.

    A speedup is in whole or not at all: where one of its replacements does not
    fit, none of them is put in. Replacements are per process: a later build in
    the same process that turns a speedup off gets the originals back.
    """
    notes = []
    for name, patches in PATCHES.items():
        misfits = [reason for patch in patches if (reason := patch.check())]
        if name in names and not misfits:
            for patch in patches:
                patch.install()
            continue
        for patch in patches:
            patch.uninstall()
        if name in names:
            notes += [f"blogkit.speedups: {name} off: {reason}" for reason in misfits]
    return notes


def _put_in_chosen(app: Sphinx, config: Config) -> None:
    """config-inited: the chosen speedups' replacements in, before anything is read."""
    for note in put_in(chosen(config)):
        # A note, not a warning: the build stays correct (and strict builds pass) without it.
        logger.info(note)


def on(app: Sphinx, name: str) -> bool:
    value = app.config.blogkit_speedups
    return value is True or (value is not False and name in chosen(app.config))


def _cache_compiled_templates(app: Sphinx) -> None:
    """builder-inited: keep compiled templates beside the doctrees between builds.

    Every build is a new process (make html, each live-preview rebuild), and
    compiling Furo's and our templates again each time is a visible part of
    an edit-to-preview rebuild. Jinja keys the cache on each template's source.
    """
    if not on(app, "templates"):
        return
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / "blogkit-templates"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
        # Templates do not change while one build runs (each build is a new process):
        # do not look at every template file's date again each time a page includes it.
        environment.auto_reload = False


def _freeze_before_writers_fork(app: Sphinx, doctree: Any, docname: str) -> None:
    """doctree-resolved: once, in the main process of a parallel build, before any writer forks.

    Sphinx forks a writer per chunk of pages; each inherits the main process's
    few hundred thousand objects (the environment, every post's records), and
    every full garbage collection in it walked all of them and wrote to their
    pages, so that the kernel copied those pages into the writer. Python's
    advice for forking without exec is gc.freeze() right before the fork: the
    objects stay where they are, and collections, in the main process and in
    every writer, look only at what is made afterwards.
    """
    state = speedups_state(app)
    if state.frozen or not resolving_for_writers(app) or not on(app, "freeze"):
        return
    state.frozen = True
    gc.freeze()


def _unfreeze(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the build's objects are the collector's again, once the writers are done.

    Frozen objects are never collected: a process that goes on after the build
    (Sphinx's API, a test runner) would otherwise keep every one of them.
    """
    state = speedups_state(app)
    if state.frozen:
        state.frozen = False
        gc.unfreeze()


def _leave_objects_to_the_system(app: Sphinx, config: Config) -> None:
    """config-inited: at the process's exit, its objects are not freed one by one.

    When Python shuts down, its last garbage collections free every object
    still in a reference cycle, and Sphinx's application, builder and
    environment are one. For sphinx-build at 1,000 posts that took about a
    second after the build had finished, for bare Sphinx as for the blog: a
    quarter of an incremental build. Objects frozen at exit are out of those
    collections' reach, and the operating system takes the process's memory
    back at once. Everything Sphinx and blogkit write is written and closed
    by then (other exit handlers still run). Only at exit: a process that
    goes on after a build (Sphinx's API, a test runner) collects as before.
    """
    atexit.unregister(gc.freeze)
    if on(app, "exit"):
        atexit.register(gc.freeze)


def _prepare_lexers(app: Sphinx, doctree: Any, docname: str) -> None:
    if on(app, "lexers"):
        highlight.prepare_lexers(app, doctree, docname)


def _render_in_frames(app: Sphinx) -> None:
    if on(app, "frames"):
        frames.render_in_frames(app)


def setup(app: Sphinx) -> dict[str, Any]:
    # Output is the same with or without them: changing this rebuilds nothing.
    app.add_config_value(
        "blogkit_speedups", True, "", types=(bool, str, list, tuple, set, frozenset)
    )
    app.connect("config-inited", _put_in_chosen)
    app.connect("config-inited", _leave_objects_to_the_system)
    app.connect("builder-inited", _cache_compiled_templates)
    app.connect("builder-inited", _render_in_frames)
    app.connect("doctree-resolved", _prepare_lexers)
    # First of every handler on the first page resolved: before the first writer forks.
    app.connect("doctree-resolved", _freeze_before_writers_fork, priority=0)
    app.connect("build-finished", _unfreeze)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
