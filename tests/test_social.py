"""What sharers and crawlers get: link previews, sitemap, robots.txt, favicon, the 404 page."""

from __future__ import annotations

from pathlib import Path

from conftest import Build, copy_real_site, site_file_for, sphinx_build, write_site
from lxml import etree

BASE = "https://blog.example.org/"
POST = "posts/2019/kubecon-europe-2019.html"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(build: Build, page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in build.html(page).select("head meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def test_posts_have_opengraph_and_twitter_cards(real_site: Build) -> None:
    tags = meta(real_site, POST)
    assert tags["og:title"] == ["Kubecon Europe 2019"]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [BASE + POST]
    assert tags["og:description"][0].startswith("4 days, 8000 attendees")
    assert tags["description"][0].startswith("4 days, 8000 attendees")
    assert tags["article:published_time"] == ["2019-05-24T00:00:00+00:00"]
    assert {"kubernetes", "security", "conferences"} <= set(tags["article:tag"])
    assert tags["twitter:card"] == ["summary"]
    assert tags["twitter:title"] == ["Kubecon Europe 2019"]
    canonical = real_site.html(POST).select_one('link[rel="canonical"]')["href"]
    assert canonical == tags["og:url"][0]


def test_pages_that_are_not_posts_are_websites(real_site: Build) -> None:
    tags = meta(real_site, "about.html")
    assert tags["og:type"] == ["website"]
    assert tags["og:title"] == ["About"]
    assert tags["og:description"][0].startswith("This blog is written by Duncan Thomas")
    assert tags["description"] == tags["og:description"]
    assert "article:published_time" not in tags


def test_listing_pages_have_link_previews(real_site: Build) -> None:
    tags = meta(real_site, "blog/tag/kubernetes.html")
    assert tags["og:title"] == ["Posts tagged kubernetes"]
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [BASE + "blog/tag/kubernetes.html"]
    assert tags["og:site_name"] == ["Duncan Thomas"]


OWN_DESCRIPTION_INDEX = """\
---
myst:
  html_meta:
    description: The page's own words for search engines.
---

# Test Blog

Welcome, and a first paragraph that is not the description.
"""


def test_a_page_keeps_its_own_description(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {}, index=OWN_DESCRIPTION_INDEX)
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    tags = meta(build, "index.html")
    assert tags["description"] == ["The page's own words for search engines."]
    assert tags["og:description"] == ["Welcome, and a first paragraph that is not the description."]


def test_sitemap_lists_every_content_page_by_canonical_url(real_site: Build) -> None:
    root = etree.parse(str(real_site.outdir / "sitemap.xml")).getroot()
    urls = [loc.text for loc in root.iter(SITEMAP + "loc")]
    assert urls == sorted(set(urls))
    for url in urls:
        assert site_file_for(real_site, url, BASE).exists(), url
    for expected in ("index.html", "about.html", POST, "blog.html", "blog/tag/kubernetes.html"):
        assert BASE + expected in urls
    for excluded in ("404.html", "search.html", "genindex.html"):
        assert BASE + excluded not in urls
    robots = (real_site.outdir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_sitemap_and_404_follow_read_the_docs(tmp_path: Path) -> None:
    canonical = "https://duncan-blog.readthedocs.io/en/latest/"
    root = copy_real_site(tmp_path / "src")
    build = sphinx_build(root, tmp_path / "html", env={"READTHEDOCS_CANONICAL_URL": canonical})
    assert build.returncode == 0, build.stderr
    urls = [
        loc.text for loc in etree.parse(str(build.outdir / "sitemap.xml")).iter(SITEMAP + "loc")
    ]
    assert urls and all(url.startswith(canonical) for url in urls)
    assert f"Sitemap: {canonical}sitemap.xml" in (build.outdir / "robots.txt").read_text()
    page = build.html("404.html")
    links = [
        a["href"]
        for a in page.select("a[href]")
        if not a["href"].startswith(("http", "mailto", "#"))
    ]
    assert links
    assert all(href.startswith("/en/latest/") for href in links), links
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert all(href.startswith("/en/latest/_static/") for href in styles), styles


def test_every_page_has_the_favicon(real_site: Build) -> None:
    for page in real_site.pages():
        soup = real_site.html(str(page.relative_to(real_site.outdir)))
        icon = soup.select_one('link[rel~="icon"]')
        assert icon, page
        if not icon["href"].startswith("/"):
            assert (page.parent / icon["href"]).resolve().is_file(), page
