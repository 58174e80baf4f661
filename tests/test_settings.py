"""Docutils settings are made once per build, not once per post.

The build runs in its own process with docutils' OptionParser counted; a site
with four times as many posts must not make a single settings object more.
"""

from __future__ import annotations

from pathlib import Path

from conftest import counted_build, small_posts, write_site

COUNT_AND_BUILD = """
import sys
import docutils.frontend

made = []
make = docutils.frontend.OptionParser.__init__

def counted(self, *args, **kwargs):
    made.append(1)
    make(self, *args, **kwargs)

docutils.frontend.OptionParser.__init__ = counted
from sphinx.cmd.build import build_main

source, output = sys.argv[1:3]
code = build_main(["-q", "-W", "-b", "html", "-d", output + ".doctrees", source, output])
print("settings made:", len(made))
sys.exit(code)
"""


def settings_made(root: Path, posts: int) -> int:
    write_site(root, small_posts(posts, "Some *text* in a paragraph.\n\n## A section\n\nMore."))
    return counted_build(COUNT_AND_BUILD, root, "settings made:")


def test_docutils_settings_do_not_grow_with_the_number_of_posts(tmp_path: Path) -> None:
    few = settings_made(tmp_path / "few" / "src", 3)
    many = settings_made(tmp_path / "many" / "src", 12)
    assert many == few
    assert few <= 6
