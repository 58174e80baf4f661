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
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx

from blogkit.model.domain import blog_data

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
