"""What ABlog gets of a post: a record made by blogkit, with no copy of the document.

ABlog's own reader deep-copies every post's whole document into its record
(and blogkit dropped the copy again right after): the costliest step of
reading a post. blogkit now writes ABlog's record itself. These tests check
that no document is copied any more, and that what ABlog does with its
records still reaches the reader: update notes and the postlist directive.
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from types import ModuleType

from conftest import Build, build_root, built, small_posts
from docutils import nodes


def test_reading_posts_copies_no_whole_document(tmp_path: Path, monkeypatch) -> None:
    import sphinx.util.nodes  # noqa: F401  (installs Sphinx's deepcopy on docutils' Element)

    copied = []
    deepcopy = nodes.Element.deepcopy

    def counted(self: nodes.Element) -> nodes.Element:
        if isinstance(self, nodes.document):
            copied.append(self.get("source"))
        return deepcopy(self)

    monkeypatch.setattr(nodes.Element, "deepcopy", counted)
    built(build_root("plain", tmp_path, posts=small_posts(8)))
    assert copied == []


def test_update_notes_and_postlist_work_from_blogkits_records(sample_site: Build) -> None:
    note = sample_site.html("posts/2024/second-thoughts.html").select_one("article .update")
    assert note is not None
    assert note.select_one(".admonition-title").get_text(strip=True) == "Updated on 12 April 2025"
    assert "measured again" in note.get_text()
    # The postlist on the about page: test_listings.py.


def tracked_objects(value: object) -> int:
    """How many objects the garbage collector tracks within a value (what each pass walks)."""
    seen: set[int] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        # Classes and modules are shared by everything: not part of any one record.
        if id(item) in seen or not gc.is_tracked(item) or isinstance(item, type | ModuleType):
            continue
        seen.add(id(item))
        pending.extend(gc.get_referents(item))
    return len(seen)


def test_records_stay_small_for_the_whole_build(parallel_site: Build) -> None:
    # Every post's records live in memory through the whole build, and in every process
    # forked from it: each object in them is walked by every full garbage collection.
    saved = parallel_site.outdir.parent / "html.doctrees" / "environment.pickle"
    env = pickle.loads(saved.read_bytes())
    gc.collect()  # lets the collector stop tracking tuples of plain strings, as it does in a build
    blog = env.domaindata["blogkit"]
    assert len(blog["posts"]) == 30
    for docname, record in blog["posts"].items():
        # One copy of a post's front matter, shared by the draft scan and the post record.
        assert record.meta is blog["front_matter"][docname][1], docname
        assert tracked_objects(env.ablog_posts[docname]) <= 4, env.ablog_posts[docname]
        excerpt = env.ablog_posts[docname][0]["excerpt"]
        assert [node.astext() for node in excerpt] == ["<p>Some code:</p>"]
