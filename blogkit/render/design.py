"""sphinx-design's stylesheet and script only on the pages that use it.

sphinx-design adds 62 KB of CSS and JavaScript to every page of a site;
posts use its grids, cards, dropdowns and tabs now and then. Its files are
taken off the site-wide lists when the builder starts and put back, by
Sphinx's per-page assets, on a page whose document holds a sphinx-design
element, noted as each document is read.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from blogkit.model.domain import blog_data

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
    """Whether a document as read uses sphinx-design, and its tabs.

    As read, its components carry ``design_component`` (their "sd-" classes
    come with a later transform); its roles and others carry "sd-" classes.
    """
    design = tabs = False
    for node in doctree.findall(nodes.Element):
        component = node.get("design_component")
        if component or any(name.startswith("sd-") for name in node.get("classes", ())):
            design = True
            if component == "tab-set" or "sd-tab-set" in node.get("classes", ()):
                tabs = True
                break
    return design, tabs


def note_design(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: whether the page uses sphinx-design, looked for once as it is read.

    Not when the page is written: that walked every node of every page again on
    every build that wrote it.
    """
    design, tabs = _uses_design(doctree)
    if design:
        blog_data(app.env).data["design"][app.env.docname] = (design, tabs)


def add_where_used(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: the page's own copy of sphinx-design's assets, if it needs them."""
    if doctree is None or app.builder.format != "html":
        return
    design, tabs = blog_data(app.env).data["design"].get(pagename, (False, False))
    if design:
        app.add_css_file(STYLESHEET)
    if tabs:
        app.add_js_file(SCRIPT)
