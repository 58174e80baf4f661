"""Docutils settings are made once per build, not once per post.

The build runs in its own process with docutils' OptionParser counted; a site
with four times as many posts must not make a single settings object more.
"""

from __future__ import annotations


def test_docutils_settings_do_not_grow_with_the_number_of_posts(counts_as_posts_grow) -> None:
    few, many = counts_as_posts_grow[3]["settings"], counts_as_posts_grow[12]["settings"]
    assert many == few
    assert 1 <= few <= 6
