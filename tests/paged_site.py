"""A blog of many posts and 100 tags, for pagination, pinned posts, excerpts and the sidebar.

23 posts (one a day from 2024-01-01), 10 to a listing page (the default):
all posts, the python tag, the Notes category and the year 2024 have three
pages each; the first 12 posts are a series, whose page 2 numbers parts 11
and 12. Each post has five tags of its own besides python (100 tags in all),
so that the sidebar has more tags than it shows. The oldest post but three
is pinned; the newest ends its excerpt with a ``<!-- more -->`` line, the one
before it sets ``excerpt: 2``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_site

POSTS = 23
TAGS = 99  # besides python
PINNED = 3
SERIES = "Long series"
SERIES_PARTS = 12
#: Words only the part of a post after its excerpt holds.
AFTER_MORE = "behind-the-more-marker"
AFTER_EXCERPT = "beyond-the-second-paragraph"

MORE_BODY = f"""The opening paragraph.

- a listed point
- another point

The closing paragraph of the excerpt.

<!-- more -->

The rest of the post: {AFTER_MORE}.
"""
TWO_PARAGRAPHS_BODY = f"""Paragraph one.

Paragraph two.

Paragraph three: {AFTER_EXCERPT}.
"""


def post(number: int) -> str:
    tags = ["python", *(f"topic-{t:02}" for t in range(5 * number, 5 * number + 5) if t < TAGS)]
    fields = [f"date: 2024-01-{number + 1:02}", f"tags: [{', '.join(tags)}]", "category: Notes"]
    if number < SERIES_PARTS:
        fields.append(f"series: {SERIES}")
    if number == PINNED:
        fields.append("pinned: true")
    body = "A first paragraph.\n\n## A section\n\nMore text.\n"
    if number == POSTS - 1:
        body = MORE_BODY
    elif number == POSTS - 2:
        fields.append("excerpt: 2")
        body = TWO_PARAGRAPHS_BODY
    return "---\n" + "\n".join(fields) + f"\n---\n\n# Post {number}\n\n{body}"


def make_paged_site(root: Path) -> Path:
    return write_site(root, {f"posts/2024/post-{n:02}.md": post(n) for n in range(POSTS)})
