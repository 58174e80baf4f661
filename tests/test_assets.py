"""Each asset's checksum is looked up once per build, not once per page that links it.

The build runs in its own process with Sphinx's checksum function counted; a
site with four times as many posts must not look one up more often. The
pages still link every asset with its checksum.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import counted_build, small_posts, write_site

COUNT_AND_BUILD = """
import sys
import sphinx.builders.html as html_builder

looked_up = []
checksum = html_builder._file_checksum

def counted(outdir, filename):
    looked_up.append(filename)
    return checksum(outdir, filename)

html_builder._file_checksum = counted
from sphinx.cmd.build import build_main

source, output = sys.argv[1:3]
code = build_main(["-q", "-W", "-b", "html", "-d", output + ".doctrees", source, output])
print("checksums looked up:", len(looked_up))
sys.exit(code)
"""


def checksums_looked_up(root: Path, posts: int) -> int:
    write_site(root, small_posts(posts, "Some text."))
    return counted_build(COUNT_AND_BUILD, root, "checksums looked up:")


def test_asset_checksums_do_not_grow_with_the_number_of_pages(tmp_path: Path) -> None:
    few = checksums_looked_up(tmp_path / "few" / "src", 3)
    many = checksums_looked_up(tmp_path / "many" / "src", 12)
    assert many == few
    # Every page still links each of its stylesheets and scripts with a checksum.
    page = tmp_path / "many" / "html" / "posts" / "2024" / "post-11.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    links += [tag["src"] for tag in soup.select("script[src]")]
    assert len(links) >= 8
    assert all(re.search(r"\?v=[0-9a-f]{8}$", link) for link in links), links
