"""Read the Docs: canonical URLs, feeds, sitemap and 404 page follow its environment.

The ``blog`` root is built once as the latest version and once as a
pull-request preview, with the variables Read the Docs sets.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from conftest import REPO, Build, build_root, built
from feedcheck import invalid_feeds
from lxml import etree

LATEST = "https://duncan-blog.readthedocs.io/en/latest/"
PREVIEW = "https://duncan-blog--42.org.readthedocs.build/en/42/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VERSIONS = {"latest": (LATEST, "branch"), "pr": (PREVIEW, "external")}


@pytest.fixture(scope="module", params=list(VERSIONS))
def rtd_site(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[Build, str, str]:
    canonical, version_type = VERSIONS[request.param]
    env = {
        "READTHEDOCS": "True",
        "READTHEDOCS_CANONICAL_URL": canonical,
        "READTHEDOCS_VERSION_TYPE": version_type,
    }
    build = built(build_root("blog", tmp_path_factory.mktemp(request.param), env=env))
    return build, canonical, request.param


def test_canonical_links_and_feeds_use_the_rtd_url(rtd_site) -> None:
    build, canonical, _version = rtd_site
    for page in build.pages():
        soup = build.html(str(page.relative_to(build.outdir)))
        href = soup.select_one('head link[rel="canonical"]')["href"]
        assert href == canonical + page.relative_to(build.outdir).as_posix()
    for path in ("blog/atom.xml", "blog/rss.xml"):
        feed = feedparser.parse((build.outdir / path).read_bytes())
        assert feed.entries
        assert feed.feed.link.startswith(canonical)
        for entry in feed.entries:
            assert entry.link.startswith(canonical)
            assert (build.outdir / entry.link[len(canonical) :]).exists()
        assert "test.example.org" not in (build.outdir / path).read_text(encoding="utf-8")
    # Valid, self links included, at the Read the Docs address (tests/feedcheck.py).
    assert invalid_feeds(build.outdir, canonical) == {}


def test_sitemap_and_404_follow_read_the_docs(rtd_site) -> None:
    build, canonical, _version = rtd_site
    urls = [
        loc.text for loc in etree.parse(str(build.outdir / "sitemap.xml")).iter(SITEMAP + "loc")
    ]
    assert urls and all(url.startswith(canonical) for url in urls)
    assert f"Sitemap: {canonical}sitemap.xml" in (build.outdir / "robots.txt").read_text()
    prefix = urlsplit(canonical).path  # the 404 page is served at any depth: links from the root
    page = build.html("404.html")
    links = [
        a["href"]
        for a in page.select("a[href]")
        if not a["href"].startswith(("http", "mailto", "#"))
    ]
    assert links
    assert all(href.startswith(prefix) for href in links), links
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert all(href.startswith(prefix + "_static/") for href in styles), styles


def test_only_pull_request_previews_show_drafts_with_a_banner(rtd_site) -> None:
    build, _canonical, version = rtd_site
    draft = build.outdir / "posts/2024/unfinished-idea.html"
    if version == "latest":
        assert not draft.exists()
    else:
        banner = build.html("posts/2024/unfinished-idea.html").select_one(".blog-draft-banner")
        assert banner and "draft" in banner.get_text().lower()
    assert not build.html("posts/2023/first-steps.html").select_one(".blog-draft-banner")


def test_readthedocs_config_builds_strictly_from_the_hashed_lock() -> None:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"] == {
        "configuration": "conf.py",
        "builder": "html",
        "fail_on_warning": True,
    }
    # The lock the Makefile picks for the same Python.
    python = config["build"]["tools"]["python"]
    locks = "requirements/" + {"3.11": "py3.11", "3.12": "py3.12"}.get(python, "py3.13+")
    assert "install" not in config.get("python", {}), "python.install cannot check hashes"
    commands = [command.split() for command in config["build"]["jobs"]["post_install"]]
    assert commands == [
        ["python", "-m", "pip", "install", "--require-hashes", "-r", f"{locks}/build.lock"],
        [
            "python", "-m", "pip", "install", "--require-hashes", "--no-build-isolation",
            "-r", f"{locks}/site.lock",
        ],
        ["python", "-m", "pip", "install", "--no-deps", "--no-build-isolation", "."],
    ]  # fmt: skip
    pins = [
        line.split("==")[0]
        for line in (REPO / locks / "site.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    assert {"sphinx", "ablog", "furo", "myst-parser", "feedgen"} <= set(pins)
