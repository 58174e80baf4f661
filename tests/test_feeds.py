"""Atom, RSS and JSON Feed: valid, absolute, complete (stable across builds: test_reproducible.py).

The JSON Feed is checked against tests/jsonfeed-1.1.schema.json (the 1.1
specification's required fields and the type of each field), and against the
Atom feed it must agree with. What a person sees of a feed in a browser:
test_browser.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import feedparser
import jsonschema
import lxml.etree as etree
import lxml.html
import pytest
from conftest import REPO, Build, built, copy_root, site_file_for, sphinx_build

from blogkit.render.feedpage import css_string

BASE = "https://test.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
JSON_FEED_SCHEMA = json.loads(
    (Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8")
)
#: The schema's validator, made once (jsonschema compiles it on first use).
JSON_FEED_1_1 = jsonschema.Draft202012Validator(JSON_FEED_SCHEMA)


def parse(build: Build, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((build.outdir / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("path", ["blog/atom.xml", "blog/rss.xml"])
def test_main_feed_has_every_published_post_newest_first(sample_site: Build, path: str) -> None:
    feed = parse(sample_site, path)
    assert feed.version == ("atom10" if path.endswith("atom.xml") else "rss20")
    assert feed.feed.title == "Test Blog"
    assert [e.title for e in feed.entries] == ["Third time", "Second thoughts", "First steps"]
    for entry in feed.entries:
        assert entry.link.startswith(BASE)
        assert site_file_for(sample_site, entry.link, BASE).exists()
        assert entry.id == entry.link


def test_atom_has_the_required_elements(sample_site: Build) -> None:
    root = etree.parse(str(sample_site.outdir / "blog/atom.xml")).getroot()
    for name in ("id", "title", "updated", "author"):
        assert root.find(ATOM + name) is not None, name
    assert root.find(ATOM + "id").text.startswith(BASE)
    self_link = root.find(ATOM + 'link[@rel="self"]')
    assert self_link.get("href") == BASE + "blog/atom.xml"
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated", "published", "link", "content", "summary"):
            assert entry.find(ATOM + name) is not None, name


def test_feed_date_is_the_newest_entry_not_the_build_time(sample_site: Build) -> None:
    atom = parse(sample_site, "blog/atom.xml")
    # Third time: published 2024-09-01 08:00 +02:00, updated 2024-09-03 (site time zone).
    assert atom.feed.updated == "2024-09-03T00:00:00+02:00"
    rss = etree.parse(str(sample_site.outdir / "blog/rss.xml")).getroot()
    assert rss.findtext("channel/lastBuildDate") == "Tue, 03 Sep 2024 00:00:00 +0200"
    for entry in atom.entries:
        assert datetime.fromisoformat(entry.published).utcoffset() is not None


def test_entries_keep_every_author(sample_site: Build) -> None:
    atom = parse(sample_site, "blog/atom.xml")
    second = next(e for e in atom.entries if e.title == "Second thoughts")
    assert [a.name for a in second.authors] == ["Ada Writer", "Bob Coder"]
    rss = parse(sample_site, "blog/rss.xml")
    assert rss.feed.title == "Test Blog"


def test_content_is_full_text_with_absolute_links_and_images(sample_site: Build) -> None:
    atom = parse(sample_site, "blog/atom.xml")
    first = next(e for e in atom.entries if e.title == "First steps")
    content = lxml.html.fromstring(first.content[0].value)
    assert "Text of the first post." in content.text_content()
    assert "First steps" not in [h.text_content() for h in content.iter("h1")]
    images = [img.get("src") for img in content.iter("img")]
    assert images and all(src.startswith(BASE) for src in images)
    for src in images:
        assert site_file_for(sample_site, src, BASE).exists()
    second = next(e for e in atom.entries if e.title == "Second thoughts")
    body = lxml.html.fromstring(second.content[0].value)
    links = [a.get("href") for a in body.iter("a")]
    assert BASE + "posts/2023/first-steps.html" in links
    for href in links:
        assert href.startswith(("https://", "mailto:")), href
        if href.startswith(BASE):
            assert site_file_for(sample_site, href.split("#")[0], BASE).exists()


def test_no_headerlinks_messages_or_machine_paths_in_feeds(sample_site: Build) -> None:
    for feed in sample_site.outdir.rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "headerlink" not in text
        assert "system-message" not in text
        assert str(sample_site.srcdir) not in text
        assert "/tmp/" not in text


def test_tag_and_category_feeds(sample_site: Build) -> None:
    python = parse(sample_site, "blog/tag/python/atom.xml")
    assert [e.title for e in python.entries] == ["Second thoughts", "First steps"]
    assert python.feed.title == "Test Blog: Posts tagged python"
    notes = parse(sample_site, "blog/category/notes/rss.xml")
    assert [e.title for e in notes.entries] == ["Third time", "First steps"]
    page = sample_site.html("blog/tag/python.html")
    announced = {link["type"]: link["href"] for link in page.select('head link[rel="alternate"]')}
    assert announced == {
        "application/atom+xml": "python/atom.xml",
        "application/rss+xml": "python/rss.xml",
        "application/feed+json": "python/feed.json",
    }


def test_feed_length_is_limited(tmp_path: Path) -> None:
    root = copy_root("blog", tmp_path / "src")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("blog_feed_length = 2\n")
    build = built(sphinx_build(root, tmp_path / "html"))
    assert [e.title for e in parse(build, "blog/rss.xml").entries] == [
        "Third time",
        "Second thoughts",
    ]


def test_a_site_page_template_without_the_body_marker_keeps_full_text(
    sample_site: Build, tmp_path: Path
) -> None:
    # Feeds parse only the marked post body of a written page; a site's own page.html
    # without that marker (here: an extra wrapper around the body) must give the same text.
    ours = (REPO / "blogkit" / "templates" / "page.html").read_text(encoding="utf-8")
    marker = "</div><!-- /blogkit post body -->"
    assert marker in ours
    theirs = ours.replace(marker, "</div>").replace("{{ body }}", "<section>{{ body }}</section>")
    root = copy_root("blog", tmp_path / "src")
    (root / "_templates").mkdir()
    (root / "_templates" / "page.html").write_text(theirs, encoding="utf-8")
    build = built(sphinx_build(root, tmp_path / "html", "-D", "templates_path=_templates"))
    assert marker not in (build.outdir / "posts/2023/first-steps.html").read_text("utf-8")
    own = parse(build, "blog/atom.xml").entries
    default = parse(sample_site, "blog/atom.xml").entries
    assert [e.title for e in own] == [e.title for e in default]
    for mine, reference in zip(own, default, strict=True):
        text = lxml.html.fromstring(mine.content[0].value).text_content()
        expected = lxml.html.fromstring(reference.content[0].value).text_content()
        assert text.split() == expected.split()
    first = next(e for e in own if e.title == "First steps")
    assert "Text of the first post." in lxml.html.fromstring(first.content[0].value).text_content()


def json_feed(build: Build, path: str) -> dict:
    """A JSON Feed of the build, valid against the 1.1 schema."""
    feed = json.loads((build.outdir / path).read_text(encoding="utf-8"))
    JSON_FEED_1_1.validate(feed)
    return feed


@pytest.mark.parametrize("folder", ["blog", "blog/tag/python", "blog/category/notes"])
def test_json_feed_is_valid_1_1_and_agrees_with_the_atom_feed(
    sample_site: Build, folder: str
) -> None:
    feed = json_feed(sample_site, f"{folder}/feed.json")
    atom = parse(sample_site, f"{folder}/atom.xml")
    assert feed["feed_url"] == f"{BASE}{folder}/feed.json"
    assert feed["home_page_url"] == atom.feed.link
    assert site_file_for(sample_site, feed["home_page_url"], BASE).exists()
    assert feed["title"] == atom.feed.title
    assert feed["language"] == "en"
    assert feed["authors"] == [
        {"name": "Ada Writer", "url": "mailto:ada@example.org"},
        {"name": "Bob Coder"},
    ]
    items = feed["items"]
    # Atom's content as written (feedparser cleans it up).
    root = etree.parse(str(sample_site.outdir / folder / "atom.xml")).getroot()
    contents = [entry.findtext(ATOM + "content") for entry in root.iter(ATOM + "entry")]
    assert [item["content_html"] for item in items] == contents
    # The same entries in the same order, with the same dates, authors, tags and summary.
    assert [item["id"] for item in items] == [entry.id for entry in atom.entries]
    assert [item["title"] for item in items] == [entry.title for entry in atom.entries]
    for item, entry in zip(items, atom.entries, strict=True):
        assert item["url"] == item["id"] == entry.link
        assert site_file_for(sample_site, item["url"], BASE).exists()
        assert item["date_published"] == entry.published
        assert item["date_modified"] == entry.updated
        assert datetime.fromisoformat(item["date_published"]).utcoffset() is not None
        assert [a["name"] for a in item["authors"]] == [a.name for a in entry.authors]
        assert item["tags"] == [tag.term for tag in entry.tags]
        assert item["summary"] == entry.summary
    first = next(item for item in items if item["title"] == "First steps")
    content = lxml.html.fromstring(first["content_html"])
    assert "Text of the first post." in content.text_content()
    urls = [img.get("src") for img in content.iter("img")]
    urls += [a.get("href") for a in content.iter("a")]
    assert urls and all(url.startswith(("https://", "mailto:")) for url in urls), urls
    assert "image" not in first  # no ``image`` in its front matter (tests/test_ablog_idioms.py)


def test_the_json_feed_schema_refuses_what_the_spec_does(sample_site: Build) -> None:
    # The schema can fail: each of these breaks one rule of JSON Feed 1.1.
    good = json.loads((sample_site.outdir / "blog/feed.json").read_text(encoding="utf-8"))
    item = good["items"][0]
    broken = [
        {**good, "version": "https://jsonfeed.org/version/1"},
        {key: value for key, value in good.items() if key != "items"},
        {key: value for key, value in good.items() if key != "title"},
        {**good, "author": {"name": "1.0's author"}},
        {**good, "items": [{key: value for key, value in item.items() if key != "id"}]},
        {**good, "items": [{k: v for k, v in item.items() if k != "content_html"}]},
        {**good, "items": [{**item, "date_published": "Sun, 01 Sep 2024 08:00:00 +0200"}]},
        {**good, "items": [{**item, "tags": "python"}]},
    ]
    jsonschema.Draft202012Validator.check_schema(JSON_FEED_SCHEMA)
    assert JSON_FEED_1_1.is_valid(good)
    assert [feed for feed in broken if JSON_FEED_1_1.is_valid(feed)] == []


@pytest.mark.parametrize("path", ["blog/atom.xml", "blog/tag/python/rss.xml"])
def test_atom_and_rss_name_the_stylesheet_a_browser_shows_them_with(
    sample_site: Build, path: str
) -> None:
    tree = etree.parse(str(sample_site.outdir / path))
    instructions = [node for node in tree.getroot().itersiblings(preceding=True)]
    assert [pi.target for pi in instructions] == ["xml-stylesheet"]
    assert instructions[0].get("type") == "text/css"
    stylesheet = (sample_site.outdir / path).parent / instructions[0].get("href")
    assert stylesheet.resolve() == sample_site.outdir / "_static/blogkit-feed.css"
    css = stylesheet.read_text(encoding="utf-8")
    assert 'content: "This is a web feed.";' in css
    assert "{{" not in css and "xsl" not in css.lower()


def test_css_strings_keep_quotes_backslashes_and_line_breaks_inside() -> None:
    assert css_string('Ein "Feed" \\ hier\nzwei') == '"Ein \\"Feed\\" \\\\ hier\\a zwei"'
