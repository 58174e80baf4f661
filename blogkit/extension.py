"""The Sphinx extension: registers the whole blog in one ``setup()``.

It loads ABlog, takes over the parts of it that do not work on Furo (listing
pages, feeds), and checks every post before ABlog reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ablog.post
from sphinx.application import Sphinx
from sphinx.config import Config

from blogkit import (
    __version__,
    background,
    feeds,
    listing,
    pagecache,
    parallel,
    posts,
    preview,
    refresh,
    site,
    sitemap,
    social,
    stale,
)
from blogkit.siteconfig import DEFAULTS

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _use_our_templates(app: Sphinx, config: Config) -> None:
    """config-inited: our templates, after the site's own so that it can override them."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    # ABlog's own pages extend layout.html, which Furo refuses: never inject them.
    config.skip_injecting_base_ablog_templates = True


def _replace_ablog_generators(app: Sphinx) -> None:
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


def _plain_email_links(app: Sphinx) -> None:
    """builder-inited: mailto links as written, not cloaked into entity soup.

    The writers publish their address to be reached; cloaking breaks copying
    it and shows as %40 in feed readers, and stops no harvester.
    """
    app.env.settings["cloak_email_addresses"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    # Work Sphinx repeats for every page, done once (docutils settings, asset checksums,
    # lexers, compiled templates): generic, and measured apart by the benchmark.
    app.setup_extension("blogkit.speedups")
    app.setup_extension("ablog")
    _replace_ablog_generators(app)
    # ABlog says it cannot read in parallel because it never merges its records and
    # keeps doctree copies in them; posts.record_for_ablog (records without doctrees)
    # and merge_ablog_records fix both, so parallel reading (-j) is safe with blogkit.
    app.extensions["ablog"].parallel_read_safe = True
    # What readers and sharers expect of a blog: a real 404, copyable code (link previews:
    # blogkit.social).
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinx_copybutton")

    for name, (default, rebuild) in DEFAULTS.items():
        app.add_config_value(name, default, rebuild, type(default))

    # Configuration: site URL (Read the Docs aware), companions, our templates.
    app.connect("config-inited", site.apply_site_url)
    app.connect("config-inited", site.configure_companions)
    app.connect("config-inited", _use_our_templates)
    app.connect("builder-inited", posts.init_env)
    app.connect("builder-inited", parallel.use_lean_records)
    app.connect("builder-inited", _plain_email_links)

    # Reading: drafts leave first, so that what they leave behind is noted as removed;
    # every post is checked and recorded as plain data before ABlog sees it.
    app.connect("env-get-outdated", posts.leave_out_drafts, priority=400)
    app.connect("env-get-outdated", stale.note_removed_docs, priority=600)
    app.connect("env-before-read-docs", posts.note_docs_being_read)
    app.add_transform(posts.ReadPost)
    app.connect("doctree-read", posts.record_for_ablog)
    app.add_node(listing.latest_posts)
    app.add_node(listing.post_meta, html=(listing.post_meta_visitor(app), None))
    app.add_directive("latest-posts", listing.LatestPostsDirective)
    app.connect("env-purge-doc", posts.purge_post)
    app.connect("env-purge-doc", listing.forget_listing_doc)
    app.connect("env-merge-info", posts.merge_posts)
    app.connect("env-merge-info", posts.merge_ablog_records)
    app.connect("env-merge-info", listing.merge_listing_docs)
    app.connect("env-updated", posts.report_unread_problems)
    app.connect("env-updated", preview.stop_before_writing, priority=600)
    app.connect("env-get-updated", posts.pages_to_rewrite)
    app.connect("env-check-consistency", posts.check_collisions)

    # Writing pages.
    app.connect("doctree-resolved", pagecache.note_written)
    app.connect("doctree-resolved", listing.start_listing_pages)
    app.connect("doctree-resolved", listing.fill_latest_posts)
    app.connect("doctree-resolved", listing.insert_post_header)
    # After notfound-page (400) fixes the 404 page's links.
    app.connect("html-page-context", listing.page_context, priority=450)
    app.connect("html-page-context", social.page_meta, priority=450)
    app.connect("html-collect-pages", listing.listing_pages)
    app.connect("html-collect-pages", stale.prune_search_terms)

    # Every post page is written: the feeds (in the background in a parallel build).
    app.connect("html-collect-pages", feeds.write_feeds)

    # After the pages, in this order: the sitemap; then, with every page and feed
    # written, sidebars refreshed in place, the stamps for the next build, stale pages
    # removed.
    app.connect("build-finished", sitemap.write_sitemap)
    app.connect("build-finished", background.wait_for_background)
    app.connect("build-finished", refresh.refresh_sidebars)
    app.connect("build-finished", pagecache.save_page_stamps)
    app.connect("build-finished", stale.delete_removed_pages)
    app.add_css_file("blogkit.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
