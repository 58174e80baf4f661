"""Parallel reading: each reader process sends back only the blog records it made.

After every chunk of documents, Sphinx's parallel reader pickles its whole
environment and sends it to the main process, which merges that chunk's
documents from it (``Builder._read_parallel``). A reader is forked from the
main process, so its environment holds every record merged so far: at 1,000
posts the blog's records (posts, problems, front matter, ABlog's post
records) would travel a dozen times each, pickled by the reader and
unpickled by the main process, which is then busy instead of reading.

A :class:`RecordsByDoc` is a dict that, pickled in a reader process, takes
only the entries that process wrote; the merge handlers copy exactly those.
Pickled by the main process (the saved environment), it takes everything.

Each reader's environment, once merged, is dropped, but not freed: its
node trees (children and parents) and domains (and their environment) are
reference cycles, which only a full garbage collection frees, and those are
rare among the main process's million objects. The speedups' freeze before
the writers fork then kept them for good: at 1,000 posts two or three
environments, 30 MiB in the main process and in every writer forked from it.
``collect_merged_readers`` frees them once, after reading.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from sphinx.application import Sphinx

from blogkit.model.domain import blog_data
from blogkit.state import build_state

_main_process = os.getpid()

#: The blog domain's records held one per document.
PER_DOCUMENT = ("posts", "problems", "front_matter")


class RecordsByDoc(dict):
    """Records keyed by document name, pickled lean by parallel reader processes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._written: dict[int, set] = {}

    def _note(self, key: Any) -> None:
        self._written.setdefault(os.getpid(), set()).add(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self._note(key)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __reduce__(self) -> tuple:
        if os.getpid() == _main_process:
            return (RecordsByDoc, (dict(self),))
        written = self._written.get(os.getpid(), set())
        return (RecordsByDoc, ({key: self[key] for key in written if key in self},))


def use_main_process() -> None:
    """This process is the build's main one: its records pickle in full."""
    global _main_process
    _main_process = os.getpid()


def use_lean_records(app: Sphinx) -> None:
    """builder-inited: this process is the main one; per-document records pickle lean."""
    use_main_process()
    data = blog_data(app.env).data
    for name in PER_DOCUMENT:
        if not isinstance(data[name], RecordsByDoc):
            data[name] = RecordsByDoc(data[name])
    # ABlog's own post records, which blogkit writes (blogkit._ablog).
    if not isinstance(getattr(app.env, "ablog_posts", None), RecordsByDoc):
        app.env.ablog_posts = RecordsByDoc(getattr(app.env, "ablog_posts", None) or {})


def note_merged_reader(app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
    """env-merge-info: a parallel reader's environment was merged (and is dropped now)."""
    build_state(app).merged_readers = True


def collect_merged_readers(app: Sphinx, env: Any) -> None:
    """env-updated: free the merged readers' environments, before the writers fork.

    One full collection (a few tenths of a second at 1,000 posts), only after a parallel read.
    """
    state = build_state(app)
    if state.merged_readers:
        state.merged_readers = False
        gc.collect()
