"""A page's stylesheet and script links: each asset's checksum found once per build process.

Sphinx adds ``?v=<checksum>`` to every local asset link of every page. It
already caches each file's checksum (by resolved path) for the whole
process, but resolves the path again first, for every asset of every page:
a dozen ``lstat`` calls per asset, about 40 microseconds. With the blog's
assets (its stylesheet, the copy button's three files) on top of the
theme's, that was half a millisecond of each page's writing. The path
resolution is as pure as the checksum Sphinx caches after it, so its result
is cached by the same key the caller passes: output folder and file name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from blogkit.speedups.guard import Patch

Checksum = Callable[[Path, str], str]


def cached_checksums(checksum: Checksum) -> Checksum:
    """Wrap ``sphinx.builders.html._file_checksum`` with a cache of its results."""
    known: dict[tuple[Path, str], str] = {}

    def file_checksum(outdir: Path, filename: str) -> str:
        key = (outdir, str(filename))
        if key not in known:
            known[key] = checksum(outdir, filename)
        return known[key]

    file_checksum.__wrapped__ = checksum  # type: ignore[attr-defined]
    return file_checksum


#: Each asset's checksum looked up once per process while it is in (forked writers inherit it).
PATCHES = (
    Patch(
        target="sphinx.builders.html:_file_checksum",
        written_for="(outdir, filename)",
        wrap=cached_checksums,
    ),
)
