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

from conftest import counted_build, small_posts, sphinx_build, write_site

COUNT_DOCUMENT_COPIES = """
import sphinx.util.nodes  # installs Sphinx's deepcopy on docutils' Element
from docutils import nodes

counted = []
deepcopy = nodes.Element.deepcopy

def copied(self):
    if isinstance(self, nodes.document):
        counted.append(self.get("source"))
    return deepcopy(self)

nodes.Element.deepcopy = copied
"""


def test_reading_posts_copies_no_whole_document(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", small_posts(8))
    assert counted_build(COUNT_DOCUMENT_COPIES, root) == 0


UPDATED_POST = """\
---
date: 2024-03-01
tags: [python]
---

# A post that changed

The first paragraph.

```{update} 12 April 2024
The benchmark figures were measured again.
```

## Details

More text.
"""

POSTLIST_INDEX = """\
# Test Blog

```{postlist}
:date: %Y-%m-%d
:format: {date} {title}
```
"""


def test_update_notes_and_postlist_work_from_blogkits_records(tmp_path: Path) -> None:
    sources = {**small_posts(2), "posts/2024/changed.md": UPDATED_POST}
    root = write_site(tmp_path / "src", sources, index=POSTLIST_INDEX)
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    note = build.html("posts/2024/changed.html").select_one("article .update")
    assert note is not None
    assert note.select_one(".admonition-title").get_text(strip=True) == "Updated on 12 April 2024"
    assert "measured again" in note.get_text()
    listed = [li.get_text(" ", strip=True) for li in build.html("index.html").select("article li")]
    assert listed == ["2024-03-01 A post that changed", "2024-01-02 Post 1", "2024-01-01 Post 0"]


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


def test_records_stay_small_for_the_whole_build(tmp_path: Path) -> None:
    # Every post's records live in memory through the whole build, and in every process
    # forked from it: each object in them is walked by every full garbage collection.
    root = write_site(tmp_path / "src", small_posts(12))
    build = sphinx_build(root, tmp_path / "html", "-j", "2")
    assert build.returncode == 0, build.stderr
    saved = tmp_path / "html.doctrees" / "environment.pickle"
    env = pickle.loads(saved.read_bytes())
    gc.collect()  # lets the collector stop tracking tuples of plain strings, as it does in a build
    blog = env.domaindata["blogkit"]
    for docname, record in blog["posts"].items():
        # One copy of a post's front matter, shared by the draft scan and the post record.
        assert record.meta is blog["front_matter"][docname][1], docname
        assert tracked_objects(env.ablog_posts[docname]) <= 4, env.ablog_posts[docname]
        excerpt = env.ablog_posts[docname][0]["excerpt"]
        assert [node.astext() for node in excerpt] == ["<p>A first paragraph.</p>"]
