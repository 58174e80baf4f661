"""Work Sphinx repeats for every page, done once: a Sphinx extension of its own.

Nothing here is about blogs. Each fix removes work that Sphinx, docutils,
Pygments or Jinja repeat per page or per process, with identical output:

- docutils settings made once per build, not twice per page (blogkit.speedups.settings);
- each asset's checksum looked up once, not for every page (blogkit.speedups.assets);
- code lexers prepared in the main process of a parallel build, not again in
  every forked writer (blogkit.speedups.highlight);
- compiled templates kept between builds, and template files not looked at
  again on every include within one build (below);
- in a parallel build, the objects that exist when writing starts frozen out
  of the garbage collector's reach before the first writer forks (below).

blogkit loads it; any Sphinx project can (``extensions = ["blogkit.speedups"]``).
The benchmark loads it into a second floor, to tell the blog's own cost
apart from what these fixes save.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

from blogkit import __version__
from blogkit.incremental import background
from blogkit.speedups import assets, highlight, settings


def _cache_compiled_templates(app: Sphinx) -> None:
    """builder-inited: keep compiled templates beside the doctrees between builds.

    Every build is a new process (make html, each live-preview rebuild), and
    compiling Furo's and our templates again each time is a visible part of
    an edit-to-preview rebuild. Jinja keys the cache on each template's source.
    """
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
    if "_blogkit_frozen" in app.__dict__ or not background.resolving_for_writers(app):
        return
    app.__dict__["_blogkit_frozen"] = True
    gc.freeze()


def _unfreeze(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the build's objects are the collector's again, once the writers are done.

    Frozen objects are never collected: a process that goes on after the build
    (Sphinx's API, a test runner) would otherwise keep every one of them.
    """
    if app.__dict__.pop("_blogkit_frozen", False):
        gc.unfreeze()


def setup(app: Sphinx) -> dict[str, Any]:
    settings.install()
    assets.install()
    app.connect("builder-inited", _cache_compiled_templates)
    app.connect("doctree-resolved", highlight.prepare_lexers)
    # First of every handler on the first page resolved: before the first writer forks.
    app.connect("doctree-resolved", _freeze_before_writers_fork, priority=0)
    app.connect("build-finished", _unfreeze)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
