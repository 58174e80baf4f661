"""sphinx-design's stylesheet and script only on the pages that use it.

sphinx-design adds 62 KB of CSS and JavaScript to every page of a site;
posts use its grids, cards, dropdowns and tabs now and then. Its files are
taken off the site-wide lists when the builder starts and put back, by
Sphinx's per-page assets, on a page whose document holds a sphinx-design
element (every one carries an ``sd-`` class).
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

STYLESHEET = "sphinx-design.min.css"
SCRIPT = "design-tabs.js"


def take_off_every_page(app: Sphinx) -> None:
    """builder-inited, after sphinx-design's own: its assets leave the site-wide lists."""
    builder = app.builder
    for attribute, name in (("_css_files", STYLESHEET), ("_js_files", SCRIPT)):
        assets = getattr(builder, attribute, None)
        if assets is not None:
            assets[:] = [a for a in assets if posixpath.basename(str(a.filename)) != name]
    app.registry.css_files = [(f, a) for f, a in app.registry.css_files if f != STYLESHEET]
    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if f != SCRIPT]


def _uses_design(doctree: nodes.document) -> tuple[bool, bool]:
    design = tabs = False
    for node in doctree.findall(nodes.Element):
        classes = node.get("classes", ())
        if any(name.startswith("sd-") for name in classes):
            design = True
            if "sd-tab-set" in classes:
                tabs = True
                break
    return design, tabs


def add_where_used(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: the page's own copy of sphinx-design's assets, if it needs them."""
    if doctree is None or app.builder.format != "html":
        return
    design, tabs = _uses_design(doctree)
    if design:
        app.add_css_file(STYLESHEET)
    if tabs:
        app.add_js_file(SCRIPT)
