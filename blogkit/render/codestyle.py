"""Furo's code colours in ``_static/pygments.css`` from the moment Sphinx writes the file.

Sphinx writes its own ``pygments.css`` while it copies the static files, before any
page; Furo replaces it with its light-and-dark stylesheet only once the build has
finished. In between, two things go wrong. Every page links the file with the checksum
of Sphinx's version (``pygments.css?v=...``), not of the file readers get, so the
address does not change when the colours do. And the live preview, which reloads the
open page as soon as the saved post is written, loads Sphinx's colours (wrong in dark
mode) and keeps them until the next save. So Furo's stylesheet is written right after
Sphinx's, with Furo's own function; Furo's later rewrite writes the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def furo_colours_at_once(app: Sphinx) -> None:
    """builder-inited: after Sphinx writes pygments.css, Furo's version at once."""
    builder = app.builder
    sphinx_writes = getattr(builder, "create_pygments_style_file", None)
    if app.config.html_theme != "furo" or sphinx_writes is None:
        return
    import furo

    def write_both() -> None:
        sphinx_writes()
        path = Path(builder.outdir) / "_static" / "pygments.css"
        path.write_text(furo.get_pygments_stylesheet(), encoding="utf-8")

    builder.create_pygments_style_file = write_both
