"""Work Sphinx repeats for every page, done once: a Sphinx extension of its own.

Nothing here is about blogs. Each fix removes work that Sphinx, docutils,
Pygments or Jinja repeat per page or per process, with identical output:

- docutils settings made once per build, not twice per page (blogkit.settings);
- each asset's checksum looked up once, not for every page (blogkit.assets);
- code lexers prepared in the main process of a parallel build, not again in
  every forked writer (blogkit.highlight);
- compiled templates kept between builds, and template files not looked at
  again on every include within one build (below).

blogkit loads it; any Sphinx project can (``extensions = ["blogkit.speedups"]``).
The benchmark loads it into a second floor, to tell the blog's own cost
apart from what these fixes save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

from blogkit import __version__, assets, highlight, settings


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


def setup(app: Sphinx) -> dict[str, Any]:
    settings.install()
    assets.install()
    app.connect("builder-inited", _cache_compiled_templates)
    app.connect("doctree-resolved", highlight.prepare_lexers)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
