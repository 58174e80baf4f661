"""The 404 page: served by the host at any depth, so its links are absolute paths."""

from __future__ import annotations

from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from blogkit.config import site_url

NOT_FOUND_BODY = """<section id="page-not-found">
<h1>Page not found</h1>
<p>There is no page at this address. It may have moved,
or the link that led here may be mistyped.</p>
<ul>
<li><a href="{root}index.html">Home page</a></li>
<li><a href="{root}blog.html">All posts</a></li>
<li><a href="{root}search.html">Search the blog</a></li>
</ul>
</section>"""


def configure_companions(app: Sphinx, config: Config) -> None:
    """config-inited: point the 404 page (sphinx-notfound-page) at the site URL.

    Runs after apply_site_url, so on Read the Docs it follows its canonical URL.
    The 404 page is served by the host at any depth, so its links are
    absolute paths under the site's URL path.
    """
    root = urlsplit(site_url(config)).path
    config.notfound_urls_prefix = root
    config.notfound_context = {"title": "Page not found", "body": NOT_FOUND_BODY.format(root=root)}
