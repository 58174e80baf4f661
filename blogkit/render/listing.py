"""Listing pages: all posts, tags, categories, authors, archives.

They replace ABlog's, whose markup is invalid HTML and which renders every
post's doctree again for every page it is listed on. Computed from the plain
post records; the templates only display the values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util import logging

from blogkit.config import site_timezone
from blogkit.i18n import _
from blogkit.incremental import background
from blogkit.incremental.pagecache import keep_stamps, page_stamps, recorded_stamps
from blogkit.incremental.rewrite import listings_unchanged
from blogkit.model.index import KINDS, OPTIONAL_KINDS, SERIES, BlogIndex, blog_index
from blogkit.model.records import PostRecord
from blogkit.render.links import Links
from blogkit.render.summary import pinned, post_summary
from blogkit.speedups.frames import KEY as FRAME
from blogkit.state import build_state

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListingPage:
    """One generated page: a list of posts (one page of them), or groups of them (catalog)."""

    name: str
    title: str
    posts: list[PostRecord] = field(default_factory=list)
    groups: dict[str, tuple[str, list[PostRecord]]] | None = None  # label -> (page, posts)
    feeds: bool = False
    #: The posts are the parts of a series, listed in reading order and numbered.
    numbered: bool = False
    #: The listing's own page (its first), whose feeds every page of it announces.
    listing: str = ""
    #: Which page of the listing this is, of how many; where its posts start in the listing.
    number: int = 1
    pages: int = 1
    start: int = 0
    #: How many posts the whole listing has (a series part is "Part n of N").
    total: int = 0
    #: The pinned posts this page shows at its top, marked as such.
    pinned: tuple[str, ...] = ()
    #: The title of the listing's first page: its feeds' title.
    listing_title: str = ""


def paginated(
    index: BlogIndex,
    name: str,
    title: str,
    posts: list[PostRecord],
    pins: bool = False,
    **options: Any,
) -> list[ListingPage]:
    """A listing as its pages: ``name`` shows the first ``per_page`` posts, then page/2 ...

    ``pins``: the listing puts pinned posts first, and marks them.
    """
    chunks = index.pages_of(posts)
    pinned = {post.docname for post in posts if pins and post.meta.pinned}
    return [
        ListingPage(
            index.numbered_page(name, number),
            title if number == 1 else _page_title(title, number, len(chunks)),
            chunk,
            listing=name,
            number=number,
            pages=len(chunks),
            start=(number - 1) * index.per_page,
            total=len(posts),
            pinned=tuple(post.docname for post in chunk if post.docname in pinned),
            listing_title=title,
            **options,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def _page_title(title: str, number: int, pages: int) -> str:
    return _("%(title)s, page %(number)s of %(pages)s") % {
        "title": title,
        "number": number,
        "pages": pages,
    }


def listing_plan(index: BlogIndex) -> list[ListingPage]:
    """Every listing page of the blog: all posts, catalogs of names, a page per name and year.

    Lists of posts are cut into pages of ``blog_posts_per_page``; pinned
    posts come first in the list of all posts, so they are on its first page.
    """
    plan = paginated(
        index, index.all_posts_page, _("All posts"), index.pinned_first, feeds=True, pins=True
    )
    for kind, (_folder, heading, prefix) in KINDS.items():
        groups = {
            name: (index.name_page(kind, name), posts) for name, posts in index.names[kind].items()
        }
        if not groups and kind in OPTIONAL_KINDS:
            continue
        plan.append(ListingPage(index.catalog_page(kind), _(heading), groups=groups))
        for name, (page, posts) in groups.items():
            title = _(prefix) % {"name": index.shown_name(kind, name)}
            plan += paginated(index, page, title, posts, feeds=kind != "authors")
    if index.series:
        _folder, heading, prefix = SERIES
        groups = {name: (index.series_page(name), parts) for name, parts in index.series.items()}
        plan.append(ListingPage(index.series_catalog_page, _(heading), groups=groups))
        for name, (page, parts) in groups.items():
            title = _(prefix) % {"name": name}
            plan += paginated(index, page, title, parts, feeds=True, numbered=True)
    years = {str(year): (index.year_page(year), posts) for year, posts in index.years.items()}
    plan.append(ListingPage(index.archive_page, _("Archives"), groups=years))
    for year, (page, posts) in years.items():
        plan += paginated(index, page, _("Posts from %(year)s") % {"year": year}, posts)
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
    if build_state(app).listing_started or not background.writing_starts(app):
        return
    build_state(app).listing_started = True
    background.run_in_background(app, _write_listing_pages, app, keep_stamps, idle=True)


def listing_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: render the listing plan with Furo-native templates.

    In a parallel build they are written by another process (blogkit.incremental.background),
    started when the first document was written, or now if none was.
    """
    if app.builder.format != "html" or build_state(app).listing_started:
        return
    if not background.run_in_background(app, _write_listing_pages, app, keep_stamps):
        yield from _changed_listing_pages(app)


def _write_listing_pages(app: Sphinx, turns: background.Turns | None = None) -> dict[str, Any]:
    """Write the listing pages that changed (those this process takes its turn for, with
    ``turns``); returns their stamps for the next build."""
    for name, context, template in _changed_listing_pages(app, turns):
        app.builder.handle_page(name, context, template)
    return recorded_stamps(app)


def _changed_listing_pages(
    app: Sphinx, turns: background.Turns | None = None
) -> Iterator[tuple[str, dict[str, Any], str]]:
    index = blog_index(app)
    tz = site_timezone(app.config)
    stamps = page_stamps(app)
    # The process that shares the pages with the main process tells of these; the main
    # process, helping with what is left, does not tell them twice.
    warn = turns is None or not turns.helping()
    plan = []
    for page in listing_plan(index):
        if page.name in app.env.found_docs:
            if not warn:
                continue
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
    # Each post's listing key as text, once: a post is on several pages (its tags, year...).
    keys = {post.docname: repr(post.listing_key) for post in index.posts}
    for number in background.items(len(plan), turns):
        page = plan[number]
        # Not what the sidebar shows (every post's title, tag counts): a page whose own posts
        # did not change gets the new sidebar in place (blogkit.incremental.refresh).
        inputs = (page.name, page.title, page.feeds)
        inputs += (page.numbered, page.listing, page.number, page.pages, page.start, page.total)
        inputs += (page.pinned,)
        if page.groups is None:
            inputs += ("\n".join(keys[p.docname] for p in page.posts),)
        else:
            inputs += tuple(
                (label, target, "\n".join(keys[p.docname] for p in posts))
                for label, (target, posts) in page.groups.items()
            )
        if stamps.unchanged(page.name, [Path(app.builder.get_outfilename(page.name))], inputs):
            continue
        links = Links(app, page.name)
        # A page's title is HTML to Sphinx and Furo: a tag such as "C++ & Rust" is escaped.
        context: dict[str, Any] = {"title": escape(page.title)}
        if page.groups is None:
            body = {
                "blog_listing": listed_posts(page, links, index, tz),
                "blog_numbered": page.numbered,
                "blog_pagination": pagination(page, links, index),
            }
            context.update(body)
            # The list apart from the page around it, which the middle pages of a long
            # listing share but for their title, name and neighbours (blogkit.speedups.frames).
            context["blog_listing_body"] = Markup(
                app.builder.templates.render("blog/listing-body.html", body)
            )
            if frame := _frame(page, context):
                context[FRAME] = frame
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
            # Every page of a listing announces the listing's feeds.
            context["blog_page_feeds"] = page.listing
            context["blog_feed_title"] = f"{app.config.blog_title}: {page.listing_title}"
        yield page.name, context, template


def _frame(page: ListingPage, context: dict[str, Any]) -> tuple[tuple, tuple[str, ...]] | None:
    """A middle page of a long listing: its group and what varies between the group's pages.

    Pages 3 to the last but one of a listing are in one folder and link to
    pages of that folder both ways: the same page but for its list, title,
    name and neighbours' links (as the output holds them).
    """
    links = context["blog_pagination"]
    if not 3 <= page.number < page.pages or not links["newer"] or not links["older"]:
        return None
    group = (page.listing, page.pages, page.feeds, page.numbered)
    values = (
        str(context["blog_listing_body"]),
        page.name,
        str(context["title"]),
        f'href="{escape(links["newer"]["url"])}"',
        f'href="{escape(links["older"]["url"])}"',
    )
    return group, values


def listed_posts(
    page: ListingPage, links: Links, index: BlogIndex, tz: ZoneInfo
) -> list[dict[str, Any]]:
    """What a listing page shows of each of its posts: with a series part's number, a pin."""
    shown = []
    for position, post in enumerate(page.posts, start=page.start + 1):
        summary = post_summary(post, links, index, tz)
        if post.docname in page.pinned:
            summary = pinned(summary)
        if page.numbered:
            # The summary is shared by every page of the folder: the part number goes on a copy.
            part = _("Part %(number)s of %(total)s") % {"number": position, "total": page.total}
            summary = {**summary, "part": part}
        shown.append(summary)
    return shown


#: Page numbers shown on each side of the current one, besides the first and the last.
NEARBY_PAGES = 2


def pagination(page: ListingPage, links: Links, index: BlogIndex) -> dict[str, Any] | None:
    """The links between the pages of a listing: newer, older, and the page numbers.

    Shown on the page and, for the newer and older pages, as ``rel="prev"``
    and ``rel="next"`` (in the head and on the links). Only some numbers are
    listed on a long listing: the first, the last and those near this page.
    """
    if page.pages <= 1:
        return None

    def url(number: int) -> str:
        return links.page(index.numbered_page(page.listing, number))

    near = range(page.number - NEARBY_PAGES, page.number + NEARBY_PAGES + 1)
    shown = {1, page.pages} | {number for number in near if 1 <= number <= page.pages}
    # A gap of one page shows its number rather than an ellipsis.
    shown |= {number + 1 for number in shown if number + 2 in shown}
    numbers: list[dict[str, Any]] = []
    for number in sorted(shown):
        if numbers and number - numbers[-1]["number"] > 1:
            numbers.append({"number": number - 1, "gap": True})
        rel = {page.number - 1: "prev", page.number + 1: "next"}.get(number, "")
        numbers.append(
            {
                "number": number,
                "url": url(number),
                "current": number == page.number,
                "rel": rel,
                "label": _("Page %(number)s") % {"number": number},
            }
        )
    return {
        "label": str(_("Pages of this list")),
        "newer": {"url": url(page.number - 1), "label": str(_("Newer posts"))}
        if page.number > 1
        else None,
        "older": {"url": url(page.number + 1), "label": str(_("Older posts"))}
        if page.number < page.pages
        else None,
        "numbers": numbers,
    }
