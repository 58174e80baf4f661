"""Posts in the Sphinx build: checked before anything else reads them, recorded as plain data.

Every document under ``blog_posts_dir`` is found and read as `blogkit check` finds and reads
it (:mod:`blogkit.model.sources`), its front matter by :func:`blogkit.model.frontmatter.read_post`.
Problems become Sphinx warnings (so the strict build fails and lists all of
them); drafts and scheduled posts are left out before reading in production.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from blogkit._ablog import forget_shared_labels, hand_to_ablog, take_post_directive
from blogkit.config import build_now, shows_drafts, site_timezone, source_suffixes
from blogkit.model import postbody
from blogkit.model.conference import missing_files
from blogkit.model.domain import blog_data
from blogkit.model.drafts import draft_reason, drafts_left_out, in_this_build
from blogkit.model.excerpt import plain_text, post_excerpt
from blogkit.model.frontmatter import (
    PostMeta,
    Problem,
    Rules,
    find_collisions,
    other_tools_note,
)
from blogkit.model.records import PostRecord
from blogkit.model.sources import exclude_pattern, find_sources, read_post_file, unreadable
from blogkit.state import build_state

logger = logging.getLogger(__name__)


def rules_for(config: Config) -> Rules:
    default = config.blog_default_author or ()
    return Rules(
        timezone=site_timezone(config),
        authors=tuple(config.blog_authors),
        default_authors=(default,) if isinstance(default, str) else tuple(default),
    )


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


def refuse_links(app: Sphinx, config: Config) -> None:
    """config-inited: links and names the posts folder must not have, kept from Sphinx's walk.

    Sphinx walks the source folder following every symlink, so a link to a
    parent folder publishes copies of the site (two of them never end), and a
    link out of the folder publishes whatever it leads to. The same discovery
    as `blogkit check` (blogkit.model.sources) finds them; they become
    exclude_patterns before Sphinx walks, and are reported here.
    """
    suffixes = source_suffixes(config.source_suffix, config.blog_myst)
    found = find_sources(Path(app.srcdir), config.blog_posts_dir, suffixes, config.exclude_patterns)
    config.exclude_patterns = [
        *config.exclude_patterns,
        *(exclude_pattern(path) for path in found.refused),
    ]
    build_state(app).refused = set(found.refused)
    for problem in found.problems:
        report(problem)


def leave_out_unreadable(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: posts too big, not UTF-8, or with control characters are never read.

    As `blogkit check` refuses them, with the same messages; in production and
    in the preview alike (before drafts are left out), and removed from the
    output like a deleted post if they were published before.
    """
    refused = build_state(app).refused
    scans = scan_posts(app, env)
    for docname, (_meta, problems) in list(scans.items()):
        if not unreadable(problems):
            continue
        del scans[docname]
        refused.add(docname)
        for problem in problems:
            report(problem)
        _not_read(env, docname, added, changed, removed)
    return []


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
    # The last to use this build's scan: the next build in this process scans again.
    posts, build_state(app).scans = scan_posts(app, env), None
    if shows_drafts(app.config):
        return []
    now = build_now()
    left_out = []
    for docname, (meta, problems) in posts.items():
        if meta.is_draft(now):
            left_out.append(docname)
            build_state(app).drafts_left_out.append((meta.path, draft_reason(meta, now)))
            for problem in problems:
                report(problem)
    scans = blog_data(env).front_matter
    for gone in set(scans) - set(posts):
        del scans[gone]
    for docname in left_out:
        _not_read(env, docname, added, changed, removed)
    return []


def _not_read(
    env: BuildEnvironment, docname: str, added: set[str], changed: set[str], removed: set[str]
) -> None:
    """A post this build does not read: out of the found documents, and out of the output
    (like a deleted post) if an earlier build published it."""
    env.found_docs.discard(docname)
    added.discard(docname)
    changed.discard(docname)
    if docname in env.all_docs:
        removed.add(docname)


def say_drafts_left_out(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: which drafts this build left out, why, and what publishes each.

    Said once, at the end, beside the build's verdict, where a writer who
    wonders why a post is missing looks; `blogkit check` lists them alike.
    """
    drafts = build_state(app).drafts_left_out
    if drafts and exception is None:
        logger.info("blog: %s", drafts_left_out(in_this_build(), drafts))


def scan_posts(app: Sphinx, env: BuildEnvironment) -> dict[str, tuple[PostMeta, list[Problem]]]:
    """Every post's front matter, by document name: one pass a build, shared by the
    handlers that leave unreadable posts and drafts out before reading."""
    state = build_state(app)
    if state.scans is None:
        rules = rules_for(app.config)
        posts = sorted(name for name in env.found_docs if is_post(name, app.config))
        state.scans = {name: front_matter(env, name, rules) for name in posts}
    return state.scans


def scan_again(app: Sphinx, env: BuildEnvironment, docnames: set[str]) -> None:
    """A scan made before the build (by the live preview's warm worker, while it waited
    for the save), with these documents read again: the only files changed since."""
    scans = build_state(app).scans
    if scans is None:
        return
    rules = rules_for(app.config)
    for docname in docnames & scans.keys():
        scans[docname] = front_matter(env, docname, rules)


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
    cache = blog_data(env).front_matter
    if docname not in cache or cache[docname][0] != key:
        relative = source.relative_to(env.srcdir).as_posix()
        meta, problems = read_post_file(source, relative, rules)
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
        # ABlog's post directive (reStructuredText): its content is the excerpt.
        directive_content = take_post_directive(self.document)
        images, missing = postbody.raw_html_images(self.document, env.docname, Path(env.srcdir))
        problems = (*problems, *(Problem(meta.path, ln, msg, "image") for ln, msg in missing))
        # Files beside the post may come and go without the post changing: checked each read.
        problems = (*problems, *missing_files(meta, Path(env.srcdir)))
        for problem in problems:
            report(problem)
        # Kept until the post is read again, and reported again by every build:
        # an incremental build that does not reread a broken post still fails.
        data = blog_data(env)
        if problems:
            data.problems[env.docname] = problems
        else:
            data.problems.pop(env.docname, None)
        hand_to_ablog(env, self.document, meta)
        if meta.title_in_front_matter and not any(p.field == "title" for p in problems):
            postbody.insert_title(self.document, meta.title)
        # The title as the page shows it: markup such as `code` rendered, inline HTML left out.
        heading = self.document.next_node(nodes.title)
        title = (plain_text(heading) if heading is not None else "") or meta.title or meta.slug
        sources = directive_content or [self.document]
        paragraphs = postbody.excerpt_paragraphs(
            sources, meta.excerpt, (nodes.field_body, nodes.docinfo)
        )
        excerpt, summary = post_excerpt(sources, paragraphs)
        data.posts[env.docname] = PostRecord(
            docname=env.docname,
            meta=meta,
            title=title,
            excerpt_html=excerpt,
            summary=meta.description or summary or title,
            words=_word_count(self.document),
            image=postbody.nth_image(self.document, meta.image, env.docname)
            if meta.image
            else None,
            raw_images=tuple(images),
        )


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


def note_docs_being_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: what this build reads (and so reports) itself."""
    build_state(app).reading = set(docnames)


def report_unread_problems(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: problems of posts this build did not read again are still problems."""
    reading = build_state(app).reading
    for docname, problems in sorted(blog_data(env).problems.items()):
        if docname not in reading and docname in env.found_docs:
            for problem in problems:
                report(problem)


def check_collisions(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: problems that only show across posts, reported by every build.

    Not env-check-consistency: Sphinx emits that only when a build read
    something, so a second build of unchanged sources would pass. They are
    looked for again only when posts were read or removed.
    """
    data = blog_data(env).data
    state = build_state(app)
    if state.reading or state.removed or data["collisions"] is None:
        metas = [record.meta for record in blog_data(env).posts.values()]
        data["collisions"] = tuple(find_collisions(metas))
        note = other_tools_note(metas)
        if note:
            logger.info("blog: %s", note)
        forget_shared_labels(env)
    for problem in data["collisions"]:
        report(problem)
