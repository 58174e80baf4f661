"""Two clean builds of the same sources give byte-identical output."""

from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import SAMPLE_POSTS, add_square_png, copy_real_site, sphinx_build, write_site


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build_twice(make_sources, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    results = []
    for number, (tz, locale) in enumerate((("UTC", "C.UTF-8"), ("Pacific/Auckland", "POSIX"))):
        root = make_sources(tmp_path / f"checkout-{number}" / "blog")
        build = sphinx_build(
            root, tmp_path / f"out-{number}" / "html", env={"TZ": tz, "LC_ALL": locale}
        )
        assert build.returncode == 0, build.stderr
        results.append(tree(build.outdir))
        time.sleep(1.1)  # a build-time stamp at second resolution would differ
    return results[0], results[1]


def test_real_blog_builds_byte_identical(tmp_path: Path) -> None:
    first, second = build_twice(copy_real_site, tmp_path)
    assert {"blog/atom.xml", "blog/rss.xml", "searchindex.js", "index.html"} <= set(first)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_sample_blog_builds_byte_identical(tmp_path: Path) -> None:
    def sources(root: Path) -> Path:
        write_site(root, SAMPLE_POSTS)
        add_square_png(root)
        return root

    first, second = build_twice(sources, tmp_path)
    assert len(first) > 30
    assert [name for name in first if first[name] != second.get(name)] == []


def test_parallel_strict_build_equals_the_serial_build(tmp_path: Path) -> None:
    # ABlog declares itself unsafe for parallel reading; blogkit makes it safe, so
    # `-j auto` works under -W (make html uses it) and changes nothing in the output.
    many = {
        f"posts/2024/post-{n:02d}.md": f"---\ndate: 2024-01-{n:02d}\ntags: [t{n % 4}]\n---\n\n"
        f"# Post {n}\n\nText of post {n}, long enough to be an excerpt.\n"
        for n in range(1, 25)
    }
    root = write_site(tmp_path / "src", {**SAMPLE_POSTS, **many})
    add_square_png(root)
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
