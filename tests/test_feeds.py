"""Atom, RSS and JSON Feed: valid, absolute, complete (stable across builds: test_reproducible.py).

Atom and RSS are checked by tests/feedcheck.py (RELAX NG schemas of RFC 4287
and RSS 2.0, and the W3C feed validator's other rules): here on the sample
blog, where each rule is also shown to reject a feed that breaks it. Every
other build that conftest's ``built()`` accepts has its feeds checked there,
and the shared sites' tests check theirs at the URL their conf.py sets
(test_conference.py, test_escaping.py, test_parallel.py, test_reusable.py,
test_site.py, test_config.py, test_hostile.py, test_init.py,
test_property.py, test_readthedocs.py).

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
from feedcheck import feed_problems, invalid_feeds, problems_by_feed

from blogkit.render.feedpage import css_string
from blogkit.render.feeds import language_tag

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
    assert invalid_feeds(build.outdir, BASE) == {}


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
    assert invalid_feeds(build.outdir, BASE) == {}


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


def test_every_atom_and_rss_feed_of_the_sample_blog_is_valid(sample_site: Build) -> None:
    checked = problems_by_feed(sample_site.outdir, BASE)
    # The blog's, and one per tag (3) and per category (2): Atom and RSS each.
    assert len(checked) == 12
    assert {feed: problems for feed, problems in checked.items() if problems} == {}


XHTML = "http://www.w3.org/1999/xhtml"
ATOM_ID = "https://test.example.org/posts/2024/third-time.html"
FIRST = "/a:feed/a:entry[1]"
ITEM = "/rss/channel/item[1]"
PI = "/processing-instruction('xml-stylesheet')"
STYLESHEET = 'type="text/css" href="../_static/blogkit-feed.css"'

#: One change to a valid feed: where (XPath), and what: None removes the nodes,
#: ("text", value), ("attr", name, value or None to remove), ("first", child XML).
Change = tuple[str, tuple | None]

#: Feeds broken one rule at a time, and words of the problem each must produce.
BROKEN: list[tuple[str, str, list[Change], str]] = [
    # Atom, the schema (RFC 4287).
    ("feed without id", "atom", [("/a:feed/a:id", None)], "atom schema"),
    (
        "two feed titles",
        "atom",
        [("/a:feed", ("first", f"<title xmlns='{ATOM[1:-1]}'>Twice</title>"))],
        "atom schema",
    ),
    ("entry without updated", "atom", [(f"{FIRST}/a:updated", None)], "atom schema"),
    ("entry without id", "atom", [(f"{FIRST}/a:id", None)], "atom schema"),
    (
        "an entry without author in a feed without one",
        "atom",
        [(f"/a:feed/a:author | {FIRST}/a:author", None)],
        "atom schema",
    ),
    (
        "date without a zone",
        "atom",
        [("/a:feed/a:updated", ("text", "2024-09-03T00:00:00"))],
        "atom schema",
    ),
    (
        "date with a lower-case t",
        "atom",
        [("/a:feed/a:updated", ("text", "2024-09-03t00:00:00Z"))],
        "atom schema",
    ),
    (
        "date that does not exist",
        "atom",
        [(f"{FIRST}/a:published", ("text", "2024-02-30T00:00:00Z"))],
        "atom schema",
    ),
    (
        "text construct of an unknown type",
        "atom",
        [("/a:feed/a:title", ("attr", "type", "markdown"))],
        "atom schema",
    ),
    (
        "xhtml text without its div",
        "atom",
        [("/a:feed/a:title", ("attr", "type", "xhtml"))],
        "atom schema",
    ),
    (
        "html content as markup, not escaped",
        "atom",
        [(f"{FIRST}/a:content", ("first", f"<b xmlns='{XHTML}'>bold</b>"))],
        "atom schema",
    ),
    (
        "link without href",
        "atom",
        [("/a:feed/a:link[@rel='alternate']", ("attr", "href", None))],
        "atom schema",
    ),
    (
        "category without term",
        "atom",
        [(f"{FIRST}/a:category", ("attr", "term", None))],
        "atom schema",
    ),
    (
        "unknown element of Atom's namespace",
        "atom",
        [("/a:feed", ("first", f"<note xmlns='{ATOM[1:-1]}'>x</note>"))],
        "atom schema",
    ),
    (
        "content elsewhere without summary",
        "atom",
        [
            (f"{FIRST}/a:content", ("attr", "src", ATOM_ID)),
            (f"{FIRST}/a:content", ("text", "")),
            (f"{FIRST}/a:summary", None),
        ],
        "atom schema",
    ),
    (
        "e-mail that is no address",
        "atom",
        [("/a:feed/a:author[1]/a:email", ("text", "Ada Writer"))],
        "atom schema",
    ),
    (
        "text media type holding markup",
        "atom",
        [
            (f"{FIRST}/a:content", ("attr", "type", "text/plain")),
            (f"{FIRST}/a:content", ("first", f"<b xmlns='{XHTML}'>bold</b>")),
        ],
        "atom schema",
    ),
    (
        "language that is not a language tag",
        "atom",
        [("/a:feed", ("attr", "{http://www.w3.org/XML/1998/namespace}lang", "pt_BR"))],
        "atom schema",
    ),
    # Atom, beyond the schema.
    (
        "relative link",
        "atom",
        [(f"{FIRST}/a:link", ("attr", "href", "posts/2024/third-time.html"))],
        "is not absolute",
    ),
    ("relative id", "atom", [(f"{FIRST}/a:id", ("text", "third-time"))], "is not an absolute IRI"),
    (
        "two entries, one id",
        "atom",
        [("/a:feed/a:entry[2]/a:id", ("text", ATOM_ID))],
        "entry ids used twice",
    ),
    (
        "self link elsewhere",
        "atom",
        [("/a:feed/a:link[@rel='self']", ("attr", "href", BASE + "blog/rss.xml"))],
        "self link",
    ),
    (
        "two alternate links of one type",
        "atom",
        [(FIRST, ("first", f"<link xmlns='{ATOM[1:-1]}' href='{BASE}x.html'/>"))],
        "two alternate links",
    ),
    (
        "entry without content or alternate link",
        "atom",
        [(f"{FIRST}/a:content | {FIRST}/a:link", None)],
        "no content and no alternate link",
    ),
    (
        "entry newer than the feed",
        "atom",
        [(f"{FIRST}/a:updated", ("text", "2030-01-01T00:00:00Z"))],
        "after the feed's updated",
    ),
    (
        "html content that does not parse",
        "atom",
        [(f"{FIRST}/a:content", ("text", "<p>one</b>"))],
        "HTML does not parse",
    ),
    (
        "html content with a script",
        "atom",
        [(f"{FIRST}/a:content", ("text", "<p><script>alert(1)</script></p>"))],
        "unsafe <script>",
    ),
    (
        "html content with an event handler",
        "atom",
        [(f"{FIRST}/a:content", ("text", "<p onclick='x()'>a</p>"))],
        "script in attributes",
    ),
    (
        "html content with a relative image",
        "atom",
        [(f"{FIRST}/a:content", ("text", "<p><img src='square.png' alt=''></p>"))],
        "relative URL 'square.png'",
    ),
    (
        "html summary with a relative link",
        "atom",
        [(f"{FIRST}/a:summary", ("text", "<a href='#more'>more</a>"))],
        "relative URL '#more'",
    ),
    # The stylesheet instruction, in both.
    (
        "stylesheet instruction unterminated",
        "atom",
        [(PI, ("text", STYLESHEET[:-1]))],
        "not pseudo-attributes",
    ),
    (
        "stylesheet that is not published",
        "rss",
        [(PI, ("text", STYLESHEET.replace("blogkit-feed", "missing")))],
        "names no published file",
    ),
    (
        "stylesheet of another type",
        "rss",
        [(PI, ("text", STYLESHEET.replace("text/css", "text/xsl")))],
        "not text/css",
    ),
    (
        "stylesheet without href",
        "atom",
        [(PI, ("text", 'type="text/css"'))],
        "xml-stylesheet: no href",
    ),
    # RSS 2.0, the schema.
    ("rss of another version", "rss", [("/rss", ("attr", "version", "0.91"))], "rss schema"),
    ("channel without description", "rss", [("/rss/channel/description", None)], "rss schema"),
    ("channel without link", "rss", [("/rss/channel/link", None)], "rss schema"),
    (
        "two channel titles",
        "rss",
        [("/rss/channel", ("first", "<title>Twice</title>"))],
        "rss schema",
    ),
    (
        "item without title or description",
        "rss",
        [(f"{ITEM}/title | {ITEM}/description", None)],
        "rss schema",
    ),
    (
        "isPermaLink neither true nor false",
        "rss",
        [(f"{ITEM}/guid", ("attr", "isPermaLink", "yes"))],
        "rss schema",
    ),
    ("ISO date", "rss", [(f"{ITEM}/pubDate", ("text", "2024-09-01T08:00:00+02:00"))], "rss schema"),
    (
        "enclosure without length",
        "rss",
        [(ITEM, ("first", f"<enclosure url='{BASE}a.webm' type='video/webm'/>"))],
        "rss schema",
    ),
    (
        "author without an address",
        "rss",
        [(ITEM, ("first", "<author>Ada Writer</author>"))],
        "rss schema",
    ),
    (
        "language that is not a language tag",
        "rss",
        [("/rss/channel/language", ("text", "pt_BR"))],
        "rss schema",
    ),
    # RSS, beyond the schema.
    (
        "date that does not exist",
        "rss",
        [(f"{ITEM}/pubDate", ("text", "Sat, 31 Feb 2024 08:00:00 +0200"))],
        "is not an RFC 822 date",
    ),
    (
        "date of an unknown zone",
        "rss",
        [("/rss/channel/lastBuildDate", ("text", "Tue, 03 Sep 2024 00:00:00 -0000"))],
        "has no time zone",
    ),
    (
        "item newer than the last build",
        "rss",
        [(f"{ITEM}/pubDate", ("text", "Sun, 01 Sep 2030 08:00:00 +0200"))],
        "after lastBuildDate",
    ),
    (
        "relative item link",
        "rss",
        [(f"{ITEM}/link", ("text", "posts/2024/third-time.html"))],
        "is not an absolute URL",
    ),
    (
        "permalink guid that is no URL",
        "rss",
        [(f"{ITEM}/guid", ("attr", "isPermaLink", None)), (f"{ITEM}/guid", ("text", "third-time"))],
        "permalink guid",
    ),
    (
        "two items, one guid",
        "rss",
        [("/rss/channel/item[2]/guid", ("text", ATOM_ID))],
        "guids used twice",
    ),
    (
        "self link elsewhere",
        "rss",
        [("/rss/channel/atom:link", ("attr", "href", BASE + "blog/atom.xml"))],
        "self link",
    ),
    (
        "description that does not parse",
        "rss",
        [(f"{ITEM}/description", ("text", "<p><div>x</div></p>"))],
        "HTML does not parse",
    ),
    (
        "content with a relative link",
        "rss",
        [(f"{ITEM}/content:encoded", ("text", "<a href='../x.html'>x</a>"))],
        "relative URL '../x.html'",
    ),
]

#: Changes that keep a feed valid: the checks are not stricter than the specs.
STILL_VALID: list[tuple[str, str, list[Change]]] = [
    (
        "extension elements",
        "atom",
        [
            ("/a:feed", ("first", "<x:note xmlns:x='urn:x'>x</x:note>")),
            (FIRST, ("first", "<x:note xmlns:x='urn:x'/>")),
        ],
    ),
    ("authors on every entry, none on the feed", "atom", [("/a:feed/a:author", None)]),
    (
        "xhtml text in its div",
        "atom",
        [
            ("/a:feed/a:title", ("attr", "type", "xhtml")),
            ("/a:feed/a:title", ("text", None)),
            ("/a:feed/a:title", ("first", f"<div xmlns='{XHTML}'>Test <b>Blog</b></div>")),
        ],
    ),
    (
        "a guid that is not a link",
        "rss",
        [
            (f"{ITEM}/guid", ("attr", "isPermaLink", "false")),
            (f"{ITEM}/guid", ("text", "tag:test,2024:3")),
        ],
    ),
    ("an item with a description only", "rss", [(f"{ITEM}/title", None)]),
    (
        "extension elements",
        "rss",
        [("/rss/channel", ("first", "<x:note xmlns:x='urn:x'>x</x:note>"))],
    ),
]


def changed(build: Build, kind: str, changes: list[Change]) -> bytes:
    """The blog's Atom or RSS feed, with ``changes`` made."""
    tree = etree.parse(str(build.outdir / f"blog/{kind}.xml"))
    namespaces = {
        "a": ATOM[1:-1],
        "atom": ATOM[1:-1],
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    for path, change in changes:
        nodes = tree.xpath(path, namespaces=namespaces)
        assert nodes, path
        for node in nodes:
            if change is None:
                node.getparent().remove(node)
            elif change[0] == "text":
                node.text = change[1]
            elif change[0] == "attr" and change[2] is None:
                del node.attrib[change[1]]
            elif change[0] == "attr":
                node.set(change[1], change[2])
            else:
                node.insert(0, etree.fromstring(change[1]))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    ("kind", "changes", "expected"),
    [case[1:] for case in BROKEN],
    ids=[f"{case[1]}: {case[0]}" for case in BROKEN],
)
def test_each_rule_rejects_a_feed_that_breaks_it(
    sample_site: Build, kind: str, changes: list[Change], expected: str
) -> None:
    problems = feed_problems(
        changed(sample_site, kind, changes), f"blog/{kind}.xml", sample_site.outdir, BASE
    )
    assert [problem for problem in problems if expected in problem], problems


@pytest.mark.parametrize(
    ("kind", "changes"),
    [case[1:] for case in STILL_VALID],
    ids=[f"{case[1]}: {case[0]}" for case in STILL_VALID],
)
def test_what_the_specs_allow_stays_valid(
    sample_site: Build, kind: str, changes: list[Change]
) -> None:
    assert (
        feed_problems(
            changed(sample_site, kind, changes), f"blog/{kind}.xml", sample_site.outdir, BASE
        )
        == []
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<rss version='2.0'><channel>", "not well-formed XML"),
        (b"<feed><title>No namespace</title></feed>", "neither Atom nor RSS"),
    ],
)
def test_what_is_not_a_feed_is_rejected(sample_site: Build, data: bytes, expected: str) -> None:
    problems = feed_problems(data, "blog/rss.xml", sample_site.outdir, BASE)
    assert [problem for problem in problems if expected in problem], problems


def test_feeds_name_the_language_with_a_language_tag(sample_site: Build) -> None:
    # Sphinx's "pt_BR" is no language tag (the schemas refuse it, see BROKEN): feeds say "pt-BR".
    assert [language_tag(name) for name in ("pt_BR", "de", None)] == ["pt-BR", "de", "en"]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for kind, change in (
        ("atom", ("/a:feed", ("attr", lang, "pt-BR"))),
        ("rss", ("/rss/channel/language", ("text", "pt-BR"))),
    ):
        data = changed(sample_site, kind, [change])
        assert feed_problems(data, f"blog/{kind}.xml", sample_site.outdir, BASE) == []
