"""MyST's messages about a post's front matter, which blogkit reports itself.

blogkit reads every post's front matter with its own rules and names each
mistake with file, line and field (blogkit.model.frontmatter). MyST reads
the same block again with ``yaml.safe_load`` and, on a value such as
``date: 2024-13-01``, adds "Malformed YAML" with no field: the same mistake
twice, once without its name. Its front-matter messages about pages that
are not posts are left alone.
"""

from __future__ import annotations

import logging

from sphinx.application import Sphinx

from blogkit.model.reading import is_post

#: The logger MyST's warnings come from (myst_parser.warnings_, through Sphinx's logging).
MYST_LOGGER = "sphinx.myst_parser.warnings_"


class PostTopMatterFilter(logging.Filter):
    """Drops MyST's ``myst.topmatter`` warnings located in a post."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.config = app.config

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        return not (
            getattr(record, "type", None) == "myst"
            and getattr(record, "subtype", None) == "topmatter"
            and isinstance(location, tuple)
            and is_post(str(location[0]), self.config)
        )


def leave_post_front_matter_to_blogkit(app: Sphinx) -> None:
    """builder-inited: MyST's front-matter warnings about posts go; blogkit's stay."""
    logger = logging.getLogger(MYST_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, PostTopMatterFilter)]:
        logger.removeFilter(old)
    logger.addFilter(PostTopMatterFilter(app))


def give_front_matter_back(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: a process that builds again (tests, a warm builder) starts clean."""
    logger = logging.getLogger(MYST_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, PostTopMatterFilter)]:
        logger.removeFilter(old)
