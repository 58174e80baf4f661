"""The only module that talks to ABlog.

ABlog is loaded for its conventions (front-matter keys, ``{postlist}``,
``.. post::``, ``blog_*`` settings); blogkit writes ABlog's post records from
its own checked front matter, and disconnects the ABlog handlers whose work
blogkit does (listing pages, Atom feed, page context).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

import ablog.post
from ablog.post import PostNode, _get_update_dates, _update_post_node
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogkit.model.frontmatter import PostMeta


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


def note_postlists(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a page with ABlog's ``{postlist}`` lists posts, as ``{latest-posts}`` does.

    ABlog fills the list in when the page is written; noted as a listing page,
    the page is written again whenever what listings show changes
    (blogkit.incremental.rewrite), so an incremental build equals a clean one.
    """
    if next(doctree.findall(ablog.post.PostList), None) is not None:
        app.env.blogkit_listing_docs.add(app.env.docname)


def replace_ablog_generators(app: Sphinx) -> None:
    """Disconnect ABlog's listing pages and Atom feed, which ours replace.

    And the page context its own templates read (never used with Furo), which
    cost every page a lookup of ABlog's posts.
    """
    replaced = {
        ablog.post.generate_archive_pages,
        ablog.post.generate_atom_feeds,
        ablog.html_page_context,
    }
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if listener.handler in replaced:
                app.disconnect(listener.id)


def setup_ablog(app: Sphinx) -> None:
    """Load ABlog for its conventions, without the handlers whose work blogkit does."""
    app.setup_extension("ablog")
    replace_ablog_generators(app)
    # ABlog says it cannot read in parallel because it never merges its records and
    # keeps doctree copies in them; record_for_ablog (records without doctrees)
    # and merge_ablog_records fix both, so parallel reading (-j) is safe with blogkit.
    app.extensions["ablog"].parallel_read_safe = True
    app.connect("doctree-read", record_for_ablog)
    app.connect("doctree-read", note_postlists)
    app.connect("env-merge-info", merge_ablog_records)
