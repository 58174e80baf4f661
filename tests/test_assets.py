"""Each asset's checksum is looked up once per build, not once per page that links it.

The build runs in its own process with Sphinx's checksum function counted; a
site with four times as many posts must not look one up more often. The
pages still link every asset with its checksum.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


def test_asset_checksums_do_not_grow_with_the_number_of_pages(counts_as_posts_grow) -> None:
    few, many = counts_as_posts_grow[3]["checksums"], counts_as_posts_grow[12]["checksums"]
    assert 1 <= many == few
    # Every page still links each of its stylesheets and scripts with a checksum.
    page = counts_as_posts_grow[12]["root"].parent / "html" / "posts" / "2024" / "post-11.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    links += [tag["src"] for tag in soup.select("script[src]")]
    assert len(links) >= 8
    assert all(re.search(r"\?v=[0-9a-f]{8}$", link) for link in links), links


def test_each_asset_link_carries_the_checksum_of_the_file_readers_get(
    counts_as_posts_grow,
) -> None:
    """Furo rewrites pygments.css at the end of the build: the pages, written before,
    must still link the file with the checksum of what is finally there."""
    html = counts_as_posts_grow[3]["root"].parent / "html"
    page = html / "posts" / "2024" / "post-01.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    links += [tag["src"] for tag in soup.select("script[src]")]
    assert any("pygments.css" in link for link in links)
    for link in links:
        address = urlsplit(link)
        content = (page.parent / address.path).resolve().read_bytes().translate(None, b"\r")
        assert address.query == f"v={zlib.crc32(content):08x}", link
    # And the file is Furo's, with the dark theme's colours.
    assert 'body[data-theme="dark"] .highlight' in (html / "_static/pygments.css").read_text()
