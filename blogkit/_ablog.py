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
from ablog.blog import Blog
from ablog.post import PostList, PostNode, _get_update_dates, _update_post_node
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from blogkit.config import is_set
from blogkit.model.domain import blog_data
from blogkit.model.frontmatter import PostMeta

logger = logging.getLogger(__name__)


def hand_to_ablog(env: BuildEnvironment, document: nodes.document, meta: PostMeta) -> None:
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
        ("location", meta.locations),
        ("language", meta.languages),
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
    record = blog_data(env).posts.get(env.docname)
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
        "location": meta.locations,
        "language": meta.languages,
        "redirect": meta.redirects,
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
        blog_data(app.env).listing_docs.add(app.env.docname)


def replace_ablog_generators(app: Sphinx) -> None:
    """Disconnect ABlog's listing pages and Atom feed, which ours replace.

    And the page context its own templates read (never used with Furo), which
    cost every page a lookup of ABlog's posts; its postlists and references
    are handled by fill_postlists and resolve_post_reference.
    """
    replaced = {
        ablog.post.generate_archive_pages,
        ablog.post.generate_atom_feeds,
        ablog.html_page_context,
        ablog.post.process_postlist,
        ablog.post.missing_reference,
    }
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if listener.handler in replaced:
                app.disconnect(listener.id)


def fill_postlists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: ABlog's ``{postlist}`` filled in, in the documents that have one.

    ABlog's own handler first makes a record of every post (objects per post
    and per name), on the first document resolved in a process, whatever it
    holds: 0.1 s at 1,000 posts, paid by the live preview before the saved
    post's page could be written. The records are now made by the first
    document with a postlist, or the first reference only ABlog can resolve.
    """
    if next(doctree.findall(PostList), None) is not None:
        ablog.post.process_postlist(app, doctree, docname)


def resolve_post_reference(app: Sphinx, env: BuildEnvironment, node, contnode):
    """missing-reference: ABlog's, with its records of the posts made first if need be."""
    if not Blog(app):
        ablog.post.register_posts(app)
    return ablog.post.missing_reference(app, env, node, contnode)


def _no_ablog_page_templates(app: Sphinx, config: Config) -> None:
    """config-inited: ABlog's own pages extend layout.html, which Furo refuses."""
    config.skip_injecting_base_ablog_templates = True


def setup_ablog(app: Sphinx) -> None:
    """Load ABlog for its conventions, without the handlers whose work blogkit does."""
    app.setup_extension("ablog")
    replace_ablog_generators(app)
    app.connect("doctree-resolved", fill_postlists)
    app.connect("missing-reference", resolve_post_reference)
    # ABlog says it cannot read in parallel because it never merges its records and
    # keeps doctree copies in them; record_for_ablog (records without doctrees)
    # and merge_ablog_records fix both, so parallel reading (-j) is safe with blogkit.
    app.extensions["ablog"].parallel_read_safe = True
    app.connect("doctree-read", record_for_ablog)
    app.connect("doctree-read", note_postlists)
    app.connect("env-merge-info", merge_ablog_records)
    app.connect("config-inited", report_ignored_settings)
    app.connect("config-inited", _no_ablog_page_templates)


#: ABlog settings blogkit does not honour, with what it does instead. Every other ABlog
#: setting is honoured: blog_title, blog_path, blog_authors (names and author pages),
#: blog_default_author, blog_baseurl (when html_baseurl is not set), blog_feed_length,
#: blog_feed_subtitle, post_show_prev_next, post_auto_orphan (posts are always orphans),
#: blog_locations and blog_languages (each name gets its page, listed there or not).
IGNORED_SETTINGS = {
    "blog_feed_archives": "feeds are written for the blog and for every tag and category",
    "blog_feed_fulltext": "feed entries always carry the post's full text",
    "blog_feed_templates": "feed entries are the posts' own titles and bodies",
    "blog_feed_titles": "feed entries always carry the post's full text",
    "blog_archive_titles": "listing pages are blogkit's own",
    "blog_post_pattern": "posts are the files under blog_posts_dir: set that instead",
    "blog_default_language": "a post has the languages its own 'language' names",
    "blog_default_location": "a post has the locations its own 'location' names",
    "disqus_shortname": "pages load nothing from third parties, so there are no Disqus comments",
    "disqus_drafts": "pages load nothing from third parties, so there are no Disqus comments",
    "disqus_pages": "pages load nothing from third parties, so there are no Disqus comments",
    "fontawesome_css_file": "the templates use no icon font",
    "fontawesome_included": "the templates use no icon font",
    "fontawesome_link_cdn": "the templates use no icon font, and pages load nothing from a CDN",
    "post_always_section": "listing pages are blogkit's own",
    "post_auto_excerpt": "the excerpt is the post's first paragraph, or its description",
    "post_auto_image": "link previews use the site's own images",
    "post_date_format": "dates are shown as the site's language writes them ('24 May 2019')",
    "post_date_format_short": "dates are shown as the site's language writes them ('24 May 2019')",
    "post_redirect_refresh": "redirect pages send the reader on at once",
}


def report_ignored_settings(app: Sphinx, config: Config) -> None:
    """config-inited: an ABlog setting that conf.py sets and blogkit does not honour is named.

    A warning, so the strict build fails until the setting is removed (or the
    warning suppressed with ``suppress_warnings = ["blog.config"]``).
    """
    for name, instead in IGNORED_SETTINGS.items():
        if is_set(config, name):
            logger.warning(
                "conf.py: %s is an ABlog setting that blogkit ignores (%s); remove it from conf.py",
                name,
                instead,
                type="blog",
                subtype="config",
            )
    if is_set(config, "post_auto_orphan") and not config.post_auto_orphan:
        logger.warning(
            "conf.py: post_auto_orphan = False is ignored: posts are reached through listings, "
            "so they are always orphans; remove it from conf.py",
            type="blog",
            subtype="config",
        )


def take_post_directive(document: nodes.document) -> list[nodes.Node]:
    """Replace ABlog's post node by its content (or nothing with ``:exclude:``).

    Returns the content, which ABlog takes as the post's excerpt. Done before
    ABlog's process_posts, which would otherwise parse the date again, its own way.
    """
    content: list[nodes.Node] = []
    for node in list(document.findall(PostNode)):
        children = list(node.children)
        if not content:
            content = [child.deepcopy() for child in children]
        node.replace_self([] if node.get("exclude") else children)
    return content


def forget_shared_labels(env: BuildEnvironment) -> None:
    """Two posts of the same file name (in two folders) share no reference label.

    ABlog names a post's label after its file (record_for_ablog); the last
    post read would win, and a reference would lead to either. Without the
    label, such a reference fails with Sphinx's message naming file and line.
    """
    by_label: dict[str, list[str]] = {}
    for docname in blog_data(env).posts:
        folder, label = posixpath.split(docname)
        if label == "index":
            label = posixpath.basename(folder)
        by_label.setdefault(label, []).append(docname)
    standard = env.domains.standard_domain.data
    for label, docnames in by_label.items():
        if len(docnames) > 1 and standard["labels"].get(label, ("",))[0] in docnames:
            del standard["labels"][label]
            standard["anonlabels"].pop(label, None)
