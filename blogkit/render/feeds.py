"""Atom 1.0, RSS 2.0 and JSON Feed 1.1 for the blog and each tag, category, event and series.

Atom and RSS are built with feedgen, JSON Feed from the same entries by
blogkit.render.jsonfeed (feedgen has none), once the posts' pages are written
(in a parallel build, by another process while the main one finishes: see
blogkit.incremental.background). An entry's full text is the post's body
exactly as its page shows it, read back from the written page, with every
link and image made absolute. A feed's date
is its newest entry's, never the build time, so two builds of the same
sources write the same bytes. A blog with no published post gets feeds
without entries, so that the links to them work. Atom and RSS name a
stylesheet that shows them to a person who opens them in a browser
(blogkit.render.feedpage).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from sphinx.application import Sphinx
from sphinx.util import logging

from blogkit.config import site_url
from blogkit.i18n import _
from blogkit.incremental.background import run_in_background
from blogkit.incremental.pagecache import (
    BodyCache,
    keep_stamps,
    page_stamps,
    recorded_stamps,
    write_if_changed,
    written,
)
from blogkit.incremental.rewrite import listings_unchanged
from blogkit.model.domain import blog_data
from blogkit.model.index import KINDS, SERIES, BlogIndex, blog_index
from blogkit.model.records import PostRecord, is_draft
from blogkit.render.feedpage import Stylesheet, stylesheet_href
from blogkit.render.jsonfeed import json_feed, json_item
from blogkit.render.social import preview_image

logger = logging.getLogger(__name__)


def language_tag(language: str | None) -> str:
    """The site's language as the feeds name it: a BCP 47 tag, as Sphinx's pages write it.

    Sphinx takes ``pt_BR``; Atom's ``xml:lang``, RSS's ``language`` and JSON
    Feed's ``language`` must be a language tag (``pt-BR``).
    """
    return (language or "en").replace("_", "-")


#: The date of a feed with no entries: fixed, so that builds stay byte-identical.
NO_ENTRIES_DATE = datetime(1970, 1, 1, tzinfo=UTC)

#: Elements that are not part of what the writer wrote.
_NOT_CONTENT = (
    "//a[contains(concat(' ', @class, ' '), ' headerlink ')]"
    " | //*[contains(concat(' ', @class, ' '), ' system-message ')]"
    " | //*[contains(concat(' ', @class, ' '), ' blog-post-meta ')]"
    " | //*[contains(concat(' ', @class, ' '), ' blog-draft-banner ')]"
)


#: Where page.html puts a post's body: only that part of a written page is parsed.
BODY_START = '<div class="blog-post-body">'
BODY_END = "<!-- /blogkit post body -->"


def _post_body(html: str) -> lxml.html.HtmlElement | None:
    """The post body element of a written page, or None when the page has none."""
    start = html.find(BODY_START)
    end = html.find(BODY_END, start)
    if start >= 0 and end >= 0:
        return lxml.html.fragment_fromstring(html[start:end])
    # A site's own page template without the marker: look through the whole page.
    found = lxml.html.document_fromstring(html).xpath(
        "//div[contains(concat(' ', @class, ' '), ' blog-post-body ')]"
    )
    return found[0] if found else None


class Enclosures(BaseEntryExtension):
    """A post's local videos: Atom ``<link rel="enclosure">``, RSS ``<enclosure>`` (one).

    Written here, not with feedgen's ``enclosure()``: feedgen 1.0 drops an Atom
    entry link's rel, type and length (python-feedgen issue 135), which would
    make the video a second "alternate" page of the entry.
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for url, length, kind in self.items:
            etree.SubElement(entry, "link", rel="enclosure", href=url, type=kind, length=length)
        return entry

    def extend_rss(self, item: etree._Element) -> etree._Element:
        # RSS allows one enclosure per item: the post's first video.
        for url, length, kind in self.items[:1]:
            etree.SubElement(item, "enclosure", url=url, length=length, type=kind)
        return item


def _demo_in_feed(demo: lxml.html.HtmlElement, post_url: str) -> lxml.html.HtmlElement:
    """What a feed shows of a demo, which no feed reader can play: a poster linked to the post."""
    label = demo.get("data-demo-label") or _("Recorded demo")
    paragraph = lxml.html.Element("p", {"class": "blog-demo-link"})
    link = etree.SubElement(paragraph, "a", {"href": post_url})
    poster = demo.get("data-demo-poster")
    text = _("%(demo)s (play it on the post)") % {"demo": label}
    if poster:
        poster = urljoin(post_url, poster)
        etree.SubElement(link, "img", {"src": poster, "alt": text})
    else:
        link.text = f"▶ {text}"
    return paragraph


class FeedWriter:
    """Writes the feeds of one build, reading each post's body at most once."""

    def __init__(self, app: Sphinx, index: BlogIndex) -> None:
        self.app = app
        self.index = index
        self.base = site_url(app.config)
        self.outdir = Path(app.builder.outdir)
        #: Each post's body and the local videos it plays (as enclosures: URL, length, type).
        self.bodies: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
        self.cache = BodyCache(app)
        self.srcdir = Path(app.srcdir)
        self.dlfiles = app.env.dlfiles
        #: Each listed author's link (a page or a mailto: address), from blog_authors.
        self.author_links = {
            name: link for name, (_full, link) in app.config.blog_authors.items() if link
        }
        self.emails = {
            name: link.removeprefix("mailto:")
            for name, link in self.author_links.items()
            if link.startswith("mailto:")
        }

    def url(self, docname: str) -> str:
        return self.base + self.app.builder.get_target_uri(docname)

    def body(self, post: PostRecord) -> str:
        return self._read(post)[0]

    def enclosures(self, post: PostRecord) -> list[tuple[str, str, str]]:
        return self._read(post)[1]

    def _read(self, post: PostRecord) -> tuple[str, list[tuple[str, str, str]]]:
        if post.docname not in self.bodies:
            page = Path(self.app.builder.get_outfilename(post.docname))
            self.bodies[post.docname] = self.cache.get(
                post.docname, self.page_stamp(post), lambda: self._read_body(post, page)
            )
        return self.bodies[post.docname]

    def _read_body(self, post: PostRecord, page: Path) -> tuple[str, list[tuple[str, str, str]]]:
        body = _post_body(page.read_text(encoding="utf-8"))
        if body is None:
            return post.excerpt_html, []
        for heading in body.xpath(".//h1")[:1]:
            heading.drop_tree()
        for node in body.xpath("." + _NOT_CONTENT.replace(" | //", " | .//")):
            node.drop_tree()
        body.make_links_absolute(self.url(post.docname), resolve_base_href=False)
        enclosures = [
            self._enclosure(video.get("src"), video.get("type") or "")
            for video in body.xpath(".//video/source[@src]")
        ]
        for demo in body.xpath(".//*[contains(concat(' ', @class, ' '), ' blog-demo ')]"):
            demo.getparent().replace(demo, _demo_in_feed(demo, self.url(post.docname)))
        inner = (body.text or "").strip()
        html = inner + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
        return html, [enclosure for enclosure in enclosures if enclosure]

    def _enclosure(self, url: str, kind: str) -> tuple[str, str, str] | None:
        """A local video as a feed enclosure: its URL, size in bytes and type."""
        if not url.startswith(self.base):
            return None
        published = unquote(urlsplit(url).path[len(urlsplit(self.base).path) :])
        # Sphinx copies download files after the feeds are written: the size is the source's.
        sources = {
            f"_downloads/{dest.as_posix()}": name for name, (_d, dest) in self.dlfiles.items()
        }
        source = self.srcdir / sources[published] if published in sources else None
        return (url, str(source.stat().st_size), kind) if source and source.is_file() else None

    def page_stamp(self, post: PostRecord) -> str:
        page = Path(self.app.builder.get_outfilename(post.docname))
        return self.cache.stamp(post.docname, page)

    def person(self, name: str) -> dict[str, str]:
        person = {"name": self.index.shown_name("authors", name)}
        if name in self.emails:
            person["email"] = self.emails[name]
        return person

    def json_person(self, name: str) -> dict[str, str]:
        """An author as JSON Feed has them: a name, and a URL if blog_authors gives one."""
        person = {"name": self.index.shown_name("authors", name)}
        if name in self.author_links:
            person["url"] = self.author_links[name]
        return person

    def write(self, page: str, title: str, posts: list[PostRecord]) -> None:
        config = self.app.config
        # Drafts never reach a feed, not even in a preview: feeds outlive previews.
        entries = [p for p in posts if p.date and not is_draft(p)][: config.blog_feed_length]
        files = self.index.feed_files(page)
        outputs = [self.outdir / path for path in files.values()]
        stamps = page_stamps(self.app)
        # A feed changes only with its entries' records or their written pages.
        rewritten = written(self.app)
        if (
            listings_unchanged(self.app)
            and not any(p.docname in rewritten for p in entries)
            and stamps.carry_over([f"feed:{page}"])
        ):
            return
        inputs = (title, [p.listing_key for p in entries], [self.page_stamp(p) for p in entries])
        if stamps.unchanged(f"feed:{page}", outputs, inputs):
            return
        feed = FeedGenerator()
        feed.register_extension("enclosures", BaseExtension, Enclosures)
        feed.register_extension("stylesheet", Stylesheet)
        feed.id(self.url(page))
        feed.title(title)
        feed.subtitle(config.blog_feed_subtitle or title)
        feed.language(language_tag(config.language))
        feed.generator("blogkit")
        feed.author([self.person(name) for name in config.blog_authors] or {"name": config.author})
        # A feed with no entry yet (no published post) is still written, so that every
        # page's feed links work; its date is fixed, like every feed's.
        newest = max((p.updated for p in entries), default=NO_ENTRIES_DATE)
        feed.updated(newest)
        feed.lastBuildDate(newest)
        if entries:
            feed.pubDate(max(p.date for p in entries))
        items = []  # the JSON Feed's, entry by entry
        for post in entries:
            entry = feed.add_entry(order="append")
            url, content, enclosures = (
                self.url(post.docname),
                self.body(post),
                self.enclosures(post),
            )
            entry.id(url)
            entry.guid(url, permalink=True)
            entry.title(post.title)
            entry.link(href=url, rel="alternate")
            entry.published(post.date)
            entry.updated(post.updated)
            if post.meta.authors:
                entry.author([self.person(name) for name in post.meta.authors])
            for tag in post.meta.tags:
                entry.category(
                    term=tag, label=tag, scheme=self.url(self.index.name_page("tags", tag))
                )
            # The summary is plain text; RSS readers take a description as HTML (and Atom's
            # is said to be): escaped for HTML here, for XML by feedgen, the writer's words
            # come back as words, never as markup.
            entry.summary(html.escape(post.summary, quote=False), type="html")
            entry.content(content, type="html")
            entry.enclosures.items = enclosures
            authors = [self.json_person(name) for name in post.meta.authors]
            # The post's own image (front matter ``image``), never a generated card.
            image = preview_image(self.app, post) if post.image else None
            items.append(json_item(post, url, content, authors, image, enclosures))
        for kind, path in files.items():
            target = self.outdir / path
            if kind == "json":
                write_if_changed(target, self.json_feed(page, title, path, items))
                continue
            alternate = {"href": self.url(page), "rel": "alternate", "type": "text/html"}
            # feedgen gives RSS the last link as the channel link: the page, not the feed.
            feed.link([{"href": self.base + path, "rel": "self"}, alternate], replace=True)
            feed.stylesheet.href = stylesheet_href(path)
            data = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
            write_if_changed(target, data)

    def json_feed(self, page: str, title: str, path: str, items: list[dict]) -> bytes:
        """The JSON Feed at ``path``: the Atom feed's title, authors and entries."""
        config = self.app.config
        return json_feed(
            title=title,
            description=config.blog_feed_subtitle or title,
            home_page_url=self.url(page),
            feed_url=self.base + path,
            language=language_tag(config.language),
            authors=[self.json_person(name) for name in config.blog_authors]
            or [{"name": config.author}],
            items=items,
        )


def write_feeds(app: Sphinx) -> list:
    """html-collect-pages: every post page is written, so the feeds can be.

    In a parallel build they are written by another process, beside the
    listing pages (blogkit.incremental.background); their stamps come back when it ends.
    """
    if app.builder.format == "html" and not run_in_background(app, _write_all, app, keep_stamps):
        _write_all(app)
    return []


def _write_all(app: Sphinx) -> dict:
    """The blog's feeds, then one pair per tag and per category; returns their stamps."""
    index = blog_index(app)
    writer = FeedWriter(app, index)
    writer.write(index.all_posts_page, app.config.blog_title, index.posts)
    for kind in ("tags", "categories", "events"):
        prefix = KINDS[kind][2]
        for name, posts in index.names[kind].items():
            page = index.name_page(kind, name)
            writer.write(page, f"{app.config.blog_title}: {_(prefix) % {'name': name}}", posts)
    for name, parts in index.series.items():
        newest_first = sorted(parts, key=lambda p: p.sort_key)
        title = f"{app.config.blog_title}: {_(SERIES[2]) % {'name': name}}"
        writer.write(index.series_page(name), title, newest_first)
    writer.cache.save(keep=set(blog_data(app.env).posts))
    return recorded_stamps(app)
