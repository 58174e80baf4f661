"""The blog's published posts, grouped the ways pages show them: names, years, neighbours."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx

from blogkit.config import build_now
from blogkit.i18n import N_
from blogkit.model.domain import blog_data
from blogkit.model.records import Neighbours, PostRecord, neighbours_of, published
from blogkit.model.related import Related
from blogkit.model.slug import slugify
from blogkit.state import build_state

#: Kinds of name a post carries, with the page folder and the headings they get
#: (translated where they are shown; the page of one name: ``% {"name": name}``).
KINDS = {
    "tags": ("tag", N_("Tags"), N_("Posts tagged %(name)s")),
    "categories": ("category", N_("Categories"), N_("Posts in %(name)s")),
    "authors": ("author", N_("Authors"), N_("Posts by %(name)s")),
    # ABlog's too: its location and language pages.
    "locations": ("location", N_("Locations"), N_("Posts from %(name)s")),
    "languages": ("language", N_("Languages"), N_("Posts in %(name)s")),
    "events": ("event", N_("Events"), N_("Posts from %(name)s")),
}
#: Kinds whose catalog page exists only when some post names one (a blog need not have
#: events, locations or languages).
OPTIONAL_KINDS = ("locations", "languages", "events")
#: Series have a page each too, listing their parts in reading order (not newest first).
SERIES = ("series", N_("Series"), N_("Series: %(name)s"))


def group_by_name(posts: list[PostRecord], kind: str) -> dict[str, list[PostRecord]]:
    """Posts per name, names sorted; names that differ only in case are one.

    ``cicd`` and ``CICD`` share one page (their page name is the same): it
    is shown in the spelling most posts use (ties: the first in sort order),
    and lists every post that uses either.
    """
    grouped: dict[str, list[PostRecord]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        seen = set()
        for name in getattr(post.meta, kind):
            key = name.casefold()
            spellings[key][name] += 1
            if key not in seen:
                seen.add(key)
                grouped[key].append(post)
    shown = {key: min(c, key=lambda name, c=c: (-c[name], name)) for key, c in spellings.items()}
    named = ((shown[key], found) for key, found in grouped.items())
    return dict(sorted(named, key=lambda item: item[0].casefold()))


def series_of(records: list[PostRecord]) -> dict[str, list[PostRecord]]:
    """Each series' parts in reading order: numbered parts by number, then the rest by date.

    Spellings that differ only in case are one series, as for tags (group_by_name).
    """
    return {
        name: sorted(
            parts,
            key=lambda r: (
                r.meta.series_part is None,
                r.meta.series_part or 0,
                r.date.timestamp() if r.date else float("inf"),
                r.docname,
            ),
        )
        for name, parts in group_by_name(records, "series_names").items()
    }


def shown_of_others(
    records: list[PostRecord], related: dict[str, tuple[PostRecord, ...]] | None = None
) -> dict[str, tuple]:
    """What each post's page shows of other posts: neighbours, series' parts, related posts.

    When this changes for a post, its page must be written again. ``related``
    is ``related_posts(records, ...)`` when the caller has it already.
    """
    shown: dict[str, tuple] = {
        name: tuple(p and (p.docname, p.title) for p in pair)
        for name, pair in neighbours_of(records).items()
    }
    for name, parts in series_of(records).items():
        listed = (name, tuple((p.docname, p.title) for p in parts))
        for part in parts:
            shown[part.docname] = (*shown.get(part.docname, (None, None)), listed)
    if related is None:
        related = Related(records, build_now()).all()
    for name, others in related.items():
        listed = ("related", tuple((p.docname, p.title, p.date) for p in others))
        shown[name] = (*shown.get(name, (None, None)), listed)
    return shown


@dataclass
class BlogIndex:
    """The blog's published posts, grouped the ways pages show them."""

    posts: list[PostRecord]
    blog_path: str
    #: Names as pages show them, where ABlog's settings give their full form
    #: (``blog_authors = {"Cleo": ("Cleo Writer", link)}``): kind -> name -> shown.
    full_names: dict[str, dict[str, str]] = field(default_factory=dict)
    names: dict[str, dict[str, list[PostRecord]]] = field(default_factory=dict)
    years: dict[int, list[PostRecord]] = field(default_factory=dict)
    #: Each series' parts in reading order.
    series: dict[str, list[PostRecord]] = field(default_factory=dict)
    #: How many posts a listing page shows (``blog_posts_per_page``).
    per_page: int = 10
    _neighbours: Neighbours = field(default_factory=dict)
    _related: Related | None = None

    def __post_init__(self) -> None:
        self._neighbours = neighbours_of(self.posts)
        self.full_names = {kind: dict(shown) for kind, shown in self.full_names.items()}
        for kind in KINDS:
            self.names[kind] = group_by_name(self.posts, kind)
        by_year: dict[int, list[PostRecord]] = defaultdict(list)
        for post in self.posts:
            if post.date:
                by_year[post.date.year].append(post)
        self.years = dict(sorted(by_year.items(), reverse=True))
        self.series = series_of(self.posts)

    @property
    def pinned_first(self) -> list[PostRecord]:
        """The posts with the pinned ones first (newest first each): all posts, latest posts."""
        return sorted(self.posts, key=lambda post: not post.meta.pinned)

    # Page names, in ABlog's scheme so that ABlog's references keep working.
    @property
    def all_posts_page(self) -> str:
        return self.blog_path

    def numbered_page(self, listing: str, number: int) -> str:
        """The ``number``-th page of a listing: its own page first, then ``<listing>/page/<n>``."""
        return listing if number == 1 else f"{listing}/page/{number}"

    def pages_of(self, posts: list[PostRecord]) -> list[list[PostRecord]]:
        """A listing's posts in pages of ``per_page``; one (empty) page when there are none."""
        size = max(self.per_page, 1)
        return [posts[start : start + size] for start in range(0, len(posts), size)] or [[]]

    def catalog_page(self, kind: str) -> str:
        return f"{self.blog_path}/{KINDS[kind][0]}"

    def name_page(self, kind: str, name: str) -> str:
        return f"{self.catalog_page(kind)}/{slugify(name)}"

    @property
    def series_catalog_page(self) -> str:
        return f"{self.blog_path}/{SERIES[0]}"

    def series_page(self, name: str) -> str:
        return f"{self.series_catalog_page}/{slugify(name)}"

    def series_name(self, post: PostRecord) -> str | None:
        """The name of the post's series as its pages show it (the most used spelling)."""
        wanted = (post.meta.series or "").casefold()
        return next((name for name in self.series if name.casefold() == wanted), None)

    def series_parts(self, post: PostRecord) -> list[PostRecord]:
        """The parts of the post's series, in reading order (the post among them)."""
        return self.series.get(self.series_name(post) or "", [])

    @property
    def archive_page(self) -> str:
        return f"{self.blog_path}/archive"

    def year_page(self, year: int) -> str:
        return f"{self.archive_page}/{year}"

    def feed_files(self, page: str) -> dict[str, str]:
        """Feed files for a listing page: the blog's at blog/, a tag's beside its page."""
        folder = self.blog_path if page == self.all_posts_page else page
        return {
            "atom": f"{folder}/atom.xml",
            "rss": f"{folder}/rss.xml",
            "json": f"{folder}/feed.json",
        }

    def shown_name(self, kind: str, name: str) -> str:
        """A name as pages show it: its full form where ABlog's settings give one."""
        return self.full_names.get(kind, {}).get(name, name)

    def neighbours(self, docname: str) -> tuple[PostRecord | None, PostRecord | None]:
        """The next older and next newer published post."""
        return self._neighbours.get(docname, (None, None))

    @property
    def related(self) -> Related:
        """The posts' related posts (blogkit.model.related): ``index.related(docname)``.

        Each post's are chosen when first asked for: by pages_to_rewrite in the
        main process when posts changed (parallel writers inherit them), else
        only for the pages being written.
        """
        if self._related is None:
            self._related = Related(self.posts, build_now())
        return self._related


#: ABlog's settings that give a name its full form, as (full name, link).
FULL_NAME_SETTINGS = {
    "authors": "blog_authors",
    "locations": "blog_locations",
    "languages": "blog_languages",
}


def full_names(config: Any) -> dict[str, dict[str, str]]:
    """kind -> name -> the full name ABlog's settings give it (where they give one)."""
    found: dict[str, dict[str, str]] = {}
    for kind, setting in FULL_NAME_SETTINGS.items():
        for name, entry in (getattr(config, setting, None) or {}).items():
            if isinstance(entry, tuple | list) and entry and isinstance(entry[0], str) and entry[0]:
                found.setdefault(kind, {})[name] = entry[0]
    return found


def blog_index(app: Sphinx) -> BlogIndex:
    """The index for this build, computed once after reading."""
    state = build_state(app)
    digest = blog_data(app.env).data["digest"]
    if state.index is None or state.index[0] != digest:
        posts = published(app.env, app.config)
        index = BlogIndex(
            posts,
            app.config.blog_path,
            full_names(app.config),
            per_page=app.config.blog_posts_per_page,
        )
        state.index = (digest, index)
    return state.index[1]
