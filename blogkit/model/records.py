"""A post as listings, sidebars and feeds need it: plain data, and the blog's published posts.

The post record kept in the environment is plain data (strings, dates, one
rendered excerpt), never doctree nodes: it pickles small and merges cheaply
between parallel readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from blogkit.config import build_now, shows_drafts
from blogkit.model.domain import blog_data
from blogkit.model.frontmatter import PostMeta

WORDS_PER_MINUTE = 230


@dataclass(slots=True)
class PostRecord:
    """One post as the listings, sidebars and feeds need it."""

    docname: str
    meta: PostMeta
    title: str
    excerpt_html: str
    summary: str
    words: int
    #: What link previews show: the front matter's ``image``-th image (URL or source path).
    image: str | None = None
    #: Images of the post's raw HTML, as paths from the source folder, copied beside it.
    raw_images: tuple[str, ...] = ()

    @property
    def date(self) -> datetime | None:
        return self.meta.date

    @property
    def updated(self) -> datetime | None:
        return self.meta.updated or self.meta.date

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def listing_key(self) -> tuple:
        """Everything a listing shows of the post: if it is unchanged, so is the listing."""
        m = self.meta
        minutes = self.reading_minutes
        # A series page numbers its parts: their order is part of what it shows.
        series = (m.series, m.series_part)
        return (
            self.docname,
            self.title,
            m.date,
            m.draft,
            self.excerpt_html,
            minutes,
            m.tags,
            series,
            m.pinned,
        )

    @property
    def sort_key(self) -> tuple:
        """Newest first; undated drafts last; ties broken by name for stable output."""
        stamp = self.date.timestamp() if self.date else float("-inf")
        return (-stamp, self.docname)


def published(env: BuildEnvironment, config: Config) -> list[PostRecord]:
    """Posts a reader may see in this build, newest first."""
    now = build_now()
    show = shows_drafts(config)
    records = (r for r in blog_data(env).posts.values() if show or not r.meta.is_draft(now))
    return sorted(records, key=lambda r: r.sort_key)


def is_draft(record: PostRecord) -> bool:
    return record.meta.is_draft(build_now())


Neighbours = dict[str, tuple["PostRecord | None", "PostRecord | None"]]


def neighbours_of(records: list[PostRecord]) -> Neighbours:
    """Each dated post's next older and next newer post (records newest first)."""
    dated = [r for r in records if r.date]
    return {
        post.docname: (
            dated[position + 1] if position + 1 < len(dated) else None,
            dated[position - 1] if position > 0 else None,
        )
        for position, post in enumerate(dated)
    }
