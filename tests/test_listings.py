"""Tag, category, author, year and all-posts pages list the right posts, in order."""

from __future__ import annotations

import json
import re

from conftest import Build, local_links
from sphinx.search.en import SearchEnglish


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
    assert years == ["2024 (2)", "2023 (1)"]


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
        assert set(feeds) == {"RSS feed", "Atom feed"}, name
        for href in feeds.values():
            # The 404 page links from the site's root: it is served at any depth.
            base = sample_site.outdir if href.startswith("/") else page.parent
            assert (base / href.lstrip("/")).resolve().is_file(), (name, href)
        types = {link["type"] for link in soup.select('head link[rel="alternate"]')}
        assert {"application/atom+xml", "application/rss+xml"} <= types, name
        canonical = soup.select_one('head link[rel="canonical"]')
        assert canonical and canonical["href"].startswith("https://test.example.org/"), name
