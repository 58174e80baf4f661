"""Everything a page shows about the blog: sidebars, post headers, listing pages.

All of it is computed here from the plain post records; the templates only
display the values. Listing pages (all posts, tags, categories, authors,
archives) replace ABlog's, whose markup is invalid HTML and which renders
every post's doctree again for every page it is listed on.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from blogkit import background
from blogkit.pagecache import keep_stamps, page_stamps, recorded_stamps
from blogkit.posts import (
    Neighbours,
    PostRecord,
    is_draft,
    is_post,
    listings_unchanged,
    neighbours_of,
    published,
)
from blogkit.site import site_timezone, site_url
from blogkit.slug import slugify

logger = logging.getLogger(__name__)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Kinds of name a post carries, with the page folder and the headings they get.
KINDS = {
    "tags": ("tag", "Tags", "Posts tagged"),
    "categories": ("category", "Categories", "Posts in"),
    "authors": ("author", "Authors", "Posts by"),
}


def display_date(moment: datetime, timezone: ZoneInfo) -> str:
    # Month names are spelled here, not by strftime, so the build machine's
    # locale cannot change the output.
    local = moment.astimezone(timezone)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def iso_date(moment: datetime, timezone: ZoneInfo) -> str:
    return moment.astimezone(timezone).isoformat()


@dataclass
class BlogIndex:
    """The blog's published posts, grouped the ways pages show them."""

    posts: list[PostRecord]
    blog_path: str
    names: dict[str, dict[str, list[PostRecord]]] = field(default_factory=dict)
    years: dict[int, list[PostRecord]] = field(default_factory=dict)
    _neighbours: Neighbours = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._neighbours = neighbours_of(self.posts)
        for kind in KINDS:
            grouped: dict[str, list[PostRecord]] = defaultdict(list)
            for post in self.posts:
                for name in getattr(post.meta, kind):
                    grouped[name].append(post)
            self.names[kind] = dict(sorted(grouped.items(), key=lambda item: item[0].casefold()))
        by_year: dict[int, list[PostRecord]] = defaultdict(list)
        for post in self.posts:
            if post.date:
                by_year[post.date.year].append(post)
        self.years = dict(sorted(by_year.items(), reverse=True))

    # Page names, in ABlog's scheme so that ABlog's references keep working.
    @property
    def all_posts_page(self) -> str:
        return self.blog_path

    def catalog_page(self, kind: str) -> str:
        return f"{self.blog_path}/{KINDS[kind][0]}"

    def name_page(self, kind: str, name: str) -> str:
        return f"{self.catalog_page(kind)}/{slugify(name)}"

    @property
    def archive_page(self) -> str:
        return f"{self.blog_path}/archive"

    def year_page(self, year: int) -> str:
        return f"{self.archive_page}/{year}"

    def feed_files(self, page: str) -> dict[str, str]:
        """Feed files for a listing page: the blog's at blog/, a tag's beside its page."""
        folder = self.blog_path if page == self.all_posts_page else page
        return {"atom": f"{folder}/atom.xml", "rss": f"{folder}/rss.xml"}

    def neighbours(self, docname: str) -> tuple[PostRecord | None, PostRecord | None]:
        """The next older and next newer published post."""
        return self._neighbours.get(docname, (None, None))


def blog_index(app: Sphinx) -> BlogIndex:
    """The index for this build, computed once after reading."""
    digest = app.env.blogkit_digest
    cached = getattr(app, "_blogkit_index", None)
    if cached is None or cached[0] != digest or cached[1] is not app.env:
        index = BlogIndex(published(app.env, app.config), app.config.blog_path)
        app._blogkit_index = (digest, app.env, index)
        return index
    return cached[2]


class Links:
    """Links from one page to pages and files of the site.

    Relative everywhere but on the 404 page, which the host serves at any
    depth: there they are absolute paths under the site's URL path.
    """

    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.builder = app.builder
        self.here = app.builder.get_target_uri(pagename)
        self.pagename = pagename
        self.absolute_root = None
        if pagename == app.config.notfound_pagename:
            self.absolute_root = urlsplit(site_url(app.config)).path
        # A relative link depends only on the folder it starts from: shared by its pages.
        self.cache: dict = app.__dict__.setdefault("_blogkit_links", {}).setdefault(self.folder, {})

    @property
    def folder(self) -> str:
        """What the links depend on: the page's folder, or the absolute root."""
        return self.absolute_root or posixpath.dirname(self.here)

    @property
    def base(self) -> str:
        # Any name in the page's folder: links from there never collapse to "" the way
        # a page's link to itself does, so they can be shared by the whole folder.
        return posixpath.join(posixpath.dirname(self.here), "_")

    def page(self, docname: str) -> str:
        if docname not in self.cache:
            if self.absolute_root is not None:
                self.cache[docname] = self.absolute_root + self.builder.get_target_uri(docname)
            else:
                self.cache[docname] = relative_uri(self.base, self.builder.get_target_uri(docname))
        return self.cache[docname]

    def file(self, path: str) -> str:
        if self.absolute_root is not None:
            return self.absolute_root + path
        return relative_uri(self.base, path)


def post_summary(post: PostRecord, links: Links, index: BlogIndex, tz: ZoneInfo) -> dict[str, Any]:
    """What a listing shows of one post, computed once per folder (its links are relative)."""
    key = ("summary", post.docname)
    if key not in links.cache:
        links.cache[key] = _post_summary(post, links, index, tz)
    return links.cache[key]


def _post_summary(post: PostRecord, links: Links, index: BlogIndex, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "title": post.title,
        "url": links.page(post.docname),
        "date": display_date(post.date, tz) if post.date else "",
        "datetime": iso_date(post.date, tz) if post.date else "",
        "draft": is_draft(post),
        "excerpt_html": post.excerpt_html,
        "reading_minutes": post.reading_minutes,
        "tags": [
            {"name": name, "url": links.page(index.name_page("tags", name))}
            for name in post.meta.tags
        ],
    }


def sidebar(index: BlogIndex, links: Links, recent: int) -> dict[str, Any]:
    """The blog's sections of the left sidebar."""
    return {
        "all_posts_url": links.page(index.all_posts_page),
        "recent": [{"title": p.title, "url": links.page(p.docname)} for p in index.posts[:recent]],
        "tags": _name_entries(index, "tags", links),
        "tags_url": links.page(index.catalog_page("tags")),
        "categories": _name_entries(index, "categories", links),
        "categories_url": links.page(index.catalog_page("categories")),
        "years": [
            {"year": year, "count": len(posts), "url": links.page(index.year_page(year))}
            for year, posts in index.years.items()
        ],
        "archive_url": links.page(index.archive_page),
        "feeds": _feed_links(index, index.all_posts_page, links),
    }


SIDEBAR_SECTIONS = ("recent", "tags", "categories", "archives", "subscribe")


def sidebar_html(app: Sphinx, index: BlogIndex, links: Links) -> Markup:
    """The sidebar sections, rendered once per folder and reused by every page in it.

    Every link in them is relative, so all pages of one folder show the same
    HTML; rendering it per page was most of the blog's cost on top of Sphinx's.
    """
    key = (id(index), links.folder)
    cache: dict = app.__dict__.setdefault("_blogkit_sidebars", {})
    if key not in cache:
        values = {"blog_sidebar": sidebar(index, links, app.config.blog_recent_posts)}
        cache[key] = Markup(
            "\n".join(
                app.builder.templates.render(f"blog/sidebar/{name}.html", values)
                for name in SIDEBAR_SECTIONS
            )
        )
    return cache[key]


def _name_entries(index: BlogIndex, kind: str, links: Links) -> list[dict[str, Any]]:
    return [
        {"name": name, "count": len(posts), "url": links.page(index.name_page(kind, name))}
        for name, posts in index.names[kind].items()
    ]


def _feed_links(index: BlogIndex, page: str, links: Links) -> dict[str, str]:
    return {kind: links.file(path) for kind, path in index.feed_files(page).items()}


def post_header(post: PostRecord, index: BlogIndex, links: Links, tz: ZoneInfo) -> dict[str, Any]:
    """Date, reading time, authors, categories and tags of a post page."""
    summary = dict(post_summary(post, links, index, tz))
    for kind in ("authors", "categories"):
        summary[kind] = [
            {"name": name, "url": links.page(index.name_page(kind, name))}
            for name in getattr(post.meta, kind)
        ]
    if post.meta.updated and post.meta.updated != post.date:
        summary["updated"] = display_date(post.meta.updated, tz)
        summary["updated_datetime"] = iso_date(post.meta.updated, tz)
    return summary


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """html-page-context: the blog's part of every page."""
    if app.builder.format != "html":
        return
    index = blog_index(app)
    links = Links(app, pagename)
    tz = site_timezone(app.config)
    context["blog_sidebar_html"] = sidebar_html(app, index, links)
    page_feeds = context.get("blog_page_feeds") or index.all_posts_page
    context["blog_feeds"] = {
        "title": context.get("blog_feed_title") or app.config.blog_title,
        **_feed_links(index, page_feeds, links),
    }
    if is_post(pagename, app.config) and pagename in app.env.blogkit_posts:
        post = app.env.blogkit_posts[pagename]
        context["blog_post"] = post_header(post, index, links, tz)
        older, newer = index.neighbours(pagename)
        # Furo's footer shows these as its "Previous" and "Next" links; Sphinx's titles are HTML.
        context["prev"] = (
            {"title": escape(older.title), "link": links.page(older.docname)} if older else None
        )
        context["next"] = (
            {"title": escape(newer.title), "link": links.page(newer.docname)} if newer else None
        )


@dataclass(frozen=True)
class ListingPage:
    """One generated page: a list of posts, or groups of them (catalog)."""

    name: str
    title: str
    posts: list[PostRecord] = field(default_factory=list)
    groups: dict[str, tuple[str, list[PostRecord]]] | None = None  # label -> (page, posts)
    feeds: bool = False


def listing_plan(index: BlogIndex) -> list[ListingPage]:
    """Every listing page of the blog: all posts, catalogs of names, a page per name and year."""
    plan = [ListingPage(index.all_posts_page, "All posts", index.posts, feeds=True)]
    for kind, (_folder, heading, prefix) in KINDS.items():
        groups = {
            name: (index.name_page(kind, name), posts) for name, posts in index.names[kind].items()
        }
        plan.append(ListingPage(index.catalog_page(kind), heading, groups=groups))
        plan += [
            ListingPage(page, f"{prefix} {name}", posts, feeds=kind != "authors")
            for name, (page, posts) in groups.items()
        ]
    years = {str(year): (index.year_page(year), posts) for year, posts in index.years.items()}
    plan.append(ListingPage(index.archive_page, "Archives", groups=years))
    plan += [ListingPage(page, f"Posts from {y}", posts) for y, (page, posts) in years.items()]
    return plan


def listing_page_names(index: BlogIndex) -> list[str]:
    return [page.name for page in listing_plan(index)]


def start_listing_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: in a parallel build, start the listing pages as writing starts.

    They need only what reading recorded, not a written page: their process
    runs beside Sphinx's writers, in the time those leave idle. The first
    document is resolved in the main process once the writers' templates and
    context are ready (a serial build writes them after every page: listing_pages).
    """
    if (
        "_blogkit_listing_started" in app.__dict__
        or app.builder.format != "html"
        or not background.available(app)
        or app.builder.phase != BuildPhase.RESOLVING
    ):
        return
    app.__dict__["_blogkit_listing_started"] = True
    background.run_in_background(app, _write_listing_pages, app, keep_stamps, idle=True)


def listing_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: render the listing plan with Furo-native templates.

    In a parallel build they are written by another process (blogkit.background),
    started when the first document was written, or now if none was.
    """
    if app.builder.format != "html" or app.__dict__.get("_blogkit_listing_started"):
        return
    if not background.run_in_background(app, _write_listing_pages, app, keep_stamps):
        yield from _changed_listing_pages(app)


def _write_listing_pages(app: Sphinx) -> dict[str, Any]:
    """Write the listing pages that changed; returns their stamps for the next build."""
    for name, context, template in _changed_listing_pages(app):
        app.builder.handle_page(name, context, template)
    return recorded_stamps(app)


def _changed_listing_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    index = blog_index(app)
    tz = site_timezone(app.config)
    stamps = page_stamps(app)
    plan = []
    for page in listing_plan(index):
        if page.name in app.env.found_docs:
            # ABlog silently replaced such a page; a writer's page is never overwritten.
            logger.warning(
                "the page %s is generated by the blog (%s); rename or move this document",
                page.name,
                page.title,
                location=page.name,
                type="blog",
                subtype="page",
            )
        else:
            plan.append(page)
    # After an edit that no listing shows (a post's body), no page's inputs need hashing.
    if listings_unchanged(app) and stamps.carry_over([page.name for page in plan]):
        return
    for page in plan:
        inputs = (app.env.blogkit_digest, page.name, page.title, page.feeds)
        if page.groups is None:
            inputs += tuple(p.listing_key for p in page.posts)
        else:
            inputs += tuple(
                (label, target, *(p.listing_key for p in posts))
                for label, (target, posts) in page.groups.items()
            )
        if stamps.unchanged(page.name, [Path(app.builder.get_outfilename(page.name))], inputs):
            continue
        links = Links(app, page.name)
        # A page's title is HTML to Sphinx and Furo: a tag such as "C++ & Rust" is escaped.
        context: dict[str, Any] = {"title": escape(page.title)}
        if page.groups is None:
            context["blog_listing"] = [post_summary(p, links, index, tz) for p in page.posts]
            template = "blog/listing.html"
        else:
            context["blog_groups"] = [
                {
                    "name": label,
                    "url": links.page(target),
                    "posts": [post_summary(p, links, index, tz) for p in posts],
                }
                for label, (target, posts) in page.groups.items()
            ]
            template = "blog/catalog.html"
        if page.feeds:
            context["blog_page_feeds"] = page.name
            context["blog_feed_title"] = f"{app.config.blog_title}: {page.title}"
        yield page.name, context, template


class latest_posts(nodes.General, nodes.Element):
    """Placeholder for the newest posts, filled in when the page is written."""


class LatestPostsDirective(SphinxDirective):
    """``{latest-posts} N``: the N newest posts with their excerpts."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        count = int(self.arguments[0]) if self.arguments else self.config.blog_recent_posts
        self.env.blogkit_listing_docs.add(self.env.docname)
        return [latest_posts(count=count)]


def fill_latest_posts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: render the newest posts into their placeholder."""
    for node in list(doctree.findall(latest_posts)):
        if app.builder.format != "html":
            node.replace_self([])
            continue
        index = blog_index(app)
        links = Links(app, docname)
        tz = site_timezone(app.config)
        posts = [post_summary(p, links, index, tz) for p in index.posts[: node["count"]]]
        rendered = app.builder.templates.render(
            "blog/post-list.html",
            {"posts": posts, "all_posts_url": links.page(index.all_posts_page)},
        )
        node.replace_self(nodes.raw("", rendered, format="html"))


class post_meta(nodes.General, nodes.Element):
    """Where a post's date, reading time and draft banner go, rendered by the writer."""


def insert_post_header(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: mark the place just under a post's title for its details.

    Only the place is marked here: doctrees are resolved one after another in
    the main process of a parallel build, while the writers render in parallel
    (post_meta_visitor). The details are not page text, so search does not index them.
    """
    if app.builder.format != "html" or docname not in app.env.blogkit_posts:
        return
    for section in doctree.findall(nodes.section):
        title = section[0] if section.children else None
        if isinstance(title, nodes.title):
            section.insert(1, post_meta(docname=docname))
            return


def post_meta_visitor(app: Sphinx) -> Callable[[Any, post_meta], None]:
    """The HTML writer's visitor for post_meta, for this application.

    The writer is handed the application here, not through ``builder.app``,
    which Sphinx deprecates (and warns about on every call, once per post).
    """

    def visit_post_meta(translator: Any, node: post_meta) -> None:
        post = app.env.blogkit_posts[node["docname"]]
        links = Links(app, node["docname"])
        header = post_header(post, blog_index(app), links, site_timezone(app.config))
        translator.body.append(
            app.builder.templates.render("blog/post-header.html", {"blog_post": header})
        )
        raise nodes.SkipNode

    return visit_post_meta


def forget_listing_doc(app: Sphinx, env: Any, docname: str) -> None:
    env.blogkit_listing_docs.discard(docname)


def merge_listing_docs(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    env.blogkit_listing_docs |= other.blogkit_listing_docs & docnames
