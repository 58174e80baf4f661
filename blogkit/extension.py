"""The Sphinx extension: registers the whole blog in one ``setup()``.

It loads ABlog, takes over the parts of it that do not work on Furo (listing
pages, feeds), and checks every post before ABlog reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from blogkit import __version__
from blogkit._ablog import setup_ablog
from blogkit._myst import give_front_matter_back, leave_post_front_matter_to_blogkit
from blogkit.config import COMPANIONS, add_settings, apply_identity, apply_site_url, check_settings
from blogkit.i18n import add_catalog, install_for_templates
from blogkit.incremental.background import wait_for_background
from blogkit.incremental.pagecache import note_written, save_page_stamps
from blogkit.incremental.parallel import (
    collect_merged_readers,
    note_merged_reader,
    use_lean_records,
)
from blogkit.incremental.preview import stop_before_writing
from blogkit.incremental.refresh import refresh_sidebars, start_refreshing_sidebars
from blogkit.incremental.rewrite import pages_to_rewrite
from blogkit.incremental.serial import (
    jobs_back_for_writing,
    read_small_builds_serially,
    restore_jobs,
    write_small_builds_serially,
)
from blogkit.incremental.stale import delete_removed_pages, note_removed_docs, prune_search_terms
from blogkit.model.domain import BlogDomain
from blogkit.model.reading import (
    ReadPost,
    check_collisions,
    leave_out_drafts,
    leave_out_unreadable,
    note_docs_being_read,
    refuse_links,
    report_unread_problems,
    say_drafts_left_out,
)
from blogkit.render.cards import remove_unused_cards
from blogkit.render.codestyle import furo_colours_at_once
from blogkit.render.context import page_context
from blogkit.render.demos import (
    AsciinemaDirective,
    VideoDirective,
    demo,
    demo_assets,
    demo_visitor,
    publish_talk_files,
    skip_demo,
)
from blogkit.render.design import add_where_used, note_design, take_off_every_page
from blogkit.render.feedpage import feed_page_words
from blogkit.render.feeds import write_feeds
from blogkit.render.images import copy_raw_html_images
from blogkit.render.latest import LatestPostsDirective, fill_latest_posts, latest_posts
from blogkit.render.listing import listing_pages, start_listing_pages
from blogkit.render.math import add_renderer, configure_math
from blogkit.render.notfound import configure_companions, no_stray_navigation, not_found_body
from blogkit.render.postheader import insert_post_header, post_meta, post_meta_visitor
from blogkit.render.redirects import redirect_pages
from blogkit.render.related import related_context
from blogkit.render.roles import AllPostsRole, FeedRole, IdentityRole, blog_link, resolve_blog_links
from blogkit.render.sidebar import check_about_page
from blogkit.render.sitemap import write_sitemap
from blogkit.render.social import page_meta

#: Bump when what blogkit keeps in the environment changes: Sphinx then reads everything again.
ENV_VERSION = 1

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


#: Furo's own sidebar, less what only Read the Docs fills (its ads, which load a third
#: party's script, and its version menu), with the blog's sections after the navigation.
FURO_SIDEBAR = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/blog.html",
    "sidebar/scroll-end.html",
]


def _inject_sidebar(app: Sphinx, config: Config) -> None:
    """config-inited: the blog's sidebar in Furo's, unless the site lists its sidebars itself."""
    if config.html_theme == "furo" and not config.html_sidebars:
        config.html_sidebars = {"**": FURO_SIDEBAR}


def _read_rst_posts(app: Sphinx, config: Config) -> None:
    """config-inited: reStructuredText posts (ABlog's ``post`` directive) are read too."""
    if isinstance(config.source_suffix, dict):
        config.source_suffix.setdefault(".rst", "restructuredtext")


def _use_our_templates(app: Sphinx) -> None:
    """builder-inited: our templates and files, after the site's own (which override them).

    Added once the builder has hashed its configuration into ``.buildinfo``:
    in ``templates_path`` and ``html_static_path`` these absolute paths, which
    differ from one checkout to the next, would make that file differ too.
    """
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, BuiltinTemplateLoader):
        # Where the site's templates_path ends: ours are searched after them, before the
        # theme's, and count as the site's own for "!page.html"-style inheritance.
        position = templates.templatepathlen
        templates.pathchain.insert(position, TEMPLATES)
        templates.loaders.insert(position, SphinxFileSystemLoader(TEMPLATES))
        templates.templatepathlen += 1
    # Copied first, so that a file of the site's own static folders of the same name wins.
    app.config.html_static_path = [str(STATIC), *app.config.html_static_path]


def _plain_email_links(app: Sphinx) -> None:
    """builder-inited: mailto links as written, not cloaked into entity soup.

    The writers publish their address to be reached; cloaking breaks copying
    it and shows as %40 in feed readers, and stops no harvester.
    """
    app.env.settings["cloak_email_addresses"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    # Per-document records: purged, merged and versioned by Sphinx.
    app.add_domain(BlogDomain)
    # The blog's own labels in the site's language (blogkit.i18n).
    add_catalog(app)
    add_settings(app)
    # Work Sphinx repeats for every page, done once: an extension of its own, measured
    # apart by the benchmark, with its own switch (blogkit_speedups).
    app.setup_extension("blogkit.speedups")
    # The companions, each unless conf.py turns it off (Sphinx reads conf.py's value as soon
    # as it is declared): MyST for Markdown; what readers and sharers expect of a blog, a
    # real 404 page and copyable code (link previews: blogkit.render.social).
    for switch, extension in COMPANIONS.items():
        if app.config[switch]:
            app.setup_extension(extension)
    setup_ablog(app)
    # Common in real posts: sphinx-design's grids, cards, dropdowns and tabs; references to
    # other projects' documentation (intersphinx_mapping in conf.py; none by default).
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx.ext.intersphinx")

    # Configuration: settings checked, the site's identity, site URL (Read the Docs aware),
    # companions, our templates and sidebar.
    app.connect("config-inited", check_settings, priority=300)
    app.connect("config-inited", apply_identity, priority=400)
    app.connect("config-inited", apply_site_url)
    app.connect("config-inited", configure_companions)
    app.connect("config-inited", _inject_sidebar)
    # Math as MathML at build time, and $...$ in Markdown (blogkit.render.math).
    app.connect("config-inited", configure_math)
    # After Sphinx makes source_suffix a mapping (priority 800).
    app.connect("config-inited", _read_rst_posts, priority=900)
    # After that: which suffixes are posts decides what the posts folder may not hold.
    app.connect("config-inited", refuse_links, priority=950)
    # Our templates in the builder's, not in the configuration: the configuration's hash
    # (.buildinfo) would hold their absolute path, and differ between two checkouts.
    app.connect("builder-inited", _use_our_templates)
    app.connect("builder-inited", install_for_templates)
    app.connect("builder-inited", use_lean_records)
    app.connect("builder-inited", _plain_email_links)
    # The words of the stylesheet that shows a feed to a person, in the site's language.
    app.connect("builder-inited", feed_page_words)
    app.connect("builder-inited", leave_post_front_matter_to_blogkit)
    app.connect("builder-inited", take_off_every_page, priority=600)
    # Furo's code colours in pygments.css before any page links it (blogkit.render.codestyle).
    app.connect("builder-inited", furo_colours_at_once)
    # Small incremental builds in one process: forking costs more than their work.
    app.connect("builder-inited", write_small_builds_serially)

    # Reading: drafts leave first, so that what they leave behind is noted as removed;
    # every post is checked and recorded as plain data before ABlog sees it.
    app.connect("env-get-outdated", leave_out_unreadable, priority=390)
    app.connect("env-get-outdated", leave_out_drafts, priority=400)
    app.connect("env-get-outdated", note_removed_docs, priority=600)
    app.connect("env-before-read-docs", note_docs_being_read)
    app.connect("env-before-read-docs", read_small_builds_serially, priority=900)
    app.connect("env-updated", jobs_back_for_writing, priority=100)
    # What the parallel readers left behind is freed before anything forks to write.
    app.connect("env-merge-info", note_merged_reader)
    app.connect("env-updated", collect_merged_readers, priority=900)
    app.add_transform(ReadPost)
    add_renderer(app)
    app.add_node(latest_posts)
    app.add_node(post_meta, html=(post_meta_visitor(app), None))
    app.add_directive("latest-posts", LatestPostsDirective)
    # Recorded demos: a talk's files and the {video} and {asciinema} directives' files are
    # published with the site; their players are rendered by the HTML writer.
    skip = (skip_demo, None)
    app.add_node(demo, html=(demo_visitor(app), None), latex=skip, text=skip, man=skip)
    app.add_directive("video", VideoDirective)
    app.add_directive("asciinema", AsciinemaDirective)
    app.connect("doctree-read", publish_talk_files)
    # Pages reach the blog through these, never through its paths (blogkit.render.roles).
    app.add_node(blog_link)
    app.add_role("blog", IdentityRole())
    app.add_role("all-posts", AllPostsRole())
    app.add_role("blog-feed", FeedRole())
    app.connect("env-updated", report_unread_problems)
    app.connect("env-updated", check_collisions)
    app.connect("env-updated", stop_before_writing, priority=600)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("env-check-consistency", check_about_page)

    # Writing pages.
    app.connect("doctree-resolved", note_written)
    app.connect("doctree-resolved", start_listing_pages)
    app.connect("doctree-resolved", start_refreshing_sidebars)
    app.connect("doctree-resolved", fill_latest_posts)
    app.connect("doctree-resolved", resolve_blog_links)
    app.connect("doctree-resolved", insert_post_header)
    # After notfound-page (400) fixes the 404 page's links.
    app.connect("html-page-context", page_context, priority=450)
    # Link previews; a post's social card is drawn here, as its page is written.
    app.connect("html-page-context", page_meta, priority=450)
    app.connect("html-page-context", related_context, priority=450)
    # The scripts of a page's demos, on that page only.
    app.connect("html-page-context", demo_assets)
    app.connect("html-page-context", not_found_body, priority=450)
    # After Furo (500) has computed its sidebar.
    app.connect("html-page-context", no_stray_navigation, priority=600)
    app.connect("doctree-read", note_design)
    app.connect("html-page-context", add_where_used)
    app.connect("html-collect-pages", listing_pages)
    app.connect("html-collect-pages", redirect_pages)
    app.connect("html-collect-pages", prune_search_terms)

    # Every post page is written: the feeds (in the background in a parallel build).
    app.connect("html-collect-pages", write_feeds)

    # After the pages, in this order: the sitemap; then, with every page and feed
    # written, sidebars refreshed in place, the stamps for the next build, stale pages
    # removed.
    app.connect("build-finished", give_front_matter_back)
    app.connect("build-finished", write_sitemap)
    app.connect("build-finished", copy_raw_html_images)
    app.connect("build-finished", wait_for_background)
    app.connect("build-finished", refresh_sidebars)
    app.connect("build-finished", save_page_stamps)
    app.connect("build-finished", delete_removed_pages)
    app.connect("build-finished", remove_unused_cards)
    # Last, beside the build's verdict: the drafts it left out, and why.
    app.connect("build-finished", say_drafts_left_out, priority=900)
    app.connect("build-finished", restore_jobs, priority=900)
    app.add_css_file("blogkit.css")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
