"""Posts in the Sphinx build: checked, recorded as plain data, handed to ABlog clean.

Every document under ``blog_posts_dir`` is read by :func:`blogkit.frontmatter.read_post`
before ABlog sees it. Problems become Sphinx warnings (so the strict build
fails and lists all of them), and ABlog only ever receives normalised front
matter, so it can neither crash on a bad date nor misread a list.

The post record kept in the environment is plain data (strings, dates, one
rendered excerpt), never doctree nodes: it pickles small and merges cheaply
between parallel readers.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ablog.post import PostNode, _get_update_dates, _update_post_node
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from blogkit.excerpt import excerpt_html, first_paragraph, plain_summary, plain_text
from blogkit.frontmatter import PostMeta, Problem, Rules, find_collisions, read_post
from blogkit.site import build_now, shows_drafts, site_timezone

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 230


@dataclass(slots=True)
class PostRecord:
    """One post as the listings, sidebars and feeds need it."""

    docname: str
    meta: PostMeta
    title: str
    excerpt_html: str
    summary: str
    words: int

    @property
    def date(self) -> datetime | None:
        return self.meta.date

    @property
    def updated(self) -> datetime | None:
        return self.meta.updated or self.meta.date

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def listing_key(self) -> tuple:
        """Everything a listing shows of the post: if it is unchanged, so is the listing."""
        m = self.meta
        minutes = self.reading_minutes
        return (self.docname, self.title, m.date, m.draft, self.excerpt_html, minutes, m.tags)

    @property
    def sort_key(self) -> tuple:
        """Newest first; undated drafts last; ties broken by name for stable output."""
        stamp = self.date.timestamp() if self.date else float("-inf")
        return (-stamp, self.docname)


def rules_for(config: Config) -> Rules:
    return Rules(timezone=site_timezone(config), authors=tuple(config.blog_authors))


def is_post(docname: str, config: Config) -> bool:
    return docname.startswith(config.blog_posts_dir.rstrip("/") + "/")


def report(problem: Problem) -> None:
    """A writer's mistake, as a warning that names file, line and field."""
    logger.warning(
        problem.message,
        location=f"{problem.path}:{problem.line}",
        type="blog",
        subtype=problem.field or "post",
    )


def leave_out_drafts(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: drafts and scheduled posts are not read at all in production.

    Taking them out of the found documents before reading is what keeps them
    out of every output: no page, no listing, no search entry, no feed entry,
    no sitemap entry; a post that becomes a draft is removed like a deleted
    one. Unlike exclude_patterns, this does not count as a configuration
    change, so a new draft does not force a full rebuild. Each post's front
    matter is read again only when its file changed (front_matter). Problems in drafts are
    still reported, so a broken draft does not hide.
    """
    if shows_drafts(app.config):
        return []
    rules = rules_for(app.config)
    now = build_now()
    posts = sorted(name for name in env.found_docs if is_post(name, app.config))
    left_out = []
    for docname in posts:
        meta, problems = front_matter(env, docname, rules)
        if meta.is_draft(now):
            left_out.append(docname)
            for problem in problems:
                report(problem)
    scans = _front_matter_cache(env)
    for gone in set(scans) - set(posts):
        del scans[gone]
    for docname in left_out:
        env.found_docs.discard(docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    if left_out:
        shown = ", ".join(str(Path(env.doc2path(d)).relative_to(env.srcdir)) for d in left_out)
        logger.info("blog: %d draft(s) left out of this build: %s", len(left_out), shown)
    return []


def _front_matter_cache(env: BuildEnvironment) -> dict[str, tuple]:
    return env.__dict__.setdefault("blogkit_front_matter", {})


def front_matter(
    env: BuildEnvironment, docname: str, rules: Rules
) -> tuple[PostMeta, list[Problem]]:
    """What a post's source says, read again only when the file or the rules changed.

    A production build reads every post's front matter before reading any
    document (to leave drafts out); reading the post itself then reuses it.
    The cache lives in the environment, so it also spans builds.
    """
    source = Path(env.doc2path(docname))
    stat = source.stat()
    key = (stat.st_mtime_ns, stat.st_size, rules)
    cache = _front_matter_cache(env)
    if docname not in cache or cache[docname][0] != key:
        relative = source.relative_to(env.srcdir).as_posix()
        meta, problems = read_post(source.read_text(encoding="utf-8"), relative, rules)
        cache[docname] = (key, meta, tuple(problems))
    _key, meta, problems = cache[docname]
    return meta, problems


class ReadPost(SphinxTransform):
    """Check a post and record it, before ABlog's CheckFrontMatter (priority 800)."""

    default_priority = 790

    def apply(self, **kwargs: object) -> None:
        env = self.env
        if not is_post(env.docname, self.config):
            return
        meta, problems = front_matter(env, env.docname, rules_for(self.config))
        for problem in problems:
            report(problem)
        # Kept until the post is read again, and reported again by every build:
        # an incremental build that does not reread a broken post still fails.
        if problems:
            env.blogkit_problems[env.docname] = problems
        else:
            env.blogkit_problems.pop(env.docname, None)
        # The title as the page shows it: markup such as `code` rendered, inline HTML left out.
        heading = self.document.next_node(nodes.title)
        title = (plain_text(heading) if heading is not None else "") or meta.title or meta.slug
        paragraph = first_paragraph(self.document)
        env.blogkit_posts[env.docname] = PostRecord(
            docname=env.docname,
            meta=meta,
            title=title,
            excerpt_html=excerpt_html(paragraph) if paragraph else "",
            summary=meta.description or (plain_summary(paragraph) if paragraph else title),
            words=_word_count(self.document),
        )
        _hand_to_ablog(env, self.document, meta)


def _word_count(document: nodes.document) -> int:
    """Words of running text: front matter and other field lists do not count."""
    words = 0
    pending: list[nodes.Node] = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Text):
            words += len(node.astext().split())
        elif not isinstance(node, nodes.docinfo | nodes.field_list):
            pending.extend(node.children)
    return words


def _hand_to_ablog(env: BuildEnvironment, document: nodes.document, meta: PostMeta) -> None:
    """Give Sphinx a post's metadata from checked values, and ABlog no docinfo to read.

    ABlog's own reader (CheckFrontMatter) would take them from the docinfo:
    dates parsed by dateutil (day/month guessing, naive/aware crashes), lists
    split on commas, three walks over the whole post. The docinfo goes; the
    metadata Sphinx would have taken from it is recorded directly, and
    record_for_ablog writes ABlog's post record.
    """
    # Docutils only ever makes a docinfo of the document's first element.
    for docinfo in [child for child in document.children if isinstance(child, nodes.docinfo)]:
        document.remove(docinfo)
    # orphan: posts are reached through listings, never through a toctree.
    fields: dict[str, object] = {"blogpost": "true", "orphan": True}
    if meta.date:
        fields["date"] = meta.date.replace(tzinfo=None).isoformat(sep=" ")
    for key, names in (
        ("author", meta.authors),
        ("category", meta.categories),
        ("tags", meta.tags),
    ):
        if names:
            fields[key] = ", ".join(names)
    env.metadata[env.docname].update(fields)


#: What ABlog records of a post that blogkit's front matter does not set: ABlog's defaults.
_ABLOG_DEFAULTS = {
    key: value
    for key, value in _update_post_node(PostNode(), {}, []).attributes.items()
    if key not in nodes.Element.basic_attributes
}


class HtmlExcerpt:
    """A post's excerpt for ABlog: the rendered HTML, as a node only when ABlog asks.

    ABlog keeps a list of excerpt nodes in every post record, for the whole
    build; only its postlist directive with ``:excerpts:`` ever reads them.
    """

    __slots__ = ("html",)

    def __init__(self, html: str) -> None:
        self.html = html

    def __bool__(self) -> bool:
        return bool(self.html)

    def __len__(self) -> int:
        return 1 if self.html else 0

    def __iter__(self) -> Iterator[nodes.raw]:
        if self.html:
            yield nodes.raw("", self.html, format="html")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HtmlExcerpt) and other.html == self.html

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"HtmlExcerpt({self.html!r})"


def record_for_ablog(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the post record ABlog's process_posts would make, made from ours.

    ABlog's own, made from a post node, deep-copies the whole document for
    every post (its single-post branch copies ``section`` where it means
    ``section[0]``) only to keep it in the environment, and parses the date
    once more. This one holds what ABlog holds otherwise, with ABlog's
    defaults, so its postlist directive, its update notes and the post's
    reference label work as before; the excerpt is the one blogkit rendered.
    """
    env = app.env
    record = env.blogkit_posts.get(env.docname)
    if record is None:
        return
    meta = record.meta
    date = meta.date.replace(tzinfo=None) if meta.date else None
    # ABlog's own: titles each {update} note "Updated on ..." and returns the dates.
    updates = _get_update_dates(doctree, env.docname, app.config.post_date_format)
    title = record.title
    info = {
        # Names as tuples (ABlog only reads them): one record stays a few objects, not twenty.
        **{key: tuple(v) if isinstance(v, list) else v for key, v in _ABLOG_DEFAULTS.items()},
        "docname": env.docname,
        "section": "",
        "order": 1,
        "date": date,
        "update": max([moment for moment in [*updates, date] if moment], default=None),
        "title": title,
        "excerpt": HtmlExcerpt(record.excerpt_html),
        "tags": meta.tags,
        "author": meta.authors,
        "category": meta.categories,
        "doctree": None,
    }
    env.ablog_posts[env.docname] = [info]
    # The post's reference label as ABlog names it: the file's name, or an index's folder.
    folder, label = posixpath.split(env.docname)
    if label == "index":
        label = posixpath.basename(folder)
    standard = env.domains.standard_domain.data
    standard["labels"][label] = (env.docname, label, title)
    standard["anonlabels"][label] = (env.docname, label)


def merge_ablog_records(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """env-merge-info: ABlog does not merge its records itself (it reads serially)."""
    mine = env.__dict__.setdefault("ablog_posts", {})
    theirs = getattr(other, "ablog_posts", {})
    mine.update({name: theirs[name] for name in docnames if name in theirs})


def purge_post(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.blogkit_posts.pop(docname, None)
    env.blogkit_problems.pop(docname, None)


def note_docs_being_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: what this build reads (and so reports) itself."""
    app.__dict__["_blogkit_reading"] = set(docnames)


def report_unread_problems(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: problems of posts this build did not read again are still problems."""
    reading = app.__dict__.get("_blogkit_reading", set())
    for docname, problems in sorted(env.blogkit_problems.items()):
        if docname not in reading and docname in env.found_docs:
            for problem in problems:
                report(problem)


def merge_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    scanned = _front_matter_cache(env)
    for docname in docnames:
        if docname in other.blogkit_posts:
            record = env.blogkit_posts[docname] = other.blogkit_posts[docname]
            # The reader's copy of what the draft scan already holds: keep one of the two.
            known = scanned.get(docname)
            if known is not None and known[1] == record.meta:
                record.meta = known[1]
        if docname in other.blogkit_problems:
            env.blogkit_problems[docname] = other.blogkit_problems[docname]


def init_env(app: Sphinx) -> None:
    """builder-inited: make sure the environment has our attributes."""
    env = app.env
    if not hasattr(env, "blogkit_posts"):
        env.blogkit_posts = {}
    if not hasattr(env, "blogkit_problems"):
        env.blogkit_problems = {}
    if not hasattr(env, "blogkit_digest"):
        env.blogkit_digest = ""
    if not hasattr(env, "blogkit_listing_docs"):
        env.blogkit_listing_docs = set()
    if not hasattr(env, "blogkit_neighbours"):
        env.blogkit_neighbours = {}
    if not hasattr(env, "blogkit_listing_digest"):
        env.blogkit_listing_digest = ""


def check_collisions(app: Sphinx, env: BuildEnvironment) -> None:
    """env-check-consistency: problems that only show across posts."""
    for problem in find_collisions([record.meta for record in env.blogkit_posts.values()]):
        report(problem)


def published(env: BuildEnvironment, config: Config) -> list[PostRecord]:
    """Posts a reader may see in this build, newest first."""
    now = build_now()
    show = shows_drafts(config)
    records = (r for r in env.blogkit_posts.values() if show or not r.meta.is_draft(now))
    return sorted(records, key=lambda r: r.sort_key)


def is_draft(record: PostRecord) -> bool:
    return record.meta.is_draft(build_now())


Neighbours = dict[str, tuple["PostRecord | None", "PostRecord | None"]]


def neighbours_of(records: list[PostRecord]) -> Neighbours:
    """Each dated post's next older and next newer post (records newest first)."""
    dated = [r for r in records if r.date]
    return {
        post.docname: (
            dated[position + 1] if position + 1 < len(dated) else None,
            dated[position - 1] if position > 0 else None,
        )
        for position, post in enumerate(dated)
    }


def _digest(records: list[PostRecord]) -> str:
    """What every page shows of every post (sidebars, prev/next): titles, dates, names."""
    hasher = hashlib.sha256()
    for r in records:
        fields = (
            r.docname,
            r.title,
            r.date,
            r.meta.draft,
            r.meta.tags,
            r.meta.categories,
            r.meta.authors,
        )
        hasher.update(repr(fields).encode())
    return hasher.hexdigest()


def listings_unchanged(app: Sphinx) -> bool:
    """Nothing a listing page or feed shows of any post changed since the last build.

    Titles, dates, names and drafts (the blog digest) and excerpts and reading
    times (the listing digest) of every published post, as pages_to_rewrite
    compared them; what else a generated page depends on (configuration,
    templates, code) the page stamps check.
    """
    return app.__dict__.get("_blogkit_listings_unchanged", False)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: when a title, date or name changes, every sidebar is stale."""
    records = published(env, app.config)
    digest = _digest(records)
    listed = hashlib.sha256(repr([r.listing_key for r in records]).encode()).hexdigest()
    changed_listing, env.blogkit_listing_digest = listed != env.blogkit_listing_digest, listed
    unchanged = not changed_listing and digest == env.blogkit_digest
    app.__dict__["_blogkit_listings_unchanged"] = unchanged
    if digest != env.blogkit_digest:
        # Every sidebar is stale: blogkit.refresh puts the new one into unchanged pages
        # (after a first build there are none), and Sphinx rewrites only the posts
        # whose previous or next post changed.
        app.__dict__["_blogkit_refresh_sidebars"] = bool(env.blogkit_digest)
        env.blogkit_digest = digest
        shown = {
            name: tuple(p and (p.docname, p.title) for p in pair)
            for name, pair in neighbours_of(records).items()
        }
        moved = {name for name, pair in shown.items() if env.blogkit_neighbours.get(name) != pair}
        env.blogkit_neighbours = shown
        return sorted((moved | env.blogkit_listing_docs) & env.found_docs)
    # Pages that list posts show excerpts and reading times, which the digest leaves out.
    return sorted(env.blogkit_listing_docs & env.found_docs) if changed_listing else []
