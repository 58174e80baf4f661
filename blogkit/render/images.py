"""Images that posts reference from raw HTML, copied beside the pages that show them.

Sphinx copies only the images of image nodes (Markdown ``![]()``, ``{image}``,
``{figure}``) into ``_images/``; an ``<img src="./images/x.png">`` in a
post's HTML would point at nothing. Copying the file to the same path in
the output keeps the HTML's relative link as written (blogkit.model.postbody
finds them, and reports missing ones with their file and line).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from blogkit.incremental.pagecache import page_stamps
from blogkit.model.records import published


def copy_raw_html_images(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: every published post's raw HTML images, unless already there."""
    if exception is not None or app.builder.format != "html":
        return
    srcdir, outdir = Path(app.env.srcdir), Path(app.builder.outdir)
    copies = []
    for record in published(app.env, app.config):
        for path in record.raw_images:
            source, target = srcdir / path, outdir / path
            copies.append(target)
            if target.is_file() and target.read_bytes() == source.read_bytes():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    # Recorded, so that a build after the image left every post deletes its copy.
    page_stamps(app).record("raw-html-images", copies)
