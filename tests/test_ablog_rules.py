"""ABlog's conventions, rule by rule, checked on the functions that both the build and
``blogkit check`` use (no build here: tests/test_ablog_idioms.py builds the sites)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from blogkit.model.frontmatter import Rules, find_collisions, other_tools_note, read_post
from blogkit.model.rstpost import rst_post_fields

BERLIN = ZoneInfo("Europe/Berlin")
RULES = Rules(timezone=BERLIN, authors=("Ada Writer", "Bob Coder"))
NOW = datetime(2026, 1, 1, tzinfo=BERLIN)


def md(front: str, body: str = "# A title\n\nText.\n", path: str = "posts/2024/x.md"):
    return read_post(f"---\n{front.strip()}\n---\n\n{body}", path, RULES)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("June 6, 2025", datetime(2025, 6, 6, tzinfo=BERLIN)),
        ("Jan 8th, 2024", datetime(2024, 1, 8, tzinfo=BERLIN)),
        ("8 January 2024 14:30", datetime(2024, 1, 8, 14, 30, tzinfo=BERLIN)),
        ("Sept 3, 2024", datetime(2024, 9, 3, tzinfo=BERLIN)),
        ("2024-01-08 14:30", datetime(2024, 1, 8, 14, 30, tzinfo=BERLIN)),
        ('"2022-09-05"', datetime(2022, 9, 5, tzinfo=BERLIN)),
    ],
)
def test_dates_in_ablogs_forms_are_read(written: str, expected: datetime) -> None:
    meta, problems = md(f"date: {written}")
    assert problems == []
    assert meta.date == expected
    assert not meta.is_draft(NOW)


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("03/04/2024", "write 2024-03-04 or 2024-04-03 (YYYY-MM-DD)"),
        # Only days of the calendar are suggested.
        ("13/02/2026", "write it as 2026-02-13 (YYYY-MM-DD)"),
        ("31/02/2026", "there is no such day in 2026; write the date as YYYY-MM-DD"),
        ("June 2025", "expected YYYY-MM-DD"),  # no day
        ("Jan 8, 24", "expected YYYY-MM-DD"),  # no four-digit year
        ("January 32, 2024", "expected YYYY-MM-DD"),
        ("May 5 2024 EST", "expected YYYY-MM-DD"),  # a zone name, not an offset
    ],
)
def test_ambiguous_or_partial_dates_are_errors_that_suggest_iso(written: str, advice: str) -> None:
    _meta, problems = md(f"tags: [a]\ndate: {written}")
    assert [(p.line, p.field) for p in problems] == [(3, "date")]
    assert f"'{written}' is not a date" in problems[0].message
    assert advice in problems[0].message


def test_a_post_with_a_bad_date_is_a_bad_post_not_a_draft() -> None:
    meta, problems = md("date: 03/04/2024")
    assert problems
    assert not meta.is_draft(NOW)
    # Without a date at all (a commented-out one), it is a draft as before.
    undated, problems = md("# date: 2024-01-01\ntags: [a]")
    assert problems == []
    assert undated.is_draft(NOW)


def test_ablogs_keys_are_accepted_and_read() -> None:
    meta, problems = md(
        "date: 2024-01-01\ntitle: From the front matter\n"
        "redirect: old-name, /blog/older.html, /2023/03/first/\n"
        "image: 2\nexcerpt: 3\nlocation: Berlin, Paris\nlanguage: German\nnocomments: true",
        body="Opening paragraph.\n\n# A body section\n",
    )
    assert problems == []
    assert (meta.title, meta.title_line, meta.title_in_front_matter) == (
        "From the front matter",
        3,
        True,
    )
    # A folder's address (Jekyll's permalinks end with '/') is served by its index page.
    assert meta.redirects == ("old-name", "blog/older", "2023/03/first/index")
    assert (meta.image, meta.excerpt) == (2, 3)
    assert (meta.locations, meta.languages) == (("Berlin", "Paris"), ("German",))


def test_a_title_both_in_front_matter_and_as_heading_is_one_clear_message() -> None:
    _meta, problems = md("date: 2024-01-01\ntitle: One", body="# Two\n\nText.\n")
    assert [(p.line, p.field) for p in problems] == [(6, "title")]
    assert "two titles: 'One' in the front matter (line 3) and the heading 'Two'" in (
        problems[0].message
    )


def test_the_same_title_in_front_matter_and_heading_is_fine() -> None:
    meta, problems = md("date: 2024-01-01\ntitle: One", body="# One\n\nText.\n")
    assert problems == []
    assert (meta.title, meta.title_line, meta.title_in_front_matter) == ("One", 6, False)


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("image: first", ["'first' is not a whole number", "1 for the post's first image"]),
        ("excerpt: 0", ["'0' is not a whole number", "paragraphs"]),
        ("redirect: ../outside", ["'../outside' is not an address on this site"]),
        ("title: ''", ["is empty"]),
    ],
)
def test_ablog_keys_with_bad_values_are_errors(front: str, words: list[str]) -> None:
    _meta, problems = md(f"date: 2024-01-01\n{front}")
    assert len(problems) == 1 and problems[0].line == 3
    for word in words:
        assert word in problems[0].message


def test_keys_only_other_tools_read_are_named_in_one_note() -> None:
    jekyll, problems = md("date: 2024-01-01\npermalink: old-url")
    assert problems == []
    notebook, problems = md(
        "jupytext:\n  text_representation:\n    extension: .md\n"
        "kernelspec:\n  name: python3\ndate: 2024-01-01",
        path="posts/2024/y.md",
    )
    assert problems == []
    note = other_tools_note([jekyll, notebook])
    assert note is not None and "\n" not in note
    assert "'permalink' (posts/2024/x.md)" in note and "redirect:" in note
    assert "'jupytext' (posts/2024/y.md)" in note and "'kernelspec'" in note
    assert other_tools_note([md("date: 2024-01-01")[0]]) is None


def test_authors_need_not_be_listed_but_a_near_typo_is_an_error() -> None:
    meta, problems = md("date: 2024-01-01\nauthor: Chris Holdgraf")
    assert problems == [] and meta.authors == ("Chris Holdgraf",)
    for typo, listed in (("Ada Writr", "Ada Writer"), ("ada writer", "Ada Writer")):
        _meta, problems = md(f"date: 2024-01-01\nauthor: {typo}")
        assert [(p.line, p.field) for p in problems] == [(3, "author")]
        assert f"'{typo}' is not in blog_authors: did you mean '{listed}'?" in problems[0].message


@pytest.mark.parametrize(
    "name", ["CCFv3BBP.md", "brainglobe-v1_1.md", "rust_governance.md", "My Post.md", "été.md"]
)
def test_any_file_name_sphinx_reads_is_a_post(name: str) -> None:
    _meta, problems = md("date: 2024-01-01", path=f"posts/2024/{name}")
    assert problems == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("nul.md", ["'nul'", "reserved"]),
        ("COM1.md", ["reserved"]),
        ("a?b.md", ["'?'", "rename"]),
        (f"{'é' * 126}.md", ["too long", "257 bytes"]),
    ],
)
def test_names_no_file_system_or_server_takes_stay_errors(name: str, words: list[str]) -> None:
    _meta, problems = md("date: 2024-01-01", path=f"posts/2024/{name}")
    assert [(p.line, p.field) for p in problems] == [(1, "slug")]
    for word in words:
        assert word in problems[0].message


def test_the_same_file_name_in_two_year_folders_is_fine() -> None:
    first, _ = md("date: 2023-01-01", path="posts/2023/notes.md")
    second, _ = md("date: 2024-01-01", path="posts/2024/notes.md")
    assert find_collisions([first, second]) == []


def test_quoted_entries_of_comma_strings_lose_their_quotes() -> None:
    meta, problems = md("date: 2024-01-01\ntags: cicd, \"github actions\", 'open source'")
    assert problems == []
    assert meta.tags == ("cicd", "github actions", "open source")


def test_tags_differing_in_case_share_a_page_other_near_names_do_not() -> None:
    upper, _ = md("date: 2024-01-01\ntags: CICD, C", path="posts/2024/a.md")
    lower, _ = md("date: 2024-01-02\ntags: cicd, C++", path="posts/2024/b.md")
    problems = find_collisions([upper, lower])
    assert [(p.path, p.field) for p in problems] == [("posts/2024/b.md", "tags")]
    assert "'C++' would share the page 'c' with 'C'" in problems[0].message


def test_an_old_address_leads_to_one_post_only() -> None:
    first, _ = md("date: 2024-01-01\nredirect: old", path="posts/2024/a.md")
    second, _ = md("date: 2024-01-02\nredirect: old, posts/2024/a", path="posts/2024/b.md")
    problems = find_collisions([first, second])
    assert [(p.path, p.line, p.field) for p in problems] == [("posts/2024/b.md", 3, "redirect")] * 2
    assert "'old' is already the address of posts/2024/a.md" in problems[0].message + (
        problems[1].message
    )


RST_POST = """\
.. A comment before the title.

A post in reStructuredText
==========================

.. post:: Jan 8th, 2024
   :tags: rst, "github actions"
   :category: Notes
   :author: Chris Holdgraf
   :location: Berlin
   :language: English
   :redirect: blog/old-rst
   :image: 1
   :excerpt: 2
   :exclude:

   The excerpt.

Body.
"""


def test_rst_post_directive_is_read_like_front_matter() -> None:
    meta, problems = read_post(RST_POST, "posts/2024/rst.rst", RULES)
    assert problems == []
    assert (meta.title, meta.title_line) == ("A post in reStructuredText", 3)
    assert meta.date == datetime(2024, 1, 8, tzinfo=BERLIN)
    assert meta.tags == ("rst", "github actions")
    assert (meta.categories, meta.authors) == (("Notes",), ("Chris Holdgraf",))
    assert (meta.locations, meta.languages, meta.redirects) == (
        ("Berlin",),
        ("English",),
        ("blog/old-rst",),
    )
    assert (meta.image, meta.excerpt) == (1, 2)
    assert meta.lines["tags"] == 7
    assert rst_post_fields(RST_POST).content_line == 17


def test_rst_posts_are_checked_as_strictly() -> None:
    text = RST_POST.replace("Jan 8th, 2024", "03/04/2024").replace(":tags:", ":tagz:")
    text = text.replace("Chris Holdgraf", "Bob Codr") + "\n.. post:: 2024-01-01\n"
    _meta, problems = read_post(text, "posts/2024/rst.rst", RULES)
    found = {(p.line, p.field): p.message for p in problems}
    assert "post directive 'date': '03/04/2024' is not a date" in found[(6, "date")]
    assert "unknown option (did you mean 'tags'?)" in found[(7, "tagz")]
    assert "did you mean 'Bob Coder'?" in found[(9, "author")]
    assert "a second post directive" in found[(21, None)]


def test_rst_without_a_post_directive_is_named() -> None:
    _meta, problems = read_post("Title\n=====\n\nText.\n", "posts/2024/x.rst", RULES)
    assert len(problems) == 1
    assert "a reStructuredText post holds a '.. post:: DATE' directive" in problems[0].message


def test_rst_field_list_metadata_is_read_too() -> None:
    text = ":date: 2023-02-01\n:tags: rst\n\nA title\n=======\n\nText.\n"
    meta, problems = read_post(text, "posts/2023/f.rst", RULES)
    assert problems == []
    assert (meta.title, meta.tags, meta.date.day) == ("A title", ("rst",), 1)
