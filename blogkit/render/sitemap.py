"""sitemap.xml and robots.txt, from every page of the build (a site's own robots.txt wins).

Written here rather than by sphinx-sitemap, which lists only the pages
written in the current build (an incremental build would publish a sitemap
of one page) and in the order parallel writers finish.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from sphinx.application import Sphinx

from blogkit.config import not_found_page, site_url
from blogkit.incremental.pagecache import write_if_changed
from blogkit.model.index import blog_index
from blogkit.render.listing import listing_page_names

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Pages that are not content: no reader arrives at them from a search engine.
NOT_CONTENT = ("genindex", "search", "404")


def page_names(app: Sphinx) -> list[str]:
    names = set(app.env.found_docs) | set(listing_page_names(blog_index(app)))
    return sorted(names - set(NOT_CONTENT) - {not_found_page(app.config)})


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the sitemap of the whole site, and robots.txt pointing at it."""
    if exception is not None or app.builder.format != "html":
        return
    base = site_url(app.config)
    root = etree.Element("urlset", nsmap={None: NAMESPACE})
    for name in page_names(app):
        url = etree.SubElement(root, "url")
        etree.SubElement(url, "loc").text = base + app.builder.get_target_uri(name)
    outdir = Path(app.builder.outdir)
    sitemap = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_if_changed(outdir / "sitemap.xml", sitemap)
    if not site_provides(app, "robots.txt"):
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
        write_if_changed(outdir / "robots.txt", robots.encode())


def site_provides(app: Sphinx, name: str) -> bool:
    """Whether the site's ``html_extra_path`` puts a file of its own at ``name``."""
    for entry in app.config.html_extra_path:
        path = Path(app.confdir, entry)
        if (path / name).is_file() or (path.is_file() and path.name == name):
            return True
    return False
