"""The blog's own words, in the site's ``language``, through Sphinx's message catalogs.

Every label blogkit writes (in Python or in a template) goes through ``_``: a
lazy translation in the ``blogkit`` catalog (``blogkit/locale/<lang>/LC_MESSAGES/
blogkit.po``), which Sphinx loads for the site's ``language`` like its own.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

CATALOG = "blogkit"
LOCALE_DIR = Path(__file__).parent / "locale"

#: ``_("Posts tagged")``: translated when shown, in the language of the build.
_ = get_translation(CATALOG)


def add_catalog(app: Sphinx) -> None:
    """setup(): blogkit's catalog beside Sphinx's own."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
