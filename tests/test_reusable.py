"""blogkit on any Sphinx site: `extensions = ["blogkit"]` and Furo, nothing copied from this blog.

The site below sets no sidebars and no blogkit template, moves the blog to
``news``, ships its own ``robots.txt``, stylesheet and one sidebar template,
writes its identity once and has no published post yet. What a reader gets
must still be a whole blog with no dead link.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import Build, add_files, sphinx_build
from feedcheck import invalid_feeds

PLAIN_CONF = """\
project = "Plain Site"
author = "Ann Author"
html_baseurl = "https://plain.example.org/"
blog_email = "ann@example.org"
blog_about_page = "about"
extensions = ["blogkit"]
html_theme = "furo"
blog_path = "news"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_extra_path = ["extra"]
"""

SITE_ROBOTS = "User-agent: *\nDisallow: /private/\n"


def every_local_reference(build: Build) -> list[tuple[str, str, Path]]:
    """Every same-site href and src of every page: (page, value, file it must be)."""
    found = []
    for page in build.pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for element in soup.find_all(True):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                base = build.outdir if parts.path.startswith("/") else page.parent
                target = (base / unquote(parts.path).lstrip("/")).resolve()
                if parts.path.endswith("/"):
                    target = target / "index.html"
                found.append((page.relative_to(build.outdir).as_posix(), value, target))
    return found


def dead_links(build: Build) -> list[str]:
    return [
        f"{page}: {value}"
        for page, value, target in every_local_reference(build)
        if not target.is_file()
    ]


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = add_files(
        tmp_path_factory.mktemp("plain") / "src",
        {
            "conf.py": PLAIN_CONF,
            "index.md": (
                "# Plain Site\n\nHello.\n\n```{latest-posts}\n```\n\n"
                "```{toctree}\n:hidden:\n\nabout\n```\n"
            ),
            "about.md": "# About\n\nWho writes here.\n",
            "extra/robots.txt": SITE_ROBOTS,
            "_static/blogkit.css": "/* the site's own blogkit.css */\n",
            "_templates/blog/sidebar/recent.html": (
                '<nav class="sidebar-tree site-own-recent"><p>Site recent</p></nav>\n'
            ),
            # A draft only: the blog has no published post.
            "posts/2024/not-yet.md": "---\ndraft: true\n---\n\n# Not yet\n\nSoon.\n",
        },
    )
    build = sphinx_build(root, root.parent / "html")
    assert build.returncode == 0, build.stderr
    return build


def test_the_blog_sidebar_is_injected_into_furos(plain_site: Build) -> None:
    for page in ("index.html", "about.html", "news.html", "news/tag.html"):
        soup = plain_site.html(page)
        sidebar = soup.select_one(".sidebar-drawer")
        assert sidebar is not None, page
        # Furo's own sections stay, the blog's are added.
        assert sidebar.select_one(".sidebar-brand"), page
        assert sidebar.select_one("#searchbox, .sidebar-search-container"), page
        assert sidebar.select_one(".blog-sidebar-tags"), page
        assert sidebar.select_one(".blog-sidebar-subscribe"), page


def test_the_sites_own_templates_and_files_win(plain_site: Build) -> None:
    soup = plain_site.html("index.html")
    assert soup.select_one(".site-own-recent"), "the site's sidebar template was not used"
    assert not soup.select_one(".blog-sidebar-recent")
    css = (plain_site.outdir / "_static/blogkit.css").read_text(encoding="utf-8")
    assert css == "/* the site's own blogkit.css */\n"
    assert (plain_site.outdir / "robots.txt").read_text(encoding="utf-8") == SITE_ROBOTS
    # The sitemap is still written, the site's robots.txt just does not point at it.
    assert (plain_site.outdir / "sitemap.xml").is_file()


def test_the_identity_written_once_reaches_sidebar_feeds_and_title(plain_site: Build) -> None:
    soup = plain_site.html("news/tag.html")
    about = soup.select_one(".blog-sidebar-about")
    assert about is not None
    links = {a.get_text(strip=True): a["href"] for a in about.find_all("a")}
    assert links["ann@example.org"] == "mailto:ann@example.org"
    assert (plain_site.outdir / "news" / unquote(links["Ann Author"])).resolve() == (
        plain_site.outdir / "about.html"
    )
    assert soup.select_one(".sidebar-brand-text").get_text(strip=True) == "Plain Site"
    assert soup.title.get_text().endswith("Plain Site")
    feed = feedparser.parse((plain_site.outdir / "news/atom.xml").read_bytes())
    assert feed.feed.title == "Plain Site"
    assert feed.feed.author_detail.name == "Ann Author"
    assert feed.feed.author_detail.email == "ann@example.org"


def test_the_404_page_follows_blog_path(plain_site: Build) -> None:
    soup = plain_site.html("404.html")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("#page-not-found a")}
    assert links["All posts"] == "/news.html"
    assert links["Home page"] == "/index.html"
    assert "Plain Site" in soup.select_one("#page-not-found").get_text()
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert not [href for href in hrefs if "blog.html" in href or "/blog/" in href]
    assert "/news/atom.xml" in [link["href"] for link in soup.find_all("link", href=True)]


def test_no_published_post_means_no_dead_link_and_valid_empty_feeds(plain_site: Build) -> None:
    assert dead_links(plain_site) == []
    for name in ("news/atom.xml", "news/rss.xml"):
        feed = feedparser.parse((plain_site.outdir / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.entries == []
    assert json.loads((plain_site.outdir / "news/feed.json").read_bytes())["items"] == []
    # Valid to the letter, entries or not (tests/feedcheck.py), at the site's own URL.
    assert invalid_feeds(plain_site.outdir, "https://plain.example.org/") == {}
    assert not (plain_site.outdir / "posts/2024/not-yet.html").exists()


COMPANIONS_OFF_CONF = """\
project = "Bare"
author = "Ann Author"
html_baseurl = "https://bare.example.org/"
extensions = ["blogkit"]
html_theme = "furo"
blog_myst = False
blog_notfound = False
blog_copybutton = False
blogkit_speedups = False
"""


def test_each_companion_can_be_turned_off(tmp_path: Path) -> None:
    root = add_files(
        tmp_path / "src",
        {
            "conf.py": COMPANIONS_OFF_CONF,
            "index.rst": "Bare\n====\n\nA reStructuredText site.\n\n.. latest-posts::\n",
            "notes.md": "# Markdown\n\nOnly read when MyST is on.\n",
        },
    )
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert (build.outdir / "index.html").is_file()
    assert not (build.outdir / "notes.html").exists(), "MyST was loaded"
    assert not (build.outdir / "404.html").exists(), "the 404 page was written"
    assert not (build.outdir / "_static/copybutton.js").exists(), "the copy button was loaded"
    assert not (tmp_path / "html.doctrees/blogkit-templates").exists(), "speedups were loaded"
    assert dead_links(build) == []


def test_a_wrong_identity_field_feed_or_about_page_fails_the_build_naming_it(
    tmp_path: Path,
) -> None:
    root = add_files(
        tmp_path / "src",
        {
            "conf.py": PLAIN_CONF.replace(
                'blog_about_page = "about"', 'blog_about_page = "whoami"'
            ),
            "index.md": "# Home\n\nBy {blog}`nickname`.\n\nSubscribe: {blog-feed}`Pod <pod>`.\n",
        },
    )
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    assert "index.md:3:" in build.stderr and "{blog}`nickname`: expected one of" in build.stderr
    assert "index.md:5:" in build.stderr and "{blog-feed}`Pod <pod>`" in build.stderr
    assert "blog_about_page = 'whoami': there is no such page" in build.stderr
