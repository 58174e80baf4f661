"""Front-matter rules, checked on the functions that apply them, from one table of cases.

``read_post`` checks one post's source and ``find_collisions`` what only shows
across posts; the build and ``blogkit check`` both call them. Each case gives
a post's source, where the message must point (file and line), the field it
names and words it must say. That each message reaches the build and fails
it is proven by test_bad_posts.py.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import build_root, built

from blogkit.model.frontmatter import Problem, Rules, find_collisions, parse_datetime, read_post

RULES = Rules(timezone=ZoneInfo("Europe/Berlin"), authors=("Ada Writer", "Bob Coder"))


def post(front: str, body: str = "# A title\n\nText.\n") -> str:
    return f"---\n{front}\n---\n\n{body}"


# (source of posts/2024/x.md, "file:line" the message names, field, words it must contain)
CASES = [
    (post("date: not-a-date"), "x.md:2", "date", ["'not-a-date'", "is not a date", "YYYY-MM-DD"]),
    (post("tags: [a]\ndate: 03/04/2024"), "x.md:3", "date", ["'03/04/2024'", "is not a date"]),
    (post("date: 2024-02-30"), "x.md:2", "date", ["'2024-02-30'", "is not a date"]),
    (post("date: 2024-02-03 25:00"), "x.md:2", "date", ["'2024-02-03 25:00'", "is not a date"]),
    (post("date: [2024-01-01]"), "x.md:2", "date", ["expected a single value"]),
    (post("date: 2024-01-01\nupdated: someday"), "x.md:3", "updated", ["'someday'"]),
    (post("date: 2024-01-01\ntag: python"), "x.md:3", "tag", ["unknown key", "'tags'"]),
    (post("date: 2024-01-01\n\ncatgory: notes"), "x.md:4", "catgory", ["did you mean 'category'"]),
    (post("date: 2024-01-01\ntags: {python: 3}"), "x.md:3", "tags", ["a name or a list of names"]),
    (post("date: 2024-01-01\ntags:\n  - python\n  - [a, b]"), "x.md:5", "tags", ["is not a name"]),
    (post("date: 2024-01-01\ntags: ['a, b']"), "x.md:3", "tags", ["contains a comma"]),
    (post("date: 2024-01-01\ntags:"), "x.md:3", "tags", ["is empty"]),
    (post("date: 2024-01-01\ndraft: maybe"), "x.md:3", "draft", ["'maybe'", "not true or false"]),
    (post("date: 2024-01-01\npinned: top"), "x.md:3", "pinned", ["'top'", "not true or false"]),
    (post("date: 2024-01-01\ntags: [a]\ntags: [b]"), "x.md:4", "tags", ["set twice", "line 3"]),
    (post("date: 2024-01-01\ntags: [a, b"), "x.md:", None, ["front matter", "not valid YAML"]),
    (post(""), "x.md:2", None, ["front matter", "is empty"]),
    (post("- date: 2024-01-01"), "x.md:2", None, ["front matter", "'key: value' lines"]),
    ("# Just a title\n\nText.\n", "x.md:1", None, ["front matter", "missing"]),
    (post("date: 2024-01-01", body="Just text, no heading.\n"), "x.md:5", "title", ["'# Title'"]),
    (post("date: 2024-01-01", body="#\n\nText.\n"), "x.md:5", "title", ["no title"]),
    (post("blogpost: false\ndate: 2024-01-01"), "x.md:2", "blogpost", ["must be true"]),
    (
        post("date: 2024-01-01\nauthor: Ada Writr"),
        "x.md:3",
        "author",
        ["'Ada Writr'", "not in blog_authors", "did you mean 'Ada Writer'"],
    ),
]

# (two posts, "file:line", field, words): mistakes that only show across posts.
COLLISIONS = [
    (
        {"a.md": post("tags: [C]"), "b.md": post("date: 2024-01-02\n\ntags: [C++]")},
        "b.md:4",
        "tags",
        ["'C++'", "share the page 'c'"],
    ),
    (
        {"a.md": post("category: web dev"), "b.md": post("category: web-dev")},
        "b.md:2",
        "category",
        ["'web-dev'", "'web dev'"],
    ),
    (
        {"a.md": post("author: [Ada Writer]"), "b.md": post("tags: ['+++']")},
        "b.md:2",
        "tags",
        ["'+++'", "no letters or digits"],
    ),
]


def assert_reported(problems: list[Problem], where: str, field: str | None, words: list[str]):
    found = [
        problem
        for problem in problems
        if str(problem).startswith(f"posts/{where}")
        and problem.field == field
        and (
            field is None or field in ("title", "slug") or f"front matter '{field}'" in str(problem)
        )
        and all(word in problem.message for word in words)
    ]
    assert found, f"no message at {where} for {field} with {words} in {problems}"


@pytest.mark.parametrize(("source", "where", "field", "words"), CASES)
def test_a_mistake_in_one_post_is_named_with_line_and_field(
    source: str, where: str, field: str | None, words: list[str]
) -> None:
    _meta, problems = read_post(source, "posts/2024/x.md", RULES)
    assert_reported(problems, f"2024/{where}", field, words)


def test_a_file_name_no_file_system_serves_is_named() -> None:
    _meta, problems = read_post(post("date: 2024-01-01"), "posts/2024/con.md", RULES)
    assert_reported(problems, "2024/con.md:1", "slug", ["'con'", "reserved"])


@pytest.mark.parametrize(("sources", "where", "field", "words"), COLLISIONS)
def test_a_mistake_across_posts_is_named_at_the_later_post(
    sources: dict[str, str], where: str, field: str, words: list[str]
) -> None:
    read = [read_post(text, f"posts/{path}", RULES) for path, text in sources.items()]
    assert [problem for _meta, problems in read for problem in problems] == []
    assert_reported(find_collisions([meta for meta, _problems in read]), where, field, words)


def test_a_good_post_has_no_problem_and_says_what_it_is() -> None:
    source = post(
        "date: 2024-05-01 23:30\nupdated: 2024-05-02T10:00:00Z\nauthor: [Ada Writer, Bob Coder]\n"
        "category: Notes\ntags: python, sphinx\ndraft: no\ndescription: One sentence.\npinned: yes",
        body="Title\n=====\n\nText.\n",
    )
    meta, problems = read_post(source, "posts/2024/good-one.md", RULES)
    assert problems == []
    assert meta.title == "Title"
    assert meta.date.isoformat() == "2024-05-01T23:30:00+02:00"
    assert meta.updated.isoformat() == "2024-05-02T10:00:00+00:00"
    assert (meta.authors, meta.categories, meta.tags) == (
        ("Ada Writer", "Bob Coder"),
        ("Notes",),
        ("python", "sphinx"),
    )
    assert meta.draft is False and meta.description == "One sentence."
    assert meta.pinned is True
    assert find_collisions([meta]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", "2024-05-01T00:00:00+02:00"),
        ("2024-05-01T23:30:00-04:00", "2024-05-01T23:30:00-04:00"),
        ("2024-05-01 23:30+0100", "2024-05-01T23:30:00+01:00"),
        ("2024-05-01T08:00Z", "2024-05-01T08:00:00+00:00"),
        ("01/05/2024", None),
        ("2024-05-01 24:00", None),
    ],
)
def test_dates_with_and_without_offsets(text: str, expected: str | None) -> None:
    parsed = parse_datetime(text, RULES.timezone)
    assert (parsed.isoformat() if parsed else None) == expected


def test_iso_dates_with_offsets_are_ordered_in_site_time(tmp_path: Path) -> None:
    posts = {
        "posts/2024/offset.md": post("date: 2024-05-01T23:30:00-04:00", "# With offset\n\nText.\n"),
        "posts/2024/plain.md": post("date: 2024-05-02", "# Plain\n\nText.\n"),
    }
    build = built(build_root("plain", tmp_path, posts=posts))
    items = build.html("blog.html").select(".blog-post-item")
    # 23:30 at -04:00 is 05:30 next morning in Berlin: newer than "plain" (midnight, 2 May, Berlin).
    assert [i.h2.get_text() for i in items] == ["With offset", "Plain"]
    assert items[0].time["datetime"] == "2024-05-02T05:30:00+02:00"
