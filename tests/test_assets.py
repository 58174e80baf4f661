"""Each asset's checksum is looked up once per build, not once per page that links it.

The build runs in its own process with Sphinx's checksum function counted; a
site with four times as many posts must not look one up more often. The
pages still link every asset with its checksum.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import counted_as_posts_grow

COUNT_CHECKSUMS = """
import sphinx.builders.html as html_builder

counted = []
checksum = html_builder._file_checksum

def looked_up(outdir, filename):
    counted.append(filename)
    return checksum(outdir, filename)

html_builder._file_checksum = looked_up
"""


def test_asset_checksums_do_not_grow_with_the_number_of_pages(tmp_path: Path) -> None:
    few, many = counted_as_posts_grow(COUNT_CHECKSUMS, tmp_path, "Some text.")
    assert many == few
    # Every page still links each of its stylesheets and scripts with a checksum.
    page = tmp_path / "12" / "html" / "posts" / "2024" / "post-11.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    links += [tag["src"] for tag in soup.select("script[src]")]
    assert len(links) >= 8
    assert all(re.search(r"\?v=[0-9a-f]{8}$", link) for link in links), links
