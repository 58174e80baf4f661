"""Docutils settings are made once per build, not once per post.

The build runs in its own process with docutils' OptionParser counted; a site
with four times as many posts must not make a single settings object more.
"""

from __future__ import annotations

from pathlib import Path

from conftest import counted_as_posts_grow

COUNT_SETTINGS = """
import docutils.frontend

counted = []
make = docutils.frontend.OptionParser.__init__

def made(self, *args, **kwargs):
    counted.append(1)
    make(self, *args, **kwargs)

docutils.frontend.OptionParser.__init__ = made
"""


def test_docutils_settings_do_not_grow_with_the_number_of_posts(tmp_path: Path) -> None:
    body = "Some *text* in a paragraph.\n\n## A section\n\nMore."
    few, many = counted_as_posts_grow(COUNT_SETTINGS, tmp_path, body)
    assert many == few
    assert few <= 6
