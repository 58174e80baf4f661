"""Incremental builds write exactly what a clean build of the same sources writes.

One small blog (the ``blog`` root, whose first post includes a file, in listing
pages of two posts, its oldest post pinned) is built once and kept; each test
gets a copy of the sources and of what the build left (output, doctrees, with
their dates), at the same paths, makes its change and builds again. The whole
output is compared, file by file and byte by byte, folders included, with a
clean build of the changed sources (one per change, shared by the serial and
the parallel incremental build).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build, built, copy_root, small_posts, sphinx_build, write_site

from blogkit.incremental import pagecache

FIRST = "posts/2023/first-steps.md"
SECOND = "posts/2024/second-thoughts.md"
SERIES = "Learning Sphinx"
# A file outside the posts that only the first post includes.
SNIPPET = "snippets/cluster-setup.md"
THIRD = "posts/2024/third-time.md"
# An image the third post shows from raw HTML: blogkit copies it beside the page.
RAW_IMAGE = '\n<img src="diagram.png" alt="A diagram">\n'


def edit_body(root: Path) -> None:
    path = root / SECOND
    path.write_text(path.read_text().replace("Second body paragraph.", "A rewritten paragraph."))


def add_post(root: Path) -> None:
    (root / "posts/2024/fourth-wall.md").write_text(
        "---\ndate: 2024-12-01\ntags: [python, new-tag]\ncategory: Notes\n---\n\n"
        "# Fourth wall\n\nThe newest post.\n"
    )


def retitle(root: Path) -> None:
    path = root / FIRST
    path.write_text(path.read_text().replace("# First steps", "# Very first steps"))


def retag(root: Path) -> None:
    # A tag added, and a tag no post has any more: its page, feeds and folder go.
    path = root / SECOND
    path.write_text(path.read_text().replace("tags: python", "tags: [python, testing]"))
    path = root / "posts/2024/third-time.md"
    path.write_text(path.read_text().replace("tags: [kubernetes]", "tags: [containers]"))


def redate(root: Path) -> None:
    path = root / FIRST
    path.write_text(path.read_text().replace("date: 2023-03-01", "date: 2024-07-01"))


def delete_post(root: Path) -> None:
    (root / "posts/2024/third-time.md").unlink()


def unpublish(root: Path) -> None:
    path = root / "posts/2024/third-time.md"
    path.write_text(path.read_text().replace("date: 2024-09-01", "draft: true\ndate: 2024-09-01"))


def edit_included_file(root: Path) -> None:
    path = root / SNIPPET
    path.write_text(path.read_text().replace("kind", "revised"))


def add_first_part(root: Path) -> None:
    # A new part numbered 1: every part's "Part n of N" moves, the series page re-orders.
    (root / "posts/2024/part-zero.md").write_text(
        f"---\ndate: 2024-11-01\nseries: {SERIES}\nseries_part: 1\nevent: PyCon 2024\n---\n\n"
        "# Part zero\n\nThe series starts here now.\n"
    )


def drop_a_part_and_rename_series(root: Path) -> None:
    # The second post leaves the series (and its event is renamed); the first one's series
    # is renamed: a series of one part, under a new page.
    second = root / SECOND
    text = second.read_text().replace(f"series: {SERIES}\n", "")
    second.write_text(text.replace("event: PyCon 2024", "event: EuroPython 2024"))
    first = root / FIRST
    first.write_text(first.read_text().replace(f"series: {SERIES}", "series: Sphinx, slowly"))


def relate(root: Path) -> None:
    # The third post shared nothing; now it shares a tag with the first: both pages gain a
    # Related section, and the second (related to the first) does not change.
    path = root / "posts/2024/third-time.md"
    path.write_text(path.read_text().replace("tags: [kubernetes]", "tags: [kubernetes, sphinx]"))


def cards_off(root: Path) -> None:
    (root / "conf.py").write_text((root / "conf.py").read_text() + "blog_social_cards = False\n")


def unpin(root: Path) -> None:
    # The pinned oldest post goes back to its place by date: onto page 2 of all posts.
    path = root / FIRST
    path.write_text(path.read_text().replace("pinned: true\n", ""))


def drop_redirect_and_image(root: Path) -> None:
    # The page at the old address and the copied image go: a clean build makes neither.
    path = root / THIRD
    text = path.read_text().replace("redirect: old-notes/third\n", "")
    path.write_text(text.replace(RAW_IMAGE, ""))


def add_draft(root: Path) -> None:
    (root / "posts/2024/not-yet.md").write_text("---\ndraft: true\n---\n\n# Not yet\n\nSoon.\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit body": edit_body,
    "add post": add_post,
    "retitle": retitle,
    "change tags": retag,
    "change date": redate,
    "delete post": delete_post,
    "unpublish post": unpublish,
    "add draft": add_draft,
    "relate two posts": relate,
    "drop a redirect and a raw HTML image": drop_redirect_and_image,
    "unpin post": unpin,
    "edit included file": edit_included_file,
    # Series and events (the first two posts are parts of one series; the second has an event).
    "add a first part": add_first_part,
    "drop a part, rename series and event": drop_a_part_and_rename_series,
}


# Changes of conf.py: Sphinx keeps the old .buildinfo as .buildinfo.bak, a clean build has none.
SETTING_CHANGES: dict[str, Callable[[Path], None]] = {"social cards off": cards_off}


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes, and every folder (None): an empty folder left behind counts too."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in root.rglob("*")
    }


def make_blog(root: Path) -> Path:
    copy_root("blog", root)
    # Three posts in pages of two: a new post moves one to page 2, a deleted one removes page 2.
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("blog_posts_per_page = 2\n")
    (root / SNIPPET).parent.mkdir()
    (root / SNIPPET).write_text("A cluster of the usual kind.\n")
    first = root / FIRST
    first.write_text(first.read_text() + f"\n```{{include}} ../../{SNIPPET}\n```\n")
    shutil.copyfile(root / "posts/2023/square.png", root / "posts/2024/diagram.png")
    third = root / THIRD
    text = third.read_text().replace("---\n", "---\nredirect: old-notes/third\n", 1)
    third.write_text(text + RAW_IMAGE)
    for name, extra in ((FIRST, "pinned: true\n"), (SECOND, "event: PyCon 2024\n")):
        path = root / name
        path.write_text(path.read_text().replace("---\n", f"---\nseries: {SERIES}\n{extra}", 1))
    return root


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blog built once, kept in ``saved/``; tests work on copies of it in ``blog/``."""
    folder = tmp_path_factory.mktemp("incremental")
    built(sphinx_build(make_blog(folder / "blog" / "src"), folder / "blog" / "html"))
    (folder / "blog").rename(folder / "saved")
    return folder


@pytest.fixture
def built_blog(pristine: Path) -> Build:
    """The built blog, at the paths it was built at, as its build left it."""
    work = pristine / "blog"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine / "saved", work)  # with each file's date
    return Build(work / "src", work / "html", 0, "", "")


@pytest.fixture(scope="module")
def clean_build_of(pristine: Path) -> Callable[[str], Build]:
    """A clean build of the blog after one change: made once per change."""
    made: dict[str, Build] = {}

    def clean(change: str) -> Build:
        if change not in made:
            folder = pristine / "clean" / change.replace(" ", "-")
            root = shutil.copytree(pristine / "saved" / "src", folder / "src")
            {**CHANGES, **SETTING_CHANGES}[change](root)
            made[change] = built(sphinx_build(root, folder / "html"))
        return made[change]

    return clean


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_output_equals_a_clean_build(
    built_blog: Build, clean_build_of, change: str
) -> None:
    CHANGES[change](built_blog.srcdir)
    incremental = built(sphinx_build(built_blog.srcdir, built_blog.outdir))
    got, expected = tree(incremental.outdir), tree(clean_build_of(change).outdir)
    assert sorted(set(got) - set(expected)) == [], "files a clean build does not write"
    assert sorted(set(expected) - set(got)) == [], "files the incremental build left out"
    assert [name for name in expected if got[name] != expected[name]] == []


#: -j 2 as Sphinx would run it, and as a build this small runs it (blog_serial_below).
JOBS = {"parallel writers": ("-j", "2", "-D", "blog_serial_below=0"), "one writer": ("-j", "2")}


@pytest.mark.parametrize("jobs", list(JOBS))
@pytest.mark.parametrize("change", ["add post", "change tags", "delete post", "add a first part"])
def test_parallel_incremental_output_equals_a_clean_build(
    built_blog: Build, clean_build_of, change: str, jobs: str
) -> None:
    # With -j, listing pages are written by a background process while the feeds are
    # written, and the unchanged posts' sidebars are refreshed by another while Sphinx
    # writes; the listing pages' sidebars only once everything has finished. Sphinx writes
    # a build this small in one process, and blogkit's background work is then the same.
    CHANGES[change](built_blog.srcdir)
    incremental = built(sphinx_build(built_blog.srcdir, built_blog.outdir, *JOBS[jobs]))
    assert tree(incremental.outdir) == tree(clean_build_of(change).outdir)


def test_social_cards_switched_off_leave_no_card_and_no_image(
    built_blog: Build, clean_build_of
) -> None:
    clean = clean_build_of("social cards off")
    assert not (clean.outdir / "_images/cards").exists()
    post = clean.html(SECOND.replace(".md", ".html"))
    assert post.select('meta[property="og:image"]') == []
    assert post.select_one('meta[name="twitter:card"]')["content"] == "summary"
    assert (built_blog.outdir / "_images/cards").is_dir()
    cards_off(built_blog.srcdir)
    incremental = built(sphinx_build(built_blog.srcdir, built_blog.outdir))
    got = tree(incremental.outdir)
    del got[".buildinfo.bak"]
    assert got == tree(clean.outdir)


def test_the_changes_move_posts_between_pages_and_remove_a_page(
    pristine: Path, clean_build_of
) -> None:
    # What the two changes above compare: pages that move, a page and its folder that go.
    def second_page(html: Path) -> str:
        return (html / "blog/page/2.html").read_text(encoding="utf-8")

    assert "Second thoughts" in second_page(pristine / "saved" / "html")
    assert "Third time" in second_page(clean_build_of("add post").outdir)
    assert not (clean_build_of("delete post").outdir / "blog/page").exists()
    assert "First steps" in second_page(clean_build_of("unpin post").outdir)


def rewritten_by(change: Callable[[Path], None], blog: Build) -> set[str]:
    """Make a change, rebuild, and name the output files whose date moved."""
    before = {p: p.stat().st_mtime_ns for p in blog.outdir.rglob("*") if p.is_file()}
    change(blog.srcdir)
    assert sphinx_build(blog.srcdir, blog.outdir).returncode == 0
    return {
        p.relative_to(blog.outdir).as_posix()
        for p, mtime in before.items()
        if p.stat().st_mtime_ns != mtime
    }


def test_a_body_edit_rewrites_only_what_shows_it(built_blog: Build) -> None:
    rewritten = rewritten_by(edit_body, built_blog)
    assert "posts/2024/second-thoughts.html" in rewritten
    assert "blog/atom.xml" in rewritten  # the post is in the main feed, full text
    untouched = [
        "posts/2023/first-steps.html",
        "posts/2024/third-time.html",
        "index.html",
        "blog.html",
        "blog/tag/python.html",
        "blog/tag/kubernetes/atom.xml",
        "blog/category/notes/rss.xml",
        "sitemap.xml",
    ]
    assert [name for name in untouched if name in rewritten] == []
    # The post's page is written again, its social card (same title, date, names) is not.
    assert [name for name in rewritten if name.startswith("_images/")] == []


def test_an_included_file_is_a_dependency_of_its_own_post_only(built_blog: Build) -> None:
    page = FIRST.replace(".md", ".html")
    assert "A cluster of the usual kind." in built_blog.html(page).text
    rewritten = rewritten_by(edit_included_file, built_blog)
    assert "A cluster of the usual revised." in built_blog.html(page).text
    assert page in rewritten
    # Settings are shared between documents, their lists of dependencies are not:
    # the posts read after the first one do not depend on what it includes.
    assert "posts/2024/second-thoughts.html" not in rewritten
    assert "posts/2024/third-time.html" not in rewritten


def test_a_new_draft_rewrites_nothing(built_blog: Build) -> None:
    rewritten = rewritten_by(add_draft, built_blog)
    # Sphinx writes these on every build, even when it says nothing is out of date.
    always = {"searchindex.js", "objects.inv", ".buildinfo", "search.html", "genindex.html"}
    always |= {"404.html"} | {name for name in rewritten if name.startswith("_static/")}
    assert sorted(rewritten - always) == []
    assert "index.html" not in rewritten and "blog/atom.xml" not in rewritten


def test_adding_a_post_rewrites_its_neighbour_and_refreshes_every_sidebar(
    built_blog: Build,
) -> None:
    add_post(built_blog.srcdir)
    build = sphinx_build(built_blog.srcdir, built_blog.outdir, quiet=False)
    assert build.returncode == 0, build.stderr
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", build.stdout))
    # Sphinx writes the new post, the post it follows, the posts that now list it as
    # related (they share its tag 'python'), and the pages listing posts: the newest
    # ({latest-posts} on the index) and all of them (ABlog's {postlist} on the about page).
    related = {"posts/2023/first-steps", "posts/2024/second-thoughts"}
    assert (
        written == {"posts/2024/fourth-wall", "posts/2024/third-time", "index", "about"} | related
    )
    # Every other page still shows the new post in its sidebar, put in place by blogkit.
    first = built_blog.html("posts/2023/first-steps.html")
    recent = [a.get_text() for a in first.select(".blog-sidebar-recent li a")]
    assert recent[0] == "Fourth wall"
    tags = {a.contents[0].strip() for a in first.select(".blog-sidebar-tags a.blog-tag")}
    assert "new-tag" in tags


def test_a_body_edit_no_listing_shows_checks_no_listing_page_or_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The oldest of 14 posts is in no feed (10 entries each) and its excerpt stays: nothing
    # generated shows the edit, so no listing page's or feed's inputs are even hashed.
    counted = []
    digest = pagecache.digest

    def hashed(value: object) -> str:
        counted.append(1)
        return digest(value)

    monkeypatch.setattr(pagecache, "digest", hashed)
    root = write_site(tmp_path / "src", small_posts(14))
    built(sphinx_build(root, tmp_path / "html"))
    first = len(counted)
    oldest = root / "posts/2024/post-00.md"
    oldest.write_text(oldest.read_text(encoding="utf-8") + "\nA sentence added below.\n")
    counted.clear()
    built(sphinx_build(root, tmp_path / "html"))
    assert first >= 9  # every listing page (7) and feed (2) the first time, and more
    assert len(counted) <= 2  # the build signature, for the page stamps and the feed bodies


def test_bytecode_written_between_builds_changes_no_signature(tmp_path: Path) -> None:
    # A fresh checkout writes __pycache__ as modules are first imported, some of them
    # only during a build: that must not make the next build rewrite every page.
    from blogkit.incremental.pagecache import package_files

    (tmp_path / "mod.py").write_text("x = 1\n", encoding="utf-8")
    before = package_files(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    assert package_files(tmp_path) == before
    (tmp_path / "templates.html").write_text("<p>new</p>\n", encoding="utf-8")
    assert package_files(tmp_path) != before
