"""Tag, category, author, year and all-posts pages list the right posts, in order."""

from __future__ import annotations

import json
import re

import feedparser
from conftest import Build, local_links
from docutils import nodes
from docutils.core import publish_doctree
from paged_site import AFTER_EXCERPT, AFTER_MORE, PINNED, POSTS
from sphinx.search.en import SearchEnglish

from blogkit.model.excerpt import post_excerpt
from blogkit.model.index import BlogIndex
from blogkit.render.listing import ListingPage, pagination


def listed_titles(build: Build, page: str) -> list[str]:
    return [a.get_text() for a in build.html(page).select("article .blog-post-item-title a")]


def test_all_posts_newest_first_without_drafts(sample_site: Build) -> None:
    assert listed_titles(sample_site, "blog.html") == [
        "Third time",
        "Second thoughts",
        "First steps",
    ]


def test_tag_pages_list_exactly_their_posts(sample_site: Build) -> None:
    assert listed_titles(sample_site, "blog/tag/python.html") == ["Second thoughts", "First steps"]
    assert listed_titles(sample_site, "blog/tag/sphinx.html") == ["First steps"]
    assert listed_titles(sample_site, "blog/tag/kubernetes.html") == ["Third time"]
    heading = sample_site.html("blog/tag/python.html").select_one("article h1").get_text()
    assert heading == "Posts tagged python"


def test_category_author_and_year_pages(sample_site: Build) -> None:
    assert listed_titles(sample_site, "blog/category/notes.html") == ["Third time", "First steps"]
    assert listed_titles(sample_site, "blog/category/war-stories.html") == ["Second thoughts"]
    assert listed_titles(sample_site, "blog/author/bob-coder.html") == [
        "Third time",
        "Second thoughts",
    ]
    assert listed_titles(sample_site, "blog/author/ada-writer.html") == [
        "Second thoughts",
        "First steps",
    ]
    assert listed_titles(sample_site, "blog/archive/2024.html") == ["Third time", "Second thoughts"]
    assert listed_titles(sample_site, "blog/archive/2023.html") == ["First steps"]


def test_listings_show_date_and_excerpt(sample_site: Build) -> None:
    item = sample_site.html("blog.html").select("article .blog-post-item")[-1]
    assert item.time["datetime"] == "2023-03-01T00:00:00+01:00"
    assert item.time.get_text() == "1 March 2023"
    excerpt = item.select_one(".blog-post-excerpt")
    assert excerpt.get_text(" ", strip=True).startswith("The first post, with bold words")
    assert excerpt.select_one('a[href="https://example.com/"]')


def test_catalog_pages_group_posts(sample_site: Build) -> None:
    soup = sample_site.html("blog/tag.html")
    groups = {
        g.h2.a.get_text(): [a.get_text() for a in g.select("li a")]
        for g in soup.select(".blog-catalog-group")
    }
    assert groups == {
        "kubernetes": ["Third time"],
        "python": ["Second thoughts", "First steps"],
        "sphinx": ["First steps"],
    }
    archive = sample_site.html("blog/archive.html")
    assert [g.h2.a.get_text() for g in archive.select(".blog-catalog-group")] == ["2024", "2023"]
    # No post names a location or a language: no empty catalog page for them, in no sitemap.
    sitemap = (sample_site.outdir / "sitemap.xml").read_text(encoding="utf-8")
    for empty in ("blog/location.html", "blog/language.html"):
        assert not (sample_site.outdir / empty).exists(), empty
        assert empty not in sitemap, empty


def test_times_are_in_the_site_time_zone(sample_site: Build) -> None:
    # 2024-09-01T08:00:00+02:00 is shown in Europe/Berlin, where it is the same moment.
    post = sample_site.html("posts/2024/third-time.html")
    meta = post.select_one(".blog-post-meta")
    assert meta.time["datetime"] == "2024-09-01T08:00:00+02:00"
    assert "updated" in meta.get_text()


def test_search_finds_posts_by_their_text_not_by_their_dates(sample_site: Build) -> None:
    # The line under a post's title (date, "min read") is shown on every post: searching
    # for "read" or for a month must not list every post for it.
    script = (sample_site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    stem = SearchEnglish({}).stem
    checked = 0
    for number, docname in enumerate(index["docnames"]):
        if not docname.startswith("posts/"):
            continue
        page = sample_site.html(f"{docname}.html")
        meta = page.select_one("article .blog-post-meta").get_text()
        for tag in page.select("article .blog-post-meta, article .blog-post-details, footer"):
            tag.decompose()
        text = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", page.article.get_text())}
        for word in re.findall(r"[A-Za-z]{3,}", meta):
            if stem(word.lower()) not in text:
                found = index["terms"].get(stem(word.lower()), [])
                assert number not in (found if isinstance(found, list) else [found]), word
                checked += 1
    assert checked >= 6


def test_previous_and_next_follow_the_dates(sample_site: Build) -> None:
    def footer(page: str) -> dict[str, str]:
        soup = sample_site.html(page)
        return {
            cls: a.select_one(".title").get_text()
            for cls in ("prev-page", "next-page")
            if (a := soup.select_one(f"footer .related-pages a.{cls}"))
        }

    assert footer("posts/2023/first-steps.html") == {"next-page": "Second thoughts"}
    assert footer("posts/2024/second-thoughts.html") == {
        "prev-page": "First steps",
        "next-page": "Third time",
    }
    assert footer("posts/2024/third-time.html") == {"prev-page": "Second thoughts"}


def test_sidebar_counts_and_recent_posts(sample_site: Build) -> None:
    sidebar = sample_site.html("index.html").select_one(".sidebar-drawer")
    recent = [a.get_text() for a in sidebar.select(".blog-sidebar-recent li a")]
    assert recent == ["Third time", "Second thoughts", "First steps", "All posts"]
    tags = {
        a.contents[0].strip(): a.select_one(".blog-count").get_text()
        for a in sidebar.select(".blog-sidebar-tags a.blog-tag")
    }
    assert tags == {"kubernetes": "1", "python": "2", "sphinx": "1"}
    years = [a.get_text(" ", strip=True) for a in sidebar.select(".blog-sidebar-archives li a")]
    assert years == ["2024 2", "2023 1"]


def test_multiple_authors_are_kept_apart(sample_site: Build) -> None:
    post = sample_site.html("posts/2024/second-thoughts.html")
    details = {
        dt.get_text(): dt.find_next_sibling("dd") for dt in post.select(".blog-post-details dt")
    }
    assert [a.get_text() for a in details["Author"].find_all("a")] == ["Ada Writer", "Bob Coder"]


def test_all_links_of_all_pages_resolve(sample_site: Build) -> None:
    broken = [
        (page.name, href)
        for page in sample_site.pages()
        for href, target in local_links(sample_site, page)
        if not target.exists()
    ]
    assert broken == []


def test_no_drafts_page_and_no_draft_anywhere(sample_site: Build) -> None:
    assert not (sample_site.outdir / "blog/drafts.html").exists()
    for output in sample_site.outdir.rglob("*"):
        if output.is_file() and output.suffix in {".html", ".xml", ".js", ".txt", ".inv"}:
            text = output.read_bytes().decode("utf-8", "replace")
            for marker in ("zanzibar-draft-marker", "Unfinished idea", "unfinished-idea"):
                assert marker not in text, (output, marker)
            for marker in ("quixotic-schedule-marker", "Far future", "far-future", "future-tag"):
                assert marker not in text, (output, marker)


def test_ablog_postlist_gets_the_checked_dates_and_titles(sample_site: Build) -> None:
    # ABlog's own postlist directive (on the about page) still works from blogkit's records.
    items = [
        li.get_text(" ", strip=True) for li in sample_site.html("about.html").select("article li")
    ]
    assert items == [
        "2024-09-01 08:00 Third time",
        "2024-06-15 18:30 Second thoughts",
        "2023-03-01 00:00 First steps",
    ]


def test_every_page_is_a_furo_page_with_the_blog_sidebar_feeds_and_canonical_url(
    sample_site: Build,
) -> None:
    for page in sample_site.pages():
        name = page.relative_to(sample_site.outdir).as_posix()
        text = page.read_text(encoding="utf-8")
        assert "inheriting from" not in text and "Traceback" not in text, name
        soup = sample_site.html(name)
        assert soup.select_one("article#furo-main-content"), name
        sidebar = soup.select_one(".sidebar-drawer")
        assert sidebar.select_one(".sidebar-brand"), name
        captions = [c.get_text(strip=True) for c in sidebar.select(".caption")]
        for section in ("Recent posts", "Tags", "Categories", "Archives", "Subscribe"):
            assert section in captions, (name, captions)
        # Where Furo's contents tree has nothing to show (the 404 page), it shows nothing.
        trees = [tree.get_text(" ", strip=True) for tree in sidebar.select(".sidebar-tree")]
        assert "None" not in trees, (name, trees)
        feeds = {a.get_text(strip=True): a["href"] for a in sidebar.select("a.blog-feed-link")}
        assert set(feeds) == {"RSS feed", "Atom feed", "JSON Feed"}, name
        for href in feeds.values():
            # The 404 page links from the site's root: it is served at any depth.
            base = sample_site.outdir if href.startswith("/") else page.parent
            assert (base / href.lstrip("/")).resolve().is_file(), (name, href)
        types = {link["type"] for link in soup.select('head link[rel="alternate"]')}
        assert {"application/atom+xml", "application/rss+xml"} <= types, name
        canonical = soup.select_one('head link[rel="canonical"]')
        assert canonical and canonical["href"].startswith("https://test.example.org/"), name


# A blog of 23 posts in pages of 10 (tests/paged_site.py).

NEWEST_FIRST = [f"Post {n}" for n in reversed(range(POSTS))]


def follow_pages(build: Build, first: str) -> list[list[str]]:
    """The titles on each page of a listing, walked by its "Older posts" links to the last."""
    pages, page = [], first
    while True:
        soup = build.html(page)
        pages.append([a.get_text() for a in soup.select("article .blog-post-item-title a")])
        older = soup.select_one('article nav.blog-pagination a[rel="next"]')
        if older is None:
            return pages
        assert older.get_text() == "Older posts" or older.get_text().isdigit()
        page = (build.outdir / page).parent.joinpath(older["href"]).resolve()
        page = page.relative_to(build.outdir.resolve()).as_posix()


def test_listings_come_in_pages_linked_both_ways(paged_site: Build) -> None:
    pinned = f"Post {PINNED}"
    pages = follow_pages(paged_site, "blog.html")
    assert [len(page) for page in pages] == [10, 10, 3]
    assert [title for page in pages for title in page] == [pinned] + [
        title for title in NEWEST_FIRST if title != pinned
    ]
    assert not (paged_site.outdir / "blog/page/1.html").exists()
    assert not (paged_site.outdir / "blog/page/4.html").exists()
    second = paged_site.html("blog/page/2.html")
    head = {
        link["rel"][0]: link["href"]
        for link in second.select("head link[rel=prev], head link[rel=next]")
    }
    assert head == {"prev": "../../blog.html", "next": "3.html"}
    nav = second.select_one("article nav.blog-pagination")
    assert [a.get_text() for a in nav.select("a")] == ["Newer posts", "1", "2", "3", "Older posts"]
    assert nav.select_one('a[aria-current="page"]').get_text() == "2"
    assert second.select_one("article h1").get_text() == "All posts, page 2 of 3"
    # Every page of a listing announces the listing's own feeds.
    feeds = second.select('head link[rel="alternate"]')
    assert {link["href"] for link in feeds} == {"../atom.xml", "../rss.xml", "../feed.json"}
    first = paged_site.html("blog.html")
    assert not first.select("head link[rel=prev]") and first.select_one("head link[rel=next]")
    # Tag, category, year and series pages are cut the same way.
    python = follow_pages(paged_site, "blog/tag/python.html")
    assert [title for page in python for title in page] == NEWEST_FIRST and len(python) == 3
    assert len(follow_pages(paged_site, "blog/category/notes.html")) == 3
    assert len(follow_pages(paged_site, "blog/archive/2024.html")) == 3
    parts = paged_site.html("blog/series/long-series/page/2.html").select(".blog-series-part")
    assert [part.get_text() for part in parts] == ["Part 11 of 12", "Part 12 of 12"]
    sitemap = (paged_site.outdir / "sitemap.xml").read_text(encoding="utf-8")
    for page in ("blog/page/2.html", "blog/page/3.html", "blog/tag/python/page/3.html"):
        assert f"https://test.example.org/{page}<" in sitemap, page
    assert "blog/page/4.html" not in sitemap


def test_page_numbers_show_the_ends_and_the_neighbourhood() -> None:
    class Names:
        def page(self, name: str) -> str:
            return name

    def shown(number: int, pages: int) -> list[str]:
        page = ListingPage(f"blog/page/{number}", "All", listing="blog", number=number, pages=pages)
        nav = pagination(page, Names(), BlogIndex([], "blog"))
        return ["…" if n.get("gap") else str(n["number"]) for n in nav["numbers"]]

    assert shown(7, 20) == ["1", "…", "5", "6", "7", "8", "9", "…", "20"]
    # A gap of a single page shows that page's number.
    assert shown(4, 20) == ["1", "2", "3", "4", "5", "6", "…", "20"]
    assert shown(1, 2) == ["1", "2"]
    assert pagination(ListingPage("blog", "All", listing="blog"), Names(), None) is None


def test_a_pinned_post_tops_the_first_page_and_the_latest_posts(paged_site: Build) -> None:
    def marked(page: str) -> list[tuple[str, bool]]:
        return [
            (
                item.select_one(".blog-post-item-title").get_text(),
                bool(item.select(".blog-pinned-badge")),
            )
            for item in paged_site.html(page).select("article .blog-post-item")
        ]

    pinned = f"Post {PINNED}"
    assert marked("blog.html")[0] == (pinned, True)
    assert marked("index.html")[:2] == [(pinned, True), ("Post 22", False)]
    assert paged_site.html("blog.html").select_one(".blog-pinned-badge").get_text() == "Pinned"
    # Elsewhere it is in its place by date, not marked.
    assert (pinned, False) in marked("blog/tag/python/page/2.html")
    assert not [
        title
        for page in ("blog/page/2.html", "blog/page/3.html")
        for title, _ in marked(page)
        if title == pinned
    ]


def test_an_excerpt_ends_at_the_more_marker_or_after_its_paragraphs(paged_site: Build) -> None:
    items = {
        item.select_one(".blog-post-item-title").get_text(): item.select_one(".blog-post-excerpt")
        for item in paged_site.html("blog.html").select("article .blog-post-item")
    }
    marked = items[f"Post {POSTS - 1}"]
    assert [p.get_text() for p in marked.find_all("p", recursive=False)] == [
        "The opening paragraph.",
        "The closing paragraph of the excerpt.",
    ]
    assert [li.get_text(strip=True) for li in marked.select("ul li")] == [
        "a listed point",
        "another point",
    ]
    assert AFTER_MORE not in marked.get_text()
    counted = items[f"Post {POSTS - 2}"]
    assert [p.get_text() for p in counted.select("p")] == ["Paragraph one.", "Paragraph two."]
    assert items["Post 20"].get_text(strip=True) == "A first paragraph."
    # Feeds summarise with the same excerpt, as text.
    feed = feedparser.parse((paged_site.outdir / "blog/atom.xml").read_bytes())
    summaries = {entry.title: entry.summary for entry in feed.entries}
    assert summaries[f"Post {POSTS - 1}"] == (
        "The opening paragraph. a listed point another point The closing paragraph of the excerpt."
    )
    assert summaries[f"Post {POSTS - 2}"] == "Paragraph one. Paragraph two."
    assert AFTER_MORE in (paged_site.outdir / "posts/2024/post-22.html").read_text(encoding="utf-8")
    assert AFTER_EXCERPT not in summaries[f"Post {POSTS - 2}"]


def test_a_restructuredtext_more_comment_ends_the_excerpt_too() -> None:
    source = "Title\n=====\n\nOne *two*.\n\n* a\n* b\n\n.. more\n\nHidden words.\n"
    document = publish_doctree(source, settings_overrides={"report_level": 5})
    html, text = post_excerpt([document], [])
    assert text == "One two. a b"
    assert html.startswith("<p>One <em>two</em>.</p>") and "Hidden" not in html
    # No marker: the paragraphs asked for (`excerpt: n`); the first alone is cut for summaries.
    document = publish_doctree("One " + "word " * 60 + "\n\nTwo.\n")
    paragraphs = list(document.findall(nodes.paragraph))
    assert post_excerpt([document], paragraphs[:1])[1].endswith("…")
    assert post_excerpt([document], paragraphs)[1].endswith("word Two.")


def test_the_sidebar_shows_the_most_used_tags_and_links_to_all(paged_site: Build) -> None:
    sidebar = paged_site.html("blog/page/2.html").select_one(".sidebar-drawer")
    captions = [c.get_text(strip=True) for c in sidebar.select(".blog-sidebar .caption")]
    assert captions.index("Subscribe") < captions.index("Tags")
    tags = sidebar.select(".blog-sidebar-tags a.blog-tag")
    assert len(tags) == 20
    assert tags[0].contents[0].strip() == "python"
    more = sidebar.select_one(".blog-sidebar-tags a.blog-sidebar-more")
    assert more.get_text() == "All 100 tags"
    every_tag = (paged_site.outdir / "blog/page" / more["href"]).resolve()
    assert every_tag == (paged_site.outdir / "blog/tag.html").resolve()
    catalog = paged_site.html("blog/tag.html").select(".blog-catalog-group")
    assert len(catalog) == 100
    # One markup for every count: the number alone, in the same element and class.
    counts = [
        (span.parent.name, span["class"], span.get_text())
        for section in ("tags", "categories")
        for span in sidebar.select(f".blog-sidebar-{section} .blog-count")
    ]
    assert counts[0] == ("a", ["blog-count"], "23")
    assert ("a", ["blog-count"], "23") in counts[20:]  # the Notes category
    assert all(
        parent == "a" and cls == ["blog-count"] and text.isdigit() for parent, cls, text in counts
    )
