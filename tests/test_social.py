"""What sharers and crawlers get: link previews, sitemap, robots.txt (Read the Docs: elsewhere)."""

from __future__ import annotations

from conftest import Build, site_file_for
from lxml import etree

BASE = "https://test.example.org/"
POST = "posts/2023/first-steps.html"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(build: Build, page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in build.html(page).select("head meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def test_posts_have_opengraph_and_twitter_cards(sample_site: Build) -> None:
    tags = meta(sample_site, POST)
    assert tags["og:title"] == ["First steps"]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [BASE + POST]
    assert tags["og:description"][0].startswith("The first post, with bold words")
    assert tags["description"] == tags["og:description"]
    assert tags["article:published_time"] == ["2023-03-01T00:00:00+01:00"]
    assert tags["article:tag"] == ["python", "sphinx"]
    assert tags["twitter:card"] == ["summary"]
    assert tags["twitter:title"] == ["First steps"]
    canonical = sample_site.html(POST).select_one('link[rel="canonical"]')["href"]
    assert canonical == tags["og:url"][0]


def test_pages_that_are_not_posts_are_websites_and_keep_their_own_description(
    sample_site: Build,
) -> None:
    tags = meta(sample_site, "about.html")
    assert tags["og:type"] == ["website"]
    assert tags["og:title"] == ["About"]
    assert tags["description"] == ["The page's own words for search engines."]
    assert tags["og:description"] == ["Welcome, and a first paragraph that is not the description."]
    assert "article:published_time" not in tags


def test_listing_pages_have_link_previews(sample_site: Build) -> None:
    tags = meta(sample_site, "blog/tag/python.html")
    assert tags["og:title"] == ["Posts tagged python"]
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [BASE + "blog/tag/python.html"]
    assert tags["og:site_name"] == ["Test Blog"]


def test_sitemap_lists_every_content_page_by_canonical_url(sample_site: Build) -> None:
    root = etree.parse(str(sample_site.outdir / "sitemap.xml")).getroot()
    urls = [loc.text for loc in root.iter(SITEMAP + "loc")]
    assert urls == sorted(set(urls))
    for url in urls:
        assert site_file_for(sample_site, url, BASE).exists(), url
    for expected in ("index.html", "about.html", POST, "blog.html", "blog/tag/python.html"):
        assert BASE + expected in urls
    for excluded in ("404.html", "search.html", "genindex.html"):
        assert BASE + excluded not in urls
    robots = (sample_site.outdir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
