"""Titles, names and summaries reach every page and feed as the reader sees them on the post.

Engineers' titles carry code, angle brackets, ampersands and quotes. A post's
title everywhere (listings, sidebar, previous/next links, feeds, link
previews) must read as the post's own heading reads, and no name or summary
may turn into markup on the way.
"""

from __future__ import annotations

import feedparser
import pytest
from bs4 import Tag
from conftest import Build
from feedcheck import invalid_feeds

SHOWN_TITLE = 'Templates: vector<int> & "friends"'
SHOWN_SUMMARY = "Why this & that, in C++."


@pytest.fixture(scope="module")
def site(escaping_site: Build) -> Build:
    """The ``escaping`` root: a post with such a title, its category and tags, between two."""
    return escaping_site


def shown(element: Tag) -> str:
    """An element's text as a reader sees it: whitespace collapsed."""
    return " ".join(element.get_text().split())


def texts(build: Build, page: str, selector: str) -> list[str]:
    return [shown(element) for element in build.html(page).select(selector)]


def test_the_heading_is_the_title_everywhere(site: Build) -> None:
    heading = site.html("posts/2024/tricky.html").select_one("article h1")
    heading.select_one("a.headerlink").decompose()
    assert shown(heading) == SHOWN_TITLE
    assert SHOWN_TITLE in texts(site, "blog.html", ".blog-post-item-title a")
    assert SHOWN_TITLE in texts(site, "blog/tag/c.html", ".blog-post-item-title a")
    assert SHOWN_TITLE in texts(site, "index.html", ".blog-sidebar-recent a")
    # Furo's previous/next links on the neighbours, and the head's rel links.
    assert texts(site, "posts/2024/before.html", ".related-pages a.next-page .title") == [
        SHOWN_TITLE
    ]
    assert texts(site, "posts/2024/after.html", ".related-pages a.prev-page .title") == [
        SHOWN_TITLE
    ]
    assert site.html("posts/2024/before.html").select_one("link[rel=next]")["title"] == SHOWN_TITLE
    for feed in ("blog/atom.xml", "blog/rss.xml", "blog/tag/c/atom.xml"):
        titles = [entry.title for entry in feedparser.parse(site.outdir / feed).entries]
        assert SHOWN_TITLE in titles, feed


def test_link_previews_and_search_engines_get_the_same_title_and_summary(site: Build) -> None:
    head = site.html("posts/2024/tricky.html").head
    content = {
        (tag.get("property") or tag.get("name")): tag["content"]
        for tag in head.select("meta[content]")
        if tag.get("property") or tag.get("name")
    }
    assert content["og:title"] == content["twitter:title"] == SHOWN_TITLE
    for key in ("description", "og:description", "twitter:description"):
        assert content[key] == SHOWN_SUMMARY, key
    assert len(head.select('meta[name="description"]')) == 1
    assert not head.select("b")  # nothing from the post became markup in the head


def test_names_stay_text(site: Build) -> None:
    assert "Q&A <notes> 1" in texts(site, "index.html", ".blog-sidebar-categories li a")
    assert "R&D 1" in texts(site, "index.html", ".blog-sidebar-tags li a")
    category = next((site.outdir / "blog/category").glob("*.html"))
    page = category.relative_to(site.outdir).as_posix()
    assert texts(site, page, "article h1") == ["Posts in Q&A <notes>"]
    assert site.html(page).title.get_text().startswith("Posts in Q&A <notes>")
    footer = texts(site, "posts/2024/tricky.html", ".blog-post-footer dd")
    assert footer == ["Q&A <notes>", "c++ R&D"]


def test_a_site_with_such_titles_is_valid_html5(site: Build, validation) -> None:
    _invalid, said = validation
    assert said.errors_in(site.outdir) == []


def test_every_atom_and_rss_feed_is_valid(site: Build) -> None:
    # Markup characters in titles, names and summaries stay escaped text (tests/feedcheck.py).
    assert invalid_feeds(site.outdir, "https://test.example.org/") == {}
