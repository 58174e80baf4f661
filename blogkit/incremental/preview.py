"""Live preview: a broken post must not replace the last good build being served.

Since Sphinx 8.1, ``-W`` keeps going and writes every page before it fails,
so sphinx-autobuild would serve whatever the broken sources produced. In the
live preview (``blog_stop_on_read_errors``), a build that finds a problem
in a post stops before writing anything: the error shows in the terminal and
the browser keeps the previous pages until the post is fixed.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from blogkit.model.domain import blog_data
from blogkit.state import build_state

logger = logging.getLogger(__name__)

#: Sphinx's exit status for a build that failed on warnings.
FAILED = 1


def stop_before_writing(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: after reading, before the environment is saved or a page written.

    The build ends here with the problems already listed; SystemExit, not an
    exception, because Sphinx reports exceptions from extensions as crashes,
    with a traceback and a request to report a bug.
    """
    # Posts refused before reading (links, size, encoding) are not in the environment.
    broken = sorted({*blog_data(env).problems, *build_state(app).refused})
    if app.config.blog_stop_on_read_errors and broken:
        # Warnings are held back while Sphinx reads; this joins them, after the others.
        logger.error(
            "problems in %s (listed above). Nothing was written: "
            "the preview keeps showing the last good build until they are fixed.",
            ", ".join(broken),
        )
        raise SystemExit(FAILED)
