"""Bad posts: each mistake fails the strict build with a message naming file, line, field and value.

One test site per mistake. Every case also checks that no traceback reaches
the writer and that the sources are left exactly as they were.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import sphinx_build, write_site

GOOD = """
---
date: 2024-01-10
tags: [python]
---

# A good post

Fine.
"""


def post(front: str, body: str = "# A title\n\nText.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


# name: (files, [(path, line, field, words the message must contain)])
CASES = {
    "date-not-a-date": (
        {"posts/2024/x.md": post("date: not-a-date")},
        [("posts/2024/x.md", 2, "date", ["'not-a-date'", "is not a date", "YYYY-MM-DD"])],
    ),
    "date-us-order": (
        {"posts/2024/x.md": post("tags: [a]\ndate: 03/04/2024")},
        [("posts/2024/x.md", 3, "date", ["'03/04/2024'", "is not a date"])],
    ),
    "date-impossible-day": (
        {"posts/2024/x.md": post("date: 2024-02-30")},
        [("posts/2024/x.md", 2, "date", ["'2024-02-30'", "is not a date"])],
    ),
    "date-bad-hour": (
        {"posts/2024/x.md": post("date: 2024-02-03 25:00")},
        [("posts/2024/x.md", 2, "date", ["'2024-02-03 25:00'", "is not a date"])],
    ),
    "date-a-list": (
        {"posts/2024/x.md": post("date: [2024-01-01]")},
        [("posts/2024/x.md", 2, "date", ["expected a single value"])],
    ),
    "unknown-key-tag": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntag: python")},
        [("posts/2024/x.md", 3, "tag", ["unknown key", "did you mean 'tags'"])],
    ),
    "unknown-key-catgory": (
        {"posts/2024/x.md": post("date: 2024-01-01\n\ncatgory: notes")},
        [("posts/2024/x.md", 4, "catgory", ["unknown key", "did you mean 'category'"])],
    ),
    "tags-a-mapping": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags: {python: 3}")},
        [("posts/2024/x.md", 3, "tags", ["expected a name or a list of names"])],
    ),
    "tags-nested-list": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags:\n  - python\n  - [a, b]")},
        [("posts/2024/x.md", 5, "tags", ["is not a name"])],
    ),
    "tags-empty": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags:")},
        [("posts/2024/x.md", 3, "tags", ["is empty"])],
    ),
    "draft-not-boolean": (
        {"posts/2024/x.md": post("date: 2024-01-01\ndraft: maybe")},
        [("posts/2024/x.md", 3, "draft", ["'maybe'", "is not true or false"])],
    ),
    "key-twice": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags: [a]\ntags: [b]")},
        [("posts/2024/x.md", 4, "tags", ["is set twice", "line 3"])],
    ),
    "invalid-yaml": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags: [a, b")},
        [("posts/2024/x.md", None, None, ["front matter", "is not valid YAML"])],
    ),
    "no-front-matter": (
        {"posts/2024/x.md": "# Just a title\n\nText.\n"},
        [("posts/2024/x.md", 1, None, ["front matter", "missing"])],
    ),
    "no-title": (
        {"posts/2024/x.md": post("date: 2024-01-01", body="Just text, no heading.\n")},
        [("posts/2024/x.md", 5, "title", ["no title", "'# Title'"])],
    ),
    "empty-title": (
        {"posts/2024/x.md": post("date: 2024-01-01", body="#\n\nText.\n")},
        [("posts/2024/x.md", 5, "title", ["no title"])],
    ),
    "file-name-reserved": (
        {"posts/2024/aux.md": post("date: 2024-01-01")},
        [("posts/2024/aux.md", 1, "slug", ["'aux'", "reserved"])],
    ),
    "file-name-too-long": (
        {f"posts/2024/{'a' * 251}.md": post("date: 2024-01-01")},
        [(f"posts/2024/{'a' * 251}.md", 1, "slug", ["too long", "256 bytes", "255"])],
    ),
    "blogpost-false": (
        {"posts/2024/x.md": post("blogpost: false\ndate: 2024-01-01")},
        [("posts/2024/x.md", 2, "blogpost", ["must be true"])],
    ),
    "author-a-typo-of-a-listed-one": (
        {"posts/2024/x.md": post("date: 2024-01-01\nauthor: Ada Writr")},
        [("posts/2024/x.md", 3, "author", ["'Ada Writr'", "did you mean 'Ada Writer'"])],
    ),
    "tags-differ-in-punctuation": (
        {
            "posts/2024/a.md": post("date: 2024-01-01\ntags: [C]"),
            "posts/2024/b.md": post("date: 2024-01-02\n\ntags: [C++]"),
        },
        [("posts/2024/b.md", 4, "tags", ["'C++'", "share the page 'c'"])],
    ),
    "categories-differ-in-spacing": (
        {
            "posts/2024/a.md": post("date: 2024-01-01\ncategory: web dev"),
            "posts/2024/b.md": post("date: 2024-01-02\ncategory: web-dev"),
        },
        [("posts/2024/b.md", 3, "category", ["'web-dev'", "'web dev'"])],
    ),
    "name-without-letters": (
        {"posts/2024/x.md": post("date: 2024-01-01\ntags: ['+++']")},
        [("posts/2024/x.md", 3, "tags", ["'+++'", "no letters or digits"])],
    ),
}

WARNING_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.]+)\])?$"
)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_post_fails_the_build_with_a_precise_message(case: str, tmp_path: Path) -> None:
    files, expected = CASES[case]
    root = write_site(tmp_path / "src", {"posts/2024/good.md": GOOD, **files})
    before = tree_digest(root)
    build = sphinx_build(root, tmp_path / "html")

    assert build.returncode != 0, "the strict build must fail"
    assert "Traceback" not in build.stderr + build.stdout
    assert "Exception occurred" not in build.stderr
    assert tree_digest(root) == before, "sources must not be touched"

    ours = [
        m
        for m in map(WARNING_RE.match, build.stderr.splitlines())
        if m and "blog." in (m["type"] or "")
    ]
    for path, line, field, words in expected:
        matching = [
            m
            for m in ours
            if m["path"] == path
            and (line is None or int(m["line"]) == line)
            and (
                field is None
                or m["message"].startswith(f"front matter '{field}'")
                or m["type"] == f"blog.{field}"
            )
            and all(word in m["message"] for word in words)
        ]
        assert matching, f"no message for {path}:{line} {field} {words} in:\n{build.stderr}"


def test_all_mistakes_are_listed_in_one_run(tmp_path: Path) -> None:
    files = {
        "posts/2024/one.md": post("date: not-a-date\ntag: x"),
        "posts/2024/two.md": post("date: 2024-13-01", body="No heading.\n"),
        "posts/2024/three.md": post("date: 2024-01-01\ndraft: perhaps"),
    }
    root = write_site(tmp_path / "src", files)
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0
    located = {
        (m["path"], int(m["line"])) for m in map(WARNING_RE.match, build.stderr.splitlines()) if m
    }
    assert {
        ("posts/2024/one.md", 2),
        ("posts/2024/one.md", 3),
        ("posts/2024/two.md", 2),
        ("posts/2024/two.md", 5),
        ("posts/2024/three.md", 3),
    } <= located


def test_iso_dates_with_offsets_are_read_not_crashed_on(tmp_path: Path) -> None:
    files = {
        "posts/2024/offset.md": post("date: 2024-05-01T23:30:00-04:00", "# With offset\n\nText.\n"),
        "posts/2024/plain.md": post("date: 2024-05-02", "# Plain\n\nText.\n"),
    }
    root = write_site(tmp_path / "src", files)
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    items = build.html("blog.html").select(".blog-post-item")
    # 23:30 at -04:00 is 05:30 next morning in Berlin: newer than "plain" (midnight, 2 May, Berlin).
    assert [i.h2.get_text() for i in items] == ["With offset", "Plain"]
    assert items[0].time["datetime"] == "2024-05-02T05:30:00+02:00"


def test_a_second_build_without_changes_still_fails(tmp_path: Path) -> None:
    # Sphinx does not reread unchanged files; their problems must not be forgotten.
    root = write_site(tmp_path / "src", {"posts/2024/x.md": post("date: 2024-01-01\ntag: x")})
    first = sphinx_build(root, tmp_path / "html")
    second = sphinx_build(root, tmp_path / "html")
    for build in (first, second):
        assert build.returncode != 0
        assert "posts/2024/x.md:3: WARNING: front matter 'tag': unknown key" in build.stderr


def test_a_page_where_the_blog_generates_one_is_not_silently_replaced(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"posts/2024/good.md": GOOD})
    (root / "blog.md").write_text("# My own blog page\n\nHand-written.\n", encoding="utf-8")
    conf = (root / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace(
        'include_patterns = ["index.md",', 'include_patterns = ["blog.md", "index.md",'
    )
    (root / "conf.py").write_text(conf, encoding="utf-8")
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0
    assert "the page blog is generated by the blog (All posts)" in build.stderr
    assert "Hand-written." in (tmp_path / "html" / "blog.html").read_text(encoding="utf-8")
