"""This repository's own blog, built as a newcomer builds it: the seed post, its links, the
author's email, the site's own settings and templates.

Only this file reads the blog's own posts: the blog's behaviour is tested on
test roots (tests/roots/), so that adding a post or renaming a tag here
breaks nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import DECOYS, REPO, Build, built, copy_real_site, local_links, sphinx_build
from feedcheck import invalid_feeds

SEED = REPO.parent / "shared" / "seeds" / "000_737d1fcd30344534.txt"
POST = "posts/2019/kubecon-europe-2019.html"


def words(text: str) -> list[str]:
    return re.sub(r"\s+", " ", text).strip().split(" ")


def seed_paragraphs() -> list[str]:
    """The post's prose paragraphs without their Markdown: what the author wrote."""
    source = (REPO / "posts/2019/kubecon-europe-2019.md").read_text(encoding="utf-8")
    body = source.split("---", 2)[2]
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip() and not b.lstrip().startswith("#")]
    return [" ".join(words(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", b))) for b in blocks]


def test_the_post_keeps_every_paragraph_of_the_author(real_site: Build) -> None:
    article = real_site.html(POST).select_one("article .blog-post-body")
    shown = [" ".join(words(p.get_text())) for p in article.find_all("p")]
    expected = seed_paragraphs()
    assert len(expected) == 11
    assert [p for p in expected if p not in shown] == []


def test_the_post_source_is_the_seed_verbatim() -> None:
    if not SEED.exists():  # the seed lives beside the repository, not in it
        source_lines = None
    else:
        seed = SEED.read_text(encoding="utf-8")
        source_lines = [
            line.replace("### ", "## ", 1) if line.startswith("### ") else line
            for line in seed.split("\n4 days", 1)[1].splitlines()
        ]
    post = (REPO / "posts/2019/kubecon-europe-2019.md").read_text(encoding="utf-8")
    assert "# Kubecon Europe 2019" in post
    if source_lines is not None:
        post_body = post.split("\n4 days", 1)[1].splitlines()
        assert [line.rstrip() for line in post_body] == [line.rstrip() for line in source_lines][
            : len(post_body)
        ]


def test_the_post_keeps_its_links_and_the_email(real_site: Build) -> None:
    article = real_site.html(POST).select_one("article")
    hrefs = {a["href"] for a in article.find_all("a")}
    assert "https://events.linuxfoundation.org/events/kubecon-cloudnativecon-europe-2019/" in hrefs
    assert "https://opentracing.io/" in hrefs
    assert "mailto:duncan.thomas@gmail.com" in hrefs
    headings = [h.get_text(" ", strip=True).rstrip("#¶ ") for h in article.find_all(["h1", "h2"])]
    assert headings[0] == "Kubecon Europe 2019"
    assert headings[1:6] == [
        "Security",
        "Monitoring, logging, tracing and metrics",
        "Managed services",
        "War Stories",
        "Conclusion",
    ]


def test_the_post_shows_date_author_category_tags_and_reading_time(real_site: Build) -> None:
    soup = real_site.html(POST)
    meta = soup.select_one("article .blog-post-meta")
    assert meta.time["datetime"].startswith("2019-05-24T00:00:00")
    assert meta.time.get_text() == "24 May 2019"
    assert re.search(r"\b\d+ min read\b", meta.get_text())
    details = {
        dt.get_text(strip=True): dt.find_next_sibling("dd")
        for dt in soup.select("article .blog-post-details dt")
    }
    assert details["Author"].a.get_text() == "Duncan Thomas"
    assert details["Category"].a.get_text() == "Conferences"
    tags = [a.get_text() for a in details["Tags"].find_all("a")]
    assert {"kubernetes", "security", "conferences"} <= set(tags)
    for link in [*details["Author"].find_all("a"), *details["Tags"].find_all("a")]:
        target = (real_site.outdir / POST).parent / link["href"]
        listed = real_site.html(str(target.resolve().relative_to(real_site.outdir)))
        assert "Kubecon Europe 2019" in [a.get_text() for a in listed.select("article a")]


def test_no_page_is_furos_stub_or_an_error(real_site: Build) -> None:
    for page in real_site.pages():
        text = page.read_text(encoding="utf-8")
        assert "inheriting from" not in text, page
        assert "Traceback" not in text, page
        soup = real_site.html(str(page.relative_to(real_site.outdir)))
        assert soup.select_one("article#furo-main-content"), page
        assert soup.select_one(".sidebar-drawer .sidebar-brand"), page


def test_sidebar_has_every_blog_section_and_a_feed_link(real_site: Build) -> None:
    for page in ("index.html", POST, "about.html", "blog/tag/kubernetes.html"):
        sidebar = real_site.html(page).select_one(".sidebar-drawer")
        captions = [c.get_text(strip=True) for c in sidebar.select(".caption")]
        for section in ("Recent posts", "Tags", "Categories", "Archives", "Subscribe"):
            assert section in captions, (page, captions)
        recent = sidebar.select_one(".blog-sidebar-recent")
        assert "Kubecon Europe 2019" in recent.get_text()
        feeds = {a.get_text(strip=True): a["href"] for a in sidebar.select("a.blog-feed-link")}
        assert set(feeds) == {"RSS feed", "Atom feed", "JSON Feed"}
        base = (real_site.outdir / page).parent
        rss = (base / feeds["RSS feed"]).resolve().read_text(encoding="utf-8")
        atom = (base / feeds["Atom feed"]).resolve().read_text(encoding="utf-8")
        assert "<rss" in rss
        assert "http://www.w3.org/2005/Atom" in atom
        assert "<feed" in atom
    # Every Atom and RSS feed is valid (tests/feedcheck.py), at the blog's own URL.
    assert invalid_feeds(real_site.outdir, "https://blog.example.org/") == {}


def test_every_local_link_resolves(real_site: Build) -> None:
    broken = [
        (str(page.relative_to(real_site.outdir)), href)
        for page in real_site.pages()
        for href, target in local_links(real_site, page)
        if not target.exists()
    ]
    assert not broken


def test_every_page_announces_both_feeds_and_a_canonical_url(real_site: Build) -> None:
    for page in real_site.pages():
        soup = real_site.html(str(page.relative_to(real_site.outdir)))
        types = {link["type"] for link in soup.select('head link[rel="alternate"]')}
        assert {"application/atom+xml", "application/rss+xml"} <= types, page
        canonical = soup.select_one('head link[rel="canonical"]')
        assert canonical and canonical["href"].startswith("https://blog.example.org/"), page


def test_the_home_page_lists_the_post_with_its_excerpt(real_site: Build) -> None:
    soup = real_site.html("index.html")
    item = soup.select_one("article .blog-post-item")
    assert item.h2.a.get_text() == "Kubecon Europe 2019"
    assert item.h2.a["href"] == POST
    assert item.select_one(".blog-post-excerpt").get_text().startswith("4 days, 8000 attendees")


def test_the_about_page_says_who_and_how_to_reach_him(real_site: Build) -> None:
    article = real_site.html("about.html").select_one("article")
    assert "Duncan Thomas" in article.get_text()
    assert article.select_one('a[href="mailto:duncan.thomas@gmail.com"]')
    feeds = {a["href"] for a in article.find_all("a")}
    assert {"blog/rss.xml", "blog/atom.xml"} <= feeds


def test_the_build_is_clean(real_site: Build) -> None:
    assert real_site.warnings == []
    for page in real_site.outdir.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".xml", ".js", ".txt"}:
            assert str(real_site.srcdir) not in page.read_text(encoding="utf-8"), page


def test_only_site_pages_are_read(real_site: Build) -> None:
    # The source folder is the repository root: README, tests and the venv sit beside the pages.
    for decoy in DECOYS:
        assert (real_site.srcdir / decoy).exists()
    for output in real_site.outdir.rglob("*"):
        if output.is_file() and output.suffix in {".html", ".js", ".xml"}:
            assert "hushed-decoy-marker" not in output.read_text(encoding="utf-8"), output
            assert "Not a page" not in output.read_text(encoding="utf-8"), output


def test_every_page_has_the_favicon(real_site: Build) -> None:
    for page in real_site.pages():
        soup = real_site.html(str(page.relative_to(real_site.outdir)))
        icon = soup.select_one('link[rel~="icon"]')
        assert icon, page
        if not icon["href"].startswith("/"):
            assert (page.parent / icon["href"]).resolve().is_file(), page


def test_every_page_is_valid_html5(real_site: Build, validation) -> None:
    _invalid, said = validation
    assert said.errors_in(real_site.outdir) == []


def test_the_blog_builds_byte_identical_elsewhere(real_site: Build, tmp_path: Path) -> None:
    # Another process, time zone, locale and moment than the shared build of this test run.
    root = copy_real_site(tmp_path / "src")
    env = {"TZ": "Pacific/Auckland", "LC_ALL": "POSIX"}
    elsewhere = built(sphinx_build(root, tmp_path / "html", env=env))
    first = {
        p.relative_to(real_site.outdir): p.read_bytes()
        for p in real_site.outdir.rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(elsewhere.outdir): p.read_bytes()
        for p in elsewhere.outdir.rglob("*")
        if p.is_file()
    }
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
