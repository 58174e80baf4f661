"""Builds of the same sources give byte-identical output: across processes, time zones,
locales and moments, and between a serial and a parallel build.

The ``blog`` root built in this test process (``sample_site``, earlier in the
run) is compared with a build of another copy in a process of its own, in
another time zone and locale.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Build, add_files, build_root, built, copy_root, sphinx_build


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sample_blog_builds_byte_identical(sample_site: Build, tmp_path: Path) -> None:
    env = {"TZ": "Pacific/Auckland", "LC_ALL": "POSIX"}
    elsewhere = built(build_root("blog", tmp_path, env=env))
    first, second = tree(sample_site.outdir), tree(elsewhere.outdir)
    assert len(first) > 30
    feeds = [name for name in first if name.endswith(".xml") and name != "sitemap.xml"]
    assert len(feeds) >= 10
    assert {"blog/atom.xml", "blog/rss.xml", "searchindex.js", "index.html"} <= set(first)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_parallel_strict_build_equals_the_serial_build(tmp_path: Path) -> None:
    # ABlog declares itself unsafe for parallel reading; blogkit makes it safe, so
    # `-j auto` works under -W (make html uses it) and changes nothing in the output.
    many = {
        f"posts/2024/post-{n:02d}.md": f"---\ndate: 2024-01-{n:02d}\ntags: [t{n % 4}]\n---\n\n"
        f"# Post {n}\n\nText of post {n}, long enough to be an excerpt.\n"
        for n in range(1, 25)
    }
    root = add_files(copy_root("blog", tmp_path / "src"), many)
    serial = sphinx_build(root, tmp_path / "serial" / "html")
    parallel = sphinx_build(root, tmp_path / "parallel" / "html", "-j", "2", quiet=False)
    # Sphinx really read in parallel: it reports chunks of documents, "first .. last".
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    for build in (serial, parallel):
        assert build.returncode == 0, build.stderr
        assert build.warnings == []
    first, second = tree(serial.outdir), tree(parallel.outdir)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
