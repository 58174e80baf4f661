"""What the previous build wrote, so that unchanged generated output is not written again.

Listing pages are generated on every build and feeds are rebuilt from the
written posts; both cost time in proportion to the whole blog. Each build
records a digest of every listing page's inputs and the body of every post
read for a feed; the next build reuses them when nothing they depend on has
changed. A different configuration, template, theme or blogkit version
invalidates everything, as it does for Sphinx's own pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import blogkit
from blogkit.incremental.stale import remove_emptied_folders
from blogkit.state import build_state

STAMPS_FILE = "blogkit-pages.json"
BODIES_FILE = "blogkit-feed-bodies.pickle"


def digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def package_files(package: Path) -> list[tuple[str, int]]:
    """The package's own files and their dates: what a change of blogkit's code changes.

    Not the bytecode Python writes beside them as modules are first imported:
    on a fresh checkout the second build would otherwise rewrite every page.
    """
    return sorted(
        (path.relative_to(package).as_posix(), path.stat().st_mtime_ns)
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def build_signature(app: Sphinx) -> str:
    """Everything besides the posts that a generated page's bytes depend on (once a build)."""
    state = build_state(app)
    if not state.signature:
        state.signature = _signature(app)
    return state.signature


def _signature(app: Sphinx) -> str:
    package = Path(blogkit.__file__).parent
    code = package_files(package)
    info = app.builder.build_info
    return digest(
        (
            blogkit.__version__,
            info.config_hash,
            # Sphinx's hash of the HTML settings leaves it out; the labels follow it.
            app.config.language,
            info.tags_hash,
            app.builder.templates.newest_template_mtime(),
            code,
        )
    )


class PageStamps:
    """Digests of the generated pages' inputs, from this build and the last."""

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / STAMPS_FILE
        self.outdir = Path(app.builder.outdir)
        self.prefix = os.path.join(self.outdir, "")
        self.signature = build_signature(app)
        self.current: dict[str, dict[str, Any]] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        # Which files were generated is kept whatever changed, so that stale ones can go;
        # their digests only count when nothing else changed.
        self.previous: dict[str, dict[str, Any]] = saved.get("pages", {})
        self.valid = saved.get("signature") == self.signature

    def unchanged(self, key: str, outputs: list[Path], inputs: Any) -> bool:
        """Record a generated page's inputs; True when its files were made from the same."""
        stamp = self.record(key, outputs, inputs)
        before = self.previous.get(key, {})
        return (
            self.valid and before.get("digest") == stamp and all(path.is_file() for path in outputs)
        )

    def record(self, key: str, outputs: list[Path], inputs: Any = None) -> str:
        """This build made these files (a page written every build, a copied image): a
        later build that no longer makes them deletes them. Returns the inputs' digest."""
        stamp = digest(inputs)
        files = [self.relative(path) for path in outputs]
        self.current[key] = {"digest": stamp, "files": files}
        return stamp

    def relative(self, path: Path) -> str:
        """A file's name in the output folder, with ``/``: ``Path.relative_to`` costs more
        than hashing the page's inputs, for each of hundreds of listing pages."""
        name = os.fspath(path)
        if name.startswith(self.prefix):
            return name[len(self.prefix) :].replace(os.sep, "/")
        return path.relative_to(self.outdir).as_posix()

    def carry_over(self, keys: list[str]) -> bool:
        """Keep the last build's stamps for pages known unchanged; False if one cannot be.

        Only when nothing else changed (same signature) and their files are there.
        """
        before = [self.previous.get(key) for key in keys]
        if not self.valid or not all(
            entry and all((self.outdir / name).is_file() for name in entry.get("files", []))
            for entry in before
        ):
            return False
        self.current.update(zip(keys, before, strict=True))
        return True

    def delete_stale(self) -> None:
        """Remove the files of generated pages this build no longer makes.

        And the folders they leave empty (a listing's last numbered page, a
        tag's feeds): a clean build does not make them.
        """
        kept = {name for entry in self.current.values() for name in entry["files"]}
        gone = {
            self.outdir / name
            for entry in self.previous.values()
            for name in entry.get("files", [])
            if name not in kept
        }
        for path in gone:
            path.unlink(missing_ok=True)
        remove_emptied_folders(self.outdir, gone)

    def save(self) -> None:
        data = {"signature": self.signature, "pages": dict(sorted(self.current.items()))}
        self.path.write_text(json.dumps(data, indent=0), encoding="utf-8")


def page_stamps(app: Sphinx) -> PageStamps:
    """This build's stamps, created on first use."""
    state = build_state(app)
    if state.stamps is None:
        state.stamps = PageStamps(app)
    return state.stamps


def note_written(app: Sphinx, doctree: Any, docname: str) -> None:
    """doctree-resolved: the pages this build writes (in a parallel build too: the main
    process resolves every page it hands to a writer)."""
    build_state(app).written.add(docname)


def written(app: Sphinx) -> set[str]:
    return build_state(app).written


def recorded_stamps(app: Sphinx) -> dict[str, dict[str, Any]]:
    """What this process recorded in this build: a background process's result."""
    return dict(page_stamps(app).current)


def keep_stamps(app: Sphinx, stamps: dict[str, Any]) -> None:
    """What a background process recorded, kept by the main process for the next build."""
    page_stamps(app).current.update(stamps)


def save_page_stamps(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: keep this build's stamps for the next one."""
    stamps = build_state(app).stamps
    if exception is None and stamps is not None:
        stamps.delete_stale()
        stamps.save()


class BodyCache:
    """Post bodies read back from written pages, keyed by a digest of the page's article.

    The article, not the file: a sidebar refreshed in place (blogkit.incremental.refresh)
    changes the file but not the post's body. Loaded only when a feed is made again (most
    edits leave every feed as it was), and saved only when something in it changed: at
    1,000 posts it holds two megabytes.
    """

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / BODIES_FILE
        self.signature = build_signature(app)
        self.entries: dict[str, tuple[str, str]] = {}
        self.digests: dict[str, tuple[int, int, str]] = {}
        self.loaded = False
        self.changed = False
        self.used: dict[str, tuple[str, str]] = {}

    def _load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        try:
            with self.path.open("rb") as saved:
                signature, entries, digests = pickle.load(saved)
            if signature == self.signature:
                self.entries, self.digests = entries, digests
                return
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass
        self.changed = True

    def stamp(self, docname: str, page: Path) -> str:
        """The article digest of a written page, hashed again only when the file changed."""
        self._load()
        stat = page.stat()
        known = self.digests.get(docname)
        if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
            known = (stat.st_mtime_ns, stat.st_size, article_digest(page))
            self.digests[docname] = known
            self.changed = True
        return known[2]

    def get(self, docname: str, stamp: str, read: Any) -> str:
        self._load()
        cached = self.entries.get(docname)
        if cached and cached[0] == stamp:
            body = cached[1]
        else:
            body, self.changed = read(), True
        self.used[docname] = (stamp, body)
        return body

    def save(self, keep: set[str]) -> None:
        """Keep what was read now and what is still valid for posts that exist."""
        if not self.loaded:
            return
        entries = {name: body for name, body in self.entries.items() if name in keep}
        digests = {name: known for name, known in self.digests.items() if name in keep}
        dropped = len(entries) != len(self.entries) or len(digests) != len(self.digests)
        if not self.changed and not dropped:
            return
        entries.update(self.used)
        with self.path.open("wb") as out:
            data = (self.signature, entries, digests)
            pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)


def article_digest(page: Path) -> str:
    """A digest of the <article> of a written page: its content, without the sidebars."""
    html = page.read_bytes()
    start = html.find(b"<article")
    end = html.find(b"</article>", start)
    return hashlib.sha256(html[start:end] if start >= 0 and end >= 0 else html).hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file only when its bytes change, so unchanged output keeps its date."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
