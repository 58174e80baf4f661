"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), ``feed.json`` beside Atom and RSS.

feedgen writes Atom and RSS only: it has no JSON Feed, and no other
well-kept library writes one. The format is plain JSON, so it is written here
with the standard library's ``json`` module, from the same entries, full
text, dates and authors as the Atom feed (blogkit.render.feeds makes all
three from one list of posts). Keys are sorted, the text indented and ended
by a newline: two builds of the same sources write the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from blogkit.i18n import _
from blogkit.model.records import PostRecord

VERSION = "https://jsonfeed.org/version/1.1"


def rfc3339(moment: datetime) -> str:
    """A date as JSON Feed wants it (RFC 3339), exactly as the Atom feed writes it."""
    return moment.isoformat()


def json_item(
    post: PostRecord,
    url: str,
    content_html: str,
    authors: list[dict[str, str]],
    image: str | None,
    enclosures: list[tuple[str, str, str]],
) -> dict[str, Any]:
    """One post as a JSON Feed item: what its Atom entry says, in JSON Feed's names."""
    assert post.date is not None and post.updated is not None  # feeds carry dated posts only
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": post.title,
        "content_html": content_html,
        "date_published": rfc3339(post.date),
        "date_modified": rfc3339(post.updated),
    }
    if post.summary:
        item["summary"] = post.summary
    if authors:
        item["authors"] = authors
    if post.meta.tags:
        item["tags"] = list(post.meta.tags)
    if image:
        item["image"] = image
    if enclosures:
        item["attachments"] = [
            {
                "url": href,
                "mime_type": kind or "application/octet-stream",
                "size_in_bytes": int(size),
            }
            for href, size, kind in enclosures
        ]
    return item


def json_feed(
    *,
    title: str,
    description: str,
    home_page_url: str,
    feed_url: str,
    language: str,
    authors: list[dict[str, str]],
    items: list[dict[str, Any]],
) -> bytes:
    """The whole feed as UTF-8 bytes, keys sorted: the same input gives the same bytes."""
    feed = {
        "version": VERSION,
        "title": title,
        "description": description,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "language": language,
        "authors": authors,
        # The spec's field for a person who opens the file by mistake.
        "user_comment": str(
            _(
                "This is a web feed in the JSON Feed format: copy its address into a feed "
                "reader to be told of new posts."
            )
        ),
        "items": items,
    }
    text = json.dumps(feed, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
