"""Output that Sphinx itself leaves stale after an incremental build.

A clean build and an incremental build of the same sources must write the
same files. Sphinx never deletes the page of a removed document, and its
search index keeps, as empty entries, the words that an edited page no
longer contains. Both are put right here; generated pages and feeds that a
build no longer makes are removed by blogkit.incremental.pagecache. A folder
that such a removal leaves empty (a tag no post has any more, a year without
posts) goes too: a clean build never makes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogkit.state import build_state


def note_removed_docs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: remember what was removed, to delete its output later."""
    build_state(app).removed.update(removed)
    return []


def delete_removed_pages(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: a removed document's page and copied source go too."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    deleted = []
    for docname in sorted(build_state(app).removed):
        if docname in app.env.found_docs:
            continue
        page = outdir / app.builder.get_target_uri(docname)
        page.unlink(missing_ok=True)
        deleted.append(page)
        for source in (outdir / "_sources").glob(f"{docname}.*.txt"):
            source.unlink()
            deleted.append(source)
    remove_emptied_folders(outdir, deleted)


def remove_emptied_folders(outdir: Path, deleted: Iterable[Path]) -> None:
    """The folders of deleted files, and their parents, that are left empty (not outdir)."""
    for folder in sorted({path.parent for path in deleted}, key=lambda p: -len(p.parts)):
        while folder != outdir and folder.is_relative_to(outdir):
            try:
                folder.rmdir()
            except OSError:  # not empty (or already gone): its parents are not empty either
                break
            folder = folder.parent


def prune_search_terms(app: Sphinx) -> list:
    """html-collect-pages (before the index is written): drop words no page contains."""
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []
