"""`blogkit init DIR`: a new blog that builds strict at once, and never writes over a file.

The scaffold's pages reach the blog through the extension (directives and
roles), so moving the blog (`blog_path`) is one edit of conf.py.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import sphinx_build
from feedcheck import invalid_feeds
from test_reusable import dead_links

import blogkit

CLI = [sys.executable, "-m", "blogkit.cli"]
SCAFFOLD = (
    "conf.py",
    "index.md",
    "about.md",
    "Makefile",
    ".readthedocs.yaml",
)
IDENTITY = [
    "--title",
    "Field Notes",
    "--author",
    "Cleo Writer",
    "--email",
    "cleo@example.org",
    "--url",
    "https://notes.example.org/",
]


def init(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "init", str(target), *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "blog"
    done = init(target, *IDENTITY)
    assert done.returncode == 0, done.stderr
    return target


def test_init_writes_a_whole_site(scaffold: Path) -> None:
    for name in SCAFFOLD:
        assert (scaffold / name).is_file(), name
    posts = sorted((scaffold / "posts").rglob("*.md"))
    assert len(posts) == 1
    locks = sorted((scaffold / "requirements").rglob("*.lock"))
    assert {lock.name for lock in locks} == {"build.lock", "site.lock"}, locks
    assert all("--hash=sha256:" in lock.read_text(encoding="utf-8") for lock in locks)
    # The identity is written once, in conf.py; pages and posts reach it through blogkit.
    for path in [scaffold / "index.md", scaffold / "about.md", *posts]:
        text = path.read_text(encoding="utf-8")
        for value in ("Field Notes", "Cleo Writer", "cleo@example.org", "notes.example.org"):
            assert value not in text, (path.name, value)
        assert "blog.html" not in text and "blog/" not in text, path.name
    conf = (scaffold / "conf.py").read_text(encoding="utf-8")
    for value in ("Field Notes", "Cleo Writer", "cleo@example.org", "https://notes.example.org/"):
        assert conf.count(value) == 1, value


def test_init_refuses_to_write_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    target.mkdir()
    (target / "about.md").write_text("# Mine\n", encoding="utf-8")
    done = init(target)
    assert done.returncode != 0
    assert "about.md" in done.stderr
    assert "Traceback" not in done.stderr
    assert (target / "about.md").read_text(encoding="utf-8") == "# Mine\n"
    assert sorted(path.name for path in target.iterdir()) == ["about.md"], "it wrote anyway"


def test_init_twice_refuses_the_second_time(scaffold: Path) -> None:
    before = {path: path.read_bytes() for path in scaffold.rglob("*") if path.is_file()}
    done = init(scaffold)
    assert done.returncode != 0
    assert "conf.py" in done.stderr
    assert {path: path.read_bytes() for path in scaffold.rglob("*") if path.is_file()} == before


def post(number: int) -> str:
    return f"---\ndate: 2024-02-{number + 1:02}\ntags: [notes]\n---\n\n# Post {number}\n\nText.\n"


@pytest.mark.parametrize(
    ("posts", "blog_path"), [(0, "blog"), (1, "blog"), (3, "news")], ids=["0", "1", "3-news"]
)
def test_the_scaffold_builds_strict(tmp_path: Path, posts: int, blog_path: str) -> None:
    site = tmp_path / "site"
    done = init(site, *IDENTITY)
    assert done.returncode == 0, done.stderr
    first = next((site / "posts").rglob("*.md"))
    if posts == 0:
        first.unlink()
    for number in range(1, posts):
        (first.parent / f"post-{number}.md").write_text(post(number), encoding="utf-8")
    if blog_path != "blog":
        conf = site / "conf.py"
        text = conf.read_text(encoding="utf-8")
        assert text.count('blog_path = "blog"') == 1
        conf.write_text(text.replace('blog_path = "blog"', f'blog_path = "{blog_path}"'))
    build = sphinx_build(site, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert dead_links(build) == []

    index = build.html("index.html")
    assert len(index.select(".blog-post-item")) == posts
    all_posts = [
        a["href"] for a in index.select("article a") if "all posts" in a.get_text().lower()
    ]
    assert all_posts and set(all_posts) == {f"{blog_path}.html"}
    feeds = {a["href"] for a in index.select("article a") if a["href"].endswith(".xml")}
    assert feeds == {f"{blog_path}/rss.xml", f"{blog_path}/atom.xml"}
    assert invalid_feeds(build.outdir, "https://notes.example.org/") == {}
    assert "Cleo Writer" in index.select_one("article").get_text()

    about = build.html("about.html")
    assert about.select_one('article a[href="mailto:cleo@example.org"]')

    not_found = build.html("404.html")
    links = {a.get_text(strip=True): a["href"] for a in not_found.select("#page-not-found a")}
    assert links["All posts"] == f"/{blog_path}.html"
    assert not [
        a["href"]
        for a in not_found.find_all("a", href=True)
        if a["href"].startswith("/") and "blog" in a["href"] and blog_path != "blog"
    ]


def test_the_new_blogs_make_installs_its_lock_and_the_chosen_blogkit(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    checkout = Path(__file__).resolve().parent.parent
    done = init(target, *IDENTITY, "--blogkit", str(checkout))
    assert done.returncode == 0, done.stderr
    assert str(checkout) in done.stdout
    wanted = (target / "requirements/blogkit.txt").read_text(encoding="utf-8").splitlines()
    assert wanted[-1] == str(checkout)
    # A dry run with this test's own Python: the lock folder for it exists, checked by hash.
    plan = subprocess.run(
        ["make", "-n", "html", f"PYTHON={sys.executable}"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plan.returncode == 0, plan.stderr
    [site] = [line for line in plan.stdout.splitlines() if "site.lock" in line]
    assert "--require-hashes" in site
    lock = site.split("-r ", 1)[1].split()[0]
    assert (target / lock).is_file(), lock
    assert "requirements/blogkit.txt" in plan.stdout


def test_an_installed_blogkit_ships_every_file_init_copies() -> None:
    # pip installs only what pyproject.toml's package data names, not this checkout's files:
    # a lock left out there is a new blog whose `make html` cannot start.
    package = Path(blogkit.__file__).parent
    patterns = tomllib.loads((package.parent / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = {
        path
        for pattern in patterns["tool"]["setuptools"]["package-data"]["blogkit"]
        for path in package.glob(pattern)
    }
    scaffold = package / "cli/scaffold"
    needed = [path for path in scaffold.iterdir() if path.is_file()]
    needed += [
        *scaffold.glob("requirements/*/build.lock"),
        *scaffold.glob("requirements/*/site.lock"),
    ]
    assert len(needed) > 8
    assert [path.relative_to(package) for path in needed if path not in shipped] == []
