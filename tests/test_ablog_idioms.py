"""Real ABlog blogs build: a site written the way ABlog users write, and one with their
mistakes, built strict from the test roots tests/roots/ablog-idioms and ablog-mistakes.

The rules themselves are checked function by function in tests/test_ablog_rules.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import Build, sphinx_build, write_site

ROOTS = Path(__file__).parent / "roots"
WARNING_RE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): (?:WARNING|ERROR): (?P<message>.*)$")


#: Python's inventory, as intersphinx reads it: one object, from a local file (no network).
INVENTORY = b"""# Sphinx inventory version 2
# Project: Python
# Version: 3
# The remainder of this file is compressed using zlib.
""" + zlib.compress(b"os.getcwd py:function 1 library/os.html#$ -\n")
INTERSPHINX = 'intersphinx_mapping = {"python": ("https://docs.python.org/3", "objects.inv")}\n'


def site_from_root(name: str, target: Path) -> Path:
    root = write_site(target, {}, conf_extra=INTERSPHINX)
    shutil.copytree(ROOTS / name / "posts", root / "posts")
    (root / "objects.inv").write_bytes(INVENTORY)
    return root


def check(root: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "blogkit.cli", "--root", str(root), "check"]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def idioms(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = site_from_root("ablog-idioms", tmp_path_factory.mktemp("idioms") / "src")
    build = sphinx_build(root, root.parent / "html", quiet=False)
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = site_from_root("ablog-mistakes", tmp_path_factory.mktemp("mistakes") / "src")
    return sphinx_build(root, root.parent / "html")


def listed(build: Build, page: str) -> list[str]:
    return [a.get_text() for a in build.html(page).select(".blog-post-item-title a")]


def test_every_post_of_the_ablog_site_is_published(idioms: Build) -> None:
    assert sorted(listed(idioms, "blog.html")) == [
        "A post in reStructuredText",
        "A post with a field list",
        "An excerpt that is not on the page",
        "Notes of January",
        "Notes of May",
        "Titled in the front matter",
    ]
    assert "draft(s) left out" not in idioms.stdout


def test_a_front_matter_title_heads_the_page_above_its_opening(idioms: Build) -> None:
    article = idioms.html("posts/2025/Front_Matter_Title.html").select_one("article")
    headings = [(h.name, h.get_text().rstrip("¶")) for h in article.select("h1, h2")]
    assert headings[:2] == [("h1", "Titled in the front matter"), ("h2", "A section of the body")]
    text = article.get_text(" ")
    assert text.index("Titled in the front matter") < text.index("zebra-opening-marker")
    assert (
        idioms.html("posts/2025/Front_Matter_Title.html")
        .title.get_text()
        .startswith("Titled in the front matter")
    )


def test_month_name_dates_are_shown(idioms: Build) -> None:
    times = idioms.html("posts/2025/Front_Matter_Title.html").select(".blog-post-meta time")
    assert times[0]["datetime"].startswith("2025-06-06")
    times = idioms.html("posts/2024/notes.html").select(".blog-post-meta time")
    assert times[0]["datetime"].startswith("2024-01-08")


def test_redirect_pages_lead_from_old_addresses(idioms: Build) -> None:
    for page, target in (
        ("old-front-matter-title.html", "posts/2025/Front_Matter_Title.html"),
        ("blog/2025/older.html", "../../posts/2025/Front_Matter_Title.html"),
        ("blog/old-rst-post.html", "../posts/2022/rst-post.html"),
    ):
        soup = idioms.html(page)
        refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url={target}"
        assert (idioms.outdir / page).parent.joinpath(target).resolve().is_file()
        assert soup.select_one('link[rel="canonical"]')["href"].startswith(
            "https://test.example.org/posts/"
        )


def test_image_feeds_the_link_preview(idioms: Build) -> None:
    soup = idioms.html("posts/2025/Front_Matter_Title.html")
    image = soup.select_one('meta[property="og:image"]')["content"]
    assert image == "https://test.example.org/_images/second.png"
    assert (idioms.outdir / "_images/second.png").is_file()
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    size = [
        soup.select_one(f'meta[property="og:image:{side}"]')["content"]
        for side in ("width", "height")
    ]
    assert size == ["1", "1"]  # read from the image's header
    # The post's own image replaces its social card; a post without one has its card.
    card = idioms.html("posts/2024/notes.html").select_one('meta[property="og:image"]')["content"]
    assert card.startswith("https://test.example.org/_images/cards/")


def test_the_json_feed_carries_the_post_image(idioms: Build) -> None:
    feed = json.loads((idioms.outdir / "blog/feed.json").read_text(encoding="utf-8"))
    images = {item["title"]: item.get("image") for item in feed["items"]}
    assert images["Titled in the front matter"] == "https://test.example.org/_images/second.png"
    assert images["Notes of May"] is None


def test_excerpt_sets_the_number_of_paragraphs(idioms: Build) -> None:
    items = {
        item.select_one(".blog-post-item-title").get_text(): item.select_one(".blog-post-excerpt")
        for item in idioms.html("blog.html").select(".blog-post-item")
    }
    excerpt = items["Titled in the front matter"]
    assert len(excerpt.select("p")) == 2
    assert "quokka-second-marker" in excerpt.get_text()
    assert "narwhal-third-marker" not in excerpt.get_text()
    assert len(items["Notes of May"].select("p")) == 1


def test_locations_and_languages_get_pages_like_tags(idioms: Build) -> None:
    assert sorted(listed(idioms, "blog/location/berlin.html")) == [
        "A post in reStructuredText",
        "Titled in the front matter",
    ]
    assert listed(idioms, "blog/language/german.html") == ["Titled in the front matter"]
    footer = idioms.html("posts/2022/rst-post.html").select_one(".blog-post-details")
    links = {a.get_text(): a["href"] for a in footer.select("a")}
    assert links["Berlin"] == "../../blog/location/berlin.html"
    assert links["English"] == "../../blog/language/english.html"


def test_an_unlisted_author_gets_an_author_page(idioms: Build) -> None:
    assert listed(idioms, "blog/author/chris-holdgraf.html") == ["Titled in the front matter"]


def test_tags_quoted_and_in_two_cases_share_pages(idioms: Build) -> None:
    # cicd: 3 posts; CICD: 1 post. One page, under the spelling most posts use, with all 4.
    page = idioms.html("blog/tag/cicd.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Posts tagged cicd"
    assert len(listed(idioms, "blog/tag/cicd.html")) == 4
    sidebar = [a.get_text(" ", strip=True) for a in page.select(".blog-sidebar-tags a")]
    assert "cicd 4" in sidebar and not any(entry.startswith("CICD") for entry in sidebar)
    assert listed(idioms, "blog/tag/github-actions.html") == ["Titled in the front matter"]
    assert not list(idioms.outdir.glob('blog/tag/*"*'))


def test_the_same_file_name_in_two_folders_is_two_posts(idioms: Build) -> None:
    assert "Notes of January" in idioms.html("posts/2024/notes.html").get_text()
    assert "Notes of May" in idioms.html("posts/2023/notes.html").get_text()
    link = idioms.html("posts/2024/notes.html").select_one('article a[href*="2023"]')
    assert link["href"] == "../2023/notes.html"


def test_rst_posts_are_listed_and_their_directive_content_is_the_excerpt(idioms: Build) -> None:
    page = idioms.html("posts/2022/rst-post.html").select_one("article").get_text(" ")
    assert "walrus-excerpt-marker" in page and "The body of the rst post." in page
    excluded = idioms.html("posts/2022/rst-excluded.html").select_one("article").get_text(" ")
    assert "platypus-excluded-marker" not in excluded and "The page's own text." in excluded
    listing = idioms.html("blog.html").get_text(" ")
    assert "walrus-excerpt-marker" in listing and "platypus-excluded-marker" in listing
    assert "A post with a field list" in listed(idioms, "blog/tag/rst.html")


def test_rst_math_is_mathml_in_the_page_and_in_the_listing_excerpt(idioms: Build) -> None:
    article = idioms.html("posts/2022/rst-post.html").select_one("article")
    assert [m.name for m in article.select("math > mrow > *")][:2] == ["msqrt", "mfrac"]
    (block,) = article.select("div.math")
    assert block.select_one(".eqno").get_text().startswith("(1)")
    assert block.select_one("math[display=block] mfrac")
    assert (
        article.select_one('a.reference.internal[href="#equation-rst-whole"]').get_text() == "(1)"
    )
    excerpt = idioms.html("blog.html").select_one(".blog-post-item:has(a[href*=rst-post])")
    assert excerpt.select_one("math msqrt"), "the excerpt shows the formula as the page does"


def test_raw_html_images_are_copied_beside_the_page(idioms: Build) -> None:
    page = idioms.outdir / "posts/2025/Front_Matter_Title.html"
    img = idioms.html("posts/2025/Front_Matter_Title.html").select_one('img[src*="raw.png"]')
    assert (page.parent / img["src"]).resolve().is_file()


def test_sphinx_design_works_in_posts(idioms: Build) -> None:
    cards = idioms.html("posts/2024/notes.html").select(".sd-card-title")
    assert [card.get_text(strip=True) for card in cards] == ["Left card", "Right card"]
    assert idioms.html("posts/2023/notes.html").select_one("details.sd-dropdown")
    # Its 62 KB of CSS and script only where a page uses it.
    styled = sorted(
        page.relative_to(idioms.outdir).as_posix()
        for page in idioms.pages()
        if "sphinx-design.min.css" in page.read_text(encoding="utf-8")
    )
    assert styled == ["posts/2023/notes.html", "posts/2024/notes.html"]


def test_intersphinx_references_resolve_from_a_local_inventory(idioms: Build) -> None:
    link = idioms.html("posts/2024/notes.html").select_one('a[href*="docs.python.org"]')
    assert link["href"] == "https://docs.python.org/3/library/os.html#os.getcwd"


def test_keys_of_other_tools_are_one_note_not_a_failure(idioms: Build) -> None:
    notes = [line for line in idioms.stdout.splitlines() if "only other tools read" in line]
    assert len(notes) == 1
    assert "'permalink' (posts/2025/Front_Matter_Title.md)" in notes[0]
    result = check(idioms.srcdir)
    assert result.returncode == 0, result.stderr
    assert "'permalink' (posts/2025/Front_Matter_Title.md)" in result.stdout
    assert result.stdout.strip().endswith("6 post(s) checked, no problems")


# Every mistake of the mistakes root: (file, line, words), in the build and in check alike.
FRONT_MATTER_MISTAKES = [
    ("posts/2024/bad-date.md", 3, ["'03/04/2024' is not a date", "2024-03-04 or 2024-04-03"]),
    ("posts/2024/two-titles.md", 6, ["two titles", "(line 3)"]),
    ("posts/2024/typo-author.md", 3, ["'Ada Writr'", "did you mean 'Ada Writer'?"]),
    ("posts/2024/redirect-taken.md", 3, ["'posts/2024/typo-author' is already the address"]),
    ("posts/2024/bad-rst.rst", 4, ["post directive 'date': '03/04/2024' is not a date"]),
    ("posts/2024/bad-rst.rst", 6, ["'tagz': unknown option (did you mean 'tags'?)"]),
    ("posts/2024/no-directive.rst", 1, ["'.. post:: DATE' directive"]),
    ("posts/2024/con.md", 1, ["'con' is reserved"]),
    ("posts/2016/notebook.ipynb", 1, ["a notebook is not a post here", "jupytext --to myst"]),
]
BUILD_ONLY_MISTAKES = [
    # A bad date is a bad post, not a draft: its body is read in the same run.
    ("posts/2024/bad-date.md", 10, ["Unknown directive type: 'no-such-directive'"]),
    ("posts/2024/raw-missing.md", 9, ["image file not readable: './images/nope.png'"]),
]


def found(messages: list[tuple[str, int, str]], path: str, line: int, words: list[str]) -> bool:
    return any(
        (p, n) == (path, line) and all(word in text for word in words) for p, n, text in messages
    )


def test_every_mistake_fails_the_build_naming_file_and_line(mistakes: Build) -> None:
    assert mistakes.returncode != 0
    assert "Traceback" not in mistakes.stderr
    messages = []
    for line in mistakes.stderr.splitlines():
        match = WARNING_RE.match(line)
        if match:
            path = Path(match["path"])
            relative = path.relative_to(mistakes.srcdir) if path.is_absolute() else path
            messages.append((relative.as_posix(), int(match["line"]), match["message"]))
    for path, line, words in FRONT_MATTER_MISTAKES + BUILD_ONLY_MISTAKES:
        assert found(messages, path, line, words), (path, line, words, messages)
    assert "draft(s) left out" not in mistakes.stdout
    assert not (mistakes.outdir / "posts/2024/con.html").exists()


def test_check_reports_the_same_mistakes(mistakes: Build) -> None:
    result = check(mistakes.srcdir)
    assert result.returncode == 1
    messages = []
    for line in result.stderr.splitlines():
        match = re.match(r"^(?P<path>\S+?):(?P<line>\d+): (?P<message>.*)$", line)
        if match:
            messages.append((match["path"], int(match["line"]), match["message"]))
    for path, line, words in FRONT_MATTER_MISTAKES:
        assert found(messages, path, line, words), (path, line, words, messages)
