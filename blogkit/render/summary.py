"""What a listing shows of one post: title, link, date, excerpt, reading time, tags."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from blogkit.i18n import _
from blogkit.model.index import BlogIndex
from blogkit.model.records import PostRecord, is_draft
from blogkit.render.dates import display_date, iso_date
from blogkit.render.links import Links


def post_summary(post: PostRecord, links: Links, index: BlogIndex, tz: ZoneInfo) -> dict[str, Any]:
    """What a listing shows of one post, computed once per folder (its links are relative)."""
    key = ("summary", post.docname)
    if key not in links.cache:
        links.cache[key] = _post_summary(post, links, index, tz)
    return links.cache[key]


def _post_summary(post: PostRecord, links: Links, index: BlogIndex, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "title": post.title,
        "url": links.page(post.docname),
        "date": display_date(post.date, tz) if post.date else "",
        "datetime": iso_date(post.date, tz) if post.date else "",
        "draft": is_draft(post),
        "excerpt_html": post.excerpt_html,
        "reading_minutes": post.reading_minutes,
        "tags": [
            {"name": name, "url": links.page(index.name_page("tags", name))}
            for name in post.meta.tags
        ],
    }


def pinned(summary: dict[str, Any]) -> dict[str, Any]:
    """A pinned post as the first page of all posts and {latest-posts} show it: marked.

    A copy: the summary itself is shared by every listing of the folder.
    """
    return {**summary, "pinned": str(_("Pinned"))}
