"""`blogkit migrate SOURCE`: an ABlog site's posts brought into this blog, a dry run first.

The source is the test root tests/roots/ablog-source (its conf.py raises if run).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sphinx_build, write_site

SOURCE = Path(__file__).parent / "roots" / "ablog-source"


def migrate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "blogkit.cli", "--root", str(root), "migrate", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SOURCE, tmp_path / "old-site"))


def test_a_dry_run_prints_a_summary_and_a_diff_and_writes_nothing(
    tmp_path: Path, source: Path
) -> None:
    root = write_site(tmp_path / "blog", {})
    before, source_before = digest(root), digest(source)
    result = migrate(root, str(source))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("2 post(s); 2 changed on the way")
    assert "3 redirect(s) from old addresses" in out
    assert "settings for conf.py: blog_authors, blog_locations" in out
    # The diff: what changes from the source, file by file, and in conf.py.
    assert "--- a/blog/2020/first.md\n+++ b/posts/2020/first.md\n" in out
    assert "-permalink: first-post\n" in out
    assert "+redirect: blog/2020/first, first-post\n" in out
    assert "+++ b/posts/2021/second.rst" in out and "+   :redirect: blog/2021/second\n" in out
    assert "--- a/conf.py\n+++ b/conf.py\n" in out and "'Grace Hopper'" in out
    # What it cannot carry over, with file and line.
    assert (
        "not carried over: blog/2020/first.md:14: directive 'socialpost' is not available here"
        in out
    )
    assert "not carried over: blog/2020/first.md:12: link to '../../about.md'" in out
    assert "not carried over: conf.py setting html_baseurl (line 10: not a literal)" in out
    assert out.rstrip().endswith("dry run: nothing written (run again with --write)")
    assert digest(root) == before and digest(source) == source_before


def test_write_brings_posts_images_and_settings_and_never_overwrites(
    tmp_path: Path, source: Path
) -> None:
    root = write_site(tmp_path / "blog", {"posts/2021/second.rst": "Mine.\n"})
    result = migrate(root, str(source), "--write")
    assert result.returncode == 0, result.stderr
    assert "exists, left as it is: posts/2021/second.rst" in result.stdout
    assert (root / "posts/2021/second.rst").read_text() == "Mine.\n"
    first = (root / "posts/2020/first.md").read_text()
    assert "redirect: blog/2020/first, first-post\n" in first and "permalink" not in first
    assert (root / "images/pic.png").read_bytes() == (source / "images/pic.png").read_bytes()
    conf = (root / "conf.py").read_text()
    assert "'Grace Hopper': ('Grace Hopper', 'https://example.org/grace')" in conf
    assert "'Ada Writer'" in conf and "blog_locations = {'Paris': ('Paris', None)}" in conf
    assert "RuntimeError" not in conf


def test_the_migrated_site_builds_with_only_the_genuine_messages(
    tmp_path: Path, source: Path
) -> None:
    root = write_site(tmp_path / "blog", {})
    assert migrate(root, str(source), "--write").returncode == 0
    build = sphinx_build(root, tmp_path / "html")
    messages = sorted(
        line.split(": ", 1)[1] for line in build.warnings if "posts/2020/first.md" in line
    )
    assert len(build.warnings) == 2, build.stderr
    assert messages[0].startswith("WARNING: 'myst' cross-reference target not found: '../../about")
    assert messages[1].startswith("WARNING: Unknown directive type: 'socialpost'")
    # The old addresses lead to the posts.
    for old, new in (
        ("blog/2020/first.html", "../../posts/2020/first.html"),
        ("first-post.html", "posts/2020/first.html"),
        ("blog/2021/second.html", "../../posts/2021/second.html"),
    ):
        refresh = build.html(old).select_one('meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url={new}"
    assert build.html("blog/location/paris.html").select_one(".blog-post-item-title a")
