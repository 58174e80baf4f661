"""Builds of the same sources give byte-identical output: in another process, time zone,
locale and moment, and with parallel reading and writing (``-j 2``).

The ``blog`` root, with 24 more posts so that Sphinx really reads and writes
in parallel, is built in this test process, and again in a process of its
own, with ``-j 2``, on the other side of the world.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import add_files, copy_root, sphinx_build


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_parallel_build_elsewhere_equals_the_serial_build_here(tmp_path: Path) -> None:
    # ABlog declares itself unsafe for parallel reading; blogkit makes it safe, so
    # `-j auto` works under -W (make html uses it) and changes nothing in the output.
    # Neither do the process, the time zone, the locale or the moment of the build.
    many = {
        f"posts/2024/post-{n:02d}.md": f"---\ndate: 2024-01-{n:02d}\ntags: [t{n % 4}]\n---\n\n"
        f"# Post {n}\n\nText of post {n}, long enough to be an excerpt.\n"
        for n in range(1, 25)
    }
    root = add_files(copy_root("blog", tmp_path / "src"), many)
    serial = sphinx_build(root, tmp_path / "serial" / "html")
    elsewhere = {"TZ": "Pacific/Auckland", "LC_ALL": "POSIX"}
    parallel = sphinx_build(
        root, tmp_path / "parallel" / "html", "-j", "2", quiet=False, env=elsewhere
    )
    # Sphinx really read in parallel: it reports chunks of documents, "first .. last".
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    for build in (serial, parallel):
        assert build.returncode == 0, build.stderr
        assert build.warnings == []
    first, second = tree(serial.outdir), tree(parallel.outdir)
    assert len(first) > 60
    feeds = [name for name in first if name.endswith(".xml") and name != "sitemap.xml"]
    assert len(feeds) >= 10
    assert {"blog/atom.xml", "blog/rss.xml", "searchindex.js", "index.html"} <= set(first)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
