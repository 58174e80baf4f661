"""The 404 page: served by the host at any depth, so its links are absolute paths.

sphinx-notfound-page writes the page; its body is ``blog/not-found.html``,
rendered for the page with the blog's own links (home, all posts under
``blog_path``, search) and the site's title. A site's own ``404`` document,
``notfound_context`` or template wins.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from blogkit.config import is_set, not_found_page, site_url
from blogkit.i18n import N_, _
from blogkit.model.index import blog_index
from blogkit.render.links import Links

TITLE = N_("Page not found")


def configure_companions(app: Sphinx, config: Config) -> None:
    """config-inited: point the 404 page (sphinx-notfound-page) at the site URL.

    Runs after apply_site_url, so on Read the Docs it follows its canonical URL.
    The 404 page is served by the host at any depth, so its links are
    absolute paths under the site's URL path. The body is filled in when the
    page is written (not_found_body), where the builder knows each page's address.
    """
    if not not_found_page(config):
        return
    config.notfound_urls_prefix = urlsplit(site_url(config)).path
    if not is_set(config, "notfound_context"):
        config.notfound_context = {"title": _(TITLE), "body": ""}


def not_found_body(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """html-page-context: the generated 404 page's body, with links that follow blog_path."""
    if (
        pagename != not_found_page(app.config)
        or doctree is not None
        or is_set(app.config, "notfound_context")
    ):
        return
    index = blog_index(app)
    links = Links(app, pagename)
    values = {
        "site_title": app.config.blog_title,
        "home_url": links.page(app.config.root_doc),
        "all_posts_url": links.page(index.all_posts_page),
        "search_url": links.page("search"),
    }
    context["body"] = app.builder.templates.render("blog/not-found.html", values)


def no_stray_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """html-page-context, after Furo: the 404 page has no table of contents to show.

    sphinx-notfound-page's toctree gives None for the generated page, which
    Furo's sidebar printed as the word "None".
    """
    if pagename != not_found_page(app.config) or doctree is not None:
        return
    if str(context.get("furo_navigation_tree", "")).strip() == "None":
        context["furo_navigation_tree"] = ""
